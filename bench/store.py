"""Bulk load and the app's graph questions at scale, on each store: embedded always, Neo4j when NEO4J_URI is set.

    python bench/store.py [N_CASES N_CITATIONS]   (default 100000 500000)

The graph comes from bench/synth.py (the shape of real case law). On each store it times:
  load      write_opinion for every generated opinion (one transaction each), after set_doctrines
  doctrine  doctrine_citations for the busiest area's whole subtree, and doctrine_counts
  lineage   reliance 3 steps each way from the most cited case, analysis.lineage on it,
            and shortest_path between sampled pairs (joined along reliance, random, undirected)
  degrees   the counts the Cases page and the case pickers show
Two baselines are measured in the same run, so the ratios mean the same on a noisy machine:
building the OpinionGraphs in memory (for the load), and pulling every edge out of the
store with citations() (what the app did before the store answered these questions).

Neo4j: the run first DELETES every node with one of the project's labels at $NEO4J_URI
(login from NEO4J_USER / NEO4J_PASSWORD): point it at a scratch server.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this folder's ingest.py would otherwise hide the `ingest` package

from bench.synth import doctrines, opinions  # noqa: E402
from graph import analysis  # noqa: E402
from graph.config import open_store  # noqa: E402
from graph.model import OpinionGraph  # noqa: E402
from graph.store import Store  # noqa: E402

PAIRS = 10  # shortest_path pairs per direction mode
LABELS = ("Case", "CaseCite", "Opinion", "Passage", "Doctrine", "Holding", "FoundDoctrine", "CaseName", "Findings",
          "SettleState")


def best(fn: Callable[[], object], rounds: int = 3) -> tuple[float, object]:
    """The fastest of `rounds` runs, and what it returned."""
    times, out = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def wipe_neo4j() -> None:
    from neo4j import GraphDatabase

    auth = (os.environ.get("NEO4J_USER") or "neo4j", os.environ.get("NEO4J_PASSWORD") or "")
    with GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver, driver.session(
        database=os.environ.get("NEO4J_DATABASE") or None
    ) as session:
        for label in LABELS:  # constants; batched so a large graph is not one huge transaction
            session.run(f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS").consume()


def row(store: str, what: str, seconds: float, base: float, note: str = "") -> None:
    print(f"{store:7} {what:54} {seconds:9.4f} s {seconds / base:9.4f}x  {note}", flush=True)


def run(name: str, store: Store, graphs: list[OpinionGraph], generated: float) -> None:
    t = time.perf_counter()
    store.set_doctrines(doctrines())
    for g in graphs:
        store.write_opinion(g)
    loaded = time.perf_counter() - t
    stats = store.stats()
    row(name, f"load {len(graphs):,} opinions", loaded, generated,
        f"vs generating; {stats['cases']:,} cases, {stats['citations']:,} citations, "
        f"{stats['citations'] / loaded:,.0f} citations/s")

    pull, edges = best(store.citations, rounds=1)
    row(name, f"citations(): pull all {len(edges):,} edges (baseline)", pull, pull)
    took, degrees = best(store.degrees)
    row(name, "degrees()", took, pull)

    took, counts = best(store.doctrine_counts)
    row(name, "doctrine_counts()", took, pull)
    taxonomy = store.doctrines()
    area = max((d.key for d in taxonomy if d.parent is None), key=lambda k: (counts.get(k, 0), k))
    keys = sorted(analysis.descendants(taxonomy, area))
    took, tagged = best(lambda: store.doctrine_citations(keys))
    row(name, f"doctrine_citations({area}: {len(keys)} keys)", took, pull, f"{len(tagged):,} edges")

    hub = max(degrees, key=lambda i: (degrees[i][1], i))
    took, down = best(lambda: store.reliance(hub, False, 3, analysis.LINEAGE_EDGES))
    row(name, "reliance(most cited, down, depth 3)", took, pull, f"{len(down):,} edges, cited by {degrees[hub][1]:,}")
    newest = graphs[-1].opinion.id
    took, up = best(lambda: store.reliance(newest, True, 3, analysis.LINEAGE_EDGES))
    row(name, "reliance(newest opinion, up, depth 3)", took, pull, f"{len(up):,} edges")
    took, chains = best(lambda: analysis.lineage(store, hub))
    row(name, "analysis.lineage(most cited)", took, pull, f"{len(chains)} chains")

    rng = random.Random(1)
    opinions_ = [g.opinion.id for g in graphs]
    ids = sorted(degrees)
    linked = []  # an opinion and a precedent it relies on through a chain of up to 3 steps
    while len(linked) < PAIRS:
        a = rng.choice(opinions_)
        if chain := store.reliance(a, True, 3, 1000):
            linked.append((a, chain[-1].cited))
    for what, directed, pairs in (
        ("directed, relied-on pairs", True, linked),
        ("directed, random pairs", True, [(rng.choice(opinions_), rng.choice(ids)) for _ in range(PAIRS)]),
        ("undirected, random pairs", False, [(rng.choice(opinions_), rng.choice(ids)) for _ in range(PAIRS)]),
    ):
        t = time.perf_counter()
        found = [store.shortest_path(a, b, directed) for a, b in pairs]
        took = (time.perf_counter() - t) / PAIRS
        hops = sorted(len(p) - 1 for p in found if p)
        row(name, f"shortest_path({what}), per pair", took, pull, f"{len(hops)}/{PAIRS} joined, hops {hops}")


def main(n_cases: int, n_citations: int) -> None:
    t = time.perf_counter()
    graphs = list(opinions(n_cases, n_citations))
    generated = time.perf_counter() - t
    print(f"{n_cases:,} cases, {n_citations:,} citations requested: {len(graphs):,} opinions")
    row("-", "generate the OpinionGraphs in memory (baseline)", generated, generated)
    with tempfile.TemporaryDirectory() as d:
        store = open_store(d)
        run("sqlite", store, graphs, generated)
        store.close()
    if os.environ.get("NEO4J_URI"):
        wipe_neo4j()
        store = open_store(os.environ["NEO4J_URI"])
        run("neo4j", store, graphs, generated)
        store.close()
    else:
        print("neo4j   skipped: NEO4J_URI is not set")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*(args if len(args) == 2 else (100_000, 500_000)))
