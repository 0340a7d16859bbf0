"""The embedded store: one SQLite file, no server.

SQLite ships with Python, writes each opinion in one ACID transaction (so a
killed ingest leaves the last committed state), and has FTS5 for ranking
passages by BM25. The graph questions (neighbours, degrees, doctrine subtree
counts, reliance walks) are SQL and recursive CTEs over indexed tables; the
shortest path is a bidirectional breadth-first search, one indexed query per level.
`snapshot()` gives a thread its own read-only connection in one read transaction,
which WAL mode keeps at one committed state while an ingest goes on writing.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from graph.keys import name_key
from graph.model import Case, Citation, Depth, Doctrine, Evidence, Holding, OpinionGraph, Passage, Support
from graph.store import StoreError, check_direction, lookup_cites, merge_case, norm_cite, sort_cites

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL, citations TEXT NOT NULL,
  court TEXT, year INTEGER, date TEXT, docket TEXT, has_text INTEGER NOT NULL,
  source_file TEXT, missing TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cases_name_key ON cases(name_key);
CREATE INDEX IF NOT EXISTS cases_docket ON cases(docket);
CREATE TABLE IF NOT EXISTS case_cites (cite TEXT PRIMARY KEY, case_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS case_cites_case ON case_cites(case_id);
CREATE TABLE IF NOT EXISTS citations (
  citing TEXT NOT NULL, cited TEXT NOT NULL, source TEXT NOT NULL, reported_by TEXT NOT NULL,
  treatments TEXT NOT NULL, count INTEGER NOT NULL, doctrines TEXT NOT NULL, evidence TEXT NOT NULL,
  depth TEXT NOT NULL DEFAULT 'null', in_part TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (citing, cited, source, reported_by)
);
CREATE INDEX IF NOT EXISTS citations_cited ON citations(cited);
CREATE INDEX IF NOT EXISTS citations_reported_by ON citations(reported_by);
CREATE TABLE IF NOT EXISTS edge_doctrines (
  citing TEXT NOT NULL, cited TEXT NOT NULL, source TEXT NOT NULL, reported_by TEXT NOT NULL, key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS edge_doctrines_key ON edge_doctrines(key);
CREATE INDEX IF NOT EXISTS edge_doctrines_edge ON edge_doctrines(citing, cited, source, reported_by);
CREATE INDEX IF NOT EXISTS edge_doctrines_reported_by ON edge_doctrines(reported_by);
CREATE TABLE IF NOT EXISTS opinions (case_id TEXT PRIMARY KEY, source_file TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS findings (key TEXT PRIMARY KEY, claims TEXT NOT NULL, data BLOB NOT NULL, signature TEXT);
CREATE INDEX IF NOT EXISTS findings_unsettled ON findings(key) WHERE signature IS NULL;
CREATE TABLE IF NOT EXISTS settle_state (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS case_names (case_id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS doctrines (key TEXT PRIMARY KEY, label TEXT NOT NULL, parent TEXT, about TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS holdings (
  opinion TEXT NOT NULL, offset INTEGER NOT NULL, text TEXT NOT NULL, doctrines TEXT NOT NULL, support TEXT NOT NULL,
  PRIMARY KEY (opinion, offset)
);
CREATE TABLE IF NOT EXISTS holding_doctrines (opinion TEXT NOT NULL, offset INTEGER NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS holding_doctrines_key ON holding_doctrines(key);
CREATE INDEX IF NOT EXISTS holding_doctrines_opinion ON holding_doctrines(opinion);
CREATE TABLE IF NOT EXISTS found_doctrines (
  opinion TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, about TEXT NOT NULL, named_after TEXT,
  PRIMARY KEY (opinion, key)
);
CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(
  text, case_id UNINDEXED, cited_id UNINDEXED, offset UNINDEXED, doctrines UNINDEXED, tokenize='porter unicode61'
);
-- whose each passage is: the full-text table finds an UNINDEXED column only by reading every row
CREATE TABLE IF NOT EXISTS passage_of (passage INTEGER PRIMARY KEY, case_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS passage_of_case ON passage_of(case_id);
"""

