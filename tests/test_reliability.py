"""Crash safety, many times over: an ingest SIGKILLed at a random moment never corrupts the store or loses an
opinion, and running it again gives the export of a clean run, byte for byte.

Each trial kills an ingest of four real opinions in one of two ways: at a random
time (anywhere, including inside SQLite's own writes and fsyncs), or just before
its k-th SQL statement for a random k (inside schema creation, between the
statements of an opinion's transaction, right before a COMMIT). The store is then
checked (SQLite's integrity check, no edge or passage without its case, only
whole opinions), the ingest run again, and its export compared with a clean run's.

A helper process imports the pipeline once and forks one child per trial, so a
trial costs an ingest, not an interpreter start. The normal suite runs a few
trials; `PRECEDENT_KILL_TRIALS=200 pytest -m slow tests/test_reliability.py` runs 200 (about 15
minutes on two busy cores; PRECEDENT_KILL_SEED picks another random sequence).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli

ROOT = Path(__file__).resolve().parent.parent
# Four short real opinions of four courts (Tex. App., Colo., Mo. App., U.S.): a trial takes seconds.
FILES = [str(FIXTURES / "texts" / name) for name in (
    "05_dallas_sales_v_carlisle_silver_texapp_2004.txt", "06_people_v_naranjo_colo_1980.txt",
    "07_wester_v_mo_dept_labor_moapp_2004.txt", "08_noem_v_abrego_garcia_scotus_2025.txt")]
TRIALS_FAST = 4
TRIALS_SLOW = int(os.environ.get("PRECEDENT_KILL_TRIALS", "0"))


def serve() -> None:
    """The helper: for each request line {"db", "stmt"} fork an ingest child, say its pid, then how it ended.

    With "stmt" = k the child SIGKILLs itself just before its k-th SQL statement; with
    "stmt" = null it runs to the end and its last line says how many statements it ran.
    """
    from cli import main

    for line in sys.stdin:
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(main, req["db"], req["stmt"], req["count_to"])
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                          "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}), flush=True)


def _child(main, db: str, stmt: int | None, count_to: str | None) -> None:
    real_connect = sqlite3.connect
    seen = [0]

    def trace(_sql: str) -> None:
        seen[0] += 1
        if stmt is not None and seen[0] == stmt:
            os.kill(os.getpid(), signal.SIGKILL)

    def connect(*args, **kwargs) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(trace)
        return conn

    sqlite3.connect = connect
    code = 1
    try:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115  (the child ends with os._exit)
        code = main(["ingest", "-q", "--db", db, *FILES])
        if count_to:
            Path(count_to).write_text(str(seen[0]))
    finally:
        os._exit(code)


class Killer:
    """The test's side of the helper."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from tests.test_reliability import serve; serve()"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )

    def run(self, db: Path, stmt: int | None = None, after: float | None = None, count_to: Path | None = None) -> dict:
        """One ingest into `db`, killed before statement `stmt` or `after` seconds (if still running)."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"db": str(db), "stmt": stmt, "count_to": count_to and str(count_to)}) + "\n")
        pid = json.loads(self.proc.stdout.readline())["pid"]
        if after is not None:
            time.sleep(after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def killer() -> Iterator[Killer]:
    k = Killer()
    yield k
    k.close()


@pytest.fixture(scope="module")
def clean(killer: Killer, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clean run: its export, how long it takes and how many SQL statements it makes."""
    tmp = tmp_path_factory.mktemp("clean")
    start = time.monotonic()
    ended = killer.run(tmp / "db", count_to=tmp / "count")
    took = time.monotonic() - start
    assert ended == {"signal": None, "code": 0}
    return {"export": _export(tmp / "db"), "seconds": took, "statements": int((tmp / "count").read_text()),
            "edges": _edges_by_opinion(tmp / "db")}


def _edges_by_opinion(db: Path) -> dict[str, list[tuple]]:
    """Each ingested opinion's own rows: the edges it wrote (direct, or reported by it) and its passages."""
    with sqlite3.connect(db / "graph.sqlite") as conn:
        return {
            op: sorted(conn.execute("SELECT * FROM citations WHERE (citing=? AND source='direct') OR reported_by=?",
                                    (op, op)).fetchall())
            + sorted(conn.execute("SELECT text, cited_id, offset FROM passages WHERE case_id=?", (op,)).fetchall())
            for (op,) in conn.execute("SELECT case_id FROM opinions")
        }


