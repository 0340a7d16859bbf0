"""Everything one opinion says, worked out from the opinion alone: the pure half of the ingest.

`analyze(opinion)` reads no store, so opinions can be analysed in any order, in
worker processes or on other machines, and the result is the same. What it
cannot know is which stored decision each cited one is: that is decided by
`ingest.identity` over the whole set of opinions. So a cited decision is kept
here as a `Group` under a local id (derived from its own citations or name, as
a fresh store would name it), with the edge already judged: treatment labels,
evidence, doctrine tags per mention. The writer only maps local ids to stored
ones, and judges again the rare edge where two local decisions turn out to be one.

Citation-stripped opinions are the exception: which decision a run of bare
words names depends on the captions other opinions give, so their reading is
left to the writer (`ingest.identity.stripped_findings`), against the names the
whole set of ordinary opinions knows.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from wordfreq import zipf_frequency

from graph.keys import name_key, reporter_rank
from graph.model import Case, Depth, Doctrine, Evidence, Holding, Support
from graph.store import norm_cite
from ingest import doctrine, document, eyecite_speed, fast_tokenizer, holdings, named, treatment
from ingest.models import Authority, Document, Extraction, Mention, Opinion
from ingest.names import display_name, short_forms
from ingest.reported import (
    find_block_reported,
    find_history,
    find_prose_reported,
    find_reported,
    find_rule_reported,
    same_case_history,
)
from ingest.resolve import resolve
from ingest.stripped import is_stripped

_SLUG = re.compile(r"[^a-z0-9]+")
eyecite_speed.install()


@dataclass(frozen=True)
class Group:
    """One cited decision as this opinion knows it, with its edge already judged."""

    local_id: str  # its id in a store holding this opinion alone
    citations: tuple[str, ...]  # every citation the opinion gives it, in the opinion's order
    name: str  # its caption (or a citation when the opinion gives none)
    named: bool  # `name` is a caption the opinion gives, not a stand-in
    court: str | None
    year: int | None
    names: tuple[str, ...]  # the forms the opinion refers to it by, sorted (for judging treatment)
    mentions: tuple[Mention, ...]  # in the opinion's order
    order: tuple[int, ...]  # each mention's place among all the opinion's mentions
    tags: tuple[tuple[str, ...], ...]  # doctrine keys of each mention
    labels: tuple[str, ...]  # the edge's treatments
    evidence: tuple[Evidence, ...]
    in_part: tuple[str, ...] = ()  # treatments given only in part
    depth: Depth | None = None

    @property
    def real_citations(self) -> tuple[str, ...]:
        return tuple(c for c in self.citations if "___" not in c)


@dataclass(frozen=True)
class ReportedEdge:
    """An edge between two cited decisions that the opinion reports, by their local ids."""

    citing: str
    cited: str
    treatment: str
    start: int
    text: str


@dataclass(frozen=True)
class OpinionFindings:
    """What one opinion adds to the graph before anyone knows the store: picklable, comparable."""

    key: str  # the opinion's local id and its file: re-ingesting a file replaces its findings
    case: Case  # the opinion as a case, under its local id
    opinion: Opinion
    stripped: bool
    groups: tuple[Group, ...] = ()
    reported: tuple[ReportedEdge, ...] = ()
    holdings: tuple[Holding, ...] = ()  # its own holdings; `opinion` and support by local ids
    doctrines: tuple[Doctrine, ...] = ()  # doctrines it names that the taxonomy lacks; `named_after` a local id


def prepare() -> None:
    """Load what every analysis needs once per process (the tokenizer, the doctrine taxonomy, the treatment
    cues, the word frequencies names are judged by) before worker processes fork, so that they inherit it
    instead of each loading it again (the writer needs it too, for the stripped opinions it reads)."""
    fast_tokenizer.prepare()
    doctrine.default_taxonomy()
    treatment.load_cues()
    zipf_frequency("court", "en")


def analyze(opinion: Opinion) -> OpinionFindings:
    """Read, extract, resolve, judge and tag one opinion: no store, no other opinion."""
    op_case = opinion_case(opinion)
    if is_stripped(opinion.text):
        return OpinionFindings(findings_key(op_case), op_case, opinion, True)
    ext = resolve(opinion)
    doc = document.of_extraction(ext)  # the one reading of the opinion every later stage reads
    ext.reported = find_reported(ext) + find_prose_reported(ext) + find_rule_reported(ext) + find_history(ext)
    ext.reported += find_block_reported(ext, doc)
    return findings_of(ext, op_case, same_case_history(ext), doc)


def findings_of(ext: Extraction, op_case: Case, history: dict[int, int] | None = None,
                doc: Document | None = None) -> OpinionFindings:
    """Group an extraction's authorities by local id and judge each edge.

    `history`: mentions that only give a cited decision's later stage, with the earlier stage's authority
    (`reported.same_case_history`): no direct citation, and the later stage takes the earlier's caption.
    `doc`: the extraction's document, when the caller has read it already.
    """
    history = history or {}
    doc = doc or document.of_extraction(ext)
    own = {norm_cite(c) for c in op_case.citations}  # the opinion citing itself (header, "Cite as")
    ids = [op_case.id if own & {norm_cite(c) for c in a.citations} else local_id(a) for a in ext.authorities]
    members: dict[str, list[Authority]] = defaultdict(list)
    for a, cid in zip(ext.authorities, ids, strict=True):
        if cid != op_case.id:
            members[cid].append(a)
    by_case: dict[str, list[tuple[int, Mention]]] = defaultdict(list)
    for i, m in enumerate(ext.mentions):
        if ids[m.ref] != op_case.id and i not in history:
            by_case[ids[m.ref]].append((i, replace(m, part=doc.part_at(m.start).kind)))
    lo, hi = holdings.own_part(doc)
    short = [a.short_names | (short_forms(a.name) if a.name else set()) for a in ext.authorities]
    found = named.find(doc, lo, hi, short, [(m.start, m.ref) for m in ext.mentions], doctrine.key_for)
    groups = []
    uses: list[holdings.Use] = []
    for cid in sorted(by_case):
        auths = members[cid]
        indexed = by_case[cid]
        mentions = [m for _, m in indexed]
        names = tuple(sorted(_names(auths)))
        judged = treatment.judge(doc, mentions, names)
        tags = tuple(tuple(sorted(set(doctrine.tag(doc, m)) | set(named.tags_at(doc, m.start, found))))
                     for m in mentions)
        uses += [holdings.Use(cid, m, treatment.classify(doc, m, names), t)
                 for m, t in zip(mentions, tags, strict=True)]
        cites = tuple(dict.fromkeys(c for a in auths for c in a.citations))
        groups.append(
            Group(
                local_id=cid,
                citations=cites,
                name=_name(auths[0]),
                named=any(a.name for a in auths),
                court=next((a.court for a in auths if a.court), None),
                year=next((a.year for a in auths if a.year), None),
                names=names,
                mentions=tuple(mentions),
                order=tuple(i for i, _ in indexed),
                tags=tags,
                labels=judged.labels,
                evidence=evidence_of(judged),
                in_part=judged.in_part,
                depth=treatment.depth(doc, mentions),
            )
        )
    # a decision only reported on (never cited directly) still needs its description
    cited = {g.local_id for g in groups}
    stage_of = {ext.mentions[i].ref: ref for i, ref in sorted(history.items())}  # later -> earlier authority
    caption = {ids[later]: _first_caption(ext.authorities, stage_of, later) for later in stage_of}
    for cid in sorted(set(members) - cited):
        if any(cid in (ids[r.citing], ids[r.cited]) for r in ext.reported):
            auths = members[cid]
            named_here = any(a.name for a in auths)
            # the same case at a later stage shows its caption, as a stand-in: a mention by that caption
            # alone means the stage cited (`identity` places it there)
            name = _name(auths[0]) if named_here else caption.get(cid) or _name(auths[0])
            groups.append(
                Group(cid, tuple(dict.fromkeys(c for a in auths for c in a.citations)), name,
                      named_here, next((a.court for a in auths if a.court), None),
                      next((a.year for a in auths if a.year), None), (), (), (), (), (), ())
            )
    # "(quoting X, ..., rev'd, Y)": what was quoted is X; Y is X's later stage, which `find_history` reports
    stages = {(ext.mentions[i].ref, ref) for i, ref in history.items()}
    told = {(r.citing, r.cited) for r in ext.reported}
    reported = tuple(
        ReportedEdge(ids[r.citing], ids[r.cited], r.treatment, r.start, r.text)
        for r in ext.reported
        if ids[r.citing] != ids[r.cited]
        and not any(later == r.cited and (r.citing, first) in told for later, first in stages)
    )
    direct = {g.local_id: g.labels for g in groups if g.mentions}
    held = tuple(_holding(op_case.id, f, found) for f in holdings.find(doc, uses, direct))
    doctrines = tuple(
        Doctrine(n.key, n.label, about="Named in the opinions.",
                 named_after=ids[n.named_after] if n.named_after is not None else None)
        for n in found if n.key.startswith(named.KEY_PREFIX)
    )
    return OpinionFindings(findings_key(op_case), op_case, ext.opinion, ext.stripped, tuple(groups), reported,
                           held, doctrines)


def _first_caption(authorities: list[Authority], stage_of: dict[int, int], ref: int) -> str | None:
    """The caption of a case's first stage cited ("X, rev'd, 474 F.2d 395, rev'd, 414 U.S. 632": X's)."""
    seen = set()
    while ref in stage_of and ref not in seen:
        seen.add(ref)
        ref = stage_of[ref]
        if authorities[ref].name:
            return authorities[ref].name
    return None


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


def findings_key(op_case: Case) -> str:
    """One findings per decision and file: two sources of one decision are both kept (and settled)."""
    return f"{op_case.id} {op_case.source_file}"


def evidence_of(judged: treatment.Judged) -> tuple[Evidence, ...]:
    return tuple(Evidence(t.evidence, t.label, t.offset, t.part, t.in_part) for t in judged.evidence if t.evidence)


def opinion_case(opinion: Opinion) -> Case:
    """The ingested opinion as a case, under its own local id: its best citation, else caption and year,
    else a hash of its text."""
    if opinion.citations:
        cid = cite_id(best_cite(list(opinion.citations)))
    elif opinion.caption:
        cid = "o-" + slug(name_key(opinion.caption)) + (f"-{opinion.year}" if opinion.year else "")
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


def local_id(a: Authority) -> str:
    """A cited decision's id from what this opinion says of it: its best citation, else name and year."""
    real = [c for c in a.citations if "___" not in c]
    if real:
        return cite_id(best_cite(real))
    return name_id(name_key(a.name or ""), a.year)


def name_id(key: str, year: int | None) -> str:
    return "n-" + slug(key or "unknown") + (f"-{year}" if year else "")


def cite_id(cite: str) -> str:
    """A readable id from a reporter citation: "465 U.S. 783" → "c-465-u-s-783"."""
    return "c-" + slug(cite)


def best_cite(cites: list[str]) -> str:
    """The citation an id is made from: the best-ranked reporter, the first given among equals."""
    return min(cites, key=lambda c: (reporter_rank(c), cites.index(c)))


def slug(s: str) -> str:
    return _SLUG.sub("-", s.lower()).strip("-")[:60] or "x"


def _name(a: Authority) -> str:
    if a.name:
        return a.name
    return a.citations[0] if a.citations else "Unnamed decision"


def _names(authorities: list[Authority]) -> set[str]:
    names: set[str] = set()
    for a in authorities:
        names |= a.short_names | ({a.name} if a.name else set())
        if a.name:
            names |= short_forms(a.name)
    return names
