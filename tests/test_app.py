"""The Streamlit app on a small real store, page by page, including a hostile case name and passage."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOSTILE_MARKUP = ("<script>alert", "<img src=x", "onerror=alert(1)>")


def _sample() -> object:
    """tests/test_analysis.py builds the store; loaded by path so tests/ need not be a package."""
    path = Path(__file__).with_name("test_analysis.py")
    spec = importlib.util.spec_from_file_location("_sample_store", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


sample = _sample()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("appdb")
    sample.build_store(path).close()
    yield path


@pytest.fixture
def app(db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("PRECEDENT_DB", str(db))
    return AppTest.from_file(APP, default_timeout=60)


def goto(at: AppTest, page: str) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    at.sidebar.radio(key="page").set_value(page).run()
    assert not at.exception, at.exception
    return at


def rendered_markup(at: AppTest) -> list[str]:
    """Every string the browser would interpret as Markdown or HTML."""
    out = [m.value for m in at.markdown] + [c.value for c in at.caption]
    out += [e.value for kind in ("error", "warning", "info", "success") for e in getattr(at, kind)]
    out += [h.value for h in at.header] + [h.value for h in at.subheader] + [t.value for t in at.title]
    out += [e.proto.body for e in at.get("html")]
    out += [e.proto.srcdoc for e in at.get("iframe")]
    return out


def assert_escaped(at: AppTest) -> str:
    """No hostile tag survives anywhere rendered as markup; returns all of it for further checks."""
    text = "\n".join(rendered_markup(at))
    for bad in HOSTILE_MARKUP:
        assert bad not in text, f"unescaped {bad!r} in rendered markup"
    return text


def tables(at: AppTest) -> list[list[dict[str, str]]]:
    """Every HTML table the pages drew, as rows of header -> cell text."""
    from bs4 import BeautifulSoup

    out = []
    for e in at.get("html"):
        for t in BeautifulSoup(e.proto.body, "html.parser").find_all("table"):
            heads = [th.get_text() for th in t.find_all("th")]
            out.append([dict(zip(heads, (td.get_text() for td in tr.find_all("td")), strict=True))
                        for tr in t.find("tbody").find_all("tr")])
    return out


def links(at: AppTest) -> dict[str, str]:
    """Link text -> address, over everything the pages drew as HTML."""
    from bs4 import BeautifulSoup

    return {a.get_text(): a["href"] for e in at.get("html")
            for a in BeautifulSoup(e.proto.body, "html.parser").find_all("a")}


def test_cases_page_lists_cases_and_citations_as_links(app: AppTest) -> None:
    at = app.run()
    assert not at.exception, at.exception
    cases, edges = tables(at)
    assert "Calder v. Jones (1984)" in {r["case"] for r in cases}
    assert "<img src=x onerror=alert(1)> (2025)" in {r["case"] for r in cases}  # shown as text
    assert links(at)["Calder v. Jones (1984)"] == f"?page=case&case={sample.CALDER.id}"
    row = [r for r in edges if r["citing"] == "Doe v. WebGroup Czech Republic, a.s. (2024)"
           and r["cited"] == "Will Co. v. Lee (2022)"]
    assert [(r["treatment"], r["mentions"]) for r in row] == [("followed", "17")]
    assert "overruled" in {r["treatment"] for r in edges}
    assert_escaped(at)


def test_cases_filter_by_words_court_and_year(app: AppTest) -> None:
    at = app.run()
    at.text_input(key="cases_filter").set_value("bancroft").run()
    assert not at.exception
    cases, edges = tables(at)
    assert [r["case"] for r in cases] == ["Bancroft & Masters, Inc. v. Augusta National Inc. (2000)"]
    assert len(edges) == 2  # Dudnikov cites it, Yahoo! overruled it
    at.text_input(key="cases_filter").set_value("chalk dudnikov").run()  # any name words, in any order
    assert [r["case"] for r in tables(at)[0]] == ["Dudnikov v. Chalk & Vermilion Fine Arts, Inc. (2008)"]
    at.text_input(key="cases_filter").set_value("").run()
    at.multiselect(key="cases_courts").set_value(["U.S."]).run()
    assert {r["case"] for r in tables(at)[0]} == {"Calder v. Jones (1984)"}
    at.multiselect(key="cases_courts").set_value([]).run()
    at.slider(key="cases_years").set_value((2020, 2025)).run()
    assert {int(r["year"]) for r in tables(at)[0]} <= set(range(2020, 2026))
    at.slider(key="cases_years").set_value((1984, 2025)).run()
    at.text_input(key="cases_filter").set_value("pj.express_aiming").run()  # a doctrine key: its citations
    edges = tables(at)[1]
    assert edges and all("Express aiming" in r["doctrines"] for r in edges)  # shown by label


def test_empty_store_says_how_to_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECEDENT_DB", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("precedent ingest data/corpus" in w.value for w in at.warning)


def test_unreachable_neo4j_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECEDENT_DB", "neo4j://127.0.0.1:1")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] and "cannot reach Neo4j" in at.error[0].value


def _markdown(at: AppTest) -> str:
    """All markdown, with Markdown's backslash escapes dropped for easier matching."""
    return "\n".join(m.value for m in at.markdown).replace("\\", "")


