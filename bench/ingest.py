"""Ingest throughput of the whole pipeline next to eyecite alone, on the same files in the same run.

    python bench/ingest.py [PATH ...]   (default: the demo corpus and the test corpus)

Prints opinions/s and MB/s for both and the ratio pipeline/eyecite, so the
figure means the same on a noisy machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this file's own name would otherwise hide the `ingest` package

from eyecite import get_citations, resolve_citations  # noqa: E402

from graph.sqlite_store import SqliteStore  # noqa: E402
from ingest.models import Opinion, ReadError  # noqa: E402
from ingest.pipeline import build  # noqa: E402
from ingest.read import iter_opinions  # noqa: E402


def main(paths: list[Path], rounds: int = 3) -> None:
    opinions = [o for o in iter_opinions(paths) if not isinstance(o, ReadError)]
    assert all(isinstance(o, Opinion) for o in opinions)
    mb = sum(len(o.text.encode()) for o in opinions) / 1e6
    base, full = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        for o in opinions:
            resolve_citations(get_citations(o.text))
        base.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as d:
            store = SqliteStore(Path(d))
            t = time.perf_counter()
            for o in opinions:
                store.write_opinion(build(o, store))
            full.append(time.perf_counter() - t)
            store.close()
    b, f = min(base), min(full)
    n = len(opinions)
    print(f"{n} opinions, {mb:.2f} MB, best of {rounds}")
    print(f"eyecite alone : {n / b:7.1f} opinions/s {mb / b:6.2f} MB/s")
    print(f"full pipeline : {n / f:7.1f} opinions/s {mb / f:6.2f} MB/s")
    print(f"ratio pipeline/eyecite time: {f / b:.2f}x")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [ROOT / "data" / "corpus", ROOT / "tests" / "fixtures" / "texts"]
    main(args)
