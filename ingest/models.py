"""Plain dataclasses that flow through the ingest stages.

Every offset in a mention refers to `Opinion.text`, so a later stage can read
the sentence around a citation without going back to the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Part:
    """Where one part of an opinion begins: the court's own opinion, a concurrence, a dissent.

    `kind` is "majority", "plurality", "per curiam", "concurrence", "dissent" or
    "syllabus" (the reporter's header and syllabus before the court's opinion).
    A part runs to the next part's start.
    """

    kind: str
    start: int
    author: str | None = None


@dataclass(frozen=True)
class Opinion:
    """One court decision as read from a file, before any citation work."""

    text: str
    source_file: str  # base name of the file it came from
    format: str  # "text", "html", "courtlistener", "cap", "fastcase", "pdf"
    caption: str | None = None
    court: str | None = None
    date: str | None = None  # ISO "YYYY-MM-DD", or "YYYY" when only the year is known
    docket: str | None = None
    citations: tuple[str, ...] = ()  # its own reporter citations, e.g. ("134 S.W.3d 928",)
    missing: tuple[str, ...] = ()  # metadata the file does not give: "caption", "court", "date"
    parts: tuple[Part, ...] = ()  # from the file's structure (CAP, CourtListener); else found in the text

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


class ReadError(Exception):
    """A file that cannot be read as an opinion; the message is one line for the user."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Mention:
    """One place in an opinion where a decision is referred to."""

    kind: str  # "full", "short", "id", "supra", "reference", "name", "stripped"
    start: int  # span in Opinion.text
    end: int
    text: str  # the matched text
    ref: int  # index into Extraction.authorities of the decision it points to
    pin: str | None = None
    part: str = "majority"  # the part of the opinion it stands in (see Part)


@dataclass
class Authority:
    """A decision cited in an opinion, as that opinion describes it."""

    name: str | None  # best caption seen, e.g. "Calder v. Jones"
    citations: list[str] = field(default_factory=list)  # parallel citations folded here
    court: str | None = None
    year: int | None = None
    short_names: set[str] = field(default_factory=set)  # "Calder", "Will" ...
    name_only: bool = False  # found without any reporter citation


@dataclass
class Reported:
    """An edge between two other decisions that the opinion reports ("(citing X)")."""

    citing: int  # index into Extraction.authorities
    cited: int
    treatment: str  # "cited", "distinguished", "overruled", ...
    start: int
    end: int
    text: str


@dataclass
class Extraction:
    """What the extract and resolve stages found in one opinion."""

    opinion: Opinion
    authorities: list[Authority] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    reported: list[Reported] = field(default_factory=list)
    stripped: bool = False  # citation-stripped text


@dataclass(frozen=True)
class Treatment:
    """How one mention treats the cited decision, with the words that show it."""

    label: str  # one of graph.model.TREATMENTS
    evidence: str | None = None  # verbatim passage of Opinion.text, tooltip-sized
    offset: int | None = None  # where `evidence` starts in Opinion.text
    part: str = "majority"  # the part of the opinion that speaks
    in_part: bool = False  # limited by its own words ("to the extent that ...", "insofar as ...")
    strength: int | None = None  # how clearly the cue that found it shows the label (1 weak, 3 strong)
