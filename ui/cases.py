"""The Cases page: every case, filterable by words, court, jurisdiction and year, and the citations of
the cases listed; every case a link to its page."""

from __future__ import annotations

import streamlit as st

from graph.model import Case
from ui.courts import court_name
from ui.data import Ctx
from ui.filters import EVERY_CASE, CaseFilter, case_filter
from ui.find import words_match
from ui.render import esc, table_html, treatment_text

MAX_ROWS = 300  # rows drawn per table: narrow the filter to see others
EDGE_CASES = 100  # cases whose citations the edge table asks the store for
SORTS = ("most cited", "name", "newest", "oldest")


def case_rows(cases: list[Case], degrees: dict[str, tuple[int, int]], needle: str,
              keep: CaseFilter = EVERY_CASE) -> list[dict[str, object]]:
    """One row per case whose name, citations, court, year or id holds every word of the filter."""
    return [
        {"name": c.name, "year": c.year, "court": court_name(c.court), "citations": "; ".join(c.citations),
         "has text": c.has_text, "cited by": degrees.get(c.id, (0, 0))[1], "cites": degrees.get(c.id, (0, 0))[0],
         "id": c.id}
        for c in cases
        if keep(c) and words_match(needle, c.name, court_name(c.court), c.court, c.year, c.id, *c.citations)
    ]


def _sorted(rows: list[dict[str, object]], how: str) -> list[dict[str, object]]:
    keys = {
        "most cited": lambda r: (-int(r["cited by"]), str(r["name"]).lower()),
        "name": lambda r: (str(r["name"]).lower(), str(r["id"])),
        "newest": lambda r: (-(r["year"] or 0), str(r["name"]).lower()),
        "oldest": lambda r: ((r["year"] or 9999), str(r["name"]).lower()),
    }
    return sorted(rows, key=keys[how])


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
        {"citing": c.citing, "cited": c.cited, "treatments": treatment_text(c), "count": c.count,
         "doctrines": c.doctrines, "source": c.source, "reported by": c.reported_by}
        for c in edges
    ]


def render(ctx: Ctx) -> None:
    st.header("Cases")
    stats = ctx.store.stats()
    a, b, c = st.columns(3)
    a.metric("Cases", stats.get("cases", 0))
    b.metric("Citations", stats.get("citations", 0))
    c.metric("Ingested opinions", stats.get("opinions", 0))
    hint = "any word of a name, a reporter citation, a court, a doctrine key…"
    needle = st.text_input("Filter", key="cases_filter", placeholder=hint).strip().lower()
    keep = case_filter(ctx.cases().values(), "cases")
    how = st.radio("Sort by", list(SORTS), horizontal=True, key="cases_sort")

    rows = _sorted(case_rows(list(ctx.cases().values()), ctx.degrees(), needle, keep), how)
    st.subheader(f"{len(rows)} cases")
    if len(rows) > MAX_ROWS:
        st.caption(f"Showing the first {MAX_ROWS}; narrow the filter to see the rest.")
    st.html(table_html(
        ["case", "year", "court", "citations", "text", "cited by", "cites"],
        ([ctx.link(str(r["id"])), esc(r["year"] or ""), esc(r["court"]), esc(r["citations"]),
          "ingested" if r["has text"] else "", esc(r["cited by"]), esc(r["cites"])] for r in rows[:MAX_ROWS]),
        numeric=("year", "cited by", "cites"),
    ))

    edges = citation_rows(ctx, needle, [str(r["id"]) for r in rows])
    st.subheader(f"{len(edges)} citations (citing → cited)")
    shown = f"the {EDGE_CASES} first cases above" if len(rows) > EDGE_CASES else "the cases above"
    st.caption(f"What {shown} cite and what cites them; a doctrine key as the filter lists its citations.")
    if len(edges) > MAX_ROWS:
        st.caption(f"Showing the first {MAX_ROWS}; narrow the filter to see the rest.")
    st.html(table_html(
        ["citing", "cited", "treatment", "mentions", "doctrines", "reported by"],
        ([ctx.link(str(e["citing"])), ctx.link(str(e["cited"])), esc(e["treatments"]), esc(e["count"]),
          ", ".join(ctx.doctrine_link(d) for d in e["doctrines"]), ctx.link(e["reported by"])]
         for e in edges[:MAX_ROWS]),
        numeric=("mentions",),
    ))
