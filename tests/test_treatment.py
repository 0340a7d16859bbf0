"""Treatment of a cited decision: real passages from the seed and corpus opinions.

Passages are copied verbatim (the seeds 000, 001 and the citation-stripped 004,
and the corpus opinions Fisher v. University of Texas and Dallas Sales v.
Carlisle Silver). The corpus holds no "declined to follow" and no "questioned"
sentence by the citing court itself; those two tests use constructed sentences
in the usual form and say so.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.model import NEGATIVE
from ingest.analyze import analyze
from ingest.document import of_extraction, sentence_starts
from ingest.document import of_text as read
from ingest.models import Mention, Treatment
from ingest.read import read_path
from ingest.treatment import MAX_EVIDENCE, Judged, classify, depth, fold, judge, load_cues, strength
from tests.conftest import FIXTURES


def mention(text: str, needle: str, kind: str = "name", nth: int = 0) -> Mention:
    """The `nth` occurrence of `needle` in `text` as a mention."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Mention(kind, start, start + len(needle), needle, 0)


def check_evidence(text: str, t: Treatment) -> None:
    """Evidence is a verbatim, tooltip-sized slice of the opinion at its offset."""
    if t.label == "cited":
        assert t.evidence is None
        return
    assert t.evidence and t.offset is not None
    assert text[t.offset:t.offset + len(t.evidence)] == t.evidence
    assert len(t.evidence) <= MAX_EVIDENCE
    assert t.evidence == t.evidence.strip()


# --- 000, Doe v. WebGroup Czech Republic (9th Cir. 2024) -------------------------------

WILL = (
    "To establish the requisite “something more” based on these sorts of considerations, we have held "
    "that the plaintiff must show that the website operator “both actively appealed to and profited "
    "from an audience” in the U.S. forum. Will Co., Ltd. v. Lee, 47 F.4th 917, 922–23 (9th Cir. 2022) "
    "(simplified). Here, as in Will, that showing has been sufficiently made. Will concerned a Japanese "
    "pornographer’s U.S. copyright infringement claims against the defendant operators of an adult "
    "“video-hosting site based in Hong Kong.” See 47 F.4th at 919."
)

AMA = (
    "We held that, even if the use of a U.S.-based company to perform this basic threshold step for "
    "locating a webpage resulted in faster speeds for U.S. users, such a contract for DNS services was "
    "nonetheless insufficient to show a differential “desire to appeal to the U.S. market or generate "
    "more U.S. users, as opposed to more users globally.” Id. at 1212. But unlike the mere use of a "
    "U.S.-based company in AMA Multimedia for the basic threshold step of translating webpages into IP "
    "addresses, the use of CDNs in particular locations to pull content onto local servers in those "
    "locations (including specifically the United States), and for the express purpose of improving "
    "nearby users’ viewing experience, demonstrates differential targeting of the U.S. market. See id. "
    "at 1212 n.8 (distinguishing UMG Recordings, Inc. v. Kurbanov, 963 F.3d 344, 354 (4th Cir. 2020), "
    "on the ground that, inter alia, the defendant in UMG, who was alleged to have infringed the "
    "plaintiff’s copyrights, had “relied on U.S.based servers” (citation omitted))."
)

CONTRAST_CONCEDED = (
    "Here, in contrast to Will, WGCZ and NKL did not contract to host their websites on physical "
    "servers in the United States. However, they did contract with U.S.-based content delivery network "
    "services (“CDNs”) for their websites, and they did so for the conceded purpose of ensuring that "
    "“users viewing videos have [an] uninterrupted experience.”"
)

MENKEN = (
    "Even assuming that technical observation to be correct, we nonetheless conclude that Plaintiff "
    "sufficiently raised the issue below to permit this court, on de novo review, to address the merits "
    "of the parties’ arguments concerning the significance of the CDNs with respect to the "
    "express-aiming factor. See Menken v. Emm, 503 F.3d 1050, 1058 n.4 (9th Cir. 2007)."
)

PENDENT = (
    "That assumption was consistent with the holdings of other circuits that have concluded that, when "
    "federal law allows for personal jurisdiction against a particular defendant with respect to federal "
    "claims, pendent or supplemental jurisdiction may be asserted over related state law claims against "
    "the same defendant. See Laurel Gardens, LLC v. McKenna, 948 F.3d 105, 123–24 (3d Cir. 2020); ESAB "
    "Grp., Inc. v. Centricut, Inc., 126 F.3d 617, 628–29 (4th Cir. 1997); IUE AFL-CIO Pension Fund v. "
    "Herrmann, 9 F.3d 1049, 1056–57 (2d Cir. 1993); see also Canaday v. Anthem Cos., 9 F.4th 392, 401 "
    "(6th Cir. 2021) (distinguishing, on this point, between “pendent claim and pendent party personal "
    "jurisdiction”)."
)

WALDEN = (
    "A court’s exercise of personal jurisdiction over a non-U.S. defendant comports with due process if "
    "that defendant has “certain minimum contacts” with the relevant forum “such that the maintenance "
    "of the suit does not offend ‘traditional notions of fair play and substantial justice.’” Walden "
    "v. Fiore, 571 U.S. 277, 283 (2014) (quoting Int’l Shoe Co. v. Washington, 326 U.S. 310, 316 (1945))."
)

