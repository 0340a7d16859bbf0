"""The Your corpus page: upload opinions into the store, and download the whole graph.

Uploads go through the same code as `precedent ingest` (ingest.read, then
ingest.pipeline.ingest) on a connection of their own,
so an ingest's transactions never interleave with the reads other sessions make
through the shared store. Uploaded names and bytes are untrusted: each file is
written under a fresh temporary folder with its base name only, and every name
or message shown on the page is escaped.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from graph import config, export
from graph.store import Store
from ingest.models import Opinion, ReadError
from ingest.pipeline import ingest
from ingest.read import MAX_BYTES, iter_opinions, supported_suffixes
from ui import nav
from ui.data import Ctx
from ui.render import md

ERRORS_SHOWN = 20
_NAME_BYTES = 200  # well under every file system's 255-byte limit on a name
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so two downloads of the same graph are byte-identical


@dataclass(frozen=True)
class Outcome:
    """What became of one opinion (or one file that could not be read)."""

    file: str  # the upload's base name
    case_id: str | None = None
    case_name: str | None = None
    citations: int = 0
    error: str | None = None  # one line, naming the file


def safe_name(name: str) -> str:
    """An upload's base name, safe to create in a folder: no path parts, no control characters, never '..'."""
    base = "".join(ch for ch in re.split(r"[\\/]", name)[-1] if ch.isprintable()).strip()
    if base in ("", ".", ".."):
        return "upload"
    if len(base.encode()) > _NAME_BYTES:
        suffix = Path(base).suffix[:16]
        stem = base.encode()[: _NAME_BYTES - len(suffix.encode())].decode(errors="ignore")
        base = stem + suffix
    return base


def _too_large(size: int) -> str:
    return f"file is too large ({size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)"


def ingest_uploads(
    store: Store, uploads: Iterable[tuple[str, bytes]], progress: Callable[[float, str], None] | None = None
) -> list[Outcome]:
    """Ingest uploaded (name, bytes) pairs into `store` as `precedent ingest` would: an Outcome per opinion or bad file.

    The files are read as one batch so a CourtListener cluster pairs with its
    opinion from another upload. A bad file is reported and the others still go
    in. `progress` is told the fraction done and what just happened.
    """
    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="precedent-upload-") as tmp:
        root = Path(tmp).resolve()
        paths: dict[str, str] = {}  # temporary path -> the name shown
        for i, (name, data) in enumerate(uploads):
            base = safe_name(name)
            if len(data) > MAX_BYTES:
                outcomes.append(Outcome(base, error=f"{base}: {_too_large(len(data))}"))
                continue
            slot = root / f"{i:05d}"  # one folder per upload: equal names never collide
            slot.mkdir()
            target = slot / base
            if target.resolve().parent != slot:  # belt and braces: nothing is written outside the slot
                outcomes.append(Outcome(base, error=f"{base}: not a usable file name"))
                continue
            target.write_bytes(data)
            paths[str(target)] = base
        if not paths:
            return outcomes
        total = len(paths)

        def announced(items: Iterable[Opinion | ReadError]) -> Iterator[Opinion | ReadError]:
            """Each opinion as it is handed to the ingest, with the bar moved to say which one is being worked on."""
            for item in items:
                if progress:
                    src = item.path if isinstance(item, ReadError) else item.source_file
                    done = len(outcomes)
                    progress(min(done / total, 0.99),
                             f"Ingesting {paths.get(str(src), Path(str(src)).name)} ({done + 1} of {total})…")
                yield item

        for r in ingest(announced(iter_opinions([Path(p) for p in paths])), store):
            name = paths.get(r.source, Path(r.source).name)  # a bad file by its upload name, not its temp path
            if r.graph is None:
                outcomes.append(Outcome(name, error=f"{name}: {r.reason}"))
            else:
                direct = sum(1 for c in r.graph.citations if c.source == "direct")
                outcomes.append(Outcome(name, r.graph.opinion.id, r.graph.opinion.name, direct))
            if progress:
                last = outcomes[-1]
                verb = "Could not ingest" if last.error else "Ingested"
                progress(min(len(outcomes) / total, 1.0), f"{verb} {last.file}")
    if progress:
        progress(1.0, "Done")
    return outcomes


# -- downloads ---------------------------------------------------------------------------------


def export_json(store: Store) -> bytes:
    """The bytes `precedent export` writes."""
    return export.to_json(store).encode()


