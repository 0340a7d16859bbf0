"""Writing the whole graph out: the JSON of EXPORT.md, GraphML for Gephi, CSV for R and pandas.

Output is sorted and carries no timestamps, so two exports of the same graph
are byte-identical whichever store wrote them.
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape

from graph.model import Case, Citation, Depth, Holding
from graph.store import Store


def case_json(c: Case) -> dict:
    return {
        "id": c.id,
        "name": c.name,
        "citations": list(c.citations),
        "court": c.court,
        "year": c.year,
        "has_text": c.has_text,
        "source_file": c.source_file,
        "date": c.date,
        "docket": c.docket,
        "missing": list(c.missing),
    }


def citation_json(e: Citation) -> dict:
    return {
        "citing": e.citing,
        "cited": e.cited,
        "source": e.source,
        "reported_by": e.reported_by,
        "treatments": list(e.treatments),
        "count": e.count,
        "doctrines": list(e.doctrines),
        "evidence": [
            {"text": v.text, "treatment": v.treatment, "offset": v.offset, "part": v.part, "in_part": v.in_part}
            for v in e.evidence
        ],
        "depth": depth_json(e.depth),
        "in_part": list(e.in_part),
    }


def holding_json(h: Holding, labels: dict[str, str]) -> dict:
    return {
        "opinion": h.opinion,
        "text": h.text,
        "offset": h.offset,
        "doctrine": labels.get(h.doctrines[0], h.doctrines[0]) if h.doctrines else None,
        "doctrines": list(h.doctrines),
        "supported_by": list(h.supported_by),
        "distinguished": list(h.distinguished),
        "support": [{"cited": s.cited, "role": s.role, "text": s.text, "offset": s.offset} for s in h.support],
    }


def depth_json(d: Depth | None) -> dict | None:
    return None if d is None else {"mentions": d.mentions, "level": d.level, "quoted": d.quoted}


def to_json(store: Store) -> str:
    doc = {
        "cases": [case_json(c) for c in sorted(store.cases(), key=lambda c: c.id)],
        "citations": [
            citation_json(e)
            for e in sorted(store.citations(), key=lambda e: (e.citing, e.cited, e.source, e.reported_by or ""))
        ],
    }
    labels = {d.key: d.label for d in store.doctrines()}
    doc["holdings"] = [holding_json(h, labels) for h in sorted(store.holdings(), key=lambda h: (h.opinion, h.offset))]
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def to_csv(store: Store) -> tuple[str, str]:
    """Two CSV tables, nodes and edges, as Gephi and R read them."""
    nodes, edges = io.StringIO(), io.StringIO()
    w = csv.writer(nodes)
    w.writerow(["id", "name", "citations", "court", "year", "has_text"])
    for c in store.cases():
        w.writerow([c.id, c.name, "; ".join(c.citations), c.court or "", c.year or "", int(c.has_text)])
    w = csv.writer(edges)
    w.writerow(["source", "target", "kind", "reported_by", "treatments", "count", "doctrines"])
    for e in store.citations():
        w.writerow(
            [e.citing, e.cited, e.source, e.reported_by or "", ";".join(e.treatments), e.count, ";".join(e.doctrines)]
        )
    return nodes.getvalue(), edges.getvalue()


def to_graphml(store: Store) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '<key id="name" for="node" attr.name="name" attr.type="string"/>',
        '<key id="year" for="node" attr.name="year" attr.type="int"/>',
        '<key id="court" for="node" attr.name="court" attr.type="string"/>',
        '<key id="treatments" for="edge" attr.name="treatments" attr.type="string"/>',
        '<key id="source" for="edge" attr.name="source" attr.type="string"/>',
        '<key id="count" for="edge" attr.name="count" attr.type="int"/>',
        '<key id="doctrines" for="edge" attr.name="doctrines" attr.type="string"/>',
        '<graph edgedefault="directed">',
    ]
    q = lambda s: escape(str(s), {'"': "&quot;"})  # noqa: E731
    for c in store.cases():
        out.append(
            f'<node id="{q(c.id)}"><data key="name">{q(c.name)}</data>'
            + (f'<data key="year">{c.year}</data>' if c.year else "")
            + (f'<data key="court">{q(c.court)}</data>' if c.court else "")
            + "</node>"
        )
    for i, e in enumerate(store.citations()):
        out.append(
            f'<edge id="e{i}" source="{q(e.citing)}" target="{q(e.cited)}">'
            f'<data key="treatments">{q(";".join(e.treatments))}</data><data key="source">{q(e.source)}</data>'
            f'<data key="count">{e.count}</data><data key="doctrines">{q(";".join(e.doctrines))}</data></edge>'
        )
    out += ["</graph>", "</graphml>"]
    return "\n".join(out) + "\n"
