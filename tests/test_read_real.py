"""Real text as users have it: one test per defect of the text, on real opinions (tests/fixtures/README.md)."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

from bs4 import BeautifulSoup
from eyecite import get_citations

from ingest.extract import find
from ingest.models import Opinion
from ingest.read import read_path
from ingest.read.clean import drop_margin_numbers, tidy
from ingest.read.text import read_text
from ingest.resolve import resolve
from tests.conftest import FIXTURES

FORMATS = FIXTURES / "formats"
OVERRULED = FIXTURES / "overruled"
RULE = FORMATS / "courtlistener_v3_opinion_rule_v_fort_dodge_ca1.json"
MANNING = FORMATS / "courtlistener_v3_opinion_manning_v_boston_medical_ca1.json"
DYOUS_HTML = FORMATS / "fastcase_html_state_v_dyous_conn.html"
DYOUS_XML = FORMATS / "fastcase_xml_state_v_dyous_conn.xml"


def _plain_only(path: Path, tmp_path: Path) -> Path:
    """The CourtListener record with only its `plain_text`, as v3 dumps of older opinions often are."""
    record = json.loads(path.read_text())
    for key in list(record):
        if key.startswith(("html", "xml")):
            record[key] = ""
    out = tmp_path / path.name
    out.write_text(json.dumps(record))
    return out


def _names(op: Opinion) -> dict[str, list[str]]:
    return {a.name or "": a.citations for a in resolve(op).authorities}


# --- typewriter text: runs of spaces, double spacing, citations broken over lines ----------------


def test_typewriter_plain_text_keeps_its_citations(tmp_path: Path) -> None:
    raw = json.loads(MANNING.read_text())["plain_text"]
    assert "action    against    defendants" in raw and "\n\n" in raw  # justified, double-spaced lines
    op = read_path(_plain_only(MANNING, tmp_path))[0]
    assert "  " not in op.text
    assert "action against defendants Boston Medical Center Corporation" in op.text
    before = len(get_citations(raw))
    after = len(get_citations(op.text.replace("\n", " ")))
    assert (before, after) == (190, 213)  # eyecite on the text as it comes, and as the store keeps it
    assert len(find(op.text)) == 190  # case citations only, without statutes


def test_a_citation_broken_over_lines_is_found(tmp_path: Path) -> None:
    op = read_path(_plain_only(RULE, tmp_path))[0]
    assert "In re Colonial Mortgage Bankers Corp., 324\nF.3d 12, 15 (1st Cir. 2003)" in op.text
    names = _names(op)
    assert names["In re Colonial Mortgage Bankers Corp."] == ["324 F.3d 12"]
    assert "Iannacchino v. Ford Motor Co." in names  # in a footnote between two pages' lines


def test_party_block_caption_skips_roles_and_joins_wrapped_lines(tmp_path: Path) -> None:
    rule = read_path(_plain_only(RULE, tmp_path))[0]
    assert rule.caption == "Jessica C. Rule v. Fort Dodge Animal Health, Inc."
    assert (rule.docket, rule.date) == ("09-1364", "2010-06-02")
    manning = read_path(_plain_only(MANNING, tmp_path))[0]
    assert manning.caption == "Elizabeth Manning v. Boston Medical Center Corporation"  # not "Nos. 12-1573 v."


# --- CourtListener v3: the editors' HTML before plain_text -----------------------------------------


def test_courtlistener_v3_reads_html_lawbox_with_its_parallel_citations() -> None:
    op = read_path(RULE)[0]
    assert op.citations == ("607 F.3d 250",) and op.caption == "Jessica C. Rule v. Fort Dodge Animal Health, Inc."
    names = _names(op)
    # plain_text gives only "888 N.E.2d 879"; the lawbox HTML adds the official reporter
    assert names["Iannacchino v. Ford Motor Co."] == ["451 Mass. 623", "888 N.E.2d 879"]
    assert "*251" not in op.text  # the star page is the opinion's own


def test_windows_1252_punctuation_read_as_latin_1_is_repaired() -> None:
    lawbox = json.loads(RULE.read_text())["html_lawbox"]
    assert "non-existent\x97this" in lawbox
    assert "non-existent—this depends on legal definition—the" in read_path(RULE)[0].text


# --- entities and glued star pages in plain text ---------------------------------------------------


def test_plain_text_with_entities_and_glued_star_pages(tmp_path: Path) -> None:
    """The lawbox HTML with its tags stripped and its entities left, as a naive converter saves it."""
    lawbox = json.loads(RULE.read_text())["html_lawbox"]
    naive = re.sub(r"<[^>]+>", "", lawbox)
    assert "Kelston &amp; Zavez" in naive and "*251 John" in naive
    op = read_text(naive, "rule.txt")
    assert "Adkins, Kelston & Zavez, P.C." in op.text and "&amp;" not in op.text
    fastcase = BeautifulSoup(DYOUS_HTML.read_text(), "lxml").get_text()  # the page copied as text
    assert "*1005Robert E. Byron" in fastcase
    op = read_text(fastcase, "dyous.txt")
    assert "*1005 Robert E. Byron" in op.text
    assert all("*" not in name for name in _names(op))


def test_margin_line_numbers_of_pleading_paper_are_dropped(tmp_path: Path) -> None:
    """Rule's typescript laid out as pleading paper: every line numbered 1-28 in the margin, per page."""
    lines = read_path(_plain_only(RULE, tmp_path))[0].text.split("\n")
    pages = [lines[i : i + 28] for i in range(0, len(lines), 28)]
    numbered = "\n".join("\n".join(f"{n + 1:>2}  {line}" for n, line in enumerate(page)) for page in pages)
    plain = "\n".join(lines)
    assert tidy(numbered) == tidy(plain)
    assert len(find(read_text(numbered, "rule.txt").text)) == len(find(plain))
    footnote = "4\nSee Iannacchino v. Ford Motor Co., 888 N.E.2d 879, 886"  # a lone number is not a margin
    assert drop_margin_numbers(footnote) == footnote and tidy(footnote) == footnote


