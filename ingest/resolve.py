"""Resolving every way an opinion refers to a decision to one authority.

Full, short, `Id.`, supra and reference citations are grouped by eyecite's
`resolve_citations`; parallel citations are folded into one authority here,
and bare names ("Here, as in Will, ...") are found as mentions of decisions the
opinion has already cited.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable, Iterator
from dataclasses import replace
from functools import lru_cache

from eyecite import resolve_citations
from eyecite.models import (
    CitationBase,
    FullCaseCitation,
    IdCitation,
    ReferenceCitation,
    ShortCaseCitation,
    SupraCitation,
)
from eyecite.resolve import _filter_by_matching_antecedent
from eyecite.utils import strip_punct

from graph.keys import ABBREVIATIONS, fold_text, tokens
from graph.store import norm_cite
from ingest import words
from ingest.extract import describe, find, parallel_groups
from ingest.models import Authority, Extraction, Mention, Opinion
from ingest.names import short_forms

_KIND = {FullCaseCitation: "full", ShortCaseCitation: "short", IdCitation: "id", SupraCitation: "supra"}

# Words before a capitalised common word that show it is a case's name ("as in Will").
_NAME_CONTEXT = re.compile(
    r"(?:\b(?:in|In|as in|unlike|Unlike|under|Under|from|with|See|see|cf\.|Cf\.|and|of|like|Like|than|"
    r"following|Following|applying|apply|distinguish|distinguishing|follow|followed|cited|citing|quoting|"
    r"extending|Extending|per|to|on|both|between|in contrast to|In contrast to)\s+)$"
)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve(opinion: Opinion) -> Extraction:
    """Authorities and their mentions for an opinion with ordinary citations."""
    text = opinion.text
    citations = find(text)
    groups = parallel_groups(text, citations)
    group_of: dict[int, int] = {id(c): gi for gi, g in enumerate(groups) for c in g}
    others = _Others(group_of, {norm_cite(c) for c in opinion.citations})
    resolutions: dict[Hashable, list[CitationBase]] = resolve_citations(
        citations,
        resolve_shortcase_citation=_ShortCaseResolver(),
        resolve_supra_citation=others.supra,
        resolve_reference_citation=others.reference,
    )
    _resolve_forward(citations, resolutions)

    uf = _UnionFind()
    for gi in range(len(groups)):
        uf.find(gi)
    resource_group: dict[Hashable, int] = {}
    for resource, cites in resolutions.items():
        gis = [group_of[id(c)] for c in cites if id(c) in group_of]
        if not gis:
            continue
        for gi in gis[1:]:
            uf.union(gis[0], gi)
        resource_group[resource] = gis[0]

    ext = Extraction(opinion=opinion)
    auth_of_root: dict[int, int] = {}
    ends = sorted(c.span()[1] for c in citations)
    for gi, group in enumerate(groups):
        root = uf.find(gi)
        before = bisect.bisect_right(ends, group[0].span()[0])  # the citations that end before this one starts
        floor = ends[before - 1] if before else 0
        found = describe(text, group, floor)
        if root not in auth_of_root:
            auth_of_root[root] = len(ext.authorities)
            ext.authorities.append(Authority(name=found.caption, court=found.court, year=found.year))
        auth = ext.authorities[auth_of_root[root]]
        for s in found.strings:
            if s not in auth.citations:
                auth.citations.append(s)
        if found.caption and (not auth.name or " v. " not in auth.name and " v. " in found.caption):
            auth.name = found.caption  # a full caption read later beats one party ("Grutter")
        auth.court = auth.court or found.court
        auth.year = auth.year or found.year
        start = group[0].full_span_start if group[0].full_span_start is not None else group[0].span()[0]
        at = text.rfind(found.caption, start, group[0].span()[0]) if found.caption else -1
        start = max(start, at)  # eyecite's span may run back over the sentence before ("the Parentage Act. D.W.")
        ext.mentions.append(
            Mention(
                "full",
                start,
                group[-1].span()[1],
                text[start : group[-1].span()[1]],
                auth_of_root[root],
                group[0].metadata.pin_cite,
            )
        )

    for resource, cites in resolutions.items():
        if resource not in resource_group:
            continue
        ai = auth_of_root[uf.find(resource_group[resource])]
        for c in cites:
            if isinstance(c, FullCaseCitation):
                continue
            start, end = c.span()
            kind = _KIND.get(type(c), "reference")
            if kind == "short" and c.full_span_start is not None:
                start = c.full_span_start
            ext.mentions.append(Mention(kind, start, end, text[start:end], ai, getattr(c.metadata, "pin_cite", None)))
            guess = getattr(c.metadata, "antecedent_guess", None)
            name = ext.authorities[ai].name
            if guess and len(guess) >= 3 and (not name or tokens(guess) <= tokens(name)):
                ext.authorities[ai].short_names.add(guess.strip(" ,"))

    _unjoin(ext.authorities)
    for auth in ext.authorities:
        if auth.name:
            auth.short_names |= short_forms(auth.name)
    ext.mentions.extend(find_bare_names(opinion, ext, [c.full_span() for c in citations]))
    ext.mentions.extend(_supra_after_names(ext, [c for c in citations if id(c) in others.unmatched]))
    ext.mentions.sort(key=lambda m: (m.start, m.end))
    ext.mentions = repin_ids(ext)
    return ext


def _supra_after_names(ext: Extraction, supras: list[SupraCitation]) -> list[Mention]:
    """Supras that no full cite before them can mean (`_Others.unmatched`), where the full cites stand in
    footnotes at the end (a publisher's layout: "Williams v. Dept. of Corrections.[17]" in the body, its cite
    in note 17, then "Williams, supra at 573-577"): each is the decision named last before it by that name."""
    named: dict[str, list[Mention]] = {}  # a short name -> the mentions of decisions it names, by start
    for m in sorted(ext.mentions, key=lambda m: m.start):
        for short in ext.authorities[m.ref].short_names:
            named.setdefault(short, []).append(m)
    text, out = ext.opinion.text, []
    for c in supras:
        start, end = c.span()
        before = named.get(strip_punct(c.metadata.antecedent_guess), [])
        k = bisect.bisect_left(before, start, key=lambda m: m.start)
        if k:
            out.append(Mention("supra", start, end, text[start:end], before[k - 1].ref, c.metadata.pin_cite))
    return out


class _Others:
    """Supra and bare references resolved as eyecite resolves them, among the full cites they can mean, one per
    decision: parallel cites of one decision are one candidate, and the opinion's own citation in its header
    ("People v. Naranjo, 200 Colo. 11") none, else "People v. Naranjo, supra" (its companion case) is
    ambiguous and lost.

    eyecite's list of the full cites so far only grows: each is read once, and each antecedent (or set of
    names) keeps the decisions it matches so far, where eyecite compares every supra with every full cite
    before it (quadratic in a long opinion). The answers are those of `_resolve_supra_citation` and
    `_resolve_reference_citation` on the candidates."""

    def __init__(self, group_of: dict[int, int], own: set[str]) -> None:
        self.group_of, self.own = group_of, own
        self.full: list | None = None
        self.unmatched: set[int] = set()  # ids of the supras no candidate before them matches (not ambiguous)

    def candidates(self, full_cites: list) -> list:
        if self.full is not full_cites:  # another list: read it from its start
            self.full, self.read, self.seen, self.kept = full_cites, 0, set(), []
            self.values: list[set] = []  # each candidate's metadata values, for references
            self.matched: dict[Hashable, tuple[int, set]] = {}  # antecedent or names -> (read, resources)
        for f, r in full_cites[self.read:]:
            g = self.group_of.get(id(f), id(f))
            if g not in self.seen and norm_cite(f.corrected_citation()) not in self.own:
                self.seen.add(g)
                self.kept.append((f, r))
                self.values.append({v for v in f.metadata.__dict__.values() if v})
        self.read = len(full_cites)
        return self.kept

    def _only(self, key: Hashable, matches) -> Hashable | None:  # noqa: ANN001 - (candidate index) -> bool
        """The one decision the candidates matching so far stand for, if one: read on from where `key` was."""
        read, found = self.matched.get(key, (0, set()))
        found |= {self.kept[k][1] for k in range(read, len(self.kept)) if matches(k)}
        self.matched[key] = (len(self.kept), found)
        return next(iter(found)) if len(found) == 1 else None

    def supra(self, citation: SupraCitation, full_cites: list) -> Hashable | None:
        kept = self.candidates(full_cites)
        if not citation.metadata.antecedent_guess:
            return None
        ag = strip_punct(citation.metadata.antecedent_guess)  # as `_filter_by_matching_antecedent` reads it

        def matches(k: int) -> bool:
            f = kept[k][0]
            d, p = (f.metadata.defendant, f.metadata.plaintiff) if isinstance(f, FullCaseCitation) else (None, None)
            return bool(d and ag in d or p and ag in p)

        found = self._only(("supra", ag), matches)
        if not self.matched[("supra", ag)][1]:
            self.unmatched.add(id(citation))
        return found

    def reference(self, citation: ReferenceCitation, full_cites: list) -> Hashable | None:
        self.candidates(full_cites)
        m = citation.metadata
        if not m.defendant and not m.plaintiff and not m.resolved_case_name_short and not m.resolved_case_name:
            return None
        values = frozenset(v for key in ReferenceCitation.name_fields if (v := getattr(m, key)))
        return self._only(("reference", values), lambda k: bool(self.values[k] & values))


class _ShortCaseResolver:
    """eyecite's `_resolve_shortcase_citation`, answer for answer, with the full cites so far kept by reporter
    and volume: eyecite compares each short cite with every full cite before it (quadratic in a long opinion).
    """

    def __init__(self) -> None:
        self.by_volume: dict[tuple, list] = {}
        self.resources: dict[tuple, set] = {}  # the distinct resources of each volume's candidates
        self.cites: list | None = None
        self.read = 0  # eyecite's list of the full cites so far only grows

    def __call__(self, short: ShortCaseCitation, resolved_full_cites: list) -> Hashable | None:
        if self.cites is not resolved_full_cites:  # another list: read it from its start
            self.by_volume, self.resources, self.cites, self.read = {}, {}, resolved_full_cites, 0
        for full, resource in resolved_full_cites[self.read:]:
            if isinstance(full, FullCaseCitation):
                self.by_volume.setdefault(_volume(full), []).append((full, resource))
                self.resources.setdefault(_volume(full), set()).add(resource)
        self.read = len(resolved_full_cites)
        candidates = self.by_volume.get(_volume(short), [])
        if len(self.resources.get(_volume(short), ())) == 1:  # kept as they come: not counted again each time
            return candidates[0][1]
        if short.metadata.antecedent_guess:
            return _filter_by_matching_antecedent(candidates, short.metadata.antecedent_guess)
        return None


def _volume(c: FullCaseCitation | ShortCaseCitation) -> tuple:
    """What eyecite matches a short cite to a full one by: the reporter (as corrected) and the volume."""
    return c.corrected_reporter(), c.groups.get("volume")


def _resolve_forward(citations: list[CitationBase], resolutions: dict[Hashable, list[CitationBase]]) -> None:
    """A short cite read before its full cite ("Golden, 524 S.W.2d at 38" in the text, the full cite in a
    footnote the publisher put at the end): eyecite looks only backwards. Here it goes to the one decision
    cited in full anywhere with the same volume and reporter, a first page at or before the pin, and the
    short cite's name among its parties."""
    placed = {id(c) for cites in resolutions.values() for c in cites}
    fulls: dict[tuple, list] = {}  # by reporter and volume: each short cite looks at its own volume's
    for r, cites in resolutions.items():
        if cites and isinstance(cites[0], FullCaseCitation):
            fulls.setdefault(_volume(cites[0]), []).append((cites[0], r))
    for c in citations:
        if not isinstance(c, ShortCaseCitation) or id(c) in placed or not c.metadata.antecedent_guess:
            continue
        guess = c.metadata.antecedent_guess.strip(" ,")
        found = {
            r for f, r in fulls.get(_volume(c), ())
            if _page_before(f.groups.get("page"), c.metadata.pin_cite)
            and any(guess in (p or "") for p in (f.metadata.plaintiff, f.metadata.defendant))
        }
        if len(found) == 1:
            resolutions[found.pop()].append(c)


