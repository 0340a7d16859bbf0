"""The Neo4j store: the same graph in a Neo4j 5 server, through the official driver.

A graph database answers the graph questions (reliance walks, shortest paths,
doctrine subtrees) next to the data, so the app never pulls a large graph over
the wire. The model:

    (:Case {id, name, name_key, citations, court, year, date, docket, docket_key, has_text, source_file, missing})
    (:Case)-[:CITES {source, reported_by, treatments, count, doctrines, evidence}]->(:Case)
    (:Doctrine {key, label, parent, about})-[:PARENT]->(:Doctrine)
    (:Opinion {case_id, source_file, text})      the ingested text, off the Case node
    (:Passage {case_id, cited_id, offset, text, doctrines, key})   FULLTEXT-indexed for search
    (:CaseCite {cite, case_id})                  normalized reporter citation -> case, for lookups

`reported_by` is "" on direct edges (a MERGE key cannot be null) and `evidence`
is a JSON string, as in the embedded store. Indexed lookup keys (`name_key`,
`docket_key`, `CaseCite.cite`) are the value itself, or its hash when it is too long
for a Neo4j index entry (a hostile file's 40,000-letter caption). A passage's `key`
is a hash of its content: re-writing an opinion keeps the passages that did not
change, so the full-text index (whose scores count deleted entries until Lucene merges
its segments) ranks the same after a re-ingest. Every query takes its values as
parameters; the only things formatted into Cypher are constant labels and
path lengths that went through int(). Each opinion is written in one
transaction, running the same merge rules as the embedded store
(`graph.store.merge_case`), so both export the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.keys import name_key
from graph.model import Case, Citation, Depth, Doctrine, Evidence, Holding, OpinionGraph, Passage, Support
from graph.store import StoreError, check_direction, edge_key, lookup_cites, merge_case, norm_cite, sort_cites

# The driver warns on stderr while it retries; the one-line StoreError says it better. An app that
# configures logging still gets the driver's records (a NullHandler only stops the last-resort print).
logging.getLogger("neo4j").addHandler(logging.NullHandler())

SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
BATCH = 5000  # rows per UNWIND: one opinion's citations in one round trip, a bulk load in bounded messages
TEXT_BATCH_BYTES = 8 * 1024 * 1024  # opinion texts per round trip: a settle's many in few, a message bounded
INDEX_BYTES = 4000  # a RANGE index entry holds at most ~8 kB; longer lookup keys are stored hashed

_SCHEMA = [
    "CREATE CONSTRAINT case_id IF NOT EXISTS FOR (c:Case) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT case_cite IF NOT EXISTS FOR (k:CaseCite) REQUIRE k.cite IS UNIQUE",
    "CREATE CONSTRAINT opinion_case IF NOT EXISTS FOR (o:Opinion) REQUIRE o.case_id IS UNIQUE",
    "CREATE CONSTRAINT doctrine_key IF NOT EXISTS FOR (d:Doctrine) REQUIRE d.key IS UNIQUE",
    "CREATE CONSTRAINT findings_key IF NOT EXISTS FOR (f:Findings) REQUIRE f.key IS UNIQUE",
    "CREATE CONSTRAINT settle_state_id IF NOT EXISTS FOR (s:SettleState) REQUIRE s.id IS UNIQUE",
    "CREATE INDEX settle_state_kind IF NOT EXISTS FOR (s:SettleState) ON (s.kind)",
    "CREATE INDEX findings_unsettled IF NOT EXISTS FOR (f:Findings) ON (f.unsettled)",
    # every settle looks up the renamed cases among those it writes: by index, not a scan per case
    "CREATE CONSTRAINT case_name_id IF NOT EXISTS FOR (n:CaseName) REQUIRE n.case_id IS UNIQUE",
    "CREATE INDEX case_name_key IF NOT EXISTS FOR (c:Case) ON (c.name_key)",
    "DROP INDEX case_docket IF EXISTS",  # earlier versions indexed the raw docket, which a long one overflows
    "CREATE INDEX case_docket_key IF NOT EXISTS FOR (c:Case) ON (c.docket_key)",
    "CREATE INDEX case_has_text IF NOT EXISTS FOR (c:Case) ON (c.has_text)",
    "CREATE INDEX case_cite_case IF NOT EXISTS FOR (k:CaseCite) ON (k.case_id)",
    "CREATE INDEX passage_case IF NOT EXISTS FOR (p:Passage) ON (p.case_id)",
    # an opinion written again replaces its holdings and doctrines: found by index, not a scan of them all
    "CREATE INDEX holding_opinion IF NOT EXISTS FOR (h:Holding) ON (h.opinion)",
    "CREATE INDEX found_doctrine_opinion IF NOT EXISTS FOR (f:FoundDoctrine) ON (f.opinion)",
    "CREATE INDEX cites_reported_by IF NOT EXISTS FOR ()-[r:CITES]-() ON (r.reported_by)",
    "CREATE FULLTEXT INDEX passage_text IF NOT EXISTS FOR (p:Passage) ON EACH [p.text] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}",  # stemmed, like the embedded store's porter
    "CALL db.awaitIndexes(300)",
]

# -- writing one opinion -----------------------------------------------------------------------

_DELETE_OLD = """
OPTIONAL MATCH (:Case {id: $op})-[d:CITES {source: 'direct'}]->(x:Case)
WITH collect(d) AS ds, collect(x.id) AS xs
OPTIONAL MATCH (a:Case)-[r:CITES {reported_by: $op}]->(b:Case)
WITH ds, xs, collect(r) AS rs, collect(a.id) + collect(b.id) AS ys
FOREACH (e IN ds + rs | DELETE e)
RETURN xs + ys AS touched
"""
_OLD_PASSAGES = "MATCH (p:Passage {case_id: $op}) RETURN elementId(p) AS id, p.key AS key"
_DELETE_PASSAGES = "UNWIND $ids AS id MATCH (p:Passage) WHERE elementId(p) = id DELETE p"
_DELETE_HOLDINGS = "UNWIND $ops AS op MATCH (h:Holding {opinion: op}) DELETE h"
_DELETE_FOUND = "UNWIND $ops AS op MATCH (f:FoundDoctrine {opinion: op}) DELETE f"
_WRITE_FOUND = "UNWIND $rows AS r CREATE (f:FoundDoctrine) SET f = r"
_FOUND_COUNTS = """
MATCH (f:FoundDoctrine) WITH DISTINCT f.key AS key
OPTIONAL MATCH ()-[r:CITES]->() WHERE key IN r.doctrines
RETURN key, count(r) AS n
"""
_WRITE_HOLDINGS = "UNWIND $rows AS r CREATE (h:Holding) SET h = r"
_HOLDINGS = """
MATCH (h:Holding)
WHERE ($op IS NULL OR h.opinion = $op) AND ($keys IS NULL OR any(k IN h.doctrines WHERE k IN $keys))
RETURN properties(h) AS h
"""
_READ_CASES = "UNWIND $ids AS id MATCH (c:Case {id: id}) RETURN properties(c) AS c"
_WRITE_CASES = "UNWIND $rows AS r MERGE (c:Case {id: r.id}) SET c = r"
# names readers gave (set_case_name) win over what an ingest read
_APPLY_NAMES = ("UNWIND $ids AS id MATCH (n:CaseName {case_id: id}) MATCH (c:Case {id: id}) "
                "SET c.name = n.name, c.name_key = n.name_key")
_WRITE_CITES = "UNWIND $rows AS r MERGE (k:CaseCite {cite: r.cite}) SET k.case_id = r.case_id"
_KNOWN = "UNWIND $ids AS id MATCH (c:Case {id: id}) RETURN collect(c.id) AS ids"
# Edges the delete above removed are created afresh: a MERGE would scan a much-cited case's
# relationships for each one. Any other edge (none from the pipeline) is merged.
_EDGES = """
UNWIND $rows AS r
MATCH (a:Case {id: r.citing})
MATCH (b:Case {id: r.cited})
%s (a)-[e:CITES {source: r.source, reported_by: r.reported_by}]->(b)
SET e.treatments = r.treatments, e.count = r.count, e.doctrines = r.doctrines, e.evidence = r.evidence,
    e.depth = r.depth, e.in_part = r.in_part
