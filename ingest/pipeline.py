"""The one function that runs every stage on an opinion: read → extract → resolve → classify.

Ids are derived, never sequential: a decision's from its best reporter citation
(or the stored case that already holds one of its citations), else from its
normalized name; an opinion's from its own citation, caption or content. So
re-ingesting the same input gives the same ids by construction.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from graph.model import Case, Citation, Doctrine, Evidence, Holding, OpinionGraph, Passage, Support
from graph.store import Store, norm_cite
from ingest import doctrine, holdings, named, treatment
from ingest.extract import reporter_rank
from ingest.models import Authority, Extraction, Mention, Opinion, ReadError
from ingest.names import display_name, name_key, short_forms, tokens, tokens_match
from ingest.parts import find_parts, part_at
from ingest.reported import find_block_reported, find_history, find_prose_reported, find_reported, find_rule_reported
from ingest.resolve import resolve
from ingest.stripped import find_stripped, is_stripped

PASSAGE_CHARS = 600  # context kept around a mention for search and the case page


@dataclass(frozen=True)
class Ingested:
    """What became of one opinion, or of one file that could not be read."""

    source: str  # the file it came from (its path for a file that could not be read)
    graph: OpinionGraph | None = None  # what was written
    reason: str | None = None  # why not, in one line


def ingest(items: Iterable[Opinion | ReadError], store: Store) -> Iterator[Ingested]:
    """Write each read opinion to `store` in its own transaction; a bad file or opinion is reported and the
    rest go on. The CLI and the app's upload page both ingest through here."""
    store.set_doctrines(doctrine.load_taxonomy())
    for item in items:
        if isinstance(item, ReadError):
            yield Ingested(item.path, reason=item.reason)
            continue
        try:
            graph = build(item, store)
            store.write_opinion(graph)
        except Exception as exc:  # one bad opinion must not stop the others
            yield Ingested(item.source_file, reason=f"could not be ingested ({type(exc).__name__}: {exc})")
        else:
            yield Ingested(item.source_file, graph)


def extract(opinion: Opinion, store: Store) -> Extraction:
    """Authorities, mentions and reported edges of one opinion."""
    if is_stripped(opinion.text):
        return find_stripped(opinion, store.name_index())
    ext = resolve(opinion)
    ext.reported = find_reported(ext) + find_prose_reported(ext) + find_rule_reported(ext) + find_history(ext)
    ext.reported += find_block_reported(ext)
    return ext


def build(opinion: Opinion, store: Store) -> OpinionGraph:
    """Everything one opinion adds to the store, ids resolved against what the store knows."""
    ext = extract(opinion, store)
    text = opinion.text
    op_case = opinion_case(opinion, store)
    own = {norm_cite(c) for c in op_case.citations}  # the opinion citing itself (header, "Cite as")
    ids = [op_case.id if own & {norm_cite(c) for c in a.citations} else authority_id(a, store) for a in ext.authorities]

    cases: dict[str, Case] = {}
    for a, cid in zip(ext.authorities, ids, strict=True):
        if cid == op_case.id:
            continue
        prev = cases.get(cid)
        cites = tuple(dict.fromkeys((prev.citations if prev else ()) + tuple(a.citations)))
        cases[cid] = Case(
            id=cid,
            name=(prev.name if prev else None) or _name(a),
            citations=cites,
            court=(prev.court if prev else None) or a.court,
            year=(prev.year if prev else None) or a.year,
        )

    parts = opinion.parts or find_parts(text)
    by_case: dict[str, list[Mention]] = defaultdict(list)
    for m in ext.mentions:
        if ids[m.ref] != op_case.id:
            by_case[ids[m.ref]].append(replace(m, part=part_at(parts, m.start).kind))

    lo, hi = holdings.own_part(text, parts)
    short = [a.short_names | (short_forms(a.name) if a.name else set()) for a in ext.authorities]
    found = named.find(text, lo, hi, short, [(m.start, m.ref) for m in ext.mentions], doctrine.key_for)

    citations: list[Citation] = []
    passages: list[Passage] = []
    uses: list[holdings.Use] = []
    for cid, mentions in sorted(by_case.items()):
        names = _names(ext.authorities, ids, cid)
        judged = treatment.judge(text, mentions, names)
        tags = [tuple(sorted(set(doctrine.tag(text, m)) | set(named.tags_at(text, m.start, found)))) for m in mentions]
        uses += [
            holdings.Use(cid, m, treatment.classify(text, m, names), t)
            for m, t in zip(mentions, tags, strict=True)
        ]
        keys = doctrine.fold(tags)
        citations.append(
            Citation(
                citing=op_case.id,
                cited=cid,
                source="direct",
                treatments=judged.labels,
                count=len(mentions),
                doctrines=keys,
                evidence=tuple(
                    Evidence(t.evidence, t.label, t.offset, t.part, t.in_part) for t in judged.evidence if t.evidence
                ),
                depth=treatment.depth(text, mentions),
                in_part=judged.in_part,
            )
        )
        passages.extend(_passages(text, op_case.id, cid, mentions, tags))

    reported: dict[tuple[str, str], list] = defaultdict(list)
    for r in ext.reported:
        a, b = ids[r.citing], ids[r.cited]
        if a != b:
            reported[(a, b)].append(r)
    for (a, b), rs in sorted(reported.items()):
        labels = tuple(sorted({r.treatment for r in rs if r.treatment != "cited"})) or ("cited",)
        citations.append(
            Citation(
                citing=a,
                cited=b,
                source="reported",
                reported_by=op_case.id,
                treatments=labels,
                count=len(rs),
                evidence=tuple(Evidence(_clip(r.text), r.treatment, r.start) for r in rs[:2]),
            )
        )
    direct = {e.cited: e.treatments for e in citations if e.source == "direct"}
    return OpinionGraph(
        opinion=op_case,
        text=text,
        cases=sorted(cases.values(), key=lambda c: c.id),
        citations=citations,
        passages=passages,
        holdings=[_holding(op_case.id, f, found) for f in holdings.find(text, uses, direct, parts)],
        doctrines=[
            Doctrine(n.key, n.label, about="Named in the opinions.",
                     named_after=ids[n.named_after] if n.named_after is not None else None)
            for n in found if n.key.startswith(named.KEY_PREFIX)
        ],
    )


