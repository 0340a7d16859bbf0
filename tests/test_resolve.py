"""Bare names, reported edges and citation-stripped text, on real passages of the seeds."""

from __future__ import annotations

from graph.keys import tokens
from ingest.extract import find
from ingest.models import Opinion
from ingest.names import caption_before, short_forms, tokens_match
from ingest.read import read_path
from ingest.reported import find_prose_reported, find_reported, find_rule_reported
from ingest.resolve import resolve
from ingest.stripped import caption_of, find_stripped, is_stripped
from tests.conftest import FIXTURES

WEBGROUP = (FIXTURES / "texts" / "000_ab9c4de9583b9acb.txt").read_text()
DUDNIKOV = (FIXTURES / "texts" / "004_4d4556a23a4afbea.txt").read_text()


def _op(text: str, caption: str | None = None) -> Opinion:
    return Opinion(text=text, source_file="t.txt", format="text", caption=caption)


def test_caption_read_around_eyecite() -> None:
    text = "Id. (quoting Asahi Metal Indus. Co., Ltd. v. Super. Ct. of Cal., Solano Cnty., 480 U.S. 102, 115 (1987))."
    assert (
        caption_before(text, text.index("480 U.S."))
        == "Asahi Metal Indus. Co., Ltd. v. Super. Ct. of Cal., Solano Cnty."
    )
    text = (
        "(7) the existence of an alternative forum. Freestream Aircraft (Bermuda) Ltd. v. Aero Law. Grp., 905 F.3d 597"
    )
    assert caption_before(text, text.index("905")) == "Freestream Aircraft (Bermuda) Ltd. v. Aero Law. Grp."
    assert tokens_match(tokens("Int’l Shoe Co. v. Washington"), tokens("International Shoe Co. v. Washington"))
    assert tokens("Mavrix Photo, Inc. v. Brand Techs., Inc.") == tokens("Mavrix Photo v. Brand Technologies")


def test_bare_names_count_as_mentions() -> None:
    ext = resolve(_op(WEBGROUP, "Doe v. WebGroup Czech Republic, A.S."))
    will = next(i for i, a in enumerate(ext.authorities) if "47 F.4th 917" in a.citations)
    names = [m for m in ext.mentions if m.ref == will and m.kind == "name"]
    assert any(WEBGROUP[m.start - 12 : m.end] == "Here, as in Will" for m in names)
    # "will" the verb is never taken for the case
    assert all(WEBGROUP[m.start : m.end] == "Will" for m in names)
    assert not any(WEBGROUP[m.start : m.end + 4].startswith("Will be") for m in names)
    calder = next(i for i, a in enumerate(ext.authorities) if "465 U.S. 783" in a.citations)
    assert any(WEBGROUP[m.start : m.end + 5] == "Calder test" for m in ext.mentions if m.ref == calder)


def test_a_partys_own_name_is_not_a_precedent() -> None:
    text = (
        "Doe v. Smith, 1 F.4th 100 (9th Cir. 2021), held that. Here Doe argues the point. "
        "Smith is not a party here, and as in Smith the claim fails."
    )
    ext = resolve(_op(text, "Doe v. Roe"))
    assert not [m for m in ext.mentions if m.kind == "name" and text[m.start : m.end] == "Doe"]


def test_parenthetical_verbs_report_edges() -> None:
    ext = resolve(_op(WEBGROUP))
    ext.reported = find_reported(ext)
    got = {
        (ext.authorities[r.citing].name.split(" v. ")[0], ext.authorities[r.cited].name.split(" v. ")[0], r.treatment)
        for r in ext.reported
    }
    assert ("Will Co., Ltd.", "Mavrix Photo, Inc.", "cited") in got  # (citing Mavrix, 647 F.3d at 1231)
    assert ("AMA Multimedia, LLC", "UMG Recordings, Inc.", "distinguished") in got  # See id. ... (distinguishing UMG
    assert ("Walden", "Int’l Shoe Co.", "cited") in got  # (quoting Int'l Shoe ...)