"""
_CREATE_EDGES = _EDGES % "CREATE"
_WRITE_EDGES = _EDGES % "MERGE"
_WRITE_PASSAGES = "UNWIND $rows AS r CREATE (p:Passage) SET p = r"
_WRITE_TEXTS = "UNWIND $rows AS r MERGE (o:Opinion {case_id: r.op}) SET o.source_file = r.source_file, o.text = r.text"
_DROP_ORPHANS = """
UNWIND $ids AS id
MATCH (c:Case {id: id})
WHERE NOT c.has_text AND NOT EXISTS { (c)-[:CITES]-() }
WITH c, c.id AS gone
DETACH DELETE c
WITH gone
MATCH (k:CaseCite {case_id: gone})
DELETE k
"""

# -- findings and settling (see graph.store.Store) ---------------------------------------------

_PUT_FINDINGS = """
UNWIND $rows AS r
MERGE (f:Findings {key: r.key})
SET f.signature = CASE WHEN f.claims = r.claims AND f.data = r.data THEN f.signature ELSE null END,
    f.claims = r.claims, f.data = r.data
SET f.unsettled = CASE WHEN f.signature IS NULL THEN true ELSE null END
"""
_FINDINGS_CLAIMS = "MATCH (f:Findings) RETURN f.key AS key, f.claims AS claims, f.signature AS sig ORDER BY key"
_SOME_CLAIMS = ("UNWIND $keys AS k MATCH (f:Findings {key: k}) RETURN f.key AS key, f.claims AS claims, "
                "f.signature AS sig ORDER BY key")
_UNSETTLED = ("MATCH (f:Findings {unsettled: true}) RETURN f.key AS key, f.claims AS claims, f.signature AS sig "
              "ORDER BY key")
_SOME_CASES = "UNWIND $ids AS id MATCH (c:Case {id: id}) RETURN properties(c) AS c"
_FINDINGS_DATA = "UNWIND $keys AS k MATCH (f:Findings {key: k}) RETURN f.key AS key, f.data AS data"
_DROP_OPINION = """
UNWIND $ops AS op
OPTIONAL MATCH (:Case {id: op})-[d:CITES {source: 'direct'}]->()
DELETE d
WITH DISTINCT op
OPTIONAL MATCH ()-[r:CITES {reported_by: op}]->()
DELETE r
WITH DISTINCT op
OPTIONAL MATCH (p:Passage {case_id: op})
DELETE p
WITH DISTINCT op
OPTIONAL MATCH (o:Opinion {case_id: op})
DELETE o
"""
_DELETE_CASES = """
UNWIND $ids AS id
MATCH (c:Case {id: id})
DETACH DELETE c
WITH id
MATCH (k:CaseCite {case_id: id})
DELETE k
"""
_DELETE_CITES_OF = "UNWIND $ids AS id MATCH (k:CaseCite {case_id: id}) DELETE k"
_SET_SIGNATURES = "UNWIND $rows AS r MATCH (f:Findings {key: r.key}) SET f.signature = r.sig REMOVE f.unsettled"
# the settling's own bookkeeping (graph.store.Store.settle_state): one node per (kind, key), `id` joining both
_SETTLE_STATE = "MATCH (s:SettleState {kind: $kind}) RETURN s.key AS key, s.value AS value"
_SOME_STATE = "UNWIND $ids AS id MATCH (s:SettleState {id: id}) RETURN s.key AS key, s.value AS value"
_SET_STATE = "UNWIND $rows AS r MERGE (s:SettleState {id: r.id}) SET s.kind = r.kind, s.key = r.key, s.value = r.value"
_DELETE_STATE = "UNWIND $ids AS id MATCH (s:SettleState {id: id}) DELETE s"

# -- reading -----------------------------------------------------------------------------------

_EDGE = "a.id AS citing, b.id AS cited, properties(r) AS r"
_CITATIONS = f"MATCH (a:Case)-[r:CITES]->(b:Case) RETURN {_EDGE}"
_TREATED = "any(t IN CASE WHEN size(r.treatments) = 0 THEN ['cited'] ELSE r.treatments END WHERE t IN $ts)"
_NEIGHBOURS = {
    "cites": f"MATCH (a:Case {{id: $id}})-[r:CITES]->(b:Case) WHERE $ts IS NULL OR {_TREATED} RETURN {_EDGE}",
    "cited_by": f"MATCH (a:Case)-[r:CITES]->(b:Case {{id: $id}}) WHERE $ts IS NULL OR {_TREATED} RETURN {_EDGE}",
}
_DOCTRINE_CITATIONS = (
    f"MATCH (a:Case)-[r:CITES]->(b:Case) WHERE any(k IN r.doctrines WHERE k IN $keys) RETURN {_EDGE}"
)
_FIND_BY_CITATION = """
UNWIND range(0, size($cites) - 1) AS i
MATCH (k:CaseCite {cite: $cites[i]})
RETURN k.case_id AS id ORDER BY i LIMIT 1
"""
_DEGREES = "MATCH (c:Case) RETURN c.id AS id, COUNT { (c)-[:CITES]->() } AS cites, COUNT { (c)<-[:CITES]-() } AS cited"
# Edges grouped by their list of tags first, each list walked up the tree once (as in the embedded store).
_DOCTRINE_COUNTS = """
MATCH ()-[r:CITES]->() WHERE size(r.doctrines) > 0
WITH r.doctrines AS tags, count(*) AS edges
UNWIND tags AS k
MATCH (:Doctrine {key: k})-[:PARENT*0..]->(a:Doctrine)
WITH tags, edges, collect(DISTINCT a.key) AS keys
UNWIND keys AS key
RETURN key, sum(edges) AS n
"""
# The cases a walk can stand on, each at its nearest distance (hops formatted after int()), then
# the edges it can take from them; `n` is the case walked from.
_START = "MATCH (n:Case {id: $id}) WITH n, 0 AS hop"
_NEAR_UP = "MATCH p = (:Case {id: $id})-[:CITES*0..%d]->(n:Case) WITH n, min(length(p)) AS hop"
_NEAR_DOWN = "MATCH p = (:Case {id: $id})<-[:CITES*0..%d]-(n:Case) WITH n, min(length(p)) AS hop"
_STEP_UP = " MATCH (n)-[r:CITES]->(b:Case) WITH n AS a, b, r, hop"
_STEP_DOWN = " MATCH (a:Case)-[r:CITES]->(n) WITH a, n AS b, r, hop"
_RELIANCE_END = f"""
ORDER BY hop, r.count DESC, a.id, b.id, r.source, r.reported_by LIMIT $limit
RETURN {_EDGE}
"""
# Among all shortest paths the first-sorting id list, as the embedded store picks; %d is int() hops.
_SHORTEST = {
    directed: f"""