DITULLIO = (
    "We have held that the civil cause of action for victims of sextrafficking in 18 U.S.C. § 1595(a) "
    "“sounds in tort,” Ditullio v. Boehm, 662 F.3d 1091, 1094 (9th Cir. 2011), and the same reasoning "
    "extends equally to the causes of action established for victims of child pornography in 18 U.S.C. "
    "§§ 2252A(f) and 2255(a)."
)


def test_as_in_is_followed() -> None:
    t = classify(read(WILL), mention(WILL, "Will", nth=1), {"Will", "Will Co."})
    assert t.label == "followed"
    assert "as in Will" in t.evidence
    check_evidence(WILL, t)


def test_full_citation_span_and_short_cite_find_their_sentence() -> None:
    full = classify(read(WILL), mention(WILL, "47 F.4th 917", "full"), {"Will"})
    short = classify(read(WILL), mention(WILL, "47 F.4th at 919", "short"), {"Will"})
    assert full.label == "followed"  # "we have held that ..." stated with the citation
    assert short.label == "followed"  # "See" alone: weak, decided in fold
    assert strength(short) == 1
    check_evidence(WILL, full)
    check_evidence(WILL, short)


def test_same_reasoning_extends_is_followed() -> None:
    t = classify(read(DITULLIO), mention(DITULLIO, "662 F.3d 1091", "full"), {"Ditullio"})
    assert t.label == "followed"
    check_evidence(DITULLIO, t)


def test_unlike_is_distinguished_and_parenthetical_is_not_ours() -> None:
    t = classify(read(AMA), mention(AMA, "AMA Multimedia"), {"AMA Multimedia"})
    assert t.label == "distinguished"
    assert t.evidence.startswith("But unlike the mere use")
    check_evidence(AMA, t)
    umg = classify(read(AMA), mention(AMA, "963 F.3d 344", "full"), {"UMG Recordings", "UMG"})
    assert umg == Treatment("cited")


def test_difference_set_aside_by_however_does_not_distinguish() -> None:
    t = classify(read(CONTRAST_CONCEDED), mention(CONTRAST_CONCEDED, "Will"), {"Will"})
    assert t.label == "cited"


def test_lone_see_stays_cited() -> None:
    t = classify(read(MENKEN), mention(MENKEN, "503 F.3d 1050", "full"), {"Menken"})
    assert t.label == "followed" and strength(t) == 1
    assert t.evidence.startswith("See Menken v. Emm")
    check_evidence(MENKEN, t)
    assert fold([t]) == (("cited",), ())


def test_string_cite_signal_carries_over_and_see_also_keeps_sentence_cues_out() -> None:
    names = {"948 F.3d 105": "Laurel Gardens", "126 F.3d 617": "ESAB", "9 F.4th 392": "Canaday"}
    got = {c: classify(read(PENDENT), mention(PENDENT, c, "full"), {n}) for c, n in names.items()}
    assert got["126 F.3d 617"].evidence.startswith("See Laurel Gardens")  # "See" governs ESAB too
    for t in got.values():
        check_evidence(PENDENT, t)
    canaday = got["9 F.4th 392"]
    assert canaday.label == "followed" and strength(canaday) == 1  # "see also", not "distinguishing"
    assert fold([canaday]) == (("cited",), ())


def test_quoted_within_another_citation_is_cited() -> None:
    t = classify(read(WALDEN), mention(WALDEN, "326 U.S. 310", "full"), {"Int’l Shoe"})
    assert t == Treatment("cited")


# --- 001, Bodyguard Productions v. Doe (D. Haw. 2020) ----------------------------------

IHEAKU = (
    "Plaintiff argues that these statements indicate LiteServer B.V. \"ha[s] the customer information and are "
    "ready to provide it to Plaintiff's counsel.\" Appeal at 19. "
    "This is a mischaracterization and, moreover, still fails to tie that vaguely-referenced \"customer\" "
    "to any jurisdiction. Nor does it require the conclusion that specific, real persons or entities "
    "operate the website. Cf. G.N. Iheaku & Co. Ltd. v. Does 1-3, No. C 14-02069 LB, 2014 WL 2759075, "
    "at *2 (N.D. Cal. June 17, 2014) (plaintiff \"associated the Doe defendants with specific acts of "
    "misconduct that could only have been perpetrated by actual people, as opposed to a mechanical "
    "process,\" including the interception and deletion of an email)."
)


def test_cf_after_a_denial_is_a_contrast() -> None:
    t = classify(read(IHEAKU), mention(IHEAKU, "2014 WL 2759075", "full"))
    assert t.label == "distinguished"
    assert "Nor does it require" in t.evidence and "Cf. G.N. Iheaku" in t.evidence
    check_evidence(IHEAKU, t)


# --- 004, Dudnikov v. Chalk & Vermilion (10th Cir. 2008), citation-stripped ------------
# (passages too short for `is_stripped` to be sure of: read as the stripped opinion they come from)

BURGER_KING = (
    "but to make a basket.\nour view finds support in burger king,as well as in a pair of cases from a "
    "sister circuit.in burger king,the supreme court found jurisdiction in florida appropriate over a "
    "michigan franchisee who breached an agreement with,and infringed the trademark of,a florida franchisor."
)

