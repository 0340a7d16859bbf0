"""Which legal doctrines a citing passage is about.

The taxonomy in data/doctrines.yaml is data: a tree of doctrines, each with
`cues`, regular expressions in the words courts use when they apply the rule.
This module is the matching logic. It reads the passage around a mention the
way a lawyer would: the proposition a citation supports is the sentence it sits
in, or, when that sentence is only a citation, the sentence before it; the
parenthetical after a cite counts; nearby sentences and the section heading
give the topic when the cited sentence itself is silent.

Cues are matched on a normalised copy of the opinion (lower case, every
non-word character a space, same length so offsets line up), which is also
what makes them work on citation-stripped text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from graph.config import DATA_DIR
from graph.model import Doctrine
from ingest.models import Document, Mention

TAXONOMY_FILE = "doctrines.yaml"
_KEY = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\Z")

# Weights of a cue hit by where it sits relative to the mention, and the score
# a doctrine needs. A hit in the cited proposition alone is enough; hits only
# in the neighbourhood need to agree with each other or with the heading.
_W_CORE = 3.0
_W_NEAR = 1.0
_W_PARA = 0.5
_W_HEADING = 1.5
_THRESHOLD = 2.5
_MAX_KEYS = 3
_FALLBACK = 1.5
_RELATIVE = 0.5  # a key must score at least half of the best key of the passage
_AREA_SHARE = 0.12  # an area with fewer cue hits than this share of the opinion's main area is passing talk
_AREA_MIN_HITS = 2  # cue hits that put an anchored area in play in a short passage without its anchors
_EXCERPT = 3000  # characters below which a text is a passage, not a whole opinion
_EDGE_KEYS = 4  # most doctrines on one edge: the ones most of its mentions are about
_MAX_TOPIC = 1.0  # many passing mentions around a cite do not make it about them
_PARA_REACH = 3  # sentences either side that still count as the same topic

_NUMBERED = re.compile(r"(?:[IVXLC]+|[A-Z]|\d{1,2}|\([a-z0-9]{1,3}\))[.)]\s")
_PROSE_WORD = re.compile(r"\b[a-z]{3,}\b")
_NOT_PROSE = frozenset("see also quoting citing internal quotation marks omitted alteration emphasis added".split())


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the offending key."""


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 10x PyYAML's
    """A YAML loader that refuses duplicate keys, which PyYAML would silently merge."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise TaxonomyError(f"duplicate doctrine key {key!r} (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class _Entry:
    doctrine: Doctrine
    cues: tuple[str, ...]
    anchors: tuple[str, ...]  # on an area root: the area applies only to opinions using one of these
    supersedes: tuple[str, ...]  # more general keys this one replaces when both fit a passage


def _cue_regex(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation for a doctrine's cues; a space in a cue is any run of non-word characters."""
    parts = []
    for cue in cues:
        pattern = cue.strip().lower().replace(" ?", r"\s*").replace(" ", r"\s+")
        parts.append(f"(?:{pattern})")
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def _requirement(pattern: str) -> list[tuple[str, ...]]:
    """What every match of a cue pattern holds: clauses of letter runs, each met when one of its runs
    occurs in the text. An opinion failing a clause cannot match the cue; [] says nothing is known.

    Read conservatively from the pattern's text: a run of plain letters outside any group is a clause,
    and so is a group that is not optional, with a run of each of its alternatives; classes, escapes,
    wildcards and optional parts end a run, and a quantified letter is dropped.
    """
    clauses: list[tuple[str, ...]] = []
    run, i = "", 0

    def end_run() -> None:
        nonlocal run
        if len(run) >= 2:
            clauses.append((run,))
        run = ""

    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            end_run()
            i += 2
            continue
        if c == "[":
            end_run()
            end = pattern.find("]", i + 2)
            i = (end if end >= 0 else len(pattern)) + 1
            continue
        if c == "(":
            end_run()
            end = _group_end(pattern, i)
            optional = end + 1 < len(pattern) and pattern[end + 1] in "?*{"
            inner = pattern[i + 1:end]
            if not optional and not inner.startswith(("?=", "?!", "?<")):
                either = _either(_top_level_split(inner.removeprefix("?:")))
                clauses += [either] if either else []
            i = end + 1
            continue
        if c == "|":
            either = _either([pattern[:i], pattern[i + 1:]])
            return [either] if either else []
        if c in "?*{":
            run = run[:-1]  # the letter before is optional
        if c.isascii() and c.isalnum():
            run += c
        else:
            end_run()
            if c == "{":
                end = pattern.find("}", i)
                i = end if end >= 0 else len(pattern)
        i += 1
    end_run()
    return clauses


