"""The embedded store: one SQLite file, no server.

SQLite ships with Python, writes each opinion in one ACID transaction (so a
killed ingest leaves the last committed state), and has FTS5 for ranking
passages by BM25. networkx answers the path questions on top of it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from graph.model import Case, Citation, Doctrine, Evidence, OpinionGraph, Passage
from ingest.extract import reporter_rank
from ingest.names import name_key

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL, citations TEXT NOT NULL,
  court TEXT, year INTEGER, date TEXT, docket TEXT, has_text INTEGER NOT NULL,
  source_file TEXT, missing TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_name_key ON cases(name_key);
CREATE TABLE IF NOT EXISTS case_cites (cite TEXT PRIMARY KEY, case_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS citations (
  citing TEXT NOT NULL, cited TEXT NOT NULL, source TEXT NOT NULL, reported_by TEXT NOT NULL,
  treatments TEXT NOT NULL, count INTEGER NOT NULL, doctrines TEXT NOT NULL, evidence TEXT NOT NULL,
  PRIMARY KEY (citing, cited, source, reported_by)
);
CREATE INDEX IF NOT EXISTS citations_cited ON citations(cited);
CREATE INDEX IF NOT EXISTS citations_reported_by ON citations(reported_by);
CREATE TABLE IF NOT EXISTS edge_doctrines (
  citing TEXT NOT NULL, cited TEXT NOT NULL, source TEXT NOT NULL, reported_by TEXT NOT NULL, key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS edge_doctrines_key ON edge_doctrines(key);
CREATE INDEX IF NOT EXISTS edge_doctrines_edge ON edge_doctrines(citing, cited, source, reported_by);
CREATE TABLE IF NOT EXISTS opinions (case_id TEXT PRIMARY KEY, source_file TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doctrines (key TEXT PRIMARY KEY, label TEXT NOT NULL, parent TEXT, about TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(
  text, case_id UNINDEXED, cited_id UNINDEXED, offset UNINDEXED, doctrines UNINDEXED, tokenize='porter unicode61'
);
"""


def norm_cite(cite: str) -> str:
    """One spelling per reporter citation for lookups ("465 U. S. 783" == "465 U.S. 783")."""
    return "".join(ch for ch in cite.lower() if ch.isalnum())


def sort_cites(cites: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(cites), key=lambda c: (reporter_rank(c), c)))