SANDY_LANE = (
    "in which we have had occasion to announce a test as to when a contact is sufficiently related to a "
    "claim to support the exercise of jurisdiction,but we agree with our sister circuit that the "
    "substantial connection test inappropriately blurs the distinction between specific and general "
    "personal jurisdiction.see sandy lane hotel,at.general jurisdiction is based on an defendant continuous "
    "and systematic contacts with the forum state,trujillo,at quoting helicopteros,d,and does not require "
    "that the claim be related to those contacts."
)

SCHWARZENEGGER = (
    "precisely the same reasoning applies here.\ninformative in its contrast,schwarzenegger fred martin "
    "motor,cir,dealt with a car dealer in ohio whose local akron advertisements encouraged potential buyers "
    "to terminate their current car leases in favor of a new martin auto.id.at.when schwarzenegger sought "
    "to sue the car dealership in california for the unauthorized use of his likeness,the ninth circuit "
    "refused jurisdiction,stressing that,unlike the defendants in calder,the car dealership advertisements "
    "were not expressly aimed at schwarzenegger in the forum state california.id.at."
)

RED_WING = (
    "our case is,in this respect,akin to red wing shoe,and compuserve patterson,cir.in red wing shoe,the "
    "federal circuit held the threat of an infringement suit carried by a letter acts as a restraint on "
    "the free flow of goods.\nyet,the court held that a patent holder would not subject itself to personal "
    "jurisdiction in a forum solely by informing a party who happens to be located there of suspected "
    "infringement.red wing shoe,at emphasis added.the court reasoned that such letters are essential to "
    "promoting settlement of copyright disputes,and the promotion of settlement is a strong federal policy "
    "interest.see also silent drive,at wise lindamood,d.\nassuming without deciding that it would be "
    "unreasonable to found jurisdiction solely on a letter,this case is readily distinguishable.defendants "
    "noci went well beyond providing notice to plaintiffs of the claimed infringement."
)

BANCROFT = (
    "in favor of the view that any intentional act,wrongful or not,suffices under calder,plaintiffs point "
    "to the ninth circuit decision in la ligue contre le racisme et,cir en banc.in,a majority of a ninth "
    "circuit en banc panel effectively overruled that court earlier holding in bancroft masters,augusta,"
    "cir,and held that we do not read calder necessarily to require in purposeful direction cases that all "
    "or even any jurisdictionally relevant effects have been caused by wrongful acts."
)


@pytest.mark.parametrize(
    ("text", "needle", "names", "label", "cue"),
    [
        (BURGER_KING, "burger king", {"burger king"}, "followed", "finds support in burger king"),
        (SANDY_LANE, "sandy lane hotel", {"sandy lane hotel"}, "followed", "we agree with our sister"),
        (SCHWARZENEGGER, "schwarzenegger fred martin motor", {"schwarzenegger fred martin motor"},
         "distinguished", "informative in its contrast"),
        (RED_WING, "compuserve patterson", {"compuserve patterson", "compuserve"}, "followed", "akin to"),
    ],
)
def test_stripped_text(text: str, needle: str, names: set[str], label: str, cue: str) -> None:
    t = classify(read(text, stripped=True), mention(text, needle, "stripped"), names)
    assert t.label == label
    assert cue in t.evidence
    check_evidence(text, t)


def test_stripped_other_courts_words_are_not_ours() -> None:
    calder = classify(read(SCHWARZENEGGER, stripped=True), mention(SCHWARZENEGGER, "calder", "stripped"), {"calder"})
    assert calder.label == "cited"  # the Ninth Circuit's "unlike ... calder", reported
    bancroft = classify(read(BANCROFT, stripped=True), mention(BANCROFT, "bancroft masters,augusta", "stripped"),
                        {"bancroft"})
    assert bancroft.label == "cited"  # overruled by the Ninth Circuit, not by this court


def test_followed_on_one_point_distinguished_on_another() -> None:
    names = {"red wing shoe"}
    red_wing = read(RED_WING, stripped=True)
    ts = [classify(red_wing, mention(RED_WING, "red wing shoe", "stripped", nth=n), names) for n in range(3)]
    assert [t.label for t in ts] == ["followed", "cited", "distinguished"]
    for t in ts:
        check_evidence(RED_WING, t)
    labels, evidence = fold(ts)
    assert labels == ("distinguished", "followed")
    assert {e.label for e in evidence} == {"distinguished", "followed"}
    silent = classify(read(RED_WING, stripped=True), mention(RED_WING, "silent drive", "stripped"), {"silent drive"})
    assert fold([silent]) == (("cited",), ())  # "see also": not the decision "this case" is set against


# --- negative treatments from the corpus --------------------------------------------------

DALLAS = (
    "Accordingly, we agree with other Texas courts that the federal law of judicial es-toppel applies in a "
    "case in which the prior proceeding was in federal bankruptcy court. We overrule National Loan "
    "Investors to the extent it is inconsistent with this approach.[2]\n\nSTANDARD OF REVIEW\n\n"
    "Accordingly, we overrule Dallas Sales Co.’s first point."
)

FISHER_THOMAS = (
    "I write sepa-\nrately to explain that I would overrule Grutter v. Bollinger,\n539 U. S. 306 (2003), "
    "and hold that a State’s use of race in\nhigher education admissions decisions is categorically\n"
    "prohibited by the Equal Protection Clause."
)