def _either(branches: list[str]) -> tuple[str, ...] | None:
    """A clause met by every match of one of `branches`: the rarest-looking clause of each, together."""
    out: list[str] = []
    for branch in branches:
        clauses = _requirement(branch)
        if not clauses:
            return None
        out += _rarest(clauses)
    return tuple(out)


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """Each "(", ")" and "|" of a pattern outside escapes and character classes, with the group depth before it."""
    depth, i = 0, start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 2)
            i = end if end >= 0 else len(pattern)
        elif c in "()|":
            yield i, c, depth
            depth += 1 if c == "(" else -1 if c == ")" else 0
        i += 1


def _group_end(pattern: str, start: int) -> int:
    """The index of the parenthesis closing the one at `start`."""
    return next((i for i, c, depth in _structure(pattern, start) if c == ")" and depth == 1), len(pattern))


def _top_level_split(pattern: str) -> list[str]:
    """The alternatives of a pattern: split at each `|` outside groups and classes."""
    parts, last = [], 0
    for i, c, depth in _structure(pattern):
        if c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
    parts.append(pattern[last:])
    return parts


def _requirements(cues: Iterable[str]) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """Each cue's clauses (see `_requirement`), or None when some cue could match any text."""
    out = tuple(tuple(_requirement(c.strip().lower())) for c in cues)
    return out if out and all(out) else None


def _rarest(clauses: list[tuple[str, ...]]) -> tuple[str, ...]:
    return max(clauses, key=lambda c: (min(map(len, c)), -len(c)))


def _width(cue: str) -> tuple[int, int] | None:
    """At most how many letters and how many gaps (runs of spaces) a match of the cue spans, or None when
    the cue uses more of the regular-expression language than letters, classes, spaces, optional parts
    and groups of alternatives (and so may span any length)."""

    def alternatives(i: int) -> tuple[tuple[int, int], int] | None:
        best, i0 = (0, 0), i
        while True:
            got = sequence(i0)
            if got is None:
                return None
            (x, g), i0 = got
            best = (max(best[0], x), max(best[1], g))
            if i0 < len(cue) and cue[i0] == "|":
                i0 += 1
                continue
            return best, i0

    def sequence(i: int) -> tuple[tuple[int, int], int] | None:
        x = g = 0
        while i < len(cue) and cue[i] not in "|)":
            c = cue[i]
            if c == " ":
                g, i = g + 1, i + (2 if cue[i + 1:i + 2] == "?" else 1)
                continue
            if c == "[":
                end = cue.find("]", i + 2)
                if end < 0:
                    return None
                x, i = x + 1, end + 1
            elif c == "(":
                if not cue.startswith("(?:", i):
                    return None
                got = alternatives(i + 3)
                if got is None or got[1] >= len(cue) or cue[got[1]] != ")":
                    return None
                (gx, gg), i = got[0], got[1] + 1
                x, g = x + gx, g + gg
            elif c in ".^$*+{}\\?]":
                return None
            else:
                x, i = x + 1, i + 1
            if i < len(cue) and cue[i] == "?":
                i += 1  # optional: no wider
            if i < len(cue) and cue[i] in "*+{?":
                return None
        return (x, g), i

    got = alternatives(0)
    return got[0] if got is not None and got[1] == len(cue) else None


def _anchor_runs(cues: Iterable[str]) -> tuple[tuple[str, ...], tuple[int, int]] | None:
    """Runs of which every match of the cues holds one (each cue's rarest-looking clause), and the widest
    a match can be (letters, gaps); None when some cue has no such runs or no bounded width."""
    runs: list[str] = []
    letters = gaps = 0
    for cue in cues:
        cue = cue.strip().lower()
        clauses, width = _requirement(cue), _width(cue)
        if not clauses or width is None:
            return None
        runs += _rarest(clauses)
        letters, gaps = max(letters, width[0]), max(gaps, width[1])
    return (tuple(dict.fromkeys(runs)), (letters, gaps)) if runs else None


