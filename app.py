"""The precedent explorer: `streamlit run app.py`.

Reads the graph only through the `Store` protocol; `open_store` is the one place
that decides which store that is. The page shown is the one the address names
(`?page=case&case=<id>`, see ui/nav.py), so pages can be shared and the back
button works.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from graph import config
from graph.store import Store, StoreError
from ui import case, cases, corpus, doctrines, lineage, nav, search, timeline
from ui.data import Ctx
from ui.render import md

PAGES: dict[str, Callable[[Ctx], None]] = {
    "Cases": cases.render,
    "Case page": case.render,
    "Doctrine map": doctrines.render,
    "Timeline": timeline.render,
    "Lineage": lineage.render,
    "Search": search.render,
    "Your corpus": corpus.render,
}


@st.cache_resource(show_spinner=False)
def open_store(spec: str) -> Store:
    """The store named by `spec`, opened once per server process and shared by its sessions."""
    return config.open_store(spec)


def _page_picked() -> None:
    """The sidebar's choice goes into the address (and so into the browser's history)."""
    nav.set_params(page=nav.SLUGS[st.session_state["page"]])


def _sidebar_page() -> str:
    """The sidebar's page list, kept on the page the address names."""
    title = nav.TITLES[nav.current_page()]
    if st.session_state.get("page") != title:
        st.session_state["page"] = title
    return st.sidebar.radio("Page", list(PAGES), key="page", on_change=_page_picked)


def main() -> None:
    st.set_page_config(page_title="Precedent Explorer", page_icon="⚖️", layout="wide",
                       initial_sidebar_state="auto")  # "auto": collapsed on a phone
    spec = config.store_spec()  # the same store the Your corpus page writes to
    try:
        store = open_store(spec)
        stats = store.stats()
    except StoreError as exc:  # a Neo4j server that is down, a wrong password: say so, no traceback
        st.error(md(str(exc)))
        return
    st.sidebar.title("Precedent Explorer")
    page = _sidebar_page()
    st.sidebar.caption(
        f"Store: {md(spec)}  \n{stats.get('cases', 0)} cases · {stats.get('citations', 0)} citations · "
        f"{stats.get('opinions', 0)} opinions"
    )
    if st.sidebar.button("Reload data", help="Re-read the store after an ingest"):
        st.cache_resource.clear()
        st.rerun()
    if not stats.get("cases") and page != "Your corpus":
        st.warning(
            f"The store at {md(spec)} is empty. Ingest some opinions first, for example:\n\n"
            "```\nprecedent ingest data/corpus\n```\n\nthen reload this page, or upload them on the Your corpus page."
        )
        return
    PAGES[page](Ctx(store, f"{spec}|{sorted(stats.items())}"))


if __name__ == "__main__":
    main()