def _holding(opinion: str, found: holdings.Found, names: list[named.Named]) -> Holding:
    end = found.offset + len(found.text)
    own = [n.key for n in names if any(found.offset <= a < end for a, _ in n.spans)]  # the doctrine it names
    return Holding(
        opinion=opinion,
        text=found.text,
        offset=found.offset,
        doctrines=tuple(dict.fromkeys(own + list(found.doctrines)))[:3],
        support=tuple(Support(cid, role, passage, off) for cid, role, passage, off in found.passages),
    )


def opinion_case(opinion: Opinion, store: Store) -> Case:
    """The ingested opinion as a case: the stored node that already stands for it, or a new one."""
    if opinion.citations:
        cid = store.find_by_citation(list(opinion.citations)) or cite_id(_best(list(opinion.citations)))
    elif opinion.caption:
        same = [
            c
            for c in store.find_by_name(name_key(opinion.caption))
            if opinion.year is None or c.year in (None, opinion.year)
        ] or _same_docket(opinion, store)
        cid = (
            same[0].id
            if same
            else "o-" + _slug(name_key(opinion.caption)) + (f"-{opinion.year}" if opinion.year else "")
        )
    else:
        cid = "o-" + hashlib.sha1(opinion.text.encode()).hexdigest()[:12]
    name = display_name(opinion.caption) if opinion.caption else f"Untitled opinion ({opinion.source_file})"
    return Case(
        id=cid,
        name=name,
        citations=tuple(opinion.citations),
        court=opinion.court,
        year=opinion.year,
        has_text=True,
        source_file=opinion.source_file,
        date=opinion.date,
        docket=opinion.docket,
        missing=tuple(opinion.missing),
    )


def _same_docket(opinion: Opinion, store: Store) -> list[Case]:
    """Ingested opinions with this one's docket, year and a compatible caption: the same decision from
    another source ("Noem v. Abrego Garcia" as text, "Kristi Noem v. Kilmar Armando Abrego Garcia" as JSON).
    Docket numbers repeat across courts, so the caption must agree too."""
    if not opinion.docket or not opinion.caption:
        return []
    mine = tokens(opinion.caption)
    return [
        c for c in store.find_by_docket(opinion.docket)
        if c.has_text and c.year == opinion.year and tokens_match(mine, tokens(c.name))
    ]


def authority_id(a: Authority, store: Store) -> str:
    """A cited decision's id: the stored case with one of its citations or its name, else derived."""
    real = [c for c in a.citations if "___" not in c]
    if real:
        return store.find_by_citation(real) or cite_id(_best(real))
    key = name_key(a.name or "")
    same = [c for c in store.find_by_name(key) if a.year is None or c.year in (None, a.year)] if key else []
    if same:
        return same[0].id
    return "n-" + _slug(key or "unknown") + (f"-{a.year}" if a.year else "")


def cite_id(cite: str) -> str:
    """A readable id from a reporter citation: "465 U.S. 783" → "465-us-783"."""
    return "c-" + _slug(cite)


def _best(cites: list[str]) -> str:
    return min(cites, key=lambda c: (reporter_rank(c), cites.index(c)))


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:60] or "x"


def _name(a: Authority) -> str:
    if a.name:
        return a.name
    return a.citations[0] if a.citations else "Unnamed decision"


def _names(authorities: list[Authority], ids: list[str], cid: str) -> set[str]:
    names: set[str] = set()
    for a, i in zip(authorities, ids, strict=True):
        if i == cid:
            names |= a.short_names | ({a.name} if a.name else set())
            if a.name:
                names |= short_forms(a.name)
    return names


def _clip(s: str, limit: int = 300) -> str:
    return s if len(s) <= limit else s[:limit].rsplit(" ", 1)[0] + " …"


def _passages(
    text: str, case_id: str, cited: str, mentions: list[Mention], tags: list[tuple[str, ...]]
) -> list[Passage]:
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
