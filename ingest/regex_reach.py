"""How far a regex can read from where it tries a match in one given text, and what every match of it holds.

A backtracking regex trying a match at a position reads no further than its
longest match plus what its lookaheads peek at. Unbounded repeats (`\\s+`, `\\d+`,
`(?:\\(\\d\\))+`) make that unbounded in general, but in a given text a repeat can
only span a run of the characters its items consume, so the text's longest such
run bounds it. eyecite's reporter regexes repeat nothing else, so in real text
they reach a few dozen characters: enough to search each one only near the
strings it needs (`ingest/fast_tokenizer.py`) and get exactly its matches, where
every match is sure to hold one of those strings (`holds_one_of`).

Reads the parse tree of the standard library's own regex parser (`re._parser`,
there since Python 3.11); a construct it does not know gives no bound (None), and
the caller then searches the whole text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

try:
    from re import _parser as _p
except ImportError:  # pragma: no cover - a Python whose regex parser moved: no bounds, whole-text searches
    _p = None

# a consumed character or two peeked at beyond the bound: "\b" and "$" look at the next one
SLACK = 4
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_FLAGS = re.I | re.S | re.A | re.U  # the flags that change what a character class matches


@dataclass(frozen=True)
class Reach:
    """A regex's reach: a fixed number of characters plus, per character class, how many runs of that class."""

    fixed: int
    runs: tuple[tuple[str, int], ...]  # (a pattern matching one run of the class, how many times)
    flags: int


class Runs:
    """The longest run of each character class in one text, each found once when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._longest: dict[tuple[str, int], int] = {}

    def longest(self, run: str, flags: int) -> int:
        key = (run, flags)
        if key not in self._longest:
            self._longest[key] = max(map(len, re.compile(run, flags).findall(self.text)), default=0)
        return self._longest[key]

    def reach(self, r: Reach) -> int:
        """How far past the position a match is tried at the regex can read in this text."""
        return r.fixed + sum(times * self.longest(run, r.flags) for run, times in r.runs) + SLACK


@lru_cache(maxsize=8)
def _parsed(pattern: str, flags: int):
    """The parse tree (read, never changed, here): a tokenizer asks both questions of each regex in turn, and
    parsing is most of what either costs."""
    return _p.parse(pattern, flags)


def reach_of(pattern: str, flags: int = 0) -> Reach | None:
    """`pattern`'s reach, or None where it has no bound this module can state."""
    if _p is None:
        return None
    try:
        parsed = _parsed(pattern, flags)
        walked = _walk(parsed)
    except (re.error, _Unknown):
        return None
    if parsed.getwidth()[0] == 0:  # it can match nothing at all: finditer's rule after that is its own
        return None
    fixed, runs = walked
    return Reach(fixed, tuple(sorted(runs.items())), parsed.state.flags & _FLAGS)


class _Unknown(Exception):
    """A construct whose reach is not stated here (a back-reference, a lookahead inside a repeat ...)."""


def _walk(items) -> tuple[int, Counter]:
    """(fixed characters, runs per class) that a sequence of parsed items can read at most."""
    fixed, runs = 0, Counter()

    def add(part: tuple[int, Counter], times: int = 1) -> None:
        nonlocal fixed
        fixed += part[0] * times
        for k, v in part[1].items():
            runs[k] += v * times

    for op, av in items:
        if op in (_p.LITERAL, _p.NOT_LITERAL, _p.ANY, _p.IN):
            fixed += 1
        elif op is _p.AT:
            pass
        elif op is _p.SUBPATTERN:
            if av[1] or av[2]:  # inline flags: its classes are not the ones compiled with `flags`
                raise _Unknown("inline flags")
            add(_walk(av[-1]))
        elif op is _p.ATOMIC_GROUP:
            add(_walk(av))
        elif op is _p.BRANCH:
            add(_most([_walk(b) for b in av[1]]))
        elif op is _p.GROUPREF_EXISTS:
            add(_most([_walk(av[1]), _walk(av[2]) if av[2] else (0, Counter())]))
        elif op in (_p.ASSERT, _p.ASSERT_NOT):
            if av[0] == 1:  # a lookahead reads ahead; a lookbehind reads what is behind, which is all there
                add(_walk(av[1]))
        elif op in (_p.MAX_REPEAT, _p.MIN_REPEAT, _p.POSSESSIVE_REPEAT):
            _, hi, sub = av
            if hi == _p.MAXREPEAT:  # every character it spans is one its items consume: one run of them
                runs[_run_of(sub)] += 1
            else:
                add(_walk(sub), hi)
        else:
            raise _Unknown(str(op))
    return fixed, runs


def _most(parts: list[tuple[int, Counter]]) -> tuple[int, Counter]:
    """An upper bound of the alternatives' reaches, part by part (every run length is at least 0)."""
    runs: Counter = Counter()
    for _, r in parts:
        for k, v in r.items():
            runs[k] = max(runs[k], v)
    return max(f for f, _ in parts), runs


