"""Decide how an opinion treats a decision it cites, and keep the words that show it.

US opinions say how they use a precedent in a small set of recurring ways:
Bluebook signals at the head of a citation ("See", "Cf.", "But see"),
evaluative phrases next to the decision's name ("as in Will", "unlike X",
"X is readily distinguishable"), and sentences that state the court's own
view of the authority they cite ("We agree with our sister circuit that ...
See Sandy Lane"). The phrases are data (data/treatment_cues.yaml); this module
decides *which* decision a phrase is about:

- a phrase with a ``{case}`` slot applies to the decision standing in the slot;
- a sentence-wide phrase applies to the decisions cited in that sentence, or
  in the citation sentence that follows and supports it, but not to those
  introduced by a secondary signal ("see also", "cf.") whose point is
  elsewhere;
- a phrase that refers back ("This case is readily distinguishable") applies
  to the decisions discussed without a signal in the few sentences before;
- what another court did ("(distinguishing X)", "the Ninth Circuit held that,
  unlike X, ...") is that court's relation, not this opinion's, and is skipped.

`classify` labels one mention; `fold` merges the mentions of one cited decision
into the labels of its citation edge, weighing them so that a lone "see"
stays a plain citation and a point of contrast in a case followed throughout
does not turn it into a distinguished one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from graph.model import COURT_PARTS, NEGATIVE, TREATMENTS, Depth
from ingest.models import Document, Mention, Treatment

CUES_FILE = Path(__file__).resolve().parent.parent / "data" / "treatment_cues.yaml"
MAX_EVIDENCE = 300
# pin cite, then "(9th Cir. 2011)" and "(en banc)" after a reporter citation
_CITE_TAIL = re.compile(
    r"(?:,\s*(?:at\s+)?\*?\d[\d\s,–—\-n.*]*)?(?:\s*\([^()]{0,60}\d{4}\))?(?:\s*\(en banc\))?")
# what a citation sentence is made of besides captions: reporter cites, "Id.", "at 12", signal words
_CITE_TOKENS = re.compile(
    r"\d+\s+[A-Z][\w.]*(?:\s[\w.]+)?\s+(?:\d+|at\b)|\bId\.|\bat\s+\*?\d+|\bsee\b|\balso\b", re.I)
_CAPTION_WORDS = frozenset("v of the and in re ex rel at for de la le et al".split())
_OWN_OBJECT = re.compile(r"[\s,]*in\s+(?:the\s+)?[A-Z]")  # a cue with its own decision: "we held, in Ex parte ..."
_MAX_REACH = 3  # no back-referring cue reaches further than this many prose sentences
_PRIORITY = {"case": 3, "here": 3, "sentence": 2, "back": 1, "signal": 0}
# a sentence that names a decision: a caption, a reporter citation, "supra", "Id."
_NAMES_A_DECISION = re.compile(r"\bv\.\s|\b\d+\s+[A-Z][\w.]*(?:\s[\w.]+)?\s+\d+|\bsupra\b|\bId\.")


@dataclass(frozen=True)
class _Cue:
    """One cue phrase from the YAML file, compiled."""

    label: str
    strength: int
    phrase: re.Pattern[str]  # the words without the {case} slot
    slot: str | None  # "before": phrase precedes the case, "after": follows it, None: no slot
    gap: int
    scope: str  # "case", "sentence", "here" or "back"
    reach: int
    side: str  # "here" cues: the decisions "before" the phrase (its subject) or "after" it (its object)
    alone: bool  # "back" cues: only when their own sentence names no decision ("It is overruled.")
    nearest: bool  # "back" cues: only for the decision cited last before them ("that case")
    plural: bool  # "back" cues for all the decisions just cited ("these cases"), signals or not
    unless: re.Pattern[str] | None
    unless_reach: int  # characters after the decision that `unless` looks at
    then: re.Pattern[str] | None  # ("{case}" last) must follow the decision within `unless_reach` characters
    unless_before: re.Pattern[str] | None  # cancels the cue when it stands in the clause before the phrase
    unless_before_reach: int  # characters before the phrase that `unless_before` looks at


@dataclass(frozen=True)
class _Signal:
    name: str
    label: str
    strength: int
    secondary: bool  # its point is elsewhere ("see also", "cf."): sentence cues do not carry over
    after: str | None  # only valid after this signal ("with" after "compare")


@dataclass(frozen=True)
class _Cues:
    cues: tuple[_Cue, ...]
    signals: tuple[_Signal, ...]
    signal_re: re.Pattern[str]  # a signal at the end of a stretch of text
    signal_head_re: re.Pattern[str]  # a signal at the start of a stretch of text
    signal_any: re.Pattern[str]  # a signal anywhere
    contrast_signals: frozenset[str]
    negation: re.Pattern[str]
    present: re.Pattern[str]  # words that set a sentence in this very case
    party_noun: re.Pattern[str]  # a party of this case named by its role
    carries_on: re.Pattern[str]  # a sentence start that continues the sentence before
    contrast_label: str
    contrast_strength: int
    concession: re.Pattern[str]
    reported_before: re.Pattern[str]
    reporting: re.Pattern[str]
    own_subject: re.Pattern[str]
    party: re.Pattern[str]  # a party's argument or request, up to the cue
    party_turn: re.Pattern[str]  # words by which the court turns from it to its own view
    in_part: re.Pattern[str]  # words that limit a negative treatment to part of the decision


def _phrase_re(phrase: str) -> str:
    """Turn the YAML phrase syntax into a regex (see the file's header)."""
    out = []
    for tok in re.findall(r"\{\d+,\d+\}|.", re.sub(r",?\s+", " ", phrase.strip()), re.S):
        if tok.startswith("{"):
            out.append(tok)
        elif tok == " ":
            out.append(r"[\W_]+")
        elif tok == "*":
            out.append(r"[\w'’.-]+")
        elif tok == ".":
            out.append(r"\.?")
        elif tok in "'’":
            out.append(r"['’ ]?")
        elif tok in "()|?":
            out.append(tok)
        else:
            out.append(re.escape(tok))
    return "".join(out)


def _bounded(rx: str) -> str:
    return rf"(?<![\w])(?:{rx})(?![\w])"


@lru_cache(maxsize=4)
def load_cues(path: Path = CUES_FILE) -> _Cues:
    """Read and compile the cue file once; malformed entries fail loudly."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    cues = []
    for c in data["cues"]:
        if c["label"] not in TREATMENTS:
            raise ValueError(f"{path}: unknown label {c['label']!r}")
        phrase = c["phrase"].strip()
        slot = None
        if phrase.startswith("{case}"):
            slot, phrase = "after", phrase[len("{case}"):]
        elif phrase.endswith("{case}"):
            slot, phrase = "before", phrase[: -len("{case}")]
        elif "{case}" in phrase:
            raise ValueError(f"{path}: {{case}} must start or end a phrase: {c['phrase']!r}")
        unless = c.get("unless")
        cues.append(_Cue(
            label=c["label"], strength=int(c["strength"]),
            phrase=re.compile(_bounded(_phrase_re(phrase)), re.I), slot=slot,
            gap=int(c.get("gap", 3)), scope="case" if slot else c.get("scope", "sentence"),
            reach=int(c.get("reach", 3)), side=c.get("side", "before"), alone=bool(c.get("alone")),
            nearest=bool(c.get("nearest")), plural=bool(c.get("plural")),
            unless=_optional(unless), then=_optional(c.get("then")),
            unless_reach=int(c.get("unless_reach", 40)),
            unless_before=_optional(c.get("unless_before")),
            unless_before_reach=int(c.get("unless_before_reach", 150)),
        ))
    signals = tuple(
        _Signal(s["phrase"].lower(), s["label"], int(s["strength"]), bool(s.get("secondary")), s.get("after"))
        for s in data["signals"]
    )
    alts = "|".join(_phrase_re(s.name) for s in sorted(signals, key=lambda s: -len(s.name)))
    contrast = data["contrast_after_negation"]
    rep = data["reporting"]
    return _Cues(
        cues=tuple(cues), signals=signals,
        signal_re=re.compile(rf"(?:^|[^\w.])(?P<sig>{alts})[\W_]*$", re.I),
        signal_head_re=re.compile(rf"^[\W_]*(?P<sig>{alts})(?![\w])", re.I),
        signal_any=re.compile(rf"(?<![\w])(?P<sig>{alts})(?![\w])", re.I),
        contrast_signals=frozenset(s.lower() for s in contrast["signals"]),
        negation=re.compile(_bounded(_phrase_re(contrast["negation"]))
                            + rf"(?![\W_]+(?:\w+[\W_]+)?{_bounded(_phrase_re(contrast['not_after']))})", re.I),
        contrast_label=contrast["label"], contrast_strength=int(contrast["strength"]),
        present=re.compile(_bounded(_phrase_re(contrast["present"])) + "|^[\\W_]*"
                           + _bounded(_phrase_re(contrast["present_start"])), re.I),
        party_noun=re.compile(_bounded(_phrase_re(contrast["party"])), re.I),
        carries_on=re.compile(r"[\W_]*" + _bounded(_phrase_re(contrast["carries_on"])), re.I),
        concession=re.compile(r"[\W_]*" + _bounded(_phrase_re(data["concession"])), re.I),
        reported_before=re.compile(rf"(?<![\w])(?:{_phrase_re(data['reported_before'])})[\W_]*$", re.I),
        reporting=re.compile(
            _bounded(_phrase_re(rep["subject"])) + r"[^.;]{0,80}?" + _bounded(_phrase_re(rep["verb"])), re.I),
        own_subject=re.compile(_bounded(_phrase_re(rep["own_subject"])), re.I),
        party=re.compile(_bounded(_phrase_re(data["party"]["subject"])) + r"[^.;]{0,80}?"
                         + _bounded(_phrase_re(data["party"]["verb"])), re.I),
        party_turn=re.compile(_bounded(_phrase_re(data["party"]["turn"])), re.I),
        in_part=re.compile(_bounded(_phrase_re(data["in_part"])), re.I),
    )


# ---------------------------------------------------------- one mention


@dataclass(frozen=True)
class _Hit:
    label: str
    strength: int
    scope: str
    start: int  # the cue words in the text
    end: int
    side: str = "before"  # "here" cues: where the decision stands (see _Cue.side)
    nearest: bool = False  # "back" cues that stand for the last decision cited only


def _names_re(names: Collection[str]) -> re.Pattern[str] | None:
    return _names_re_of(tuple(names))


@lru_cache(maxsize=8192)  # one per cited decision: a corpus cites the same ones again and again
def _names_re_of(names: tuple[str, ...]) -> re.Pattern[str] | None:
    alts = [r"[\W_]+".join(map(re.escape, re.findall(r"\w+", n))) for n in names if re.search(r"\w", n)]
    alts = [a for a in alts if a]
    if not alts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?![\w])", re.I)


def _extent(doc: Document, mention: Mention, names: Collection[str]) -> tuple[int, int]:
    """The whole citation of a mention: back to its caption, on over pin cite and court/year."""
    text, start, end = doc.text, mention.start, mention.end
    window = text[max(0, start - 250):start]
    base = start - len(window)
    rx = _names_re(names)
    best = None
    for m in rx.finditer(window) if rx else ():
        between = window[m.end():]  # the rest of a caption: ", Inc. v. Lee, " or just ", "
        if re.search(r"[;()]", between) or len(between) > 160:
            continue
        if doc.stripped and between.strip(" ,"):
            continue
        if set(re.findall(r"(?<![\w.'’])[a-z]+\b(?!\.\w)", between)) <= _CAPTION_WORDS:
            best = base + m.start()
            break
    if best is None and mention.kind == "full" and not doc.stripped:
        m = re.search(r"(?<![\w])v\.\s[^;()]{0,140}?,\s*$", window)
        if m:
            pos = m.start()
            words = list(re.finditer(r"\S+", window[:pos]))
            signals = load_cues().signal_any
            for w in reversed(words[-10:]):
                tok = w.group()
                if signals.fullmatch(tok.rstrip(",")):
                    break
                if tok[0].isupper() or tok.lower() in {"of", "the", "&", "and", "de", "la", "ex", "rel."}:
                    pos = w.start()
                else:
                    break
            best = base + pos
    if best is not None:
        start = best
    if not doc.stripped:
        tail = _CITE_TAIL.match(text, end, end + 120)
        end += len(tail.group().rstrip(" ,")) if tail else 0
    return start, end


def _in_parenthetical(doc: Document, pos: int) -> bool:
    return doc.in_parenthetical(pos)


def _signal(doc: Document, cues: _Cues, ss: int, cs: int) -> tuple[_Signal | None, int]:
    """The signal governing a citation: right before it, or carried over from earlier in a string cite.

    The units of a string cite (between semicolons) are read once per sentence, not again for each
    citation in it: a long string cite was quadratic in its length."""
    if doc.stripped:
        offset = ss
    else:
        semis = doc.semicolons
        k = bisect.bisect_left(semis, cs)  # the semicolons before the citation
        offset = semis[k - 1] + 1 if k and semis[k - 1] >= ss else ss  # where the citation's unit starts
    last = doc.masked[offset:cs]
    m = cues.signal_re.search(last)
    if m:
        sig, pos = _signal_named(cues, m), offset + m.start("sig")
    elif doc.stripped:
        tail = doc.masked[max(ss, cs - 150):cs]
        found = list(cues.signal_any.finditer(tail))
        if not found:
            return None, cs
        m = found[-1]
        sig, pos = _signal_named(cues, m), cs - len(tail) + m.start("sig")
    else:
        if last.strip(" ,\n"):
            return None, cs  # text stands between the clause's start and the citation
        sig, pos = _unit_signal(doc, cues, ss, k) or (None, cs)
    if sig and sig.after and not re.search(_bounded(_phrase_re(sig.after)), doc.masked[ss:cs], re.I):
        return None, cs
    return sig, pos


def _signal_named(cues: _Cues, m: re.Match[str]) -> _Signal:
    key = re.sub(r"[\W_]+", " ", m.group("sig").lower()).strip()
    return next(s for s in cues.signals if re.sub(r"[\W_]+", " ", s.name).strip() == key)


def _unit_signal(doc: Document, cues: _Cues, ss: int, k: int) -> tuple[_Signal, int] | None:
    """The signal opening the last unit of the string cite in the sentence from `ss` that ends at one of the
    semicolons before semicolon `k` (the signal carried over to the citations after it), with its place.

    Each unit's head is read once per sentence; the answer for every semicolon so far is kept."""
    semis = doc.semicolons
    key = ("units", id(cues), ss)
    got = doc.memo.get(key)
    if got is None:
        got = doc.memo[key] = (bisect.bisect_left(semis, ss), [])
    first, latest = got  # latest[j]: the answer for the units ending at semicolons first .. first + j
    head = _signal_head(cues)
    while first + len(latest) < k:
        j = first + len(latest)
        start = semis[j - 1] + 1 if j > first else ss
        m = head.match(doc.masked, start, semis[j])
        if m:
            latest.append((_signal_named(cues, m), m.start("sig")))
        else:
            latest.append(latest[-1] if latest else None)
    return latest[k - first - 1] if k > first else None


_HEADS: dict[int, tuple[_Cues, re.Pattern[str]]] = {}


def _signal_head(cues: _Cues) -> re.Pattern[str]:
    """`signal_head_re` without its "^": matched at a position, it reads text[pos:endpos] as the original
    reads that slice, without copying it."""
    known = _HEADS.get(id(cues))
    if known is None or known[0] is not cues:
        pattern = cues.signal_head_re.pattern
        assert pattern.startswith("^")
        known = _HEADS[id(cues)] = (cues, re.compile(pattern[1:], cues.signal_head_re.flags))
    return known[1]


def _citation_like(doc: Document, cues: _Cues, a: int, b: int) -> bool:
    """Is text[a:b] a citation sentence (or its head): signals, captions and cites, not prose?"""
    key = ("citation_like", id(cues), a, b)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = _is_citation_like(doc, cues, a, b)
    return found


def _is_citation_like(doc: Document, cues: _Cues, a: int, b: int) -> bool:
    masked = doc.masked
    if b <= a or _BLANK.match(masked, a, b).end() == b or _signal_head(cues).match(masked, a, b) or _ID_OR_NUMBER.match(
            masked, a, b):
        return True
    if doc.stripped:
        return False
    return _prose_words(doc, a, b) <= 2


_BLANK = re.compile(r"\s*")  # what str.strip() removes
_ID_OR_NUMBER = re.compile(r"\W*(id\b|\d)", re.I)
_PROSE_WORD = re.compile(r"(?<![\w.])[a-z][a-z'’]+")
_SEPARATOR = re.compile(r"[,;]")
_LONG = 2000  # characters from which a sentence's pieces are counted once, not again for each citation in it


def _prose_count(piece: str) -> int:
    """The lower-case words of `piece` that are neither citation tokens nor caption words."""
    return sum(1 for w in _PROSE_WORD.findall(_CITE_TOKENS.sub(" ", piece)) if w not in _CAPTION_WORDS)


def _prose_words(doc: Document, a: int, b: int) -> int:
    """`_prose_count(masked[a:b])` for a span within one sentence, by pieces in a long sentence.

    No citation token and no word holds a "," or ";", and either one reads as the text's edge to the
    patterns' look-arounds: the count over a span is the sum over its pieces between them. A long
    sentence's pieces are counted once (a running total), so the citations of a long string cite do not
    each read the sentence again."""
    i = doc.sentence_of(a)
    ss, se = doc.sentence_bounds(i)
    if se - ss < _LONG:
        return _prose_count(doc.masked[a:b])
    key = ("pieces", i)
    got = doc.memo.get(key)
    if got is None:
        seps = [m.start() for m in _SEPARATOR.finditer(doc.masked, ss, se)]
        total = [0]
        for p, q in zip(seps, seps[1:], strict=False):
            total.append(total[-1] + _prose_count(doc.masked[p + 1:q]))
        got = doc.memo[key] = (seps, total)
    seps, total = got
    k0, k1 = bisect.bisect_left(seps, a), bisect.bisect_left(seps, b)
    if k1 - k0 < 2:
        return _prose_count(doc.masked[a:b])
    # the head up to the first separator, the whole pieces between, the tail after the last one
    return (_prose_count(doc.masked[a:seps[k0]]) + total[k1 - 1] - total[k0]
            + _prose_count(doc.masked[seps[k1 - 1] + 1:b]))


def _reported(doc: Document, cues: _Cues, ss: int, pos: int) -> bool:
    """Is the cue at `pos` another speaker's: what another court is said to have done, or what a party
    argues or asks, the court not yet turned to its own view ("but ...")?"""
    before = doc.masked[ss:pos]
    for m in cues.reporting.finditer(before):
        if not cues.own_subject.search(m.group()):
            return True
    m = next(cues.party.finditer(doc.masked, ss, pos), None)
    return m is not None and not cues.party_turn.search(doc.masked, m.end(), pos)


def _optional(phrase: str | None) -> re.Pattern[str] | None:
    return re.compile(_bounded(_phrase_re(phrase)), re.I) if phrase else None


def _gap_ok(gap: str, words: int) -> bool:
    if re.search(r"[;:]|\.\s+[A-Z]", gap):
        return False
    if re.search(r",(?![\W_]*(and|or)\b)", gap) and gap.strip(" ,"):
        return False
    return len(re.findall(r"[\w'’.-]+", gap)) <= words


@dataclass(frozen=True)
class _Kind:
    """The cues of one kind (a scope, or a slot side), in file order, and one pattern matching where any does."""

    cues: tuple[_Cue, ...]
    any: re.Pattern[str] | None  # None: no cue of this kind

    def may_match(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether some cue of this kind matches text[pos:endpos] (with `finditer(text, pos, endpos)`'s edges)."""
        if self.any is None:
            return False
        return self.any.search(text, pos, len(text) if endpos is None else endpos) is not None


_KINDS: dict[int, tuple[_Cues, dict[str, _Kind]]] = {}


def _kinds(cues: _Cues) -> dict[str, _Kind]:
    """The cues by scope ("sentence", "here", "back") and by slot ("slot before", "slot after"): a sentence
    or a citation's neighbourhood where no cue of a kind matches needs no look at each of them."""
    known = _KINDS.get(id(cues))
    if known is not None and known[0] is cues:
        return known[1]
    groups: dict[str, list[_Cue]] = {}
    for cue in cues.cues:
        groups.setdefault(f"slot {cue.slot}" if cue.slot else cue.scope, []).append(cue)
    kinds = {k: _Kind(tuple(v), _either(c.phrase.pattern for c in v)) for k, v in groups.items()}
    _KINDS[id(cues)] = (cues, kinds)
    return kinds


def _either(patterns: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching where one of `patterns` (cue phrases, case-insensitive) matches. Their shared word
    bounds are checked once per position, not once per phrase: the same places, a few times faster."""
    patterns = list(patterns)
    head, tail = _bounded("\x00").split("\x00")
    if all(p.startswith(head) and p.endswith(tail) for p in patterns):
        inner = [p[len(head):len(p) - len(tail)] for p in patterns]
        return re.compile(head + "|".join(f"(?:{p})" for p in inner) + tail, re.I)
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def _kind(cues: _Cues, name: str) -> _Kind:
    return _kinds(cues).get(name) or _Kind((), None)


def _slot_hits(doc: Document, cues: _Cues, cs: int, ce: int, ss: int, se: int) -> list[_Hit]:
    """Cues with a {case} slot that the cited decision fills."""
    hits = []
    before = doc.masked[max(ss, cs - 300):cs]
    b0 = cs - len(before)
    after = doc.masked[ce:min(se, ce + 300)]
    slots = {"before": _kind(cues, "slot before"), "after": _kind(cues, "slot after")}
    wanted = {side for side, kind in slots.items() if kind.may_match(before if side == "before" else after)}
    for cue in cues.cues:
        if cue.slot not in wanted:
            continue
        if cue.slot == "before":
            if cue.unless and cue.unless.search(doc.masked[ce:ce + cue.unless_reach]):
                continue
            if cue.then and not cue.then.search(doc.masked[ce:ce + cue.unless_reach]):
                continue
            for m in cue.phrase.finditer(before):
                reach = cue.unless_before_reach
                if cue.unless_before and cue.unless_before.search(before[max(0, m.start() - reach):m.start()]):
                    continue
                if _gap_ok(before[m.end():], cue.gap) and not _reported(doc, cues, ss, b0 + m.start()):
                    hits.append(_Hit(cue.label, cue.strength, "case", b0 + m.start(), cs))
        elif cue.slot == "after":
            m = cue.phrase.search(after)
            if cue.unless and m and cue.unless.search(after, m.end(), m.end() + cue.unless_reach):
                continue
            if m and _gap_ok(after[:m.start()], cue.gap) and not _reported(doc, cues, ss, ce + m.start()):
                hits.append(_Hit(cue.label, cue.strength, "case", cs, ce + m.end()))
    return hits


def _sentence_hits(
    doc: Document, cues: _Cues, i: int, scope: str, distance: int = 0, unless_at: int | None = None,
    plural_only: bool = False,
) -> list[_Hit]:
    """Sentence-wide cues of sentence `i`; back-referring ones only if they reach `distance` sentences.

    `unless_at`: where the decision's citation ends, for cues cancelled by what follows it.
    `plural_only`: only the back cues that stand for every decision just cited ("these cases").
    """
    out = []
    for cue, hits in _scope_hits(doc, cues, i, scope):
        if distance > cue.reach or (plural_only and not cue.plural):
            continue
        if cue.unless and unless_at is not None and cue.unless.search(doc.masked[unless_at:unless_at + 40]):
            continue
        out += hits
    return out


def _scope_hits(doc: Document, cues: _Cues, i: int, scope: str) -> list[tuple[_Cue, list[_Hit]]]:
    """The hits of each cue of `scope` in sentence `i`, whatever the mention: worked out once per sentence."""
    key = ("scope", id(cues), i, scope)
    found = doc.memo.get(key)
    if found is not None:
        return found
    ss, se = doc.sentence_bounds(i)
    found: list[tuple[_Cue, list[_Hit]]] = []
    kind = _kind(cues, scope)
    if not kind.may_match(doc.masked, ss, se):
        doc.memo[key] = found
        return found
    for cue in kind.cues:
        if cue.alone and _NAMES_A_DECISION.search(doc.masked, ss, se):
            continue
        hits = []
        for m in cue.phrase.finditer(doc.masked, ss, se):
            if cue.alone and _names_before(doc.masked[ss:m.start()]):
                continue  # "Insofar as Hodges is inconsistent ..., it is hereby overruled": "it" is Hodges
            if not _reported(doc, cues, ss, m.start()):
                hits.append(_Hit(cue.label, cue.strength, scope, m.start(), m.end(), cue.side, cue.nearest))
        found.append((cue, hits))
    doc.memo[key] = found
    return found


def _prose_after(doc: Document, cues: _Cues, i: int, n: int) -> list[int]:
    """The first `n` sentences after sentence `i` that are not citation sentences."""
    key = ("prose", id(cues))
    got = doc.memo.get(key)
    if got is None or got[0] is not cues:
        got = (cues, [], 0)  # the prose sentences found so far, and how far it has looked
    _, prose, j = got  # sentences before j are read; reading goes on from there, so each is read once
    while j < len(doc.sentences) and (j <= i or len(prose) - bisect.bisect_right(prose, i) < n):
        if not _citation_like(doc, cues, *doc.sentence_bounds(j)):
            prose.append(j)
        j += 1
    doc.memo[key] = (cues, prose, j)
    k = bisect.bisect_right(prose, i)
    return prose[k:k + n]


def _hits(doc: Document, cues: _Cues, mention: Mention, names: Collection[str]) -> tuple[list[_Hit], int, int]:
    cs, ce = _extent(doc, mention, names)
    i = doc.sentence_of(mention.start)
    ss, se = doc.sentence_bounds(i)
    cs = max(cs, ss)
    if _in_parenthetical(doc, mention.start) or cues.reported_before.search(doc.masked[max(ss, cs - 40):cs]):
        return [], cs, ce
    sig, sig_pos = _signal(doc, cues, ss, cs)
    hits = _slot_hits(doc, cues, cs, ce, ss, se)
    if sig is None:
        hits += [h for h in _sentence_hits(doc, cues, i, "here", unless_at=ce) if _on_side(doc, h, cs, ce)]
    if sig is None or not sig.secondary:
        hits += _sentence_hits(doc, cues, i, "sentence")
        # a citation sentence supporting the one before, not a bare name opening a sentence ("Hans itself ...")
        if _citation_like(doc, cues, ss, cs) and (mention.kind != "name" or _citation_like(doc, cues, ce, se)):
            for j in range(i - 1, max(-1, i - 3), -1):
                if not _citation_like(doc, cues, *doc.sentence_bounds(j)):
                    # "as we explained in Linmark, ...": that cue is Linmark's, not the next citations'
                    hits += [h for h in _sentence_hits(doc, cues, j, "sentence")
                             if not _OWN_OBJECT.match(doc.text, h.end)]
                    break
    if not _compared(doc, cs):
        # under a signal, only "these cases" can mean the decision, and only before any other citation
        plural_only = sig is not None
        for distance, j in enumerate(_prose_after(doc, cues, i, _MAX_REACH), 1):
            if plural_only and j != i + distance:
                break  # a citation sentence came first
            hits += [h for h in _sentence_hits(doc, cues, j, "back", distance, plural_only=plural_only)
                     if not (h.nearest and _NAMES_A_DECISION.search(doc.masked, ce, h.start))]
    hits = [h for h in hits if h.label != "distinguished" or not _conceded(doc, cues, h)]
    if sig is not None and sig.strength > 0:
        hits.append(_Hit(sig.label, sig.strength, "signal", sig_pos, ce))
    if sig is not None and sig.name in cues.contrast_signals and i > 0:
        ps, pe = doc.sentence_bounds(i - 1)
        if not _citation_like(doc, cues, ps, pe) and _denies_a_fact(doc, cues, i - 1):
            hits.append(_Hit(cues.contrast_label, cues.contrast_strength, "sentence", ps, ce))
    return hits, cs, ce


def _denies_a_fact(doc: Document, cues: _Cues, i: int) -> bool:
    """Does sentence `i` deny something of this very case (so a "Cf." decision after it is a contrast)?"""
    ss, se = doc.sentence_bounds(i)
    sentence = doc.masked[ss:se]
    denials = list(cues.negation.finditer(sentence))
    if not denials:
        return False
    if cues.present.search(sentence):
        return True
    for d in denials:
        if cues.party_noun.search(" ".join(re.findall(r"[\w'’]+", sentence[:d.start()])[-6:])):
            return True
    # "Plaintiff argues ... Appeal at 19. This is a mischaracterization ... Nor does it require ..."
    prose, j, start = 0, i - 1, ss
    while j >= 0 and prose < 2 and cues.carries_on.match(doc.masked, start):
        ps, pe = doc.sentence_bounds(j)
        j -= 1
        if _citation_like(doc, cues, ps, pe):
            continue
        prose, start, before = prose + 1, ps, doc.masked[ps:pe]
        if cues.party_noun.match(" ".join(re.findall(r"[\w'’]+", before)[:4])) or cues.present.search(before):
            return True
    return False


# capitalised words a sentence may hold before a pronoun without naming a decision
_INSTITUTIONS = frozenset(
    "i we the court constitution amendment congress government state states united act clause nation first second "
    "third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth".split())


def _names_before(head: str) -> bool:
    """Does the start of a sentence, before a pronoun cue, name something (a decision, a party)?"""
    words = re.findall(r"[A-Za-z][\w'’]*", head)
    return any(w[0].isupper() and w.lower() not in _INSTITUTIONS for w in words[1:])


def _compared(doc: Document, cs: int) -> bool:
    """Is the citation the thing compared ("out of harmony with the Rosen and Benson cases")?
    A pronoun in the next sentence then stands for the other side of the comparison."""
    return bool(re.search(r"\b(?:with|than|from)\s+(?:the\s+)?(?:[A-Z][\w.'’]*\s+(?:and\s+)?)*$",
                          doc.masked[max(0, cs - 80):cs]))


def _on_side(doc: Document, hit: _Hit, cs: int, ce: int) -> bool:
    """Does the citation stand where a "here" cue wants it: in its subject (before it) or its object?"""
    if hit.side == "before":  # its subject, or inside it ("we must regard X and Y as overruled")
        return ce <= hit.end and not re.search(r"[;:]", doc.masked[ce:hit.start])
    return cs >= hit.end and not re.search(r"[;:]", doc.masked[hit.end:cs])


def _conceded(doc: Document, cues: _Cues, hit: _Hit) -> bool:
    """Does the next prose sentence set the noted difference aside ("However, ...")?"""
    after = _prose_after(doc, cues, doc.sentence_of(hit.end - 1), 1)  # the prose sentences are found once
    return bool(after) and bool(cues.concession.match(doc.masked, doc.sentences[after[0]]))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to whole words without surrounding space."""
    while start < end and not text[start].isalnum() and text[start] not in "“\"'‘(":
        start += 1
    if start > 0 and text[start - 1].isalnum():
        nxt = re.search(r"\W", text[start:end])
        start = start + nxt.end() if nxt else start
    while end > start and text[end - 1].isspace():
        end -= 1
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        prev = text.rfind(" ", start, end)
        end = prev if prev > start else end
    while end > start and text[end - 1] in " ,;":
        end -= 1
    return start, end


def _evidence(doc: Document, hit: _Hit, cs: int, ce: int) -> tuple[str, int]:
    """The sentence (or clause) holding the cue and the citation, verbatim and at most MAX_EVIDENCE long."""
    lo, hi = min(hit.start, cs), max(hit.end, ce)
    if hit.scope == "signal":  # the citation clause itself, with its parenthetical when it fits
        k = bisect.bisect_left(doc.set_off, (ce, -1))  # the first parenthetical after it: any later one is further
        paren = doc.set_off[k][1] if k < len(doc.set_off) and _BLANK.match(doc.text, ce).end() >= doc.set_off[k][0] \
            else ce
        # a signal carried over a long string cite: its first MAX_EVIDENCE characters, the signal first (the
        # whole string cite up to each citation made the passages, and reading them, quadratic in its length)
        s, e = _trim(doc.text, lo, min(paren if paren - lo <= MAX_EVIDENCE else hi, lo + MAX_EVIDENCE))
        return doc.text[s:e], s
    s0, _ = doc.sentence_bounds(doc.sentence_of(lo))
    _, e0 = doc.sentence_bounds(doc.sentence_of(max(lo, hi - 1)))
    if e0 - s0 > MAX_EVIDENCE:
        if hi - lo > MAX_EVIDENCE:
            lo, hi = hit.start, hit.end
        room = MAX_EVIDENCE - (hi - lo)
        s0, e0 = max(s0, lo - room // 2), min(e0, hi + room - room // 2)
        s0 = max(s0, e0 - MAX_EVIDENCE)
    s, e = _trim(doc.text, s0, e0)
    return doc.text[s:e], s


def classify(doc: Document, mention: Mention, names: Collection[str] = ()) -> Treatment:
    """How the opinion `doc` treats the decision at `mention`, with the words that decide it.

    Answered once per mention and names: the edge is judged from it and its holdings weighed from it, so the
    answer is kept in the document's memo (its per-sentence cue hits too), which lives as long as the opinion's
    reading and no longer."""
    cues = load_cues()
    key = ("classify", id(cues), mention, tuple(names))  # the edge is judged, and its holdings weighed, from it
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = _classify(doc, cues, mention, names)
    return found


def _classify(doc: Document, cues: _Cues, mention: Mention, names: Collection[str]) -> Treatment:
    hits, cs, ce = _hits(doc, cues, mention, names)
    hits = [h for h in hits if h.label != "cited" and h.strength > 0]
    if not hits:
        rule = _quoted_rule(doc, cues, mention, cs)
        if rule is None:
            return Treatment("cited")
        hits = [rule]
    # "X was wrongly decided and it is overruled": of two negative words the overruling is the treatment
    best = max(hits, key=lambda h: (h.strength, _PRIORITY[h.scope], h.label in NEGATIVE, h.label == "overruled",
                                    -abs(h.start - cs)))
    evidence, offset = _evidence(doc, best, cs, ce)
    limited = best.label in NEGATIVE and _limits_itself(doc, cues, doc.sentence_of(best.start))
    return Treatment(best.label, evidence, offset, in_part=limited, strength=best.strength)


def _limits_itself(doc: Document, cues: _Cues, i: int) -> bool:
    """Does sentence `i` limit a treatment to part of the decision ("to the extent ...")? Once per sentence."""
    key = ("in_part", id(cues), i)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = bool(cues.in_part.search(doc.text, *doc.sentence_bounds(i)))
    return found


_RULE_WORDS = re.compile(
    r"\b(?:must|requires?|required|test|prongs?|standard|framework|may not|cannot|shall|is proper|satisf\w*|"
    r"factors?|consider(?:s|ed|ing|ation)?|whether|only if|so long as)\b", re.I)


def _quoted_rule(doc: Document, cues: _Cues, mention: Mention, cs: int) -> _Hit | None:
    """The court states the governing rule in the decision's own quoted words, cited with no signal
    ('"... requires that the defendant ... (3) causing harm ..." Schwarzenegger, 374 F.3d at 803'):
    it adopts the decision as the law it applies. Depth plays no part; one such sentence is enough."""
    if doc.stripped or mention.kind not in ("full", "short", "id") or _in_parenthetical(doc, mention.start):
        return None
    i = doc.sentence_of(cs)
    ss, _ = doc.sentence_bounds(i)
    head = doc.text[max(0, cs - 400):cs].rstrip(" ,.;\n")
    if not head.endswith(("”", '"')):
        return None
    opening = max(head.rfind("“"), head.rfind('"', 0, len(head) - 1))
    quote = head[opening + 1:] if opening >= 0 else ""
    if len(quote) < 40 or not _RULE_WORDS.search(quote):
        return None
    start = cs - len(doc.text[max(0, cs - 400):cs]) + max(opening, 0)
    qs = doc.sentences[doc.sentence_of(max(start, 0))]
    if cues.signal_any.search(doc.masked, qs, cs) or _reported(doc, cues, qs, cs):
        return None
    return _Hit("followed", 2, "sentence", max(start, 0), cs)


# ---------------------------------------------------------------- depth of discussion

EXAMINED_CHARS = 2500  # about a printed page of the court's own sentences on the decision
DISCUSSED_CHARS = 600  # about a paragraph


def depth(doc: Document, mentions: list[Mention]) -> Depth:
    """How much the court engages with a decision: KeyCite's examined / discussed / cited / mentioned.

    Counted over the court's own sentences (not a concurrence's or dissent's, not another court's
    parenthetical): "examined" is about a page of them, "discussed" about a paragraph, "cited" a
    citation or a sentence, "mentioned" a place in a string cite among other decisions. Depth is
    shown beside the treatment and never decides it: a court may discuss at length what it overrules.
    """
    cues = load_cues()
    own = [m for m in mentions if m.part in COURT_PARTS and not _in_parenthetical(doc, m.start)]
    sentences = sorted({doc.sentence_of(m.start) for m in own})
    chars = sum(e - s for s, e in map(doc.sentence_bounds, sentences))
    prose = [i for i in sentences if not _citation_like(doc, cues, *doc.sentence_bounds(i))]
    quoted = any(_quoted_before(doc, m) for m in own)
    if not own:
        level = "mentioned"
    elif chars >= EXAMINED_CHARS and len(prose) >= 3:
        level = "examined"
    elif chars >= DISCUSSED_CHARS and prose:
        level = "discussed"
    elif prose or quoted or len(own) > 1 or not all(_in_string_cite(doc, m) for m in own):
        level = "cited"
    else:
        level = "mentioned"
    return Depth(mentions=len(own), level=level, quoted=quoted)


def _quoted_before(doc: Document, m: Mention) -> bool:
    """A quotation closes right before the citation: the court quotes the decision's words."""
    return bool(re.search(r"[”\"][\W_]{0,3}$", doc.text[max(0, m.start - 200):m.start].rstrip(" ,.;")[-4:]))


def _in_string_cite(doc: Document, m: Mention) -> bool:
    """The mention is one citation of several strung together with semicolons."""
    ss, se = doc.sentence_bounds(doc.sentence_of(m.start))
    return doc.has_semicolon(ss, se)


@dataclass(frozen=True)
class Judged:
    """One citation edge's treatments, the passages behind them, and what other parts said."""

    labels: tuple[str, ...]  # from the court's own part only
    evidence: tuple[Treatment, ...]  # the court's passages for `labels`, then separate opinions' views
    in_part: tuple[str, ...] = ()  # labels whose every passage limits itself ("to the extent that ...")


def judge(doc: Document, mentions: list[Mention], names: Collection[str] = ()) -> Judged:
    """The labels of one citation edge and the passages that decided them: each mention, folded.

    Only the court's part decides; a concurrence's or dissent's cue is kept as that part's view
    (shown as such) and never labels the edge, so "I would overrule Grutter" in a concurrence
    leaves the Court's treatment of Grutter as it is.
    """
    judged = [replace(classify(doc, m, names), part=m.part) for m in mentions]
    labels, chosen = fold(t for t in judged if t.part in COURT_PARTS)
    _, views = fold(t for t in judged if t.part not in COURT_PARTS)
    in_part = tuple(
        label for label in labels
        if label != "cited" and all(t.in_part for t in chosen if t.label == label)
    )
    return Judged(labels, chosen + views, in_part)


# ---------------------------------------------------------------- folding


def strength(t: Treatment) -> int:
    """How strongly a treatment's evidence shows its label (1 weak, 3 strong): the strength of the cue that
    found it, kept on the Treatment (read back from the passage, "under {case}" would be "under" anywhere in
    a string cite's parentheticals)."""
    return 0 if t.label == "cited" or not t.evidence else t.strength


def fold(treatments: Iterable[Treatment]) -> tuple[tuple[str, ...], tuple[Treatment, ...]]:
    """Merge the mentions of one cited decision into its edge's labels and best evidence.

    A label needs one clear passage (strength 2+) or several weak ones (sum 3+),
    so a decision merely cited with "see" in a string cite stays cited. A court
    may follow a decision on one point and distinguish it on another: every
    label that passes stands, each with its best one or two passages.
    """
    seen: dict[tuple[str, int | None, str | None], Treatment] = {}
    for t in treatments:
        if t.label != "cited" and t.evidence:
            seen.setdefault((t.label, t.offset, t.evidence), t)
    weighed: dict[str, list[tuple[int, Treatment]]] = {}
    for t in seen.values():
        weighed.setdefault(t.label, []).append((strength(t), t))
    score = {label: sum(s for s, _ in ts) for label, ts in weighed.items()}
    keep = sorted(label for label, ts in weighed.items() if max(s for s, _ in ts) >= 2 or score[label] >= 3)
    if not keep:
        return ("cited",), ()
    evidence = []
    for label in keep:
        best = sorted(weighed[label], key=lambda st: (-st[0], st[1].offset or 0))[:2]
        evidence += sorted((t for _, t in best), key=lambda t: t.offset or 0)
    return tuple(keep), tuple(evidence)
