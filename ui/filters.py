"""Filters by court, jurisdiction and year, shared by the lists and the map."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

from graph.model import Case
from ui.courts import court_name, jurisdiction


@dataclass(frozen=True)
class CaseFilter:
    """Which cases pass: any of `courts` and of `jurisdictions` (empty = all), a year within `years`."""

    courts: frozenset[str] = frozenset()
    jurisdictions: frozenset[str] = frozenset()
    years: tuple[int, int] | None = None

    @property
    def active(self) -> bool:
        return bool(self.courts or self.jurisdictions or self.years)

    def __call__(self, c: Case | None) -> bool:
        if not self.active:
            return True
        if c is None:
            return False
        if self.courts and court_name(c.court) not in self.courts:
            return False
        if self.jurisdictions and jurisdiction(c.court) not in self.jurisdictions:
            return False
        if self.years and not (c.year and self.years[0] <= c.year <= self.years[1]):
            return False
        return True


EVERY_CASE = CaseFilter()


def case_filter(cases: Iterable[Case], key: str, what: str = "cases") -> CaseFilter:
    """Three controls, folded away until wanted (a phone has little room): court, jurisdiction, years."""
    cases = list(cases)
    courts = sorted({n for c in cases if (n := court_name(c.court))})
    places = sorted({j for c in cases if (j := jurisdiction(c.court))}, key=lambda j: (j != "Federal", j))
    years = sorted({c.year for c in cases if c.year})
    with st.expander(f"Filter {what} by court, jurisdiction, year"):
        picked_courts = st.multiselect("Court", courts, key=f"{key}_courts", placeholder="every court")
        picked_places = st.multiselect("Jurisdiction", places, key=f"{key}_jurisdictions",
                                       placeholder="every jurisdiction")
        span = None
        if len(years) > 1:
            lo, hi = st.slider("Years", years[0], years[-1], (years[0], years[-1]), key=f"{key}_years")
            span = (lo, hi) if (lo, hi) != (years[0], years[-1]) else None
    return CaseFilter(frozenset(picked_courts), frozenset(picked_places), span)