def _page_before(page: str | None, pin: str | None) -> bool:
    first = re.match(r"\d+", page or "")
    at = re.search(r"\d+", pin or "")
    return bool(first and at) and int(first.group()) <= int(at.group()) <= int(first.group()) + 200


_JOINED = re.compile(r"^(?P<head>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)?),? and (?P<rest>[A-Z].*\sv\.\s.+)$")


def _unjoin(authorities: list[Authority]) -> None:
    """ "Grutter and Regents of Univ. of Cal. v. Bakke": a caption read back over "and" into another
    decision's short name ("articulated in Grutter and Regents ... v. Bakke, 438 U. S. 265") is the
    caption after the "and"."""
    others = [short_forms(a.name) if a.name and " v. " in a.name else set() for a in authorities]
    for i, auth in enumerate(authorities):
        m = _JOINED.match(auth.name or "")
        if not m:
            continue
        head = fold_text(m["head"]).lower()
        if any(head in {fold_text(f).lower() for f in forms} for j, forms in enumerate(others) if j != i):
            auth.name = m["rest"]
            auth.short_names = {f for f in auth.short_names if fold_text(f).lower() != head}


_PIN_PAGE = re.compile(r"^,?\s*(?:at\s+)?(\d{1,5})\b")
_REPORTER_PAGE = re.compile(r"^\d+ [A-Z][\w. ]*? (\d{1,5})$")
_PAGES = 250  # no reported decision runs longer; a pin past this is not in it
_REACH = 1500  # how far back the decision an "Id." points to may have been named
# a decision named in the body with its citation in a footnote ("Moody v. Dykes.[19]"): the citation itself
_FOOTNOTE_MARK = re.compile(r"[.,;]?\[\d{1,3}\]")