def _read_entries(path: Path) -> tuple[_Entry, ...]:
    """The file's entries, read once while it is unchanged: the store's doctrines and the tagger's cues
    come from one read of it."""
    st = path.stat()
    return _entries_of(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _entries_of(path: Path, _mtime_ns: int, _size: int) -> tuple[_Entry, ...]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{path}: expected a mapping of doctrine keys")
    entries = []
    for key, spec in raw.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise TaxonomyError(f"{path}: bad doctrine key {key!r}")
        if not isinstance(spec, dict) or not spec.get("label"):
            raise TaxonomyError(f"{path}: {key} needs a label")
        lists = {}
        for field in ("cues", "anchors", "supersedes"):
            value = spec.get(field) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TaxonomyError(f"{path}: {key}.{field} must be a list of strings")
            lists[field] = tuple(value)
        for field in ("cues", "anchors"):
            try:
                _cue_regex(lists[field])
            except re.error as exc:
                raise TaxonomyError(f"{path}: {key}.{field}: bad pattern: {exc}") from exc
        doctrine = Doctrine(key=key, label=str(spec["label"]), parent=spec.get("parent"),
                            about=str(spec.get("about") or ""))
        entries.append(_Entry(doctrine, lists["cues"], lists["anchors"], lists["supersedes"]))
    _validate_tree(path, entries)
    return tuple(entries)


def _validate_tree(path: Path, entries: Sequence[_Entry]) -> None:
    """Parents and superseded keys must exist, and following parents must end at a root."""
    parents = {e.doctrine.key: e.doctrine.parent for e in entries}
    for e in entries:
        key, parent = e.doctrine.key, e.doctrine.parent
        if parent is not None and parent not in parents:
            raise TaxonomyError(f"{path}: {key} has unknown parent {parent!r}")
        for other in e.supersedes:
            if other not in parents:
                raise TaxonomyError(f"{path}: {key} supersedes unknown key {other!r}")
        seen = {key}
        while parent is not None:
            if parent in seen:
                raise TaxonomyError(f"{path}: cycle in parents through {key}")
            seen.add(parent)
            parent = parents[parent]


def load_taxonomy(path: Path | None = None) -> list[Doctrine]:
    """The doctrines of the taxonomy file, validated, in file order."""
    return [e.doctrine for e in _read_entries(path or DATA_DIR / TAXONOMY_FILE)]


def _normalise(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters grow when lowered; keep offsets aligned
        low = "".join(c.lower()[0] for c in text)
    return re.sub(r"[\W_]", " ", low)


@dataclass
class _Analysis:
    """What the tagger needs of one opinion beyond its document, computed once for all its mentions."""

    hit_starts: list[int]
    hits: list[tuple[int, int, int]]  # (start, end, doctrine index), sorted
    heading_starts: list[int]
    heading_keys: list[frozenset[int]]
    prose: tuple[list[int], list[int]] | None = None  # starts and ends of the text's prose words, once needed


class _Text:
    """A normalised opinion as the cue scans read it: which cue runs occur in it, and where (found once)."""

    def __init__(self, norm: str, present: set[str], runs: ahocorasick.Automaton | None) -> None:
        self.norm, self.present, self._runs = norm, present, runs
        self._spots: dict[str, list[int]] | None = None
        self._gap: int | None = None

    def spots(self, run: str) -> list[int]:
        """Where `run` starts in the text (for the runs of the automaton)."""
        if self._spots is None:
            self._spots = {}
            for end, found in self._runs.iter(self.norm) if self._runs is not None else ():
                self._spots.setdefault(found, []).append(end - len(found) + 1)
        return self._spots.get(run, [])

    def gap(self) -> int:
        """The longest run of spaces, found by doubling then halving (each test a fast substring search)."""
        if self._gap is None:
            lo, hi = 0, 1
            while hi <= len(self.norm) and " " * hi in self.norm:
                lo, hi = hi, hi * 2
            while hi - lo > 1:  # " " * lo occurs, " " * hi does not
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if " " * mid in self.norm else (lo, mid)
            self._gap = lo
        return self._gap


@dataclass(frozen=True)
class _Scan:
    """One regex of cues with what lets it skip most of an opinion and find the same matches."""

    regex: re.Pattern[str] | None
    required: tuple[tuple[tuple[str, ...], ...], ...] | None  # see _requirements
    scan_by: tuple[tuple[str, ...], tuple[int, int]] | None  # see _anchor_runs

    @classmethod
    def of(cls, cues: tuple[str, ...]) -> _Scan:
        return cls(_cue_regex(cues), _requirements(cues), _anchor_runs(cues))

    def finditer(self, text: _Text) -> Iterator[re.Match[str]]:
        """What `regex.finditer(text.norm)` finds: nothing when a required run is missing, else the
        matches in the stretches around the anchor runs."""
        if self.regex is None or not _possible(self.required, text.present):
            return
        if self.scan_by is None:
            yield from self.regex.finditer(text.norm)
            return
        runs, (letters, gaps) = self.scan_by
        at = sorted(q for run in runs for q in text.spots(run))
        for a, b in _regions(text.norm, at, letters + gaps * text.gap()):
            yield from self.regex.finditer(text.norm, a, b)


class Taxonomy:
    """The doctrines with their compiled cues: build once, then tag many passages."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or DATA_DIR / TAXONOMY_FILE
        entries = _read_entries(self.path)
        self.doctrines = [e.doctrine for e in entries]
        index = {d.key: i for i, d in enumerate(self.doctrines)}
        self._keys = [d.key for d in self.doctrines]
        self._scans = [_Scan.of(e.cues) for e in entries]
        parent = {d.key: d.parent for d in self.doctrines}

        def ancestors(key: str) -> frozenset[int]:
            out = set()
            while parent[key] is not None:
                key = parent[key]
                out.add(index[key])
            return frozenset(out)

        self._ancestors = [ancestors(d.key) for d in self.doctrines]
        self._supersedes = [frozenset(index[k] for k in e.supersedes) for e in entries]
        self._area = [key.split(".")[0] for key in self._keys]
        self._anchors = {e.doctrine.key: scan for e in entries if (scan := _Scan.of(e.anchors)).regex is not None}
        scans = self._scans + list(self._anchors.values())
        self._runs = _automaton(run for scan in scans if scan.required for cue in scan.required for clause in cue
                                for run in clause)
        self._scan_runs = _automaton(run for scan in scans if scan.scan_by for run in scan.scan_by[0])

    # --- per opinion -------------------------------------------------------
    def _analyse(self, doc: Document) -> _Analysis:
        """The cue hits and headings of an opinion, kept in its document's memo for its other mentions."""
        key = ("doctrine", self)
        cached = doc.memo.get(key)
        if cached is not None:
            return cached
        text = doc.text
        hits = self._hits(_normalise(text))
        headings = _headings(text)
        heading_starts = [a for a, _ in headings]
        hit_starts = [h[0] for h in hits]
        heading_keys = [
            frozenset(hits[j][2] for j in range(bisect.bisect_left(hit_starts, a), bisect.bisect_left(hit_starts, b)))
            for a, b in headings
        ]
        analysis = doc.memo[key] = _Analysis(hit_starts, hits, heading_starts, heading_keys)
        return analysis

    def _hits(self, norm: str) -> list[tuple[int, int, int]]:
        """Cue hits of the areas the opinion is about, leftmost-longest across doctrines.

        An area with anchors counts only when an anchor occurs (an antitrust opinion's "unilateral
        conduct" is not personal jurisdiction's "unilateral activity"), or, in a passage too short to
        hold one, when its cues occur `_AREA_MIN_HITS` times; an area the opinion only
        touches in passing does not count; two doctrines matching the very same span both keep it.
        """
        text = _Text(norm, self._present(norm), self._scan_runs)
        found = [(m.start(), m.end(), i) for i, scan in enumerate(self._scans) for m in scan.finditer(text)]
        per_area = Counter(self._area[i] for _, _, i in found)
        short = len(norm) < _EXCERPT  # a passage on its own has no room for the anchor: its cues must agree
        active = {area: next(anchor.finditer(text), None) is not None or (short and per_area[area] >= _AREA_MIN_HITS)
                  for area, anchor in self._anchors.items()}
        # a field the opinion only mentions in passing (the copyright facts of a jurisdiction precedent) is not
        # what it cites precedents for
        top = max(per_area.values(), default=0)
        minor = {area for area, n in per_area.items() if n < _AREA_SHARE * top}
        found = [h for h in found if active.get(self._area[h[2]], True) and self._area[h[2]] not in minor]
        found.sort(key=lambda h: (h[0], -h[1]))
        kept: list[tuple[int, int, int]] = []
        reach = -1
        span = (-1, -1)
        for start, end, i in found:
            if (start, end) == span or start >= reach:
                kept.append((start, end, i))
                if start >= reach:
                    span, reach = (start, end), end
        return kept

    def _present(self, norm: str) -> set[str]:
        """The cues' letter runs that occur in the text. A run holds no space, so it lies within one word:
        the distinct words are searched, not the whole text."""
        if self._runs is None:
            return set()
        return {run for _, run in self._runs.iter(" ".join(set(norm.split())))}

    def key_for(self, name: str) -> str | None:
        """The taxonomy's key for a doctrine an opinion names ("the Calder test" -> pj.calder_effects_test):
        the doctrine whose cues cover most of the name (at least half of it), the more specific on a tie."""
        norm = _normalise(name)
        size = len(norm.replace(" ", "")) or 1
        best, best_cover = None, 0.5
        for i, scan in enumerate(self._scans):
            regex = scan.regex
            if regex is None:
                continue
            cover = max((len(m.group().replace(" ", "")) / size for m in regex.finditer(norm)), default=0.0)
            if cover > best_cover or (best is not None and cover == best_cover and i in self._ancestors[best]):
                best, best_cover = i, cover
        return self._keys[best] if best is not None else None

    # --- per mention -------------------------------------------------------
    def tag(self, doc: Document, mention: Mention) -> tuple[str, ...]:
        """The doctrine keys of the passage that cites `mention`, sorted."""
        scores = self._scores(doc, mention)
        return self._choose(scores)

    def _scores(self, doc: Document, mention: Mention) -> Counter[int]:
        """Read over the tagger's own sentences (`Document.doctrine_sentences`) and their topic blocks."""
        a = self._analyse(doc)
        starts, topics = doc.doctrine_sentences, doc.doctrine_topics
        n = len(starts)
        s = doc.doctrine_sentence_of(mention.start)
        para = topics[s]

        def bounds(i: int) -> tuple[int, int]:
            return starts[i], starts[i + 1] if i + 1 < n else len(doc.text)

        same = [i for i in range(max(0, s - _PARA_REACH), min(n, s + _PARA_REACH + 1)) if topics[i] == para]
        core = {s}
        if s > 0 and _cite_only_span(doc, a, starts[s], mention.start):
            core.add(s - 1)  # the sentence is only a citation: it supports the one before,
            same = sorted(set(same) | {s - 1})  # even across a line break after a block quote
        near = {i for i in (min(core) - 1, s + 1) if i in same}
        scores: Counter[int] = Counter()
        topic: Counter[int] = Counter()
        for i in same:
            lo, hi = bounds(i)
            for j in range(bisect.bisect_left(a.hit_starts, lo), bisect.bisect_left(a.hit_starts, hi)):
                if i in core or i in near:
                    scores[a.hits[j][2]] += _W_CORE if i in core else _W_NEAR
                else:
                    topic[a.hits[j][2]] += _W_PARA
        for d, v in topic.items():
            scores[d] += min(v, _MAX_TOPIC)
        h = bisect.bisect_right(a.heading_starts, mention.start) - 1
        if h >= 0:
            for i in a.heading_keys[h]:
                scores[i] += _W_HEADING
        return scores

    def _choose(self, scores: Counter[int]) -> tuple[str, ...]:
        ranked = scores.most_common()
        top = ranked[0][1] if ranked else 0.0
        chosen = [i for i, v in ranked if v >= max(_THRESHOLD, _RELATIVE * top)][:_MAX_KEYS]
        if not chosen and ranked and ranked[0][1] >= _FALLBACK:
            chosen = [ranked[0][0]]  # the cited sentence is silent: take the topic around it
        # A specific rule names the passage better than its ancestors or the general
        # keys it supersedes; another mention of the same decision can still add them.
        dropped = set().union(*(self._supersedes[i] | self._ancestors[i] for i in chosen))
        return tuple(sorted(self._keys[i] for i in chosen if i not in dropped))


def _automaton(runs: Iterable[str]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton finding every one of `runs` in one pass."""
    automaton = ahocorasick.Automaton()
    for run in set(runs):
        automaton.add_word(run, run)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _regions(norm: str, at: list[int], widest: int) -> list[tuple[int, int]]:
    """Stretches of the text that hold every match containing an anchor run starting at one of `at`
    (ascending), for matches at most `widest` long.

    A match holding the run at q lies within (q - widest, q + widest); overlapping stretches are one, and each
    ends where a space starts (or at the text's end), so that a `\\b` at its end reads as it does in the whole
    text: searching the stretches finds what searching the whole text finds.
    """
    out: list[tuple[int, int]] = []
    for q in at:
        a, b = max(0, q - widest), q + widest
        b = norm.find(" ", b) if b < len(norm) else len(norm)
        b = len(norm) if b < 0 else b
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _possible(required: tuple[tuple[tuple[str, ...], ...], ...] | None, present: set[str]) -> bool:
    """Can a doctrine's cues match a text holding the runs `present`? (Some cue has each of its clauses met.)"""
    return required is None or any(all(not present.isdisjoint(c) for c in cue) for cue in required)


def _cite_only(before: str, stripped: bool) -> bool:
    """Whether the words before a mention in its sentence are only citations and signals.

    Case names and reporters are capitalised or numeric, so prose shows as lower-case
    words; stripped text has no capitals, so there only a short run of words counts.
    """
    if stripped:
        return len(before.split()) < 10
    return sum(1 for w in _PROSE_WORD.findall(before) if w not in _NOT_PROSE) < 4


_LONG = 2000  # characters from which the words before a mention are counted by bisection, not read again


def _cite_only_span(doc: Document, a: _Analysis, lo: int, hi: int) -> bool:
    """`_cite_only(text[lo:hi], ...)`; a long span's prose words are counted from the text's, found once (the
    many citations of a long sentence each read it from its start before)."""
    text = doc.text
    if doc.stripped or hi - lo < _LONG:
        return _cite_only(text[lo:hi], doc.stripped)
    if a.prose is None:
        words = [m.span() for m in _PROSE_WORD.finditer(text) if m.group() not in _NOT_PROSE]
        a.prose = [s for s, _ in words], [e for _, e in words]
    starts, ends = a.prose
    n = max(0, bisect.bisect_right(ends, hi) - bisect.bisect_left(starts, lo))
    # a word the span's edges cut: the slice reads its part as a word of its own
    cut = {_cut_word(text, lo, hi, lo), _cut_word(text, lo, hi, hi)} - {None}
    n += sum(1 for w in cut if re.fullmatch(r"[a-z]{3,}", w[2]) and w[2] not in _NOT_PROSE)
    return n < 4


def _cut_word(text: str, lo: int, hi: int, at: int) -> tuple[int, int, str] | None:
    """The part within text[lo:hi] of the run of word characters that `at` (lo or hi) falls inside, if any."""
    if not (0 < at < len(text) and _is_word(text[at - 1]) and _is_word(text[at])):
        return None
    a, b = at, at
    while a > lo and _is_word(text[a - 1]):
        a -= 1
    while b < hi and _is_word(text[b]):
        b += 1
    return a, b, text[a:b]


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # what `\w` matches


def _headings(text: str) -> list[tuple[int, int]]:
    """Spans of lines that look like section headings ("B. Express Aiming", "DISCUSSION")."""
    out = []
    for m in re.finditer(r"^[ \t]*(\S[^\n]{0,90}?)[ \t]*$", text, re.M):
        line = m.group(1)
        if len(line.split()) > 14 or line[-1] in ",;:" or not line[0].isupper() and not line[0] == "(":
            continue
        numbered = _NUMBERED.match(line + " ") is not None
        if line[-1] == "." and not numbered:
            continue
        if numbered or line.isupper() or _title_case(line):
            out.append((m.start(1), m.end(1)))
    return out


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return bool(words) and all(w[0].isupper() for w in words)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The bundled taxonomy, its cues compiled once per process."""
    return Taxonomy()


def tag(doc: Document, mention: Mention) -> tuple[str, ...]:
    """The doctrine keys the passage citing `mention` in the opinion `doc` is about, sorted."""
    return default_taxonomy().tag(doc, mention)


def key_for(name: str) -> str | None:
    """The curated taxonomy's key for a doctrine an opinion names, if the taxonomy has it."""
    return default_taxonomy().key_for(name)


def fold(tag_lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """An edge's doctrines from its mentions' tags, sorted: those of the most mentions, at most `_EDGE_KEYS`.

    A decision cited once for one point and once for another keeps both; one discussed at length keeps
    what it is discussed for, not every topic a passing mention brushes.
    """
    votes = Counter(k for tags in tag_lists for k in set(tags))
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(sorted(k for k, _ in ranked[:_EDGE_KEYS]))