def test_we_overrule_is_overruled_but_not_a_point_of_error() -> None:
    t = classify(read(DALLAS), mention(DALLAS, "National Loan Investors"), {"National Loan Investors"})
    assert t.label == "overruled"
    assert t.evidence == (
        "We overrule National Loan Investors to the extent it is inconsistent with this approach.[2]")
    check_evidence(DALLAS, t)
    point = classify(read(DALLAS), mention(DALLAS, "Dallas Sales Co."), {"Dallas Sales"})
    assert point.label == "cited"


def test_separate_opinion_that_would_overrule_criticizes() -> None:
    t = classify(read(FISHER_THOMAS), mention(FISHER_THOMAS, "539 U. S. 306", "full"), {"Grutter"})
    assert t.label == "criticized"
    check_evidence(FISHER_THOMAS, t)


# Constructed in the usual form: no real example in the seeds or corpus.
DECLINED = (
    "The Fifth Circuit reached the opposite result in Smith v. Jones, 123 F.3d 456, 460 (5th Cir. 1997). "
    "We decline to follow Smith, because its reasoning cannot be squared with the text of the statute."
)
QUESTIONED = (
    "After the amendment of Rule 4, we question the continuing vitality of Smith v. Jones, 123 F.3d 456 "
    "(5th Cir. 1997), but we need not decide the point here."
)


def test_declined_and_questioned() -> None:
    declined = classify(read(DECLINED), mention(DECLINED, "Smith", nth=1), {"Smith"})
    assert declined.label == "declined"
    questioned = classify(read(QUESTIONED), mention(QUESTIONED, "123 F.3d 456", "full"), {"Smith"})
    assert questioned.label == "questioned"
    for text, t in ((DECLINED, declined), (QUESTIONED, questioned)):
        check_evidence(text, t)
    first = classify(read(DECLINED), mention(DECLINED, "123 F.3d 456", "full"), {"Smith"})
    assert fold([first, declined]) == (("declined",), (declined,))


# --- fold -----------------------------------------------------------------------------------


def test_fold_weak_signals_add_up_and_duplicates_count_once() -> None:
    see = [Treatment("followed", f"See Smith v. Jones, 123 F.3d 456, {p} (5th Cir. 1997)", 100 * p, strength=1)
           for p in (457, 458, 459)]  # "See": a weak signal
    assert fold(see[:2]) == (("cited",), ())
    assert fold(see[:2] + [see[0]]) == (("cited",), ())
    labels, evidence = fold(see)
    assert labels == ("followed",)
    assert len(evidence) == 2


def test_fold_keeps_the_strongest_passages_in_text_order() -> None:
    ts = [classify(read(WILL), mention(WILL, "47 F.4th at 919", "short"), {"Will"}),
          classify(read(WILL), mention(WILL, "Will", nth=1), {"Will"}),
          Treatment("cited")]
    labels, evidence = fold(ts)
    assert labels == ("followed",)
    assert [strength(e) for e in evidence] == [3, 1]
    assert [e.offset for e in evidence] == sorted(e.offset for e in evidence)


def test_fold_of_nothing_is_cited() -> None:
    assert fold([]) == (("cited",), ())
    assert fold([Treatment("cited")] * 3) == (("cited",), ())


def test_cue_file_labels_are_known() -> None:
    cues = load_cues()
    assert cues.cues and cues.signals
    assert all(c.label in {"followed", "distinguished", "criticized", "questioned", "declined", "overruled"}
               for c in cues.cues)


# --- depth of discussion: whole opinions, mentions as the pipeline resolves them ------------


def _judged(path: str, cite: str) -> tuple[Judged, list[Mention], str]:
    from ingest.analyze import _names
    from ingest.models import Opinion
    from ingest.resolve import resolve
    from tests.conftest import FIXTURES

    text = (FIXTURES / "texts" / path).read_text()
    ext = resolve(Opinion(text=text, source_file=path, format="text"))
    doc = of_extraction(ext)
    ref = next(i for i, a in enumerate(ext.authorities) if cite in a.citations)
    mentions = [replace(m, part=doc.part_at(m.start).kind) for m in ext.mentions if m.ref == ref]
    judged = judge(doc, mentions, _names([ext.authorities[ref]]))
    return judged, mentions, text


def test_depth_is_shown_and_never_decides_the_treatment() -> None:
    # 001 quotes Third World Media and returns to it four times, with no word of reliance or contrast:
    # discussed, and (as the gold annotation has it) cited
    judged, mentions, text = _judged("001_83b389434f3f904a.txt", "2011 WL 13136257")
    assert judged.labels == ("cited",)
    d = depth(read(text), mentions)
    assert (d.level, d.mentions, d.quoted) == ("discussed", 4, True)
    # a decision met once in a string cite is only mentioned
    judged, mentions, text = _judged("000_ab9c4de9583b9acb.txt", "9 F.3d 1049")
    assert depth(read(text), mentions).level == "mentioned"


def test_depth_does_not_count_other_courts_quotations() -> None:
    # Democracy N.C. reaches Gasner only through "(quoting Gasner ...)" parentheticals
    judged, mentions, text = _judged("03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt", "103 F.3d 351")
    assert judged.labels == ("cited",)
    assert depth(read(text), mentions).mentions < len(mentions)
    # 000 discusses AMA Multimedia at length and distinguishes it
    judged, _, _ = _judged("000_ab9c4de9583b9acb.txt", "970 F.3d 1201")
    assert "distinguished" in judged.labels


