"""The Timeline: a doctrine's cases, or a case's lineage, by year, the way a teacher draws a line of cases.

Each case has its own row (ordered by year): its name in a column on the left,
its dot along the year axis to the right, so no two labels overlap however many
cases share a year and no edge crosses a name. Edges run from a precedent
to the later case citing it, coloured by treatment: a green line carries the
doctrine on, an orange dashed one is where a court distinguished, a red one
where it criticized or overruled; an edge whose only evidence is a
concurrence or a dissent is dotted and says so. Capped to the most
authoritative cases so a doctrine of a 10,000-case store still draws at once.
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph import analysis
from graph.analysis import Step
from graph.model import Case
from ui import nav
from ui.data import Ctx, pick_case
from ui.doctrines import doctrine_citations, frame, pick_doctrine
from ui.filters import CaseFilter, case_filter
from ui.render import COLORS, KIND_LABELS, esc, part_of, shown_kind

CAP = 60  # cases drawn
ROW = 26  # pixels per case
WIDTH = 900  # the drawing's width; a phone scrolls it sideways
NAMES = 290  # the column of case names on the left; the years run to its right, so no edge crosses a name
AXIS = 34  # room for the years above the first row
LEFT, RIGHT = NAMES + 14, 16
MODES = {"doctrine": "A doctrine", "case": "A case's lineage"}


def layout(cases: dict[str, Case], ids: list[str]) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Where each case sits: x by year (undated cases at the right end), one row each, oldest first;
    and the years labelled on the axis with their x."""
    years = [cases[i].year for i in ids if i in cases and cases[i].year]
    lo, hi = (min(years), max(years)) if years else (2000, 2000)
    undated = any(not (i in cases and cases[i].year) for i in ids)
    span = max(hi - lo, 1) + (max((hi - lo) // 10, 1) if undated else 0)
    scale = (WIDTH - LEFT - RIGHT) / span

    def year(i: str) -> int | None:
        return cases[i].year if i in cases else None

    order = sorted(ids, key=lambda i: (year(i) is None, year(i) or 0, cases[i].name.lower() if i in cases else i, i))
    pos = {i: (LEFT + ((year(i) or lo + span) - lo) * scale, AXIS + ROW * (r + 0.5)) for r, i in enumerate(order)}
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= 12), 200)
    ticks = list(range(lo - lo % step + (step if lo % step else 0), hi + 1, step)) or [lo]
    marks = {str(y): LEFT + (y - lo) * scale for y in ticks}
    if undated:
        marks["n.d."] = LEFT + span * scale  # where the cases of no known year sit
    return pos, marks


