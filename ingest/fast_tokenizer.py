"""eyecite's tokens, found faster: the same tokens as its default tokenizer, without its passes over the whole text.

eyecite finds citations by running thousands of reporter regexes over the
text. Its default tokenizer runs each regex one of whose strings the text
holds over the whole text: hundreds in a long opinion, so time per KB grows
with the length. Two tokenizers here give its tokens exactly:

- the default (`OrderedAhocorasickTokenizer`) searches each regex only near
  the places its strings stand, as far as the regex can read in this text
  (`ingest/regex_reach.py`);
- the Hyperscan one (`StandInHyperscanTokenizer`, optional) runs them all in
  one pass. eyecite's own `HyperscanTokenizer` scans UTF-8 bytes, so a match
  next to a non-ASCII character (the en dash of "at 311–312", a curly quote,
  "§") falls on a byte that is not a character boundary and is dropped:
  citations are lost. Here Hyperscan scans a stand-in of the text instead,
  one ASCII character for each character (so every offset is the original's):
  a non-ASCII word character becomes "_", a space a space, anything else DEL,
  and the regexes' own non-ASCII characters ("§", "¶", "’", "–") become DEL
  too. Every match Python's regex makes in the original is then also a match
  in the stand-in, so the ends Hyperscan reports bound where Python's matches
  can start; the tokens themselves are Python's own matches on the original
  text, searched from those bounds (see `_matches`). Only the spots are
  Hyperscan's; the answers are eyecite's. It needs the `hyperscan` package
  (`pip install precedent-explorer[fast]`); `tokenizer()` falls back to the
  default without it. Chosen by PRECEDENT_TOKENIZER=hyperscan (or
  `precedent ingest --tokenizer hyperscan`).
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

import ahocorasick
from eyecite.models import Token, TokenExtractor
from eyecite.tokenizers import _WHITESPACE_RE, EXTRACTORS, HyperscanTokenizer, Tokenizer, _strip_ws

from ingest import words
from ingest.regex_reach import Reach, Runs, holds_one_of, reach_of

ENV = "PRECEDENT_TOKENIZER"
CHOICES = ("default", "hyperscan")
_DEL = "\x7f"  # a character no regex names: it matches \W, \S, "." and negated classes, as punctuation does
_FOLDS_TO_ASCII = frozenset(words.CASELESS_TO_ASCII)  # Python folds them to ASCII; Hyperscan does not
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


@dataclass
class OrderedAhocorasickTokenizer(Tokenizer):
    """eyecite's default tokenizer (`AhocorasickTokenizer`), its tokens found by searching each extractor only
    near the strings it needs.

    eyecite picks the extractors one of whose strings the text holds (whitespace aside), then runs each
    over the whole text: the more varied a long opinion, the more extractors, each a pass over all of it,
    so time per KB grew with length. Each match of nearly every extractor holds one of its strings
    (`regex_reach.holds_one_of` proves it from the regex, extractor by extractor; the two it cannot are
    searched over the whole text: "e.g." among the stop words is a regex that also matches "Edge"), and in
    a given text an extractor can read at most its reach (`ingest/regex_reach.py`) from where it tries a
    match. So a match holding an occurrence starts at most a reach before it, and a search from there, cut
    off a reach past the last such start, finds what the whole-text search finds. Where a text gives no
    bound (a construct `regex_reach` does not know, a case fold lower() does not make) the whole text is
    searched, as eyecite does.

    The extractors are taken in eyecite's list order: eyecite returns them as a set, whose order changes
    with the process's hash seed, and two extractors matching the same span merge in that order: "559 S. W.
    2d, at 706" came out with the reporter "S. W. 2d," in one run and "S. W. 2d" in another. In list order
    the tokens are the same in every run, and the Hyperscan tokenizer's."""

    def __post_init__(self) -> None:
        self._strings: list[tuple[str, bool]] = []  # (whitespace-stripped string, caseless), by id
        self._needs: list[list[int]] = []  # extractor -> the ids of its strings
        self._users: list[list[int]] = []  # string id -> the extractors needing it
        ids: dict[tuple[str, bool], int] = {}
        for e in self.extractors:
            caseless = bool(e.flags & re.I)
            need = []
            for s in e.strings:
                key = (_strip_ws(s).lower() if caseless else _strip_ws(s), caseless)
                if key not in ids:
                    ids[key] = len(self._strings)
                    self._strings.append(key)
                    self._users.append([])
                need.append(ids[key])
                self._users[ids[key]].append(len(self._needs))
            self._needs.append(need)
        self._always = frozenset(i for i, need in enumerate(self._needs) if not need)
        self._filters = {caseless: self._automaton([(i, s) for i, (s, c) in enumerate(self._strings)
                                                    if c == caseless]) for caseless in (False, True)}
        self._reach: dict[int, Reach | None] = {}

    @staticmethod
    def _automaton(strings: list[tuple[int, str]]) -> ahocorasick.Automaton:
        found = ahocorasick.Automaton()
        for i, s in strings:
            found.add_word(s, (i, len(s)))
        found.make_automaton()
        return found

    def extract_tokens(self, text: str) -> Iterator[Token]:
        where = self._occurrences(text)
        runs = Runs(text)
        for i in sorted(self._always.union(*(self._users[s] for s in where))):
            extractor = self.extractors[i]
            spans = [span for s in self._needs[i] if s in where for span in where[s]]
            if i not in self._reach:
                self._reach[i] = self._reach_of(i) if spans else None
            reach = self._reach[i]
            if reach is None or None in spans:
                yield from map(extractor.get_token, extractor.get_matches(text))
            else:
                yield from map(extractor.get_token, _near(extractor.compiled_regex, text, spans, runs.reach(reach)))

    def _reach_of(self, i: int) -> Reach | None:
        """How far extractor `i` reads, or None where it must search the whole text: its reach has no bound
        stated, or some match of it holds none of its strings (eyecite's strings are a hint)."""
        extractor = self.extractors[i]
        reach = reach_of(extractor.regex, extractor.flags)
        if reach is None or not holds_one_of(extractor.regex, [self._strings[s][0] for s in self._needs[i]],
                                             extractor.flags):
            return None
        return reach

    def _occurrences(self, text: str) -> dict[int, list]:
        """Where each string stands in `text`, as (start, end) in the text; [None] for a string found only in a
        case fold whose offsets are not the text's."""
        stripped = _strip_ws(text)
        gaps = [(m.start(), m.end()) for m in _WHITESPACE_RE.finditer(text)]  # what _strip_ws strips
        at, before = [], []  # gap k stands before stripped index at[k], with before[k] spaces up to its end
        total = 0
        for start, end in gaps:
            at.append(start - total)
            total += end - start
            before.append(total)

        def orig(i: int) -> int:
            k = bisect.bisect_right(at, i) - 1
            return i + (before[k] if k >= 0 else 0)

        where: dict[int, list] = {}
        for end, (s, n) in self._filters[False].iter(stripped):
            where.setdefault(s, []).append((orig(end - n + 1), orig(end) + 1))
        folded = stripped.lower()
        exact = len(folded) == len(stripped) and _FOLDS_TO_ASCII.isdisjoint(stripped)
        for end, (s, n) in self._filters[True].iter(folded):
            where.setdefault(s, []).append((orig(end - n + 1), orig(end) + 1) if exact else None)
        return where