def test_nested_quoting_parenthetical() -> None:
    text = (
        'See also DFSB Kollective Co. v. Bourne, 897 F. Supp. 2d 871, 881 (N.D. Cal. 2012) ("If the defendant '
        'merely operates a website ... without offending the Constitution." (quoting be2 LLC v. Ivanov, 642 F.3d '
        "555, 559 (7th Cir. 2011))). Next sentence."
    )
    ext = resolve(_op(text))
    ext.reported = find_reported(ext)
    assert [(ext.authorities[r.citing].name, ext.authorities[r.cited].name) for r in ext.reported] == [
        ("DFSB Kollective Co. v. Bourne", "be2 LLC v. Ivanov")
    ]


def test_stripped_text_is_detected_and_read() -> None:
    assert is_stripped(DUDNIKOV) and not is_stripped(WEBGROUP)
    ext = find_stripped(_op(DUDNIKOV), known=[("c-326-us-310", "International Shoe Co. v. Washington")])
    names = {a.name for a in ext.authorities}
    assert "Intercon v. Bell Atl. Internet Solutions" in names
    assert "International Shoe Co. v. Washington" in names  # "int l shoe washington." met the known case
    # record cites ("applt app.at.") and parenthetical phrases are not decisions
    assert not any("App" in n.split() or "Emphas" in n for n in names)
    burger = next(i for i, a in enumerate(ext.authorities) if a.name.lower().startswith("burger king"))
    assert any(m.kind == "name" for m in ext.mentions if m.ref == burger)  # later "in burger king"


def test_stripped_overruled_in_prose() -> None:
    text = (
        "plaintiffs point to the ninth circuit decision in la ligue contre le racisme et,cir en banc.in,a majority of "
        "a ninth circuit en banc panel effectively overruled that court earlier holding in bancroft masters,augusta,"
        "cir,and held that we do not read calder necessarily to require it."
    ) * 30
    ext = find_stripped(_op(text), known=[])
    pairs = {(ext.authorities[r.citing].name, ext.authorities[r.cited].name, r.treatment) for r in ext.reported}
    assert any(a.startswith("La Ligue") and b.startswith("Bancroft") and t == "overruled" for a, b, t in pairs)
    assert find_prose_reported(ext)


def test_caption_of_stripped_words() -> None:
    assert caption_of("intercon,bell atl.internet solutions") == "Intercon v. Bell Atl. Internet Solutions"
    assert caption_of("int l shoe washington") == "Int'l Shoe Washington"


def test_stripped_caption_after_a_possessive_and_in_a_list() -> None:
    ext = find_stripped(_op(DUDNIKOV), [])
    names = [a.name for a in ext.authorities]
    # "informative in its contrast,schwarzenegger fred martin motor,cir": "contrast" is prose, not a party
    assert "Schwarzenegger Fred Martin Motor" in names
    assert not any(n.lower().startswith("contrast") for n in names)
    # "akin to red wing shoe,and compuserve patterson,cir": the first caption of the list is a mention too
    red_wing = next(i for i, n in enumerate(names) if n.lower().startswith("red wing"))
    akin = DUDNIKOV.index("akin to red wing shoe") + len("akin to ")
    assert any(m.ref == red_wing and m.start == akin for m in ext.mentions)


def test_a_state_party_is_not_a_short_name() -> None:
    assert short_forms("Texas v. Johnson") == {"Johnson"}
    assert "Texas" not in short_forms("OCA-Greater Hous. v. Texas")