def _html(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def test_case_page_groups_by_treatment_with_passages_in_context(app: AppTest) -> None:
    at = goto(app, "Case page")
    at.selectbox(key="case_pick").set_value(sample.WILL.id).run()
    assert not at.exception
    assert at.query_params["case"] == sample.WILL.id  # the address names the case
    assert [h.value for h in at.header] == ["Will Co. v. Lee"]
    assert [s.value for s in at.subheader] == ["Followed (1)", "Followed (1)"]  # cited by WebGroup; cites Calder
    html = _html(at)
    assert "Doe v. WebGroup Czech Republic, a.s. (2024)</a></b> · <b>followed</b> · 17 mentions" in html
    assert sample.WILL_FOLLOWED in html
    assert "<mark>Here, as in Will, that showing has been sufficiently made.</mark>" in html
    assert 'role="alert"' not in html  # nobody treats Will negatively
    assert any("Flags cover only the 3 opinion(s)" in c.value for c in at.caption)
    assert_escaped(at)


def test_case_page_opens_on_its_address(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECEDENT_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["page"] = "case"
    at.query_params["case"] = sample.BANCROFT.id
    at.run()
    assert not at.exception
    assert at.sidebar.radio(key="page").value == "Case page"
    assert [h.value for h in at.header] == [md_plain("Bancroft & Masters, Inc. v. Augusta National Inc.")]


def test_case_page_flags_negative_treatment_and_its_limits(app: AppTest) -> None:
    at = goto(app, "Case page")
    at.selectbox(key="case_pick").set_value(sample.BANCROFT.id).run()
    flag = next(e.proto.body for e in at.get("html") if 'role="alert"' in e.proto.body)
    assert "overruled by <a" in flag and "Yahoo!" in flag and "reported by <a" in flag and "Dudnikov" in flag
    assert "<mark>a ninth circuit en banc panel effectively overruled" in _html(at)
    assert any("Flags cover only the 3 opinion(s) ingested" in c.value for c in at.caption)


def test_case_page_shows_a_distinction_under_distinguished_and_opens_a_non_empty_tab() -> None:
    from graph.model import Citation, Evidence
    from ui.render import in_part, primary_treatment, treatment_text

    both = Citation("a", "b", treatments=("followed", "distinguished"), count=15)
    assert primary_treatment(both.treatments) == "distinguished"
    part = Citation("a", "b", treatments=("overruled", "cited"), in_part=("overruled",), evidence=(
        Evidence("We therefore overrule Smith to the extent it held otherwise.", "overruled", in_part=True),))
    assert in_part(part, "overruled") and treatment_text(part) == "overruled in part, cited"
    whole = Citation("a", "b", treatments=("overruled",), evidence=(Evidence("Smith is overruled.", "overruled"),))
    assert treatment_text(whole) == "overruled"
    dissent = Citation("a", "b", treatments=("followed",), evidence=(Evidence("I would follow Smith.", "followed",
                                                                              part="dissent"),))
    assert treatment_text(dissent) == "followed (in the dissent)"


def test_case_page_escapes_hostile_names_and_passages(app: AppTest) -> None:
    at = goto(app, "Case page")
    at.selectbox(key="case_pick").set_value(sample.HOSTILE.id).run()
    assert not at.exception
    text = assert_escaped(at)
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" == at.header[0].value
    at.selectbox(key="case_pick").set_value(sample.WEBGROUP.id).run()
    text = assert_escaped(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; We distinguish Doe v. WebGroup" in text  # the evidence
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt; We distinguish Doe v. WebGroup</mark>" in text  # context


def test_naming_an_untitled_opinion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import main as cli

    stripped = Path(__file__).parent / "fixtures" / "texts" / "004_4d4556a23a4afbea.txt"
    assert cli(["ingest", "-q", "--db", str(tmp_path / "db"), str(stripped)]) == 0
    monkeypatch.setenv("PRECEDENT_DB", str(tmp_path / "db"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.radio(key="page").set_value("Search").run()
    at.text_input(key="search_query").set_value("dudnikov").run()
    found = [t for t, h in links(at).items() if t.startswith("Untitled opinion")]
    assert found, "the stripped opinion is not found by a word of its text"
    case_id = links(at)[found[0]].split("case=")[1]
    at.query_params["case"] = case_id
    at.sidebar.radio(key="page").set_value("Case page").run()
    at.text_input(key=f"rename_{case_id}").set_value("Dudnikov v. Chalk & Vermilion Fine Arts, Inc.").run()
    at.button(key=f"rename_save_{case_id}").click().run()
    assert not at.exception
    assert at.header[0].value == md_plain("Dudnikov v. Chalk & Vermilion Fine Arts, Inc.")
    at.sidebar.radio(key="page").set_value("Cases").run()
    at.text_input(key="cases_filter").set_value("dudnikov").run()
    assert [r["case"] for r in tables(at)[0]] == ["Dudnikov v. Chalk & Vermilion Fine Arts, Inc."]


def md_plain(s: str) -> str:
    from ui.render import md

    return md(s)


def test_doctrine_map_ranks_and_draws_the_subtree(app: AppTest) -> None:
    at = goto(app, "Doctrine map")
    tree = _html(at)
    assert ">Calder effects test</a></b> <small>8 citation(s)" in tree
    assert ">Personal jurisdiction</a></b> <small>8 citation(s)" in tree and "Remedies" not in tree
    assert at.selectbox(key="doctrine_pick").value == "pj"  # the busiest doctrine first
    assert at.query_params["doctrine"] == "pj"
    assert not at.exception
    table = tables(at)[0]
    assert table[0]["precedent"] == "Calder v. Jones (1984)"
    bancroft = [r for r in table if r["precedent"] == "Bancroft & Masters, Inc. v. Augusta National Inc. (2000)"]
    assert [r["negative"] for r in bancroft] == ["1"]
    frames = at.get("iframe")
    assert len(frames) == 1 and "vis.Network" in frames[0].proto.srcdoc
    assert f"?page=case\\u0026case={sample.CALDER.id}" in frames[0].proto.srcdoc  # a click on Calder opens it
    assert "followed" in _html(at)  # the legend
    assert_escaped(at)
    at.selectbox(key="doctrine_pick").set_value("pj.express_aiming").run()
    names = {r["precedent"] for r in tables(at)[0]}
    assert names == {"Will Co. v. Lee (2022)", "Calder v. Jones (1984)", "Doe v. WebGroup Czech Republic, a.s. (2024)"}
    at.multiselect(key="doctrine_courts").set_value(["9th Cir."]).run()  # citing courts
    assert {r["precedent"] for r in tables(at)[0]} == {"Will Co. v. Lee (2022)", "Calder v. Jones (1984)"}
    at.multiselect(key="doctrine_courts").set_value([]).run()
    at.toggle(key="doctrine_only_used").set_value(False).run()
    assert ">Remedies</a></b> <small>0 citation(s)" in _html(at)
    at.selectbox(key="doctrine_pick").set_value("remedies").run()
    assert any("No citation" in i.value for i in at.info)


def test_graph_layout_is_the_same_on_every_rerun(app: AppTest) -> None:
    at = goto(app, "Doctrine map")
    first = at.get("iframe")[0].proto.srcdoc
    at.run()
    assert at.get("iframe")[0].proto.srcdoc == first
    assert '"randomSeed": 7' in first and 'setOptions({physics: false})' in first


def test_lineage_of_will_and_path_picker(app: AppTest) -> None:
    at = goto(app, "Lineage")
    at.selectbox(key="lineage_pick").set_value(sample.WILL.id).run()
    assert not at.exception
    chains = [e.proto.body for e in at.get("html") if "steps and passages" in e.proto.body]
    assert len(chains) == 1
    chain = chains[0]
    at_calder, at_will, at_web = (chain.find(n) for n in ("Calder v. Jones", "Will Co. v. Lee", "Doe v. WebGroup"))
    assert -1 < at_calder < at_will < at_web
    assert sample.WILL_FOLLOWED in chain and "reported by <a" in chain
    assert "&lt;img src=x" not in chain  # the case that distinguished WebGroup does not carry the chain on
    departed = next(e.proto.body for e in at.get("html") if "We distinguish Doe v. WebGroup" in e.proto.body)
    assert "<i>distinguished</i>" in departed
    at.selectbox(key="path_a").set_value(sample.CALDER.id).run()
    at.selectbox(key="path_b").set_value(sample.HOSTILE.id).run()
    assert not at.exception
    html = _html(at)
    assert "Calder v. Jones (1984) is a precedent that &lt;img src=x onerror=alert(1)&gt; (2025) relies on" in html
    at.selectbox(key="path_b").set_value(sample.BANCROFT.id).run()
    assert "joined through shared citations" in _html(at)
    assert_escaped(at)


def test_timeline_of_a_lineage_and_of_a_doctrine(app: AppTest) -> None:
    at = goto(app, "Timeline")
    assert not at.exception
    page = at.get("iframe")[0].proto.srcdoc  # the busiest doctrine by default
    assert "Calder v. Jones (1984)" in page and 'onclick="return openCase(this)"' in page
    at.radio(key="timeline_of").set_value("case").run()
    at.selectbox(key="timeline_case").set_value(sample.WEBGROUP.id).run()
    assert not at.exception
    page = at.get("iframe")[0].proto.srcdoc
    rows = [page.find(f">{n}") for n in ("Calder v. Jones (1984)", "Will Co. v. Lee (2022)",
                                          "Doe v. WebGroup Czech Republic, a.s. (2024)")]
    assert -1 not in rows
    assert 'stroke="#f08c00"' in page and 'stroke-dasharray="6 4"' in page  # the hostile case distinguished it
    assert "<script>alert" not in page and "<img src=x" not in page


def test_search_finds_cases_doctrines_and_the_content_delivery_network_passage(app: AppTest) -> None:
    at = goto(app, "Search")
    at.text_input(key="search_query").set_value("content delivery network").run()
    assert not at.exception
    assert at.query_params["q"] == "content delivery network"
    html = _html(at)
    assert "Doe v. WebGroup Czech Republic, a.s. (2024)</a></b> citing <b><a" in html
    assert "<mark>content</mark> <mark>delivery</mark> <mark>network</mark>" in html
    precedents = tables(at)[0]
    assert precedents[0]["case"] in ("Will Co. v. Lee (2022)", "Doe v. WebGroup Czech Republic, a.s. (2024)")
    assert {"Will Co. v. Lee (2022)", "Doe v. WebGroup Czech Republic, a.s. (2024)"} <= {r["case"] for r in precedents}
    assert [float(r["score"]) for r in precedents] == sorted((float(r["score"]) for r in precedents), reverse=True)
    at.text_input(key="search_query").set_value("express aiming").run()
    assert ">Express aiming</a>" in _html(at).split("Closest precedents")[0]  # the doctrine, by its words
    at.text_input(key="search_query").set_value("alert script").run()
    assert "&lt;" in _html(at)
    assert_escaped(at)
    at.text_input(key="search_query").set_value("zyzzyva").run()
    assert any("No passage" in i.value for i in at.info)


def test_passages_are_widened_to_whole_sentences() -> None:
    from ui.render import whole_sentences

    text = ("The court held otherwise. Under Calder v. Jones, 465 U.S. 783 (1984), a defendant who expressly "
            "aimed its conduct at the forum is subject to jurisdiction there. We agree.")
    start = text.index("465 U.S.")
    lo, hi = whole_sentences(text, start, start + 30)
    assert text[lo:hi].strip() == ("Under Calder v. Jones, 465 U.S. 783 (1984), a defendant who expressly aimed "
                                   "its conduct at the forum is subject to jurisdiction there.")


def test_two_cases_of_one_name_and_year_are_told_apart_in_a_list() -> None:
    from graph.model import Case
    from ui.data import full_label

    one = Case("a", "Tancredi v. Tancredi", ("101 N.J. Super. 259",), "App.Div.", 1968)
    two = Case("b", "Tancredi v. Tancredi", ("243 A.2d 273",), "N.J. Super. Ct. App. Div.", 1968)
    assert full_label(one) == "Tancredi v. Tancredi, 101 N.J. Super. 259 (App. Div. 1968)"
    assert full_label(one) != full_label(two)


def test_court_names_in_one_style() -> None:
    from ui.courts import court_name, jurisdiction

    assert {court_name(c) for c in ("9th Cir.", "CA9", "United States Court of Appeals for the Ninth Circuit",
                                    "Ninth Circuit")} == {"9th Cir."}
    assert court_name("Supreme Court of the United States") == court_name("U.S.") == "U.S."
    assert court_name("U.S. District Court — Middle District of North Carolina") == "M.D.N.C."
    assert court_name("E.D. N.C.") == "E.D.N.C." and court_name("Mo.App. W.D.") == "Mo. Ct. App. W.D."
    assert court_name("Colorado Supreme Court") == "Colo." and jurisdiction("Colorado Supreme Court") == "Colorado"
    assert jurisdiction("N.D. Cal.") == "Federal" and jurisdiction("Tex. App.") == "Texas"
    assert court_name(None) == "" and jurisdiction("") == ""


# -- the graph drawing, directly ---------------------------------------------------------------


def test_network_escapes_labels_and_tooltips(db: Path) -> None:
    from graph.analysis import authority, to_digraph
    from graph.sqlite_store import SqliteStore
    from ui.render import build_network, network_html

    store = SqliteStore(db)
    g = to_digraph(store)
    net, left_out = build_network(g, authority(g))
    assert left_out == 0
    node = next(n for n in net.nodes if n["id"] == sample.HOSTILE.id)
    assert node["label"].startswith("‹img src=x onerror=") and "<" not in node["label"]
    assert "<img" not in node["title"] and "&lt;b&gt;Ct.&lt;/b&gt;" in node["title"]
    edge = next(e for e in net.edges if e["to"] == sample.HOSTILE.id)
    assert edge["from"] == sample.WEBGROUP.id  # precedent -> later case
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in edge["title"] and "<script>" not in edge["title"]
    assert edge["color"] == "#f08c00"  # distinguished
    follow = next(e for e in net.edges if (e["from"], e["to"]) == (sample.WILL.id, sample.WEBGROUP.id))
    assert follow["color"] == "#2e9d48" and sample.WILL_FOLLOWED in follow["title"]
    overrule = next(e for e in net.edges if (e["from"], e["to"]) == (sample.BANCROFT.id, sample.YAHOO.id))
    assert overrule["color"] == "#d62828"
    page = network_html(net)
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "htmlTitle" in page  # tooltips shown as (escaped) HTML rather than raw text
    store.close()


def test_network_is_capped_by_authority() -> None:
    import networkx as nx

    from graph.analysis import authority
    from graph.model import Citation
    from ui.render import build_network

    g = nx.MultiDiGraph()
    for i in range(300):
        g.add_node(f"c{i}", name=f"Case {i} v. Other", year=2000)
    for i in range(1, 300):
        c = Citation(f"c{i}", "c0")
        g.add_edge("c0", f"c{i}", key=("direct", ""), citation=c, weight=1.0)
    net, left_out = build_network(g, authority(g), cap=150)
    assert len(net.nodes) == 150 and left_out == 150
    assert "c0" in {n["id"] for n in net.nodes}


def test_a_second_app_on_a_busy_port_suggests_another(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import socket

    from cli import main as cli

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        assert cli(["app", "--db", str(tmp_path / "db"), "--port", str(port), "--address", "127.0.0.1"]) == 1
    err = capsys.readouterr().err.strip()
    assert f"port {port} on 127.0.0.1 is not available" in err and f"--port {port + 1}" in err
    assert len(err.splitlines()) == 1 and not (tmp_path / "db").exists()  # nothing ingested or written


def test_shipped_streamlit_settings_keep_the_app_local_and_quiet() -> None:
    import tomllib

    conf = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text())
    assert conf["browser"]["gatherUsageStats"] is False
    assert conf["server"]["address"] == "localhost"
    assert conf["client"]["toolbarMode"] == "viewer"


def test_the_export_help_names_a_file_the_project_has(capsys: pytest.CaptureFixture[str]) -> None:
    from cli import main as cli

    with pytest.raises(SystemExit):
        cli(["export", "--help"])
    assert "EXPORT.md" in capsys.readouterr().out
    assert (Path(APP).parent / "EXPORT.md").read_text().startswith("# The graph export format")


def test_case_page_evidence_is_shown_as_whole_sentences() -> None:
    from graph.model import Evidence
    from ui.case import sentence

    text = ("We begin with the test. Specifically, the defendants purchased content delivery network services "
            "for North America, which shows they targeted the U.S. market. We agree.")
    cut = "the defendants purchased content delivery network services for North"
    ev = Evidence(cut, "followed", text.index(cut))
    assert sentence(text, ev) == ("Specifically, the defendants purchased content delivery network services for "
                                  "North America, which shows they targeted the U.S. market.")
    assert sentence(None, ev) == cut  # no text in the store: the stored passage as it is
