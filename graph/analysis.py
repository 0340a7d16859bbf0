"""Questions about the shape of the citation graph: who is relied on, and how cases lead to each other.

Everything here goes through the `Store` protocol (or a graph built from it), so
it works the same on the embedded store and on Neo4j. Edges in the networkx
graph run from the PRECEDENT to the LATER case (cited -> citing), the way a
lineage is drawn: Calder -> Will -> WebGroup.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import networkx as nx
from wordfreq import zipf_frequency

from graph.model import NEGATIVE, Citation, Doctrine, Evidence, Holding
from graph.store import Store

# How much one citing case's treatment says about reliance on the precedent.
WEIGHTS: dict[str, float] = {
    "followed": 3.0,
    "cited": 1.0,
    "distinguished": 0.5,
    "criticized": -1.0,
    "questioned": -1.0,
    "declined": -1.5,
    "overruled": -4.0,
}


def treatments_of(c: Citation) -> tuple[str, ...]:
    """The treatments of an edge; an empty list means a plain citation."""
    return c.treatments or ("cited",)


def kind(treatments: Iterable[str]) -> str:
    """The one category an edge is drawn in: negative wins, then followed, distinguished, cited."""
    ts = set(treatments)
    if ts & NEGATIVE:
        return "negative"
    if "followed" in ts:
        return "followed"
    if "distinguished" in ts:
        return "distinguished"
    return "cited"


def relies(c: Citation) -> bool:
    """Whether a lineage may run through this edge: followed or plainly cited, and never distinguished or
    treated negatively, not even alongside following (the court departed from the precedent on some point)."""
    return not set(treatments_of(c)) & (NEGATIVE | {"distinguished"})


def edge_weight(c: Citation) -> float:
    """Reliance one edge expresses; repeated mentions add a little to positive reliance."""
    base = sum(WEIGHTS.get(t, 1.0) for t in set(treatments_of(c)))
    return base + 0.5 * math.log2(c.count) if base > 0 and c.count > 1 else base


def best_evidence(c: Citation) -> Evidence | None:
    """The passage that best explains the edge: one that decided a real treatment if any."""
    for ev in c.evidence:
        if ev.treatment != "cited":
            return ev
    return c.evidence[0] if c.evidence else None


def merge(edges: Iterable[Citation]) -> Citation:
    """Fold the direct and reported edges between one pair into one, preferring the direct one."""
    es = sorted(edges, key=lambda e: (e.source != "direct", e.reported_by or ""))
    first = es[0]
    return Citation(
        citing=first.citing,
        cited=first.cited,
        source=first.source,
        reported_by=first.reported_by,
        treatments=tuple(dict.fromkeys(t for e in es for t in e.treatments)),
        count=max(e.count for e in es),
        doctrines=tuple(dict.fromkeys(d for e in es for d in e.doctrines)),
        evidence=tuple(ev for e in es for ev in e.evidence),
    )


def merge_pairs(citations: Iterable[Citation]) -> dict[tuple[str, str], Citation]:
    """One edge per (citing, cited) pair."""
    groups: dict[tuple[str, str], list[Citation]] = {}
    for c in citations:
        groups.setdefault((c.citing, c.cited), []).append(c)
    return {k: merge(v) for k, v in groups.items()}


# -- the graph ----------------------------------------------------------------------------------


def to_digraph(store: Store, citations: list[Citation] | None = None) -> nx.MultiDiGraph:
    """The graph of `citations` (default: all), precedent -> later case, with case metadata on nodes."""
    g = nx.MultiDiGraph()
    if citations is None:
        citations = store.citations()
        for case in store.cases():
            g.add_node(case.id, name=case.name, year=case.year, court=case.court, has_text=case.has_text)
    for c in citations:
        for cid in (c.cited, c.citing):
            if cid not in g:
                case = store.case(cid)
                g.add_node(
                    cid,
                    name=case.name if case else cid,
                    year=case.year if case else None,
                    court=case.court if case else None,
                    has_text=bool(case and case.has_text),
                )
        g.add_edge(
            c.cited, c.citing, key=(c.source, c.reported_by or ""), citation=c,
            treatments=treatments_of(c), kind=kind(treatments_of(c)), weight=edge_weight(c),
        )
    return g


def authority(
    source: Store | nx.MultiDiGraph, damping: float = 0.85, iterations: int = 100
) -> dict[str, float]:
    """Weighted PageRank flowing from citing to cited cases, scaled so the top case is 1.0.

    Positive treatments pass more authority; negative ones pass almost none. Written
    out by hand because networkx's pagerank needs scipy, which the project does not ship.
    """
    g = source if isinstance(source, nx.MultiDiGraph) else to_digraph(source)
    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    links: dict[str, dict[str, float]] = {u: {} for u in nodes}  # citing -> cited -> weight
    for prec, later, d in g.edges(data=True):
        links[later][prec] = links[later].get(prec, 0.0) + max(d.get("weight", 1.0), 0.05)
    out = {u: sum(v.values()) for u, v in links.items()}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(iterations):
        dangling = sum(rank[u] for u in nodes if not out[u])
        new = dict.fromkeys(nodes, (1.0 - damping) / n + damping * dangling / n)
        for u, targets in links.items():
            if out[u]:
                share = damping * rank[u] / out[u]
                for v, w in targets.items():
                    new[v] += share * w
        delta = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if delta < 1e-9 * n:
            break
    top = max(rank.values())
    return {u: r / top for u, r in rank.items()}


class Ranked(NamedTuple):
    case_id: str
    score: float
    counts: dict[str, int]  # treatment -> number of citing cases that gave it


def rank_precedents(citations: Iterable[Citation]) -> list[Ranked]:
    """Cited cases by how much and how positively they are relied on, best first."""
    score: Counter[str] = Counter()
    counts: dict[str, Counter[str]] = {}
    for (_, cited), c in merge_pairs(citations).items():
        score[cited] += edge_weight(c)
        counts.setdefault(cited, Counter()).update(set(treatments_of(c)))
    ranked = [Ranked(cid, round(s, 3), dict(counts[cid])) for cid, s in score.items()]
    return sorted(ranked, key=lambda r: (-r.score, -sum(r.counts.values()), r.case_id))


# -- lineage and paths --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One link of reliance: `later` cites `precedent`, with how and why."""

    precedent: str
    later: str
    treatments: tuple[str, ...]
    evidence: Evidence | None
    source: str = "direct"
    reported_by: str | None = None

    @classmethod
    def of(cls, c: Citation) -> Step:
        return cls(c.cited, c.citing, treatments_of(c), best_evidence(c), c.source, c.reported_by)


