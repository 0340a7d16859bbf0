"""Ingest cost of the whole pipeline next to eyecite alone, on the same opinions in the same run.

    python bench/ingest.py [--rounds N] [--jobs N] [--profile] [PATH ...]
    (default: the seeds, the corpus texts and the overruling set in ../shared, else the repo's own)

Prints, as CPU seconds per MB of opinion text (best of N rounds, so a noisy
shared machine spoils less): eyecite alone (get_citations + resolve_citations
on the text the pipeline gives it, eyecite's default tokenizer as it ships); eyecite with the pipeline's
default tokenizer (ingest/fast_tokenizer.py: the same tokens, each extractor searched only near its
strings) and how many citations it loses or adds per path; when the `hyperscan`
package is installed, eyecite with the stand-in Hyperscan tokenizer
(ingest/fast_tokenizer.py) and, per path given (each dev set), how many
citations it loses or adds against the default (eyecite's default tokenizer itself
breaks a few ties by set order, which varies with PYTHONHASHSEED: on the overruling
set one short cite's reporter reads "S. W. 2d," or "S. W. 2d" from run to run, so
"loses 1, adds 1" there is eyecite's default differing from itself; the pipeline's own
default takes the extractors in eyecite's list order and does not vary); the pure analysis
(`ingest.analyze`, and encoding what is stored) with each tokenizer, the writer (storing + settling),
the reading of the files, and the
ratios pipeline / eyecite. Then the wall time of `precedent ingest --jobs 1` against `--jobs N`, each
in a process of its own on a fresh store (best of the rounds, taken in turn), whether their exports
are identical, and the CPU time of the workers and of the writer (how busy the cores were); and, as the
baseline the ratio can be read against, the same two walls for the analyses alone, with no writer: what
this machine gives N processes (`--only-jobs`: only these). With NEO4J_URI set (`tests/neo4j/run.sh
python bench/ingest.py` sets it, for a scratch server), also the writer into that Neo4j server, in wall
time (the server does most of the work); the run first DELETES every node with one of the project's labels
there.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this file's own name would otherwise hide the `ingest` package

from eyecite import get_citations, resolve_citations  # noqa: E402
from eyecite.tokenizers import default_tokenizer  # noqa: E402

from graph.sqlite_store import SqliteStore  # noqa: E402
from ingest import doctrine, eyecite_speed, fast_tokenizer  # noqa: E402
from ingest.analyze import analyze  # noqa: E402
from ingest.identity import claims_of, encode  # noqa: E402
from ingest.models import Opinion, ReadError  # noqa: E402
from ingest.pipeline import default_jobs  # noqa: E402
from ingest.read import iter_opinions  # noqa: E402
from ingest.settle import settle  # noqa: E402

# ../shared beside the checkout (or beside the worktrees' folder)
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
DEFAULT = [SHARED / "seeds", SHARED / "corpus" / "texts", SHARED / "corpus" / "overruled" / "opinions"]


def _cpu(fn, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _eyecite(opinions: list[Opinion], tokenizer=default_tokenizer) -> list[tuple]:
    """Every citation eyecite finds, as (opinion, type, span, text, groups, metadata), on the text the pipeline
    gives it (ingest.extract.find)."""
    out = []
    for i, o in enumerate(opinions):
        cites = get_citations(o.text.replace("\n", " "), tokenizer=tokenizer)
        resolve_citations(cites)
        out += [(i, type(c).__name__, c.span(), c.matched_text(), str(c.groups), str(c.metadata)) for c in cites]
    return out


def _analyze_with(opinions: list[Opinion], tokenizer: str, found: list) -> None:
    """What the workers do for each opinion: analyse it and encode what is to be stored."""
    os.environ[fast_tokenizer.ENV] = tokenizer
    try:
        found[:] = [(f.key, claims_of(f), encode(f)) for f in map(analyze, opinions)]
    finally:
        os.environ.pop(fast_tokenizer.ENV)


def _writer(store, found: list) -> None:  # noqa: ANN001 (either store)
    """What the one writer does: store each findings, then settle."""
    store.set_doctrines(doctrine.load_taxonomy())
    for stored in found:
        store.put_findings([stored])
    settle(store)


def _write(opinions: list[Opinion], found: list) -> None:
    with tempfile.TemporaryDirectory() as d:
        store = SqliteStore(Path(d))
        _writer(store, found)
        store.close()


def _write_neo4j(found: list, rounds: int) -> tuple[float, float]:
    """The writer into the Neo4j server at $NEO4J_URI, emptied first (the wall time: the server does most of
    the work), and this process's CPU; best of `rounds`."""
    from bench.store import wipe_neo4j
    from graph.config import open_store

    best = (float("inf"), 0.0)
    for _ in range(rounds):
        wipe_neo4j()
        store = open_store(os.environ["NEO4J_URI"])
        t, cpu = time.perf_counter(), time.process_time()
        _writer(store, found)
        best = min(best, (time.perf_counter() - t, time.process_time() - cpu))
        store.close()
    return best


