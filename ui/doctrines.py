"""The Doctrine map: the taxonomy as a tree, and for one doctrine the precedents relied on for it.

The drawn graph is capped to the most authoritative cases so a doctrine with
thousands of citations in a large store still draws in a second or two.
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph import analysis
from graph.model import NEGATIVE, Citation
from ui import nav
from ui import render as draw
from ui.case import holding_block
from ui.data import Ctx
from ui.filters import EVERY_CASE, CaseFilter, case_filter
from ui.render import esc, table_html

GRAPH_CAP = 150
TABLE_ROWS = 100


def doctrine_citations(ctx: Ctx, doctrine: str, keep: CaseFilter = EVERY_CASE) -> list[Citation]:
    """The edges tagged with the doctrine or anything under it, made by citing cases the filter keeps."""
    keys = analysis.descendants(ctx.store.doctrines(), doctrine)
    cits = ctx.store.doctrine_citations(sorted(keys))
    if keep.active:
        cases = ctx.cases()
        cits = [c for c in cits if keep(cases.get(c.citing))]
    return cits


@st.cache_data(max_entries=16, show_spinner="Drawing the doctrine graph…")
def _doctrine_view(
    _ctx: Ctx, key: str, doctrine: str, cap: int, keep: CaseFilter
) -> tuple[list[dict[str, object]], str, int, int]:
    """Ranked table rows, graph HTML, cases drawn and cases left out, for one doctrine subtree."""
    ctx = _ctx
    cits = doctrine_citations(ctx, doctrine, keep)
    rows = []
    for i, r in enumerate(analysis.rank_precedents(cits), 1):
        neg = sum(n for t, n in r.counts.items() if t in NEGATIVE)
        rows.append({"rank": i, "precedent": ctx.name(r.case_id), "id": r.case_id, "score": r.score,
                     "followed": r.counts.get("followed", 0),
                     "distinguished": r.counts.get("distinguished", 0),
                     "negative": neg, "cited": r.counts.get("cited", 0)})
    if not cits:
        return rows, "", 0, 0
    g = analysis.to_digraph(ctx.store, cits)
    net, left_out = draw.build_network(g, analysis.authority(g), cap=cap, href=nav.case_url)
    return rows, draw.network_html(net), g.number_of_nodes() - left_out, left_out


@st.cache_data(max_entries=16, show_spinner=False)
def _area_counts(_ctx: Ctx, key: str) -> dict[str, int]:
    """Citations under each area node, the area's roots in the taxonomy included (the store counts by parent)."""
    doctrines = _ctx.store.doctrines()
    areas = [d.key for d in doctrines if "." not in d.key]
    return {a: len(_ctx.store.doctrine_citations(sorted(analysis.descendants(doctrines, a)))) for a in areas}


def _tree(ctx: Ctx) -> tuple[list[tuple[str, int]], Counter[str]]:
    """Draws the taxonomy as an indented tree; returns the (key, depth) rows shown and subtree counts."""
    doctrines = ctx.store.doctrines()
    counts = Counter(ctx.doctrine_counts())
    counts.update({k: n - counts[k] for k, n in _area_counts(ctx, ctx.key).items()})
    only_used = st.toggle("Only doctrines with citations", value=True, key="doctrine_only_used")
    tree = [(d, depth) for d, depth in analysis.doctrine_tree(doctrines) if counts[d.key] or not only_used]
    lines = [
        f'<div style="padding-left:{1.5 * depth}em">{"▸" if depth else "■"} '
        f'<b>{nav.link(nav.url("doctrines", doctrine=d.key), d.label, title=d.key)}</b> '
        f"<small>{counts[d.key]} citation(s)</small></div>"
        for d, depth in tree
    ]
    with st.container(height=320):
        st.html("".join(lines) or "No doctrine has citations yet.")
    return [(d.key, depth) for d, depth in tree], counts


def frame(page: str, height: int) -> None:
    """st.iframe where this Streamlit has it (components.v1.html is deprecated there)."""
    if hasattr(st, "iframe"):
        st.iframe(page, height=height)
    else:
        import streamlit.components.v1 as components

        components.html(page, height=height)


def render_graph(page: str, drawn: int, left_out: int) -> None:
    if left_out:
        st.caption(f"Graph capped: showing the {drawn} most authoritative cases; "
                   f"{left_out} more are left out.")
    frame(page, height=680)
    st.html(draw.legend_html())