Chain = tuple[Step, ...]


def chain_ids(chain: Chain) -> list[str]:
    """The cases along a chain, oldest precedent first."""
    return [chain[0].precedent, *(s.later for s in chain)] if chain else []


# Edges fetched each way for a lineage. On a 100,000-case graph the chains of the most cited
# cases (700+ citing opinions) at depth 3 come out as with no cap at 20,000; at 5,000 they lose
# their third step.
LINEAGE_EDGES = 20_000


def _walk(store: Store, start: str, depth: int, up: bool, fanout: int, limit: int) -> list[Chain]:
    """Maximal paths of reliance from `start` (upstream: what it cites; downstream: what cites it).

    Walks the subgraph the store hands back for the whole walk (`Store.reliance`),
    not one query per case.
    """
    near: dict[str, list[Citation]] = {}
    for c in store.reliance(start, up, depth, LINEAGE_EDGES):
        near.setdefault(c.citing if up else c.cited, []).append(c)
    paths: list[Chain] = []

    def go(node: str, path: Chain, seen: frozenset[str]) -> None:
        if len(paths) >= limit:
            return
        nxt = [c for c in merge_pairs(near.get(node, [])).values()
               if relies(c) and (c.cited if up else c.citing) not in seen]
        nxt.sort(key=lambda c: (-edge_weight(c), c.cited if up else c.citing))
        if len(path) >= depth or not nxt:
            if path:
                paths.append(path)
            return
        for c in nxt[:fanout]:
            other = c.cited if up else c.citing
            step = Step.of(c)
            go(other, (step, *path) if up else (*path, step), seen | {other})

    go(start, (), frozenset({start}))
    return paths


