"""How long the app's pages take on a 10,000-case store, next to baselines measured in the same run.

    python bench/app.py [N_CASES N_CITATIONS]   (default 10000 50000)

Builds an embedded store from bench/synth.py, then runs app.py through
Streamlit's AppTest page by page, as one session would: Cases (the first load,
which reads the store), Doctrine map on the busiest doctrine (ranking plus the
drawn graph, whose cap is checked by counting the nodes in its HTML), Timeline
of that doctrine and of the most cited case's lineage (cases drawn counted),
Lineage, Case page, Search, and the Cases filter. Baselines: reading every
citation from the store, and the same pages on the three seed opinions.
Prints seconds and ratios.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this folder's ingest.py would otherwise hide the `ingest` package

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import synth  # noqa: E402
from cli import main as cli  # noqa: E402
from graph.config import open_store  # noqa: E402
from ui.doctrines import GRAPH_CAP  # noqa: E402
from ui.timeline import CAP as TIMELINE_CAP  # noqa: E402

APP = str(ROOT / "app.py")
SEEDS = sorted((ROOT / "tests" / "fixtures" / "texts").glob("00[014]_*.txt"))
QUERY = "website operator content delivery network"
_NODES = re.compile(r"nodes = new vis\.DataSet\((\[.*?\])\);", re.S)


def build(db: Path, n_cases: int, n_citations: int) -> float:
    """Write a synthetic graph into the store at `db`; returns seconds."""
    t = time.perf_counter()
    store = open_store(db)
    store.set_doctrines(synth.doctrines())
    for graph in synth.opinions(n_cases, n_citations):
        store.write_opinion(graph)
    store.close()
    return time.perf_counter() - t


def read_all(db: Path) -> float:
    """Baseline: seconds to read every citation through the Store protocol."""
    store = open_store(db)
    t = time.perf_counter()
    n = len(store.citations())
    took = time.perf_counter() - t
    store.close()
    assert n
    return took


def timed(at: AppTest, change: object = None) -> float:
    """Seconds of one script run (after applying a widget change, if any)."""
    t = time.perf_counter()
    (change or at).run()
    took = time.perf_counter() - t
    assert not at.exception, at.exception
    return took


def drawn_nodes(at: AppTest) -> int:
    """How many nodes the Doctrine map's graph HTML holds."""
    frames = at.get("iframe")
    m = _NODES.search(frames[0].proto.srcdoc) if frames else None
    return len(json.loads(m[1])) if m else 0


def session(db: Path) -> dict[str, float | int | str]:
    """One session's walk through the pages; seconds per page, and what the Doctrine map drew."""
    os.environ["PRECEDENT_DB"] = str(db)
    at = AppTest.from_file(APP, default_timeout=900)
    out: dict[str, float | int | str] = {"Cases (first load)": timed(at)}
    radio = at.sidebar.radio(key="page")
    out["Doctrine map"] = timed(at, radio.set_value("Doctrine map"))
    out["doctrine"] = at.selectbox(key="doctrine_pick").value
    out["precedents ranked"] = ranked_rows(at)
    out["nodes drawn"] = drawn_nodes(at)
    out["Doctrine map (rerun)"] = timed(at)
    out["Timeline (doctrine)"] = timed(at, at.sidebar.radio(key="page").set_value("Timeline"))
    out["timeline cases (doctrine)"] = drawn_cases(at)
    out["Timeline (lineage)"] = timed(at, at.radio(key="timeline_of").set_value("case"))
    out["timeline cases (lineage)"] = drawn_cases(at)
    out["Lineage"] = timed(at, at.sidebar.radio(key="page").set_value("Lineage"))
    out["Case page"] = timed(at, at.sidebar.radio(key="page").set_value("Case page"))
    at.sidebar.radio(key="page").set_value("Search").run()
    out["Search"] = timed(at, at.text_input(key="search_query").set_value(QUERY))
    at.sidebar.radio(key="page").set_value("Cases").run()
    out["Cases (filter)"] = timed(at, at.text_input(key="cases_filter").set_value("v"))
    out["Your corpus"] = timed(at, at.sidebar.radio(key="page").set_value("Your corpus"))
    return out


def ranked_rows(at: AppTest) -> int:
    """Rows of the Doctrine map's table of precedents (its first hundred)."""
    table = next((e.proto.body for e in at.get("html") if ">precedent</th>" in e.proto.body), "")
    return table.count("<tr>") - 1 if table else 0


def drawn_cases(at: AppTest) -> int:
    """How many cases the Timeline's drawing holds (one link each)."""
    frames = at.get("iframe")
    return frames[0].proto.srcdoc.count('onclick="return openCase(this)"') if frames else 0


def main(n_cases: int, n_citations: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds, big = Path(tmp) / "seeds", Path(tmp) / "big"
        assert cli(["ingest", "-q", "--db", str(seeds), *map(str, SEEDS)]) == 0
        built = build(big, n_cases, n_citations)
        store = open_store(big)
        stats = store.stats()
        store.close()
        print(f"store: {stats['cases']} cases, {stats['citations']} citations, {stats['opinions']} opinions "
              f"(written in {built:.1f}s)")
        base = read_all(big)
        shutil.copytree(seeds, Path(tmp) / "warm")
        session(Path(tmp) / "warm")  # a first session pays for imports (pyvis, pyarrow…); the timed ones do not
        small = session(seeds)
        large = session(big)
    print(f"baseline: reading all {stats['citations']} citations from the store: {base:.3f}s")
    print(f"{'page':26} {'3 seeds':>9} {'synthetic':>10} {'÷ seeds':>8} {'÷ read all':>10}")
    for page, secs in large.items():
        if isinstance(secs, float):
            seed_secs = float(small[page])
            print(f"{page:26} {seed_secs:8.2f}s {secs:9.2f}s {secs / seed_secs:7.1f}x {secs / base:9.1f}x")
    print(f"Doctrine map: busiest doctrine {large['doctrine']!r}, "
          f"{large['precedents ranked']} precedents listed (at most 100), "
          f"{large['nodes drawn']} nodes drawn (cap {GRAPH_CAP})")
    print(f"Timeline: {large['timeline cases (doctrine)']} cases drawn for the doctrine, "
          f"{large['timeline cases (lineage)']} for the lineage (cap {TIMELINE_CAP})")
    assert 0 < int(large["nodes drawn"]) <= GRAPH_CAP, "the drawn graph is not capped"
    assert 0 < int(large["timeline cases (doctrine)"]) <= TIMELINE_CAP, "the timeline is not capped"


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]] or [10_000, 50_000]
    main(*args)
