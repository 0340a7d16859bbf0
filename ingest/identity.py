"""Which stored decision each cited one is, decided over the whole set of opinions: the writer's half.

The graph must be a function of the set of opinions, not of the order they
arrived in. So ids are never looked up one opinion at a time: every opinion's
findings are kept in the store, and `settle` resolves the identities of all
of them together, then writes what changed. The rules, in strata so that no
rule depends on the outcome of a later one:

1. An ingested opinion and every cited decision that has a reporter citation
   are one decision when they share a citation (transitively: parallel cites
   chain "93 F.4th 442" to "2024 WL 1" to the ingested WebGroup).
2. An ingested opinion without citations of its own is the decision whose
   caption and year it shares, or the other ingested text with its docket,
   year and a compatible caption (one decision from two sources).
3. A decision cited by name only is the decision of stratum 1-2 with that
   caption (and a compatible year); else all name-only mentions of that caption
   and year are one decision.
4. Citation-stripped opinions are read against the captions of strata 1-3
   (the ordinary opinions), then placed as in stratum 3.

A decision's id is its ingested text's own id (the best citation the text
gives, else caption and year), else the best citation anyone gives it, else
its caption and year. Its name and metadata come from its text, else from the
citing opinions by a fixed rule (captions over stand-ins, the most frequent,
then the longest), so no arrival order shows through. When one decision was
read from two sources, the richer one (more citations of its own, then more
text) is the opinion whose edges the graph holds.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from operator import itemgetter

from graph.model import Case, Citation, Depth, Doctrine, Evidence, Holding, OpinionGraph, Passage, Support
from graph.store import Store, norm_cite
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
from ingest.extract import reporter_rank
from ingest.models import Mention, Opinion, Part
from ingest.names import name_key, tokens, tokens_match
from ingest.stripped import KnownIndex, find_stripped, run_tokens

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


def _pick_name(count: Counter) -> str:
    """A name every order agrees on: a full caption over one party, a clean one over one with page stars or
    prose run into it, then the most frequent, then the longest."""
    return min(count, key=lambda n: (" v. " not in n and not n.startswith("In re"), _NOISY.search(n) is not None,
                                     -count[n], -len(n), n))


def _common(values: Iterable[tuple[object, int]]) -> object:
    """The most frequent value (then the first by its text) of (value, how many claims give it) pairs."""
    count: Counter = Counter()
    for v, n in values:
        if v is not None:
            count[v] += n
    return min(count, key=lambda v: (-count[v], str(v))) if count else None


@dataclass
class _Claims:
    """Identical claims about one cited decision (the same cites, name, court and year), as every opinion that
    cites a popular precedent the same way gives them: whatever one of them joins, all of them join, so they
    are resolved as one node that counts as many."""

    claim: dict  # the claim (its "id" is one member's local id)
    node: str  # the node name of its first member, "key\x00local id": nodes are ordered by it
    real: tuple[str, ...]
    norms: tuple[str, ...]
    best: str | None
    members: list[tuple[str, str]] = field(default_factory=list)  # (findings key, local id)

    @property
    def n(self) -> int:
        return len(self.members)


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
                c = every[claim] = _Claims(g, node, *_facts(cites))
            elif node < c.node:
                c.node = node
            c.members.append((key, gid))
    return [c for c in every.values() if c.real], [c for c in every.values() if not c.real]


def resolve_identities(
    texts: list[_Text], late: list[_Text] | None = None, classes: tuple[list[_Claims], list[_Claims]] | None = None
) -> Identities:
    """Strata 1-3 over `texts`, then stratum 3 again for `late` (stripped opinions' groups).

    Identical claims are one weighted node (`_Claims`): the outcome is that of one node per claim, in less time.
    `classes` is `_classes(texts)` when the caller has it already.
    """
    uf = _UF()
    by_cite: dict[str, str] = {}
    text_of: dict[str, _Text] = {}  # text node -> text
    cited, name_only = classes or _classes(texts)
    claims_of_node = {c.node: c for c in cited}
    for t in texts:
        n = f"{t.key}\x00"
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
        n = f"{t.key}\x00"
        if t.caption:
            for other, year in named[t.caption]:
                if None in (year, t.case.year) or year == t.case.year:
                    uf.union(n, other)
        if t.case.docket and t.caption:
            mine = tokens(t.case.name)
            for o in by_docket[(t.case.docket, t.case.year)]:
                if o is not t and tokens_match(mine, tokens(o.case.name)):
                    uf.union(n, f"{o.key}\x00")
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted([*text_of, *claims_of_node]):
        members[uf.find(n)].append(n)

    of: dict[tuple[str, str], str] = {}
    primary: dict[str, str] = {}
    cases: dict[str, Case] = {}
    stand_in: set[str] = set()
    for ns in members.values():
        opinions = [text_of[n] for n in ns if n in text_of]
        groups = [claims_of_node[n] for n in ns if n in claims_of_node]
        cites = _sort_cites([c for t in opinions for c in t.case.citations]
                            + [c for g in groups for c in g.claim["cites"]])
        if opinions:
            main = min(opinions, key=lambda t: (-len(_real(t.case.citations)), -t.size, t.key))
            others = sorted((t for t in opinions if t is not main), key=lambda t: t.key)
            cid = main.case.id
            primary[cid] = main.key
            case = _text_case(main.case, [t.case for t in others], groups, cites)
        else:
            best = min({g.best for g in groups}, key=lambda c: (_rank(c), c))
            cid = cite_id(best)
            case = _cited_case(cid, groups, cites)
            if not any(g.claim["named"] for g in groups):
                stand_in.add(cid)
        cases[cid] = case
        for t in opinions:
            of[(t.key, t.key)] = cid
        for g in groups:
            of.update(dict.fromkeys(g.members, cid))

    # stratum 3: decisions cited by name only
    by_name: dict[str, list[str]] = defaultdict(list)
    for cid in sorted(set(cases) - stand_in):  # a later stage shown by its case's caption is not named by it
        by_name[name_key(cases[cid].name)].append(cid)
    claims: dict[str, list[_Claims]] = defaultdict(list)  # name-only id -> its claims
    minted: dict[str, list[str]] = defaultdict(list)  # caption key -> name-only ids, sorted

    def key_of(g: dict) -> str:
        return name_key(g["name"]) if g["named"] else ""

    def place(items: list[_Claims]) -> None:
        found: dict[str, list[_Claims]] = defaultdict(list)
        later: list[_Claims] = []
        for cl in items:
            k, year = key_of(cl.claim), cl.claim["year"]
            same = [c for c in by_name.get(k, []) if k and (year is None or cases[c].year in (None, year))]
            if same:
                of.update(dict.fromkeys(cl.members, same[0]))
            elif year is None:
                later.append(cl)
            else:
                found[name_id(k, year)].append(cl)
        for cid, gs in sorted(found.items(), key=lambda x: x[0]):
            k = key_of(gs[0].claim)
            if cid not in minted[k]:
                minted[k] = sorted([*minted[k], cid])
        for cl in later:
            k = key_of(cl.claim)
            found[minted[k][0] if minted[k] else name_id(k, None)].append(cl)
        for cid, gs in found.items():
            for cl in gs:
                of.update(dict.fromkeys(cl.members, cid))
            claims[cid] += gs
            cases[cid] = _cited_case(cid, claims[cid], _sort_cites([c for g in claims[cid] for c in g.claim["cites"]]))

    place(name_only)
    if late:  # stripped opinions' decisions also find the name-only ones of ordinary opinions
        for cid in sorted(claims):
            by_name[name_key(cases[cid].name)] = sorted({*by_name[name_key(cases[cid].name)], cid})
        place(_classes(late)[1])
    return Identities(of, primary, cases, frozenset(stand_in))


def _text_case(main: Case, others: list[Case], groups: list[_Claims], cites: tuple[str, ...]) -> Case:
    """An ingested decision: its text's metadata, gaps filled from its other sources, then from citing opinions."""

    def fill(f: str) -> object:
        got = getattr(main, f) or next((getattr(o, f) for o in others if getattr(o, f)), None)
        return got if got or f not in ("court", "year") else _common((g.claim[f], g.n) for g in groups)

    return replace(main, citations=cites, court=fill("court"), year=fill("year"), date=fill("date"),
                   docket=fill("docket"))


def _cited_case(cid: str, groups: list[_Claims], cites: tuple[str, ...]) -> Case:
    names: Counter = Counter()
    every: Counter = Counter()
    for g in groups:
        every[g.claim["name"]] += g.n
        if g.claim["named"]:
            names[g.claim["name"]] += g.n
    return Case(id=cid, name=_pick_name(names or every), citations=cites,
                court=_common((g.claim["court"], g.n) for g in groups),
                year=_common((g.claim["year"], g.n) for g in groups))


def known_names(ids: Identities, present: set[str]) -> list[tuple[str, str]]:
    """(id, caption) of every decision the graph holds, as the stripped reader matches bare words against."""
    return sorted((cid, ids.cases[cid].name) for cid in present - ids.stand_in)


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


def settle(store: Store, want: Iterable[str] = ()) -> dict[str, OpinionGraph]:
    """Resolve every stored findings' identities together and write what changed, in one transaction.

    Returns the graph now standing for each findings key in `want` (a duplicate source's key gets
    the graph of the source that stands for the decision).
    """
    rows = store.findings_claims()
    texts = [_text(k, c) for k, c, _ in rows]
    written = {k: s for k, _, s in rows}
    ordinary = [t for t in texts if not t.stripped]
    claimed = _classes(ordinary)
    ids = resolve_identities(ordinary, classes=claimed)
    stripped = [t for t in texts if t.stripped]
    loaded: dict[str, OpinionFindings] = {}
    known: dict[str, list[tuple[str, str]]] = {}  # stripped key -> the known captions its reading depends on
    known_hash: dict[str, str] = {}
    state: dict[str, dict[str, str | None]] = {}
    by_key = {t.key: t for t in texts}
    if stripped:
        present = _present(ids, {t.key: t for t in ordinary})
        every = known_names(ids, present)
        moved, state[_KNOWN] = _known_moved(store.settle_state(_KNOWN), dict(every))
        probe = KnownIndex(moved or [])
        index: list[KnownIndex] = []  # built only if a stripped text's captions must be found again

        def relevant(k: str) -> list[tuple[str, str]]:
            if k not in known:
                index[:] = index or [KnownIndex(every)]
                known[k] = every if by_key[k].runs is None else index[0].relevant(by_key[k].runs)
            return known[k]

        # a stripped text is read again only when the captions its runs can match changed (or it did); they
        # cannot have changed when no caption that came, went or was renamed since the last settle matches
        # one of its runs (whether a caption matches a run depends on nothing else)
        last = {t.key: json.loads(written[t.key]) if written[t.key] else {} for t in stripped}
        for t in stripped:
            was = last[t.key]
            if (moved is not None and t.runs is not None and "known" in was and "groups" in was
                    and not probe.relevant(t.runs)):
                known_hash[t.key] = was["known"]
            else:
                names = sorted({name for _, name in relevant(t.key)})
                known_hash[t.key] = hashlib.sha1(json.dumps(names).encode()).hexdigest()[:16]
        again = [t.key for t in stripped
                 if last[t.key].get("known") != known_hash[t.key] or "groups" not in last[t.key]]
        for k, data in store.findings_data(again).items():
            loaded[k] = stripped_findings(decode(data), relevant(k))
        for t in stripped:
            t.groups = ([_group_claim(g) for g in loaded[t.key].groups] if t.key in loaded
                        else last[t.key]["groups"])
        ids = resolve_identities(ordinary + [replace(t, groups=[]) for t in stripped], late=stripped, classes=claimed)
    present = _present(ids, by_key)

    # what each findings was last written as: rewrite only those whose ids (or stripped reading) changed
    signatures: dict[str, dict] = {}
    of, by_gid = ids.of, itemgetter(0)  # a findings' local ids differ: sorting its pairs by id sorts them
    for t in texts:
        k = t.key
        me = of[(k, k)]
        sig = {"id": me, "primary": ids.primary.get(me) == k,
               "to": sorted([[g["id"], of[(k, g["id"])]] for g in t.groups], key=by_gid)}
        if t.stripped:
            sig["known"] = known_hash[t.key]
            sig["groups"] = t.groups
        signatures[t.key] = sig
    sig_text = {k: json.dumps(v, sort_keys=True) for k, v in signatures.items()}
    changed = sorted(k for k in signatures if sig_text[k] != written[k])
    need = sorted({k for k in changed if signatures[k]["primary"]}
                  | {ids.primary[ids.of[(k, k)]] for k in want if (k, k) in ids.of})
    need = [k for k in need if k not in loaded]
    for k, data in store.findings_data(need).items():
        loaded[k] = stripped_findings(decode(data), relevant(k)) if by_key[k].stripped else decode(data)
    graphs = {k: graph_of(loaded[k], ids) for k in loaded if signatures[k]["primary"]}
    before = {k: json.loads(written[k]) for k in changed if written[k]}
    drop = sorted({before[k]["id"] for k in before if before[k]["primary"]})
    store.apply_settlement(
        cases=[ids.cases[c] for c in sorted(present)],
        graphs=[graphs[k] for k in changed if signatures[k]["primary"]],
        drop_opinions=drop,
        signatures={k: sig_text[k] for k in changed},
        state=state,
    )
    return {k: graphs[ids.primary[ids.of[(k, k)]]] for k in want if (k, k) in ids.of}


_KNOWN = "known"  # settle_state kind: the captions stripped opinions were last read against, case id -> caption


def _known_moved(
    was: dict[str, str], now: dict[str, str]
) -> tuple[list[tuple[str, str]] | None, dict[str, str | None]]:
    """Every (id, caption) that came, went or was renamed since the last settle, old and new (None when no list
    was kept: a store written before it), and the changes that make the kept list `now`. Key "" marks a kept
    list (no case id is empty)."""
    kept = was.pop("", None) is not None
    changes: dict[str, str | None] = {cid: name for cid, name in now.items() if was.get(cid) != name}
    changes |= {cid: None for cid in was if cid not in now}
    moved = sorted({(cid, name) for cid in changes for name in (was.get(cid), now.get(cid)) if name is not None})
    return (moved if kept else None), changes | ({} if kept else {"": ""})


def _present(ids: Identities, texts: dict[str, _Text]) -> set[str]:
    """The decisions the graph holds: every ingested text that stands for one, and what those cite."""
    out: set[str] = set()
    for cid, key in ids.primary.items():
        out.add(cid)
        t = texts[key]
        for g in t.groups:
            other = ids.of[(key, g["id"])]
            if other != cid:
                out.add(other)
    return out