def lineage(store: Store, case_id: str, depth: int = 3, fanout: int = 8, limit: int = 60) -> list[Chain]:
    """Chains of reliance through `case_id`: each runs from an upstream precedent down to a later case.

    Only reliance is walked (`relies`): a court that distinguished or overruled a
    precedent does not carry its line on; `departures` lists those branches.
    Branches are tried most-relied-on first and capped (`fanout` per case, `limit`
    chains) so a heavily cited case in a large store stays quick to show.
    """
    ups = _walk(store, case_id, depth, True, fanout, limit) or [()]
    downs = _walk(store, case_id, depth, False, fanout, limit) or [()]
    chains = [u + d for u in ups for d in downs if u or d]
    return chains[:limit]


DEPARTING = ("distinguished", *sorted(NEGATIVE))


def departures(store: Store, case_ids: Iterable[str], limit: int = 200, cases: int = 100) -> list[Step]:
    """Where courts left the line: edges into or out of these cases that distinguish or treat negatively.

    The branches a lineage does not follow (`relies`), shown beside it so a
    distinction or an overruling is never hidden. One query per case each way,
    for the first `cases` of them (a lineage lists the nearest first).
    """
    seen: dict[tuple[str, str], list[Citation]] = {}
    for cid in list(dict.fromkeys(case_ids))[:cases]:
        for direction in ("cites", "cited_by"):
            for c in store.neighbours(cid, direction, list(DEPARTING)):
                seen.setdefault((c.citing, c.cited), []).append(c)
        if len(seen) >= limit:
            break
    steps = [Step.of(merge(es)) for es in seen.values()]  # the store only returned departing edges
    return sorted(steps, key=lambda s: (s.precedent, s.later))[:limit]


@dataclass(frozen=True)
class Route:
    """How `a` leads to `b`: `direction` is forward (a is a precedent of b), backward, or mixed."""

    nodes: list[str]
    steps: list[Step]
    direction: str


def _link(store: Store, u: str, v: str) -> Step:
    """The step joining two neighbouring cases, whichever of them cites the other."""
    edges = [c for c in store.neighbours(v, "cites") if c.cited == u]
    return Step.of(merge(edges or [c for c in store.neighbours(u, "cites") if c.cited == v]))


def path_between(store: Store, a: str, b: str, max_hops: int = 8) -> Route | None:
    """The shortest chain of citations joining two cases, along reliance if one exists.

    Forward: b relies on a (b cites ... cites a); backward: a relies on b; mixed:
    joined by edges taken either way. The store finds the path (`Store.shortest_path`).
    """
    for direction, found in (
        ("forward", lambda: store.shortest_path(b, a, True, max_hops)),
        ("backward", lambda: store.shortest_path(a, b, True, max_hops)),
        ("mixed", lambda: store.shortest_path(a, b, False, max_hops)),
    ):
        nodes = found()
        if nodes is None:
            continue
        if direction == "forward":
            nodes = nodes[::-1]
        steps = [_link(store, u, v) for u, v in zip(nodes, nodes[1:], strict=False)]
        return Route(nodes, steps, direction)
    return None


# -- doctrines ----------------------------------------------------------------------------------


def _parent(d: Doctrine, keys: set[str]) -> str | None:
    """A doctrine's parent; a root of the taxonomy goes under its area's node ("pj.minimum_contacts" under "pj")."""
    if d.parent in keys:
        return d.parent
    area = d.key.split(".")[0]
    return area if area != d.key and area in keys else None


