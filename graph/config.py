"""Where the data lives and which store to open, from flags and the environment."""

from __future__ import annotations

import os
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PRECEDENT_DATA", REPO_DIR / "data"))
DEFAULT_DB = DATA_DIR / "store"


def open_store(spec: str | Path | None = None):
    """The store a flag or the environment names: a directory for the embedded store (the default)."""
    from graph.sqlite_store import SqliteStore

    return SqliteStore(Path(spec) if spec else Path(os.environ.get("PRECEDENT_DB", DEFAULT_DB)))