def _holds(a: Authority, page: int) -> bool | None:
    """Whether `page` can be a page of `a` (None when a citation gives no first page to check against)."""
    firsts = [_REPORTER_PAGE.match(c) for c in a.citations]
    if not firsts or not all(firsts):
        return None  # a WL or slip citation, or a name only
    return any(int(f.group(1)) <= page <= int(f.group(1)) + _PAGES for f in firsts if f)


def repin_ids(ext: Extraction) -> list[Mention]:
    """Point an "Id. at 926" back to the decision whose pages hold the pin.

    eyecite takes the previous citation; but an opinion's own words ("Indeed, in
    Will, we held ... Id. at 926–27") and text lost around footnotes can put
    another decision between. When the pin cannot be a page of eyecite's choice,
    the latest decision mentioned before it whose pages do hold it is meant. And
    where the publisher put every citation in a footnote, the decision named with a
    footnote mark right before the "Id." is the citation it repeats.
    """
    text = ext.opinion.text
    ms = list(ext.mentions)
    for i, m in enumerate(ms):
        if m.kind == "id" and i and ms[i - 1].kind == "name" and ms[i - 1].ref != m.ref and \
                _FOOTNOTE_MARK.match(text, ms[i - 1].end) and m.start - ms[i - 1].end <= _REACH:
            ms[i] = replace(m, ref=ms[i - 1].ref)  # "Moody v. Dykes.[19] ... Id.": its cite is in note 19
            continue
        pin = _PIN_PAGE.match(m.pin or text[m.end : m.end + 20]) if m.kind == "id" else None
        if pin is None or _holds(ext.authorities[m.ref], int(pin.group(1))) is not False:
            continue
        page = int(pin.group(1))
        for prev in (ms[j] for j in range(i - 1, -1, -1)):  # back from it, not a copy of all before it
            if m.start - prev.end > _REACH:
                break
            if _holds(ext.authorities[prev.ref], page):
                ms[i] = replace(m, ref=prev.ref)
                break
    return ms


