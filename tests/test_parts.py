"""Parts of an opinion (court, concurrences, dissents), found in real opinions of several eras and layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import document
from ingest.models import Part
from ingest.parts import COURT, find_parts
from ingest.read import read_path
from tests.conftest import FIXTURES

OVERRULED = FIXTURES / "overruled"


def _text(path: Path) -> str:
    return read_path(path)[0].text


def _kinds(text: str) -> list[tuple[str, str | None]]:
    return [(p.kind, p.author) for p in find_parts(text)]


def part_at(text: str, pos: int) -> Part:
    """The part at `pos`, as the stages ask it: from the opinion's document."""
    doc = document.of_text(text)
    assert doc.parts == find_parts(text)
    return doc.part_at(pos)


def is_court(text: str, pos: int) -> bool:
    return part_at(text, pos).kind in COURT


def test_slip_opinion_headings_run_into_the_text() -> None:
    # Fisher v. University of Texas (2013): syllabus, the Court, two concurrences, a dissent
    text = _text(FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt")  # read: running heads dropped
    kinds = [k for k, _ in _kinds(text)]
    assert kinds == ["syllabus", "majority", "concurrence", "concurrence", "dissent"]
    thomas = text.index("JUSTICE THOMAS, concurring.")
    assert part_at(text, thomas + 200).author == "JUSTICE THOMAS"
    assert not is_court(text, text.index("I would overrule Grutter"))


def test_courtlistener_html_with_footnotes_collected_at_the_end() -> None:
    # Mapp v. Ohio (1961): the Court (Clark), Black and Douglas concurring, Harlan dissenting; each
    # opinion's footnotes follow the last opinion, numbering restarting at [1]
    text = _text(OVERRULED / "106285.html")
    parts = find_parts(text)
    assert [(p.kind, p.author) for p in parts[:5]] == [
        ("syllabus", None), ("majority", "JUSTICE CLARK"), ("concurrence", "JUSTICE BLACK"),
        ("concurrence", "JUSTICE DOUGLAS"), ("dissent", "JUSTICE HARLAN"),
    ]
    # "In overruling the Wolf case the Court ... has forgotten" is Harlan's dissent, not the Court
    assert part_at(text, text.index("In overruling the Wolf case")).kind == "dissent"
    # a footnote of the dissent, printed after all opinions, is still the dissent's
    assert part_at(text, text.index("The appellant's brief did not urge the overruling of Wolf")).kind == "dissent"
    assert part_at(text, text.index("[1] The statute provides")).kind == "majority"


def test_a_majority_footnote_after_a_dissent_still_speaks_for_the_court() -> None:
    # Jones v. Alfred H. Mayer Co. (1968), footnote 78: "Insofar as Hodges is inconsistent ..."
    text = _text(OVERRULED / "107748.html")
    assert is_court(text, text.index("it is hereby overruled"))


@pytest.mark.parametrize(
    ("name", "needle", "kind"),
    [
        ("103290.html", "I think that the judgment should be reversed", None),  # "MR. JUSTICE ROBERTS:" (1940)
        ("109346.html", "may be inconsistent with this ruling", "per curiam"),  # Dove v. United States (1976)
        ("103172.html", "are overruled so far as", "majority"),  # Graves v. O'Keefe (1939)
    ],
)
def test_old_and_short_forms(name: str, needle: str, kind: str | None) -> None:
    text = _text(OVERRULED / name)
    if needle not in text:
        pytest.fail(f"{needle!r} not in {name}")
    part = part_at(text, text.index(needle))
    assert part.kind == kind if kind else part.kind in ("concurrence", "dissent")


def test_a_circuit_concurrence_in_flattened_text() -> None:
    # Doe v. WebGroup (9th Cir. 2024), text without paragraph breaks: "LEE, Circuit Judge, concurring."
    text = (FIXTURES / "texts" / "000_ab9c4de9583b9acb.txt").read_text()
    parts = find_parts(text)
    assert [p.kind for p in parts] == ["majority", "concurrence"]
    assert part_at(text, text.index("I largely agree with Judge Collins")).author == "LEE, Circuit Judge"
    assert is_court(text, text.index("Here, as in Will"))


def test_an_opinion_without_headings_is_the_court_s() -> None:
    text = (FIXTURES / "texts" / "05_dallas_sales_v_carlisle_silver_texapp_2004.txt").read_text()
    assert _kinds(text) == [("majority", None)]


def test_a_heading_set_as_two_paragraphs() -> None:
    # People v. Naranjo (Colo. 1980), as CourtListener lays it out: "JUSTICE LEE" then "concurring in part ..."
    text = _text(FIXTURES / "texts" / "06_people_v_naranjo_colo_1980.txt")
    assert _kinds(text) == [
        ("syllabus", None), ("majority", "JUSTICE DUBOFSKY"), ("dissent", "JUSTICE LEE"), ("dissent", "JUSTICE ROVIRA")
    ]
    assert not is_court(text, text.index("My reasons therefor are set forth"))
