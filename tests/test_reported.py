"""Reported edges whose verb is set off by a comma or a bracket rather than a parenthesis, as Massachusetts,
New York and California write them, and as the Supreme Court lists its overrulings."""

from __future__ import annotations

from ingest.models import Opinion
from ingest.reported import find_reported
from ingest.resolve import resolve
from tests.conftest import FIXTURES

FURR = (FIXTURES / "heldout" / "01_commonwealth_v_furr_mass_2009.txt").read_text()


def _edges(text: str) -> set[tuple[str | None, str | None, str]]:
    ext = resolve(Opinion(text=text, source_file="x.txt", format="text"))
    return {(ext.authorities[r.citing].name, ext.authorities[r.cited].name, r.treatment) for r in find_reported(ext)}


def test_massachusetts_comma_quoting_and_citing_after_a_full_cite_and_after_id() -> None:
    # Commonwealth v. Furr, 454 Mass. 101 (2009)
    edges = _edges(FURR)
    assert ("Commonwealth v. Foster", "Boykin v. Alabama", "cited") in edges
    assert ("Commonwealth v. Longo", "Commonwealth v. Bianco", "cited") in edges
    assert ("Commonwealth v. Colantoni", "Commonwealth v. McGuirk", "cited") in edges  # "Id. at 680, citing"
    # "..., quoting rule 30 (b)": a rule, not a decision, is quoted
    assert not any(a == "Commonwealth v. Desrosier" for a, _, _ in edges)


# Smith v. Allwright, 321 U.S. 649 (1944), n. 10 (its footnote as it stands in the fixture)
ALLWRIGHT = (
    "See e. g., United States v. Darby, 312 U. S. 100, overruling Hammer v. Dagenhart, 247 U. S. 251; California v. "
    "Thompson, 313 U. S. 109, overruling DiSanto v. Pennsylvania, 273 U. S. 34; Helvering v. Mountain Producers "
    "Corp., 303 U. S. 376, overruling Gillespie v. Oklahoma, 257 U. S. 501 and Burnet v. Coronado Oil & Gas Co., 285 "
    "U. S. 393; Graves v. New York ex rel. O’Keefe, 306 U. S. 466, overruling Collector v. Day, 11 Wall. 113, and "
    "New York ex rel. Rogers v. Graves, 299 U. S. 401; O’Malley v. Woodrough, 307 U. S. 277, overruling Miles v. "
    "Graham, 268 U. S. 501."
)


def test_a_list_of_overrulings_pairs_each_decision_with_what_it_overruled_and_no_more() -> None:
    edges = _edges(ALLWRIGHT)
    assert edges == {
        ("United States v. Darby", "Hammer v. Dagenhart", "overruled"),
        ("California v. Thompson", "DiSanto v. Pennsylvania", "overruled"),
        ("Helvering v. Mountain Producers Corp.", "Gillespie v. Oklahoma", "overruled"),
        ("Helvering v. Mountain Producers Corp.", "Burnet v. Coronado Oil & Gas Co.", "overruled"),
        ("Graves v. New York ex rel. O’Keefe", "Collector v. Day", "overruled"),
        ("Graves v. New York ex rel. O’Keefe", "New York ex rel. Rogers v. Graves", "overruled"),
        ("O’Malley v. Woodrough", "Miles v. Graham", "overruled"),
    }


def test_new_york_brackets_and_california_parentheses() -> None:
    # constructed in the two states' official styles (N.Y. Law Reports Style Manual; Cal. Style Manual)
    ny = "People v. Smith, 1 N.Y.2d 1, 5 [1956], citing People v. Jones, 2 N.Y.2d 3 [1955]."
    assert _edges(ny) == {("People v. Smith", "People v. Jones", "cited")}
    ny_bracket = "Matter of Smith, 1 N.Y.2d 1, 5 [1956] [quoting People v. Jones, 2 N.Y.2d 3 (1955)]."
    assert _edges(ny_bracket) == {("Matter of Smith", "People v. Jones", "cited")}
    cal = "The rule is settled (People v. Smith (1990) 50 Cal.3d 1, 5, quoting People v. Jones (1980) 27 Cal.3d 2.)"
    assert {(a, b) for a, b, _ in _edges(cal)} == {("People v. Smith (1990)", "People v. Jones (1980)")}


def test_a_participle_of_the_courts_own_sentence_reports_nothing() -> None:
    # no citation before the verb: the trial judge, not a decision, cited it
    assert _edges("The judge denied the motion, citing Commonwealth v. Russin, 420 Mass. 309, 316 (1995).") == set()
    # a verb not followed at once by a citation is prose
    assert _edges("Smith v. Jones, 1 F.3d 1 (1st Cir. 1990), following the hearing, was decided. Doe v. Roe, "
                  "2 F.3d 2 (1st Cir. 1991).") == set()