def _near(regex: re.Pattern[str], text: str, spans: list[tuple[int, int]], reach: int) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text)` yields, given where the strings its every match holds stand, and how far it
    reads from where it tries a match (`reach`: every match is shorter).

    A match holding the string at (start, end) starts in [end - reach, start]; none starts elsewhere. Trying
    the starts of one such stretch, from the end of the last match, with the text cut `reach` past the
    stretch's last start, the regex reads nothing the cut hides: the same matches as over the whole text.
    """
    stretches: list[list[int]] = []
    for start, end in sorted((max(0, e - reach), s) for s, e in spans):
        if stretches and start <= stretches[-1][1] + reach:
            stretches[-1][1] = max(stretches[-1][1], end)
        else:
            stretches.append([start, end])
    pos = 0
    for first, last in stretches:
        pos = max(pos, first)
        cut = min(len(text), last + reach)
        while pos <= last:
            m = regex.search(text, pos, cut)
            if m is None or m.start() > last:
                break
            yield m
            pos = m.end()


@lru_cache(maxsize=2)
def _build(name: str) -> Tokenizer:
    if name == "hyperscan":
        if available():
            return StandInHyperscanTokenizer(extractors=list(EXTRACTORS), cache_dir=_cache_dir())
        log.warning("%s=hyperscan but the hyperscan package is not installed: using eyecite's default tokenizer",
                    ENV)
    return OrderedAhocorasickTokenizer()


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
