"""What eyecite finds in an opinion, and what we add around it.

eyecite finds reporter citations well; it reads captions badly (signals kept,
digits and lower-case words cut, docket numbers pulled in), treats parallel
citations as separate decisions, and does not know which citations are
statutes. This module keeps eyecite's citations and fixes those three things.
"""

from __future__ import annotations

import bisect
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

from graph.keys import reporter_rank
from ingest import fast_tokenizer
from ingest.names import caption_before, caption_in_prose, display_name, strip_leading

# eyecite warns on every overlapping citation pair it skips; that is its business, not the user's.
logging.getLogger("eyecite").setLevel(logging.ERROR)

CASE_TYPES = (FullCaseCitation, ShortCaseCitation, IdCitation, SupraCitation, ReferenceCitation)

# Between parallel citations: ", ", a pin ", 329, ", or New Jersey's brackets ("321, 329 [452 A.2d 681]",
# "259 [262, 244 A.2d 139]").
# Between parallel citations: the pin cites of the first ("668, 671, 676"), each perhaps with Georgia's division
# number ("746(1)", "889-890(16)"), or New Jersey's bracketed parallel.
_PARALLEL_GAP = re.compile(
    r"^(?:,(?:\s*(?:at\s*)?\*?[\d\-–]+(?:\s*n\.\s*\d+)?(?:\s*\(\d{1,2}\)(?:\s*\([a-z]\))?)?\s*,)*\s*"
    r"|(?:,\s*[\d\-–]+)?\s*\[\s*(?:[\d\-–]+\s*,\s*)?)$"
)
_COURT_YEAR = re.compile(r"^[^()]{0,40}?\(([^()]*?)\s*(?:[A-Z][a-z]{2,4}\.?\s+\d{1,2},\s*)?(\d{4})\)")


@dataclass
class FoundCitation:
    """One eyecite full citation group: the citation, its parallels, and its caption."""

    cites: list[FullCaseCitation]
    caption: str | None
    court: str | None
    year: int | None
    strings: list[str] = field(default_factory=list)


# What eyecite may offer as the one party of a caption-less citation: letters, no page or record numbers.
_ONE_PARTY = re.compile(
    r"(?!(?:id|ibid|see|pp?|at)\b\.?)(?!(?:the\s+)?(?:court|state|united states|appellants?|appellees?|petitioners?"
    r"|respondents?|plaintiffs?|defendants?)\W*$)[^\d¶§]*[A-Za-z][^\d¶§]*",
    re.I,
)
# The opinion's own citation, not one it makes: a slip opinion's running header ("Cite as: 570 U. S.
# ____ (2013)") and a reporter's star page ("*856").
_RUNNING_HEAD = re.compile(r"(?:Cite as:|\*)\s*$")
# A reporter's page break in brackets holds nothing but the page's citations, in one reporter or
# several: "[590 F.Supp.3d 856]", "[3 Cal.App.5th 210]", "[912 N.E.2d 77, 889 N.Y.S.2d 511]".
_BRACKET = re.compile(r"\[([^\[\]\n]{4,200})\]")
_BETWEEN_PAGES = re.compile(r"[\s,;*]*")
# An English statute by regnal year and chapter reads like a nominative reporter: "13 Will. 3, c. 3",
# "21 Rich. 2, c. 6", "26 Hen. 8, c. 25". The chapter shows it is an Act, not a decision.
_CHAPTER = re.compile(r"\s*,\s*(?:c|ch|cap)\.\s*\d")
# Massachusetts cites a rule or statute where the reports print it: "Mass. R. Crim. P. 30 (b), as appearing in
# 435 Mass. 1501 (2001)" (Mass. Reports Style Manual). The volume holds the rule, not a decision.
_PRINTED_IN = re.compile(r"\bas\s+appearing\s+in\s*$", re.I)
_PIN_GAP = re.compile(r"[ \t]*(?:,[ \t]*(?:at[ \t]*)?[\d\-–]+(?:[ \t]*n\.[ \t]*\d+)?)?[ \t]*")


