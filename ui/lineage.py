"""The Lineage page: chains of reliance through a case, and how one case leads to another."""

from __future__ import annotations

import streamlit as st

from graph import analysis
from graph.analysis import Chain, Step
from ui import nav
from ui.data import Ctx, pick_case
from ui.render import COLORS, esc, part_of

CHAINS_SHOWN = 30
_DIRECTION = {
    "forward": "{a} is a precedent that {b} relies on, through the chain below.",
    "backward": "{a} relies, through the chain below, on {b}.",
    "mixed": "Neither relies on the other; they are joined through shared citations:",
}


def _arrow(step: Step) -> str:
    k = analysis.kind(step.treatments)
    return (f' <span style="color:{COLORS[k]};font-weight:600">→ {esc(", ".join(step.treatments))} →</span> ')


def _step_html(ctx: Ctx, step: Step) -> str:
    """One link, read as a sentence: later case, treatment, precedent, then the passage."""
    line = (f"<b>{ctx.link(step.later)}</b> <i>{esc(', '.join(step.treatments))}</i> "
            f"<b>{ctx.link(step.precedent)}</b>")
    if step.source == "reported":
        line += f" <small>(reported by {ctx.link(step.reported_by)})</small>"
    if step.evidence:
        part = part_of(step.evidence)
        line += (f'<blockquote style="margin:4px 0 8px 12px">{esc(step.evidence.text)}'
                 + (f"<br><small>— in the {esc(part)}</small>" if part else "") + "</blockquote>")
    return f"<li>{line}</li>"


def chain_html(ctx: Ctx, chain: Chain, focus: str) -> str:
    """A chain as Calder → followed → Will → followed → WebGroup, with its steps folded below."""
    ids = analysis.chain_ids(chain)
    names = [f"<b><u>{ctx.link(i, 'lineage')}</u></b>" if i == focus else ctx.link(i, "lineage") for i in ids]
    head = names[0] + "".join(_arrow(s) + n for s, n in zip(chain, names[1:], strict=True))
    steps = "".join(_step_html(ctx, s) for s in chain)
    return (f'<div style="margin-bottom:6px">{head}<details><summary style="font-size:0.85em">'
            f"steps and passages</summary><ul>{steps}</ul></details></div>")


def _chains(ctx: Ctx, case_id: str) -> None:
    depth = st.slider("Steps each way", 1, 5, 3, key="lineage_depth")
    chains = analysis.lineage(ctx.store, case_id, depth=depth)
    if not chains:
        st.info("No case in the store cites this one, and it cites nothing in the store.")
        return
    st.caption(f"{len(chains)} chain(s) of reliance, oldest precedent first; arrows run from a precedent to "
               "the later case relying on it (followed or cited, never distinguished or negative). Branches "
               "most relied on come first.")
    for chain in chains[:CHAINS_SHOWN]:
        st.html(chain_html(ctx, chain, case_id))
    if len(chains) > CHAINS_SHOWN:
        st.caption(f"… and {len(chains) - CHAINS_SHOWN} more chains.")
    _departures(ctx, chains[:CHAINS_SHOWN], case_id)


def _departures(ctx: Ctx, chains: list[Chain], case_id: str) -> None:
    """The branches the chains do not walk: where a court distinguished or treated a case negatively."""
    ids = [case_id, *(i for chain in chains for i in analysis.chain_ids(chain))]
    steps = analysis.departures(ctx.store, ids)
    if not steps:
        return
    st.subheader(f"Where courts departed from the line ({len(steps)})")
    st.caption("Distinguished and negative treatments are not reliance: a chain stops there, and they are "
               "listed here instead.")
    st.html("<ul>" + "".join(_step_html(ctx, s) for s in steps) + "</ul>")


def _path(ctx: Ctx, focus: str) -> None:
    st.subheader("How does A lead to B?")
    left, right = st.columns(2)
    with left:
        a = pick_case(ctx, "A", key="path_a", default=focus, remember=False)
    with right:
        b = pick_case(ctx, "B", key="path_b", default=_other(ctx, focus), remember=False)
    if a == b:
        st.caption("Pick two different cases.")
        return
    route = analysis.path_between(ctx.store, a, b)
    if route is None:
        st.info("These two cases are not connected in the store.")
        return
    words = _DIRECTION[route.direction].format(a=esc(ctx.name(a)), b=esc(ctx.name(b)))
    steps = "".join(_step_html(ctx, s) for s in route.steps)
    path = " — ".join(ctx.link(n) for n in route.nodes)
    st.html(f"<p>{words}</p><p>{path}</p><ol>{steps}</ol>")


def _other(ctx: Ctx, focus: str) -> str | None:
    """A sensible B to start with: the newest case that relies on A, else any other case."""
    later = [c.citing for c in ctx.store.neighbours(focus, "cited_by")]
    if later:
        return max(later, key=lambda i: (ctx.cases()[i].year or 0, i) if i in ctx.cases() else (0, i))
    return next((i for i in ctx.cases() if i != focus), None)


def render(ctx: Ctx) -> None:
    st.header("Lineage")
    case_id = pick_case(ctx, "Case", key="lineage_pick")
    st.html(f"<p>{nav.link(nav.case_url(case_id, 'timeline'), '▸ See this lineage on a timeline')} · "
            f"{ctx.link(case_id)}</p>")
    _chains(ctx, case_id)
    _path(ctx, case_id)
