"""Safe rendering of untrusted text, and the pyvis graph.

Case names, evidence and opinion text come from whatever files users ingest, so
everything that reaches HTML or Markdown goes through `esc` or `md` first. The
graph is drawn in an iframe that can reach the app, which makes escaping its
labels and tooltips just as necessary.
"""

from __future__ import annotations

import bisect
import html
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import networkx as nx
from pyvis.network import Network

from graph.analysis import best_evidence, kind, merge
from graph.model import COURT_PARTS, Case, Citation, Evidence
from ingest.document import sentence_starts
from ui.courts import court_name

COLORS = {"followed": "#2e9d48", "distinguished": "#f08c00", "negative": "#d62828", "cited": "#9a9a9a"}
KIND_LABELS = {"followed": "followed", "distinguished": "distinguished",
               "negative": "negative (criticized, questioned, declined, overruled)", "cited": "cited"}
# Gravest first: a citation that both follows and distinguishes is grouped as distinguished, so no
# distinction hides under "Followed" (its full list of treatments is shown beside it).
TREATMENT_ORDER = ("overruled", "declined", "criticized", "questioned", "distinguished", "followed", "cited")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~$>:])")
# GFM autolinks (www.x, http://x, <http://x>, a@b.c) are found by regexes over the text that is
# left once Markdown is parsed, where backslash escapes are already gone; an invisible word
# joiner after "www", a scheme or "@" breaks them while the text reads the same.
_AUTOLINK = re.compile(r"(www(?=\.)|(?:https?|ftp|mailto|xmpp)(?=\\?:)|@)", re.IGNORECASE)
_WORD_JOINER = "\u2060"
_GENERIC_PARTY = frozenset({"doe", "jane doe", "john doe", "united states", "state", "people", "commonwealth",
                            "in re", "ex parte", "roe"})


def shown_kind(treatments: Iterable[str]) -> str:
    """The colour an edge is drawn in: negative, then distinguished, then followed, so that a citation that
    both follows and distinguishes shows its distinction (graph.analysis.kind ranks it as followed)."""
    ts = set(treatments) or {"cited"}
    if "distinguished" in ts and not ts & {"criticized", "questioned", "declined", "overruled"}:
        return "distinguished"
    return kind(ts)


def esc(s: object) -> str:
    """Text for HTML: every tag, attribute and entity in it shown literally."""
    return html.escape(str(s))


def canvas_label(s: object) -> str:
    """Text for a vis.js node label: angle brackets swapped for look-alikes, so no tag can ever form.

    vis draws labels as plain text on a canvas, where html.escape would show
    "&amp;" in every "Bancroft & Masters"; its "html" label mode is no way out
    (it builds regular expressions from the label and breaks on a stray "(").
    Without "<" a label is inert wherever it ends up, tooltips included.
    """
    return str(s).replace("<", "‹").replace(">", "›")


def md(s: object) -> str:
    """Text for Markdown: HTML escaped and Markdown syntax (links, emphasis, math, autolinks) neutralised."""
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(str(s), quote=False)).replace("\n", " ")
    return _AUTOLINK.sub("\\1" + _WORD_JOINER, text)


def label(case: Case | None, fallback: str = "") -> str:
    """'Name (year)' as plain text, for widgets and tables (which escape on their own)."""
    if case is None:
        return fallback
    return f"{case.name} ({case.year})" if case.year else case.name


def short_name(name: str, limit: int = 26) -> str:
    """The name a lawyer would use in a short cite: the first real party ("WebGroup", not "Doe")."""
    parties = [p.strip() for p in re.split(r"\s+v\.?\s+", name, maxsplit=1)]
    first = parties[0]
    if len(parties) > 1 and first.lower().strip(".") in _GENERIC_PARTY:
        first = parties[1]
    first = first.split(",")[0].strip() or name
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def primary_treatment(treatments: Iterable[str]) -> str:
    """The treatment a citation is grouped under: the gravest one it has."""
    ts = set(treatments) or {"cited"}
    return next((t for t in TREATMENT_ORDER if t in ts), "cited")


def part_of(ev: Evidence) -> str | None:
    """Which separate opinion speaks ("dissent", "concurrence"); None when it is the court's own."""
    return None if ev.part in COURT_PARTS else ev.part


def in_part(c: Citation, treatment: str) -> bool:
    """Whether the court gives `treatment` only in part ("overruled in part")."""
    return treatment in c.in_part


def treatment_text(c: Citation) -> str:
    """Treatments as a reader should take them: "overruled in part, cited", with the separate opinion
    that speaks when no passage is the court's own ("followed (in the dissent)")."""
    words = [t + (" in part" if in_part(c, t) else "") for t in (c.treatments or ("cited",))]
    parts = sorted({p for ev in c.evidence if (p := part_of(ev))})
    if parts and all(part_of(ev) for ev in c.evidence):
        words[-1] += f" (in the {', '.join(parts)})"
    return ", ".join(words)


