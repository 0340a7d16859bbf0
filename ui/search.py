"""The Search page: passages that read like a fact pattern, ranked by the store's full-text search (BM25),
and the precedents those passages cite, ranked by the passages that speak for them."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from graph.model import Passage
from ui.data import Ctx
from ui.render import mark_terms, md

POOL = 200  # passages pooled to rank precedents, however many are listed


def precedent_rows(ctx: Ctx, results: list[tuple[Passage, float]]) -> list[dict[str, object]]:
    """Cited decisions by the summed relevance of the passages citing them, with the doctrines they speak to."""
    score: Counter[str] = Counter()
    passages: Counter[str] = Counter()
    doctrines: dict[str, Counter[str]] = {}
    for passage, s in results:
        if passage.cited_id:
            score[passage.cited_id] += s
            passages[passage.cited_id] += 1
            doctrines.setdefault(passage.cited_id, Counter()).update(passage.doctrines)
    ranked = sorted(score, key=lambda c: (-score[c], c))
    return [
        {"precedent": ctx.name(c), "score": round(score[c], 2), "passages": passages[c],
         "doctrines": ", ".join(k for k, _ in doctrines[c].most_common(3))}
        for c in ranked
    ]


def render(ctx: Ctx) -> None:
    st.header("Search")
    query = st.text_input(
        "Fact pattern or legal words", key="search_query",
        placeholder="e.g. website operator used a content delivery network to reach US viewers",
    )
    limit = st.select_slider("Results", [10, 20, 50, 100], value=20, key="search_limit")
    if not query.strip():
        st.caption("Searches the passages around citations in the ingested opinions; best match first.")
        return
    pool = ctx.store.search(query, limit=max(limit, POOL))
    if not pool:
        st.info("No passage matches those words.")
        return
    st.subheader("Closest precedents")
    st.caption(f"Decisions cited in the {len(pool)} best-matching passages, by their summed relevance.")
    st.dataframe(precedent_rows(ctx, pool)[:limit], hide_index=True)
    results = pool[:limit]
    st.subheader("Closest passages")
    st.caption(f"{len(results)} passage(s)")
    for passage, score in results:
        head = f"**{md(ctx.name(passage.case_id))}**"
        if passage.cited_id:
            head += f" citing **{md(ctx.name(passage.cited_id))}**"
        meta = f"score {score:.2f}"
        if passage.doctrines:
            meta += " · doctrines: " + md(", ".join(passage.doctrines))
        with st.container(border=True):
            st.markdown(head)
            st.caption(meta)
            st.html(mark_terms(passage.text, query))
