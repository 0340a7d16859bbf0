"""A distributed ingest: the pure analysis on a local Dask cluster (loopback), the same export as --jobs 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import export
from graph.sqlite_store import SqliteStore
from ingest.read import iter_opinions
from tests.conftest import FIXTURES, run_cli

distributed = pytest.importorskip("distributed", reason="Dask distributed (the 'cluster' extra) is not installed")

OVERRULED = FIXTURES / "overruled"  # real Supreme Court opinions of the overruling set


def test_a_local_cluster_gives_the_export_of_one_job(tmp_path: Path) -> None:
    from ingest.cluster import ingest_on_cluster
    from ingest.pipeline import ingest

    one = SqliteStore(tmp_path / "one")
    assert all(r.reason is None for r in ingest(iter_opinions([OVERRULED]), one, jobs=1))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        many = SqliteStore(tmp_path / "many")
        results = list(ingest_on_cluster(iter_opinions([OVERRULED]), many, cluster.scheduler_address))
        assert [r.reason for r in results] == [None] * len(results) and len(results) >= 10
    assert export.to_json(many) == export.to_json(one)
    one.close()
    many.close()


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = str(FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt")
    assert run_cli("ingest", "-q", "--db", str(tmp_path / "db"), "--cluster", "tcp://127.0.0.1:9", text) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and "\n" not in err
