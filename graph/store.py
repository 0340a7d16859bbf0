"""What every store must do: the one interface the CLI, the app and the contract tests use."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from graph.model import Case, Citation, Doctrine, OpinionGraph, Passage


@runtime_checkable
class Store(Protocol):
    """A citation graph store. Writes are per opinion and atomic; reads never see half an opinion."""

    # -- writing -------------------------------------------------------------
    def write_opinion(self, graph: OpinionGraph) -> None:
        """Add or replace one ingested opinion with everything it cites, in one transaction."""

    def set_doctrines(self, doctrines: list[Doctrine]) -> None:
        """Replace the doctrine taxonomy."""

    # -- lookups the ingest needs -------------------------------------------
    def find_by_citation(self, cites: list[str]) -> str | None:
        """The id of a stored case known by any of these reporter citations."""

    def find_by_name(self, key: str) -> list[Case]:
        """Stored cases whose normalized caption (`ingest.names.name_key`) is `key`."""

    def name_index(self) -> list[tuple[str, str]]:
        """(case id, caption) of every stored case, for matching bare names."""

    # -- reading -------------------------------------------------------------
    def cases(self) -> list[Case]:
        """Every case, sorted by id."""

    def case(self, case_id: str) -> Case | None: ...

    def citations(self) -> list[Citation]:
        """Every edge, sorted by (citing, cited, source, reported_by)."""

    def citations_from(self, case_id: str) -> list[Citation]:
        """Edges whose citing side is `case_id` (what it cites)."""

    def citations_to(self, case_id: str) -> list[Citation]:
        """Edges whose cited side is `case_id` (what cites it)."""

    def opinion_text(self, case_id: str) -> str | None:
        """The full text of an ingested opinion, for showing a passage in context."""

    def doctrines(self) -> list[Doctrine]: ...

    def doctrine_citations(self, keys: list[str]) -> list[Citation]:
        """Edges tagged with any of these doctrine keys."""

    def search(self, query: str, limit: int = 20) -> list[tuple[Passage, float]]:
        """Passages ranked by full-text relevance to `query` (higher score is better)."""

    def stats(self) -> dict[str, int]:
        """Counts of cases, citations and ingested opinions."""

    def close(self) -> None: ...
