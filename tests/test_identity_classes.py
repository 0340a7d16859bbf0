"""Settling resolves identical claims (a popular precedent cited the same way by many opinions) as one weighted
node. The outcome must be exactly that of one node per claim (`tests/identity_reference.py`, the rules as first
written): on real opinions, on many copies of them with some claims varied, and on random claims built to tie."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Case
from ingest.analyze import OpinionFindings, analyze
from ingest.identity import _Text, _text, claims_of, resolve_identities
from ingest.read import iter_opinions
from tests import identity_reference as reference
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def texts() -> list[_Text]:
    found: list[OpinionFindings] = [analyze(o) for o in iter_opinions([FIXTURES / "texts", FIXTURES / "formats"])]
    return [_text(f.key, claims_of(f)) for f in sorted(found, key=lambda f: f.key)]


def _both(texts: list[_Text]) -> None:
    ordinary = [t for t in texts if not t.stripped]
    stripped = [t for t in texts if t.stripped]
    assert resolve_identities(ordinary) == reference.resolve_identities(ordinary)
    late = [replace(t, groups=[]) for t in stripped]
    assert (resolve_identities(ordinary + late, late=stripped)
            == reference.resolve_identities(ordinary + late, late=stripped))


def _copy(t: _Text, i: int, vary: bool) -> _Text:
    """Copy i of a text as another decision (its own cite, caption and docket); `vary` gives some of its claims
    another name, court or year, so that the copies' tallies disagree."""
    cite = f"{i} Synth. {1000 + i}"
    case = replace(t.case, id=f"c-{i}-synth", name=f"Synth{i} {t.case.name}", citations=(cite,), docket=f"s-{i}")
    groups = []
    for j, g in enumerate(t.groups):
        g = dict(g)
        if vary and j % 3 == i % 3:
            g.update(name=g["name"].split(",")[0], year=(g["year"] or 2000) + i % 2, court=None if i % 2 else "x")
        groups.append(g)
    return replace(t, key=f"synth-{i:04d}", case=case, caption=None, groups=groups)


def test_real_opinions_resolve_as_one_node_per_claim(texts: list[_Text]) -> None:
    assert any(t.stripped for t in texts) and sum(len(t.groups) for t in texts) > 300
    _both(texts)


def test_many_copies_with_varied_claims_resolve_as_one_node_per_claim(texts: list[_Text]) -> None:
    copies = [_copy(texts[i % len(texts)], i, vary=i % 4 == 0) for i in range(120)]
    _both(texts + copies)
    _both(copies[::-1] + texts[::2])


_CITES = ["1 U.S. 2", "1 U. S. 2", "3 F.3d 4", "5 S. Ct. 6", "7 F. Supp. 8", "___ U.S. ___", "9 WL 10", "3 F. 3d 4"]
_NAMES = ["Roe v. Wade", "Roe", "Doe v. Bolton", "In re Doe", "See Roe v. Wade", "Wade v. Roe", "Bolton"]


@st.composite
def _random_texts(draw: st.DrawFn) -> list[_Text]:
    """Few cites, names and years, so that claims collide, tie and chain; the opinions' claims are drawn from a
    small pool, so that many are identical (one weighted node)."""
    claim = st.fixed_dictionaries({
        "cites": st.lists(st.sampled_from(_CITES), max_size=2), "name": st.sampled_from(_NAMES),
        "named": st.booleans(), "court": st.sampled_from([None, "scotus", "ca5"]),
        "year": st.sampled_from([None, 1973, 1974])})
    pool = draw(st.lists(claim, min_size=1, max_size=5))
    out = []
    for k in range(draw(st.integers(1, 7))):
        own = draw(st.lists(st.sampled_from(_CITES), max_size=2))
        case = Case(id=f"t{k}", name=draw(st.sampled_from(_NAMES)), citations=tuple(own),
                    court=draw(st.sampled_from([None, "scotus"])), year=draw(st.sampled_from([None, 1973, 1974])),
                    has_text=True, docket=draw(st.sampled_from([None, "70-18"])))
        groups = [{"id": f"g{j}", **draw(st.sampled_from(pool))} for j in range(draw(st.integers(0, 6)))]
        caption = draw(st.sampled_from([None, "roe wade", "bolton doe"]))
        out.append(_Text(f"k{k}", case, caption, draw(st.integers(1, 3)), draw(st.booleans()), groups))
    return out


@settings(max_examples=300, deadline=None)
@given(_random_texts())
def test_random_claims_resolve_as_one_node_per_claim(texts: list[_Text]) -> None:
    _both(texts)
