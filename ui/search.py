"""The Search page: passages that read like a fact pattern, ranked by the store's full-text search (BM25)."""

from __future__ import annotations

import streamlit as st

from ui.data import Ctx
from ui.render import mark_terms, md


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
    results = ctx.store.search(query, limit=limit)
    if not results:
        st.info("No passage matches those words.")
        return
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