MATCH (a:Case {{id: $a}}), (b:Case {{id: $b}})
MATCH p = allShortestPaths((a)-[:CITES*..%d]-{arrow}(b))
WITH [x IN nodes(p) | x.id] AS ids
RETURN ids ORDER BY ids LIMIT 1
"""
    for directed, arrow in ((True, ">"), (False, ""))
}
_SEARCH = """
CALL db.index.fulltext.queryNodes('passage_text', $terms) YIELD node, score
RETURN properties(node) AS p, score ORDER BY score DESC, p.case_id, p.offset LIMIT $limit
"""
_STATS = "RETURN COUNT { (:Case) } AS cases, COUNT { ()-[:CITES]->() } AS citations, COUNT { (:Opinion) } AS opinions"


def index_key(value: str | None) -> str | None:
    """What an index holds for a lookup value: itself, or a hash when too long for an index entry."""
    if value is None or len(value.encode("utf-8")) <= INDEX_BYTES:
        return value
    return "\0sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()  # NUL: no real key starts so


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def _text_batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Rows with an opinion's text, as many to a round trip as fit in TEXT_BATCH_BYTES (a longer one alone)."""
    batch: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        if batch and size + len(row["text"]) > TEXT_BATCH_BYTES:
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += len(row["text"])
    if batch:
        yield batch