def depth_text(c: Citation) -> str:
    """How deeply the citing court deals with the precedent, next to how it treats it: "discussed,
    6 mentions, quoted" (the ingest's depth); a reported edge has only its count of mentions."""
    mentions = c.depth.mentions if c.depth else c.count
    bits = [f"{mentions} mention{'' if mentions == 1 else 's'}"]
    if c.depth:
        bits.insert(0, c.depth.level)
        if c.depth.quoted:
            bits.append("quoted")
    return ", ".join(bits)


# -- passages ----------------------------------------------------------------------------------


def locate(text: str, ev: Evidence) -> tuple[int, int] | None:
    """Where the evidence sits in the opinion: its offset if it checks out, else a search."""
    core = ev.text.removesuffix(" …").strip()
    if not core:
        return None
    if ev.offset is not None and text[ev.offset : ev.offset + len(core)] == core:
        return ev.offset, ev.offset + len(core)
    at = text.find(core)
    if at < 0:
        at = text.find(core[:80])
        return (at, at + min(len(core), 80)) if at >= 0 else None
    return at, at + len(core)


def context_html(text: str, ev: Evidence, width: int = 600) -> str | None:
    """The evidence inside ~`width` characters of its opinion, highlighted with <mark>, all escaped."""
    span = locate(text, ev)
    if span is None:
        return None
    start, end = span
    lo, hi = max(0, start - width // 2), min(len(text), end + width // 2)
    if lo > 0:
        lo = text.find(" ", lo) + 1 or lo
    if hi < len(text):
        hi = text.rfind(" ", end, hi) if text.rfind(" ", end, hi) > end else hi
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return (f'<div style="white-space:pre-wrap;font-size:0.9em;line-height:1.5">{esc(before)}'
            f"<mark>{esc(text[start:end])}</mark>{esc(after)}</div>")


@lru_cache(maxsize=8)  # a page shows many passages of the same few opinions
def _sentences_of(text: str) -> tuple[int, ...]:
    return sentence_starts(text)


def whole_sentences(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """`text[start:end]` widened to the sentences it touches (at most `reach` characters each way), so a
    passage shown alone never begins or ends mid-clause. Sentences are the ingest's own (citation
    abbreviations such as "v." and "F.3d" do not end one)."""
    starts = _sentences_of(text)
    i = bisect.bisect_right(starts, start) - 1
    lo = starts[i] if i >= 0 and start - starts[i] <= reach else start
    j = bisect.bisect_left(starts, end)
    hi = starts[j] if j < len(starts) and starts[j] - end <= reach else len(text) if len(text) - end <= reach else end
    return lo, hi


def mark_terms(text: str, query: str) -> str:
    """`text` escaped, with the words of `query` highlighted (search results)."""
    words = sorted({w for w in re.findall(r"\w+", query) if len(w) > 1}, key=len, reverse=True)
    if not words:
        return esc(text)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [esc(text[last : m.start()]), f"<mark>{esc(m.group(0))}</mark>"]
        last = m.end()
    out.append(esc(text[last:]))
    return '<div style="white-space:pre-wrap;font-size:0.9em">' + "".join(out) + "</div>"


# -- the graph ---------------------------------------------------------------------------------

# vis-network shows string tooltips as plain text; these turn our escaped strings into
# elements so the little markup we add (bold, line breaks) shows, while the escaped
# opinion text still cannot become markup.
_TITLES_AS_HTML = """
function htmlTitle(s) { var d = document.createElement("div"); d.innerHTML = s;
  d.style.maxWidth = "420px"; d.style.whiteSpace = "normal"; return d; }
[nodes, edges].forEach(function (set) { set.forEach(function (x) {
  if (typeof x.title === "string") set.update({id: x.id, title: htmlTitle(x.title)}); }); });
"""
_NEW_NETWORK = "network = new vis.Network(container, data, options);"

LABELLED = 40  # nodes that carry a label on the canvas (the most authoritative); the rest name themselves on hover
_OPTIONS = {
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    # a fixed seed and a physics run that stops once stable: the same graph lays out the same way every time
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 400, "fit": True},
                "forceAtlas2Based": {"gravitationalConstant": -120, "springLength": 150, "avoidOverlap": 0.8}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "smooth": {"type": "continuous"}},
    "nodes": {"shape": "dot", "font": {"size": 13, "strokeWidth": 4, "strokeColor": "#ffffff"}},
}
# After the layout settles, physics stops (nothing drifts or jumps); a click on a case opens its page in
# the app's own tab (the frame reaches the app's document: it is same-origin srcdoc).
_AFTER_NETWORK = """
network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });
function openCase(href) {
  try { var doc = window.parent.document; var a = doc.createElement("a"); a.href = href; a.target = "_self";
        doc.body.appendChild(a); a.click(); a.remove(); }
  catch (e) { window.open(href, "_blank"); }
}
network.on("click", function (p) {
  if (p.nodes.length === 1) { var n = nodes.get(p.nodes[0]); if (n && n.href) openCase(n.href); } });
network.on("hoverNode", function () { container.style.cursor = "pointer"; });
network.on("blurNode", function () { container.style.cursor = "default"; });
"""


