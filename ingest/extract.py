"""What eyecite finds in an opinion, and what we add around it.

eyecite finds reporter citations well; it reads captions badly (signals kept,
digits and lower-case words cut, docket numbers pulled in), treats parallel
citations as separate decisions, and does not know which citations are
statutes. This module keeps eyecite's citations and fixes those three things.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from eyecite import get_citations
from eyecite.models import (
    CitationBase,
    FullCaseCitation,
    IdCitation,
    ReferenceCitation,
    ShortCaseCitation,
    SupraCitation,
)

from ingest.names import caption_before, display_name, strip_leading

# eyecite warns on every overlapping citation pair it skips; that is its business, not the user's.
logging.getLogger("eyecite").setLevel(logging.ERROR)

CASE_TYPES = (FullCaseCitation, ShortCaseCitation, IdCitation, SupraCitation, ReferenceCitation)

# Reporter preference for a decision's id and headline citation: official first.
_REPORTER_RANK = [
    (re.compile(r"^\d+ U\.\s?S\. \d"), 0),
    (re.compile(r"^\d+ F\.( ?\dd| ?4th)? \d"), 1),
    (re.compile(r"^\d+ F\. ?Supp\."), 2),
    (re.compile(r"S\. ?Ct\.|L\. ?Ed\."), 4),
    (re.compile(r" (WL|U\.S\. Dist\. LEXIS|LEXIS) "), 5),
]

_PARALLEL_GAP = re.compile(r"^,(?:\s*(?:at\s*)?\*?[\d\-–]+(?:\s*n\.\s*\d+)?\s*,)?\s*$")
_COURT_YEAR = re.compile(r"^[^()]{0,40}?\(([^()]*?)\s*(?:[A-Z][a-z]{2,4}\.?\s+\d{1,2},\s*)?(\d{4})\)")


def reporter_rank(cite: str) -> int:
    for pattern, rank in _REPORTER_RANK:
        if pattern.search(cite):
            return rank
    return 3


@dataclass
class FoundCitation:
    """One eyecite full citation group: the citation, its parallels, and its caption."""

    cites: list[FullCaseCitation]
    caption: str | None
    court: str | None
    year: int | None
    strings: list[str] = field(default_factory=list)


# What eyecite may offer as the one party of a caption-less citation: letters, no page or record numbers.
_ONE_PARTY = re.compile(r"(?!(?:id|ibid|see|pp?|at)\b\.?)[^\d¶§]*[A-Za-z][^\d¶§]*", re.I)
# The opinion's own citation, not one it makes: a slip opinion's running header ("Cite as: 570 U. S.
# ____ (2013)") and a reporter's page break ("[590 F.Supp.3d 856]", "*856").
_RUNNING_HEAD = re.compile(r"(?:Cite as:|\[|\*)\s*$")
_PAGE_BREAK_END = re.compile(r"\s*\]")


def _own_page(text: str, c: CitationBase) -> bool:
    start, end = c.span()
    if not _RUNNING_HEAD.search(text, max(0, start - 12), start):
        return False
    return text[start - 1:start] != "[" or bool(_PAGE_BREAK_END.match(text, end))


def find(text: str) -> list[CitationBase]:
    """eyecite's case citations (full, short, id, supra, reference), in text order."""
    return [c for c in get_citations(text) if isinstance(c, CASE_TYPES) and not _own_page(text, c)]


def cite_string(c: FullCaseCitation | ShortCaseCitation) -> str:
    """The usual form of a reporter citation ("465 U.S. 783")."""
    g = c.groups
    volume, reporter, page = g.get("volume"), c.corrected_reporter(), g.get("page")
    if not page or not str(page).isdigit() and not str(page).startswith("*"):
        page = "___"
    return re.sub(r"\s+", " ", f"{volume} {reporter} {page}").strip()


def parallel_groups(text: str, citations: list[CitationBase]) -> list[list[FullCaseCitation]]:
    """Full citations that stand for one decision ("465 U.S. 783, 104 S. Ct. 1482")."""
    groups: list[list[FullCaseCitation]] = []
    prev: FullCaseCitation | None = None
    for c in citations:
        if not isinstance(c, FullCaseCitation):
            prev = None
            continue
        if prev is not None and _PARALLEL_GAP.match(text[_core_end(prev) : c.span()[0]]):
            groups[-1].append(c)
        else:
            groups.append([c])
        prev = c
    return groups


def _core_end(c: FullCaseCitation) -> int:
    return c.span()[1]


def describe(text: str, group: list[FullCaseCitation], floor: int) -> FoundCitation:
    """Caption, court and year of a parallel group, read from the text around it."""
    first = group[0]
    start = first.span()[0]
    caption = caption_before(text, start, floor)
    if caption is None:
        md = first.metadata
        plaintiff = (md.plaintiff or "").strip(" ,")
        defendant = re.sub(r",?\s*No\..*$", "", md.defendant or "").strip(" ,")
        if plaintiff and defendant:
            caption = f"{plaintiff} v. {defendant}"
        elif _ONE_PARTY.fullmatch(defendant or plaintiff):  # "T.J.S.", but not "Pp. 8–13." or "Id. ¶ 21"
            caption = strip_leading(defendant or plaintiff) or None  # "Gratz, supra; and Grutter, 539 U.S."
    court, year = None, first.metadata.year
    m = _COURT_YEAR.match(text[group[-1].span()[1] : group[-1].span()[1] + 120])
    if m:
        court = m.group(1).strip(" ,") or None
        year = int(m.group(2))
    if court is None and reporter_rank(cite_string(first)) == 0:
        court = "U.S."
    strings = []
    for c in group:
        s = cite_string(c)
        if s not in strings:
            strings.append(s)
    return FoundCitation(
        cites=group,
        caption=display_name(caption) if caption else None,
        court=court,
        year=int(year) if year and str(year).isdigit() else None,
        strings=strings,
    )