def _address(uri: str) -> str:
    """The server part of a URI, for messages (never a user name or password)."""
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def _one_line(what: object) -> str:
    return " ".join(str(what).split())[:300]


def store_error(uri: str, exc: BaseException) -> StoreError:
    """The driver's error as one line a person can act on."""
    where = _address(uri)
    if isinstance(exc, AuthError):
        return StoreError(f"Neo4j at {where} refused the login: check NEO4J_USER and NEO4J_PASSWORD")
    if isinstance(exc, ServiceUnavailable | SessionExpired | OSError):
        return StoreError(f"cannot reach Neo4j at {where}; is the server running? ({_one_line(exc)})")
    if isinstance(exc, ConfigurationError | ValueError):
        return StoreError(f"cannot use Neo4j address {where}: {_one_line(exc)}")
    if isinstance(exc, Neo4jError) and exc.message:  # the server's own words, without the GQL status blurb
        return StoreError(f"Neo4j at {where} failed: {_one_line(exc.message)} ({exc.code})")
    return StoreError(f"Neo4j at {where} failed: {_one_line(exc)}")


def _case(p: dict[str, Any]) -> Case:
    return Case(
        id=p["id"],
        name=p["name"],
        citations=tuple(p.get("citations") or ()),
        court=p.get("court"),
        year=p.get("year"),
        has_text=bool(p.get("has_text")),
        source_file=p.get("source_file"),
        date=p.get("date"),
        docket=p.get("docket"),
        missing=tuple(p.get("missing") or ()),
    )


def _case_row(c: Case) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "name_key": index_key(name_key(c.name)),
        "citations": list(sort_cites(c.citations)),
        "court": c.court,
        "year": c.year,
        "date": c.date,
        "docket": c.docket,
        "docket_key": index_key(c.docket),
        "has_text": c.has_text,
        "source_file": c.source_file,
        "missing": list(c.missing),
    }


def _edge_row(e: Citation) -> dict[str, Any]:
    return {
        "citing": e.citing,
        "cited": e.cited,
        "source": e.source,
        "reported_by": e.reported_by or "",
        "treatments": list(e.treatments),
        "count": e.count,
        "doctrines": list(e.doctrines),
        "evidence": json.dumps([ev.__dict__ for ev in e.evidence], ensure_ascii=False),
        "depth": json.dumps(e.depth.__dict__ if e.depth else None),
        "in_part": list(e.in_part),
    }


def _passage_row(p: Passage) -> dict[str, Any]:
    content = repr((p.cited_id, p.offset, p.text, p.doctrines)).encode("utf-8", "surrogatepass")
    row: dict[str, Any] = {"case_id": p.case_id, "cited_id": p.cited_id, "offset": p.offset, "text": p.text}
    return row | {"doctrines": list(p.doctrines), "key": hashlib.sha256(content).hexdigest()}


def _replaced(e: Citation, op: str) -> bool:
    """Whether re-writing opinion `op` deleted this edge first (its own direct edges, those it reports)."""
    return e.reported_by == op or (e.citing == op and e.source == "direct")


