"""Subsequent history inside citations, and explanatory parentheticals after a court/year with history,
read as edges between the two decisions (real citations from New Jersey, Texas and U.S. Supreme Court opinions)."""

from __future__ import annotations

import pytest

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
