"""The Cases page: every case, filterable, and the citations of the cases listed, as tables (which escape
their cells)."""

from __future__ import annotations

import streamlit as st

from graph.model import Case
from ui.data import Ctx

MAX_ROWS = 5000  # a table this long is already more than anyone scrolls
EDGE_CASES = 100  # cases whose citations the edge table asks the store for


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


def citation_rows(ctx: Ctx, needle: str, case_ids: list[str]) -> list[dict[str, object]]:
    """The edges of the listed cases (each from the store, not a pull of the whole graph); a filter that
    names a doctrine key lists the edges tagged with it."""
    if needle and any(d.key == needle for d in ctx.store.doctrines()):
        edges = ctx.store.doctrine_citations([needle])
    else:
        seen = {}
        for cid in case_ids[:EDGE_CASES]:
            for c in ctx.store.neighbours(cid, "cites") + ctx.store.neighbours(cid, "cited_by"):
                seen[(c.citing, c.cited, c.source, c.reported_by)] = c
        edges = [seen[k] for k in sorted(seen, key=lambda k: (k[0], k[1], k[2], k[3] or ""))]
    return [
        {"citing": ctx.name(c.citing), "cited": ctx.name(c.cited), "treatments": ", ".join(c.treatments) or "cited",
         "count": c.count, "doctrines": ", ".join(c.doctrines), "source": c.source,
         "reported by": ctx.name(c.reported_by)}
        for c in edges
    ]


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

    edges = citation_rows(ctx, needle, [str(r["id"]) for r in rows])
    st.subheader(f"{len(edges)} citations (citing → cited)")
    shown = f"the {EDGE_CASES} most cited cases above" if len(rows) > EDGE_CASES else "the cases above"
    st.caption(f"What {shown} cite and what cites them; a doctrine key as the filter lists its citations.")
    if len(edges) > MAX_ROWS:
        st.caption(f"Showing the first {MAX_ROWS}; narrow the filter to see the rest.")
    st.dataframe(edges[:MAX_ROWS], hide_index=True)
