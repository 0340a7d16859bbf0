"""Where the data lives and which store to open, from flags and the environment.

A store is named by a directory (the embedded store) or a Neo4j address
(neo4j://, bolt://, neo4j+s://, bolt+s://; login from NEO4J_USER, NEO4J_PASSWORD,
database from NEO4J_DATABASE). With no flag: $PRECEDENT_DB, else $NEO4J_URI, else
data/store/.
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.store import Store, StoreError

REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PRECEDENT_DATA", REPO_DIR / "data"))
DEFAULT_DB = DATA_DIR / "store"


def store_spec() -> str:
    """The store the environment names: $PRECEDENT_DB, else $NEO4J_URI, else the default directory."""
    return os.environ.get("PRECEDENT_DB") or os.environ.get("NEO4J_URI") or str(DEFAULT_DB)


def open_store(spec: str | Path | None = None, create: bool = True) -> Store:
    """The store a flag (or, without one, the environment) names. Raises StoreError with a one-line reason.

    Without `create`, a directory that holds no embedded store is an error (a mistyped --db), not a new store.
    """
    spec = str(spec) if spec else store_spec()
    if "://" not in spec:
        from graph.sqlite_store import SqliteStore

        if not create and not (Path(spec) / SqliteStore.FILE).is_file():
            raise StoreError(f"no store at {spec} (`precedent ingest PATH --db {spec}` creates one)")
        return SqliteStore(Path(spec))
    from graph.neo4j_store import Neo4jStore  # refuses any other scheme, naming the ones it takes

    env = os.environ.get
    return Neo4jStore(spec, env("NEO4J_USER") or "neo4j", env("NEO4J_PASSWORD") or "", env("NEO4J_DATABASE") or None)
