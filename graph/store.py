"""What every store must do: the one interface the CLI, the app and the contract tests use.

Also the rules every store shares, so that two stores given the same opinions
hold the same graph: how a reporter citation is spelled for lookups, how a case
written twice is merged, and how edges are ordered.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from functools import lru_cache
from typing import Protocol, runtime_checkable

from graph.keys import reporter_rank
from graph.model import Case, Citation, Doctrine, Holding, OpinionGraph, Passage

DIRECTIONS = ("cites", "cited_by")


class StoreError(Exception):
    """A store cannot be opened or used (server down, wrong password, bad address); the message is one line."""


@lru_cache(maxsize=1 << 16)  # settling normalises every stored claim's citations, mostly the same ones
def norm_cite(cite: str) -> str:
    """One spelling per reporter citation for lookups ("465 U. S. 783" == "465 U.S. 783")."""
    return "".join(ch for ch in cite.lower() if ch.isalnum())


def sort_cites(cites: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(cites), key=lambda c: (reporter_rank(c), c)))


def lookup_cites(case: Case) -> list[str]:
    """The normalized citations a case is found by (blank-page cites like "___ U.S. ___" find nothing)."""
    return [norm_cite(x) for x in case.citations if "___" not in x]


def merge_case(old: Case | None, new: Case) -> Case:
    """A case written again: an ingested text's metadata wins over a citing opinion's guess, cites are pooled."""
    if old is None:
        return new
    keep_old = old.has_text and not new.has_text
    base, other = (old, new) if keep_old or (old.name and not new.has_text) else (new, old)
    return Case(
        id=new.id,
        name=base.name or other.name,
        citations=sort_cites(old.citations + new.citations),
        court=base.court or other.court,
        year=base.year or other.year,
        has_text=old.has_text or new.has_text,
        source_file=base.source_file or other.source_file,
        date=base.date or other.date,
        docket=base.docket or other.docket,
        missing=base.missing if base.has_text else other.missing if other.has_text else (),
    )


def edge_key(e: Citation) -> tuple[str, str, str, str]:
    """The identity of an edge, and the order every store lists edges in."""
    return (e.citing, e.cited, e.source, e.reported_by or "")


def check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")


def snapshot(store: Store) -> AbstractContextManager[None]:
    """`store.snapshot()`; for a store that has none yet (Neo4j, until it implements one), separate reads."""
    take = getattr(store, "snapshot", None)
    return take() if take else nullcontext()


@runtime_checkable
class Store(Protocol):
    """A citation graph store. Writes are per opinion and atomic; reads never see half an opinion."""

    # -- writing -------------------------------------------------------------
    def write_opinion(self, graph: OpinionGraph) -> None:
        """Add or replace one ingested opinion with everything it cites, in one transaction.

        Raises ValueError, writing nothing, when a citation names a case that is
        neither in `graph` nor already stored.
        """

    def set_doctrines(self, doctrines: list[Doctrine]) -> None:
        """Replace the doctrine taxonomy."""

    # -- findings and settling: how `precedent ingest` writes (ingest.pipeline, ingest.identity) ----------
    # The ingest keeps what each opinion says (its findings, analysed without the store) and decides
    # identities over all of them together, so the graph does not depend on the order of arrival.
    # The store keeps the findings as opaque values and applies the settled graph exactly as given.

    def put_findings(self, found: Sequence[tuple[str, str, bytes]]) -> None:
        """Store opinions' findings, each (key, claims, data), replacing any before under the key, all in one
        transaction (as stored one after the other; the writer stores those ready together, since a
        server's round trip costs more than most findings).

        `claims` (JSON text) is what identities are decided from, `data` the whole findings (zlib'd
        JSON). The findings' signature (see `apply_settlement`) is kept when `claims` and `data` are
        unchanged, and cleared otherwise, so that the next settlement rewrites the opinion.
        """

    def findings_claims(self, keys: list[str] | None = None) -> list[tuple[str, str, str | None]]:
        """(key, claims, signature) of every stored findings (or of these keys), sorted by key."""

    def unsettled(self) -> list[tuple[str, str, str | None]]:
        """(key, claims, signature) of the findings stored or changed since the last settlement (their
        signature is None), sorted by key: found through an index, so a settle costs what changed."""

    def findings_data(self, keys: list[str]) -> dict[str, bytes]:
        """key -> data of these findings (keys not stored are left out)."""

    def settle_state(self, kind: str, keys: list[str] | None = None) -> dict[str, str]:
        """The settling's own bookkeeping of one `kind` (key -> value; only these keys, those kept, when
        `keys` is given), as the last `apply_settlement` left it (empty in a store that has none): what it
        must remember between settles to redo only what changed."""

    def apply_settlement(
        self, cases: list[Case], graphs: list[OpinionGraph], drop_opinions: list[str], signatures: dict[str, str],
        state: dict[str, dict[str, str | None]] | None = None, drop_cases: list[str] = (),
    ) -> None:
        """Make the store hold the settled graph, in ONE transaction (a reader never sees half of it).

        - for every id in `drop_opinions` and every `graphs[i].opinion.id`: delete that opinion's
          direct edges (citing = id, source 'direct'), the reported edges it reported (reported_by =
          id), its passages and its text;
        - delete the cases `drop_cases` names; store each of `cases` exactly as given (no `merge_case`:
          the ingest already merged), with its lookup citations, replacing one stored under its id;
        - write each graph's edges, passages and text; raise ValueError, writing nothing, if an edge
          names a case neither in `cases` nor stored (and not dropped);
        - names readers gave (`set_case_name`) still win over the given cases' names;
        - set the signature of each findings key in `signatures`;
        - for each kind in `state`, set each key's `settle_state` value (None deletes it).
        Exports after a settlement must be byte-identical between stores (tests/test_store_contract.py).
        """

    def set_case_name(self, case_id: str, name: str) -> None:
        """Name a case as a reader wants it shown (an untitled stripped opinion); re-ingesting keeps the name.

        Raises KeyError for an unknown case and ValueError for a blank name.
        """

    # -- lookups the ingest needs -------------------------------------------
    def find_by_citation(self, cites: list[str]) -> str | None:
        """The id of a stored case known by any of these reporter citations (the first one known wins)."""

    def find_by_name(self, key: str) -> list[Case]:
        """Stored cases whose normalized caption (`graph.keys.name_key`) is `key`."""

    def find_by_docket(self, docket: str) -> list[Case]:
        """Stored cases with this docket number (one decision read from two sources, e.g. text and JSON)."""

    def name_index(self) -> list[tuple[str, str]]:
        """(case id, caption) of every stored case, for matching bare names."""

    # -- reading -------------------------------------------------------------
    def snapshot(self) -> AbstractContextManager[None]:
        """Until the block ends, every read the calling thread makes through this store sees one committed state.

        An export, or a page that asks several questions (the cases, then the citations), must not
        see an ingest commit in between: it would list edges whose cases are not in its case list.
        A store guarantees, inside the block: all of this thread's reads come from one snapshot,
        taken when the block starts, and see no write committed after it; other threads and
        connections are neither blocked nor affected (an ingest goes on writing, other readers read);
        blocks nest (an inner one joins the outer); a write made inside it commits as usual, and the
        block's own reads do not see it.
        """

    def cases(self) -> list[Case]:
        """Every case, sorted by id."""

    def case(self, case_id: str) -> Case | None: ...

    def citations(self) -> list[Citation]:
        """Every edge, sorted by (citing, cited, source, reported_by)."""

    def opinion_text(self, case_id: str) -> str | None:
        """The full text of an ingested opinion, for showing a passage in context."""

    def doctrines(self) -> list[Doctrine]: ...

    def doctrine_citations(self, keys: list[str]) -> list[Citation]:
        """Edges tagged with any of these doctrine keys."""

    def holdings(self, opinion: str | None = None, doctrines: list[str] | None = None) -> list[Holding]:
        """Ingested opinions' holdings (of one opinion, or about any of these doctrine keys), by (opinion, offset)."""

    def search(self, query: str, limit: int = 20) -> list[tuple[Passage, float]]:
        """Passages ranked by full-text relevance to `query` (higher score is better)."""

    def stats(self) -> dict[str, int]:
        """Counts of cases, citations and ingested opinions."""

    # -- graph questions, answered inside the store so nobody pulls the whole graph ----------
    def neighbours(self, case_id: str, direction: str, treatments: list[str] | None = None) -> list[Citation]:
        """Edges from `case_id` ("cites") or to it ("cited_by"), sorted like `citations()`.

        With `treatments`, only edges with any of them (an edge with no treatment counts as "cited").
        """

    def degrees(self) -> dict[str, tuple[int, int]]:
        """Every case id -> (edges it is the citing side of, edges it is the cited side of)."""

    def doctrine_counts(self) -> dict[str, int]:
        """Every taxonomy key -> edges tagged with it or anything under it (each edge counted once per key)."""

    def reliance(self, case_id: str, up: bool, depth: int, limit: int) -> list[Citation]:
        """The edges a reliance walk of `depth` steps from `case_id` can take, at most `limit` of them.

        Upstream (`up`): edges whose citing side is within depth-1 citing steps of `case_id`
        (what it cites, what those cite...). Downstream: edges whose cited side is within
        depth-1 steps the other way (what cites it, what cites those...). Ordered nearest
        first, then by mentions (count, descending), then like `citations()`.
        """

    def shortest_path(self, a: str, b: str, directed: bool, max_hops: int = 8) -> list[str] | None:
        """Case ids from `a` to `b` (both included) along the fewest edges, or None beyond `max_hops`.

        Directed: each id cites the next one (a cites ... cites b: b is an ancestor
        precedent of a). Undirected: edges are walked either way. Among several
        shortest paths, the one whose id list sorts first. [a] when a == b and a exists.
        """

    def close(self) -> None: ...
