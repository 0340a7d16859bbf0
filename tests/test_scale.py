"""The parts that keep ingest linear give the same answers as what they replace; a budget stops a hang."""

from __future__ import annotations

import re

import pytest
from eyecite import helpers

from ingest import eyecite_speed
from ingest.document import _SPACE, _token_before
from ingest.eyecite_speed import _original, get_court_by_paren
from ingest.models import Opinion
from ingest.pipeline import analyze_within
from tests.conftest import FIXTURES, run_cli


def test_the_court_lookup_answers_as_eyecite_does() -> None:
    names = [c["citation_string"] for c in helpers.courts]
    tests = names[::5] + [n[:k] for n in names[::101] for k in (1, 3, 6)] + ["9th Cir.", "D. Ariz.", "", "Tex. App."]
    assert [get_court_by_paren(t) for t in tests] == [_original(t) for t in tests]


def test_the_word_before_a_sentence_end_is_the_one_a_backward_search_finds() -> None:
    old = re.compile(r"(\S+)$")
    text = (FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt").read_text()[:3000] + " x.\n.y \t"
    spaces = [m.start() for m in _SPACE.finditer(text)]
    for end in range(len(text) + 1):
        found = old.search(text, 0, end)
        assert _token_before(text, spaces, end) == (found.group(1) if found else None)


def test_an_opinion_over_its_time_budget_fails_in_one_line() -> None:
    text = (FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt").read_text()
    out = analyze_within(Opinion(text=text * 3, source_file="fisher.txt", format="text"), budget=0.05)
    assert isinstance(out, str) and "took more than 0.05 s of CPU" in out and "\n" not in out


def test_jobs_must_be_a_positive_number(capsys) -> None:  # noqa: ANN001
    try:
        run_cli("ingest", "--jobs", "0", "x.txt")
    except SystemExit as exc:
        assert exc.code == 2
    assert "must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["01_fisher_v_univ_of_texas_2013.txt", "02_hogarth_v_bell_ednc_2025.txt",
                                  "08_noem_v_abrego_garcia_scotus_2025.txt", "000_ab9c4de9583b9acb.txt"])
def test_pincited_references_are_eyecites_own(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The faster name-and-pin-cite search ("Bakke, 438 U. S., at 311") gives eyecite's own references, with
    their spans and metadata, on real opinions."""
    from eyecite import find as eyecite_find
    from eyecite import get_citations

    text = (FIXTURES / "texts" / name).read_text(encoding="utf-8").replace("\n", " ")

    def described() -> list[tuple]:
        return [(type(c).__name__, c.span(), c.full_span(), c.matched_text(), str(c.metadata))
                for c in get_citations(text)]

    monkeypatch.setattr(eyecite_find, "extract_pincited_reference_citations", eyecite_speed._original_pincited)
    theirs = described()
    monkeypatch.setattr(eyecite_find, "extract_pincited_reference_citations",
                        eyecite_speed.extract_pincited_reference_citations)
    ours = described()
    assert ours == theirs


def test_pincited_references_found_as_eyecite_finds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # constructed: the form eyecite reads ("Jones at 5", "Jones 9"), and one it does not ("Smith, at 7")
    from eyecite import find as eyecite_find
    from eyecite import get_citations

    text = "Smith v. Jones, 1 U.S. 1 (1990). In Jones at 5, the court said so. Smith, at 7, agreed. Jones 9, too."
    got = {}
    for which in ("_original_pincited", "extract_pincited_reference_citations"):
        monkeypatch.setattr(eyecite_find, "extract_pincited_reference_citations", getattr(eyecite_speed, which))
        got[which] = [(type(c).__name__, c.span(), c.matched_text(), str(c.metadata)) for c in get_citations(text)]
    assert got["_original_pincited"] == got["extract_pincited_reference_citations"]
    found = [m for kind, _, m, _ in got["_original_pincited"] if kind == "ReferenceCitation"]
    assert found == ["Jones at 5", "Jones 9"]
