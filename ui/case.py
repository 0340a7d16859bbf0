"""The Case page: one decision, what it cites and what cites it, each with the passage that shows how."""

from __future__ import annotations

import streamlit as st

from graph.model import NEGATIVE, Citation, Evidence, Holding
from ui.courts import court_name, jurisdiction
from ui.data import Ctx, pick_case
from ui.render import (
    TREATMENT_ORDER,
    context_html,
    depth_text,
    esc,
    locate,
    md,
    part_of,
    primary_treatment,
    treatment_text,
    whole_sentences,
)

PER_GROUP = 40  # citations shown per treatment group before "and N more"
EVIDENCE_SHOWN = 3
UNTITLED = "Untitled opinion"


def _metadata(ctx: Ctx, case_id: str) -> None:
    c = ctx.cases()[case_id]
    st.header(md(c.name))
    facts = [
        ("Citations", "; ".join(c.citations)), ("Court", court_name(c.court)),
        ("Jurisdiction", jurisdiction(c.court)), ("Year", c.year), ("Date", c.date),
        ("Docket", c.docket), ("Source file", c.source_file),
        ("Text", "ingested" if c.has_text else "known only as cited"),
        ("Missing metadata", ", ".join(c.missing)), ("Id", c.id),
    ]
    st.caption(" · ".join(f"**{k}:** {md(v)}" for k, v in facts if v not in (None, "")))
    if c.has_text:
        _rename(ctx, case_id, c.name)


def _rename(ctx: Ctx, case_id: str, name: str) -> None:
    """Let a reader name an opinion whose file gave no caption (a stripped text), or correct a name."""
    untitled = name.startswith(UNTITLED)
    with st.expander("Name this opinion" if untitled else "Correct this opinion's name", expanded=untitled):
        if untitled:
            st.caption("Its file gave no caption. Once named, every page and search finds it by that name.")
        new = st.text_input("Case name", key=f"rename_{case_id}", placeholder="e.g. Dudnikov v. Chalk & Vermilion")
        if st.button("Save name", key=f"rename_save_{case_id}", disabled=not new.strip()):
            ctx.store.set_case_name(case_id, new.strip())
            st.cache_resource.clear()  # every page re-reads names
            st.cache_data.clear()
            st.rerun()


def holding_block(ctx: Ctx, h: Holding, labels: dict[str, str], with_court: bool = False) -> None:
    """One holding: the court's words, what it is about, and the precedents it rests on and sets aside."""
    head = f"{ctx.link(h.opinion)}: " if with_court else ""
    about = ", ".join(labels.get(k, k) for k in h.doctrines)
    tail = f"<br><small>{esc(about)}</small>" if about else ""
    quote = '<blockquote style="margin:4px 0 4px 12px;border-left:3px solid #ccc;padding-left:8px">'
    parts = [f"{quote}{head}{esc(h.text)}{tail}</blockquote>"]
    for role, title in (("supported_by", "Supported by"), ("distinguished", "Distinguished")):
        ids = [s.cited for s in h.support if s.role == role]
        if ids:
            parts.append(f"<div><b>{title}:</b> " + "; ".join(ctx.link(c) for c in ids) + "</div>")
    st.html("".join(parts))
    if h.support:
        with st.expander("How the court uses them"):
            for s in h.support:
                label = "supported by" if s.role == "supported_by" else "distinguished"
                st.html(f"<div><b>{ctx.link(s.cited)}</b> · {label}{quote}{esc(s.text)}</blockquote></div>")


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
    if bad:
        items = "".join(
            f"<li>{esc(', '.join(w for w in treatment_text(c).split(', ') if w.split()[0] in NEGATIVE))} by "
            f"{ctx.link(c.citing)}"
            + (f" (reported by {ctx.link(c.reported_by)})" if c.reported_by else "") + "</li>"
            for c in bad
        )
        st.html('<div role="alert" style="border-left:4px solid #d62828;background:#fdecea;padding:8px 12px;'
                'border-radius:4px"><b>Negative treatment.</b> Later courts have limited this decision:'
                f'<ul style="margin:4px 0">{items}</ul></div>')
    opinions = ctx.store.stats().get("opinions", 0)
    st.caption(f"Flags cover only the {opinions} opinion(s) ingested into this store"
               + ("" if bad else ": no flag means that none of them treats this decision negatively, "
                  "not that it is still good law")
               + ". Check a full citator before relying on it.")


def _citation(ctx: Ctx, c: Citation, other: str) -> None:
    """One edge: the other case, how it treats this one, how deeply, and its evidence in context."""
    bits = [f"<b>{ctx.link(other)}</b>", f"<b>{esc(treatment_text(c))}</b>", esc(depth_text(c))]
    if c.doctrines:
        bits.append("doctrines: " + ", ".join(ctx.doctrine_link(d) for d in c.doctrines))
    if c.source == "reported":
        bits.append(f"reported by {ctx.link(c.reported_by)}")
    text_id = c.reported_by if c.source == "reported" and c.reported_by else c.citing
    text = ctx.opinion_text(text_id) if c.evidence else None
    quotes = "".join(
        f'<blockquote style="margin:4px 0 4px 12px;border-left:3px solid #ccc;padding-left:8px">'
        f"{esc(sentence(text, ev))}"
        f'<br><small>— <i>{esc(ev.treatment)}</i>'
        + (f" · in the {esc(p)}" if (p := part_of(ev)) else "") + "</small></blockquote>"
        for ev in c.evidence[:EVIDENCE_SHOWN]
    )
    st.html(f'<div style="margin-top:6px">{" · ".join(bits)}{quotes}</div>')
    shown = [h for ev in c.evidence[:EVIDENCE_SHOWN] if text and (h := context_html(text, ev))]
    if shown:
        with st.expander("Passage in context"):
            for h in shown:
                st.html(h)


def sentence(text: str | None, ev: Evidence) -> str:
    """The evidence as whole sentences of its opinion (the stored passage may stop mid-clause)."""
    span = locate(text, ev) if text else None
    if not text or span is None:
        return ev.text
    lo, hi = whole_sentences(text, *span)
    return text[lo:hi].strip()


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
    names = [f"Cited by ({len(cited_by)})", f"Cites ({len(cites)})"]
    left, right = st.tabs(names, default=names[1] if cites and not cited_by else names[0])
    with left:
        _grouped(ctx, cited_by, "citing", "No case in the store cites this one.")
    with right:
        _grouped(ctx, cites, "cited", "This case cites nothing in the store (its text may not be ingested).")
