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
from ui import nav
from ui.courts import court_name
from ui.render import label


@st.cache_resource(max_entries=4, show_spinner=False)
def _cases(_store: Store, key: str) -> dict[str, Case]:
    return {c.id: c for c in _store.cases()}


@st.cache_resource(max_entries=4, show_spinner=False)
def _labels(_store: Store, key: str) -> dict[str, str]:
    return {i: label(c) for i, c in _cases(_store, key).items()}


@st.cache_resource(max_entries=4, show_spinner=False)
def _full_labels(_store: Store, key: str) -> dict[str, str]:
    return {i: full_label(c) for i, c in _cases(_store, key).items()}


@st.cache_resource(max_entries=4, show_spinner=False)
def _doctrine_labels(_store: Store, key: str) -> dict[str, str]:
    return {d.key: d.label for d in _store.doctrines()}


def full_label(c: Case) -> str:
    """'Name, 465 U.S. 783 (U.S. 1984)': what tells two cases of one name apart in a list (Tancredi 1968 twice)."""
    court = court_name(c.court)
    when = " ".join(str(x) for x in (court, c.year) if x)
    cite = next((x for x in c.citations if "___" not in x), "")
    return c.name + (f", {cite}" if cite else "") + (f" ({when})" if when else "")


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

    def full(self, case_id: str) -> str:
        """'Name, cite (court year)', for lists where two cases may share a name."""
        return _full_labels(self.store, self.key).get(case_id, case_id)

    def link(self, case_id: str | None, page: str = "case") -> str:
        """The case's name as an escaped link to its page (or to `page` about it)."""
        if not case_id:
            return ""
        return nav.link(nav.case_url(case_id, page), self.name(case_id), title=self.full(case_id))

    def doctrine_label(self, key: str) -> str:
        """A doctrine's label ("Express aiming"), the key itself for one the taxonomy no longer has."""
        return _doctrine_labels(self.store, self.key).get(key, key)

    def doctrine_link(self, key: str) -> str:
        return nav.link(nav.url("doctrines", doctrine=key), self.doctrine_label(key), title=key)


@st.cache_resource(max_entries=4, show_spinner=False)
def _options(_store: Store, key: str) -> list[str]:
    cases, degrees = _cases(_store, key), _degrees(_store, key)
    return sorted(cases, key=lambda i: (-degrees.get(i, (0, 0))[1], cases[i].name.lower(), i))


def _case_picked(key: str) -> None:
    nav.set_params(case=st.session_state[key])


def pick_case(ctx: Ctx, title: str, key: str, default: str | None = None, remember: bool = True) -> str:
    """A case chooser; with `remember`, it shows the case the address names and writes its choice there.

    Cases are offered most-cited first, so the usual starting points are at the top,
    each with its citation and court so two of one name can be told apart.
    """
    options = _options(ctx.store, ctx.key)
    want = nav.param("case") if remember else None
    if want not in options:
        held = st.session_state.get(key)
        want = held if held in options else default if default in options else options[0]
    if st.session_state.get(key) != want:
        st.session_state[key] = want
    chosen = st.selectbox(title, options, key=key, format_func=ctx.full,
                          on_change=_case_picked if remember else None, args=(key,) if remember else None)
    if remember and nav.param("case") != chosen:
        nav.set_params(case=chosen)
    return chosen