def test_a_concurrence_that_would_overrule_does_not_speak_for_the_court() -> None:
    # Fisher: Justice Thomas, concurring, "would overrule Grutter"; the Court applies Grutter
    judged, mentions, _ = _judged("01_fisher_v_univ_of_texas_2013.txt", "539 U.S. 306")
    assert not set(judged.labels) & NEGATIVE
    views = [t for t in judged.evidence if t.part == "concurrence"]
    assert any(t.label == "criticized" and "overrule" in (t.evidence or "") for t in views)
    assert {m.part for m in mentions} >= {"majority", "concurrence", "dissent"}


# --- words of reliance and contrast in other courts and eras (Wash. 1967, Colo. 1980, 9th Cir. district) --


def _labels(path: str, cite: str) -> tuple[str, ...]:
    return _judged(path, cite)[0].labels


def test_words_of_distinction_in_a_1967_washington_opinion() -> None:
    thomas = "09_thomas_v_housing_authority_wash_1967.txt"
    # "Contrariwise, the defendant cites Daulton v. Williams ... We do not find that case to be apposite."
    assert _labels(thomas, "183 P.2d 325") == ("distinguished",)
    # ... but not the decision cited two sentences before it (Carusi v. Schulmerick)
    assert _labels(thomas, "98 F.2d 605") == ("cited",)
    # "Neither is the Broderson case apposite, since there the issue concerned ..."
    assert "distinguished" in _labels(thomas, "187 Wash. 399")
    # "We believe the Morris decision is better and more carefully reasoned than that in Manius."
    assert _labels(thomas, "350 Pa. 512") == ("criticized",)


def test_decisions_that_determine_the_issues_here_are_followed() -> None:
    # People v. Naranjo (Colo. 1980): "Our opinions in People v. Bridges, 199 Colo. 520, 612. P.2d 1110
    # (1980), and People v. Naranjo, supra, determine the issues here." (a stray period in the cite)
    assert _labels("06_people_v_naranjo_colo_1980.txt", "199 Colo. 520") == ("followed",)


def test_a_rule_quoted_from_a_decision_is_followed() -> None:
    # 001: "... the three-part 'effects' test ... requires that the defendant ..." Schwarzenegger, 374 F.3d at 803
    judged, _, text = _judged("001_83b389434f3f904a.txt", "374 F.3d 797")
    assert judged.labels == ("followed",)
    check_evidence(text, judged.evidence[0])


def test_a_block_quotation_reports_another_court_and_adopts_nothing() -> None:
    # United States v. Brown (1965) quotes Douds in a block after "...the Court in Douds focused on the fact
    # that ...:" and then strikes the statute; it does not follow Douds (which it overruled, says Congress)
    from ingest.analyze import _names
    from ingest.read import read_path
    from ingest.resolve import resolve
    from tests.conftest import FIXTURES

    op = read_path(FIXTURES / "overruled" / "107081.html")[0]
    ext = resolve(op)
    doc = of_extraction(ext)
    ref = next(i for i, a in enumerate(ext.authorities) if "339 U.S. 382" in a.citations)
    mentions = [replace(m, part=doc.part_at(m.start).kind) for m in ext.mentions if m.ref == ref]
    judged = judge(doc, mentions, _names([ext.authorities[ref]]))
    assert "followed" not in judged.labels


# --- 05, Dallas Sales v. Carlisle Silver (Tex. App. 2004): signals and a negated disagreement -------

ACCORD = (
    "See Santanna Nat. Gas Corp. v. Hamon Operating Co., 954 S.W.2d 885, 889-90 (Tex.App.-Austin 1997, writ "
    "denied); Carter v. Charles, 853 S.W.2d 667, 672 (Tex.App.-Houston [14th Dist.] 1993, no writ); accord Walker, "
    "924 S.W.2d at 377; Lake Charles Harbor & Terminal Dist. v. Bd. of Trustees of Galveston Wharves, 62 S.W.3d "
    "237, 241 (Tex.App.-Houston [14th Dist.] 2001, pet. denied)."
)
NOT_DISPUTED = (
    "Dallas Sales Co. does not dispute that the bankruptcy court accepted its position by authorizing the "
    "bankruptcy trustee to abandon the assets of Dallas Sales Co.’s bankruptcy estate because those assets were "
    "of “no or little value to the estate.” Cf. Coastal Plains, 179 F.3d at 210."
)


def test_accord_is_a_signal_of_support_not_reliance() -> None:
    # "accord" says another source states the same rule: like "see", it never makes a decision followed alone
    for needle in ("Walker", "Lake Charles Harbor"):
        m = mention(ACCORD, needle, kind="short" if needle == "Walker" else "full")
        assert judge(read(ACCORD), [m], {needle}).labels == ("cited",)


def test_a_negated_disagreement_before_cf_is_no_contrast() -> None:
    # "does not dispute that X" affirms X: the "Cf." decision is an analogy, not a contrast
    m = mention(NOT_DISPUTED, "Coastal Plains", kind="short")
    assert classify(read(NOT_DISPUTED), m, {"Coastal Plains"}).label != "distinguished"
    denied = NOT_DISPUTED.replace("Dallas Sales Co. does not dispute that the bankruptcy court accepted",
                                  "Appellant cannot show that the bankruptcy court accepted")
    t = classify(read(denied), mention(denied, "Coastal Plains", kind="short"), {"Coastal Plains"})
    assert t.label == "distinguished"


# --- 02, Hogarth v. Bell (E.D.N.C. 2025): "these cases" after a signal, a date inside a citation -------

