"""The doctrines an opinion names itself: the tests, standards and doctrines courts invoke by name.

Courts name the rules they apply in a few recurring shapes, in every field:

- after the precedent that made them: "the Calder effects test", "the
  Anderson-Burdick framework", "the O'Connor standard", "Mathews v. Eldridge
  balancing", "the Ex parte Young exception";
- by what they are: "the intra-enterprise conspiracy doctrine", "the merger
  doctrine", "the doctrine of judicial estoppel", "the rule against
  perpetuities", "the automobile exception", "strict scrutiny", "qualified
  immunity".

A name counts when it is named after a decision the opinion cites, or when the
opinion uses it at least twice (a phrase said once in passing is not what the
opinion is about). Each doctrine is linked to the decision it is named after,
else to the one the opinion cites most where it names the doctrine. When the
curated taxonomy already has the doctrine (its cues match the name), the
taxonomy's key is used, so the two sources never make two nodes of one rule.

Pure: the opinion's document and its cited decisions in, named doctrines out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingest.models import Document

KEY_PREFIX = "named."
_KIND = r"(?:test|standard|framework|doctrine|exception|rule|balancing|analysis|inquiry|principle|presumption)"
# "the Calder effects test", "the Anderson - Burdick balancing test", "Mathews v. Eldridge balancing"
_EPONYM = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<name>[A-Z][\w'’]+(?:\s*[-–]\s*[A-Z][\w'’]+|\s+v\.\s+[A-Z][\w'’]+|\s+parte\s+[A-Z][\w'’]+)*)"
    r"\s+(?P<mod>(?:[a-z][a-z-]+\s+){0,2}?)(?P<kind>" + _KIND + r")\b"
)
# "the intra-enterprise conspiracy doctrine", "the merger doctrine", "the automobile exception"
_KIND_AFTER = re.compile(r"\b(?P<name>(?:[a-z][a-z-]+\s+){1,3})(?P<kind>doctrine|exception)\b")
# "the doctrine of judicial estoppel", "the rule against perpetuities"
_OF = re.compile(r"\bthe\s+(?P<kind>doctrine)\s+of\s+(?P<name>(?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+)\b"
                 r"|\bthe\s+(?P<rule>rule\s+against\s+[a-z][a-z-]+)\b")
# standards and defences named by one qualifying word: "strict scrutiny", "judicial estoppel", "qualified immunity"
_FAMILY = re.compile(
    r"\b(?P<name>(?:strict|exacting|intermediate|heightened|rational[- ]basis)\s+(?:scrutiny|review)"
    r"|(?:judicial|collateral|equitable|promissory)\s+estoppel"
    r"|(?:qualified|sovereign|absolute|prosecutorial|legislative)\s+immunity"
    r"|res\s+judicata|claim\s+preclusion|issue\s+preclusion)\b",
    re.I,
)
# words that make a phrase a description, not a name: "this doctrine", "the broad doctrine"
_NOT_NAME = frozenset(
    """a an the this that these those such same similar new old broad narrow general common law entire whole its
    his her their our any every no one other first second third well-settled settled established applicable
    relevant appropriate proper governing traditional basic present instant above following narrower broader
    limited important only exact due process our of to in on under apply applying applied with by for from as is
    was be and or not regarding what which whether how when where""".split()
)
# capitalised words that start a sentence or name a court or statute, not a precedent
_NOT_EPONYM = frozenset(
    """The This That These Those Such Our Its Their His Her A An Court Courts Act Amendment Clause Constitution
    Circuit Congress State States United Federal Supreme District Appeals Government Section Rule Rules Under
    In If When Where While Although Because Since Here There We It They Each Every Any No Article Sherman Clayton
    Due Equal First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Fourteenth""".split()
)


@dataclass(frozen=True)
class Named:
    """A doctrine the opinion names: its label, where it is named, and the decision it is named after."""

    label: str  # "Calder effects test", "intra-enterprise conspiracy doctrine"
    spans: tuple[tuple[int, int], ...]  # where the opinion names it
    named_after: int | None = None  # index of the cited authority it is named after or cited for
    key: str = ""  # taxonomy key or KEY_PREFIX + slug


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60]


def find(
    doc: Document,
    lo: int,
    hi: int,
    short_names: list[Iterable[str]],
    cited_at: list[tuple[int, int]],
    taxonomy_key: Callable[[str], str | None] = lambda _: None,
) -> list[Named]:
    """The doctrines named in the opinion's text[lo:hi] (the court's part).

    `short_names[i]` are the names authority i goes by ("Calder", "Will"); `cited_at` lists
    (position, authority index) of each mention; `taxonomy_key` maps a name to the curated key.
    """
    text = doc.text
    found: dict[str, list[tuple[int, int]]] = {}
    eponym_of: dict[str, int] = {}
    variants: dict[str, Counter[str]] = {}
    names = {n.lower(): i for i, ns in enumerate(short_names) for n in ns if len(n) > 2}
    for m in _EPONYM.finditer(text, lo, hi):
        first = re.split(r"[\s-]", m.group("name"))[0]
        if first in _NOT_EPONYM:
            continue
        parts = [p for p in re.split(r"\s*[-–]\s*|\s+v\.\s+|\s+parte\s+", m.group("name")) if p]
        who = next((names[p.lower()] for p in parts if p.lower() in names), None)
        if who is None:
            continue  # named after no decision this opinion cites: not a name we can place
        mod = m.group("mod").split()
        if any(w in _NOT_NAME for w in mod):
            continue  # "Herrera regarding what standard"
        label = _label(m.group("name"), " ".join(mod), m.group("kind"))
        variants.setdefault(re.sub(r"\s*[-–]\s*", "-", m.group("name")), Counter())[label] += 1
        found.setdefault(label, []).append(m.span())
        eponym_of[label] = who
    # "the Anderson-Burdick balancing test", "... framework", "... standard": one doctrine, its usual name
    for variant in variants.values():
        usual = max(variant, key=lambda v: (variant[v], len(v)))
        for other in variant:
            if other != usual:
                found[usual] += found.pop(other)
                eponym_of.pop(other)
    plain: dict[str, list[tuple[int, int]]] = {}
    for rx in (_KIND_AFTER, _OF, _FAMILY):
        for m in rx.finditer(text, lo, hi):
            label = _plain_label(m)
            if label:
                plain.setdefault(label, []).append(m.span())
    for label, spans in plain.items():
        if len(spans) >= 2 and label not in found:
            found[label] = spans
    out = []
    for label, spans in sorted(found.items()):
        who = eponym_of.get(label)
        if who is None:
            who = _most_cited_near(text, spans, cited_at)
        key = taxonomy_key(label) or KEY_PREFIX + slug(label)
        out.append(Named(label, tuple(spans), who, key))
    return _dedupe(out)


def _label(name: str, mod: str, kind: str) -> str:
    name = re.sub(r"\s*[-–]\s*", "-", name)
    return " ".join(x for x in (name, mod.strip(), kind) if x)


def _plain_label(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if groups.get("rule"):
        return re.sub(r"\s+", " ", groups["rule"])
    words = re.sub(r"\s+", " ", groups["name"]).strip().lower().split(" ")
    cut = max((i + 1 for i, w in enumerate(words) if w in _NOT_NAME), default=0)
    words = words[cut:]  # "apply the merger doctrine" names "merger doctrine"
    if not words:
        return None
    kind = groups.get("kind")
    if kind and m.re is _OF:
        return " ".join(words)  # "the doctrine of judicial estoppel" is "judicial estoppel"
    return " ".join(words + ([kind] if kind else []))


def _most_cited_near(text: str, spans: list[tuple[int, int]], cited_at: list[tuple[int, int]]) -> int | None:
    """The decision cited most often within a sentence or so of where the doctrine is named."""
    votes: Counter[int] = Counter()
    for a, b in spans:
        for pos, who in cited_at:
            if a - 300 <= pos <= b + 300:
                votes[who] += 1
    return votes.most_common(1)[0][0] if votes else None


def _dedupe(named: list[Named]) -> list[Named]:
    """One node per key: "the Calder test" and "the Calder effects test" both map to the taxonomy's key."""
    by_key: dict[str, Named] = {}
    for n in named:
        prev = by_key.get(n.key)
        if prev is None:
            by_key[n.key] = n
            continue
        spans = tuple(sorted(set(prev.spans) | set(n.spans)))
        best = max((prev, n), key=lambda x: (len(x.spans), len(x.label)))
        by_key[n.key] = Named(best.label, spans, prev.named_after if prev.named_after is not None else n.named_after,
                              n.key)
    return sorted(by_key.values(), key=lambda n: n.key)


def tags_at(doc: Document, pos: int, named: list[Named]) -> tuple[str, ...]:
    """Keys of the named doctrines a citation at `pos` is about: named in its sentence or the one before."""
    here = doc.sentence_of(pos)
    return tuple(sorted({n.key for n in named for a, _ in n.spans if here - 1 <= doc.sentence_of(a) <= here}))