def _holdings_over_time(ctx: Ctx, doctrine: str, labels: dict[str, str]) -> None:
    """The courts' holdings on this doctrine (or anything under it), oldest first, with what they rest on."""
    keys = analysis.descendants(ctx.store.doctrines(), doctrine)
    cases = ctx.cases()
    holdings = sorted(ctx.store.holdings(doctrines=sorted(keys)),
                      key=lambda h: (cases[h.opinion].date or str(cases[h.opinion].year or 9999), h.opinion, h.offset))
    if not holdings:
        return
    st.subheader(f"Holdings over time ({len(holdings)})")
    with st.container(height=420):
        for h in holdings:
            holding_block(ctx, h, labels, with_court=True)


def _cocited(ctx: Ctx, labels: dict[str, str]) -> None:
    """Precedents the courts keep citing together for the same point, across the whole store."""
    groups = analysis.cocited_groups(ctx.store.holdings(), labels)
    if not groups:
        return
    st.subheader(f"Precedents cited together ({len(groups)})")
    st.caption("Precedents that support the same holdings again and again, labelled with what those holdings "
               "are about and the words of the passages citing them.")
    with st.container(height=320):
        for g in groups[:30]:
            st.html(f"<div><b>{esc(g.label or 'Unlabelled')}</b> · {g.holdings} holding(s) in {g.opinions} "
                    "opinion(s)<br>" + "; ".join(ctx.link(m) for m in g.members) + "</div>")


def render(ctx: Ctx) -> None:
    st.header("Doctrine map")
    if not ctx.store.doctrines():
        st.info("The store has no doctrine taxonomy yet; ingesting with the taxonomy loads it.")
        return
    tree, counts = _tree(ctx)
    if not tree:
        return
    doctrine = pick_doctrine(ctx, tree, counts, "doctrine_pick")
    labels = {d.key: d.label for d in ctx.store.doctrines()}
    chosen = next(d for d in ctx.store.doctrines() if d.key == doctrine)
    about = [esc(chosen.about)] if chosen.about else []
    if chosen.named_after:
        about.append(f"Named after, or cited for: {ctx.link(chosen.named_after)}")
    if about:
        st.html("<small>" + "<br>".join(about) + "</small>")
    _holdings_over_time(ctx, doctrine, labels)
    keep = case_filter(ctx.cases().values(), "doctrine", "citing cases")
    rows, page, drawn, left_out = _doctrine_view(ctx, ctx.key, doctrine, GRAPH_CAP, keep)
    st.html(f"<p>{nav.link(nav.url('timeline', doctrine=doctrine), '▸ See this doctrine on a timeline')}</p>")
    if not rows:
        st.info("No citation in the store is tagged with this doctrine or any under it"
                + (" by the cases the filter keeps." if keep.active else "."))
        return
    st.subheader(f"Precedents relied on ({len(rows)})")
    st.caption("Score: followed +3, cited +1, distinguished +0.5, criticized/questioned −1, declined −1.5, "
               "overruled −4 per citing case; repeated mentions add a little.")
    st.html(table_html(
        ["rank", "precedent", "score", "followed", "distinguished", "negative", "cited"],
        ([esc(r["rank"]), ctx.link(str(r["id"])), esc(r["score"]), esc(r["followed"]), esc(r["distinguished"]),
          esc(r["negative"]), esc(r["cited"])] for r in rows[:TABLE_ROWS]),
        numeric=("rank", "score", "followed", "distinguished", "negative", "cited"),
    ))
    if len(rows) > TABLE_ROWS:
        st.caption(f"… and {len(rows) - TABLE_ROWS} more precedents.")
    st.subheader("Citation graph")
    render_graph(page, drawn, left_out)
    _cocited(ctx, labels)


def _doctrine_picked(key: str) -> None:
    nav.set_params(doctrine=st.session_state[key])


def pick_doctrine(ctx: Ctx, tree: list[tuple[str, int]], counts: Counter[str], key: str) -> str:
    """A doctrine chooser by label, starting on the doctrine the address names, else the busiest one."""
    depth = dict(tree)
    keys = [k for k, _ in tree]
    want = nav.param("doctrine")
    if want not in depth:
        held = st.session_state.get(key)
        want = held if held in depth else keys[max(range(len(keys)), key=lambda i: (counts[keys[i]], -i))]
    if st.session_state.get(key) != want:
        st.session_state[key] = want
    chosen = st.selectbox(
        "Doctrine (with everything under it)", keys, key=key, on_change=_doctrine_picked, args=(key,),
        format_func=lambda k: ("› " if depth[k] else "") + f"{ctx.doctrine_label(k)} · {counts[k]}",
    )
    if nav.param("doctrine") != chosen:
        nav.set_params(doctrine=chosen)
    return chosen