HOGARTH = (
    "Cf. Clapper v. Amnesty Int'l USA , 568 U.S. 398, 41114 (2013) (rejecting standing premised on a similar "
    "chain of contingencies).\n\nPlaintiff cites two decisions of this court which have recognized standing "
    "against the North Carolina Attorney General based on § 114-11.6. However, each case primarily analyzed "
    "standing to sue a district attorney, and found standing against the attorney general largely as an "
    "afterthought and without substantive analysis of standing specifically against that official. See Meredith "
    "v. Stein , 355 F.Supp.3d 355, 361 (E.D. N.C. 2018); Grabarczyk v. Stein, No. 5:19-cv-48-BO, 2019 WL 4235356, "
    "at *3 (E.D. N.C. Sept. 5, 2019). Under the circumstances alleged here, these cases hold little persuasive "
    "value. Instead, a case both sides cite, N.C. A. Philip Randolph Inst., 1:20CV876, 2020 WL 6488704 (M.D. N.C. "
    "Nov. 4, 2020), which rejected similar, election lawbased claims against the attorney general for lack of any "
    "prosecutorial role, is more apposite. See id. at *5-6."
)


def test_these_cases_after_a_signal_are_the_decisions_just_cited() -> None:
    for name in ("Meredith", "Grabarczyk"):
        j = judge(read(HOGARTH), [mention(HOGARTH, f"{name} v. Stein", kind="full")], {name})
        assert j.labels == ("declined",)
        assert "hold little persuasive" in j.evidence[0].evidence
    # the decision cited before another citation came between is not "these cases"
    clapper = mention(HOGARTH, "Clapper v. Amnesty", kind="full")
    assert classify(read(HOGARTH), clapper, {"Clapper"}).label != "declined"


def test_a_month_before_a_day_does_not_end_the_sentence() -> None:
    # "(M.D. N.C. Nov. 4, 2020), which ..., is more apposite.": one sentence, so the cue reaches the decision
    cite = "N.C. A. Philip Randolph Inst., 1:20CV876, 2020 WL 6488704"  # the citation as eyecite finds it
    t = classify(read(HOGARTH), mention(HOGARTH, cite, kind="full"), {"N.C. A. Philip Randolph Inst."})
    assert t.label == "followed" and t.evidence.endswith("is more apposite.")


# --- 04, D.G. v. K.S. (N.J. Super. Ch. 2015): a party's request, a citation's history ----------------

DG = (
    "Defendant argued that the court should use the standard announced in Baures v. Lewis, 167 N.J. 91, 770 A.2d "
    "214 (2001). Plaintiffs, in a cross-motion in limine, requested that the court find the appropriate standard "
    "to be the “best interests of the child” standard as set forth in N.J.S.A. 2A:34-53, Baures, supra, 167 N.J. at "
    "118, 770 A.2d 214, and O’Connor v. O’Connor, 349 N.J.Super. 381, 793 A.2d 810 (App.Div.2002)."
)
HISTORY = (
    "Wasserman v. Wasserman, 102 N.J.Super. 259 [262, 244 A.2d 139] (App.Div.1968), superseded by statute on "
    "other grounds, N.J.S.A. 2A:17-56.23a, as recognized in Mallamo v. Mallamo, 280 N.J.Super. 8, 13 [654 A.2d 474] "
    "(App.Div.1995)."
)


def test_what_a_party_asks_for_is_not_the_courts_reliance() -> None:
    for text in (DG, DG.replace("as set forth in N.J.S.A. 2A:34-53, Baures", "as set forth in Baures")):
        assert classify(read(text), mention(text, "Baures, supra", kind="supra"), {"Baures"}).label == "cited"
    # the court's own words in the same form still count
    own = DG.replace("Plaintiffs, in a cross-motion in limine, requested that the court find", "The court finds")
    own = own.replace("as set forth in N.J.S.A. 2A:34-53, Baures", "as set forth in Baures")
    assert classify(read(own), mention(own, "Baures, supra", kind="supra"), {"Baures"}).label == "followed"


def test_as_recognized_in_a_citations_history_is_not_reliance() -> None:
    t = classify(read(HISTORY), mention(HISTORY, "Mallamo v. Mallamo", kind="full"), {"Mallamo"})
    assert t.label == "cited"
    plain = "The rule is strict, as recognized in Mallamo v. Mallamo, 280 N.J.Super. 8, 13 (App.Div.1995)."
    assert classify(read(plain), mention(plain, "Mallamo v. Mallamo", kind="full"), {"Mallamo"}).label == "followed"


# --- "Cf." after a denial: a contrast only when the denial is of a fact of this case -----------------

MURDOCK = (  # Murdock v. Pennsylvania, 319 U.S. 105 (1943)
    "They are pursuing their solicitations peacefully and quietly. Petitioners, moreover, are not charged with or "
    "prosecuted for the use of language which is obscene, abusive, or which incites retaliation. Cf. Chaplinsky v. "
    "New Hampshire, supra."
)
JONES_FN1 = (  # Jones v. Alfred H. Mayer Co., 392 U.S. 409 (1968), note 1
    "In such cases, federal jurisdiction does not require that the amount in controversy exceed $10,000. Cf. Douglas "
    "v. City of Jeannette, 319 U. S. 157, 161; Hague v. C. I. O., 307 U. S. 496, 507-514, 527-532."
)
DEMOCRACY = (  # Democracy N.C. v. N.C. State Bd. of Elections (M.D.N.C. 2022)
    "This is not a case where Plaintiffs lack adequate time to participate in the election process, thus increasing "
    "the need for a final ruling. Cf. Miller , 462 F.3d at 321 (finding plaintiffs would suffer undue hardship "
    "without a final ruling)."
)


