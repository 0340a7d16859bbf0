"""Subsequent history inside citations, and explanatory parentheticals after a court/year with history,
read as edges between the two decisions (real citations from New Jersey, Texas and U.S. Supreme Court opinions)."""

from __future__ import annotations

import json

import pytest

from ingest.analyze import analyze
from ingest.models import Opinion
from ingest.reported import find_history, find_reported
from ingest.resolve import resolve


def _edges(text: str, finder) -> list[tuple[str | None, str | None, str]]:
    ext = resolve(Opinion(text=text, source_file="x.txt", format="text"))
    return [(ext.authorities[r.citing].name, ext.authorities[r.cited].name, r.treatment) for r in finder(ext)]


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        # D.G. v. K.S., 444 N.J. Super. 423 (2015)
        ("See N.J. Div. of Youth & Family Servs. v. T.J.S., 419 N.J.Super. 46, 53-54, 16 A.3d 386 (App.Div.2011), "
         "aff'd, 212 N.J. 334, 54 A.3d 263 (2012).",
         (None, "N.J. Div. of Youth & Family Servs. v. T.J.S.", "followed")),
        # 44 Liquormart, Inc. v. Rhode Island, 517 U.S. 484 (1996)
        ("See Oklahoma Telecasters Assn. v. Crisp, 699 F. 2d 490, 495-497 (1983), rev'd on other grounds sub nom. "
         "Capital Cities Cable, Inc. v. Crisp, 467 U. S. 691 (1984).",
         ("Capital Cities Cable, Inc. v. Crisp", "Oklahoma Telecasters Assn. v. Crisp", "overruled")),
        # a constructed sentence in the Bluebook's own form (R. 10.7), as circuits write it
        ("Smith v. Jones, 123 F.3d 456, 460 (9th Cir. 1997), overruled on other grounds by Doe v. Roe, "
         "500 F.3d 1, 5 (9th Cir. 2007) (en banc).", ("Doe v. Roe", "Smith v. Jones", "overruled")),
    ],
)
def test_subsequent_history_is_an_edge_from_the_later_decision(text: str, edge: tuple) -> None:
    got = _edges(text, find_history)
    assert any((edge[0] is None or a == edge[0]) and b == edge[1] and t == edge[2] for a, b, t in got), got


def test_cert_denied_and_a_new_sentence_are_not_history() -> None:
    # D.G. v. K.S.: "V.C. v. M.J.B., 163 N.J. 200, 219, 748 A.2d 539, cert. denied, 531 U.S. 926 ..."
    assert _edges("In V.C. v. M.J.B., 163 N.J. 200, 219, 748 A.2d 539, cert. denied, 531 U.S. 926, 121 S.Ct. 302, "
                  "148 L.Ed.2d 243 (2000), the Court held there must be", find_history) == []
    # Reid v. Covert: "rev'd by stipulation in unreported order ... 1946. And see Ex parte Van Vranken, 47 F. 888"
    assert _edges("Flannery v. Commanding General, 69 F. Supp. 661, rev'd by stipulation in unreported order. "
                  "And see Ex parte Van Vranken, 47 F. 888.", find_history) == []


def test_a_quoting_parenthetical_after_a_court_year_with_its_own_history() -> None:
    # Dallas Sales v. Carlisle Silver (Tex. App. 2004) and Naranjo-era Third Circuit style "(3d Cir.1953)"
    text = ("Andrews v. Diamond, Rash, Leslie & Smith, 959 S.W.2d 646, 649 (Tex.App.-El Paso 1997, writ denied) "
            "(quoting In re Phillips, 124 B.R. 712, 720 (Bankr.W.D.Tex.1991)). See Scarano v. C. Ry., 203 F.2d 510, "
            "513 (3d Cir.1953) (quoting Stretch v. Watson, 6 N.J.Super. 456, 469, 69 A.2d 596, 603 (1949)).")
    got = {(a, b) for a, b, _ in _edges(text, find_reported)}
    assert ("Andrews v. Diamond, Rash, Leslie & Smith", "In re Phillips") in got
    assert ("Scarano v. C. Ry.", "Stretch v. Watson") in got