def test_slip_opinion_running_head_and_page_references_are_not_decisions() -> None:
    fisher = (FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt").read_text()
    ext = resolve(_op(fisher))
    cites = {c for a in ext.authorities for c in a.citations}
    assert not any(c.startswith("570 U.S.") for c in cites)  # "Cite as: 570 U. S. ____ (2013)" is itself
    below = next(a for a in ext.authorities if "631 F.3d 213" in a.citations)
    assert below.name is None or not below.name.startswith("Pp.")  # "Pp. 8–13. 631 F. 3d 213"


def test_a_rule_named_for_a_decision_reports_who_applied_it() -> None:
    # "... the express aiming prong” of the Calder effects test. Mavrix Photo, ..., 647 F.3d 1218, 1229"
    ext = resolve(_op(WEBGROUP, "Doe v. WebGroup Czech Republic, A.S."))
    names = {i: a.citations for i, a in enumerate(ext.authorities)}
    pairs = {(names[r.citing][0], names[r.cited][0]) for r in find_rule_reported(ext)}
    assert ("647 F.3d 1218", "465 U.S. 783") in pairs  # Mavrix applied Calder's test
    assert all(a != b for a, b in pairs)


def test_captions_with_lower_case_words_and_a_footnote_mark() -> None:
    hogarth = (FIXTURES / "texts" / "02_hogarth_v_bell_ednc_2025.txt").read_text()
    i = hogarth.index("168 F.3d 705")
    assert caption_before(hogarth, i) == "N.C. Right to Life, Inc. v. Bartlett"
    i = hogarth.index("573 U.S. 149")  # "Driehaus,\n\n14\n\n573 U.S. 149": a page break's footnote mark
    assert caption_before(hogarth, i) == "Susan B. Anthony List v. Driehaus"
    dnc = (FIXTURES / "texts" / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt").read_text()
    i = dnc.index("690 F. Supp. 2d 1183")
    assert caption_before(dnc, i) == "Am. Ass'n of People with Disabilities v. Herrera"


def test_captions_stop_at_a_page_break_a_year_and_a_footnote_mark() -> None:
    thomas = (FIXTURES / "texts" / "09_thomas_v_housing_authority_wash_1967.txt").read_text()
    assert caption_before(thomas, thomas.index("10 Wn.2d 357")) == "Fritsche v. Seattle"  # "(1953), and Fritsche"
    dnc = (FIXTURES / "texts" / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt").read_text()
    assert caption_before(dnc, dnc.index("959 F.3d 804")) == "Thompson v. Dewine"  # "applies. 4 See Thompson"
    text = "[590 F.Supp.3d 865]\n\nNorman v. Reed, 502 U.S. 279 (1992)."
    assert caption_before(text, text.index("502 U.S.")) == "Norman v. Reed"


def test_the_opinions_own_page_breaks_are_not_citations() -> None:
    dnc = (FIXTURES / "texts" / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt").read_text()
    assert "[590 F.Supp.3d 856]" in dnc
    found = [c.matched_text() for c in find(dnc)]
    assert [t for t in found if t.startswith("590 F.Supp.3d")] == ["590 F.Supp.3d 850"]  # the header's, itself
    text = "[590 F.Supp.3d 856]\nSee Smith v. Jones, 590 F.Supp.3d 856 (M.D.N.C. 2022)."
    assert [c.matched_text() for c in find(text)] == ["590 F.Supp.3d 856"]  # the real one stays


def test_a_shared_short_name_goes_to_the_decision_whose_caption_it_heads() -> None:
    # Fisher cites "Grutter and Regents of Univ. of Cal. v. Bakke" (Bakke) before "Grutter v. Bollinger"
    fisher = (FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt").read_text()
    ext = resolve(_op(fisher, "Fisher v. University of Texas at Austin"))
    grutter = next(i for i, a in enumerate(ext.authorities) if "539 U.S. 306" in a.citations)
    assert ext.authorities[grutter].name == "Grutter v. Bollinger"  # the full caption read later wins
    overrule = fisher.index("I would overrule Grutter.") + len("I would overrule ")
    assert [m.ref for m in ext.mentions if m.start == overrule] == [grutter]


def test_stripped_string_cite_pin_remnant_then_the_next_citation() -> None:
    # "see also silent drive,at wise lindamood,d.": two citations, the first closed by its pin remnant
    ext = find_stripped(_op(DUDNIKOV), [])
    at = DUDNIKOV.index("silent drive,at wise lindamood")
    refs = {ext.authorities[m.ref].name for m in ext.mentions if at <= m.start < at + 40}
    assert refs == {"Silent Drive", "Wise Lindamood"}


def test_an_id_goes_to_the_decision_whose_pages_hold_its_pin() -> None:
    # 000: "Id. (citing Yahoo! ..., 433 F.3d 1199 ...). Indeed, in Will, we held ... Id. at 926–27"
    ext = resolve(_op(WEBGROUP, "Doe v. WebGroup Czech Republic, A.S."))
    at = WEBGROUP.index("Id. at 926–27")
    [m] = [m for m in ext.mentions if m.start == at]
    assert ext.authorities[m.ref].citations[0] == "47 F.4th 917"  # Will, not Yahoo! (433 F.3d 1199)
    # Fisher (Ginsburg, J.): "See Gratz, 539 U. S., at 303–304 ... Id., at 297–298": Gratz, not Grutter (at 306)
    fisher = (FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt").read_text()
    ext = resolve(_op(fisher))
    at = fisher.index("Id., at 297–298")
    [m] = [m for m in ext.mentions if m.start == at]
    assert "539 U.S. 244" in ext.authorities[m.ref].citations


def test_captions_inside_an_editors_brackets() -> None:
    dg = (FIXTURES / "texts" / "04_dg_v_ks_njsuper_2015.txt").read_text()
    assert caption_before(dg, dg.index("111 N.J. 344")) == "Holder v. Polanski"  # "Holder [v. Polanski 111 N.J."
    assert caption_before(dg, dg.index("99 N.J. 42")) == "Cooper v. Cooper"


def _mentions_of(ext, needle: str) -> list[str]:
    refs = {i for i, a in enumerate(ext.authorities) if needle in (a.name or "")}
    return [m.kind for m in ext.mentions if m.ref in refs]


def test_a_supra_is_not_lost_to_the_opinions_own_caption() -> None:
    # People v. Naranjo (Colo. 1980) cites its companion case People v. Sammy Naranjo, then "People v. Naranjo,
    # supra": its own header (People v. Naranjo, 200 Colo. 11) and the parallel cites must not make it ambiguous
    path = FIXTURES / "texts" / "06_people_v_naranjo_colo_1980.txt"
    text = path.read_text()
    op = Opinion(text=text, source_file=path.name, format="text", caption="People v. Naranjo",
                 citations=("200 Colo. 11", "612 P.2d 1106"))
    assert _mentions_of(resolve(op), "Sammy").count("supra") == 3


def test_a_short_cite_before_its_full_cite_in_a_footnote() -> None:
    # Wester v. Mo. Dep't of Labor (Mo. App. 2004): "Golden, 524 S.W.2d at 38" twice in the text, the full
    # cite "Golden v. Indus. Comm'n ..., 524 S.W.2d 34" only in a footnote printed after the opinion
    path = FIXTURES / "texts" / "07_wester_v_mo_dept_labor_moapp_2004.txt"
    ext = resolve(_op(path.read_text()))
    assert _mentions_of(ext, "Golden") == ["short", "short", "full"]
    assert [a.name for a in ext.authorities].count("Golden") == 0


def test_a_decision_with_a_public_body_first_is_known_by_the_other_party() -> None:
    # Thomas v. Housing Authority (Wash. 1967): "Housinq [sic] Authority of Birmingham v. Morris, 244 Ala. 557"
    # then "We believe the Morris decision is better and more carefully reasoned than that in Manius."
    assert "Morris" in short_forms("Housing Authority of Birmingham v. Morris")
    assert "Roth" in short_forms("Board of Regents v. Roth")
    assert short_forms("Brown v. Board of Education") == {"Brown"}
    path = FIXTURES / "texts" / "09_thomas_v_housing_authority_wash_1967.txt"
    text = path.read_text()
    ext = resolve(_op(text))
    at = text.index("the Morris decision") + 4
    m = next(m for m in ext.mentions if m.start == at)
    assert m.kind == "name" and ext.authorities[m.ref].name.endswith("Authority of Birmingham v. Morris")


def test_names_a_scan_or_a_line_break_misprinted() -> None:
    # Gleason v. Seaboard Air Line (1929): "the Friedlander case" hyphenated across a line; Smith v. Allwright
    # (1944) as scanned: "Orovey v. Townsend is overruled." after "Grovey v. Townsend, 295 U. S. 45"
    for file, misprint, known in (("101368.html", "Fried-lander", "Friedlander"),
                                  ("103962.html", "Orovey v. Townsend", "Grovey v. Townsend")):
        op = read_path(FIXTURES / "overruled" / file)[0]
        ext = resolve(op)
        at = op.text.index(misprint + (" case should be overruled" if "Fried" in misprint else " is overruled"))
        m = next(m for m in ext.mentions if m.start == at)
        assert m.kind == "name" and known in ext.authorities[m.ref].name
    # one letter, in one party only, the other as cited: "Orovex v. Townsend", "Orovey v. Townsley" are not it
    text = "Grovey v. Townsend, 295 U. S. 45 (1935). Later, Orovex v. Townsend and Orovey v. Townsley were argued."
    ext = resolve(_op(text))
    assert [m.kind for m in ext.mentions] == ["full"]


def test_a_citation_starts_at_its_caption_not_in_the_sentence_before() -> None:
    # D.G. v. K.S. (N.J. Super. 2015): eyecite's span for "D.W. v. R.W., 212 N.J. 232" starts at "the Parentage
    # Act." of the sentence before, where "under" would read as "under D.W. v. R.W."
    text = (FIXTURES / "texts" / "04_dg_v_ks_njsuper_2015.txt").read_text()
    ext = resolve(_op(text))
    m = next(m for m in ext.mentions if m.kind == "full" and "212 N.J. 232" in m.text)
    assert m.text.startswith("D.W. v. R.W.")


def test_a_rule_printed_in_the_reports_is_no_decision() -> None:
    # Commonwealth v. Furr, 454 Mass. 101 (2009), as scanned ("Grim." for "Crim."): the rules' volumes
    furr = (FIXTURES / "heldout" / "01_commonwealth_v_furr_mass_2009.txt").read_text()
    cites = {c.matched_text() for c in find(furr)}
    assert "435 Mass. 1501" not in cites and "442 Mass. 1511" not in cites
    assert "414 Mass. 423" in cites  # Commonwealth v. Quinones, just before the second rule


def test_georgia_division_numbers_and_several_pins_keep_parallel_citations_together() -> None:
    # Department of Human Resources v. Johnson, 592 S.E.2d 124 (Ga. Ct. App. 2003), its footnotes
    johnson = (FIXTURES / "heldout" / "02_dhr_v_johnson_gaapp_2003.txt").read_text()
    cites: dict[str | None, list[set[str]]] = {}
    for a in resolve(_op(johnson)).authorities:
        cites.setdefault(a.name, []).append(set(a.citations))
    assert cites["Gilbert v. Richardson"] == [{"264 Ga. 744", "452 S.E.2d 476"}]  # "746(1),"
    assert cites["Reliance Ins. Co. v. Bridges"] == [{"168 Ga. App. 874", "311 S.E.2d 193"}]  # "889-890(16),"
    assert cites["Dept. of Transp. v. Dupree"] == [{"256 Ga. App. 668", "570 S.E.2d 1"}]  # "668, 671, 676,"
    assert cites["Williams v. Worsley"] == [{"235 Ga. App. 806", "510 S.E.2d 46"}]


def test_footnoted_citations_a_supra_and_an_id_go_to_the_decision_named_before_them() -> None:
    # Department of Human Resources v. Johnson (Ga. Ct. App. 2003): every full citation is in a footnote at the
    # end; the body names "Williams v. Dept. of Corrections,[17]" and later "Williams, supra at 573-577"
    # (Williams v. Worsley is named only after it), and "Moody v. Dykes.[19] ... Id."
    johnson = (FIXTURES / "heldout" / "02_dhr_v_johnson_gaapp_2003.txt").read_text()
    ext = resolve(_op(johnson))
    supra = next(m for m in ext.mentions if m.kind == "supra" and m.text.startswith("supra at 573"))
    assert ext.authorities[supra.ref].name == "Williams v. Dept. of Corrections"
    at = johnson.index("Moody v. Dykes.[19]")
    first_id = next(m for m in ext.mentions if m.kind == "id" and m.start > at)
    assert ext.authorities[first_id.ref].name == "Moody v. Dykes"
    # where a full cite before the supra has the name, eyecite's answer stands (Gilbert is cited in full first)
    assert all(ext.authorities[m.ref].name for m in ext.mentions if m.kind == "supra")
