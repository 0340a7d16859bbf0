"""The Doctrine map: the taxonomy as a tree, and for one doctrine the precedents relied on for it.

The drawn graph is capped to the most authoritative cases so a doctrine with
thousands of citations in a large store still draws in a second or two.
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph import analysis
from graph.model import NEGATIVE
from ui import render as draw
from ui.case import holding_block
from ui.data import Ctx
from ui.render import md

GRAPH_CAP = 150


@st.cache_data(max_entries=16, show_spinner="Drawing the doctrine graph…")
def _doctrine_view(
    _ctx: Ctx, key: str, doctrine: str, cap: int
) -> tuple[list[dict[str, object]], str, int, int]:
    """Ranked table rows, graph HTML, cases drawn and cases left out, for one doctrine subtree."""
    ctx = _ctx
    keys = analysis.descendants(ctx.store.doctrines(), doctrine)
    cits = ctx.store.doctrine_citations(sorted(keys))
    rows = []
    for i, r in enumerate(analysis.rank_precedents(cits), 1):
        neg = sum(n for t, n in r.counts.items() if t in NEGATIVE)
        rows.append({"rank": i, "precedent": ctx.name(r.case_id), "score": r.score,
                     "followed": r.counts.get("followed", 0),
                     "distinguished": r.counts.get("distinguished", 0),
                     "negative": neg, "cited": r.counts.get("cited", 0)})
    if not cits:
        return rows, "", 0, 0
    g = analysis.to_digraph(ctx.store, cits)
    net, left_out = draw.build_network(g, analysis.authority(g), cap=cap)
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
        "&nbsp;" * 6 * depth + f"{'▸' if depth else '■'} **{md(d.label)}** "
        f"<small>{md(d.key)} · {counts[d.key]} citation(s)</small>"
        for d, depth in tree
    ]
    with st.container(height=320):
        st.markdown("  \n".join(lines) or "No doctrine has citations yet.", unsafe_allow_html=True)
    return [(d.key, depth) for d, depth in tree], counts


def _iframe(page: str, height: int) -> None:
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
    _iframe(page, height=680)
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
            st.markdown(f"**{md(g.label or 'Unlabelled')}** · {g.holdings} holding(s) in {g.opinions} "
                        f"opinion(s)  \n" + "; ".join(md(ctx.name(m)) for m in g.members))


def render(ctx: Ctx) -> None:
    st.header("Doctrine map")
    if not ctx.store.doctrines():
        st.info("The store has no doctrine taxonomy yet; ingesting with the taxonomy loads it.")
        return
    tree, counts = _tree(ctx)
    if not tree:
        return
    labels = {d.key: d.label for d in ctx.store.doctrines()}
    depth = dict(tree)
    keys = [k for k, _ in tree]
    busiest = max(range(len(keys)), key=lambda i: (counts[keys[i]], -i))
    doctrine = st.selectbox(
        "Doctrine (with everything under it)", keys, index=busiest, key="doctrine_pick",
        format_func=lambda k: "\u2003" * depth[k] + f"{labels[k]} ({k}) · {counts[k]}",
    )
    chosen = next(d for d in ctx.store.doctrines() if d.key == doctrine)
    about = [md(chosen.about)] if chosen.about else []
    if chosen.named_after:
        about.append(f"Named after, or cited for: **{md(ctx.name(chosen.named_after))}**")
    if about:
        st.caption("  \n".join(about))
    _holdings_over_time(ctx, doctrine, labels)
    rows, page, drawn, left_out = _doctrine_view(ctx, ctx.key, doctrine, GRAPH_CAP)
    if not rows:
        st.info("No citation in the store is tagged with this doctrine or any under it.")
        return
    st.subheader(f"Precedents relied on ({len(rows)})")
    st.caption("Score: followed +3, cited +1, distinguished +0.5, criticized/questioned −1, declined −1.5, "
               "overruled −4 per citing case; repeated mentions add a little.")
    st.dataframe(rows, hide_index=True)
    st.subheader("Citation graph")
    render_graph(page, drawn, left_out)
    _cocited(ctx, labels)
