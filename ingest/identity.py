"""Which stored decision each cited one is, decided over the whole set of opinions: the writer's half.

The graph must be a function of the set of opinions, not of the order they
arrived in. So ids are never looked up one opinion at a time: every opinion's
findings are kept in the store, and `ingest.settle` applies these rules to all
of them together (deciding again only what a change touches), then writes what
changed. The rules, in strata so that no rule depends on the outcome of a later
one, each a pure function here:

1. An ingested opinion and every cited decision that has a reporter citation
   are one decision when they share a citation (transitively: parallel cites
   chain "93 F.4th 442" to "2024 WL 1" to the ingested WebGroup).
2. An ingested opinion without citations of its own is the decision whose
   caption and year it shares, or the other ingested text with its docket,
   year and a compatible caption (one decision from two sources).
3. A decision cited by name only is the decision of stratum 1-2 with that
   caption (and a compatible year); else all name-only mentions of that caption
   and year are one decision.
4. Citation-stripped opinions are read against the captions of the decisions
   the ordinary opinions standing in the graph cite (by the names ordinary
   opinions give them), then their claims are placed as in stratum 3, one
   caption key at a time.

A decision's id is its ingested text's own id (the best citation the text
gives, else caption and year), else the best citation anyone gives it, else
its caption and year. Its name and metadata come from its text, else from the
citing opinions by a fixed rule (captions over stand-ins, the most frequent,
then the longest), so no arrival order shows through. When one decision was
read from two sources, the richer one (more citations of its own, then more
text) is the opinion whose edges the graph holds.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

from graph.keys import name_key, reporter_rank, tokens
from graph.model import Case, Citation, Depth, Doctrine, Evidence, Holding, OpinionGraph, Passage, Support
from graph.store import norm_cite
from ingest import doctrine, document, treatment
from ingest.analyze import (
    Group,
    OpinionFindings,
    ReportedEdge,
    cite_id,
    evidence_of,
    findings_of,
    name_id,
)
from ingest.models import Mention, Opinion, Part
from ingest.names import tokens_match
from ingest.stripped import find_stripped, run_tokens

PASSAGE_CHARS = 600  # context kept around a mention for search and the case page


# -- findings to and from the store (JSON, never pickle: a store file may come from someone else) ----


def encode(f: OpinionFindings) -> bytes:
    return zlib.compress(json.dumps(asdict(f), ensure_ascii=False, separators=(",", ":")).encode(), 3)


def decode(data: bytes) -> OpinionFindings:
    d = json.loads(zlib.decompress(data))
    tup = lambda xs: tuple(tuple(x) if isinstance(x, list) else x for x in xs)  # noqa: E731
    groups = tuple(
        Group(
            **{
                **g,
                "citations": tuple(g["citations"]),
                "names": tuple(g["names"]),
                "mentions": tuple(Mention(**m) for m in g["mentions"]),
                "order": tuple(g["order"]),
                "tags": tup(g["tags"]),
                "labels": tuple(g["labels"]),
                "evidence": tuple(Evidence(**e) for e in g["evidence"]),
                "in_part": tuple(g["in_part"]),
                "depth": Depth(**g["depth"]) if g["depth"] else None,
            }
        )
        for g in d["groups"]
    )
    op = d["opinion"]
    opinion = Opinion(**{**op, "citations": tuple(op["citations"]), "missing": tuple(op["missing"]),
                         "parts": tuple(Part(**p) for p in op["parts"])})
    case = d["case"]
    return OpinionFindings(
        key=d["key"],
        case=Case(**{**case, "citations": tuple(case["citations"]), "missing": tuple(case["missing"])}),
        opinion=opinion,
        stripped=d["stripped"],
        groups=groups,
        reported=tuple(ReportedEdge(**r) for r in d["reported"]),
        holdings=tuple(Holding(**{**h, "doctrines": tuple(h["doctrines"]),
                                  "support": tuple(Support(**s) for s in h["support"])}) for h in d["holdings"]),
        doctrines=tuple(Doctrine(**x) for x in d["doctrines"]),
    )


def claims_of(f: OpinionFindings) -> str:
    """The little of a findings that identities are decided from (the whole findings are read only to write)."""
    return json.dumps(
        {
            "case": asdict(f.case),
            "caption": name_key(f.opinion.caption) if f.opinion.caption else None,
            "size": len(f.opinion.text),
            "stripped": f.stripped,
            "groups": [_group_claim(g) for g in f.groups],
            **({"runs": run_tokens(f.opinion.text)} if f.stripped else {}),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _group_claim(g: Group) -> dict:
    return {"id": g.local_id, "cites": list(g.citations), "name": g.name, "named": g.named,
            "court": g.court, "year": g.year}


# -- resolving identities ----------------------------------------------------------------------


@dataclass
class _Text:
    key: str
    case: Case
    caption: str | None
    size: int
    stripped: bool
    groups: list[dict] = field(default_factory=list)
    runs: list[list[str]] | None = None  # a stripped text's runs' tokens (None in a store written before them)


class _UF:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        p = self.parent.setdefault(x, x)
        while p != x:
            self.parent[x] = self.parent.setdefault(p, p)
            x, p = p, self.parent[p]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Identities:
    """The outcome of resolving a set of findings: who is who, and what each decision is called."""

    of: dict[tuple[str, str], str]  # (findings key, local id) -> decision id; (key, key) is the opinion itself
    primary: dict[str, str]  # decision id -> key of the findings whose edges the graph holds
    cases: dict[str, Case]  # decision id -> its case (every decision any claim names)
    stand_in: frozenset[str] = frozenset()  # decisions no text or caption names: their name is a stand-in


def _real(cites: Iterable[str]) -> list[str]:
    return [c for c in cites if "___" not in c]


_rank = lru_cache(maxsize=1 << 16)(reporter_rank)  # settling ranks every stored claim's cites, mostly the same


@lru_cache(maxsize=1 << 16)
def _facts(cites: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str | None]:
    """(real cites, their lookup spellings, the best of them: `best_cite`) of one claim's citations; every
    citing opinion gives a popular decision the same few lists."""
    real = tuple(_real(cites))
    best = min(real, key=lambda c: (_rank(c), real.index(c))) if real else None
    return real, tuple(norm_cite(c) for c in real), best


def _sort_cites(cites: Iterable[str]) -> tuple[str, ...]:
    """`sort_cites`, with the ranks remembered."""
    return tuple(sorted(set(cites), key=lambda c: (_rank(c), c)))


_NOISY = re.compile(r"[*\d]|^(?![A-Z])|^(?:In|See|Court|Cf)\b(?! re\b)")  # page stars, pins, prose run in


def _pick_name(count: dict[str, int]) -> str:
    """A name every order agrees on: a full caption over one party, a clean one over one with page stars or
    prose run into it, then the most frequent, then the longest."""
    return min(count, key=lambda n: (" v. " not in n and not n.startswith("In re"), _NOISY.search(n) is not None,
                                     -count[n], -len(n), n))


def _common(values: Iterable[tuple[object, int]]) -> object:
    """The most frequent value (then the first by its text) of (value, how many claims give it) pairs."""
    count: dict[object, int] = {}  # not a Counter: settling asks this of every cited decision, and it shows
    for v, n in values:
        if v is not None:
            count[v] = count.get(v, 0) + n
    return min(count, key=lambda v: (-count[v], str(v))) if count else None


@dataclass
class _Claims:
    """Identical claims about one cited decision (the same cites, name, court and year), as every opinion that
    cites a popular precedent the same way gives them: whatever one of them joins, all of them join, so they
    are resolved as one node that counts as many (`n`: how many claims; `members`: those the caller needs
    the outcome of, by (findings key, local id))."""

    claim: dict  # the claim (its "id" is one member's local id)
    node: str  # a name of its own among the nodes (the first member's "key\x00local id", or the settle's)
    real: tuple[str, ...]
    norms: tuple[str, ...]
    best: str | None
    members: list[tuple[str, str]] = field(default_factory=list)  # (findings key, local id)
    n: int = 0


def claim_facts(claim: dict, node: str, n: int) -> _Claims:
    """A class of `n` identical claims, `claim` (a `claims_of` group), as one node named `node`."""
    return _Claims(claim, node, *_facts(tuple(claim["cites"])), n=n)


def _classes(texts: list[_Text]) -> tuple[list[_Claims], list[_Claims]]:
    """The texts' claims with citations and those by name only, identical ones as one, in order of first member."""
    every: dict[tuple, _Claims] = {}
    for t in texts:
        key = t.key
        for g in t.groups:
            cites, gid = tuple(g["cites"]), g["id"]
            claim = (cites, g["name"], g["named"], g["court"], g["year"])
            node = f"{key}\x00{gid}"
            c = every.get(claim)
            if c is None:
                c = every[claim] = claim_facts(g, node, 0)
            elif node < c.node:
                c.node = node
            c.members.append((key, gid))
            c.n += 1
    return [c for c in every.values() if c.real], [c for c in every.values() if not c.real]