class SqliteStore:
    """The default store, in `<dir>/graph.sqlite`."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "graph.sqlite"
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    # -- writing -------------------------------------------------------------
    def write_opinion(self, graph: OpinionGraph) -> None:
        op = graph.opinion.id
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("DELETE FROM edge_doctrines WHERE (citing=? AND source='direct') OR reported_by=?", (op, op))
            db.execute("DELETE FROM citations WHERE (citing=? AND source='direct') OR reported_by=?", (op, op))
            db.execute("DELETE FROM passages WHERE case_id=?", (op,))
            for case in [graph.opinion, *graph.cases]:
                self._upsert_case(case)
            for e in graph.citations:
                self._insert_edge(e)
            db.executemany(
                "INSERT INTO passages(text, case_id, cited_id, offset, doctrines) VALUES (?,?,?,?,?)",
                [(p.text, p.case_id, p.cited_id, p.offset, json.dumps(list(p.doctrines))) for p in graph.passages],
            )
            db.execute(
                "INSERT OR REPLACE INTO opinions(case_id, source_file, text) VALUES (?,?,?)",
                (op, graph.opinion.source_file or "", graph.text),
            )
            self._drop_orphans()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _upsert_case(self, c: Case) -> None:
        row = self.db.execute("SELECT * FROM cases WHERE id=?", (c.id,)).fetchone()
        if row is None:
            merged = c
        else:
            old = self._case(row)
            keep_old = old.has_text and not c.has_text
            base, other = (old, c) if keep_old or (old.name and not c.has_text) else (c, old)
            merged = Case(
                id=c.id,
                name=base.name or other.name,
                citations=sort_cites(old.citations + c.citations),
                court=base.court or other.court,
                year=base.year or other.year,
                has_text=old.has_text or c.has_text,
                source_file=base.source_file or other.source_file,
                date=base.date or other.date,
                docket=base.docket or other.docket,
                missing=base.missing if base.has_text else other.missing if other.has_text else (),
            )
        self.db.execute(
            "INSERT OR REPLACE INTO cases VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                merged.id,
                merged.name,
                name_key(merged.name),
                json.dumps(list(sort_cites(merged.citations))),
                merged.court,
                merged.year,
                merged.date,
                merged.docket,
                int(merged.has_text),
                merged.source_file,
                json.dumps(list(merged.missing)),
            ),
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO case_cites VALUES (?,?)",
            [(norm_cite(x), merged.id) for x in merged.citations if "___" not in x],
        )

    def _insert_edge(self, e: Citation) -> None:
        key = (e.citing, e.cited, e.source, e.reported_by or "")
        self.db.execute(
            "INSERT OR REPLACE INTO citations VALUES (?,?,?,?,?,?,?,?)",
            (
                *key,
                json.dumps(list(e.treatments)),
                e.count,
                json.dumps(list(e.doctrines)),
                json.dumps([ev.__dict__ for ev in e.evidence], ensure_ascii=False),
            ),
        )
        self.db.execute("DELETE FROM edge_doctrines WHERE citing=? AND cited=? AND source=? AND reported_by=?", key)
        self.db.executemany("INSERT INTO edge_doctrines VALUES (?,?,?,?,?)", [(*key, d) for d in e.doctrines])

    def _drop_orphans(self) -> None:
        """Cited-only cases that no edge points at any more (after a re-ingest changed them)."""
        self.db.execute(
            "DELETE FROM cases WHERE has_text=0 AND id NOT IN (SELECT cited FROM citations) "
            "AND id NOT IN (SELECT citing FROM citations)"
        )
        self.db.execute("DELETE FROM case_cites WHERE case_id NOT IN (SELECT id FROM cases)")

    def set_doctrines(self, doctrines: list[Doctrine]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM doctrines")
            self.db.executemany(
                "INSERT INTO doctrines VALUES (?,?,?,?)", [(d.key, d.label, d.parent, d.about) for d in doctrines]
            )

    # -- lookups -------------------------------------------------------------
    def find_by_citation(self, cites: list[str]) -> str | None:
        for c in cites:
            row = self.db.execute("SELECT case_id FROM case_cites WHERE cite=?", (norm_cite(c),)).fetchone()
            if row:
                return row[0]
        return None

    def find_by_name(self, key: str) -> list[Case]:
        rows = self.db.execute("SELECT * FROM cases WHERE name_key=? ORDER BY id", (key,)).fetchall()
        return [self._case(r) for r in rows]

    def name_index(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT id, name FROM cases ORDER BY id")]

    # -- reading -------------------------------------------------------------
    @staticmethod
    def _case(r: tuple) -> Case:
        return Case(
            id=r[0],
            name=r[1],
            citations=tuple(json.loads(r[3])),
            court=r[4],
            year=r[5],
            date=r[6],
            docket=r[7],
            has_text=bool(r[8]),
            source_file=r[9],
            missing=tuple(json.loads(r[10])),
        )

    @staticmethod
    def _edge(r: tuple) -> Citation:
        return Citation(
            citing=r[0],
            cited=r[1],
            source=r[2],
            reported_by=r[3] or None,
            treatments=tuple(json.loads(r[4])),
            count=r[5],
            doctrines=tuple(json.loads(r[6])),
            evidence=tuple(Evidence(**d) for d in json.loads(r[7])),
        )

    def cases(self) -> list[Case]:
        return [self._case(r) for r in self.db.execute("SELECT * FROM cases ORDER BY id")]

    def case(self, case_id: str) -> Case | None:
        r = self.db.execute("SELECT * FROM cases WHERE id=?", (case_id,)).fetchone()
        return self._case(r) if r else None

    _ORDER = " ORDER BY citing, cited, source, reported_by"

    def citations(self) -> list[Citation]:
        return [self._edge(r) for r in self.db.execute("SELECT * FROM citations" + self._ORDER)]

    def citations_from(self, case_id: str) -> list[Citation]:
        return [
            self._edge(r) for r in self.db.execute("SELECT * FROM citations WHERE citing=?" + self._ORDER, (case_id,))
        ]

    def citations_to(self, case_id: str) -> list[Citation]:
        return [
            self._edge(r) for r in self.db.execute("SELECT * FROM citations WHERE cited=?" + self._ORDER, (case_id,))
        ]

    def opinion_text(self, case_id: str) -> str | None:
        r = self.db.execute("SELECT text FROM opinions WHERE case_id=?", (case_id,)).fetchone()
        return r[0] if r else None

    def doctrines(self) -> list[Doctrine]:
        return [Doctrine(*r) for r in self.db.execute("SELECT key, label, parent, about FROM doctrines ORDER BY key")]

    def doctrine_citations(self, keys: list[str]) -> list[Citation]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT c.* FROM citations c WHERE EXISTS (SELECT 1 FROM edge_doctrines d WHERE d.citing=c.citing "
            "AND d.cited=c.cited AND d.source=c.source AND d.reported_by=c.reported_by AND d.key IN ("
            + marks
            + "))"
            + self._ORDER,
            keys,
        )
        return [self._edge(r) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[tuple[Passage, float]]:
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if len(w) > 1]
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT text, case_id, cited_id, offset, doctrines, bm25(passages) FROM passages WHERE passages MATCH ? "
            "ORDER BY bm25(passages) LIMIT ?",
            (match, limit),
        ).fetchall()
        return [(Passage(r[1], r[2], int(r[3]), r[0], tuple(json.loads(r[4]))), -float(r[5])) for r in rows]

    def stats(self) -> dict[str, int]:
        q = self.db.execute
        return {
            "cases": q("SELECT count(*) FROM cases").fetchone()[0],
            "citations": q("SELECT count(*) FROM citations").fetchone()[0],
            "opinions": q("SELECT count(*) FROM opinions").fetchone()[0],
        }

    def close(self) -> None:
        self.db.close()