_ADDED_COLUMNS = (("depth", "null"), ("in_part", "[]"))  # constants, not user input
_ORDER = " ORDER BY citing, cited, source, reported_by"
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit

# Edges per ancestor doctrine: edges are grouped by their list of tags first (a few thousand
# distinct lists in 500,000 edges), each list is expanded to its ancestors once, without
# repeats, and the groups are summed. The UNION (not ALL) of `up` stops on a taxonomy cycle.
_DOCTRINE_COUNTS = """
WITH RECURSIVE up(key, anc) AS (
  SELECT key, key FROM doctrines
  UNION
  SELECT up.key, d.parent FROM up JOIN doctrines d ON d.key = up.anc
  WHERE d.parent IN (SELECT key FROM doctrines)
),
tagged(tags, n) AS (SELECT doctrines, count(*) FROM citations WHERE doctrines != '[]' GROUP BY doctrines),
hits(tags, anc) AS (SELECT DISTINCT t.tags, up.anc FROM tagged t, json_each(t.tags) j JOIN up ON up.key = j.value)
SELECT hits.anc, sum(tagged.n) FROM hits JOIN tagged ON tagged.tags = hits.tags GROUP BY hits.anc
"""


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    ids = sorted(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _writes(method: Callable) -> Callable:
    """A write goes through the store's own connection, even inside a snapshot this thread holds (the
    snapshot's reads go on seeing the state it began with)."""

    @functools.wraps(method)
    def write(self: SqliteStore, *args: object, **kwargs: object) -> object:
        held, self._local.snap = getattr(self._local, "snap", None), None
        try:
            return method(self, *args, **kwargs)
        finally:
            self._local.snap = held

    return write


class SqliteStore:
    """The default store, in `<dir>/graph.sqlite`."""

    FILE = "graph.sqlite"

    def __init__(self, directory: Path) -> None:
        self.path = directory / self.FILE
        self._local = threading.local()  # .snap: this thread's snapshot connection, while one is open
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            indexed = self._conn.execute("SELECT 1 FROM sqlite_master WHERE name='passage_of'").fetchone()
            self._conn.executescript(_SCHEMA)
            if not indexed:  # a store written by an earlier version
                self._conn.execute("INSERT INTO passage_of SELECT rowid, case_id FROM passages")
            columns = {r[1] for r in self._conn.execute("PRAGMA table_info(citations)")}
            for column, default in _ADDED_COLUMNS:  # a store written by an earlier version
                if column not in columns:
                    self._conn.execute(f"ALTER TABLE citations ADD COLUMN {column} TEXT NOT NULL DEFAULT '{default}'")
        except (OSError, sqlite3.Error) as exc:  # a file where the folder should be, a file that is no database
            if hasattr(self, "_conn"):
                self._conn.close()
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StoreError(f"cannot open the store in {directory}: {reason}") from exc

    @property
    def db(self) -> sqlite3.Connection:
        """The connection this thread uses: its snapshot's while one is open, else the store's own."""
        return getattr(self._local, "snap", None) or self._conn

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """See `Store.snapshot`: a read-only connection of this thread's own, in one read transaction."""
        if getattr(self._local, "snap", None) is not None:  # nested: the outer snapshot goes on
            yield
            return
        snap = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        try:
            snap.execute("BEGIN")
            snap.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read transaction starts here
            self._local.snap = snap
            yield
        finally:
            self._local.snap = None
            snap.close()  # ends the read transaction


    # -- writing -------------------------------------------------------------
    @_writes
    def write_opinion(self, graph: OpinionGraph) -> None:
        op = graph.opinion.id
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            old = db.execute("SELECT cited FROM citations WHERE citing=? AND source='direct'", (op,))
            touched = {r[0] for r in old}
            for citing, cited in db.execute("SELECT citing, cited FROM citations WHERE reported_by=?", (op,)):
                touched |= {citing, cited}
            db.execute("DELETE FROM edge_doctrines WHERE (citing=? AND source='direct') OR reported_by=?", (op, op))
            db.execute("DELETE FROM citations WHERE (citing=? AND source='direct') OR reported_by=?", (op, op))
            if db.execute("SELECT 1 FROM opinions WHERE case_id=?", (op,)).fetchone():  # passages come with it
                self._delete_passages(op)
            written = [graph.opinion, *graph.cases]
            for case in written:
                self._upsert_case(case)
            self._apply_names([c.id for c in written])
            known = {c.id for c in written}
            for e in graph.citations:
                for end in (e.citing, e.cited):
                    if end not in known and self.case(end) is None:
                        raise ValueError(f"citation {e.citing} -> {e.cited} names an unknown case {end!r}")
                    known.add(end)
                self._insert_edge(e)
            self._insert_passages(graph.passages)
            self._write_holdings(op, graph.holdings)
            db.execute("DELETE FROM found_doctrines WHERE opinion=?", (op,))
            db.executemany(
                "INSERT OR REPLACE INTO found_doctrines VALUES (?,?,?,?,?)",
                [(op, d.key, d.label, d.about, d.named_after) for d in graph.doctrines],
            )
            db.execute(
                "INSERT OR REPLACE INTO opinions(case_id, source_file, text) VALUES (?,?,?)",
                (op, graph.opinion.source_file or "", graph.text),
            )
            self._drop_orphans(touched | known)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- findings and settling (see Store) -------------------------------------------------------
    @_writes
    def put_findings(self, found: Sequence[tuple[str, str, bytes]]) -> None:
        if not found:
            return
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT INTO findings VALUES (?,?,?,NULL) ON CONFLICT(key) DO UPDATE SET claims=excluded.claims, "
                "data=excluded.data, signature=CASE WHEN claims=excluded.claims AND data=excluded.data "
                "THEN signature END",
                found,
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def findings_claims(self, keys: list[str] | None = None) -> list[tuple[str, str, str | None]]:
        if keys is None:
            return [tuple(r) for r in self.db.execute("SELECT key, claims, signature FROM findings ORDER BY key")]
        out: list[tuple[str, str, str | None]] = []
        for chunk in _chunks(sorted(set(keys))):
            q = f"SELECT key, claims, signature FROM findings WHERE key IN ({_marks(len(chunk))})"
            out.extend(tuple(r) for r in self.db.execute(q, chunk))
        return sorted(out)

    def unsettled(self) -> list[tuple[str, str, str | None]]:
        return [tuple(r) for r in self.db.execute(
            "SELECT key, claims, signature FROM findings INDEXED BY findings_unsettled WHERE signature IS NULL "
            "ORDER BY key")]

    def findings_data(self, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for chunk in _chunks(keys):
            q = f"SELECT key, data FROM findings WHERE key IN ({_marks(len(chunk))})"
            out.update((k, bytes(d)) for k, d in self.db.execute(q, chunk))
        return out

    def settle_state(self, kind: str, keys: list[str] | None = None) -> dict[str, str]:
        if keys is None:
            return dict(self.db.execute("SELECT key, value FROM settle_state WHERE kind=?", (kind,)))
        out: dict[str, str] = {}
        for chunk in _chunks(sorted(set(keys))):
            q = f"SELECT key, value FROM settle_state WHERE kind=? AND key IN ({_marks(len(chunk))})"
            out.update(self.db.execute(q, [kind, *chunk]))
        return out

    def apply_settlement(
        self, cases: list[Case], graphs: list[OpinionGraph], drop_opinions: list[str], signatures: dict[str, str],
        state: dict[str, dict[str, str | None]] | None = None, drop_cases: list[str] = (),
    ) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for op in sorted(set(drop_opinions) | {g.opinion.id for g in graphs}):
                db.execute("DELETE FROM edge_doctrines WHERE (citing=? AND source='direct') OR reported_by=?", (op, op))
                db.execute("DELETE FROM citations WHERE (citing=? AND source='direct') OR reported_by=?", (op, op))
                self._delete_passages(op)
                db.execute("DELETE FROM opinions WHERE case_id=?", (op,))
                self._write_holdings(op, [])
                db.execute("DELETE FROM found_doctrines WHERE opinion=?", (op,))
            wanted = {c.id: c for c in cases}
            stored = {c.id: c for c in self._cases_of(wanted)}
            gone = sorted(set(drop_cases) - set(wanted))
            for chunk in _chunks(gone):
                db.execute(f"DELETE FROM cases WHERE id IN ({_marks(len(chunk))})", chunk)
                db.execute(f"DELETE FROM case_cites WHERE case_id IN ({_marks(len(chunk))})", chunk)
            for c in cases:
                if stored.get(c.id) != c:
                    db.execute("DELETE FROM case_cites WHERE case_id=?", (c.id,))
                    self._put_case(c)
            self._apply_names(list(wanted))
            ends = {end for g in graphs for e in g.citations for end in (e.citing, e.cited)}
            known = {c.id for c in self._cases_of(ends)}
            for g in graphs:
                for e in g.citations:
                    for end in (e.citing, e.cited):
                        if end not in known:
                            raise ValueError(f"citation {e.citing} -> {e.cited} names an unknown case {end!r}")
                    self._insert_edge(e)
                self._insert_passages(g.passages)
                self._write_holdings(g.opinion.id, g.holdings)
                db.executemany(
                    "INSERT OR REPLACE INTO found_doctrines VALUES (?,?,?,?,?)",
                    [(g.opinion.id, d.key, d.label, d.about, d.named_after) for d in g.doctrines],
                )
                db.execute(
                    "INSERT OR REPLACE INTO opinions(case_id, source_file, text) VALUES (?,?,?)",
                    (g.opinion.id, g.opinion.source_file or "", g.text),
                )
            db.executemany("UPDATE findings SET signature=? WHERE key=?", [(v, k) for k, v in signatures.items()])
            for kind, rows in (state or {}).items():
                db.executemany("DELETE FROM settle_state WHERE kind=? AND key=?",
                               [(kind, k) for k, v in rows.items() if v is None])
                db.executemany("INSERT OR REPLACE INTO settle_state VALUES (?,?,?)",
                               [(kind, k, v) for k, v in rows.items() if v is not None])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _cases_of(self, ids: Iterable[str]) -> list[Case]:
        out: list[Case] = []
        for chunk in _chunks(sorted(set(ids))):
            out.extend(self._case(r) for r in self.db.execute(
                f"SELECT * FROM cases WHERE id IN ({_marks(len(chunk))})", chunk))
        return out

    def _delete_passages(self, op: str) -> None:
        rows = [r for r in self.db.execute("SELECT passage FROM passage_of WHERE case_id=?", (op,))]
        self.db.executemany("DELETE FROM passages WHERE rowid=?", rows)
        self.db.execute("DELETE FROM passage_of WHERE case_id=?", (op,))

    def _insert_passages(self, passages: list[Passage]) -> None:
        for p in passages:
            row = self.db.execute(
                "INSERT INTO passages(text, case_id, cited_id, offset, doctrines) VALUES (?,?,?,?,?)",
                (p.text, p.case_id, p.cited_id, p.offset, json.dumps(list(p.doctrines))),
            ).lastrowid
            self.db.execute("INSERT INTO passage_of VALUES (?,?)", (row, p.case_id))

    def _write_holdings(self, op: str, holdings: list[Holding]) -> None:
        self.db.execute("DELETE FROM holdings WHERE opinion=?", (op,))
        self.db.execute("DELETE FROM holding_doctrines WHERE opinion=?", (op,))
        for h in holdings:
            support = [[s.cited, s.role, s.text, s.offset] for s in h.support]
            self.db.execute(
                "INSERT OR REPLACE INTO holdings VALUES (?,?,?,?,?)",
                (op, h.offset, h.text, json.dumps(list(h.doctrines)), json.dumps(support, ensure_ascii=False)),
            )
            rows = [(op, h.offset, k) for k in h.doctrines]
            self.db.executemany("INSERT INTO holding_doctrines VALUES (?,?,?)", rows)

    def _upsert_case(self, c: Case) -> None:
        row = self.db.execute("SELECT * FROM cases WHERE id=?", (c.id,)).fetchone()
        self._put_case(merge_case(self._case(row) if row else None, c))

    def _put_case(self, merged: Case) -> None:
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
            "INSERT OR REPLACE INTO case_cites VALUES (?,?)", [(x, merged.id) for x in lookup_cites(merged)]
        )

    def _apply_names(self, ids: list[str]) -> None:
        """Names readers gave (`set_case_name`) win over what an ingest read."""
        for chunk in _chunks(set(ids)):
            for cid, name in self.db.execute(
                f"SELECT case_id, name FROM case_names WHERE case_id IN ({_marks(len(chunk))})", chunk
            ).fetchall():
                self.db.execute("UPDATE cases SET name=?, name_key=? WHERE id=?", (name, name_key(name), cid))

    @_writes
    def set_case_name(self, case_id: str, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a case name cannot be blank")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            if not self.db.execute("SELECT 1 FROM cases WHERE id=?", (case_id,)).fetchone():
                raise KeyError(case_id)
            self.db.execute("INSERT OR REPLACE INTO case_names VALUES (?,?)", (case_id, name))
            self._apply_names([case_id])

    def _insert_edge(self, e: Citation) -> None:
        key = (e.citing, e.cited, e.source, e.reported_by or "")
        self.db.execute(
            "INSERT OR REPLACE INTO citations VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                *key,
                json.dumps(list(e.treatments)),
                e.count,
                json.dumps(list(e.doctrines)),
                json.dumps([ev.__dict__ for ev in e.evidence], ensure_ascii=False),
                json.dumps(e.depth.__dict__ if e.depth else None),
                json.dumps(list(e.in_part)),
            ),
        )
        self.db.execute("DELETE FROM edge_doctrines WHERE citing=? AND cited=? AND source=? AND reported_by=?", key)
        self.db.executemany("INSERT INTO edge_doctrines VALUES (?,?,?,?,?)", [(*key, d) for d in e.doctrines])

    def _drop_orphans(self, candidates: set[str]) -> None:
        """Cited-only cases that no edge touches any more (after a re-ingest changed them).

        Only this write's cases and the ends of the edges it replaced can have become
        orphans (every earlier write dropped its own), so only they are checked.
        """
        for chunk in _chunks(candidates):
            gone = [
                r[0]
                for r in self.db.execute(
                    f"SELECT id FROM cases WHERE id IN ({_marks(len(chunk))}) AND has_text=0 "
                    "AND NOT EXISTS (SELECT 1 FROM citations WHERE citing=cases.id) "
                    "AND NOT EXISTS (SELECT 1 FROM citations WHERE cited=cases.id)",
                    chunk,
                )
            ]
            if gone:
                self.db.execute(f"DELETE FROM cases WHERE id IN ({_marks(len(gone))})", gone)
                self.db.execute(f"DELETE FROM case_cites WHERE case_id IN ({_marks(len(gone))})", gone)

    @_writes
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

    def find_by_docket(self, docket: str) -> list[Case]:
        rows = self.db.execute("SELECT * FROM cases WHERE docket=? ORDER BY id", (docket,)).fetchall()
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
            depth=Depth(**d) if (d := json.loads(r[8])) else None,
            in_part=tuple(json.loads(r[9])),
        )

    def _edges(self, sql: str, args: Iterable[object] = ()) -> list[Citation]:
        return [self._edge(r) for r in self.db.execute(sql, tuple(args))]

    def cases(self) -> list[Case]:
        return [self._case(r) for r in self.db.execute("SELECT * FROM cases ORDER BY id")]

    def case(self, case_id: str) -> Case | None:
        r = self.db.execute("SELECT * FROM cases WHERE id=?", (case_id,)).fetchone()
        return self._case(r) if r else None

    def citations(self) -> list[Citation]:
        return self._edges("SELECT * FROM citations" + _ORDER)

    def opinion_text(self, case_id: str) -> str | None:
        r = self.db.execute("SELECT text FROM opinions WHERE case_id=?", (case_id,)).fetchone()
        return r[0] if r else None

    def doctrines(self) -> list[Doctrine]:
        """The taxonomy and the doctrines the opinions name that it lacks (one per key, the first opinion's)."""
        out = {r[0]: Doctrine(*r) for r in self.db.execute("SELECT key, label, parent, about FROM doctrines")}
        for key, label, about, after in self.db.execute(
            "SELECT key, label, about, named_after FROM found_doctrines ORDER BY key, opinion"
        ):
            out.setdefault(key, Doctrine(key, label, None, about, after))
        return sorted(out.values(), key=lambda d: d.key)

    def doctrine_citations(self, keys: list[str]) -> list[Citation]:
        if not keys:
            return []
        return self._edges(
            "SELECT c.* FROM citations c WHERE EXISTS (SELECT 1 FROM edge_doctrines d WHERE d.citing=c.citing "
            "AND d.cited=c.cited AND d.source=c.source AND d.reported_by=c.reported_by "
            f"AND d.key IN ({_marks(len(keys))}))"
            + _ORDER,
            keys,
        )

    def holdings(self, opinion: str | None = None, doctrines: list[str] | None = None) -> list[Holding]:
        sql, args = "SELECT * FROM holdings h WHERE 1=1", []
        if opinion is not None:
            sql += " AND opinion=?"
            args.append(opinion)
        if doctrines is not None:
            sql += (" AND EXISTS (SELECT 1 FROM holding_doctrines d WHERE d.opinion=h.opinion AND d.offset=h.offset "
                    f"AND d.key IN ({_marks(len(doctrines))}))")
            args += doctrines
        return [
            Holding(r[0], r[2], r[1], tuple(json.loads(r[3])), tuple(Support(*x) for x in json.loads(r[4])))
            for r in self.db.execute(sql + " ORDER BY opinion, offset", args)
        ]

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

    # -- graph questions -----------------------------------------------------
    def neighbours(self, case_id: str, direction: str, treatments: list[str] | None = None) -> list[Citation]:
        check_direction(direction)
        side = "citing" if direction == "cites" else "cited"
        if treatments is None:
            return self._edges(f"SELECT * FROM citations WHERE {side}=?" + _ORDER, (case_id,))
        if not treatments:
            return []
        return self._edges(
            f"SELECT * FROM citations WHERE {side}=? AND EXISTS (SELECT 1 FROM json_each(CASE WHEN treatments='[]' "
            f"""THEN '["cited"]' ELSE treatments END) WHERE value IN ({_marks(len(treatments))}))""" + _ORDER,
            (case_id, *treatments),
        )

    def degrees(self) -> dict[str, tuple[int, int]]:
        rows = self.db.execute(
            "SELECT id, (SELECT count(*) FROM citations WHERE citing=cases.id), "
            "(SELECT count(*) FROM citations WHERE cited=cases.id) FROM cases"
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def doctrine_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((r[0] for r in self.db.execute("SELECT key FROM doctrines")), 0)
        counts.update(dict(self.db.execute(_DOCTRINE_COUNTS).fetchall()))
        for key, n in self.db.execute(  # found doctrines have no subtree
            "SELECT f.key, (SELECT count(*) FROM (SELECT DISTINCT citing, cited, source, reported_by "
            "FROM edge_doctrines e WHERE e.key = f.key)) FROM (SELECT DISTINCT key FROM found_doctrines) f"
        ):
            counts.setdefault(key, n)
        return counts

    def reliance(self, case_id: str, up: bool, depth: int, limit: int) -> list[Citation]:
        depth, limit = int(depth), int(limit)
        if depth < 1 or limit < 1:
            return []
        this, nxt = ("citing", "cited") if up else ("cited", "citing")
        return self._edges(
            f"""
            WITH RECURSIVE reach(id, hop) AS (
              SELECT ?, 0
              UNION
              SELECT c.{nxt}, r.hop + 1 FROM reach r JOIN citations c ON c.{this} = r.id WHERE r.hop < ?
            ), near(id, hop) AS (SELECT id, min(hop) FROM reach GROUP BY id)
            SELECT c.* FROM citations c JOIN near ON c.{this} = near.id
            ORDER BY near.hop, c.count DESC, c.citing, c.cited, c.source, c.reported_by LIMIT ?
            """,
            (case_id, depth - 1, limit),
        )

    def shortest_path(self, a: str, b: str, directed: bool, max_hops: int = 8) -> list[str] | None:
        if self.case(a) is None or self.case(b) is None:
            return None
        if a == b:
            return [a]
        return bfs_path(a, b, int(max_hops), lambda ids, forward: self._adjacent(ids, forward, directed))

    def _adjacent(self, ids: set[str], forward: bool, directed: bool) -> dict[str, set[str]]:
        """Each id's neighbours one edge away: what it cites (forward) or what cites it; both if undirected."""
        sides = [("citing", "cited"), ("cited", "citing")]
        if directed:
            sides = sides[:1] if forward else sides[1:]
        out: dict[str, set[str]] = defaultdict(set)
        for chunk in _chunks(ids):
            for this, other in sides:
                sql = f"SELECT {this}, {other} FROM citations WHERE {this} IN ({_marks(len(chunk))})"
                for u, v in self.db.execute(sql, chunk):
                    out[u].add(v)
        return out

    def close(self) -> None:
        self._conn.close()


Expand = Callable[[set[str], bool], dict[str, set[str]]]


def bfs_path(a: str, b: str, max_hops: int, expand: Expand) -> list[str] | None:
    """The first-sorting shortest path a -> b, searching from both ends, the smaller frontier first.

    `expand(ids, forward)` gives each id's successors (forward) or predecessors.
    Once the searches meet at length L, a split level s is known from both sides:
    nodes up to s by their distance from a, nodes past s by their distance to b.
    The path is then read greedily, smallest id first, among nodes that are on
    some shortest path.
    """
    dist_a, dist_b = {a: 0}, {b: 0}
    succ: dict[str, set[str]] = {}  # expanded from a: node -> what it leads to
    pred: dict[str, set[str]] = {}  # expanded from b: node -> what leads to it
    front_a, front_b, ka, kb = {a}, {b}, 0, 0
    length = None
    while front_a and front_b and ka + kb < max_hops and length is None:
        forward = len(front_a) <= len(front_b)
        front, dist, seen, other = (front_a, dist_a, succ, dist_b) if forward else (front_b, dist_b, pred, dist_a)
        step = expand(front, forward)
        seen.update({u: step.get(u, set()) for u in front})
        level = (ka if forward else kb) + 1
        front = {v for u in front for v in seen[u] if v not in dist}
        for v in front:
            dist[v] = level
        meet = [dist_a[v] + dist_b[v] for v in front if v in other]
        length = min(meet) if meet else None
        if forward:
            front_a, ka = front, level
        else:
            front_b, kb = front, level
    if length is None or length > max_hops:
        return None
    split = max(0, length - kb)
    good = {x for x, d in dist_a.items() if d == split and dist_b.get(x) == length - split}
    on_path = {split: good}
    for k in range(split - 1, -1, -1):
        on_path[k] = {u for u, d in dist_a.items() if d == k and succ[u] & on_path[k + 1]}
    after: dict[str, set[str]] = defaultdict(set)
    for w, us in pred.items():
        for u in us:
            after[u].add(w)
    path = [a]
    for k in range(length):
        u = path[-1]
        if k < split:
            path.append(min(succ[u] & on_path[k + 1]))
        else:
            path.append(min(w for w in after[u] if dist_b.get(w) == length - k - 1))
    return path