@dataclass
class Components:
    """Strata 1-2 over some texts and cited claims: the decision of each node (a text is "key\x00")."""

    of: dict[str, str]  # node -> decision id
    primary: dict[str, str]  # decision id -> key of the findings whose edges the graph holds
    cases: dict[str, Case]
    stand_in: set[str]  # decisions no text or caption names: their name is a stand-in
    nodes: dict[str, list[str]]  # decision id -> its nodes, sorted


def text_node(key: str) -> str:
    return f"{key}\x00"


def components(texts: list[_Text], cited: list[_Claims]) -> Components:
    """Strata 1-2: texts and claims with citations joined by a shared citation, bare texts by caption and
    docket. Each decision's outcome depends on its own nodes only (and `n` of each claim)."""
    uf = _UF()
    by_cite: dict[str, str] = {}
    text_of: dict[str, _Text] = {}  # text node -> text
    claims_of_node = {c.node: c for c in cited}
    for t in texts:
        n = text_node(t.key)
        text_of[n] = t
        for c in _facts(tuple(t.case.citations))[1]:
            if (o := by_cite.setdefault(c, n)) != n:
                uf.union(n, o)
    for cl in cited:
        for c in cl.norms:
            if (o := by_cite.setdefault(c, cl.node)) != cl.node:
                uf.union(cl.node, o)
    # stratum 2: ingested opinions without citations of their own
    named: dict[str, list[tuple[str, int | None]]] = defaultdict(list)  # caption key -> (node, year)
    for cl in cited:
        if cl.claim["named"]:
            named[name_key(cl.claim["name"])].append((cl.node, cl.claim["year"]))
    for n, t in text_of.items():
        if t.caption:
            named[t.caption].append((n, t.case.year))
    bare = [t for t in texts if not _real(t.case.citations)]
    by_docket: dict[tuple[str, int | None], list[_Text]] = defaultdict(list)
    for t in texts if bare else ():
        if t.case.docket:
            by_docket[(t.case.docket, t.case.year)].append(t)
    for t in bare:
        n = text_node(t.key)
        if t.caption:
            for other, year in named[t.caption]:
                if None in (year, t.case.year) or year == t.case.year:
                    uf.union(n, other)
        if t.case.docket and t.caption:
            mine = tokens(t.case.name)
            for o in by_docket[(t.case.docket, t.case.year)]:
                if o is not t and tokens_match(mine, tokens(o.case.name)):
                    uf.union(n, text_node(o.key))
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted([*text_of, *claims_of_node]):
        members[uf.find(n)].append(n)

    out = Components({}, {}, {}, set(), {})
    for ns in members.values():
        opinions = [text_of[n] for n in ns if n in text_of]
        groups = [claims_of_node[n] for n in ns if n in claims_of_node]
        cites = _sort_cites([c for t in opinions for c in t.case.citations]
                            + [c for g in groups for c in g.claim["cites"]])
        if opinions:
            main = min(opinions, key=lambda t: (-len(_real(t.case.citations)), -t.size, t.key))
            others = sorted((t for t in opinions if t is not main), key=lambda t: t.key)
            cid = main.case.id
            out.primary[cid] = main.key
            case = _text_case(main.case, [t.case for t in others], groups, cites)
        else:
            best = min({g.best for g in groups}, key=lambda c: (_rank(c), c))
            cid = cite_id(best)
            case = _cited_case(cid, groups, cites)
            if not any(g.claim["named"] for g in groups):
                out.stand_in.add(cid)
        out.cases[cid] = case
        out.nodes[cid] = ns
        out.of.update(dict.fromkeys(ns, cid))
    return out


