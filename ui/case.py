"""The Case page: one decision, what it cites and what cites it, each with the passage that shows how."""

from __future__ import annotations

import streamlit as st

from graph.model import NEGATIVE, Citation, Holding
from ui.data import Ctx, pick_case
from ui.render import TREATMENT_ORDER, context_html, md, primary_treatment

PER_GROUP = 40  # citations shown per treatment group before "and N more"
EVIDENCE_SHOWN = 3


def _metadata(ctx: Ctx, case_id: str) -> None:
    c = ctx.cases()[case_id]
    st.header(md(c.name))
    facts = [
        ("Citations", "; ".join(c.citations)), ("Court", c.court), ("Year", c.year), ("Date", c.date),
        ("Docket", c.docket), ("Source file", c.source_file),
        ("Text", "ingested" if c.has_text else "known only as cited"),
        ("Missing metadata", ", ".join(c.missing)), ("Id", c.id),
    ]
    st.caption("  \n".join(f"**{k}:** {md(v)}" for k, v in facts if v not in (None, "")))


def holding_block(ctx: Ctx, h: Holding, labels: dict[str, str], with_court: bool = False) -> None:
    """One holding: the court's words, what it is about, and the precedents it rests on and sets aside."""
    head = f"{md(ctx.name(h.opinion))} ({ctx.cases()[h.opinion].year or 'n.d.'}): " if with_court else ""
    about = ", ".join(labels.get(k, k) for k in h.doctrines)
    tail = f"  \n> <small>{md(about)}</small>" if about else ""
    st.markdown(f"> {head}{md(h.text)}{tail}", unsafe_allow_html=True)
    for role, title in (("supported_by", "Supported by"), ("distinguished", "Distinguished")):
        ids = [s.cited for s in h.support if s.role == role]
        if ids:
            st.markdown(f"**{title}:** " + "; ".join(md(ctx.name(c)) for c in ids))
    if h.support:
        with st.expander("How the court uses them"):
            for s in h.support:
                label = "supported by" if s.role == "supported_by" else "distinguished"
                st.markdown(f"**{md(ctx.name(s.cited))}** · {label}  \n> {md(s.text)}")


def _holdings(ctx: Ctx, case_id: str) -> None:
    holdings = ctx.store.holdings(case_id)
    if not holdings:
        return
    labels = {d.key: d.label for d in ctx.store.doctrines()}
    st.subheader(f"Holdings ({len(holdings)})")
    for h in holdings:
        holding_block(ctx, h, labels)


def _red_flag(ctx: Ctx, cited_by: list[Citation]) -> None:
    bad = [c for c in cited_by if NEGATIVE & set(c.treatments)]
    if not bad:
        return
    lines = [
        f"- {md(', '.join(t for t in c.treatments if t in NEGATIVE))} by {md(ctx.name(c.citing))}"
        + (f" (reported by {md(ctx.name(c.reported_by))})" if c.reported_by else "")
        for c in bad
    ]
    st.error("**Negative treatment.** Later courts have limited this decision:\n\n" + "\n".join(lines), icon="🚩")


def _citation(ctx: Ctx, c: Citation, other: str) -> None:
    """One edge: the other case, how it treats this one, and its evidence in context."""
    bits = [f"**{md(ctx.name(other))}**", md(", ".join(c.treatments) or "cited"), f"{c.count} mention(s)"]
    if c.doctrines:
        bits.append("doctrines: " + md(", ".join(c.doctrines)))
    if c.source == "reported":
        bits.append(f"reported by {md(ctx.name(c.reported_by))}")
    st.markdown(" · ".join(bits))
    text_id = c.reported_by if c.source == "reported" and c.reported_by else c.citing
    for ev in c.evidence[:EVIDENCE_SHOWN]:
        st.markdown(f"> {md(ev.text)}  \n> — *{md(ev.treatment)}*")
        text = ctx.opinion_text(text_id)
        ctx_html = context_html(text, ev) if text else None
        if ctx_html:
            with st.expander("Passage in context"):
                st.html(ctx_html)


def _grouped(ctx: Ctx, edges: list[Citation], other_side: str, empty: str) -> None:
    if not edges:
        st.caption(empty)
        return
    groups: dict[str, list[Citation]] = {}
    for c in edges:
        groups.setdefault(primary_treatment(c.treatments), []).append(c)
    for t in TREATMENT_ORDER:
        group = sorted(groups.get(t, []), key=lambda c: (-c.count, ctx.name(getattr(c, other_side))))
        if not group:
            continue
        st.subheader(f"{t.capitalize()} ({len(group)})")
        for c in group[:PER_GROUP]:
            _citation(ctx, c, getattr(c, other_side))
        if len(group) > PER_GROUP:
            st.caption(f"… and {len(group) - PER_GROUP} more.")


def render(ctx: Ctx) -> None:
    case_id = pick_case(ctx, "Case", key="case_pick")
    cited_by = ctx.store.neighbours(case_id, "cited_by")
    cites = ctx.store.neighbours(case_id, "cites")
    _metadata(ctx, case_id)
    _red_flag(ctx, cited_by)
    _holdings(ctx, case_id)
    left, right = st.tabs([f"Cited by ({len(cited_by)})", f"Cites ({len(cites)})"])
    with left:
        _grouped(ctx, cited_by, "citing", "No case in the store cites this one.")
    with right:
        _grouped(ctx, cites, "cited", "This case cites nothing in the store (its text may not be ingested).")
