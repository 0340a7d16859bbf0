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


def test_a_local_cluster_gives_the_export_of_one_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files read here and sent, or (`workers_read`, --shared-files) read by the workers from the same
    paths, never here; the CourtListener halves among them (two files, one decision) paired here either way."""
    from ingest import pipeline
    from ingest.cluster import ingest_on_cluster
    from ingest.pipeline import ingest

    paths = [OVERRULED, FIXTURES / "formats"]
    one = SqliteStore(tmp_path / "one")
    assert all(r.reason is None for r in ingest(iter_opinions(paths), one, jobs=1))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        for workers_read in (False, True):
            if workers_read:  # (the workers are processes of their own, which this does not reach)
                monkeypatch.setattr(pipeline, "read_unread", lambda item: pytest.fail(f"{item} was read here"))
            many = SqliteStore(tmp_path / f"many{workers_read}")
            results = list(ingest_on_cluster(iter_opinions(paths, defer=True), many, cluster.scheduler_address,
                                             workers_read=workers_read))
            assert [r.reason for r in results] == [None] * len(results) and len(results) >= 10
            assert export.to_json(many) == export.to_json(one)
            many.close()
    one.close()


def test_shared_files_goes_with_a_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = str(FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt")
    assert run_cli("ingest", "-q", "--db", str(tmp_path / "db"), "--shared-files", text) != 0
    assert "--shared-files goes with --cluster" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = str(FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt")
    assert run_cli("ingest", "-q", "--db", str(tmp_path / "db"), "--cluster", "tcp://127.0.0.1:9", text) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and "\n" not in err