def name_of(claim: dict) -> str:
    """The caption key a claim by name only is placed by ("" for a stand-in name)."""
    return name_key(claim["name"]) if claim["named"] else ""


@dataclass
class Placed:
    """Stratum 3 for one caption key: the decision of each claim by name only, and the decisions minted."""

    of: dict[str, str]  # claim node -> decision id
    cases: dict[str, Case]  # the decisions minted for the key, from all their claims
    before_late: dict[str, Case]  # the same, from the ordinary opinions' claims only


def place_name(key: str, decided: dict[str, int | None], ordinary: list[_Claims], late: list[_Claims]) -> Placed:
    """Stratum 3 for the claims by name only placed by `key`: each is the decision of strata 1-2 with that
    caption (`decided`: id -> year of those that are not stand-ins) and a compatible year, else all claims
    of the key and a year are one decision (a claim with no year joins the key's first). Then the same for the
    stripped opinions' claims (`late`), which also find the decisions minted for the ordinary ones."""
    out = Placed({}, {}, {})
    years = dict(decided)
    minted: list[str] = []
    claims: dict[str, list[_Claims]] = defaultdict(list)

    def place(items: list[_Claims], among: list[str]) -> None:
        found: dict[str, list[_Claims]] = defaultdict(list)
        later: list[_Claims] = []
        for cl in items:
            year = cl.claim["year"]
            same = [c for c in among if key and (year is None or years[c] in (None, year))]
            if same:
                out.of[cl.node] = same[0]
            elif year is None:
                later.append(cl)
            else:
                found[name_id(key, year)].append(cl)
        minted[:] = sorted({*minted, *found})
        for cl in later:
            found[minted[0] if minted else name_id(key, None)].append(cl)
        for cid, gs in found.items():
            out.of.update(dict.fromkeys((cl.node for cl in gs), cid))
            claims[cid] += gs
            cites = _sort_cites([c for g in claims[cid] for c in g.claim["cites"]])
            out.cases[cid] = _cited_case(cid, claims[cid], cites)

    place(ordinary, sorted(decided))
    out.before_late.update(out.cases)
    years.update((cid, case.year) for cid, case in out.cases.items())
    if late:
        place(late, sorted({*decided, *out.cases}))
    return out


