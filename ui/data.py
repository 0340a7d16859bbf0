"""What the pages read, cached per store version so a 10,000-case store is loaded once, not per click.

`key` names the store and its counts; it changes after an ingest, which drops
the stale entries (the sidebar also has a reload button for same-size changes).
The cached values are shared read-only between sessions (cache_resource: no
copying of large lists on every rerun).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import streamlit as st

from graph.model import Case
from graph.store import Store
from ui.render import label


@st.cache_resource(max_entries=4, show_spinner=False)
def _cases(_store: Store, key: str) -> dict[str, Case]:
    return {c.id: c for c in _store.cases()}


@st.cache_resource(max_entries=4, show_spinner=False)
def _labels(_store: Store, key: str) -> dict[str, str]:
    return {i: label(c) for i, c in _cases(_store, key).items()}


@st.cache_resource(max_entries=4, show_spinner=False)
def _degrees(_store: Store, key: str) -> dict[str, tuple[int, int]]:
    return _store.degrees()


@st.cache_resource(max_entries=4, show_spinner=False)
def _doctrine_counts(_store: Store, key: str) -> dict[str, int]:
    return _store.doctrine_counts()


@st.cache_resource(max_entries=128, show_spinner=False)
def _opinion_text(_store: Store, key: str, case_id: str) -> str | None:
    return _store.opinion_text(case_id)


@dataclass(frozen=True)
class Ctx:
    """The store a page reads and the cache key of its current contents."""

    store: Store
    key: str

    def cases(self) -> dict[str, Case]:
        return _cases(self.store, self.key)

    def degrees(self) -> dict[str, tuple[int, int]]:
        """Case id -> (cites, cited by), counted by the store."""
        return _degrees(self.store, self.key)

    def doctrine_counts(self) -> dict[str, int]:
        """Doctrine key -> edges tagged with it or anything under it, counted by the store."""
        return _doctrine_counts(self.store, self.key)

    def opinion_text(self, case_id: str) -> str | None:
        return _opinion_text(self.store, self.key, case_id)

    @cached_property
    def _labels(self) -> dict[str, str]:
        return _labels(self.store, self.key)

    def name(self, case_id: str | None) -> str:
        """'Name (year)' of a case id, the id itself when the case is unknown (called per table row)."""
        if case_id is None:
            return ""
        return self._labels.get(case_id, case_id)


def pick_case(ctx: Ctx, title: str, key: str, default: str | None = None, remember: bool = True) -> str:
    """A case chooser; with `remember`, it starts on and updates the case in focus across pages.

    Cases are offered most-cited first, so the usual starting points are at the top.
    """
    cases = ctx.cases()
    degrees = ctx.degrees()
    options = sorted(cases, key=lambda i: (-degrees.get(i, (0, 0))[1], cases[i].name.lower(), i))
    want = default if default is not None else st.session_state.get("focus")
    index = options.index(want) if want in options else 0
    chosen = st.selectbox(title, options, index=index, key=key, format_func=ctx.name)
    if remember:
        st.session_state["focus"] = chosen
    return chosen
