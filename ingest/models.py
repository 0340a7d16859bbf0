"""Plain dataclasses that flow through the ingest stages.

Every offset in a mention refers to `Opinion.text`, so a later stage can read
the sentence around a citation without going back to the file.
"""

from __future__ import annotations

import bisect
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
    strength: int = 0  # how clearly the cue that found it shows the label (1 weak, 3 strong)


Span = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One opinion read once: its segmentation, which every stage after extraction reads instead of the text.

    Built by `ingest.document` (linear in the text's length). Two sentence segmentations are kept because
    the stages that read them ask different things (see `ingest.document`): `sentences` are the court's
    sentences as treatment, holdings, named doctrines and the app read them (a sentence may run across a
    soft line break); `doctrine_sentences` are the doctrine tagger's, cut within paragraphs, each with the
    topic block (paragraph, or inline section) it belongs to. Offsets are those of `text`.
    """

    text: str
    stripped: bool  # citation-stripped: lower case, no digits, little punctuation (ingest.stripped.is_stripped)
    parts: tuple[Part, ...]  # the court's own part, concurrences, dissents (ingest.parts), ascending
    paragraphs: tuple[Span, ...]  # non-blank blocks between paragraph breaks, ascending
    sentences: tuple[int, ...]  # sentence starts, ascending
    sentence_paragraph: tuple[int, ...]  # the paragraph (index into `paragraphs`) each sentence starts in
    doctrine_sentences: tuple[int, ...]  # the doctrine tagger's sentence starts, ascending
    doctrine_topics: tuple[int, ...]  # each doctrine sentence's topic block: its paragraph, or an inline section
    parentheticals: tuple[Span, ...]  # top-level "( ... )" spans (none in stripped text)
    quotations: tuple[Span, ...]  # “...” and "..." spans (none in stripped text)
    block_quotes: tuple[tuple[int, int, int], ...]  # (start, end, start of the introducing sentence)
    set_off: tuple[Span, ...]  # parentheticals and block quotations, sorted: other courts' words
    masked: str  # `text` with `set_off` and `quotations` blanked (same length): the court's own words
    semicolons: tuple[int, ...]  # where `masked` holds a ";" (the units of a string cite), ascending
    citations: tuple[Mention, ...] = ()  # the extraction's mentions, by start (ties in the extraction's order)
    # per-opinion answers the stages share (treatment's per-sentence cue hits and mention judgements, the
    # doctrine tagger's cue hits): computed on first use, never part of what the document is
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    # bisection indexes of the spans above, derived in __post_init__
    _set_off_starts: tuple[int, ...] = field(init=False, compare=False, repr=False)
    _set_off_reach: tuple[int, ...] = field(init=False, compare=False, repr=False)  # running max of their ends
    _part_starts: tuple[int, ...] = field(init=False, compare=False, repr=False)
    _citation_starts: tuple[int, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        reach, ends = 0, []
        for _, e in self.set_off:
            reach = max(reach, e)
            ends.append(reach)
        object.__setattr__(self, "_set_off_starts", tuple(s for s, _ in self.set_off))
        object.__setattr__(self, "_set_off_reach", tuple(ends))
        object.__setattr__(self, "_part_starts", tuple(p.start for p in self.parts))
        object.__setattr__(self, "_citation_starts", tuple(m.start for m in self.citations))

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding `pos`."""
        return max(0, bisect.bisect_right(self.sentences, pos) - 1)

    def sentence_bounds(self, i: int) -> Span:
        """Sentence `i` as a span: from its start to the next sentence's (or the text's end)."""
        end = self.sentences[i + 1] if i + 1 < len(self.sentences) else len(self.text)
        return self.sentences[i], end

    def paragraph_of(self, pos: int) -> int:
        """Index of the paragraph holding `pos` (between two paragraphs: the one before; before any: 0)."""
        return max(0, bisect.bisect_right(self.paragraphs, (pos, len(self.text) + 1)) - 1)

    def doctrine_sentence_of(self, pos: int) -> int:
        """Index of the doctrine tagger's sentence holding `pos`."""
        return max(0, bisect.bisect_right(self.doctrine_sentences, pos) - 1)

    def in_parenthetical(self, pos: int) -> bool:
        """Whether `pos` lies strictly inside a parenthetical or block quotation."""
        k = bisect.bisect_left(self._set_off_starts, pos)  # the spans starting before `pos`
        return k > 0 and self._set_off_reach[k - 1] > pos

    def has_semicolon(self, a: int, b: int) -> bool:
        """Whether masked[a:b] holds a ";" (what `masked.count(";", a, b)` says), by bisection."""
        k = bisect.bisect_left(self.semicolons, a)
        return k < len(self.semicolons) and self.semicolons[k] < b

    def part_at(self, pos: int) -> Part:
        """The part of the opinion holding `pos` (the court's, when the opinion has no headings)."""
        if not self.parts:
            return Part("majority", 0)
        i = bisect.bisect_right(self._part_starts, pos) - 1
        return self.parts[max(i, 0)]

    def citations_in(self, start: int, end: int) -> tuple[Mention, ...]:
        """The extraction's mentions starting in [start, end), in order."""
        starts = self._citation_starts
        return self.citations[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