_RUNNER = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from graph import export
from graph.sqlite_store import SqliteStore
from ingest.pipeline import _analysed, ingest
from ingest.read import iter_opinions
items = iter_opinions([Path(p) for p in sys.argv[5:]], defer=True)
store = SqliteStore(Path(sys.argv[2]))
jobs, alone = int(sys.argv[3]), sys.argv[4] == "alone"
t, cpu = time.perf_counter(), time.process_time()
for _ in _analysed(items, jobs, 120) if alone else ingest(items, store, jobs=jobs):
    pass
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - t, time.process_time() - cpu, workers.ru_utime + workers.ru_stime)
if not alone:
    Path(sys.argv[2], "export.json").write_text(export.to_json(store), encoding="utf-8")
"""


def _wall_ingest(paths: list[Path], jobs: int, alone: bool = False) -> tuple[float, float, float, str]:
    """The wall time of an ingest with `jobs` as `precedent ingest` runs it, in a process of its own (this one
    is big by now, and forked workers would copy its pages as they touch them), from the ingest's start, not
    the interpreter's; the CPU seconds of that process (the writer, and with `jobs` 1 the analyses) and of
    its workers; and the export it gives. `alone`: the analyses only (read, analyse, encode, as the workers
    do), nothing stored: what the machine gives `jobs` processes with no writer beside them."""
    env = {k: v for k, v in os.environ.items() if k != fast_tokenizer.ENV}
    with tempfile.TemporaryDirectory() as d:
        run = subprocess.run([sys.executable, "-c", _RUNNER, str(ROOT), d, str(jobs), "alone" if alone else "all",
                              *map(str, paths)], env=env, check=True, capture_output=True, text=True)
        wall, own, workers = map(float, run.stdout.split()[-3:])
        out = "" if alone else (Path(d) / "export.json").read_text(encoding="utf-8")
        return wall, own, workers, out


def _walls(paths: list[Path], jobs_n: int, rounds: int) -> None:
    """`precedent ingest --jobs 1` against `--jobs N`, and the analyses alone."""
    best: dict[tuple[int, bool], tuple[float, float, float]] = {}
    outs = {}
    for _ in range(rounds):  # alternating, best of each: a noisy machine spoils one round, not a side
        for alone in (False, True):
            for jobs in (1, jobs_n):
                wall, own, workers, out = _wall_ingest(paths, jobs, alone)
                best[jobs, alone] = min(best.get((jobs, alone), (float("inf"),)), (wall, own, workers))
                if not alone:
                    outs[jobs] = out
    (one, *_), (many, own, workers) = best[1, False], best[jobs_n, False]
    print(f"ingest --jobs 1        : {one:6.1f} s wall")
    print(f"ingest --jobs {jobs_n}        : {many:6.1f} s wall  ({one / many:.2f}x faster; exports "
          f"{'identical' if outs[1] == outs[jobs_n] else 'DIFFER'})")
    print(f"  its CPU: workers {workers:.1f} s, writer {own:.1f} s: the {jobs_n} cores busy "
          f"{(workers + own) / (jobs_n * many):.0%} of its wall time")
    alone_one, alone_many = best[1, True][0], best[jobs_n, True][0]
    print(f"analyses alone (no writer; read, analyse, encode): --jobs 1 {alone_one:.1f} s, --jobs {jobs_n} "
          f"{alone_many:.1f} s wall ({alone_one / alone_many:.2f}x: what this machine gives {jobs_n} processes)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--jobs", type=int, default=default_jobs())
    ap.add_argument("--profile", action="store_true", help="also print where the analysis spends its time")
    ap.add_argument("--only-jobs", action="store_true", help="only the wall times of --jobs 1 against --jobs N")
    args = ap.parse_args()
    own = [ROOT / "data" / "corpus", ROOT / "tests" / "fixtures"]
    paths = args.paths or [p for p in DEFAULT if p.exists()] or own
    if args.only_jobs:
        _walls(paths, args.jobs, args.rounds)
        return
    t = time.process_time()
    sets = {p: [o for o in iter_opinions([p]) if not isinstance(o, ReadError)] for p in paths}
    reading = time.process_time() - t
    opinions = [o for ops in sets.values() for o in ops]
    mb = sum(len(o.text.encode()) for o in opinions) / 1e6
    print(f"{len(opinions)} opinions, {mb:.2f} MB, best of {args.rounds} rounds (CPU s per MB)")
    with eyecite_speed.stock():  # eyecite as it ships, without the pipeline's faster helpers
        eye = _cpu(lambda: _eyecite(opinions), args.rounds)
    print(f"eyecite alone          : {eye / mb:6.2f} s/MB")
    ours = fast_tokenizer.OrderedAhocorasickTokenizer()
    near = _cpu(lambda: _eyecite(opinions, ours), args.rounds)
    print(f"eyecite + ours         : {near / mb:6.2f} s/MB ({near / eye:.2f}x default; each extractor near its "
          "strings)")
    for p, ops in sets.items():
        default, mine = set(_eyecite(ops)), set(_eyecite(ops, ours))
        print(f"  {p.name:22s}: {len(default)} citations; ours loses {len(default - mine)}, adds {len(mine - default)}")
    found: list = []
    fast = None
    if fast_tokenizer.available():
        hs = fast_tokenizer.StandInHyperscanTokenizer(cache_dir=str(Path(tempfile.gettempdir()) / "precedent-hs"))
        hs.compile()  # the one-off database compile is not per MB
        fast = _cpu(lambda: _eyecite(opinions, hs), args.rounds)
        print(f"eyecite + hyperscan    : {fast / mb:6.2f} s/MB ({fast / eye:.2f}x default; stand-in text)")
        for p, ops in sets.items():
            default, ours = set(_eyecite(ops)), set(_eyecite(ops, hs))
            print(f"  {p.name:22s}: {len(default)} citations; hyperscan loses {len(default - ours)}, "
                  f"adds {len(ours - default)}")
        os.environ[fast_tokenizer.ENV] = "hyperscan"
        fast_tokenizer.prepare()  # compiled (or loaded) before the timing, as `precedent ingest` does
        ana_hs = _cpu(lambda: _analyze_with(opinions, "hyperscan", found), args.rounds)
    else:
        print("eyecite + hyperscan    : (pip install hyperscan to measure)")
    ana = _cpu(lambda: _analyze_with(opinions, "default", found), args.rounds)
    wri = _cpu(lambda: _write(opinions, found), args.rounds)
    print(f"reading                : {reading / mb:6.2f} s/MB (in the workers with --jobs; one round)")
    print(f"analysis (pure)        : {ana / mb:6.2f} s/MB (analyse + encode what is stored: the workers)")
    print(f"writer (store+settle)  : {wri / mb:6.2f} s/MB (the one writer)")
    if os.environ.get("NEO4J_URI"):
        wall, cpu = _write_neo4j(found, args.rounds)
        print(f"writer into Neo4j      : {wall / mb:6.2f} s/MB wall ({wall / wri:.1f}x the embedded store's; this "
              f"process's CPU {cpu / mb:.2f} s/MB; $NEO4J_URI emptied first)")
    else:
        print("writer into Neo4j      : (set NEO4J_URI, or run under tests/neo4j/run.sh, to measure)")
    print(f"ratio pipeline/eyecite : {(ana + wri) / eye:.2f}x  (analysis alone {ana / eye:.2f}x; default tokenizer; "
          f"against eyecite + ours {(ana + wri) / near:.2f}x)")
    if fast is not None:
        print(f"with --tokenizer hyperscan: analysis {ana_hs / mb:6.2f} s/MB, pipeline/eyecite "
              f"{(ana_hs + wri) / eye:.2f}x (analysis alone {ana_hs / eye:.2f}x)")
    if args.profile:
        pr = cProfile.Profile()
        pr.enable()
        for o in opinions:
            analyze(o)
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(25)
    _walls(paths, args.jobs, args.rounds)


if __name__ == "__main__":
    main()