def find_bare_names(opinion: Opinion, ext: Extraction, taken: list[tuple[int, int]]) -> list[Mention]:
    """Mentions by name alone ("as in Will", "the Calder test") of decisions already cited."""
    text = opinion.text
    own = tokens(opinion.caption or "")
    first_full: dict[int, int] = {}
    for m in ext.mentions:
        if m.kind == "full":
            first_full.setdefault(m.ref, m.start)
    forms: list[tuple[str, int]] = []
    for ai, auth in enumerate(ext.authorities):
        captions = {auth.name} if auth.name and " v. " in auth.name else set()
        for form in auth.short_names | captions:
            if tokens(form) and tokens(form) <= own:
                continue  # a party of this very case, not a precedent
            forms.append((form, ai))
    owners: dict[str, set[int]] = {}
    for form, ai in forms:
        owners.setdefault(fold_text(form), set()).add(ai)

    def owner(key: str) -> int:
        """Of decisions sharing a short name, the one whose caption starts with it ("Grutter v. Bollinger"
        over "Grutter and Regents of Univ. of Cal. v. Bakke"), else the first cited."""
        def heads(ai: int) -> bool:
            name = fold_text(ext.authorities[ai].name or "").lower()
            return name == key.lower() or name.startswith(key.lower() + " v. ")
        return min(owners[key], key=lambda ai: (not heads(ai), ai))

    forms.sort(key=lambda f: -len(f[0]))
    occupied = _Spans(taken)
    found: list[Mention] = []
    words = _Words(text, [form for form, ai in forms if owner(fold_text(form)) == ai])
    for form, ai in forms:
        if owner(fold_text(form)) != ai:
            continue
        common: bool | None = None if form[:1].isupper() else False  # worked out at its first use
        for m in words.matches(form):
            s, e = m.span()
            if occupied.overlaps(s, e) or _JOINED_BEFORE.search(text[max(0, s - 30):s]):
                continue
            if s < first_full.get(ai, 1 << 60) and " v. " not in form:
                continue  # a short name before the decision is cited is not yet its name; a caption is
            if common is None:
                common = words.has_word(form.lower())
            if common and not _looks_like_name(text, s, e):
                continue
            found.append(Mention("name", s, e, text[s:e], ai))
            occupied.add(s, e)
    found += _misprinted(text, [(f, ai) for f, ai in forms if owner(fold_text(f)) == ai], occupied, first_full)
    return found