# --- the opinion's own page markers ----------------------------------------------------------------


def test_bracketed_page_breaks_of_two_reporters_are_not_citations() -> None:
    op = read_path(DYOUS_XML)[0]
    assert "[100 A.3d 1005]" in op.text and "[153 Conn.App. 267]" in op.text
    cites = [c for a in resolve(op).authorities for c in a.citations]
    assert not [c for c in cites if c.startswith(("100 A.3d", "153 Conn. App."))]


def test_page_breaks_holding_several_reporters_are_not_citations() -> None:
    """A New York page break names the page in each reporter; here in a sentence of D.G. v. K.S."""
    text = (FIXTURES / "texts" / "04_dg_v_ks_njsuper_2015.txt").read_text()
    i = text.index("See, e.g., Fusco v. Fusco")
    sentence = text[i - 200 : i] + "[912 N.E.2d 77, 889 N.Y.S.2d 511] " + text[i : i + 300]
    sentence = sentence.replace("the failure", "[3 Cal.App.5th 210] the failure")
    found = [c.corrected_citation() for c in find(sentence)]
    assert not {"912 N.E.2d 77", "889 N.Y.S.2d 511", "3 Cal. App. 5th 210"} & set(found)
    assert "186 N.J. Super. 321" in found and "452 A.2d 681" in found


def test_new_jerseys_bracketed_parallel_citations_are_one_decision() -> None:
    op = read_text((FIXTURES / "texts" / "04_dg_v_ks_njsuper_2015.txt").read_text(), "04.txt")
    names = _names(op)
    assert names["Fusco v. Fusco"] == ["186 N.J. Super. 321", "452 A.2d 681"]  # "321, 329 [452 A.2d 681]"
    assert names["Tancredi v. Tancredi"] == ["101 N.J. Super. 259", "244 A.2d 139"]  # "259 [262, 244 A.2d 139]"
    assert "D.W. v. R.W." in names  # "under the Parentage Act. D.W. v. R.W., 212 N.J. 232"


def test_a_denial_of_review_folds_into_the_case() -> None:
    names = _names(read_path(DYOUS_XML)[0])
    assert names["State v. Bigelow"] == ["120 Conn. App. 632", "994 A.2d 204", "297 Conn. 916", "996 A.2d 278"]
    assert not [n for n in names if re.fullmatch(r"\d+ Conn\. \d+", n)]  # no "cert. denied" decision alone


def test_star_pages_in_html_are_not_text() -> None:
    op = read_path(OVERRULED / "103172.html")[0]
    assert "*483" not in op.text
    assert "Metcalf & Eddy v. Mitchell" in _names(op)  # "Metcalf & Eddy v. <span>*483</span> Mitchell"


# --- formats -----------------------------------------------------------------------------------------


def test_courtlistener_xml_fragments_parse_as_xml_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        op = read_path(OVERRULED / "103962.html")[0]
    assert "[footnote 5]\n\nSmith v. Allwright, 131 F. 2d 593." in op.text
    names = _names(op)
    assert "Smith v. Allwright" in names and not [n for n in names if n[:1].isdigit()]