def _page_breaks(text: str, citations: list[CitationBase]) -> list[tuple[int, int]]:
    """Spans of bracketed page breaks: brackets whose whole content is reporter citations."""
    spans = []
    by_start = sorted(citations, key=lambda c: c.span()[0])
    starts = [c.span()[0] for c in by_start]
    full_ends = sorted(c.span()[1] for c in citations if isinstance(c, FullCaseCitation))
    for m in _BRACKET.finditer(text):
        window = by_start[bisect.bisect_right(starts, m.start()) : bisect.bisect_left(starts, m.end())]
        inside = [c for c in window if c.span()[1] < m.end()]
        if not inside or not all(isinstance(c, FullCaseCitation) for c in inside):
            continue
        rest, pos = [], m.start() + 1
        for c in sorted(inside, key=lambda c: c.span()):
            rest.append(text[pos : c.span()[0]])
            pos = c.span()[1]
        rest.append(text[pos : m.end() - 1])
        if all(_BETWEEN_PAGES.fullmatch(r) for r in rest) and not _follows_citation(text, m.start(), full_ends):
            spans.append(m.span())
    return spans


def _follows_citation(text: str, at: int, full_ends: list[int]) -> bool:
    """New Jersey's bracketed parallel citation ("186 N.J.Super. 321, 329 [452 A.2d 681]") stands right
    after the citation it parallels; a page break stands in running text. `full_ends`: where the full
    citations end, sorted."""
    near = full_ends[bisect.bisect_left(full_ends, at - 40) : bisect.bisect_right(full_ends, at)]
    return any(_PIN_GAP.fullmatch(text, end, at) for end in near)


def find(text: str) -> list[CitationBase]:
    """eyecite's case citations (full, short, id, supra, reference), in text order, without the
    opinion's own page markers."""
    # eyecite does not read a citation broken over lines ("324\nF.3d 12"); a space keeps every offset.
    plain = text.replace("\n", " ")
    cites = [c for c in get_citations(plain, tokenizer=fast_tokenizer.tokenizer()) if isinstance(c, CASE_TYPES)]
    breaks = _page_breaks(text, cites)  # in text order, apart
    break_starts = [a for a, _ in breaks]

    def in_break(pos: int) -> bool:
        i = bisect.bisect_left(break_starts, pos) - 1
        return i >= 0 and pos < breaks[i][1]

    return [
        c
        for c in cites
        if not _RUNNING_HEAD.search(text, max(0, c.span()[0] - 12), c.span()[0])
        and not in_break(c.span()[0])
        and not (isinstance(c, FullCaseCitation) and _CHAPTER.match(text, c.span()[1]))
        and not _PRINTED_IN.search(text, max(0, c.span()[0] - 20), c.span()[0])
    ]


def cite_string(c: FullCaseCitation | ShortCaseCitation) -> str:
    """The usual form of a reporter citation ("465 U.S. 783")."""
    g = c.groups
    volume, reporter, page = g.get("volume"), c.corrected_reporter(), g.get("page")
    if not page or not str(page).isdigit() and not str(page).startswith("*"):
        page = "___"
    return re.sub(r"\s+", " ", f"{volume} {reporter} {page}").strip()


# A higher court declining to hear the case, cited after it, is the same case's history, not another
# decision: one node, as citators fold it ("State v. Bigelow, 120 Conn.App. 632, 994 A.2d 204, cert.
# denied, 297 Conn. 916"; a scan's "cert, denied"). An affirmance or reversal is a decision of its own
# (reported.find_history).
_PAREN = r"\((?:[^()]|\([^()]*\))*\)"
_HISTORY_GAP = re.compile(
    rf"^\]?(?:,\s*[\d\-–]+(?:\s*n\.\s*\d+)?)?,?\s*(?:{_PAREN}\s*){{0,2}},\s*(?:"
    r"(?:cert(?:ification)?[.,]?|certif\.|review|writ|pet(?:ition)?\.?|appeal|leave to appeal|reh(?:earin)?'?g\.?)"
    r"(?:\s+(?:for|of|to)\s+[\w.]+)*\s+(?:denied|dismissed|granted|refused)"
    r"),\s*$",
    re.I,
)


def parallel_groups(text: str, citations: list[CitationBase]) -> list[list[FullCaseCitation]]:
    """Full citations that stand for one decision ("465 U.S. 783, 104 S. Ct. 1482")."""
    groups: list[list[FullCaseCitation]] = []
    prev: FullCaseCitation | None = None
    for c in citations:
        if not isinstance(c, FullCaseCitation):
            prev = None
            continue
        gap = text[_core_end(prev) : c.span()[0]] if prev is not None else ""
        if prev is not None and (_PARALLEL_GAP.match(gap) or _HISTORY_GAP.match(gap)):
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
        else:
            caption = caption_in_prose(text, start, floor)
    court, year = None, first.metadata.year
    # the first parenthetical after a member: the decision's own, before any later history's
    m = next((m for c in group if (m := _COURT_YEAR.match(text[c.span()[1] : c.span()[1] + 120]))), None)
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