def _run_of(items) -> str:
    """A pattern matching a run of the characters the items can consume (a repeat's whole span is one)."""
    sources: set[str] = set()

    def collect(seq) -> None:
        for op, av in seq:
            if op in (_p.LITERAL, _p.NOT_LITERAL, _p.ANY, _p.IN):
                sources.add(_char(op, av))
            elif op is _p.AT:
                pass
            elif op is _p.SUBPATTERN:
                if av[1] or av[2]:
                    raise _Unknown("inline flags")
                collect(av[-1])
            elif op is _p.ATOMIC_GROUP:
                collect(av)
            elif op is _p.BRANCH:
                for b in av[1]:
                    collect(b)
            elif op in (_p.MAX_REPEAT, _p.MIN_REPEAT, _p.POSSESSIVE_REPEAT):
                collect(av[2])
            else:  # a lookahead in a repeat may read past the run
                raise _Unknown(str(op))

    collect(items)
    return "(?:" + "|".join(sorted(sources)) + ")+"


def _char(op, av) -> str:
    """The source of one character-consuming item."""
    if op is _p.LITERAL:
        return re.escape(chr(av))
    if op is _p.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is _p.ANY:
        return "."
    parts = []
    for sop, sav in av:
        if sop is _p.NEGATE:
            parts.insert(0, "^")
        elif sop is _p.LITERAL:
            parts.append(re.escape(chr(sav)))
        elif sop is _p.RANGE:
            parts.append(re.escape(chr(sav[0])) + "-" + re.escape(chr(sav[1])))
        elif sop is _p.CATEGORY and str(sav) in _CATEGORIES:
            parts.append(_CATEGORIES[str(sav)])
        else:
            raise _Unknown(str(sop))
    return "[" + "".join(parts) + "]"


def holds_one_of(pattern: str, strings: list[str], flags: int = 0) -> bool:
    """Whether every match of `pattern`, its whitespace taken out, holds one of `strings` (given without
    whitespace; compared in lower case when `flags` has re.I). A regex's list of strings is only a hint: one
    whose strings are spelt with regex characters ("e.g." also matches "Edge") or whose reporter has optional
    dots ("S\\.?W\\.?2d" matches "SW2d") has matches holding none of them."""
    if _p is None:
        return False
    caseless = bool(flags & re.I)
    wanted = [s.lower() for s in strings] if caseless else list(strings)
    try:
        parsed = _parsed(pattern, flags)
    except re.error:
        return False
    if parsed.state.flags & re.I and not caseless:
        return False

    def enough(run: set[str]) -> bool:
        return all(any(w in (r.lower() if caseless else r) for w in wanted) for r in run)

    return _covers(list(parsed), enough)


_MOST_SPELLINGS = 64  # a run's spellings multiply at each alternative of literals: beyond this, stop the run


def _covers(items, enough) -> bool:
    """Whether every match of the sequence holds a run of literal characters (whitespace aside) that `enough`
    accepts, or holds a part that does."""
    run: set[str] = {""}
    for op, av in items:
        if _blank(op, av) or op is _p.AT:  # nothing, or only whitespace: the literals either side stay together
            continue
        spelt = _spellings(op, av)
        if spelt is not None and len(run) * len(spelt) <= _MOST_SPELLINGS:
            run = {r + s for r in run for s in spelt}
            continue
        if run != {""} and enough(run):
            return True
        run = {""} if spelt is None else set(spelt)
        if spelt is None and _part_covers(op, av, enough):
            return True
    return run != {""} and enough(run)


def _part_covers(op, av, enough) -> bool:
    if op is _p.SUBPATTERN:
        return _covers(av[-1], enough)
    if op is _p.ATOMIC_GROUP:
        return _covers(av, enough)
    if op is _p.BRANCH:
        return all(_covers(b, enough) for b in av[1])
    if op in (_p.MAX_REPEAT, _p.MIN_REPEAT, _p.POSSESSIVE_REPEAT):
        return av[0] >= 1 and _covers(av[2], enough)
    return False


def _spellings(op, av) -> set[str] | None:
    """Every way one item can be spelt, whitespace aside, when it matches only fixed literals; else None."""
    if op is _p.LITERAL:
        return {chr(av)}
    if op is _p.SUBPATTERN and not (av[1] or av[2]):
        return _sequence_spellings(av[-1])
    if op is _p.BRANCH:
        out: set[str] = set()
        for b in av[1]:
            spelt = _sequence_spellings(b)
            if spelt is None:
                return None
            out |= spelt
        return out if len(out) <= _MOST_SPELLINGS else None
    return None


def _sequence_spellings(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        if _blank(op, av) or op is _p.AT:
            continue
        spelt = _spellings(op, av)
        if spelt is None or len(out) * len(spelt) > _MOST_SPELLINGS:
            return None
        out = {r + s for r in out for s in spelt}
    return out


def _blank(op, av) -> bool:
    """An item that matches only whitespace (or nothing), which eyecite strips before looking for strings."""
    if op is _p.LITERAL:
        return re.match(r"\s", chr(av)) is not None
    if op is _p.IN:
        return all(sop is _p.CATEGORY and str(sav) == "CATEGORY_SPACE"
                   or sop is _p.LITERAL and re.match(r"\s", chr(sav)) is not None for sop, sav in av)
    if op in (_p.MAX_REPEAT, _p.MIN_REPEAT, _p.POSSESSIVE_REPEAT):
        return all(_blank(o, a) for o, a in av[2])
    return False
