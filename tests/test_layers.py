"""The store layer (`graph/`) is below the pipeline (`ingest/`): it never imports it."""

from __future__ import annotations

import ast
from pathlib import Path

GRAPH = Path(__file__).resolve().parent.parent / "graph"


def test_graph_imports_nothing_of_ingest() -> None:
    found = []
    for path in sorted(GRAPH.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {n}" for n in names if n == "ingest" or n.startswith("ingest.")]
    assert found == []