# a name joined by a hyphen to a lower-case word before it ("non-Calder")
_JOINED_BEFORE = re.compile(r"(?:^|[^\w])[a-z][\w]*-$")


@lru_cache(maxsize=8192)  # a corpus cites the same decisions again and again
def _form_re(form: str) -> re.Pattern[str]:
    """Where a name stands in the text: not inside a longer word or name.

    A name may be joined to another decision's name by a hyphen ("the Adair-Coppage line of cases",
    "Anderson-Burdick"), never to a lower-case word or a longer name ("Mercedes-Benz" is not "Mercedes").
    When the name starts with a plain word, the pattern starts with it too and checks the character
    before it afterwards: the same matches, found by the regex engine's fast literal search instead of
    an attempt at every position of the opinion.
    """
    loose = _loose(form)
    tail = r"(?![\w]|-[a-z]|\.\w)"
    words = fold_text(form).split()
    head = re.escape(words[0]) if words else ""
    if head and loose.startswith(head) and (len(loose) == len(head) or loose[len(head):].startswith(r"\s+")):
        return re.compile(rf"{head}(?<![\w.'’]{head}){loose[len(head):]}{tail}")
    return re.compile(rf"(?<![\w.'’]){loose}{tail}")


@lru_cache(maxsize=8192)
def _word_re(word: str) -> re.Pattern[str]:
    """`word` between word boundaries (what `\\bword\\b` finds), starting with the word for a fast search."""
    esc = re.escape(word)
    return re.compile(rf"{esc}(?<=\b{esc})\b")


_TO_ASCII = str.maketrans(words.CASELESS_TO_ASCII)


class _Words:
    """Where an opinion's names stand, looked up in the index of its words (`ingest.words`).

    A name's pattern (`_form_re`) matches only where a word of the text is the name's first word (its word
    characters up to the first other one), or the first word of an abbreviation written out (in any case):
    each pattern is tried only at those words. A search of the whole text for each name cost (cited
    decisions) x (text length). A name whose first word starts with punctuation is searched for over the
    whole text, as before.
    """

    def __init__(self, text: str, forms: list[str]) -> None:
        self.text = text
        self._index = words.starts(text)
        self._keys = {form: self._keys_of(form) for form in forms}
        caseless = {k for keys in self._keys.values() if keys for k, c in keys if c}
        self._caseless: dict[str, list[int]] = {}  # a lower-case word -> where the text's words that are it start
        for word, at in self._index.items() if caseless else ():
            low = (word if word.isascii() else word.translate(_TO_ASCII)).lower()
            if low in caseless:
                self._caseless.setdefault(low, []).extend(at)

    @staticmethod
    def _keys_of(form: str) -> tuple[tuple[str, bool], ...] | None:
        """The words (and whether in any case) a match of the form's pattern starts with, as `_form_re` and
        `_loose` build it; None when its first word starts with punctuation."""
        parts = fold_text(form).split()
        if not parts or (head := words.first(parts[0])) is None:
            return None
        keys = [(head, False)]
        spelled = ABBREVIATIONS.get(parts[0].lower().rstrip(".").replace("'", ""))
        if spelled:
            run = words.first(spelled)
            if run is None:
                return None
            keys.append((run.lower(), True))
        return tuple(keys)

    def matches(self, form: str) -> Iterator[re.Match[str]]:
        """What `_form_re(form).finditer(text)` finds: tried at each word where a match can start."""
        regex = _form_re(form)
        keys = self._keys.get(form)
        if not keys:
            yield from regex.finditer(self.text)
            return
        index = self._index
        starts = sorted({at for k, caseless in keys for at in (self._caseless if caseless else index).get(k, ())})
        pos = 0
        for at in starts:
            if at < pos:
                continue
            m = regex.match(self.text, at)  # its look-behind reads the text before `at`, as finditer's does
            if m:
                yield m
                pos = m.end()  # never empty: it starts with a word

    def has_word(self, word: str) -> bool:
        """Whether `_word_re(word).search(text)` finds `word` between word boundaries: where it does, the text's
        word there is `word`'s first."""
        key = words.first(word)
        if key is None:
            return _word_re(word).search(self.text) is not None
        return any(_word_re(word).match(self.text, at) for at in self._index.get(key, ()))