def build_network(
    g: nx.MultiDiGraph, auth: Mapping[str, float], cap: int = 150, height: int = 620,
    href: Callable[[str], str] | None = None,
) -> tuple[Network, int]:
    """A pyvis network of the `cap` most authoritative cases; returns it and how many were left out.

    `href(case_id)` is the address a click on the case's node opens.
    """
    keep = sorted(g.nodes, key=lambda n: (-auth.get(n, 0.0), n))[:cap]
    labelled = set(keep[:LABELLED])
    sub = g.subgraph(keep)
    lo, hi = min((auth.get(n, 0.0) for n in keep), default=0.0), max((auth.get(n, 0.0) for n in keep), default=1.0)

    def size(n: str) -> float:  # authority relative to the cases drawn, so differences show
        return 10 + 30 * ((auth.get(n, 0.0) - lo) / (hi - lo) if hi > lo else 0.5)

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for n in sorted(keep):  # insertion order fixed too, for a stable layout
        a = g.nodes[n]
        name, year = a.get("name") or n, a.get("year")
        lab = short_name(name) + (f" ({year})" if year else "")
        title = (f"<b>{esc(name)}</b><br>{esc(court_name(a.get('court')))} {esc(year or '')}"
                 f"<br>authority {auth.get(n, 0):.2f}" + ("<br><i>click to open</i>" if href else ""))
        color = "#2b5c8a" if a.get("has_text") else "#7fa7cf"
        extra = {"href": href(n)} if href else {}
        net.add_node(n, label=canvas_label(lab) if n in labelled else " ", title=title, size=size(n), color=color,
                     **extra)
    for u, v in sorted({(u, v) for u, v in sub.edges()}):
        c = merge(d["citation"] for d in g.get_edge_data(u, v).values())
        k = shown_kind(c.treatments)
        ev = best_evidence(c)
        later, precedent = g.nodes[v].get("name") or v, g.nodes[u].get("name") or u
        title = (f"<b>{esc(later)}</b> cites <b>{esc(precedent)}</b><br>"
                 f"{esc(treatment_text(c))} · {esc(depth_text(c))}")
        if c.source == "reported":
            title += f"<br>reported by {esc(c.reported_by)}"
        if ev:
            title += f"<br><i>{esc(ev.text)}</i>"
        net.add_edge(u, v, title=title, color=COLORS[k], width=1 + math.log2(max(c.count, 1)) * 0.7,
                     dashes=k == "distinguished")
    net.set_options(json.dumps(_OPTIONS))
    return net, g.number_of_nodes() - len(keep)


def network_html(net: Network) -> str:
    """The network as one self-contained page (vis.js inlined, so it works offline)."""
    page = net.generate_html(notebook=False)
    page = page.replace(_NEW_NETWORK, _TITLES_AS_HTML + _NEW_NETWORK + _AFTER_NETWORK, 1)
    return page


def legend_html() -> str:
    """What the colours and sizes of the graph mean."""
    swatches = "".join(
        f'<span style="margin-right:14px"><span style="display:inline-block;width:26px;height:4px;'
        f'background:{COLORS[k]};vertical-align:middle;margin-right:4px"></span>{esc(KIND_LABELS[k])}</span>'
        for k in ("followed", "distinguished", "negative", "cited")
    )
    return (f'<div style="font-size:0.85em">{swatches}<br>Arrows run from the precedent to the later case '
            "that cites it. Node size: authority among the cases drawn (weighted PageRank: followed counts "
            "more than cited, negative treatment passes almost none; smallest = least, largest = most). "
            "Dark nodes: opinions whose text was ingested; light nodes: cases known only as cited. "
            "Dashed edges: distinguished. Labels name the 40 most authoritative cases; hover any case for its "
            "name and an edge for its evidence passage; click a case to open its page.</div>")


def table_html(headers: list[str], rows: Iterable[list[str]], numeric: Iterable[str] = ()) -> str:
    """A plain HTML table whose cells are already-escaped HTML (links), scrolling sideways on a phone."""
    right = set(numeric)
    head = "".join(f'<th style="text-align:{"right" if h in right else "left"};padding:4px 8px">{esc(h)}</th>'
                   for h in headers)
    body = "".join(
        "<tr>" + "".join(
            f'<td style="padding:3px 8px;vertical-align:top;text-align:{"right" if h in right else "left"}">'
            f"{cell}</td>" for h, cell in zip(headers, row, strict=True)) + "</tr>"
        for row in rows
    )
    return ('<div style="overflow-x:auto;max-height:560px;overflow-y:auto"><table style="border-collapse:collapse;'
            f'font-size:0.9em;width:100%"><thead style="position:sticky;top:0;background:#fff"><tr>{head}</tr>'
            f'</thead><tbody>{body}</tbody></table></div>')