def test_a_caption_does_not_run_back_over_a_closed_sentence() -> None:
    names = _names(read_path(OVERRULED / "2764117.html")[0])
    assert "Thompson v. Whitman" in names  # "... since 1873. Thompson v. Whitman, 18 Wall. 457"
    assert not [n for n in names if re.match(r"\d", n) and not n.startswith("14 Penn")]


def test_fastcase_case_html() -> None:
    op = read_path(DYOUS_HTML)[0]
    assert op.format == "html"
    assert (op.court, op.date) == ("Appellate Court of Connecticut", "2014-09-30")
    assert op.caption == "STATE of Connecticut v. Anthony DYOUS"
    assert "*1005" not in op.text and "*267" not in op.text  # page labels are the opinion's own
    assert "as against mentally disordered prison inmates,[2] and" in op.text  # footnote marks as CAP writes them
    assert "[footnote 1] General Statutes § 17a-593 (c) provides" in " ".join(op.text.split())
    names = _names(op)
    assert names["State v. Dyous"] == ["307 Conn. 299", "53 A.3d 153"]
    big = read_path(FORMATS / "fastcase_html_in_re_fin_oversight_bd_pr_br.html")[0]
    assert big.date == "2018-08-17" and "District Court" in (big.court or "")


def test_fastcase_xml() -> None:
    op = read_path(DYOUS_XML)[0]
    assert op.format == "fastcase" and op.source_file == DYOUS_XML.name
    assert (op.caption, op.court, op.date, op.docket) == (
        "State v. Dyous",
        "Appellate Court of Connecticut",
        "2014-09-30",
        "35670",
    )
    assert op.citations == ("153 Conn. App. 266", "100 A.3d 1004") and op.missing == ()
    assert "<" not in op.text and "&lt;" not in op.text
    assert "The defendant, Anthony Dyous, appeals from the judgment" in op.text


# --- names -------------------------------------------------------------------------------------------


