"""eyecite's citations found with Hyperscan: the same tokens as its default tokenizer, in a fraction of the time.

eyecite finds citations by running thousands of reporter regexes over the
text. Its `HyperscanTokenizer` runs them all in one pass, but on UTF-8 bytes,
so a match next to a non-ASCII character (the en dash of "at 311–312", a
curly quote, "§") falls on a byte that is not a character boundary and is
dropped: citations are lost.

Here Hyperscan scans a stand-in of the text instead, one ASCII character for
each character (so every offset is the original's): a non-ASCII word
character becomes "_", a space a space, anything else DEL, and the regexes'
own non-ASCII characters ("§", "¶", "’", "–") become DEL too. Every match
Python's regex makes in the original is then also a match in the stand-in, so
the ends Hyperscan reports bound where Python's matches can start; the tokens
themselves are Python's own matches on the original text, searched from those
bounds, so they are exactly what the default tokenizer finds (see
`_matches`). Only the spots are Hyperscan's; the answers are eyecite's.

Optional: needs the `hyperscan` package (`pip install precedent-explorer[fast]`);
`tokenizer()` falls back to eyecite's default without it. Chosen by
PRECEDENT_TOKENIZER=hyperscan (or `precedent ingest --tokenizer hyperscan`).
"""

from __future__ import annotations

import bisect
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from eyecite.models import Token, TokenExtractor
from eyecite.tokenizers import EXTRACTORS, HyperscanTokenizer, Tokenizer, default_tokenizer

ENV = "PRECEDENT_TOKENIZER"
CHOICES = ("default", "hyperscan")
_DEL = "\x7f"  # a character no regex names: it matches \W, \S, "." and negated classes, as punctuation does
# characters Python's case-insensitive matching folds to ASCII letters, which Hyperscan's does not
_FOLDS_TO_ASCII = frozenset("İıſK")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_ONLY_SPACE = dict.fromkeys(range(0x1C, 0x20), " ")  # Python's \s, not Hyperscan's
log = logging.getLogger(__name__)


def stand_in(text: str) -> str:
    """An ASCII text as long as `text`, with each character's regex class kept: word, space or other."""
    table: dict[int, str] = dict(_ASCII_ONLY_SPACE)
    for ch in set(_NON_ASCII.findall(text)):
        table[ord(ch)] = " " if ch.isspace() else "_" if re.match(r"\w", ch) else _DEL
    return text.translate(table)


def _ascii_regex(regex: str) -> str:
    return _NON_ASCII.sub(_DEL, regex)


@dataclass
class StandInHyperscanTokenizer(Tokenizer):
    """eyecite's default tokens (see the module's docstring), with Hyperscan finding where to look."""

    cache_dir: str | None = None

    def __post_init__(self) -> None:
        shadows = [replace(e, regex=_ascii_regex(e.regex)) for e in self.extractors]
        self._scanner = HyperscanTokenizer(extractors=shadows, cache_dir=self.cache_dir)
        self._caseless = [i for i, e in enumerate(self.extractors) if e.flags & re.I]

    def compile(self) -> None:
        """Build (or load from the cache directory) the Hyperscan database: several CPU seconds the first time."""
        self._scanner.hyperscan_db  # noqa: B018 (a property that compiles)

    def extract_tokens(self, text: str) -> Iterator[Token]:
        found: dict[int, list[tuple[int, int]]] = {}

        def on_match(index: int, start: int, end: int, flags: int, context: object) -> None:
            found.setdefault(index, []).append((start, end))

        self._scanner.hyperscan_db.scan(stand_in(text).encode("ascii"), match_event_handler=on_match)
        if not _FOLDS_TO_ASCII.isdisjoint(text):
            for i in self._caseless:  # Hyperscan cannot see what they match: search them everywhere
                found[i] = [(0, len(text))]
        for i in sorted(found):
            extractor: TokenExtractor = self.extractors[i]
            for m in _matches(extractor.compiled_regex, text, found[i]):
                yield extractor.get_token(m)


def _matches(regex: re.Pattern[str], text: str, spots: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text)` yields, given (start, end) spans of which every match of `regex` ends one
    at a start no later than its own.

    finditer takes the leftmost match at or after the end of the previous one. No match starts before the
    earliest start of a span ending after that point, so the search may begin there: the same match.
    """
    spots = sorted(spots, key=lambda s: s[1])
    ends = [e for _, e in spots]
    earliest = [s for s, _ in spots]  # earliest[k]: the smallest start among spots[k:]
    for k in range(len(spots) - 2, -1, -1):
        earliest[k] = min(earliest[k], earliest[k + 1])
    pos = 0
    while pos <= len(text):
        k = bisect.bisect_right(ends, pos)
        if k == len(ends):
            return
        m = regex.search(text, max(pos, earliest[k]))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def _cache_dir() -> str | None:
    """Where the compiled database is kept between runs (None: nowhere writable, compile each run)."""
    path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "precedent" / "hyperscan"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(path)


@lru_cache(maxsize=2)
def _build(name: str) -> Tokenizer:
    if name == "hyperscan":
        if available():
            return StandInHyperscanTokenizer(extractors=list(EXTRACTORS), cache_dir=_cache_dir())
        log.warning("%s=hyperscan but the hyperscan package is not installed: using eyecite's default tokenizer",
                    ENV)
    return default_tokenizer


def prepare() -> Tokenizer:
    """The tokenizer, its Hyperscan database compiled (or loaded): before worker processes start, so they
    inherit it instead of each compiling it."""
    chosen = tokenizer()
    if isinstance(chosen, StandInHyperscanTokenizer):
        chosen.compile()
    return chosen


def tokenizer() -> Tokenizer:
    """The tokenizer $PRECEDENT_TOKENIZER names: "hyperscan" (when installed) or eyecite's "default"."""
    name = (os.environ.get(ENV) or "default").strip().lower()
    if name not in CHOICES:
        raise ValueError(f"{ENV}={name!r}: expected one of {', '.join(CHOICES)}")
    return _build(name)