# The drawing is its own page in a frame (the app's sanitizer drops inline SVG); a click on a case opens
# its page in the app's own tab, as the graph's nodes do.
_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; font-family: "Source Sans Pro", "Source Sans 3", sans-serif; color: #31333f; }}
a {{ color: #1c5fa8; text-decoration: none; }} a:hover {{ text-decoration: underline; }}
</style><script>
function openCase(a) {{
  try {{ var doc = window.parent.document; var link = doc.createElement("a"); link.href = a.getAttribute("href");
        link.target = "_self"; doc.body.appendChild(link); link.click(); link.remove(); }}
  catch (e) {{ window.open(a.getAttribute("href"), "_blank"); }}
  return false;
}}
</script></head><body>{body}</body></html>"""


_ONCLICK = '<a onclick="return openCase(this)" '


def timeline_html(ctx: Ctx, ids: list[str], steps: list[Step], focus: set[str] = frozenset()) -> str:
    """The drawing as a page: an SVG of the axis and edges under one absolutely placed link per case."""
    cases = ctx.cases()
    pos, ticks = layout(cases, ids)
    height = AXIS + ROW * len(ids) + 8
    svg = [f'<svg width="{WIDTH}" height="{height}" style="position:absolute;left:0;top:0" '
           'xmlns="http://www.w3.org/2000/svg">',
           '<defs>' + "".join(
               f'<marker id="tl-{k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
               f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
               for k, c in COLORS.items()) + "</defs>"]
    for y, x in ticks.items():
        svg.append(f'<line x1="{x:.1f}" y1="{AXIS - 8}" x2="{x:.1f}" y2="{height}" stroke="#eee"/>'
                   f'<text x="{x:.1f}" y="{AXIS - 14}" font-size="12" text-anchor="middle" fill="#555">{y}</text>')
    for s in steps:
        if s.precedent not in pos or s.later not in pos:
            continue
        (x1, y1), (x2, y2) = pos[s.precedent], pos[s.later]
        k = shown_kind(s.treatments)
        part = part_of(s.evidence) if s.evidence else None
        dash = ' stroke-dasharray="2 3"' if part else ' stroke-dasharray="6 4"' if k == "distinguished" else ""
        width = 2.5 if k in ("negative", "distinguished") else 1.6
        mid = (y1 + y2) / 2
        tip = f"{ctx.name(s.later)} → {', '.join(s.treatments)} → {ctx.name(s.precedent)}"
        if part:
            tip += f" (in the {part})"
        if s.evidence:
            tip += f"\n“{s.evidence.text}”"
        svg.append(f'<path d="M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}" '
                   f'fill="none" stroke="{COLORS[k]}" stroke-width="{width}"{dash} marker-end="url(#tl-{k})" '
                   f'opacity="0.85"><title>{esc(tip)}</title></path>')
        if part:
            svg.append(f'<text x="{(x1 + x2) / 2 + 4:.1f}" y="{mid:.1f}" font-size="10" fill="#444">'
                       f"{esc(part)}</text>")
    for i in ids:  # a faint guide from each name to its dot
        x, y = pos[i]
        svg.append(f'<line x1="{NAMES:.0f}" y1="{y:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e4e4e4" '
                   'stroke-dasharray="1 3"/>')
    for i in ids:
        x, y = pos[i]
        ingested = i in cases and cases[i].has_text
        ring = ' stroke="#111" stroke-width="2"' if i in focus else ""
        svg.append(f'<circle data-case="{esc(i)}" cx="{x:.1f}" cy="{y:.1f}" r="{6 if i in focus else 5}" '
                   f'fill="{"#2b5c8a" if ingested else "#7fa7cf"}"{ring}/>')
    svg.append("</svg>")
    labels = []
    for i in ids:
        x, y = pos[i]
        weight = "font-weight:700;" if i in focus else ""
        labels.append(f'<div style="position:absolute;top:{y - 9:.0f}px;left:0;width:{NAMES}px;{weight}'
                      "font-size:12.5px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;"
                      f'line-height:18px">{ctx.link(i).replace("<a ", _ONCLICK, 1)}</div>')
    body = (f'<div style="overflow-x:auto"><div id="timeline" style="position:relative;width:{WIDTH}px;'
            f'height:{height}px">' + "".join(svg) + "".join(labels) + "</div></div>")
    return _PAGE.format(body=body)


def frame_height(ids: list[str]) -> int:
    return AXIS + ROW * len(ids) + 30  # and a sideways scroll bar below


def legend_html() -> str:
    """What the lines mean, as coloured line characters (outside the drawing, so it wraps on a phone)."""
    rows = [(COLORS["followed"], "━━", KIND_LABELS["followed"] + " (carries the line on)"),
            (COLORS["cited"], "━━", "cited"),
            (COLORS["distinguished"], "╍╍", "distinguished: the branch where a court set the precedent aside"),
            (COLORS["negative"], "━━", KIND_LABELS["negative"]),
            ("#444", "┈┈", "only a concurrence or dissent gives it (labelled)")]
    items = "".join(f'<span style="margin-right:14px"><b style="color:{c};white-space:nowrap">{g}</b> {esc(t)}'
                    "</span> " for c, g, t in rows)
    return (f'<div style="font-size:0.85em;margin-bottom:6px">{items}<br>Each case on its own row, placed by '
            "year; arrows run from the precedent to the later case. Dark dots: opinions whose text was "
            "ingested. Hover an edge for its passage; click a case to open it.</div>")


@st.cache_data(max_entries=16, show_spinner="Laying out the doctrine…")
def doctrine_timeline(_ctx: Ctx, key: str, doctrine: str, keep: CaseFilter, cap: int = CAP
                      ) -> tuple[list[str], list[Step], int]:
    """The `cap` most authoritative cases of a doctrine, the edges among them, and how many were left out."""
    cits = doctrine_citations(_ctx, doctrine, keep)
    if not cits:
        return [], [], 0
    g = analysis.to_digraph(_ctx.store, cits)
    auth = analysis.authority(g)
    ids = sorted(g.nodes, key=lambda n: (-auth.get(n, 0.0), n))[:cap]
    kept = set(ids)
    steps = [Step.of(c) for (citing, cited), c in sorted(analysis.merge_pairs(cits).items())
             if citing in kept and cited in kept]
    return ids, steps, g.number_of_nodes() - len(ids)


def lineage_timeline(ctx: Ctx, case_id: str, depth: int) -> tuple[list[str], list[Step], int]:
    """The cases of a case's chains of reliance and the branches that depart from them."""
    chains = analysis.lineage(ctx.store, case_id, depth=depth)
    steps = {(s.precedent, s.later): s for chain in chains for s in chain}
    ids = [case_id, *(i for chain in chains for i in analysis.chain_ids(chain))]
    for s in analysis.departures(ctx.store, ids):
        steps.setdefault((s.precedent, s.later), s)
    ids = list(dict.fromkeys([*ids, *(x for s in steps.values() for x in (s.precedent, s.later))]))
    return ids[:CAP], list(steps.values()), max(len(ids) - CAP, 0)


def _mode_picked() -> None:
    nav.set_params(of=st.session_state["timeline_of"])


def render(ctx: Ctx) -> None:
    st.header("Timeline")
    want = nav.param("of") or ("case" if nav.param("case") and not nav.param("doctrine") else "doctrine")
    if st.session_state.get("timeline_of") != want and want in MODES:
        st.session_state["timeline_of"] = want
    mode = st.radio("Show", list(MODES), format_func=MODES.get, horizontal=True, key="timeline_of",
                    on_change=_mode_picked)
    if mode == "doctrine":
        counts = Counter(ctx.doctrine_counts())
        tree = [(d.key, depth) for d, depth in analysis.doctrine_tree(ctx.store.doctrines()) if counts[d.key]]
        if not tree:
            st.info("No citation in the store is tagged with a doctrine yet.")
            return
        doctrine = pick_doctrine(ctx, tree, counts, "timeline_doctrine")
        keep = case_filter(ctx.cases().values(), "timeline", "citing cases")
        ids, steps, left_out = doctrine_timeline(ctx, ctx.key, doctrine, keep)
        focus: set[str] = set()
        st.html(f"<p>{nav.link(nav.url('doctrines', doctrine=doctrine), '▸ This doctrine on the map')}</p>")
    else:
        case_id = pick_case(ctx, "Case", key="timeline_case")
        depth = st.slider("Steps each way", 1, 5, 3, key="timeline_depth")
        ids, steps, left_out = lineage_timeline(ctx, case_id, depth)
        focus = {case_id}
        st.html(f"<p>{nav.link(nav.case_url(case_id, 'lineage'), '▸ The chains and their passages')}</p>")
    if len(ids) < 2:
        st.info("Nothing to draw: no citations join these cases in the store.")
        return
    if left_out:
        st.caption(f"Showing the {len(ids)} most authoritative cases; {left_out} more are left out.")
    st.html(legend_html())
    frame(timeline_html(ctx, ids, steps, focus), frame_height(ids))