def test_names_read_from_real_sentences() -> None:
    fisher = _names(read_text((FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt").read_text(), "01.txt"))
    assert fisher["Regents of Univ. of Cal. v. Bakke"] == ["438 U.S. 265"]  # "in Grutter and Regents of ..."
    assert "Grutter v. Bollinger" in fisher and not [n for n in fisher if n.startswith("Grutter and")]
    hogarth = _names(read_text((FIXTURES / "texts" / "02_hogarth_v_bell_ednc_2025.txt").read_text(), "02.txt"))
    assert hogarth["Ex parte Young"] == ["209 U.S. 123"]  # "Ex Parte Young , 209 U.S. 123"


# --- the user names the untitled stripped opinion -----------------------------------------------------


def test_rename_the_untitled_stripped_opinion_from_the_cli(tmp_path: Path, capsys) -> None:
    from tests.conftest import run_cli

    seed = FIXTURES / "texts" / "004_4d4556a23a4afbea.txt"
    db = str(tmp_path / "db")
    assert run_cli("ingest", "-q", "--db", db, str(seed)) == 0
    out = tmp_path / "x.json"
    assert run_cli("export", "--db", db, "--out", str(out)) == 0
    [me] = [c for c in json.loads(out.read_text())["cases"] if c.get("source_file") == seed.name]
    assert me["name"].startswith("Untitled opinion")
    caption = "Dudnikov v. Chalk & Vermilion Fine Arts, Inc."
    capsys.readouterr()
    assert run_cli("rename", me["id"], caption, "--db", db) == 0
    assert capsys.readouterr().out.strip() == f"{me['id']}: {caption}"
    assert run_cli("ingest", "-q", "--db", db, str(seed)) == 0  # ingested again: the name stays
    assert run_cli("export", "--db", db, "--out", str(out)) == 0
    [again] = [c for c in json.loads(out.read_text())["cases"] if c["id"] == me["id"]]
    assert again["name"] == caption
    assert run_cli("rename", "c-no-such-case", caption, "--db", db) == 1
    assert "no case with id 'c-no-such-case'" in capsys.readouterr().err
    assert run_cli("rename", me["id"], " ", "--db", db) == 2


def test_captions_in_prose_lists_and_after_a_docket_number() -> None:
    monell = _names(read_path(OVERRULED / "109881.html")[0])
    assert "Moor v. County of Alameda" in monell  # "[6] / Similarly, in Moor v. County of Alameda, 411 U. S. 693"
    assert "Aldinger v. Howard" in monell  # "Monroe, City of Kenosha v. Bruno, and Aldinger v. Howard, 427 U. S. 1"
    manning = _names(read_path(MANNING)[0])
    # "In Salvas v. Wal-Mart Stores, Inc., the [SJC] applied these principles ... 893 N.E.2d 1187"
    assert manning["Salvas v. Wal-Mart Stores, Inc."] == ["893 N.E.2d 1187"]
    fin = _names(read_path(FORMATS / "fastcase_html_in_re_fin_oversight_bd_pr_br.html")[0])
    # a "No." far back ("(See Docket Entry No. 195 ...)") is not the caption's docket number
    assert "Librotex, Inc. v. Autoridad de Acueductos y Alcantarillados de P.R." in fin
    dg = _names(read_text((FIXTURES / "texts" / "04_dg_v_ks_njsuper_2015.txt").read_text(), "04.txt"))
    # "Wilke v. Culp, 196 N.J.Super. 487, 501, 483 A.2d 420, (App.Div.1984), certif. denied, 99 N.J. 243 [491
    # A.2d 728]": the denial after a court-year parenthetical folds in too
    assert dg["Wilke v. Culp"] == ["196 N.J. Super. 487", "483 A.2d 420", "99 N.J. 243", "491 A.2d 728"]


def test_nominative_reporters_are_decisions_and_regnal_statutes_are_not() -> None:
    founding = _names(read_path(OVERRULED / "107081.html")[0])
    assert founding["Calder v. Bull"] == ["3 Dall. 386"] and founding["Ogden v. Saunders"] == ["12 Wheat. 213"]
    assert founding["Cummings v. Missouri"] == ["4 Wall. 277"]
    # "13 Will. 3, c. 3", "21 Rich. 2, c. 6", "26 Hen. 8, c. 25": Acts of Parliament by regnal year
    cites = [c for cs in founding.values() for c in cs]
    assert not [c for c in cites if re.search(r"\b(?:Will|Rich|Hen)\.", c)]
    monell = _names(read_path(OVERRULED / "109881.html")[0])
    assert monell["McCulloch v. Maryland"] == ["4 Wheat. 316"] and monell["Prigg v. Pennsylvania"] == ["16 Pet. 539"]
    assert monell["Kentucky v. Dennison"] == ["24 How. 66"]
    assert "Cowles v. Mercer County" in monell and "Paul v. Virginia" in monell  # "the ... Act, in Cowles v. ..."


def test_the_webgroup_caption_meets_its_citation_by_name() -> None:
    """An ingested opinion without its reporter citation (seed 000) and a later opinion citing it as
    "Doe v. WebGroup Czech Republic, A.S., 93 F.4th 442 (9th Cir. 2024)" (the decision's caption as
    reporters print it) must read to one name key, so the identity stage can join them."""
    from graph.keys import name_key

    web = read_text((FIXTURES / "texts" / "000_ab9c4de9583b9acb.txt").read_text(), "000.txt")
    assert web.citations == () and web.year == 2024
    citing = "See Doe v. WebGroup Czech Republic, A.S., 93 F.4th 442, 451 (9th Cir. 2024)."
    [cited] = resolve(Opinion(text=citing, source_file="x.txt", format="text")).authorities
    assert cited.citations == ["93 F.4th 442"] and cited.year == 2024
    assert name_key(cited.name or "") == name_key(web.caption or "") != ""


def test_a_headings_closing_period_and_footnote_mark_are_not_the_caption() -> None:
    """CourtListener's headings end with a period and sometimes a footnote mark: MAPP v. OHIO. (367 U.S. 643),
    MURDOCK v. PENNSYLVANIA (CITY OF JEANNETTE).[*] (319 U.S. 105); an abbreviation keeps its period."""
    from ingest.read.header import normalise_caption

    assert read_path(FIXTURES / "overruled" / "106285.html")[0].caption == "Mapp v. Ohio"
    assert normalise_caption("MURDOCK v. PENNSYLVANIA (CITY OF JEANNETTE).[*]") == (
        "Murdock v. Pennsylvania (City of Jeannette)")
    assert normalise_caption("LEAR, INC. v. ADKINS.") == "Lear, Inc. v. Adkins"  # 395 U.S. 653
    assert normalise_caption("JONES ET UX. v. ALFRED H. MAYER CO.") == "Jones et Ux. v. Alfred H. Mayer Co."
    assert normalise_caption("D.G. AND S.H. v. K.S.") == "D.G. and S.H. v. K.S."