def _export(db: Path) -> bytes:
    out = db.parent / (db.name + ".json")
    assert run_cli("export", "--db", str(db), "--out", str(out)) == 0
    return out.read_bytes()


def check_store(db: Path, clean: dict) -> int:
    """The store after a kill: intact, and holding only whole opinions. Returns how many opinions it holds."""
    path = db / "graph.sqlite"
    if not path.exists():
        return 0  # killed before SQLite created the file
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
        if "opinions" not in tables or "passages" not in tables:
            return 0  # killed inside schema creation: the rerun creates what is missing
        q = conn.execute
        assert q("SELECT count(*) FROM citations WHERE citing NOT IN (SELECT id FROM cases) "
                 "OR cited NOT IN (SELECT id FROM cases)").fetchone()[0] == 0
        assert q("SELECT count(*) FROM opinions WHERE case_id NOT IN (SELECT id FROM cases WHERE has_text=1)"
                 ).fetchone()[0] == 0
        assert q("SELECT count(*) FROM passages WHERE case_id NOT IN (SELECT case_id FROM opinions)").fetchone()[0] == 0
        assert q("SELECT count(*) FROM case_cites WHERE case_id NOT IN (SELECT id FROM cases)").fetchone()[0] == 0
        files = {r[0] for r in q("SELECT source_file FROM opinions")}
        assert files <= {Path(f).name for f in FILES}
    # an opinion is there whole (every edge and passage it has in a clean run) or not at all
    for op, rows in _edges_by_opinion(db).items():
        assert rows == clean["edges"][op], op
    return len(files)


def trials(killer: Killer, clean: dict, tmp: Path, n: int, seed: int) -> dict:
    """`n` kill-and-resume trials; the tally of what was seen."""
    rng = random.Random(seed)
    tally = {"trials": 0, "killed": 0, "corrupt": 0, "lost": 0, "differs": 0, "committed_before_kill": []}
    for i in range(n):
        db = tmp / f"t{i}"
        if i % 2:
            ended = killer.run(db, after=rng.uniform(0, clean["seconds"]))
        else:
            ended = killer.run(db, stmt=rng.randint(1, clean["statements"]))
        tally["trials"] += 1
        tally["killed"] += ended["signal"] == signal.SIGKILL
        try:
            tally["committed_before_kill"].append(check_store(db, clean))
        except AssertionError:
            tally["corrupt"] += 1
            continue
        assert run_cli("ingest", "-q", "--db", str(db), *FILES) == 0
        with sqlite3.connect(db / "graph.sqlite") as conn:
            tally["lost"] += len(FILES) - conn.execute("SELECT count(*) FROM opinions").fetchone()[0]
        tally["differs"] += _export(db) != clean["export"]
    return tally


def _assert_clean(tally: dict) -> None:
    assert (tally["corrupt"], tally["lost"], tally["differs"]) == (0, 0, 0), tally
    assert tally["killed"] >= tally["trials"] // 2, tally  # the kills did land mid-ingest


def test_kill_at_random_points_then_resume(killer: Killer, clean: dict, tmp_path: Path) -> None:
    _assert_clean(trials(killer, clean, tmp_path, TRIALS_FAST, seed=1))


@pytest.mark.slow
@pytest.mark.skipif(not TRIALS_SLOW, reason="the long version: set PRECEDENT_KILL_TRIALS (e.g. 200) to run it")
def test_kill_at_random_points_many_times(killer: Killer, clean: dict, tmp_path: Path) -> None:
    tally = trials(killer, clean, tmp_path, TRIALS_SLOW, seed=int(os.environ.get("PRECEDENT_KILL_SEED", "17")))
    print("kill trials:", json.dumps({k: v for k, v in tally.items() if k != "committed_before_kill"}),
          "opinions committed before the kill:", dict(sorted(
              {k: tally["committed_before_kill"].count(k) for k in set(tally["committed_before_kill"])}.items())))
    _assert_clean(tally)
