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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.config import DATA_DIR
from graph.model import Doctrine
from ingest.models import Mention

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

# Tokens that end with a period without ending a sentence (reporters, case
# names, court names); compared lower case without the final period.
_ABBREV = frozenset(
    """v vs inc co corp ltd cir ct supp app cal no nos id cf al mag props techs tech grp indus
    jud dist mont nat'l int'l intl bd educ dep't ass'n sch hosp med univ elec mfg bros ins atl am
    fed civ crim proc stat ann gen sess ch art sec ex para pp cert den rev st mr ms mrs dr jr sr
    hon dkt compl decl op cnty comm'n comm assoc auth envtl gov't soc prods servs sys ent fin invs
    mgmt pharm transp ry mut fla tex ga ill mass mich minn pa va wash wis colo conn ariz haw md
    ohio okla ore tenn ky la miss mo neb nev wyo vt del u.s e.g i.e n.y n.j s.ct l.ed f
    cl dep assn natl""".split()
)
# In citation-stripped text "cir." and "d." close a citation and so a sentence.
_STRIPPED_ABBREV = frozenset("v inc co corp ltd id atl ins sch am nat int indus ass supp app univ".split())
_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_STRIPPED_END = re.compile(r"\.(?=\s*[a-z])")
_SPACE = re.compile(r"\s")
_NUMBERED = re.compile(r"(?:[IVXLC]+|[A-Z]|\d{1,2}|\([a-z0-9]{1,3}\))[.)]\s")
_INLINE_SECTION = re.compile(r"(?:[IVX]{1,4}|[A-H]|\d{1,2})\s+(?:[A-H]\s+|\d\s+)?[A-Z]")
_PROSE_WORD = re.compile(r"\b[a-z]{3,}\b")
_NOT_PROSE = frozenset("see also quoting citing internal quotation marks omitted alteration emphasis added".split())


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the offending key."""


class _UniqueKeyLoader(yaml.SafeLoader):
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


def _required_word(cue: str) -> tuple[str, ...] | None:
    """Runs of letters one of which every match of `cue` contains, or None: an opinion holding none of
    them cannot match the cue.

    Read conservatively from the pattern's text: a run of plain letters outside any group counts,
    as does a group that is not optional when each of its alternatives has such runs; classes,
    escapes, wildcards and optional parts end a run, and a quantified letter is dropped.
    """
    pattern = cue.strip().lower()
    found: list[tuple[str, ...]] = []
    run, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            found.append((run,))
            run, i = "", i + 2
            continue
        if c == "[":
            end = pattern.find("]", i + 2)
            found.append((run,))
            run, i = "", (end if end >= 0 else len(pattern)) + 1
            continue
        if c == "(":
            found.append((run,))
            run, end = "", _group_end(pattern, i)
            optional = end + 1 < len(pattern) and pattern[end + 1] in "?*{"
            inner = pattern[i + 1:end]
            if not optional and not inner.startswith(("?=", "?!", "?<")):
                branches = [_required_word(b) for b in _top_level_split(inner.removeprefix("?:"))]
                if all(branches):
                    found.append(tuple(w for b in branches for w in b))
            i = end + 1
            continue
        if c == "|":
            return _either(_required_word(pattern[:i]), _required_word(pattern[i + 1:]))
        if c in "?*{":
            run = run[:-1]  # the letter before is optional
        if c.isascii() and c.isalnum():
            run += c
        else:
            found.append((run,))
            run = ""
            if c == "{":
                end = pattern.find("}", i)
                i = end if end >= 0 else len(pattern)
        i += 1
    found.append((run,))
    good = [f for f in found if min(map(len, f)) >= 2]
    return max(good, key=lambda f: (min(map(len, f)), -len(f))) if good else None


def _either(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return a + b if a and b else None


def _group_end(pattern: str, start: int) -> int:
    """The index of the parenthesis closing the one at `start` (escapes and classes skipped)."""
    depth, i = 0, start
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 2)
            i = end if end >= 0 else len(pattern)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(pattern)


def _top_level_split(pattern: str) -> list[str]:
    """The alternatives of a pattern: split at each `|` outside groups and classes."""
    parts, depth, last, i = [], 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            end = pattern.find("]", i + 2)
            i = end if end >= 0 else len(pattern)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
        i += 1
    parts.append(pattern[last:])
    return parts


def _required_words(cues: Iterable[str]) -> tuple[str, ...] | None:
    """One required run per cue: an opinion holding none of them cannot match any (None: no such runs)."""
    words = [_required_word(c) for c in cues]
    return tuple(w for ws in words if ws for w in ws) if words and all(words) else None


def _read_entries(path: Path) -> list[_Entry]:
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
    return entries


def _validate_tree(path: Path, entries: list[_Entry]) -> None:
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


def _looks_stripped(text: str) -> bool:
    """Citation-stripped text has (almost) no capital letters."""
    sample = text[:20000]
    letters = sum(c.isalpha() for c in sample)
    return letters > 200 and sum(c.isupper() for c in sample) < 0.002 * letters


@dataclass
class _Analysis:
    """What the tagger needs of one opinion, computed once for all its mentions."""

    stripped: bool
    sent_starts: list[int]
    sent_para: list[int]  # paragraph number of each sentence
    hit_starts: list[int]
    hits: list[tuple[int, int, int]]  # (start, end, doctrine index), sorted
    heading_starts: list[int]
    heading_keys: list[frozenset[int]]


class Taxonomy:
    """The doctrines with their compiled cues: build once, then tag many passages."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or DATA_DIR / TAXONOMY_FILE
        entries = _read_entries(self.path)
        self.doctrines = [e.doctrine for e in entries]
        index = {d.key: i for i, d in enumerate(self.doctrines)}
        self._keys = [d.key for d in self.doctrines]
        self._cues = [_cue_regex(e.cues) for e in entries]
        self._required = [_required_words(e.cues) for e in entries]
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
        self._anchors = {e.doctrine.key: regex for e in entries if (regex := _cue_regex(e.anchors)) is not None}
        self._cache: dict[int, tuple[str, _Analysis]] = {}

    # --- per opinion -------------------------------------------------------
    def _analyse(self, text: str) -> _Analysis:
        cached = self._cache.get(id(text))
        if cached is not None and cached[0] is text:
            return cached[1]
        norm = _normalise(text)
        hits = self._hits(norm)
        stripped = _looks_stripped(text)
        starts, paras = _sentences(text, stripped)
        headings = _headings(text)
        heading_starts = [a for a, _ in headings]
        hit_starts = [h[0] for h in hits]
        heading_keys = [
            frozenset(hits[j][2] for j in range(bisect.bisect_left(hit_starts, a), bisect.bisect_left(hit_starts, b)))
            for a, b in headings
        ]
        analysis = _Analysis(stripped, starts, paras, hit_starts, hits, heading_starts, heading_keys)
        if len(self._cache) > 8:
            self._cache.clear()
        self._cache[id(text)] = (text, analysis)
        return analysis

    def _hits(self, norm: str) -> list[tuple[int, int, int]]:
        """Cue hits of the areas the opinion is about, leftmost-longest across doctrines.

        An area with anchors counts only when an anchor occurs (an antitrust opinion's "unilateral
        conduct" is not personal jurisdiction's "unilateral activity"), or, in a passage too short to
        hold one, when its cues occur `_AREA_MIN_HITS` times; an area the opinion only
        touches in passing does not count; two doctrines matching the very same span both keep it.
        """
        found = [(m.start(), m.end(), i) for i, regex in enumerate(self._cues) if regex is not None
                 and (self._required[i] is None or any(w in norm for w in self._required[i]))
                 for m in regex.finditer(norm)]
        per_area = Counter(self._area[i] for _, _, i in found)
        short = len(norm) < _EXCERPT  # a passage on its own has no room for the anchor: its cues must agree
        active = {area: anchor.search(norm) is not None or (short and per_area[area] >= _AREA_MIN_HITS)
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

    def key_for(self, name: str) -> str | None:
        """The taxonomy's key for a doctrine an opinion names ("the Calder test" -> pj.calder_effects_test):
        the doctrine whose cues cover most of the name (at least half of it), the more specific on a tie."""
        norm = _normalise(name)
        size = len(norm.replace(" ", "")) or 1
        best, best_cover = None, 0.5
        for i, regex in enumerate(self._cues):
            if regex is None:
                continue
            cover = max((len(m.group().replace(" ", "")) / size for m in regex.finditer(norm)), default=0.0)
            if cover > best_cover or (best is not None and cover == best_cover and i in self._ancestors[best]):
                best, best_cover = i, cover
        return self._keys[best] if best is not None else None

    # --- per mention -------------------------------------------------------
    def tag(self, text: str, mention: Mention) -> tuple[str, ...]:
        """The doctrine keys of the passage that cites `mention`, sorted."""
        scores = self._scores(text, mention)
        return self._choose(scores)

    def _scores(self, text: str, mention: Mention) -> Counter[int]:
        a = self._analyse(text)
        n = len(a.sent_starts)
        s = max(0, bisect.bisect_right(a.sent_starts, mention.start) - 1)
        para = a.sent_para[s]

        def bounds(i: int) -> tuple[int, int]:
            return a.sent_starts[i], a.sent_starts[i + 1] if i + 1 < n else len(text)

        same = [i for i in range(max(0, s - _PARA_REACH), min(n, s + _PARA_REACH + 1)) if a.sent_para[i] == para]
        core = {s}
        if s > 0 and _cite_only(text[a.sent_starts[s]:mention.start], a.stripped):
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


def _cite_only(before: str, stripped: bool) -> bool:
    """Whether the words before a mention in its sentence are only citations and signals.

    Case names and reporters are capitalised or numeric, so prose shows as lower-case
    words; stripped text has no capitals, so there only a short run of words counts.
    """
    if stripped:
        return len(before.split()) < 10
    return sum(1 for w in _PROSE_WORD.findall(before) if w not in _NOT_PROSE) < 4


def _soft_wrapped(text: str) -> bool:
    """PDF-style text wraps lines inside paragraphs; then only blank lines end a paragraph."""
    lines = [len(line) for line in text.splitlines() if line.strip()]
    return bool(lines) and sorted(lines)[len(lines) // 2] < 100


def _sentences(text: str, stripped: bool) -> tuple[list[int], list[int]]:
    """Sentence starts and the paragraph number of each sentence."""
    para_break = re.compile(r"\n\s*\n" if _soft_wrapped(text) else r"\n")
    starts: list[int] = []
    paras: list[int] = []
    para_no = 0
    for start, chunk in _split_keep(text, para_break):
        cuts = [0]
        ender, abbrev = (_STRIPPED_END, _STRIPPED_ABBREV) if stripped else (_SENT_END, _ABBREV)
        spaces = [m.start() for m in _SPACE.finditer(chunk)]
        for m in ender.finditer(chunk):
            token = _token_before(chunk, spaces, m.start())
            word = token.lower().lstrip("(“\"'[") if token else ""
            word = word.rsplit(",", 1)[-1] if stripped else word
            if word in abbrev or (len(word) == 1 and not stripped) or "." in word:
                continue
            nxt = chunk[m.end():m.end() + 2].strip()[:1]
            if nxt.isdigit() and word[:1].isalpha() and len(word) <= 6 and token and token[0].isupper():
                continue
            cuts.append(m.end())
        for c in cuts:
            if c and _INLINE_SECTION.match(chunk, c):
                para_no += 1  # "II A court may ...": a section starts inside the line
            starts.append(start + c)
            paras.append(para_no)
        para_no += 1
    return starts, paras


def _token_before(chunk: str, spaces: list[int], end: int) -> str | None:
    """The run of non-space characters ending at `end` (what `(\\S+)$` finds in chunk[:end]), found by
    bisecting the chunk's space positions: searching from the chunk's start at every sentence end
    was quadratic in the paragraph's length."""
    if end and chunk[end - 1] == "\n":  # `$` also matches before a final newline
        end -= 1
    i = bisect.bisect_left(spaces, end) - 1
    begin = spaces[i] + 1 if i >= 0 else 0
    return chunk[begin:end] or None


def _split_keep(text: str, sep: re.Pattern[str]) -> list[tuple[int, str]]:
    """Blocks of text between separators, each with its offset."""
    out, last = [], 0
    for m in sep.finditer(text):
        out.append((last, text[last:m.start()]))
        last = m.end()
    out.append((last, text[last:]))
    return [(a, b) for a, b in out if b.strip()] or [(0, text)]


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
def _default() -> Taxonomy:
    return Taxonomy()


def tag(text: str, mention: Mention) -> tuple[str, ...]:
    """The doctrine keys the passage citing `mention` in the opinion `text` is about, sorted."""
    return _default().tag(text, mention)


def key_for(name: str) -> str | None:
    """The curated taxonomy's key for a doctrine an opinion names, if the taxonomy has it."""
    return _default().key_for(name)


def fold(tag_lists: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """An edge's doctrines from its mentions' tags, sorted: those of the most mentions, at most `_EDGE_KEYS`.

    A decision cited once for one point and once for another keeps both; one discussed at length keeps
    what it is discussed for, not every topic a passing mention brushes.
    """
    votes = Counter(k for tags in tag_lists for k in set(tags))
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(sorted(k for k, _ in ranked[:_EDGE_KEYS]))