class _Spans:
    """Spans taken by a mention: does a new one overlap one of them? Sorted, so a look-up bisects."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.longest = max((b - a for a, b in self.spans), default=0)

    def add(self, a: int, b: int) -> None:
        bisect.insort(self.spans, (a, b))
        self.longest = max(self.longest, b - a)

    def overlaps(self, s: int, e: int) -> bool:
        """A span holding `s`, or ending inside (s, e]."""
        lo = bisect.bisect_left(self.spans, (s - self.longest, -1))
        hi = bisect.bisect_left(self.spans, (e, -1))
        return any(a <= s < b or a < e <= b for a, b in self.spans[lo:hi])


_HYPHENATED = re.compile(r"(?<![\w'’-])[A-Z][a-z]{2,}-[ \t]*\n?[ \t]*[a-z]{2,}(?![\w-])")
_TWO_PARTY = re.compile(r"(?<![\w'’-])(?P<a>[A-Z][\w'’]{3,})\s+v\.\s+(?P<b>[A-Z][\w'’]{3,})(?![\w-])")


def _misprinted(text: str, forms: list[tuple[str, int]], occupied: _Spans,
                first_full: dict[int, int]) -> list[Mention]:
    """Names a scan or a line break misprinted: "the Fried-lander case" (a word hyphenated across lines) and
    "Orovey v. Townsend is overruled" (one letter misread in one party of a two-party caption already cited
    as "Grovey v. Townsend"). Only a known name, after its decision is first cited, and only one letter."""
    words = {f: ai for f, ai in forms if " " not in f and len(f) >= 5}
    captions: dict[tuple[int, str], list[tuple[str, int]]] = {}
    for f, ai in forms:
        m = _TWO_PARTY.fullmatch(f)
        if m:
            captions.setdefault((0, m["b"]), []).append((m["a"], ai))
            captions.setdefault((1, m["a"]), []).append((m["b"], ai))
    found: list[Mention] = []

    def add(s: int, e: int, ai: int) -> None:
        if s > first_full.get(ai, 1 << 60) and not occupied.overlaps(s, e):
            found.append(Mention("name", s, e, text[s:e], ai))

    for m in _HYPHENATED.finditer(text):
        ai = words.get(re.sub(r"-\s*", "", m.group()))
        if ai is not None:
            add(m.start(), m.end(), ai)
    for m in _TWO_PARTY.finditer(text):
        for side, other in ((0, "b"), (1, "a")):
            seen = m["a"] if side == 0 else m["b"]
            near = {ai for known, ai in captions.get((side, m[other]), ()) if _one_letter_off(seen, known)}
            if len(near) == 1:
                add(m.start(), m.end(), near.pop())
    return found


def _one_letter_off(seen: str, known: str) -> bool:
    return len(seen) == len(known) >= 5 and sum(a != b for a, b in zip(seen, known, strict=True)) == 1


def _loose(form: str) -> str:
    """A pattern for a name that tolerates the apostrophe and space variants of real text, and an
    abbreviation written out ("Natl. Loan Investors" is "National Loan Investors" in the prose)."""
    words = []
    for word in fold_text(form).split():
        key = word.lower().rstrip(".").replace("'", "")
        alt = re.escape(word).replace("'", "['’]")
        if ABBREVIATIONS.get(key):
            alt = f"(?:{alt}|(?i:{re.escape(ABBREVIATIONS[key])}))"
        words.append(alt)
    return r"\s+".join(words)


_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*[\"“”)]*\s*|\n\s*)$")


def _looks_like_name(text: str, s: int, e: int) -> bool:
    """A capitalised common word ("Will") is a name mid-sentence or after a legal connective."""
    before = text[max(0, s - 40) : s]
    after = text[e : e + 3]
    sentence_start = _SENTENCE_START.search(before) is not None
    if _NAME_CONTEXT.search(before):
        return True
    if sentence_start:
        return after[:1] in {",", "'", "’"}
    return True