def _text_row(g: OpinionGraph) -> dict[str, Any]:
    return {"op": g.opinion.id, "source_file": g.opinion.source_file or "", "text": g.text}


def _holding_row(h: Holding) -> dict[str, Any]:
    support = [[x.cited, x.role, x.text, x.offset] for x in h.support]
    return {"opinion": h.opinion, "offset": h.offset, "text": h.text, "doctrines": list(h.doctrines),
            "support": json.dumps(support, ensure_ascii=False)}


def _holding(p: dict[str, Any]) -> Holding:
    support = tuple(Support(*x) for x in json.loads(p["support"]))
    return Holding(p["opinion"], p["text"], p["offset"], tuple(p.get("doctrines") or ()), support)


def _edge(rec: Any) -> Citation:
    r = rec["r"]
    return Citation(
        citing=rec["citing"],
        cited=rec["cited"],
        source=r["source"],
        reported_by=r["reported_by"] or None,
        treatments=tuple(r["treatments"]),
        count=r["count"],
        doctrines=tuple(r["doctrines"]),
        evidence=tuple(Evidence(**d) for d in json.loads(r["evidence"])),
        depth=Depth(**d) if (d := json.loads(r.get("depth") or "null")) else None,
        in_part=tuple(r.get("in_part") or ()),
    )


