"""The identity rules as first written, one node per claim: the reference `ingest.identity.resolve_identities`
must agree with exactly (it resolves identical claims as one weighted node, which must change nothing).

Kept verbatim from the version before the weighting (commit cbebecc), for tests only, but for one rule changed
since: a stripped opinion's claim finds a decision minted for ordinary opinions' claims by the caption key those
claims were placed by, not by the key of the name picked for it. The two differ only for claims that name no one
(placed by the key ""), whose decision a named claim should not join; it keeps stratum 3 one key at a time,
which settling a key at a time (`ingest.settle`) needs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from graph.keys import name_key, reporter_rank, tokens
from graph.model import Case
from graph.store import norm_cite, sort_cites
from ingest.analyze import best_cite, cite_id, name_id
from ingest.identity import _UF, Identities, _Text
from ingest.names import tokens_match


def _real(cites: Iterable[str]) -> list[str]:
    return [c for c in cites if "___" not in c]


_NOISY = re.compile(r"[*\d]|^(?![A-Z])|^(?:In|See|Court|Cf)\b(?! re\b)")  # page stars, pins, prose run in


def _pick_name(names: list[str]) -> str:
    """A name every order agrees on: a full caption over one party, a clean one over one with page stars or
    prose run into it, then the most frequent, then the longest."""
    count = Counter(names)
    return min(count, key=lambda n: (" v. " not in n and not n.startswith("In re"), _NOISY.search(n) is not None,
                                     -count[n], -len(n), n))


def _common(values: Iterable[object]) -> object:
    count = Counter(v for v in values if v is not None)
    return min(count, key=lambda v: (-count[v], str(v))) if count else None


def resolve_identities(texts: list[_Text], late: list[_Text] | None = None) -> Identities:
    """Strata 1-3 over `texts`, then stratum 3 again for `late` (stripped opinions' groups)."""
    uf = _UF()
    by_cite: dict[str, str] = {}
    node_claims: dict[str, tuple[str, dict | None]] = {}  # node -> (findings key, group or None for the text)

    def node(key: str, gid: str | None) -> str:
        return f"{key}\x00{gid or ''}"

    for t in texts:
        n = node(t.key, None)
        node_claims[n] = (t.key, None)
        uf.find(n)
        for c in _real(t.case.citations):
            uf.union(n, by_cite.setdefault(norm_cite(c), n))
        for g in t.groups:
            if not _real(g["cites"]):
                continue
            m = node(t.key, g["id"])
            node_claims[m] = (t.key, g)
            uf.find(m)
            for c in _real(g["cites"]):
                uf.union(m, by_cite.setdefault(norm_cite(c), m))
    # stratum 2: ingested opinions without citations of their own
    named: dict[str, list[tuple[str, int | None]]] = defaultdict(list)  # caption key -> (node, year)
    for n, (_, g) in node_claims.items():
        if g is not None and g["named"]:
            named[name_key(g["name"])].append((n, g["year"]))
    for t in texts:
        if t.caption:
            named[t.caption].append((node(t.key, None), t.case.year))
    bare = [t for t in texts if not _real(t.case.citations)]
    by_docket: dict[tuple[str, int | None], list[_Text]] = defaultdict(list)
    for t in texts if bare else ():
        if t.case.docket:
            by_docket[(t.case.docket, t.case.year)].append(t)
    for t in bare:
        n = node(t.key, None)
        if t.caption:
            for other, year in named[t.caption]:
                if None in (year, t.case.year) or year == t.case.year:
                    uf.union(n, other)
        if t.case.docket and t.caption:
            mine = tokens(t.case.name)
            for o in by_docket[(t.case.docket, t.case.year)]:
                if o is not t and tokens_match(mine, tokens(o.case.name)):
                    uf.union(n, node(o.key, None))
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted(node_claims):
        members[uf.find(n)].append(n)

    of: dict[tuple[str, str], str] = {}
    primary: dict[str, str] = {}
    cases: dict[str, Case] = {}
    stand_in: set[str] = set()
    text_of = {t.key: t for t in texts}
    for ns in members.values():
        opinions = [text_of[node_claims[n][0]] for n in ns if node_claims[n][1] is None]
        groups = [node_claims[n][1] for n in ns if node_claims[n][1] is not None]
        cites = sort_cites([c for t in opinions for c in t.case.citations] + [c for g in groups for c in g["cites"]])
        if opinions:
            main = min(opinions, key=lambda t: (-len(_real(t.case.citations)), -t.size, t.key))
            others = sorted((t for t in opinions if t is not main), key=lambda t: t.key)
            cid = main.case.id
            primary[cid] = main.key
            case = _text_case(main.case, [t.case for t in others], groups, cites)
        else:
            best = min((best_cite(_real(g["cites"])) for g in groups), key=lambda c: (reporter_rank(c), c))
            cid = cite_id(best)
            case = _cited_case(cid, groups, cites)
            if not any(g["named"] for g in groups):
                stand_in.add(cid)
        cases[cid] = case
        for n in ns:
            key, g = node_claims[n]
            of[(key, g["id"] if g else key)] = cid

    # stratum 3: decisions cited by name only
    by_name: dict[str, list[str]] = defaultdict(list)
    for cid in sorted(set(cases) - stand_in):  # a later stage shown by its case's caption is not named by it
        by_name[name_key(cases[cid].name)].append(cid)
    claims: dict[str, list[dict]] = defaultdict(list)  # name-only id -> its claims
    minted: dict[str, list[str]] = defaultdict(list)  # caption key -> name-only ids, sorted

    def key_of(g: dict) -> str:
        return name_key(g["name"]) if g["named"] else ""

    def place(items: list[tuple[str, dict]]) -> None:
        found: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        later: list[tuple[str, dict]] = []
        for key, g in items:
            k, year = key_of(g), g["year"]
            same = [c for c in by_name.get(k, []) if k and (year is None or cases[c].year in (None, year))]
            if same:
                of[(key, g["id"])] = same[0]
            elif year is None:
                later.append((key, g))
            else:
                found[name_id(k, year)].append((key, g))
        for cid, gs in sorted(found.items()):
            k = key_of(gs[0][1])
            if cid not in minted[k]:
                minted[k] = sorted([*minted[k], cid])
        for key, g in later:
            k = key_of(g)
            found[minted[k][0] if minted[k] else name_id(k, None)].append((key, g))
        for cid, gs in found.items():
            for key, g in gs:
                of[(key, g["id"])] = cid
            claims[cid] += [g for _, g in gs]
            cases[cid] = _cited_case(cid, claims[cid], sort_cites([c for g in claims[cid] for c in g["cites"]]))

    place([(t.key, g) for t in texts for g in t.groups if not _real(g["cites"])])
    if late:  # stripped opinions' decisions also find the name-only ones of ordinary opinions
        for cid in sorted(claims):  # under the key its claims were placed by (changed since cbebecc: see below)
            k = key_of(claims[cid][0])
            by_name[k] = sorted({*by_name[k], cid})
        place([(t.key, g) for t in late for g in t.groups if not _real(g["cites"])])
    return Identities(of, primary, cases, frozenset(stand_in))


def _text_case(main: Case, others: list[Case], groups: list[dict], cites: tuple[str, ...]) -> Case:
    """An ingested decision: its text's metadata, gaps filled from its other sources, then from citing opinions."""

    def fill(f: str) -> object:
        got = getattr(main, f) or next((getattr(o, f) for o in others if getattr(o, f)), None)
        return got if got or f not in ("court", "year") else _common(g[f] for g in groups)

    return replace(main, citations=cites, court=fill("court"), year=fill("year"), date=fill("date"),
                   docket=fill("docket"))


def _cited_case(cid: str, groups: list[dict], cites: tuple[str, ...]) -> Case:
    names = [g["name"] for g in groups if g["named"]] or [g["name"] for g in groups]
    return Case(id=cid, name=_pick_name(names), citations=cites,
                court=_common(g["court"] for g in groups), year=_common(g["year"] for g in groups))
