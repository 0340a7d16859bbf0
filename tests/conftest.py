"""Shared fixtures: real opinions copied from the project's corpus into tests/fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = sorted((FIXTURES / "texts").glob("00[014]_*.txt"))


def run_cli(*args: str) -> int:
    from cli import main

    return main(list(args))


@pytest.fixture(scope="session")
def seed_export(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The export of a store holding the three seed opinions (built once per session)."""
    db = tmp_path_factory.mktemp("seeds") / "db"
    assert run_cli("ingest", "-q", "--db", str(db), *map(str, SEEDS)) == 0
    out = db.parent / "x.json"
    assert run_cli("export", "--db", str(db), "--out", str(out)) == 0
    return json.loads(out.read_text())
