"""Finding cases and doctrines by the words a reader types ("dudnikov", "express aiming").

A case is found by any word of its name, and, when its caption was never read
(a stripped opinion), by the words of its own text: the store's full-text
search finds the passages, and a passage counts only if it holds every word
as typed. A doctrine is found by the words of its label, key or description.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.model import Doctrine
from ui.data import Ctx

TEXT_POOL = 200  # passages searched for cases mentioned in an opinion's text
NAME_WORDS = 3  # a query this short may be a name, so opinions whose text holds it are offered too
_STEM = 5  # "aiming" finds "aimed" and "aim": a word matches on its first letters


def fold(s: object) -> str:
    """Lower case, accents and punctuation dropped: "Erté & Co." → "erte co"."""
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", s.lower()))


def query_words(query: str) -> list[str]:
    return [w for w in fold(query).split() if len(w) > 1]


def words_match(query: str, *fields: object) -> bool:
    """Whether every word of `query` begins a word of the fields (an empty query matches everything)."""
    words = query_words(query)
    if not words:
        return True
    have = set(fold(" ".join(str(f) for f in fields if f is not None)).split())
    return all(any(h.startswith(w) for h in have) for w in words)


@dataclass(frozen=True)
class Found:
    case_id: str
    why: str  # "name" or "text"
    passage: str = ""  # for a text hit, the passage that holds the words


def find_cases(ctx: Ctx, query: str, limit: int = 30) -> list[Found]:
    """Cases whose name holds every word, most cited first; then ingested opinions whose text does."""
    words = query_words(query)
    if not words:
        return []
    degrees = ctx.degrees()
    by_name = [c for c in ctx.cases().values() if words_match(query, c.name, *c.citations)]
    by_name.sort(key=lambda c: (-degrees.get(c.id, (0, 0))[1], c.name.lower(), c.id))
    found = [Found(c.id, "name") for c in by_name[:limit]]
    named = {f.case_id for f in found}
    if len(words) > NAME_WORDS:  # a fact pattern, not a name: the passages below answer it
        return found
    for passage, _ in ctx.store.search(query, limit=TEXT_POOL):
        if len(found) >= limit:
            break
        if passage.case_id in named:
            continue
        text = f" {fold(passage.text)} "
        if all(f" {w}" in text for w in words):
            found.append(Found(passage.case_id, "text", around(passage.text, words[0])))
            named.add(passage.case_id)
    return found


def find_doctrines(doctrines: list[Doctrine], query: str) -> list[Doctrine]:
    """Doctrines whose label, key or description holds every word of `query` (or its first letters)."""
    words = query_words(query)
    if not words:
        return []
    hits = []
    for d in doctrines:
        have = set(fold(f"{d.label} {d.key.replace('.', ' ').replace('_', ' ')} {d.about}").split())
        if all(any(h.startswith(w[:_STEM]) for h in have) for w in words):
            in_label = all(any(h.startswith(w[:_STEM]) for h in fold(d.label).split()) for w in words)
            hits.append((not in_label, d.key.count("."), d.key, d))
    return [d for *_, d in sorted(hits, key=lambda h: h[:3])]


def around(text: str, word: str, width: int = 160) -> str:
    """About `width` characters of `text` centred on the first place `word` begins a word."""
    m = re.search(r"\b" + re.escape(word), text, re.I)
    at = m.start() if m else 0
    lo = max(0, at - width // 2)
    lo = text.find(" ", lo) + 1 if lo else 0
    return ("…" if lo else "") + text[lo : lo + width].strip() + ("…" if lo + width < len(text) else "")