def resolve_identities(
    texts: list[_Text], late: list[_Text] | None = None, classes: tuple[list[_Claims], list[_Claims]] | None = None
) -> Identities:
    """Strata 1-3 over `texts`, then stratum 3 again for `late` (stripped opinions' groups), all at once.

    Identical claims are one weighted node (`_Claims`): the outcome is that of one node per claim, in less time.
    `classes` is `_classes(texts)` when the caller has it already.
    """
    cited, name_only = classes or _classes(texts)
    comp = components(texts, cited)
    of: dict[tuple[str, str], str] = {(t.key, t.key): comp.of[text_node(t.key)] for t in texts}
    for cl in cited:
        of.update(dict.fromkeys(cl.members, comp.of[cl.node]))
    cases = dict(comp.cases)
    decided: dict[str, dict[str, int | None]] = defaultdict(dict)
    for cid in sorted(set(cases) - comp.stand_in):  # a later stage shown by its case's caption is not named by it
        decided[name_key(cases[cid].name)][cid] = cases[cid].year
    by_key: dict[str, tuple[list[_Claims], list[_Claims]]] = defaultdict(lambda: ([], []))
    for cl in name_only:
        by_key[name_of(cl.claim)][0].append(cl)
    for cl in _classes(late)[1] if late else ():
        by_key[name_of(cl.claim)][1].append(cl)
    for k, (ordinary, stripped) in sorted(by_key.items()):
        placed = place_name(k, decided.get(k, {}), ordinary, stripped)
        for cl in ordinary + stripped:
            of.update(dict.fromkeys(cl.members, placed.of[cl.node]))
        cases.update(placed.cases)
    return Identities(of, comp.primary, cases, frozenset(comp.stand_in))


def _text_case(main: Case, others: list[Case], groups: list[_Claims], cites: tuple[str, ...]) -> Case:
    """An ingested decision: its text's metadata, gaps filled from its other sources, then from citing opinions."""

    def fill(f: str) -> object:
        got = getattr(main, f) or next((getattr(o, f) for o in others if getattr(o, f)), None)
        return got if got or f not in ("court", "year") else _common((g.claim[f], g.n) for g in groups)

    return replace(main, citations=cites, court=fill("court"), year=fill("year"), date=fill("date"),
                   docket=fill("docket"))


def _cited_case(cid: str, groups: list[_Claims], cites: tuple[str, ...]) -> Case:
    names: dict[str, int] = {}
    every: dict[str, int] = {}
    for g in groups:
        name = g.claim["name"]
        every[name] = every.get(name, 0) + g.n
        if g.claim["named"]:
            names[name] = names.get(name, 0) + g.n
    return Case(id=cid, name=_pick_name(names or every), citations=cites,
                court=_common((g.claim["court"], g.n) for g in groups),
                year=_common((g.claim["year"], g.n) for g in groups))


