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
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the three seed opinions (built once per session; do not write to it)."""
    db = tmp_path_factory.mktemp("seeds") / "db"
    assert run_cli("ingest", "-q", "--db", str(db), *map(str, SEEDS)) == 0
    return db


@pytest.fixture(scope="session")
def seed_export(seed_db: Path) -> dict:
    """The export of the seed store."""
    db = seed_db
    out = db.parent / "x.json"
    assert run_cli("export", "--db", str(db), "--out", str(out)) == 0
    return json.loads(out.read_text())
