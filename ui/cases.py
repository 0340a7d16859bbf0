"""The Cases page: every case and every citation edge, filterable, as tables (which escape their cells)."""

from __future__ import annotations

import streamlit as st

from graph.model import Case
from ui.data import Ctx

MAX_ROWS = 5000  # a table this long is already more than anyone scrolls


def _matches(needle: str, *fields: object) -> bool:
    return not needle or any(needle in str(f).lower() for f in fields if f is not None)


def case_rows(cases: list[Case], degrees: dict[str, tuple[int, int]], needle: str) -> list[dict[str, object]]:
    """One row per case matching the filter (name, citations, court, year or id); counts from `Store.degrees`."""
    return [
        {"name": c.name, "year": c.year, "court": c.court, "citations": "; ".join(c.citations),
         "has text": c.has_text, "cited by": degrees.get(c.id, (0, 0))[1], "cites": degrees.get(c.id, (0, 0))[0],
         "id": c.id}
        for c in cases
        if _matches(needle, c.name, c.court, c.year, c.id, *c.citations)
    ]


def citation_rows(ctx: Ctx, needle: str) -> list[dict[str, object]]:
    """One row per edge whose citing or cited case (or a doctrine) matches the filter."""
    rows = []
    for c in ctx.citations():
        citing, cited = ctx.name(c.citing), ctx.name(c.cited)
        if not _matches(needle, citing, cited, c.citing, c.cited, *c.doctrines, *c.treatments):
            continue
        rows.append({
            "citing": citing, "cited": cited, "treatments": ", ".join(c.treatments) or "cited",
            "count": c.count, "doctrines": ", ".join(c.doctrines), "source": c.source,
            "reported by": ctx.name(c.reported_by),
        })
    return rows


def render(ctx: Ctx) -> None:
    st.header("Cases")
    stats = ctx.store.stats()
    a, b, c = st.columns(3)
    a.metric("Cases", stats.get("cases", 0))
    b.metric("Citations", stats.get("citations", 0))
    c.metric("Ingested opinions", stats.get("opinions", 0))
    hint = "name, reporter citation, court, doctrine…"
    needle = st.text_input("Filter", key="cases_filter", placeholder=hint).strip().lower()

    rows = case_rows(list(ctx.cases().values()), ctx.degrees(), needle)
    rows.sort(key=lambda r: (-int(r["cited by"]), str(r["name"]).lower()))
    st.subheader(f"{len(rows)} cases")
    if len(rows) > MAX_ROWS:
        st.caption(f"Showing the {MAX_ROWS} most cited; narrow the filter to see the rest.")
    st.dataframe(rows[:MAX_ROWS], hide_index=True)

    edges = citation_rows(ctx, needle)
    st.subheader(f"{len(edges)} citations (citing → cited)")
    if len(edges) > MAX_ROWS:
        st.caption(f"Showing the first {MAX_ROWS}; narrow the filter to see the rest.")
    st.dataframe(edges[:MAX_ROWS], hide_index=True)
