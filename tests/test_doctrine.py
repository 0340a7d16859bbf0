"""The doctrine taxonomy and the passage tagger, on short verbatim passages of real opinions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.doctrine import Taxonomy, TaxonomyError, fold, load_taxonomy, tag
from ingest.document import of_text as read
from ingest.models import Mention

# The gold vocabulary (key -> parent): the project's taxonomy must keep these exactly.
GOLD_KEYS = {
    "pj.minimum_contacts": None,
    "pj.general": "pj.minimum_contacts",
    "pj.specific_test": "pj.minimum_contacts",
    "pj.purposeful_direction": "pj.specific_test",
    "pj.calder_effects_test": "pj.purposeful_direction",
    "pj.express_aiming": "pj.calder_effects_test",
    "pj.harm_in_forum": "pj.calder_effects_test",
    "pj.unilateral_activity": "pj.purposeful_direction",
    "pj.arising_out_of": "pj.specific_test",
    "pj.reasonableness": "pj.specific_test",
    "pj.rule_4k2": "pj.minimum_contacts",
    "pj.pendent": "pj.minimum_contacts",
    "pj.long_arm_statute": "pj.minimum_contacts",
    "procedure.prima_facie_standard": None,
    "procedure.standard_of_review": None,
    "procedure.pleading": None,
    "procedure.preservation": None,
    "appellate.jurisdiction": None,
    "review.magistrate_order": None,
    "discovery.early_doe": None,
    "discovery.letters_rogatory": None,
}


def mention(text: str, needle: str, kind: str = "full") -> Mention:
    start = text.index(needle)
    return Mention(kind=kind, start=start, end=start + len(needle), text=needle, ref=0)


# --- taxonomy ---------------------------------------------------------------


def test_taxonomy_holds_every_gold_key_with_its_parent() -> None:
    doctrines = {d.key: d for d in load_taxonomy()}
    for key, parent in GOLD_KEYS.items():
        assert key in doctrines, key
        assert doctrines[key].parent == parent, key


def test_taxonomy_is_a_tree_over_many_areas() -> None:
    doctrines = load_taxonomy()
    keys = {d.key for d in doctrines}
    assert len(keys) == len(doctrines)
    assert all(d.parent is None or d.parent in keys for d in doctrines)
    assert all(d.label for d in doctrines)
    areas = {k.split(".")[0] for k in keys}
    assert {"pj", "procedure", "copyright", "trademark", "first_amendment", "crimpro", "equal_protection",
            "elections", "family", "employment", "housing", "immigration"} <= areas
    for key in ("copyright.fair_use", "copyright.dmca_safe_harbor", "procedure.summary_judgment",
                "procedure.class_certification", "crimpro.search_seizure", "family.custody_best_interests"):
        assert key in keys


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "doctrines.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a:\n  label: A\na:\n  label: B\n", "duplicate"),
        ("a.b:\n  label: B\n  parent: a\n", "unknown parent"),
        ("a:\n  label: A\n  parent: b\nb:\n  label: B\n  parent: a\n", "cycle"),
        ("a:\n  parent: null\n", "label"),
        ("a:\n  label: A\n  cues: ['(unclosed']\n", "bad pattern"),
        ("a:\n  label: A\n  supersedes: [b]\n", "supersedes unknown"),
    ],
)
def test_malformed_taxonomy_is_refused_with_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(write(tmp_path, body))


def test_a_small_taxonomy_file_tags_with_its_own_cues(tmp_path: Path) -> None:
    taxonomy = Taxonomy(write(tmp_path, "x:\n  label: X\nx.rule:\n  label: R\n  parent: x\n  cues: [widget rule]\n"))
    text = "The widget rule decides this. Smith v. Jones, 1 F.3d 2 (9th Cir. 2000)."
    assert taxonomy.tag(read(text), mention(text, "1 F.3d 2")) == ("x.rule",)



def test_a_taxonomy_file_is_read_once_while_unchanged_and_again_once_edited(tmp_path: Path) -> None:
    path = write(tmp_path, "x:\n  label: X\n")
    first = load_taxonomy(path)
    assert Taxonomy(path).doctrines[0] is first[0]  # the store's doctrines and the tagger's: one read
    path.write_text("x:\n  label: X, edited\ny:\n  label: Y\n", encoding="utf-8")
    assert [d.label for d in load_taxonomy(path)] == ["X, edited", "Y"]
    path.write_text("x:\n  label: X\n  cues: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="bad pattern"):  # an edit that breaks it is refused, not ignored
        load_taxonomy(path)

# --- tagging: personal jurisdiction and procedure ----------------------------

HARM = (
    "These facts more than suffice to bring this case squarely within the rule that, where “a Defendant’s "
    "actions cause harm in multiple fora, jurisdiction is proper in any forum where a ‘sufficient’ amount of "
    "harm occurs, even if that amounts to only a small percentage of the overall harm caused.” Id. (citing "
    "Yahoo! Inc. v. La Ligue Contre Le Racisme Et L’Antisemitisme, 433 F.3d 1199, 1207 (9th Cir. 2006) (en banc))."
)

REASONABLENESS = (
    "In evaluating the reasonableness of an exercise of personal jurisdiction, we “use a seven-factor balancing "
    "test that weighs”: (1) the extent of the defendant’s purposeful interjection into the forum state’s "
    "affairs; (2) the burden on the defendant of defending in the forum; (3) the extent of conflict with the "
    "sovereignty of the defendant’s state; (4) the forum state’s interest in adjudicating the dispute; (5) the "
    "most efficient judicial resolution of the controversy; (6) the importance of the forum to the plaintiff’s "
    "interest in convenient and effective relief; and (7) the existence of an alternative forum. Freestream "
    "Aircraft (Bermuda) Ltd. v. Aero Law. Grp., 905 F.3d 597, 607 (9th Cir. 2018)."
)

EXPRESS_AIMING = (
    "NKL’s purchase of U.S.-based CDN services to ensure faster website loading times and a more seamless "
    "viewing experience for U.S. users is the digital analogue of contracting with a U.S. fulfilment center to "
    "enable faster product delivery for U.S. customers. Here, as in Ayla, the use of such a U.S.-based "
    "operation to facilitate quick delivery of product to nearby consumers demonstrates the sort of "
    "differential targeting that constitutes express aiming at the U.S. market."
)

MAGISTRATE = (
    "Under the \"clearly erroneous\" standard, the magistrate judge's ruling must be accepted unless, after "
    "reviewing the entire record, the court is \"left with the definite and firm conviction that a mistake has "
    "been committed.\" United States v. Hinkson, 585 F.3d 1247, 1260 (9th Cir. 2009) (citing United States v. "
    "U.S. Gypsum Co., 333 U.S. 364, 395 (1948))."
)

# Citation-stripped (lower case, no digits, sentences glued with "." and ",").
STRIPPED = (
    "in the tort context,we often ask whether the nonresident defendant purposefully directed its activities "
    "at the forum state in contract cases,meanwhile,we sometimes ask whether the defendant purposefully availed "
    "itself of the privilege of conducting activities or consummating a transaction in the forum state.see bell "
    "helicopter textron,heliqwest int l,cir pro axess,orlux,cir omi holdings,royal ins.of canada,cir.in all "
    "events,the shared aim of purposeful direction doctrine has been said by the supreme court to ensure"
)

STRIPPED_UNILATERAL = (
    "unilateral acts,however,occur in at least two analytically distinct ways.first,as in volkswagen woodson,d,a "
    "plaintiff might purchase a product in one forum and carry it into another forum.absent at least the seller "
    "foreknowledge that the buyer was going to take the product into a particular forum,the defendant can not "
    "reasonably be said to have purposefully directed its activities at the forum."
)

LONG_ARM_SECTION = (
    "A. Specific Jurisdiction\n"
    "Plaintiff here must allege something more than a single individual's use of the website.\n"
    "B. Federal Long-Arm Statute\n"
    "Plaintiff's argument does not fare better here. Compare Goes Int'l, AB v. Dodur Ltd., "
    "No. 3:14-CV-05666-LB, 2015 WL 5043296, at *1 (N.D. Cal. Aug. 26, 2015).\n"
)


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        (HARM, "433 F.3d 1199", ("pj.harm_in_forum",)),
        (REASONABLENESS, "905 F.3d 597", ("pj.reasonableness",)),
        (EXPRESS_AIMING, "Ayla", ("pj.express_aiming",)),
        (MAGISTRATE, "585 F.3d 1247", ("review.magistrate_order",)),
        (STRIPPED_UNILATERAL, "volkswagen woodson", ("pj.unilateral_activity",)),
    ],
)
def test_personal_jurisdiction_and_procedure_passages(text: str, needle: str, expected: tuple[str, ...]) -> None:
    assert tag(read(text), mention(text, needle)) == expected


def test_stripped_citation_sentence_supports_the_sentence_before() -> None:
    tags = tag(read(STRIPPED, stripped=True), mention(STRIPPED, "pro axess,orlux", kind="stripped"))
    assert "pj.purposeful_direction" in tags
    assert len(tags) <= 3


def test_heading_gives_the_topic_when_the_cited_sentence_is_silent() -> None:
    assert tag(read(LONG_ARM_SECTION), mention(LONG_ARM_SECTION, "2015 WL 5043296")) == ("pj.rule_4k2",)


# --- tagging: other fields --------------------------------------------------

JUDICIAL_ESTOPPEL = (
    "“Judicial estoppel protects the integrity of judicial proceedings by precluding a party from asserting a "
    "position in a legal proceeding which is inconsistent with a position previously taken by the party.” Natl. "
    "Loan Investors, L.P. v. Taylor, 79 S.W.3d 633, 636 (Tex.App.-Waco 2002, pet. denied)."
)

IDENTIFICATION = (
    "The standard for determining when a suggestive pre-trial identification procedure prevents in-court "
    "identification of the defendant is if the pre-trial identification “was so impermissibly suggestive as to "
    "give rise to a very substantial likelihood of irreparable misidentification.” Simmons v. United States, 390 "
    "U.S. 377, 384, 88 S.Ct. 967, 971, 19 L.Ed.2d 1247, 1253."
)

CUSTODY = (
    "Once a court has established the existence of a psychological parent relationship, the best interests of "
    "the child must be considered to determine what relief is warranted. K.A.F. v. D.L.M., 437 N.J.Super. 123, "
    "137, 96 A.3d 975 (App.Div.2014)."
)

# PDF-wrapped slip opinion with a hyphenated line break.
STRICT_SCRUTINY = (
    "  Grutter made clear that racial “classifications are consti-\n"
    "tutional only if they are narrowly tailored to further com-\n"
    "pelling governmental interests.” 539 U. S., at 326. And\n"
    "Grutter endorsed Justice Powell’s conclusion in Bakke that\n"
)

STANDING = (
    "Standing causation requires that the alleged injury be “fairly traceable” to the complained-of action. "
    "Libertarian Party of Va. v. Judd , 718 F.3d 308, 315-16 (4th Cir. 2013)."
)

SOVEREIGN_IMMUNITY = (
    "The Eleventh Amendment generally bars suits in federal court against both the state itself, and against "
    "state officials sued in their official capacities, whatever relief the suit seeks. Pennhurst State Sch. & "
    "Hosp. v. Halderman , 465 U.S. 89, 101-02 (1984)."
)


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        (JUDICIAL_ESTOPPEL, "79 S.W.3d 633", ("procedure.judicial_estoppel",)),
        (IDENTIFICATION, "390 U.S. 377", ("crimpro.identification",)),
        (STRICT_SCRUTINY, "539 U. S., at 326", ("equal_protection.strict_scrutiny",)),
        (STANDING, "718 F.3d 308", ("procedure.standing.traceability",)),
        (SOVEREIGN_IMMUNITY, "465 U.S. 89", ("procedure.eleventh_amendment",)),
    ],
)
def test_passages_of_other_fields(text: str, needle: str, expected: tuple[str, ...]) -> None:
    assert tag(read(text), mention(text, needle)) == expected


def test_custody_passage_names_both_custody_doctrines() -> None:
    assert tag(read(CUSTODY), mention(CUSTODY, "437 N.J.Super. 123")) == (
        "family.custody_best_interests",
        "family.psychological_parent",
    )


def test_a_passage_about_nothing_legal_gets_no_key() -> None:
    text = ("The morning was cold and the parties met for coffee before the drive to the lake. "
            "Smith v. Jones, 123 F.3d 456, 460 (9th Cir. 1999).")
    assert tag(read(text), mention(text, "123 F.3d 456")) == ()


# --- folding and speed --------------------------------------------------------


def test_fold_is_the_sorted_union_of_the_mentions() -> None:
    assert fold([("pj.reasonableness",), (), ("pj.express_aiming", "pj.reasonableness")]) == (
        "pj.express_aiming",
        "pj.reasonableness",
    )
    assert fold([]) == ()


def test_two_hundred_mentions_tag_well_under_a_second() -> None:
    text = "\n".join([HARM, REASONABLENESS, EXPRESS_AIMING, MAGISTRATE, JUDICIAL_ESTOPPEL, CUSTODY] * 12)
    step = len(text) // 200
    mentions = [Mention("full", i, i + 5, text[i:i + 5], 0) for i in range(0, step * 200, step)]
    doc = read(text)
    started = time.perf_counter()
    for m in mentions:
        tag(doc, m)
    assert time.perf_counter() - started < 0.5