def test_an_overruling_told_in_prose_runs_from_the_decision_that_acted() -> None:
    from ingest.reported import find_prose_reported

    # White v. Lambert as the Ninth Circuit cites it (quoted on law.stackexchange.com, question 103210): the
    # history names the later decision through "by"; read as prose it is passive, the later decision acting
    text = ("White v. Lambert, 370 F.3d 1002, 1007 (9th Cir. 2004), overruled on other grounds by Hayward v. "
            "Marshall, 603 F.3d 546 (9th Cir. 2010) (en banc).")
    both = _edges(text, find_history) + _edges(text, find_prose_reported)
    assert set(both) == {("Hayward v. Marshall", "White v. Lambert", "overruled")}
    # constructed, the active voice: the subject overruled the object, and "overruled" without "by" is no history
    text = ("The petitioner relies on Wolf v. Colorado, 338 U.S. 25 (1949). But Mapp v. Ohio, 367 U.S. 643 (1961), "
            "overruled Wolf v. Colorado, 338 U.S. 25.")
    both = _edges(text, find_history) + _edges(text, find_prose_reported)
    assert set(both) == {("Mapp v. Ohio", "Wolf v. Colorado", "overruled")}


# Real citations with a same-case later stage, from four courts and eras (Texas 2004, New Jersey 2015, the U.S.
# Supreme Court in 1942 and 1968): the later stage's only mention is in the history, after any explanatory
# parenthetical (R. 1.5(b)); the opinion cites the first stage, and reports what became of it.
_STAGES = [
    # Dallas Sales Co. v. Carlisle Silver Co., 134 S.W.3d 928 (Tex. App. 2004)
    ("See Scarano v. C. Ry., 203 F.2d 510, 513 (3d Cir.1953) (quoting Stretch v. Watson, 6 N.J.Super. 456, 469, "
     "69 A.2d 596, 603 (1949) (\"A party will not be permitted to play fast and loose with the courts”), rev’d in "
     "part on other grounds, 5 N.J. 268, 74 A.2d 597 (1950)).", "6 N.J. Super. 456", "5 N.J. 268", "Stretch v. Watson"),
    # D.G. v. K.S., 444 N.J. Super. 423 (2015)
    ("In In re T.J.S., 419 N.J.Super. 46, 53-54, 16 A.3d 386 (App.Div.2011), aff'd, 212 N.J. 334, 54 A.3d 263 "
     "(2012), the court ruled that", "419 N.J. Super. 46", "212 N.J. 334", "In re T.J.S."),
    # Graves v. Schmidlapp, 315 U.S. 657 (1942)
    ("and cases cited; Stewart v. Pennsylvania, 338 Pa. 9, affirmed 312 U. S. 649; cf. Carpenter v. Pennsylvania, "
     "17 How. 456.", "338 Pa. 9", "312 U.S. 649", "Stewart v. Pennsylvania"),
    # Jones v. Alfred H. Mayer Co., 392 U.S. 409 (1968)
    ("Hall v. St. Helena Parish School Board, 197 F. Supp. 649 (D. C. E. D. La. 1961), aff'd, 368 U. S. 515 "
     "(Louisiana law permitting closing of schools).", "197 F. Supp. 649", "368 U.S. 515",
     "Hall v. St. Helena Parish School Board"),
]


@pytest.mark.parametrize(("text", "first", "later", "caption"), _STAGES)
def test_a_later_stage_named_only_in_the_history_is_no_direct_citation(text, first, later, caption) -> None:
    f = analyze(Opinion(text=text, source_file="x.txt", format="text"))
    by_cite = {c: g for g in f.groups for c in g.citations}
    assert by_cite[first].mentions and not by_cite[later].mentions
    assert by_cite[later].name == caption and not by_cite[later].named  # its case's caption, as a stand-in
    assert any(r.citing == by_cite[later].local_id and r.cited == by_cite[first].local_id for r in f.reported)
    # a parenthetical around it reports the first stage only: "(quoting X, ..., rev'd, Y)" quotes X
    assert not any(r.cited == by_cite[later].local_id for r in f.reported)