def test_cf_after_denying_a_fact_of_this_case_is_a_contrast() -> None:
    for text, needle, name in ((MURDOCK, "Chaplinsky v. New Hampshire, supra", "Chaplinsky"),
                               (DEMOCRACY, "Miller , 462 F.3d at 321", "Miller")):
        assert classify(read(text), mention(text, needle, kind="full"), {name}).label == "distinguished"


def test_cf_after_a_negative_rule_of_law_is_no_contrast() -> None:
    for needle, name in (("Douglas v. City of Jeannette", "Douglas"), ("Hague v. C. I. O.", "Hague")):
        assert classify(read(JONES_FN1), mention(JONES_FN1, needle, kind="full"), {name}).label != "distinguished"


def test_cf_in_a_first_circuit_opinion_read_from_courtlistener_json() -> None:
    # Manning v. Boston Medical Center (1st Cir. 2013): "We see no need to demand more specificity ... Cf. Spears",
    # "those concerns do not justify the drastic measure of striking the class allegations ... Cf. Twombly"
    from ingest.read import read_path
    from ingest.resolve import resolve

    op = read_path(FIXTURES / "formats" / "courtlistener_v3_opinion_manning_v_boston_medical_ca1.json")[0]
    ext = resolve(op)
    for name in ("Spears", "Twombly"):
        refs = {i for i, a in enumerate(ext.authorities) if name in (a.name or "")}
        judged = [classify(read(op.text), m, {name}).label for m in ext.mentions if m.ref in refs]
        assert judged and "distinguished" not in judged


# --- words about one decision do not pass to the next: 44 Liquormart (1996), College Savings (1999) ------

LIQUORMART = (
    "Nevertheless, as we explained in Linmark, the State retains less regulatory authority when its commercial "
    "speech restrictions strike at \"the substance of the information communicated\" rather than the \"commercial "
    "aspect of [it]—with offerors communicating offers to offerees.\" 431 U. S., at 96; Carey v. Population "
    "Services Int'l, 431 U. S., at 701, n. 28."
)
ADARAND = (  # Adarand Constructors v. Peña (1995)
    "Consider, for example, the following passage from McLaughlin v. Florida, 379 U. S. 184, a 1964 case that "
    "struck down a race-based state law:"
)


def test_a_cue_with_its_own_decision_does_not_pass_to_the_next_citation() -> None:
    t = classify(read(LIQUORMART), mention(LIQUORMART, "Carey v. Population Services Int'l", kind="short"), {"Carey"})
    assert t.label == "cited"
    # College Savings Bank (1999): "... when we held, in Ex parte New York, ... Hans itself involved an action
    # against Louisiana ...": the bare name opening a prose sentence takes no cue from the sentence before
    from ingest.read import read_path
    from ingest.resolve import resolve

    op = read_path(FIXTURES / "overruled" / "118317.html")[0]
    ext = resolve(op)
    at = op.text.index("Hans itself involved")
    m = next(m for m in ext.mentions if m.start == at)
    assert classify(read(op.text), m, {"Hans"}).label == "cited"


def test_the_following_passage_is_not_following_a_decision() -> None:
    t = classify(read(ADARAND), mention(ADARAND, "McLaughlin v. Florida", kind="full"), {"McLaughlin"})
    assert t.label == "cited"


def test_of_two_negative_words_the_overruling_is_the_treatment() -> None:
    # Seminole Tribe of Fla. v. Florida, 517 U.S. 44, 66 (1996): the decision is overruled, not merely criticized
    text = ("We feel bound to conclude that Union Gas was wrongly decided and that it should be, and now is, "
            "overruled.")
    t = classify(read(text), mention(text, "Union Gas"), {"Union Gas"})
    assert t.label == "overruled"
    # constructed, in the usual form, both cues in one clause: the overruling still wins
    text = "Pennsylvania v. Union Gas was wrongly decided and it is overruled."
    t = classify(read(text), mention(text, "Pennsylvania v. Union Gas", kind="full"), {"Pennsylvania v. Union Gas"})
    assert t.label == "overruled"


# --- repudiated, abandoned, limited to its facts, not persuaded (the issue's list) ---------------------

def _label(text: str, needle: str) -> tuple[str, ...]:
    return judge(read(text), [mention(text, needle, kind="full")], {needle}).labels


def test_repudiated_today_overrules_repudiated_by_case_law_criticizes() -> None:
    # Quill Corp. v. North Dakota, 504 U.S. 298 (1992) (White, J., concurring in part and dissenting in part)
    assert _label("Today the Court repudiates that aspect of our decision in National Bellas Hess, Inc. v. "
                  "Department of Revenue of Ill., 386 U. S. 753 (1967), which restricts", "National Bellas Hess") == (
        "overruled",)
    # South Carolina v. Baker, 485 U.S. 505 (1988): repudiated by later case law, not overruled by these words
    assert _label("The rationale underlying Pollock and the general immunity for government contract income has "
                  "been thoroughly repudiated by modern intergovernmental immunity case law.", "Pollock") == (
        "criticized",)


