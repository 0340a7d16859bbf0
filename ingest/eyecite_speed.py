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

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from eyecite import find as eyecite_find
from eyecite import helpers
from eyecite.models import CaseReferenceToken, FullCaseCitation, ReferenceCitation
from eyecite.regexes import PIN_CITE_REGEX
from eyecite.utils import is_valid_name

from ingest import words

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
# (1.1 s for a 100 KB opinion, 16 s at 600 KB). Here the names are looked up in an index of the text's words
# (built once per text) and the pin-cite pattern, compiled once, is matched only where a name stands: the same
# matches, in the same order.
_PIN_AFTER_NAME = re.compile(r"\s+" + PIN_CITE_REGEX, re.VERBOSE)
_WORD_BOUNDARY = re.compile(r"\b")


def extract_pincited_reference_citations(citation: FullCaseCitation, plain_text: str) -> list[ReferenceCitation]:
    """eyecite's `extract_pincited_reference_citations`, answer for answer.

    Where each name stands with a pin cite after it is worked out once per text and names (`_pinned`), not
    again from each full citation on: a long opinion's thousands of citations each searched the rest of
    it for their names (quadratic in its length)."""
    names = tuple((key, value) for key in ReferenceCitation.name_fields
                  if (value := getattr(citation.metadata, key, None)) and is_valid_name(value))
    if not names:
        return []
    offset = citation.span()[-1]
    at_offset = None  # a name right at the offset: the rest of the text starts there, a word boundary
    if plain_text[offset:offset + 1].isalnum() or plain_text[offset:offset + 1] == "_":
        at_offset = _winner(plain_text, names, offset)
    hits = _pinned(plain_text, names)
    k = bisect.bisect_right(hits, offset, key=lambda h: h[0])  # the hits after the offset
    found = []
    last_end = offset
    for start, (key, value, pin) in ([(offset, at_offset)] if at_offset else []) + hits[k:]:
        if start < last_end:
            continue
        end = pin.end()
        metadata = {k: (value if k == key else None) for k, _ in names} | pin.groupdict()
        found.append(ReferenceCitation(
            token=CaseReferenceToken(data=plain_text[start:end], start=start, end=end),
            span_start=start, span_end=end, full_span_start=start, full_span_end=end,
            index=0, metadata=metadata,
        ))
        last_end = end
    return found


_PINNED: dict[tuple[int, tuple], tuple[str, list]] = {}


def _pinned(text: str, names: tuple[tuple[str, str], ...]) -> list:
    """Each place in `text` where one of `names` stands at a word boundary with a pin cite after it, ascending,
    with eyecite's winner there (the first of `names` that reads so): found once per text and names."""
    key = (id(text), names)
    known = _PINNED.get(key)
    if known is not None and known[0] is text:
        return known[1]
    if _PINNED and next(iter(_PINNED.values()))[0] is not text:
        _PINNED.clear()  # one text at a time
    starts: set[int] = set()
    for _, value in names:
        head = words.first(value)
        if head:  # at a word boundary it starts a word that is `head` (a pin cite starts with a space)
            starts.update(words.starts(text).get(head, ()))
            continue
        at = text.find(value)
        while at >= 0:
            starts.add(at)
            at = text.find(value, at + 1)
    hits = []
    for start in sorted(starts):
        if _WORD_BOUNDARY.match(text, start) and (winner := _winner(text, names, start)):
            hits.append((start, winner))
    _PINNED[key] = (text, hits)
    return hits


def _winner(text: str, names: tuple[tuple[str, str], ...], start: int) -> tuple | None:
    """The first of `names` standing at `start` with a pin cite after it (the pattern's alternatives, in order)."""
    return next(((key, value, pin) for key, value in names
                 if text.startswith(value, start) and (pin := _PIN_AFTER_NAME.match(text, start + len(value)))), None)


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
