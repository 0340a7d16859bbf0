"""Where each word of an opinion stands: one index of its words, read once, for every stage that looks a name up.

A word is a longest run of word characters (what `\\w+` matches). Looking each cited decision's names up
here, instead of searching the whole text for each, keeps that work in proportion to the text, not to
(cited decisions) x (text length).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
# the characters Python's case-insensitive matching takes for ASCII letters, though lower() does not make them
# those letters (İ lowers to two characters, ı and ſ stay as they are) or a regex engine other than Python's
# (Hyperscan) does not fold them: İ, ı, ſ and the Kelvin sign (not the letter K)
CASELESS_TO_ASCII = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_LAST: list[tuple[str, dict[str, list[int]]]] = []  # the index of the text read last


def starts(text: str) -> dict[str, list[int]]:
    """Each word of `text` with where it starts, ascending. The text eyecite reads (line breaks made spaces)
    has the same words at the same places as the opinion's own, so one index serves both."""
    if _LAST:
        seen, index = _LAST[0]
        if seen is text or len(seen) == len(text) and seen.replace("\n", " ") == text.replace("\n", " "):
            return index
    index = {}
    for m in _WORD.finditer(text):
        index.setdefault(m.group(), []).append(m.start())
    _LAST[:] = [(text, index)]
    return index


def first(s: str) -> str | None:
    """The word `s` starts with (its word characters up to the first other one); None when it starts with
    another character."""
    m = _WORD.match(s)
    return m.group() if m else None