def export_graphml(store: Store) -> bytes:
    """The bytes `precedent export --format graphml` writes."""
    return export.to_graphml(store).encode()


def export_csv_zip(store: Store) -> bytes:
    """The two CSV tables of `precedent export --format csv` in one zip: nodes.csv and edges.csv."""
    nodes, edges = export.to_csv(store)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("nodes.csv", nodes), ("edges.csv", edges)):
            z.writestr(zipfile.ZipInfo(name, _ZIP_TIME), text.encode(), zipfile.ZIP_DEFLATED)
    return buf.getvalue()


# -- the page ----------------------------------------------------------------------------------


def _upload() -> None:
    """The uploader and its Ingest button; a new uploader (empty) after each ingest."""
    round_ = st.session_state.setdefault("corpus_round", 0)
    suffixes = sorted(s.lstrip(".") for s in supported_suffixes)
    files = st.file_uploader(
        "Opinions to add (" + ", ".join("." + s for s in suffixes) + ")",
        type=suffixes, accept_multiple_files=True, key=f"corpus_upload_{round_}",
        max_upload_size=MAX_BYTES // 1024 // 1024,
        help="Plain text, HTML, CourtListener or Caselaw Access Project JSON, or PDF with a text layer.",
    )
    if not files or not st.button(f"Ingest {len(files)} file(s)", key="corpus_ingest", type="primary"):
        return
    bar = st.progress(0.0, text=f"Reading {len(files)} file(s)…")
    store = config.open_store()
    try:
        outcomes = ingest_uploads(
            store, [(f.name, f.getvalue()) for f in files],
            lambda done, message: bar.progress(done, text=md(message)),
        )
        stats = store.stats()
    finally:
        store.close()
    st.session_state["corpus_outcomes"] = (outcomes, stats)
    st.session_state["corpus_round"] = round_ + 1
    st.cache_resource.clear()  # every page re-reads the store, including the sidebar's counts
    st.cache_data.clear()
    st.rerun()


def _summary() -> None:
    """What the last ingest did: counts, each bad file's one-line error, and a table of every file."""
    last = st.session_state.get("corpus_outcomes")
    if not last:
        return
    outcomes, stats = last
    bad = [o for o in outcomes if o.error]
    good = [o for o in outcomes if not o.error]
    summary = (f"Ingested {len(good)} opinion(s); {len(bad)} failed. The store now holds "
               f"{stats.get('cases', 0)} cases and {stats.get('citations', 0)} citations.")
    if not good:
        st.error("Nothing was ingested. " + summary)
    elif bad:
        st.warning(summary)
    else:
        st.success(summary)
    if good:
        st.html("Open: " + ", ".join(nav.link(nav.case_url(o.case_id), o.case_name or o.file)
                                     for o in good[:ERRORS_SHOWN] if o.case_id))
    for o in bad[:ERRORS_SHOWN]:
        st.error(md(o.error))
    if len(bad) > ERRORS_SHOWN:
        st.caption(f"… and {len(bad) - ERRORS_SHOWN} more errors, listed in the table.")
    st.dataframe(
        [{"file": o.file, "result": "error" if o.error else "ingested", "case": o.case_name or "",
          "cites": o.citations, "error": o.error or ""} for o in outcomes],
        hide_index=True,
    )


def _downloads(ctx: Ctx) -> None:
    """The whole graph, built only when a button is clicked (a large store takes a while to write)."""
    st.subheader("Download the graph")
    st.caption("The same files `precedent export` writes: JSON, GraphML for Gephi, or the two CSV tables "
               "(nodes and edges) for R and pandas, zipped.")
    store = ctx.store
    a, b, c = st.columns(3)
    with a:
        st.download_button("JSON", lambda: export_json(store), file_name="precedent.json",
                           mime="application/json", key="corpus_dl_json", on_click="ignore")
    with b:
        st.download_button("GraphML", lambda: export_graphml(store), file_name="precedent.graphml",
                           mime="application/graphml+xml", key="corpus_dl_graphml", on_click="ignore")
    with c:
        st.download_button("CSV (zip)", lambda: export_csv_zip(store), file_name="precedent_csv.zip",
                           mime="application/zip", key="corpus_dl_csv", on_click="ignore")


def render(ctx: Ctx) -> None:
    st.header("Your corpus")
    st.caption("Add your own opinions to the store; every page shows them once they are in. Files already "
               "ingested are replaced, never duplicated.")
    _upload()
    _summary()
    if ctx.store.stats().get("cases"):
        _downloads(ctx)