# -- one opinion's graph, once ids are known ---------------------------------------------------


def graph_of(f: OpinionFindings, ids: Identities) -> OpinionGraph:
    """Everything one (primary) opinion adds to the graph, under the decided ids."""
    text = f.opinion.text
    me = ids.of[(f.key, f.key)]
    to = {g.local_id: ids.of[(f.key, g.local_id)] for g in f.groups}
    to[f.case.id] = me
    by_case: dict[str, list[Group]] = defaultdict(list)
    for g in f.groups:
        if to[g.local_id] != me and g.mentions:
            by_case[to[g.local_id]].append(g)
    citations: list[Citation] = []
    passages: list[Passage] = []
    doc = None  # read only if two of its decisions turn out to be one
    for cid in sorted(by_case):
        gs = by_case[cid]
        if len(gs) == 1:
            g = gs[0]
            mentions, tags, labels, evidence, in_part, depth = (
                list(g.mentions), list(g.tags), g.labels, g.evidence, g.in_part, g.depth)
        else:  # two decisions of this opinion are one: judge the edge again on all its mentions
            pairs = sorted((o, m, t) for g in gs for o, m, t in zip(g.order, g.mentions, g.tags, strict=True))
            mentions, tags = [m for _, m, _ in pairs], [t for _, _, t in pairs]
            names = tuple(sorted({n for g in gs for n in g.names}))
            doc = doc or document.of_text(text, f.stripped)
            judged = treatment.judge(doc, mentions, names)
            labels, evidence, in_part = judged.labels, evidence_of(judged), judged.in_part
            depth = treatment.depth(doc, mentions)
        citations.append(Citation(citing=me, cited=cid, source="direct", treatments=labels, count=len(mentions),
                                  doctrines=doctrine.fold(tags), evidence=evidence, depth=depth, in_part=in_part))
        passages.extend(_passages(text, me, cid, mentions, tags))
    reported: dict[tuple[str, str], list[ReportedEdge]] = defaultdict(list)
    for r in f.reported:
        a, b = to[r.citing], to[r.cited]
        if a != b:
            reported[(a, b)].append(r)
    for (a, b), rs in sorted(reported.items()):
        labels = tuple(sorted({r.treatment for r in rs if r.treatment != "cited"})) or ("cited",)
        citations.append(Citation(citing=a, cited=b, source="reported", reported_by=me, treatments=labels,
                                  count=len(rs), evidence=tuple(Evidence(_clip(r.text), r.treatment, r.start)
                                                                for r in rs[:2])))
    ends = sorted({e for c in citations for e in (c.citing, c.cited)} - {me})
    held = [replace(h, opinion=me, support=tuple(replace(s, cited=to.get(s.cited, s.cited)) for s in h.support))
            for h in f.holdings]
    named = [replace(d, named_after=to.get(d.named_after, d.named_after) if d.named_after else None)
             for d in f.doctrines]
    return OpinionGraph(opinion=ids.cases[me], text=text, cases=[ids.cases[c] for c in ends],
                        citations=citations, passages=passages, holdings=held, doctrines=named)


def _clip(s: str, limit: int = 300) -> str:
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0] + " …"


def _passages(text: str, case_id: str, cited: str, mentions: list[Mention],
              tags: list[tuple[str, ...]]) -> list[Passage]:
    """Non-overlapping stretches of text around the mentions, for search and context."""
    out: list[Passage] = []
    last_end = -1
    for m, keys in zip(mentions, tags, strict=True):
        if m.start < last_end:
            continue
        start = max(0, m.start - PASSAGE_CHARS // 2)
        end = min(len(text), m.end + PASSAGE_CHARS // 2)
        out.append(Passage(case_id=case_id, cited_id=cited, offset=start, text=text[start:end], doctrines=keys))
        last_end = end
    return out


# -- settling the store ------------------------------------------------------------------------


def _text(key: str, claims: str) -> _Text:
    d = json.loads(claims)
    c = d["case"]
    case = Case(**{**c, "citations": tuple(c["citations"]), "missing": tuple(c["missing"])})
    return _Text(key, case, d["caption"], d["size"], d["stripped"], d["groups"], d.get("runs"))


def stripped_findings(f: OpinionFindings, known: list[tuple[str, str]]) -> OpinionFindings:
    """A citation-stripped opinion read against the captions the ordinary opinions give."""
    return findings_of(find_stripped(f.opinion, known), f.case)