def test_limited_to_its_facts_is_declined_in_the_courts_own_voice_only() -> None:
    # South Carolina v. Baker, n. 12: another decision's act, reported ("had already confined ... in Helvering")
    assert _label("Prior to that the Court had already confined Collector v. Day to its facts in Helvering v. "
                  "Gerhardt, 304 U. S. 405 (1938), which upheld", "Collector v. Day") == ("cited",)
    # constructed, in the usual forms
    assert _label("Smith v. Jones is limited to its facts.", "Smith v. Jones") == ("declined",)
    assert _label("We confine Smith v. Jones to its facts.", "Smith v. Jones") == ("declined",)
    assert _label("We confine Smith v. Jones to the review of agency orders.", "Smith v. Jones") == ("cited",)
    assert _label("We are not persuaded by the reasoning of Smith v. Jones.", "Smith v. Jones") == ("declined",)


# --- Morgan v. United States, 113 U.S. 476 (1885): a one-word reporter and a long clause ---------------

MORGAN = (
    "It is apparent that the original decision of the court in referrence to the Texas indemnity bonds in Texas v. "
    "White, 7 Wall. 700, has been questioned and limited in important particulars in the subsequent cases involving "
    "the same questions. The position there taken that the legislature of Texas, while the State was owner of the "
    "bonds, could limit their negotiability by\" an act of legislation, of which all subsequent purchasers were "
    "charged with notice, although the bonds on their face were payable to bearer, must be regarded as overruled."
)


def test_a_one_word_reporter_between_volume_and_page_ends_no_sentence() -> None:
    starts = sentence_starts(MORGAN)
    assert len(starts) == 2 and MORGAN[starts[1]:].startswith("The position there taken")
    # "26 Ind. 299" (Monell v. Department of Social Services, 1978) and "365 Mo. 996" (Wester, Mo. App. 2004)
    assert len(sentence_starts("See Smith v. Moody, 26 Ind. 299 (1866) (following Coryell). Next.")) == 2
    assert len(sentence_starts("Producers Produce Co. v. Indus. Comm'n of Missouri, 365 Mo. 996, 291 S.W.2d 166 "
                               "(1956). The standard")) == 2


def test_the_position_there_taken_overrules_the_decision_just_named_across_a_long_clause() -> None:
    t = classify(read(MORGAN), mention(MORGAN, "Texas v. White, 7 Wall. 700", kind="full"), {"Texas v. White"})
    assert t.label == "overruled"
    check_evidence(MORGAN, t)


def test_a_weak_signal_stays_weak_though_a_parenthetical_holds_a_cue_word() -> None:
    # Ideal Electronic Security Co. v. International Fidelity Ins. Co. (D.C. Cir. 1997): "under" in Sentry's
    # parenthetical is no "under {case}"; the strength is the signal's, not a re-reading of the passage
    ideal = next((FIXTURES / "heldout").glob("03_*.txt")).read_text()
    start = ideal.index("See\nalso Sentry Ins.")
    passage = ideal[start:ideal.index("principal and surety", start) + len("principal and surety")] + ")."
    m = mention(passage, "Central Tow-\ners Apts. v. Martin, 453 S.W.2d 789", kind="full")
    t = classify(read(passage), m, {"Central Towers Apts. v. Martin"})
    assert t.label == "followed" and strength(t) == 1
    assert judge(read(passage), [m], {"Central Towers Apts. v. Martin"}).labels == ("cited",)


def test_another_court_reaching_a_similar_conclusion_and_in_that_case_as_here() -> None:
    # Department of Human Resources v. Johnson (Ga. Ct. App. 2003)
    johnson = next((FIXTURES / "heldout").glob("02_*.txt")).read_text()
    start = johnson.index("In Roditis v. United States,[15]")
    passage = johnson[start:johnson.index("\n", start)]
    roditis = mention(passage, "Roditis v. United States")
    assert judge(read(passage), [roditis], {"Roditis v. United States"}).labels == ("followed",)
    # Ideal Electronic Security Co. v. International Fidelity Ins. Co. (D.C. Cir. 1997)
    ideal = next((FIXTURES / "heldout").glob("03_*.txt")).read_text()
    start = ideal.index("This court resolved a similar claim")
    passage = ideal[start:ideal.index("Id. at 269.", start)]
    m = mention(passage, "Carroll v. National\nSurety Co., 24 F.2d 268", kind="full")
    assert judge(read(passage), [m], {"Carroll v. National Surety Co."}).labels == ("followed",)
    # a court that might have reached a result by another road is no agreement (Hudson v. United States, 1997)
    hudson = "Of course, the Court in Halper might have reached the same result through the fines clause."
    assert judge(read(hudson), [mention(hudson, "Halper")], {"Halper"}).labels == ("cited",)


def test_a_decision_that_has_no_application_to_this_case_is_distinguished() -> None:
    # Department of Human Resources v. Johnson (Ga. Ct. App. 2003): "... Williams, supra at 573-577. It has no
    # application to the facts of this case, because the 1994 amendment prevented ..."
    johnson = read_path(next((FIXTURES / "heldout").glob("02_*.txt")))[0]
    williams = next(g for g in analyze(johnson).groups if g.name == "Williams v. Dept. of Corrections")
    assert williams.labels == ("distinguished",)
    assert any("no application to the facts of this case" in e.text for e in williams.evidence)
