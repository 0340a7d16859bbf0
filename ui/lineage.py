"""The Lineage page: chains of reliance through a case, and how one case leads to another."""

from __future__ import annotations

import streamlit as st

from graph import analysis
from graph.analysis import Chain, Step
from ui.data import Ctx, pick_case
from ui.render import COLORS, esc

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
    line = (f"<b>{esc(ctx.name(step.later))}</b> <i>{esc(', '.join(step.treatments))}</i> "
            f"<b>{esc(ctx.name(step.precedent))}</b>")
    if step.source == "reported":
        line += f" <small>(reported by {esc(ctx.name(step.reported_by))})</small>"
    if step.evidence:
        line += f'<blockquote style="margin:4px 0 8px 12px">{esc(step.evidence.text)}</blockquote>'
    return f"<li>{line}</li>"


def chain_html(ctx: Ctx, chain: Chain, focus: str) -> str:
    """A chain as Calder → followed → Will → followed → WebGroup, with its steps folded below."""
    ids = analysis.chain_ids(chain)
    names = [f"<b><u>{esc(ctx.name(i))}</u></b>" if i == focus else esc(ctx.name(i)) for i in ids]
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
    st.caption(f"{len(chains)} chain(s), oldest precedent first; arrows run from a precedent to the "
               "later case relying on it. Branches most relied on come first.")
    for chain in chains[:CHAINS_SHOWN]:
        st.html(chain_html(ctx, chain, case_id))
    if len(chains) > CHAINS_SHOWN:
        st.caption(f"… and {len(chains) - CHAINS_SHOWN} more chains.")


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
    path = " — ".join(esc(ctx.name(n)) for n in route.nodes)
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
    _chains(ctx, case_id)
    _path(ctx, case_id)