def descendants(doctrines: Iterable[Doctrine], key: str) -> set[str]:
    """The subtree under `key`, `key` itself included: what a citation for this doctrine may be tagged."""
    ds = list(doctrines)
    keys = {d.key for d in ds}
    children: dict[str | None, list[str]] = {}
    for d in ds:
        children.setdefault(_parent(d, keys), []).append(d.key)
    found = {key}
    todo = [key]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def doctrine_tree(doctrines: Iterable[Doctrine]) -> list[tuple[Doctrine, int]]:
    """Doctrines depth first with their depth, for drawing the taxonomy as an indented tree."""
    ds = sorted(doctrines, key=lambda d: d.key)
    keys = {d.key for d in ds}
    children: dict[str | None, list[Doctrine]] = {}
    for d in ds:
        children.setdefault(_parent(d, keys), []).append(d)
    out: list[tuple[Doctrine, int]] = []
    seen: set[str] = set()

    def go(parent: str | None, depth: int) -> None:
        for d in children.get(parent, []):
            if d.key not in seen:
                seen.add(d.key)
                out.append((d, depth))
                go(d.key, depth + 1)

    go(None, 0)
    out += [(d, 0) for d in ds if d.key not in seen]  # cycles in a bad taxonomy still show
    return out


# ---------------------------------------------------------------- precedents cited together


@dataclass(frozen=True)
class CoCited:
    """Precedents the courts cite together for the same point: they support the same holdings."""

    members: tuple[str, ...]  # case ids, most co-cited first
    label: str  # the words the holdings they support share most
    holdings: int  # holdings at least two of them support together
    opinions: int  # ingested opinions those holdings come from


_COMMON = frozenset(
    """that this with from were have been which their there would could should under when what about into than
    them they then these those also only such other more most some any each both does upon shall must will court
    courts held holding hold conclude concluded finds found plaintiff plaintiffs defendant defendants here case
    cases because whether where while after before being over same even first second third claim claims""".split()
)


def cocited_groups(
    holdings: Iterable[Holding], labels: dict[str, str] | None = None, min_together: int = 2, max_size: int = 12
) -> list[CoCited]:
    """Groups of precedents that support the same holdings again and again, across the corpus.

    Two precedents are linked when at least `min_together` holdings rest on both; a group is a
    connected set of such links (split by modularity when it grows past `max_size`), labelled with
    the doctrine most of those holdings are about (`labels`: key -> label) and the words the passages
    citing its members share most (legal words: neither everyday words nor the parties' names).
    """
    labels = labels or {}
    together: Counter[tuple[str, str]] = Counter()
    texts: dict[tuple[str, str], list[Holding]] = {}
    for h in holdings:
        ids = sorted(set(h.supported_by))
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                together[(a, b)] += 1
                texts.setdefault((a, b), []).append(h)
    g = nx.Graph()
    g.add_weighted_edges_from((a, b, n) for (a, b), n in together.items() if n >= min_together)
    groups: list[set[str]] = []
    for part in nx.connected_components(g):
        if len(part) > max_size:
            groups += [set(c) for c in nx.algorithms.community.greedy_modularity_communities(g.subgraph(part))]
        else:
            groups.append(set(part))
    out = []
    for members in groups:
        if len(members) < 2:
            continue
        backing = {(h.opinion, h.offset): h for (a, b), hs in texts.items()
                   if a in members and b in members for h in hs}
        topics = Counter(k for h in backing.values() for k in h.doctrines[:1])
        words: Counter[str] = Counter()
        for h in backing.values():
            for sup in h.support:
                if sup.cited in members:
                    # lower-case words only: capitalised ones are the parties' and courts' names
                    words.update({w for w in re.findall(r"\b[a-z][a-z-]{3,}\b", sup.text) if _legal_word(w)})
        head = [labels.get(k, k) for k, _ in topics.most_common(1)]
        label = "; ".join(head + [", ".join(w for w, n in words.most_common(4) if n > 1)]).strip("; ")
        degree = g.subgraph(members).degree(weight="weight")
        ranked = tuple(sorted(members, key=lambda m: (-degree[m], m)))
        out.append(CoCited(ranked, label, len(backing), len({h.opinion for h in backing.values()})))
    return sorted(out, key=lambda c: (-c.holdings, c.members))


def _legal_word(w: str) -> bool:
    """A word that says what a passage is about: not an everyday word, not a name (a rare word)."""
    return w not in _COMMON and 2.0 <= zipf_frequency(w, "en") <= 5.2
