"""The Streamlit app on a small real store, page by page, including a hostile case name and passage."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
HOSTILE_MARKUP = ("<script", "<img", "onerror=alert(1)>")


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


def test_empty_store_says_how_to_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECEDENT_DB", str(tmp_path / "empty"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("precedent ingest data/corpus" in w.value for w in at.warning)
