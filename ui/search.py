"""The Search page: cases by any word of their name (or of their text, when untitled), doctrines by
their words, and the passages that read like a fact pattern, ranked by the store's full-text search
(BM25), with the cases those passages come from and cite."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph.model import Passage
from ui import nav
from ui.data import Ctx
from ui.find import find_cases, find_doctrines
from ui.render import esc, mark_terms, table_html, whole_sentences

POOL = 200  # passages pooled to rank precedents, however many are listed


def precedent_rows(ctx: Ctx, results: list[tuple[Passage, float]]) -> list[dict[str, object]]:
    """Cases by the summed relevance of the matching passages: the decisions they cite, and the opinions
    they come from (the citing opinion itself is often the closest authority), with their doctrines."""
    score: Counter[tuple[str, str]] = Counter()
    passages: Counter[tuple[str, str]] = Counter()
    doctrines: dict[tuple[str, str], Counter[str]] = {}
    for passage, s in results:
        for key in ((passage.cited_id, "cited"), (passage.case_id, "opinion")):
            if key[0]:
                score[key] += s
                passages[key] += 1
                doctrines.setdefault(key, Counter()).update(passage.doctrines)
    best: dict[str, tuple[str, str]] = {}  # one row per case: its better-scoring role
    for key in sorted(score, key=lambda k: (-score[k], k)):
        best.setdefault(key[0], key)
    return [
        {"case": k[0], "role": "cited in the passages" if k[1] == "cited" else "the passages' own opinion",
         "score": round(score[k], 2), "passages": passages[k],
         "doctrines": [d for d, _ in doctrines[k].most_common(3)]}
        for k in best.values()
    ]


def _query_changed() -> None:
    nav.set_params(q=st.session_state["search_query"].strip() or None)


def _found(ctx: Ctx, query: str) -> None:
    cases = find_cases(ctx, query)
    doctrines = find_doctrines(ctx.store.doctrines(), query)
    if cases:
        st.subheader(f"Cases ({len(cases)})")
        items = "".join(
            f"<li>{ctx.link(f.case_id)}" + (
                f" <small>— its text mentions it: “{esc(f.passage)}”</small>" if f.why == "text" else ""
            ) + "</li>" for f in cases
        )
        st.html(f"<ul>{items}</ul>")
    if doctrines:
        st.subheader(f"Doctrines ({len(doctrines)})")
        counts = ctx.doctrine_counts()
        items = "".join(
            f"<li>{ctx.doctrine_link(d.key)} <small>({counts.get(d.key, 0)} citations · "
            f"{nav.link(nav.url('timeline', doctrine=d.key), 'timeline')})</small>"
            + (f"<br><small>{esc(d.about)}</small>" if d.about else "") + "</li>"
            for d in doctrines[:10]
        )
        st.html(f"<ul>{items}</ul>")


def render(ctx: Ctx) -> None:
    st.header("Search")
    if nav.param("q") and st.session_state.get("search_query") != nav.param("q"):
        st.session_state["search_query"] = nav.param("q")
    query = st.text_input(
        "Case name, doctrine or fact pattern", key="search_query", on_change=_query_changed,
        placeholder="e.g. dudnikov · express aiming · website operator used a content delivery network",
    )
    limit = st.select_slider("Results", [10, 20, 50, 100], value=20, key="search_limit")
    if not query.strip():
        st.caption("Finds cases by any word of their name, doctrines by their words, and the passages around "
                   "citations in the ingested opinions closest to a fact pattern; best match first.")
        return
    _found(ctx, query)
    pool = ctx.store.search(query, limit=max(limit, POOL))
    if not pool:
        st.info("No passage matches those words.")
        return
    st.subheader("Closest precedents")
    st.caption(f"Cases behind the {len(pool)} best-matching passages, by their summed relevance: the decisions "
               "the passages cite and the opinions they come from.")
    rows = precedent_rows(ctx, pool)[:limit]
    st.html(table_html(
        ["case", "role", "score", "passages", "doctrines"],
        ([ctx.link(str(r["case"])), esc(r["role"]), f"{r['score']:.2f}", esc(r["passages"]),
          ", ".join(ctx.doctrine_link(d) for d in r["doctrines"])] for r in rows),
        numeric=("score", "passages"),
    ))
    results = pool[:limit]
    st.subheader("Closest passages")
    st.caption(f"{len(results)} passage(s), each widened to whole sentences")
    for passage, score in results:
        head = f"<b>{ctx.link(passage.case_id)}</b>"
        if passage.cited_id:
            head += f" citing <b>{ctx.link(passage.cited_id)}</b>"
        meta = f"score {score:.2f}"
        if passage.doctrines:
            meta += " · doctrines: " + ", ".join(ctx.doctrine_link(d) for d in passage.doctrines)
        with st.container(border=True):
            st.html(f"<div>{head}<br><small>{meta}</small></div>")
            st.html(mark_terms(_whole(ctx, passage), query))


def _whole(ctx: Ctx, passage: Passage) -> str:
    """The passage widened to the sentences it cuts into, from its opinion's text when the store has it."""
    text = ctx.opinion_text(passage.case_id)
    if not text or text[passage.offset : passage.offset + len(passage.text)] != passage.text:
        return passage.text
    lo, hi = whole_sentences(text, passage.offset, passage.offset + len(passage.text))
    return text[lo:hi].strip()