class Neo4jStore:
    """A store in a Neo4j 5 database; opening it checks the server and the login, then the schema."""

    def __init__(self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None) -> None:
        self.uri, self.database = uri, database or None
        if urlsplit(uri).scheme.lower() not in SCHEMES:
            schemes = ", ".join(s + "://" for s in SCHEMES)
            raise StoreError(f"not a store address: {_address(uri)} (use a directory, or one of {schemes})")
        if "@" in urlsplit(uri).netloc:
            raise StoreError(f"give the Neo4j login in NEO4J_USER and NEO4J_PASSWORD, not in {_address(uri)}")
        self.driver = None
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=(user, password), connection_timeout=5.0, max_transaction_retry_time=15.0
            )
            self.driver.verify_connectivity()
            for statement in _SCHEMA:
                self.driver.execute_query(statement, database_=self.database)
        except (DriverError, Neo4jError, OSError, ValueError) as exc:
            self.close()
            raise store_error(uri, exc) from None

    @contextmanager
    def _one_line_errors(self) -> Iterator[None]:
        """Whatever the driver or the server raises (down, login, constraint, memory, timeout) as one StoreError."""
        try:
            yield
        except (DriverError, Neo4jError, OSError) as exc:
            raise store_error(self.uri, exc) from None

    def _read(self, cypher: str, **params: Any) -> list[Any]:
        with self._one_line_errors():
            return self.driver.execute_query(
                cypher, params, database_=self.database, routing_=RoutingControl.READ
            ).records

    def _edges(self, cypher: str, **params: Any) -> list[Citation]:
        return sorted((_edge(r) for r in self._read(cypher, **params)), key=edge_key)

    # -- writing -------------------------------------------------------------
    def write_opinion(self, graph: OpinionGraph) -> None:
        with self._one_line_errors(), self.driver.session(database=self.database) as session:
            session.execute_write(self._write, graph)

    @staticmethod
    def _write(tx: ManagedTransaction, graph: OpinionGraph) -> None:
        """Everything one opinion changes, in the order (and with the rules) of the embedded store."""
        op = graph.opinion.id
        touched = set(tx.run(_DELETE_OLD, op=op).single()["touched"])
        old_passages: dict[str, list[str]] = {}
        for r in tx.run(_OLD_PASSAGES, op=op):
            old_passages.setdefault(r["key"], []).append(r["id"])
        written = [graph.opinion, *graph.cases]
        state = {p["id"]: _case(p) for p in (r["c"] for r in tx.run(_READ_CASES, ids=sorted({c.id for c in written})))}
        cites: list[dict[str, str]] = []
        for c in written:  # in turn, as if each were written on its own
            state[c.id] = merge_case(state.get(c.id), c)
            cites += [{"cite": index_key(x), "case_id": c.id} for x in lookup_cites(state[c.id])]
        for rows in _batches([_case_row(state[i]) for i in dict.fromkeys(c.id for c in written)]):
            tx.run(_WRITE_CASES, rows=rows).consume()
        for rows in _batches(cites):
            tx.run(_WRITE_CITES, rows=rows).consume()
        tx.run(_APPLY_NAMES, ids=sorted(state)).consume()
        known = set(state)
        ends = sorted({x for e in graph.citations for x in (e.citing, e.cited)} - known)
        stored = set(tx.run(_KNOWN, ids=ends).single()["ids"]) if ends else set()
        for e in graph.citations:
            for end in (e.citing, e.cited):
                if end not in known and end not in stored:
                    raise ValueError(f"citation {e.citing} -> {e.cited} names an unknown case {end!r}")
        edges = {edge_key(e): e for e in graph.citations}.values()  # one per key, the last one, as in SQL
        fresh = [_edge_row(e) for e in edges if _replaced(e, op)]
        other = [_edge_row(e) for e in edges if not _replaced(e, op)]
        for query, rows_ in ((_CREATE_EDGES, fresh), (_WRITE_EDGES, other)):
            for rows in _batches(rows_):
                tx.run(query, rows=rows).consume()
        new_passages = []  # those not stored already; what is left in old_passages goes
        for row in map(_passage_row, graph.passages):
            if old_passages.get(row["key"]):
                old_passages[row["key"]].pop()
            else:
                new_passages.append(row)
        gone = [i for ids in old_passages.values() for i in ids]
        for rows in _batches(gone):
            tx.run(_DELETE_PASSAGES, ids=rows).consume()
        for rows in _batches(new_passages):
            tx.run(_WRITE_PASSAGES, rows=rows).consume()
        tx.run(_DELETE_HOLDINGS, ops=[op]).consume()
        tx.run(_DELETE_FOUND, ops=[op]).consume()
        found = [{"opinion": op, "key": d.key, "label": d.label, "about": d.about, "named_after": d.named_after}
                 for d in graph.doctrines]
        if found:
            tx.run(_WRITE_FOUND, rows=found).consume()
        for rows in _batches([_holding_row(h) for h in graph.holdings]):
            tx.run(_WRITE_HOLDINGS, rows=rows).consume()
        tx.run(_WRITE_TEXTS, rows=[_text_row(graph)]).consume()
        tx.run(_DROP_ORPHANS, ids=sorted(touched | known | stored)).consume()

    def _run_write(self, work: Any, *args: Any) -> Any:
        with self._one_line_errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(work, *args)

    def put_findings(self, found: Sequence[tuple[str, str, bytes]]) -> None:
        rows = [{"key": key, "claims": claims, "data": bytearray(data)} for key, claims, data in found]
        if rows:
            self._run_write(lambda tx: tx.run(_PUT_FINDINGS, rows=rows).consume())

    def findings_claims(self, keys: list[str] | None = None) -> list[tuple[str, str, str | None]]:
        if keys is None:
            return [(r["key"], r["claims"], r["sig"]) for r in self._read(_FINDINGS_CLAIMS)]
        return [(r["key"], r["claims"], r["sig"]) for r in self._read(_SOME_CLAIMS, keys=sorted(set(keys)))]

    def unsettled(self) -> list[tuple[str, str, str | None]]:
        return [(r["key"], r["claims"], r["sig"]) for r in self._read(_UNSETTLED)]

    def findings_data(self, keys: list[str]) -> dict[str, bytes]:
        return {r["key"]: bytes(r["data"]) for r in self._read(_FINDINGS_DATA, keys=sorted(keys))}

    def settle_state(self, kind: str, keys: list[str] | None = None) -> dict[str, str]:
        if keys is None:
            return {r["key"]: r["value"] for r in self._read(_SETTLE_STATE, kind=kind)}
        ids = [index_key(f"{kind}\0{k}") for k in sorted(set(keys))]
        return {r["key"]: r["value"] for r in self._read(_SOME_STATE, ids=ids)}

    def apply_settlement(
        self, cases: list[Case], graphs: list[OpinionGraph], drop_opinions: list[str], signatures: dict[str, str],
        state: dict[str, dict[str, str | None]] | None = None, drop_cases: list[str] = (),
    ) -> None:
        self._run_write(self._settle, cases, graphs, drop_opinions, signatures, state or {}, list(drop_cases))

    @staticmethod
    def _settle(
        tx: ManagedTransaction, cases: list[Case], graphs: list[OpinionGraph], drop: list[str], sigs: dict[str, str],
        state: dict[str, dict[str, str | None]], drop_cases: list[str],
    ) -> None:
        # every kind of row for all the opinions at once: a round trip costs more than most of what it carries
        for ops in _batches(sorted(set(drop) | {g.opinion.id for g in graphs})):
            tx.run(_DROP_OPINION, ops=ops).consume()
            tx.run(_DELETE_HOLDINGS, ops=ops).consume()
            tx.run(_DELETE_FOUND, ops=ops).consume()
        wanted = {c.id: c for c in cases}
        stored = {p["id"]: _case(p) for p in (r["c"] for r in tx.run(_SOME_CASES, ids=sorted(wanted)))}
        for rows in _batches([{"id": i} for i in sorted(set(drop_cases) - set(wanted))]):
            tx.run(_DELETE_CASES, ids=[r["id"] for r in rows]).consume()
        changed = [c for c in cases if stored.get(c.id) != c]
        for rows in _batches([{"id": c.id} for c in changed]):
            tx.run(_DELETE_CITES_OF, ids=[r["id"] for r in rows]).consume()
        for rows in _batches([_case_row(c) for c in changed]):
            tx.run(_WRITE_CASES, rows=rows).consume()
        for rows in _batches([{"cite": x, "case_id": c.id} for c in changed for x in lookup_cites(c)]):
            tx.run(_WRITE_CITES, rows=rows).consume()
        tx.run(_APPLY_NAMES, ids=sorted(c.id for c in changed)).consume()
        ends = sorted({end for g in graphs for e in g.citations for end in (e.citing, e.cited)})
        known = {r["c"]["id"] for r in tx.run(_SOME_CASES, ids=ends)}
        for e in (e for g in graphs for e in g.citations):
            for end in (e.citing, e.cited):
                if end not in known:
                    raise ValueError(f"citation {e.citing} -> {e.cited} names an unknown case {end!r}")
        # an opinion's own edges were deleted above: created afresh (see _EDGES); any other is merged
        edges = [(_replaced(e, g.opinion.id), _edge_row(e)) for g in graphs for e in g.citations]
        for query, fresh in ((_CREATE_EDGES, True), (_WRITE_EDGES, False)):
            for rows in _batches([row for new, row in edges if new is fresh]):
                tx.run(query, rows=rows).consume()
        for rows in _batches([_passage_row(p) for g in graphs for p in g.passages]):
            tx.run(_WRITE_PASSAGES, rows=rows).consume()
        for rows in _batches([{"opinion": g.opinion.id, "key": d.key, "label": d.label, "about": d.about,
                               "named_after": d.named_after} for g in graphs for d in g.doctrines]):
            tx.run(_WRITE_FOUND, rows=rows).consume()
        for rows in _batches([_holding_row(h) for g in graphs for h in g.holdings]):
            tx.run(_WRITE_HOLDINGS, rows=rows).consume()
        for rows in _text_batches([_text_row(g) for g in graphs]):
            tx.run(_WRITE_TEXTS, rows=rows).consume()
        for rows in _batches([{"key": k, "sig": v} for k, v in sorted(sigs.items())]):
            tx.run(_SET_SIGNATURES, rows=rows).consume()
        gone = [index_key(f"{kind}\0{k}") for kind, values in sorted(state.items())
                for k, v in sorted(values.items()) if v is None]
        for ids in _batches(gone):
            tx.run(_DELETE_STATE, ids=ids).consume()
        for rows in _batches([{"id": index_key(f"{kind}\0{k}"), "kind": kind, "key": k, "value": v}
                              for kind, values in sorted(state.items()) for k, v in sorted(values.items())
                              if v is not None]):
            tx.run(_SET_STATE, rows=rows).consume()

    def set_case_name(self, case_id: str, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a case name cannot be blank")

        def write(tx: ManagedTransaction) -> bool:
            if tx.run("MATCH (c:Case {id: $id}) RETURN c.id AS id", id=case_id).single() is None:
                return False
            tx.run("MERGE (n:CaseName {case_id: $id}) SET n.name = $name, n.name_key = $key",
                   id=case_id, name=name, key=index_key(name_key(name))).consume()
            tx.run(_APPLY_NAMES, ids=[case_id]).consume()
            return True

        with self._one_line_errors(), self.driver.session(database=self.database) as session:
            found = session.execute_write(write)
        if not found:
            raise KeyError(case_id)

    def set_doctrines(self, doctrines: list[Doctrine]) -> None:
        rows = [{"key": d.key, "label": d.label, "parent": d.parent, "about": d.about} for d in doctrines]

        def replace(tx: ManagedTransaction) -> None:
            tx.run("MATCH (d:Doctrine) DETACH DELETE d").consume()
            tx.run("UNWIND $rows AS r CREATE (d:Doctrine) SET d = r", rows=rows).consume()
            tx.run(
                "MATCH (c:Doctrine) WHERE c.parent IS NOT NULL MATCH (p:Doctrine {key: c.parent}) "
                "CREATE (c)-[:PARENT]->(p)"
            ).consume()

        with self._one_line_errors(), self.driver.session(database=self.database) as session:
            session.execute_write(replace)

    # -- lookups -------------------------------------------------------------
    def find_by_citation(self, cites: list[str]) -> str | None:
        rows = self._read(_FIND_BY_CITATION, cites=[index_key(norm_cite(c)) for c in cites])
        return rows[0]["id"] if rows else None

    def find_by_name(self, key: str) -> list[Case]:
        rows = self._read("MATCH (c:Case {name_key: $key}) RETURN properties(c) AS c", key=index_key(key))
        return sorted((_case(r["c"]) for r in rows), key=lambda c: c.id)

    def find_by_docket(self, docket: str) -> list[Case]:
        rows = self._read("MATCH (c:Case {docket_key: $key}) RETURN properties(c) AS c", key=index_key(docket))
        return sorted((_case(r["c"]) for r in rows), key=lambda c: c.id)

    def name_index(self) -> list[tuple[str, str]]:
        return sorted((r["id"], r["name"]) for r in self._read("MATCH (c:Case) RETURN c.id AS id, c.name AS name"))

    # -- reading -------------------------------------------------------------
    def cases(self) -> list[Case]:
        rows = self._read("MATCH (c:Case) RETURN properties(c) AS c")
        return sorted((_case(r["c"]) for r in rows), key=lambda c: c.id)

    def case(self, case_id: str) -> Case | None:
        rows = self._read("MATCH (c:Case {id: $id}) RETURN properties(c) AS c", id=case_id)
        return _case(rows[0]["c"]) if rows else None

    def citations(self) -> list[Citation]:
        return self._edges(_CITATIONS)

    def opinion_text(self, case_id: str) -> str | None:
        rows = self._read("MATCH (o:Opinion {case_id: $id}) RETURN o.text AS text", id=case_id)
        return rows[0]["text"] if rows else None

    def doctrines(self) -> list[Doctrine]:
        rows = self._read("MATCH (d:Doctrine) RETURN properties(d) AS d")
        out = {d.key: d for d in (Doctrine(**r["d"]) for r in rows)}
        found = self._read("MATCH (f:FoundDoctrine) RETURN f.key AS key, f.label AS label, f.about AS about, "
                           "f.named_after AS named_after ORDER BY key, f.opinion")
        for r in found:  # the doctrines the opinions name that the taxonomy lacks
            out.setdefault(r["key"], Doctrine(r["key"], r["label"], None, r["about"] or "", r["named_after"]))
        return sorted(out.values(), key=lambda d: d.key)

    def doctrine_citations(self, keys: list[str]) -> list[Citation]:
        return self._edges(_DOCTRINE_CITATIONS, keys=list(keys)) if keys else []

    def holdings(self, opinion: str | None = None, doctrines: list[str] | None = None) -> list[Holding]:
        rows = self._read(_HOLDINGS, op=opinion, keys=None if doctrines is None else list(doctrines))
        return sorted((_holding(r["h"]) for r in rows), key=lambda h: (h.opinion, h.offset))

    def search(self, query: str, limit: int = 20) -> list[tuple[Passage, float]]:
        words = [w for w in "".join(ch if ch.isalnum() else " " for ch in query).split() if len(w) > 1]
        if not words:
            return []
        lucene = " OR ".join(f'"{w}"' for w in words)  # letters and digits only: no query syntax gets through
        rows = self._read(_SEARCH, terms=lucene, limit=int(limit))
        return [
            (Passage(p["case_id"], p.get("cited_id"), int(p["offset"]), p["text"], tuple(p["doctrines"])), r["score"])
            for r in rows
            for p in [r["p"]]
        ]

    def stats(self) -> dict[str, int]:
        r = self._read(_STATS)[0]
        return {"cases": r["cases"], "citations": r["citations"], "opinions": r["opinions"]}

    # -- graph questions -----------------------------------------------------
    def neighbours(self, case_id: str, direction: str, treatments: list[str] | None = None) -> list[Citation]:
        check_direction(direction)
        if treatments is not None and not treatments:
            return []
        return self._edges(_NEIGHBOURS[direction], id=case_id, ts=treatments)

    def degrees(self) -> dict[str, tuple[int, int]]:
        return {r["id"]: (r["cites"], r["cited"]) for r in self._read(_DEGREES)}

    def doctrine_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((r["key"] for r in self._read("MATCH (d:Doctrine) RETURN d.key AS key")), 0)
        counts.update({r["key"]: int(r["n"]) for r in self._read(_DOCTRINE_COUNTS)})
        for r in self._read(_FOUND_COUNTS):
            counts.setdefault(r["key"], int(r["n"]))
        return counts

    def reliance(self, case_id: str, up: bool, depth: int, limit: int) -> list[Citation]:
        depth, limit = int(depth), int(limit)
        if depth < 1 or limit < 1:
            return []
        near = _START if depth == 1 else (_NEAR_UP if up else _NEAR_DOWN) % (depth - 1)
        query = near + (_STEP_UP if up else _STEP_DOWN) + _RELIANCE_END
        return [_edge(r) for r in self._read(query, id=case_id, limit=limit)]

    def shortest_path(self, a: str, b: str, directed: bool, max_hops: int = 8) -> list[str] | None:
        hops = int(max_hops)
        if a == b:
            return [a] if self.case(a) else None
        if hops < 1:
            return None
        rows = self._read(_SHORTEST[bool(directed)] % hops, a=a, b=b)
        return list(rows[0]["ids"]) if rows else None

    def close(self) -> None:
        if self.driver is not None:
            with self._one_line_errors():
                self.driver.close()
