"""What the graph holds: cases, citation edges, evidence, doctrines.

These are what every store writes and returns, and what the export prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TREATMENTS = ("followed", "distinguished", "criticized", "questioned", "declined", "overruled", "cited")
NEGATIVE = frozenset({"criticized", "questioned", "declined", "overruled"})
COURT_PARTS = frozenset({"majority", "plurality", "per curiam"})  # the parts that speak for the court
DEPTH_LEVELS = ("examined", "discussed", "cited", "mentioned")  # the citators' depth, deepest first


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    citations: tuple[str, ...] = ()
    court: str | None = None
    year: int | None = None
    has_text: bool = False
    source_file: str | None = None
    date: str | None = None
    docket: str | None = None
    missing: tuple[str, ...] = ()  # metadata the source did not give


@dataclass(frozen=True)
class Evidence:
    text: str  # verbatim from the citing opinion
    treatment: str
    offset: int | None = None  # where `text` starts in the citing opinion's text
    part: str = "majority"  # who speaks: "majority", "plurality", "per curiam", "concurrence", "dissent"
    in_part: bool = False  # the passage limits the treatment ("overruled to the extent that ...")


@dataclass(frozen=True)
class Depth:
    """How much the citing court engages with a decision, apart from how it treats it.

    Depth never decides a treatment: a decision discussed at length may be overruled.
    """

    mentions: int  # the court's own mentions (not other courts' parentheticals, not a dissent's)
    level: str  # one of DEPTH_LEVELS
    quoted: bool = False  # the court quotes the decision's words


@dataclass(frozen=True)
class Citation:
    """One edge: `citing` cites `cited`, with every mention folded in."""

    citing: str
    cited: str
    source: str = "direct"  # or "reported"
    reported_by: str | None = None
    treatments: tuple[str, ...] = ()
    count: int = 1
    doctrines: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    depth: Depth | None = None  # direct edges only
    in_part: tuple[str, ...] = ()  # treatments the court gives only in part ("overruled in part")


@dataclass(frozen=True)
class Doctrine:
    key: str
    label: str
    parent: str | None = None
    about: str = ""
    named_after: str | None = None  # for a doctrine found in the opinions: the case id it is named after or cited for


@dataclass(frozen=True)
class Passage:
    """A stretch of an ingested opinion around a citation, for search and context."""

    case_id: str
    cited_id: str | None
    offset: int
    text: str
    doctrines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Support:
    """A precedent a holding rests on (`supported_by`) or sets aside (`distinguished`), and where."""

    cited: str  # case id
    role: str  # "supported_by" or "distinguished"
    text: str = ""  # the passage where the court uses it, verbatim
    offset: int | None = None


@dataclass(frozen=True)
class Holding:
    """One of an ingested opinion's own holdings, verbatim, with the precedents it stands on."""

    opinion: str  # case id of the ingested opinion
    text: str  # at most 800 characters
    offset: int  # where `text` starts in the opinion's text
    doctrines: tuple[str, ...] = ()  # doctrine keys, most specific first
    support: tuple[Support, ...] = ()

    @property
    def supported_by(self) -> tuple[str, ...]:
        return tuple(s.cited for s in self.support if s.role == "supported_by")

    @property
    def distinguished(self) -> tuple[str, ...]:
        return tuple(s.cited for s in self.support if s.role == "distinguished")


@dataclass
class OpinionGraph:
    """Everything one ingested opinion adds to the store, written in one transaction."""

    opinion: Case
    text: str
    cases: list[Case] = field(default_factory=list)  # every case it cites or reports on
    citations: list[Citation] = field(default_factory=list)  # direct edges and reported ones
    passages: list[Passage] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    doctrines: list[Doctrine] = field(default_factory=list)  # doctrines it names that the taxonomy does not have
