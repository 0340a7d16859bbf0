"""Is a text prose at all? The last check before a file's text is stored as an opinion.

A 10 MB line of one letter, random letters and punctuation, a base64 blob or a
hex dump decode cleanly and would otherwise be stored as an "Untitled opinion".
Every opinion, in any format, is mostly English words: in 70 real opinions of many
courts (tests/fixtures and the project's corpus) at least 81% of the non-space
characters sit in words that wordfreq knows, and a short sentence full of
citations still reaches 48%; random letters and punctuation reach 16%, a hex dump
20%, base64 9%, random letter groups 4%. A text is refused when no sampled window
of it reaches `MIN_COVERAGE`.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

WINDOW = 20_000  # characters per sampled window (start, middle and end of the text)
MIN_COVERAGE = 0.35
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LONGEST_WORD = 30


def coverage(sample: str) -> float:
    """The share of `sample`'s non-space characters that sit in known English words."""
    chars = sum(1 for c in sample if not c.isspace())
    if not chars:
        return 0.0
    known: dict[str, bool] = {}
    hits = 0
    for m in _WORD.finditer(sample):
        w = m.group(0).lower()
        if len(w) > _LONGEST_WORD:
            continue
        if w not in known:  # a lone letter is a word only as "a" or "I"; two letters only if common ("of")
            known[w] = w in ("a", "i") if len(w) == 1 else zipf_frequency(w, "en") >= (3.0 if len(w) == 2 else 1.0)
        hits += len(w) if known[w] else 0
    return hits / chars


def is_prose(text: str) -> bool:
    """True when the start, the middle or the end of `text` reads as English prose."""
    mid = max(0, len(text) // 2 - WINDOW // 2)
    windows = {0: text[:WINDOW], mid: text[mid : mid + WINDOW], -1: text[-WINDOW:]}
    return any(coverage(w) >= MIN_COVERAGE for w in windows.values())