def test_another_case_in_the_history_and_a_later_citation_stay_direct() -> None:
    # "overruled ... by" names another case (the Bluebook's R. 10.7 form); and a later stage cited again on
    # its own (Dallas Sales style "5 N.J. at 270") is a direct citation of it
    f = analyze(Opinion(text="Smith v. Jones, 123 F.3d 456, 460 (9th Cir. 1997), overruled on other grounds by "
                        "Doe v. Roe, 500 F.3d 1, 5 (9th Cir. 2007) (en banc).", source_file="x.txt", format="text"))
    assert all(g.mentions for g in f.groups)
    text = _STAGES[1][0] + " The Supreme Court agreed. In re T.J.S., 212 N.J. 334, 340, 54 A.3d 263 (2012)."
    f = analyze(Opinion(text=text, source_file="x.txt", format="text"))
    assert [len(g.mentions) for g in f.groups if "212 N.J. 334" in g.citations] == [1]


def test_a_later_stage_shown_by_its_cases_caption_does_not_take_mentions_of_that_caption(tmp_path) -> None:
    # the stripped copy of Dallas Sales names "stretch watson" with no citation left: read against the
    # captions the store knows (the original's), that is the decision cited, not its reversal
    from graph import export
    from graph.sqlite_store import SqliteStore
    from ingest.identity import claims_of, encode
    from ingest.read import iter_opinions
    from ingest.settle import settle
    from tests.conftest import FIXTURES

    name = "05_dallas_sales_v_carlisle_silver_texapp_2004"
    paths = [FIXTURES / "texts" / f"{name}.txt", FIXTURES / "stripped" / f"{name}_stripped.txt"]
    store = SqliteStore(tmp_path / "db")
    for f in map(analyze, iter_opinions(paths)):
        store.put_findings([(f.key, claims_of(f), encode(f))])
    settle(store)
    graph = json.loads(export.to_json(store))
    store.close()
    by_id = {c["id"]: c for c in graph["cases"]}
    me = next(c["id"] for c in graph["cases"] if c["source_file"] == f"{name}_stripped.txt")
    stretch = [by_id[e["cited"]]["citations"] for e in graph["citations"]
               if e["citing"] == me and "Stretch" in by_id[e["cited"]]["name"]]
    assert stretch == [["6 N.J. Super. 456", "69 A.2d 596"]]
    assert {c["name"] for c in graph["cases"] if "5 N.J. 268" in c["citations"]} == {"Stretch v. Watson"}


def test_history_written_without_apostrophes_and_the_tax_courts_affirming_order() -> None:
    # Fincher v. Commissioner, 105 T.C. 126 (1995): "affd." is the later decision acting on the one before it
    assert _edges("Horne v. Commissioner, 59 T.C. 319, 336 (1972), affd. 523 F.2d 1363 (9th Cir. 1975). In this "
                  "case, the parties do", find_history) == [(None, "Horne v. Commissioner", "followed")]
    # Edelman v. Jordan, 415 U.S. 651 (1974), n. 13: "aff'g" is the decision cited first acting on the one after
    got = _edges("State Dept. of Health and Rehabilitative Services v. Zarate, 407 U. S. 918 (1972), aff'g 347 F. "
                 "Supp. 1004 (SD Fla. 1971); Sterrett v. Mothers' and Children's Rights Organization, 409 U. S. 809 "
                 "(1972).", find_history)
    assert got == [("State Dept. of Health and Rehabilitative Services v. Zarate", None, "followed")]


def test_a_scanned_cert_comma_denied_is_the_same_decision() -> None:
    # Commonwealth v. Furr, 454 Mass. 101 (2009), as scanned: "cert, denied"; the writ is no decision of its own
    text = ("Id. at 680, citing Commonwealth v. McGuirk, 376 Mass. 338, 347 (1978), cert, denied, 439 U.S. 1120 "
            "(1979).")
    ext = resolve(Opinion(text=text, source_file="x.txt", format="text"))
    assert [a.citations for a in ext.authorities] == [["376 Mass. 338", "439 U.S. 1120"]]
    assert find_history(ext) == []
