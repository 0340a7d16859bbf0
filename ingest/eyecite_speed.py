"""Faster versions of two eyecite helpers, with the same answers: the court lookup and the
name-and-pin-cite search for references.

eyecite maps each citation's parenthetical ("9th Cir. 2011") to a court by
normalizing every one of its several thousand court names with a regular
expression, on every call: a fifth of the whole ingest's time on the dev sets.
Here the names are normalized once, and each distinct parenthetical is looked
up once (`lru_cache`). `install()` puts it in eyecite's place; the answers are
those of `eyecite.helpers.get_court_by_paren` (tests/test_scale.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from eyecite import find as eyecite_find
from eyecite import helpers
from eyecite.models import CaseReferenceToken, FullCaseCitation, ReferenceCitation
from eyecite.regexes import PIN_CITE_REGEX
from eyecite.utils import is_valid_name

_original = helpers.get_court_by_paren
_original_pincited = eyecite_find.extract_pincited_reference_citations
_NOT_WORD = re.compile(r"[^\w]")


@lru_cache(maxsize=1)
def _courts() -> tuple[dict[str, str], tuple[tuple[str, object], ...]]:
    exact: dict[str, str] = {}
    names = []
    for court in helpers.courts:
        s = _NOT_WORD.sub("", court["citation_string"]).lower()
        exact.setdefault(s, str(court["id"]))  # the first court with this name wins, as in eyecite
        names.append((s, court["id"]))
    return exact, tuple(names)


@lru_cache(maxsize=65536)
def get_court_by_paren(paren_string: str) -> str | None:
    """eyecite's answer: the first court whose name is the parenthetical, else the last one it begins."""
    court_str = _NOT_WORD.sub("", paren_string).lower()
    if not court_str:
        return None
    exact, names = _courts()
    if court_str in exact:
        return exact[court_str]
    last = None
    for s, cid in names:
        if s.startswith(court_str):
            last = cid
    return last


# eyecite finds a decision's later mentions by party name and pin cite ("Bakke, 438 U.S., at 311") with one
# regular expression per full citation, built from its party names and run over the rest of the text: a fresh
# compile of the long pin-cite pattern for every citation, and a scan of the rest of the opinion each time
# (1.1 s for a 100 KB opinion, 16 s at 600 KB). Here the names are found by plain search and the pin-cite
# pattern, compiled once, is matched only where a name stands: the same matches, in the same order.
_PIN_AFTER_NAME = re.compile(r"\s+" + PIN_CITE_REGEX, re.VERBOSE)
_WORD_BOUNDARY = re.compile(r"\b")


def extract_pincited_reference_citations(citation: FullCaseCitation, plain_text: str) -> list[ReferenceCitation]:
    """eyecite's `extract_pincited_reference_citations`, answer for answer."""
    names = [(key, value) for key in ReferenceCitation.name_fields
             if (value := getattr(citation.metadata, key, None)) and is_valid_name(value)]
    if not names:
        return []
    offset = citation.span()[-1]
    remaining = plain_text[offset:]
    starts: set[int] = set()
    for _, value in names:
        at = remaining.find(value)
        while at >= 0:
            starts.add(at)
            at = remaining.find(value, at + 1)
    found = []
    last_end = 0
    for start in sorted(starts):
        if start < last_end or not _WORD_BOUNDARY.match(remaining, start):
            continue
        winner = next(((key, value, pin) for key, value in names  # the pattern's alternatives, in its order
                       if remaining.startswith(value, start)
                       and (pin := _PIN_AFTER_NAME.match(remaining, start + len(value)))), None)
        if winner is None:
            continue
        key, value, pin = winner
        end = pin.end()
        metadata = {k: (value if k == key else None) for k, _ in names} | pin.groupdict()
        found.append(ReferenceCitation(
            token=CaseReferenceToken(data=remaining[start:end], start=start + offset, end=end + offset),
            span_start=start + offset, span_end=end + offset,
            full_span_start=start + offset, full_span_end=end + offset,
            index=0, metadata=metadata,
        ))
        last_end = end
    return found


def install() -> None:
    helpers.get_court_by_paren = get_court_by_paren
    eyecite_find.extract_pincited_reference_citations = extract_pincited_reference_citations


@contextmanager
def stock() -> Iterator[None]:
    """eyecite as it ships, for a while: what a benchmark compares the pipeline with."""
    mine = helpers.get_court_by_paren, eyecite_find.extract_pincited_reference_citations
    helpers.get_court_by_paren, eyecite_find.extract_pincited_reference_citations = _original, _original_pincited
    try:
        yield
    finally:
        helpers.get_court_by_paren, eyecite_find.extract_pincited_reference_citations = mine
