"""Readers on real files of every format, and the errors bad input must give."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from ingest.extract import find
from ingest.models import Opinion, ReadError
from ingest.read import (
    MAX_BYTES,
    NO_OPINION,
    Halves,
    Unread,
    iter_opinions,
    pair,
    read_path,
    read_unread,
    supported_suffixes,
)
from ingest.read.cap import repair_escapes
from ingest.read.header import parse_header
from ingest.read.pages import join_broken_words

FIXTURES = Path(__file__).parent / "fixtures"
FORMATS = FIXTURES / "formats"
TEXTS = FIXTURES / "texts"
CL_OPINION = FORMATS / "courtlistener_v4_opinion_noem_v_abrego_garcia.json"
CL_CLUSTER = FORMATS / "courtlistener_v4_cluster_noem_v_abrego_garcia.json"


def one(path: Path) -> Opinion:
    opinions = read_path(path)
    assert len(opinions) == 1
    return opinions[0]


def reason(path: Path) -> str:
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert str(path) in str(info.value) and "\n" not in info.value.reason
    return info.value.reason


# --- each format on a real file ---------------------------------------------------------------


def test_cap_api_v1_xml_dg_v_ks() -> None:
    op = one(FORMATS / "cap_api_v1_xml_casebody_dg_v_ks.json")
    assert op.format == "cap" and op.source_file == "cap_api_v1_xml_casebody_dg_v_ks.json"
    assert op.caption == "D.G. v. K.S."
    assert op.court == "N.J. Super. Ct. Ch. Div."
    assert op.date == "2015-08-24" and op.year == 2015
    assert op.citations == ("444 N.J. Super. 423", "133 A.3d 703")
    assert op.missing == ()
    assert "unusual agreement entered into between three friends to conceive" in op.text
    assert "tri-parenting arrangement" in op.text
    assert "<" not in op.text and "extracted-citation" not in op.text
    assert "shared joint legal custody of the child.[3]" in op.text  # footnote mark and footnote kept
    assert "[footnote 3]\n\nThere was no agreement as to which parent" in op.text
    assert "*442" not in op.text  # page number inside a footnote dropped


def test_cap_api_v1_xml_dallas_sales_drops_page_numbers() -> None:
    op = one(FORMATS / "cap_api_v1_xml_casebody_dallas_sales_v_carlisle_silver.json")
    assert (op.caption, op.court, op.date) == (
        "Dallas Sales Co. v. Carlisle Silver Co.",
        "Tex. App.",
        "2004-05-26",
    )
    assert op.docket == "10-00-00077-CV"
    assert op.citations == ("134 S.W.3d 928",)
    assert op.text.startswith("OPINION\n\nFELIPE REYNA, Justice.")
    assert "Natl. Loan Investors, L.P. v. Taylor, 79 S.W.3d 633, 636" in op.text
    assert "*929" not in op.text and "<" not in op.text
    assert "fast and loose" in op.text and "[footnote 2]" in op.text


def test_cap_static_repairs_broken_escapes() -> None:
    op = one(FORMATS / "cap_static_caselaw_thomas_v_housing_authority.json")
    assert (op.caption, op.court, op.date, op.docket) == (
        "Thomas v. Housing Authority",
        "Wash.",
        "1967-04-13",
        "38561",
    )
    assert op.citations == ("71 Wash. 2d 69",)
    assert "Carrie’s 17-year-old uncle" in op.text and "18 months — now" in op.text
    assert "u00e2" not in op.text and "u00c2" not in op.text


def test_repair_escapes_only_fixes_valid_utf8() -> None:
    assert repair_escapes("Carrieu00e2u0080u0099s u00c2u00a7 5 cafu00c3u00a9") == "Carrie’s § 5 café"
    assert repair_escapes("menu00e2 and u00ffu0080") == "menu00e2 and u00ffu0080"


def test_cap_fields_given_as_python_repr_strings(tmp_path: Path) -> None:
    record = json.loads((FORMATS / "cap_static_caselaw_thomas_v_housing_authority.json").read_text())
    record["citations"] = repr(record["citations"])  # "[{'cite': '71 Wash. 2d 69', 'type': 'official'}]"
    record["court"] = repr(record["court"])
    file = tmp_path / "thomas.json"
    file.write_text(json.dumps(record))
    op = one(file)
    assert op.citations == ("71 Wash. 2d 69",) and op.court == "Wash."


def test_courtlistener_opinion_alone_reads_its_header() -> None:
    op = one(CL_OPINION)
    assert op.format == "courtlistener"
    assert op.text.startswith("Cite as: 604 U. S. ____ (2025)")
    assert "administrative error" in op.text
    assert op.date == "2025-04-10" and op.docket == "24A949"
    assert op.court == "Supreme Court of the United States"


def test_courtlistener_html_field_used_when_no_plain_text(tmp_path: Path) -> None:
    record = json.loads(CL_OPINION.read_text())
    plain = record.pop("plain_text")
    file = tmp_path / "op.json"
    file.write_text(json.dumps(record))
    text = one(file).text
    assert "<" not in text and "class=" not in text
    assert " ".join(text.split()) == " ".join(join_broken_words(plain).split())


def test_courtlistener_cluster_paired_with_opinion(tmp_path: Path) -> None:
    for src in (CL_CLUSTER, CL_OPINION):
        shutil.copy(src, tmp_path)
    results = list(iter_opinions([tmp_path]))
    assert len(results) == 1
    op = results[0]
    assert isinstance(op, Opinion)
    assert (op.caption, op.date) == ("Noem v. Abrego Garcia", "2025-04-10")
    assert op.source_file == CL_OPINION.name and "Abrego Garcia" in op.text and op.missing == ()


def test_courtlistener_v4_citation_dicts(tmp_path: Path) -> None:
    cluster = json.loads(CL_CLUSTER.read_text())
    cluster["citations"] = [{"volume": 604, "reporter": "U.S.", "page": "1", "type": 1}]
    (tmp_path / "cluster.json").write_text(json.dumps(cluster))
    shutil.copy(CL_OPINION, tmp_path / "opinion.json")
    [op] = list(iter_opinions([tmp_path]))
    assert isinstance(op, Opinion) and op.citations == ("604 U.S. 1",)


def test_results_page_joins_all_opinions_of_a_cluster(tmp_path: Path) -> None:
    lead = json.loads(CL_OPINION.read_text())
    dissent = {**lead, "id": 1, "resource_uri": "", "type": "040dissent", "ordering_key": 2}
    dissent["plain_text"] = "JUSTICE ALITO, dissenting. I would grant the application."
    dissent["html_with_citations"] = ""  # the dissent's own text only
    lead["ordering_key"] = 1
    page = {"count": 3, "results": [dissent, json.loads(CL_CLUSTER.read_text()), lead]}
    file = tmp_path / "page.json"
    file.write_text(json.dumps(page))
    [op] = read_path(file)
    assert op.caption == "Noem v. Abrego Garcia"
    assert op.text.index("administrative error") < op.text.index("I would grant the application")


def test_cluster_without_opinion_is_an_error(tmp_path: Path) -> None:
    shutil.copy(CL_CLUSTER, tmp_path)
    [result] = list(iter_opinions([tmp_path]))
    assert isinstance(result, ReadError) and "no opinion text" in result.reason
    assert "no opinion text" in reason(CL_CLUSTER)


def test_seed_000_citation_line_header() -> None:
    op = one(TEXTS / "000_ab9c4de9583b9acb.txt")
    assert op.format == "text"
    assert op.caption == "Doe v. Webgroup Czech Republic, A.S."
    assert (op.court, op.year, op.docket) == ("9th Cir.", 2024, "22-55315")
    assert op.missing == ()


def test_seed_001_docket_date_and_parties_from_body() -> None:
    op = one(TEXTS / "001_83b389434f3f904a.txt")
    assert op.docket == "19-00139 ACK-KJM" and op.date == "2020-01-23"
    assert op.caption == "Bodyguard Productions, Inc. v. Alex Musante"
    assert op.missing == ("court",)


def test_seed_004_stripped_text_has_no_metadata() -> None:
    op = one(TEXTS / "004_4d4556a23a4afbea.txt")
    assert (op.caption, op.court, op.date) == (None, None, None)
    assert op.missing == ("caption", "court", "date")


@pytest.mark.parametrize(
    ("name", "caption", "court", "date", "docket"),
    [
        (
            "01_fisher_v_univ_of_texas_2013.txt",
            "Fisher v. University of Texas at Austin",
            "Supreme Court of the United States",
            "2013-06-24",
            "11–345",
        ),
        (
            "02_hogarth_v_bell_ednc_2025.txt",
            "Hogarth v. Bell",
            "U.S. District Court — Eastern District of North Carolina",
            "2025-03-28",
            "5:24-CV-481-FL",
        ),
        (
            "06_people_v_naranjo_colo_1980.txt",
            "People v. Naranjo",
            "Colorado Supreme Court",
            "1980-05-19",
            "79SA494",
        ),
        (
            "08_noem_v_abrego_garcia_scotus_2025.txt",
            "Kristi Noem v. Kilmar Armando Abrego Garcia",
            "Supreme Court of the United States",
            "2025-04-10",
            "24A949",
        ),
    ],
)
def test_corpus_header_shapes(name: str, caption: str, court: str, date: str, docket: str) -> None:
    head = parse_header((TEXTS / name).read_text())
    assert (head.caption, head.court, head.date, head.docket) == (caption, court, date, docket)


def test_header_reads_own_citations() -> None:
    assert one(TEXTS / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt").citations == (
        "590 F. Supp. 3d 850",
    )
    assert one(TEXTS / "09_thomas_v_housing_authority_wash_1967.txt").citations == (
        "71 Wash. 2d 69",
        "426 P.2d 836",
    )


def test_html_page(tmp_path: Path) -> None:
    body = (TEXTS / "05_dallas_sales_v_carlisle_silver_texapp_2004.txt").read_text()
    paragraphs = [p for p in body.split("\n\n") if p.strip()][:20]
    escaped = [p.replace("&", "&amp;").replace("“", "&ldquo;").replace("”", "&rdquo;") for p in paragraphs]
    page = (
        "<!DOCTYPE html>\n<html><head><title>Dallas Sales Co. v. Carlisle Silver Co. | Case Law</title>"
        "<style>p { margin: 0 }</style></head>\n<body>\n<script>var tracker = 'DO-NOT-SHOW';</script>\n"
        + "\n".join(f"<p>\n  {p}\n</p>" for p in escaped)
        + "\n<!-- footer comment -->\n</body></html>"
    )
    file = tmp_path / "dallas.html"
    file.write_text(page)
    op = one(file)
    assert op.format == "html"
    assert "DO-NOT-SHOW" not in op.text and "margin" not in op.text and "footer comment" not in op.text
    assert "<" not in op.text and "&amp;" not in op.text
    assert "Mattei, Kilgore & Kilgore, P.L.L.C." in op.text
    assert "“Judicial estoppel protects the integrity" in op.text
    assert op.text.split("\n\n")[:2] == paragraphs[:2]  # one paragraph per <p>
    assert (op.caption, op.date, op.docket) == (
        "Dallas Sales Co. v. Carlisle Silver Co.",
        "2004-05-26",
        "10-00-00077-CV",
    )


def _pdf(path: Path, lines: list[str]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    y = 740
    for line in lines:
        pdf.drawString(54, y, line)
        y -= 14
    pdf.showPage()
    pdf.save()


def test_pdf_with_text_layer(tmp_path: Path) -> None:
    text = (TEXTS / "07_wester_v_mo_dept_labor_moapp_2004.txt").read_text()
    lines = [line[:95] for line in text.splitlines()[2:16] if line.strip()]
    file = tmp_path / "wester.pdf"
    _pdf(file, lines)
    op = one(file)
    assert op.format == "pdf" and op.source_file == "wester.pdf"
    assert "Missouri Court of Appeals, Southern District, Division Two." in op.text
    assert op.caption == "Tina Wester v. Missouri Department of Labor and Industrial Relations"
    assert (op.date, op.docket) == ("2004-05-21", "25741")


def test_slip_opinion_running_heads_are_dropped(tmp_path: Path) -> None:
    op = one(TEXTS / "01_fisher_v_univ_of_texas_2013.txt")  # pages separated by form feeds
    assert op.caption and op.caption.startswith("Fisher v. University of Texas")
    assert "Cite as:" not in op.text and "\f" not in op.text
    assert "Opinion of the Court\n" not in op.text and "THOMAS, J., concurring\n" not in op.text
    # words broken at a line's end are joined; compounds broken at their hyphen keep it
    assert "awards, extracurricular activities" in op.text and "Uni-\nversity" not in op.text
    assert "Grut-" not in op.text and "narrow-\ntailoring" in op.text and "self-\nconfidence" in op.text
    assert "Rumsfeld v. Padilla" in one(TEXTS / "08_noem_v_abrego_garcia_scotus_2025.txt").text  # "Pa-\ndilla"
    # a PDF of two pages, the second headed as a slip opinion's pages are
    file = tmp_path / "slip.pdf"
    pdf = canvas.Canvas(str(file), pagesize=letter)
    for page in (["Cite as: 570 U. S. ____ (2013)  1", "The first page of the opinion holds the rule", "that"],
                 ["Cite as: 570 U. S. ____ (2013)  3", "FISHER v. UNIVERSITY OF TEXAS AT AUSTIN",
                  "Opinion of the Court", "strict scrutiny must be applied."]):
        for k, line in enumerate(page):
            pdf.drawString(54, 740 - 14 * k, line)
        pdf.showPage()
    pdf.save()
    text = one(file).text
    assert text.count("Cite as:") == 1  # the first page's head is the document's own title block
    assert "holds the rule\nthat\nstrict scrutiny must be applied." in text


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    file = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(file), pagesize=letter)
    pdf.rect(72, 72, 400, 600, fill=1)
    pdf.showPage()
    pdf.save()
    assert "no text layer" in reason(file)


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n", "empty file"),
        ("random.txt", bytes(range(256)) * 8, "binary data"),
        ("controls.txt", b"\x01\x02\x03\x04\x05\x06abc" * 50, "binary data"),
        ("undefined.txt", b"The caf\xe9 \x81\x8d\x90 opinion", "undecodable bytes"),
        ("mixed.txt", bytes(range(0xA0, 0x100)) * 4, "undecodable bytes"),
        ("bad.json", b'{"plain_text": "abc", "cluster": 1', "malformed JSON at line 1 column"),
        ("layout.json", b'{"title": "Doe v. Roe", "body": "text"}', "unknown JSON layout"),
        ("array.json", b"[1, 2]", "unknown JSON layout"),
        (
            "notext.json",
            b'{"resource_uri": "https://x/api/rest/v4/opinions/1/", "cluster": 2}',
            "no text field",
        ),
        ("emptytext.json", b'{"plain_text": "", "html": "", "cluster_id": 3}', "empty text fields"),
        (
            "capnobody.json",
            b'{"name_abbreviation": "A v. B", "casebody": {"status": "error"}}',
            "no text field",
        ),
        ("script.html", b"<html><script>alert(1)</script><p> </p></html>", "no visible text"),
        ("fake.pdf", b"%PDF-1.4\nnot really a pdf", "broken PDF"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, content: bytes, expected: str) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    assert expected in reason(file)


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    file = tmp_path / "cp1252.txt"
    file.write_bytes(
        "Smith v. Jones, No. 12-3 (2d Cir. 1999)\n\nThe court\x92s \x93view\x94.".encode("latin-1")
    )
    op = one(file)
    assert "court’s “view”" in op.text and op.caption == "Smith v. Jones"


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    file = tmp_path / "huge.txt"
    with file.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no data is written or read
    assert "too large" in reason(file)


def test_missing_file() -> None:
    assert "no such file" in reason(FIXTURES / "does-not-exist.txt")


def test_iter_opinions_mixes_good_and_bad_in_sorted_order(tmp_path: Path) -> None:
    shutil.copy(TEXTS / "000_ab9c4de9583b9acb.txt", tmp_path / "b_seed.txt")
    shutil.copy(FORMATS / "cap_api_v1_xml_casebody_dg_v_ks.json", tmp_path / "d_cap.json")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_broken.json").write_text('{"casebody": ')
    (tmp_path / "sub").mkdir()
    shutil.copy(TEXTS / "004_4d4556a23a4afbea.txt", tmp_path / "sub" / "e_stripped.txt")
    (tmp_path / ".hidden.txt").write_text("Secret v. Hidden")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    results = list(iter_opinions([tmp_path]))
    kinds = [(type(r).__name__, r.path if isinstance(r, ReadError) else r.source_file) for r in results]
    assert kinds == [
        ("ReadError", str(tmp_path / "a_empty.txt")),
        ("Opinion", "b_seed.txt"),
        ("ReadError", str(tmp_path / "c_broken.json")),
        ("Opinion", "d_cap.json"),
        ("Opinion", "e_stripped.txt"),
    ]


def _seen(items: list) -> list:
    """Opinions as they are, errors as (path, reason): what a reader hands on."""
    return [(r.path, r.reason) if isinstance(r, ReadError) else r for r in items]


def test_a_deferred_file_reads_where_it_is_analysed_as_it_would_have_here(tmp_path: Path) -> None:
    """`defer`: every file comes as `Unread`, for a worker process to read; read there, and the CourtListener
    halves of them all paired afterwards, they give what iter_opinions gives (errors too; the paired
    decisions last in both): no file is read here, so a corpus of JSON is never all in memory at once."""
    import pickle

    shutil.copy(TEXTS / "000_ab9c4de9583b9acb.txt", tmp_path / "b_seed.txt")
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "c_broken.html").write_text("<html><body></body></html>")
    cluster = (FORMATS / "courtlistener_v4_cluster_noem_v_abrego_garcia.json").read_bytes()
    (tmp_path / "d_lone_cluster.json").write_bytes(  # a cluster without its opinion
        cluster.replace(b"10376225", b"1").replace(b"10842813", b"2"))
    paths = [tmp_path, FORMATS, TEXTS]  # FORMATS: a CourtListener cluster and its opinion, in two files
    deferred = list(iter_opinions(paths, defer=True))
    # one Unread per file: the cluster and its opinion are two files, one decision
    assert all(isinstance(r, Unread) for r in deferred) and len(deferred) == len(list(iter_opinions(paths))) + 1
    there = [one for r in deferred for one in read_unread(pickle.loads(pickle.dumps(r)))]
    halves = [pickle.loads(pickle.dumps(h)) for h in there if isinstance(h, Halves)]
    paired = list(pair(halves))
    alone = [r for r in there if not isinstance(r, Halves)]
    assert _seen(list(iter_opinions(paths))) == _seen(alone + paired)
    assert {o.format for o in paired if isinstance(o, Opinion)} == {"courtlistener"}
    assert [r.reason for r in paired if isinstance(r, ReadError)] == [NO_OPINION]
    assert sum(isinstance(o, ReadError) for o in alone) == 2


def test_explicit_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    file = tmp_path / "opinion.md"
    shutil.copy(TEXTS / "000_ab9c4de9583b9acb.txt", file)
    [op] = list(iter_opinions([file]))
    assert isinstance(op, Opinion) and op.format == "text" and op.court == "9th Cir."
    assert ".md" not in supported_suffixes


def test_every_fixture_reads_without_error() -> None:
    results = list(iter_opinions([FORMATS, TEXTS]))
    errors = [r for r in results if isinstance(r, ReadError)]
    assert errors == []
    formats = [p for p in FORMATS.iterdir() if "_cluster_" not in p.name]  # the cluster joins its opinion
    assert len(results) == len(list(TEXTS.glob("*.txt"))) + len(formats)
    for op in results:
        assert op.text.strip() and op.format in {"text", "courtlistener", "cap", "html", "fastcase"}


def test_a_page_number_inside_a_sentence_is_dropped() -> None:
    # Hogarth v. Bell (E.D.N.C. 2025) as text from its PDF: the page's number between two halves of a sentence
    from ingest.read.clean import tidy

    raw = "Under the circumstances alleged here, these cases\n\n11\n\nhold little persuasive value. Instead, a case"
    assert tidy(raw) == raw.replace("\n\n11\n\n", " ")
    kept = "See Fed.R.Civ.P. 25(d).\n\n11\n\nThe court emphasizes"  # a sentence ended: nothing to join
    assert tidy(kept) == kept


def test_a_page_break_between_a_citations_volume_and_reporter_is_closed() -> None:
    # Ideal Electronic Security Co. v. International Fidelity Ins. Co. (D.C. Cir. 1997), CourtListener plain text:
    # "Wender v. United Services Auto. Ass'n, 434⏎⏎⏎⏎A.2d 1372, 1374 (D.C. 1981)"
    ideal = read_path(next((FIXTURES / "heldout").glob("03_*.txt")))[0].text
    assert "Ass'n, 434 A.2d 1372, 1374" in ideal
    assert "434 A.2d 1372" in {c.matched_text() for c in find(ideal)}


def test_a_dc_circuit_slip_opinions_header_roles_and_court() -> None:
    # Ideal Electronic Security Co. v. International Fidelity Ins. Co. (D.C. Cir. 1997): a party's role
    # written "Appellants/Cross-Appellees" is no name; the circuit is on the line after the court
    op = read_path(next((FIXTURES / "heldout").glob("03_*.txt")))[0]
    assert op.caption == "Ideal Electronic Security Co., Inc. v. International Fidelity Insurance Company"
    assert op.court == "United States Court of Appeals for the District of Columbia Circuit"
