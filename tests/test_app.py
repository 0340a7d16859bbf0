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


def test_cases_page_lists_cases_and_citations(app: AppTest) -> None:
    at = app.run()
    assert not at.exception, at.exception
    tables = at.dataframe
    assert len(tables) == 2
    cases = tables[0].value
    assert "Calder v. Jones" in set(cases["name"])
    assert "<img src=x onerror=alert(1)>" in set(cases["name"])  # shown as text in a grid cell
    edges = tables[1].value
    row = edges[(edges["citing"] == "Doe v. WebGroup Czech Republic, a.s. (2024)")
                & (edges["cited"] == "Will Co. v. Lee (2022)")]
    assert list(row["treatments"]) == ["followed"] and list(row["count"]) == [17]
    assert "overruled" in set(edges["treatments"])
    assert_escaped(at)


def test_cases_filter(app: AppTest) -> None:
    at = app.run()
    at.text_input(key="cases_filter").set_value("bancroft").run()
    assert not at.exception
    names = set(at.dataframe[0].value["name"])
    assert names == {"Bancroft & Masters, Inc. v. Augusta National Inc."}
    assert len(at.dataframe[1].value) == 2  # Dudnikov cites it, Yahoo! overruled it
    at.text_input(key="cases_filter").set_value("pj.express_aiming").run()  # a doctrine key: its citations
    edges = at.dataframe[1].value
    assert len(edges) and all("pj.express_aiming" in d for d in edges["doctrines"])


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
    assert [h.value for h in at.header] == ["Will Co. v. Lee"]
    assert [s.value for s in at.subheader] == ["Followed (1)", "Followed (1)"]  # cited by WebGroup; cites Calder
    text = _markdown(at)
    assert "**Doe v. WebGroup Czech Republic, a.s. (2024)** · followed · 17 mention(s)" in text
    assert sample.WILL_FOLLOWED in text
    assert "<mark>Here, as in Will, that showing has been sufficiently made.</mark>" in _html(at)
    assert not at.error  # nobody treats Will negatively
    assert_escaped(at)


def test_case_page_flags_negative_treatment(app: AppTest) -> None:
    at = goto(app, "Case page")
    at.selectbox(key="case_pick").set_value(sample.BANCROFT.id).run()
    flag = "\n".join(e.value for e in at.error).replace("\\", "")
    assert at.error[0].icon == "🚩" and "overruled by Yahoo" in flag and "reported by Dudnikov" in flag
    assert "<mark>a ninth circuit en banc panel effectively overruled" in _html(at)


def test_case_page_escapes_hostile_names_and_passages(app: AppTest) -> None:
    at = goto(app, "Case page")
    at.selectbox(key="case_pick").set_value(sample.HOSTILE.id).run()
    assert not at.exception
    text = assert_escaped(at)
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" == at.header[0].value
    at.selectbox(key="case_pick").set_value(sample.WEBGROUP.id).run()
    text = assert_escaped(at)
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text  # the evidence, in markdown
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt; We distinguish Doe v. WebGroup</mark>" in text  # context


def test_doctrine_map_ranks_and_draws_the_subtree(app: AppTest) -> None:
    at = goto(app, "Doctrine map")
    tree = _markdown(at)
    assert "Calder effects test** <small>pj.effects_test · 8 citation(s)" in tree
    assert "Personal jurisdiction** <small>pj · 8 citation(s)" in tree and "Remedies" not in tree
    assert at.selectbox(key="doctrine_pick").value == "pj"  # the busiest doctrine first
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["precedent"])[0] == "Calder v. Jones (1984)"
    bancroft = table[table["precedent"] == "Bancroft & Masters, Inc. v. Augusta National Inc. (2000)"]
    assert list(bancroft["negative"]) == [1]
    frames = at.get("iframe")
    assert len(frames) == 1 and "vis.Network" in frames[0].proto.srcdoc
    assert "followed" in _html(at)  # the legend
    assert_escaped(at)
    at.selectbox(key="doctrine_pick").set_value("pj.express_aiming").run()
    names = set(at.dataframe[0].value["precedent"])
    assert names == {"Will Co. v. Lee (2022)", "Calder v. Jones (1984)", "Doe v. WebGroup Czech Republic, a.s. (2024)"}
    at.toggle(key="doctrine_only_used").set_value(False).run()
    assert "Remedies** <small>remedies · 0 citation(s)" in _markdown(at)
    at.selectbox(key="doctrine_pick").set_value("remedies").run()
    assert any("No citation" in i.value for i in at.info)


def test_lineage_of_will_and_path_picker(app: AppTest) -> None:
    at = goto(app, "Lineage")
    at.selectbox(key="lineage_pick").set_value(sample.WILL.id).run()
    assert not at.exception
    chains = [e.proto.body for e in at.get("html") if "steps and passages" in e.proto.body]
    assert len(chains) == 1
    chain = chains[0]
    at_calder, at_will, at_web = (chain.find(n) for n in ("Calder v. Jones", "Will Co. v. Lee", "Doe v. WebGroup"))
    assert -1 < at_calder < at_will < at_web
    assert sample.WILL_FOLLOWED in chain and "reported by Doe v. WebGroup" in chain
    at.selectbox(key="path_a").set_value(sample.CALDER.id).run()
    at.selectbox(key="path_b").set_value(sample.HOSTILE.id).run()
    assert not at.exception
    html = _html(at)
    assert "Calder v. Jones (1984) is a precedent that &lt;img src=x onerror=alert(1)&gt; (2025) relies on" in html
    at.selectbox(key="path_b").set_value(sample.BANCROFT.id).run()
    assert "joined through shared citations" in _html(at)
    assert_escaped(at)


def test_search_finds_the_content_delivery_network_passage(app: AppTest) -> None:
    at = goto(app, "Search")
    at.text_input(key="search_query").set_value("content delivery network").run()
    assert not at.exception
    assert "**Doe v. WebGroup Czech Republic, a.s. (2024)** citing **Will Co. v. Lee (2022)**" in _markdown(at)
    assert "<mark>content</mark> <mark>delivery</mark> <mark>network</mark>" in _html(at)
    precedents = at.dataframe[0].value
    assert precedents["precedent"][0] == "Will Co. v. Lee (2022)"  # the CDN passages cite Will
    assert list(precedents["score"]) == sorted(precedents["score"], reverse=True)
    at.text_input(key="search_query").set_value("alert script").run()
    assert "&lt;" in _html(at)
    assert_escaped(at)
    at.text_input(key="search_query").set_value("zyzzyva").run()
    assert any("No passage" in i.value for i in at.info)


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
