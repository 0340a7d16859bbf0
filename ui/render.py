"""Safe rendering of untrusted text, and the pyvis graph.

Case names, evidence and opinion text come from whatever files users ingest, so
everything that reaches HTML or Markdown goes through `esc` or `md` first. The
graph is drawn in an iframe that can reach the app, which makes escaping its
labels and tooltips just as necessary.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping

import networkx as nx
from pyvis.network import Network

from graph.analysis import best_evidence, kind, merge
from graph.model import Case, Evidence

COLORS = {"followed": "#2e9d48", "distinguished": "#f08c00", "negative": "#d62828", "cited": "#9a9a9a"}
KIND_LABELS = {"followed": "followed", "distinguished": "distinguished",
               "negative": "negative (criticized, questioned, declined, overruled)", "cited": "cited"}
TREATMENT_ORDER = ("overruled", "declined", "criticized", "questioned", "followed", "distinguished", "cited")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~$>:])")
# GFM autolinks (www.x, http://x, <http://x>, a@b.c) are found by regexes over the text that is
# left once Markdown is parsed, where backslash escapes are already gone; an invisible word
# joiner after "www", a scheme or "@" breaks them while the text reads the same.
_AUTOLINK = re.compile(r"(www(?=\.)|(?:https?|ftp|mailto|xmpp)(?=\\?:)|@)", re.IGNORECASE)
_WORD_JOINER = "\u2060"
_GENERIC_PARTY = frozenset({"doe", "jane doe", "john doe", "united states", "state", "people", "commonwealth",
                            "in re", "ex parte", "roe"})


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

_OPTIONS = {
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 150},
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}}, "smooth": {"type": "continuous"}},
    "nodes": {"shape": "dot", "font": {"size": 13}},
}


def build_network(
    g: nx.MultiDiGraph, auth: Mapping[str, float], cap: int = 150, height: int = 620
) -> tuple[Network, int]:
    """A pyvis network of the `cap` most authoritative cases; returns it and how many were left out."""
    keep = sorted(g.nodes, key=lambda n: (-auth.get(n, 0.0), n))[:cap]
    sub = g.subgraph(keep)
    lo, hi = min((auth.get(n, 0.0) for n in keep), default=0.0), max((auth.get(n, 0.0) for n in keep), default=1.0)

    def size(n: str) -> float:  # authority relative to the cases drawn, so differences show
        return 10 + 30 * ((auth.get(n, 0.0) - lo) / (hi - lo) if hi > lo else 0.5)

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for n in keep:
        a = g.nodes[n]
        name, year = a.get("name") or n, a.get("year")
        lab = short_name(name) + (f" ({year})" if year else "")
        title = (f"<b>{esc(name)}</b><br>{esc(a.get('court') or '')} {esc(year or '')}"
                 f"<br>authority {auth.get(n, 0):.2f}")
        color = "#2b5c8a" if a.get("has_text") else "#7fa7cf"
        net.add_node(n, label=canvas_label(lab), title=title, size=size(n), color=color)
    for u, v in sorted({(u, v) for u, v in sub.edges()}):
        c = merge(d["citation"] for d in g.get_edge_data(u, v).values())
        k = kind(c.treatments or ("cited",))
        ev = best_evidence(c)
        later, precedent = g.nodes[v].get("name") or v, g.nodes[u].get("name") or u
        title = (f"<b>{esc(later)}</b> cites <b>{esc(precedent)}</b><br>"
                 f"{esc(', '.join(c.treatments or ('cited',)))} · {c.count} mention(s)")
        if c.source == "reported":
            title += f"<br>reported by {esc(c.reported_by)}"
        if ev:
            title += f"<br><i>{esc(ev.text)}</i>"
        net.add_edge(u, v, title=title, color=COLORS[k], width=1 + math.log2(max(c.count, 1)) * 0.7)
    net.set_options(json.dumps(_OPTIONS))
    return net, g.number_of_nodes() - len(keep)


def network_html(net: Network) -> str:
    """The network as one self-contained page (vis.js inlined, so it works offline)."""
    page = net.generate_html(notebook=False)
    return page.replace(_NEW_NETWORK, _TITLES_AS_HTML + _NEW_NETWORK, 1)


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
            "Hover an edge for its evidence passage.</div>")
