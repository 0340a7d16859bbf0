"""Doctrines the opinions name themselves, on real opinions of several fields."""

from __future__ import annotations

from pathlib import Path

from graph.sqlite_store import SqliteStore
from ingest.doctrine import key_for, load_taxonomy
from ingest.pipeline import build
from ingest.read import read_path
from tests.conftest import FIXTURES

TEXTS = FIXTURES / "texts"
COPPERWELD = FIXTURES / "fields" / "copperweld_v_independence_tube_1984.html"


def _graph(path: Path, tmp_path: Path):
    store = SqliteStore(tmp_path / path.stem)
    store.set_doctrines(load_taxonomy())
    return build(read_path(path)[0], store)


def test_an_antitrust_opinion_names_its_own_doctrine(tmp_path: Path) -> None:
    graph = _graph(COPPERWELD, tmp_path)
    names = {c.id: c.name for c in graph.cases}
    found = {d.label: d for d in graph.doctrines}
    assert "intra-enterprise conspiracy doctrine" in found
    doctrine = found["intra-enterprise conspiracy doctrine"]
    assert doctrine.key == "named.intra_enterprise_conspiracy_doctrine" and doctrine.parent is None
    assert names[doctrine.named_after] == "Kiefer-Stewart Co. v. Joseph E. Seagram & Sons, Inc."
    tagged = {names[e.cited] for e in graph.citations if doctrine.key in e.doctrines}
    assert {"United States v. Yellow Cab Co.", "Timken Roller Bearing Co. v. United States"} <= tagged
    # no personal-jurisdiction tag from "unilateral conduct" in an opinion that never speaks of jurisdiction
    assert not [k for e in graph.citations for k in e.doctrines if k.startswith("pj")]
    assert any(doctrine.key in h.doctrines for h in graph.holdings)


def test_named_after_the_precedent_the_opinion_cites(tmp_path: Path) -> None:
    graph = _graph(TEXTS / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt", tmp_path)
    names = {c.id: c.name for c in graph.cases}
    assert not [d for d in graph.doctrines if "Anderson" in d.label]  # the taxonomy has it: one node, not two
    edges = {names[e.cited]: e.doctrines for e in graph.citations}
    assert "elections.burden_on_voting" in edges["Anderson v. Celebrezze"]


def test_the_taxonomy_key_of_a_named_doctrine() -> None:
    assert key_for("Calder effects test") == key_for("Calder test") == "pj.calder_effects_test"
    assert key_for("judicial estoppel") == "procedure.judicial_estoppel"
    assert key_for("strict scrutiny") == "equal_protection.strict_scrutiny"
    assert key_for("intra-enterprise conspiracy doctrine") is None


def test_a_phrase_said_once_is_not_a_doctrine(tmp_path: Path) -> None:
    graph = _graph(TEXTS / "004_4d4556a23a4afbea.txt", tmp_path)  # "the fair use doctrine", once
    assert not [d for d in graph.doctrines if "fair use" in d.label]


def test_an_area_holds_every_doctrine_of_its_field() -> None:
    from graph import analysis

    taxonomy = load_taxonomy()
    pj = analysis.descendants(taxonomy, "pj")  # "Personal jurisdiction": not only its newer children
    assert {"pj.minimum_contacts", "pj.express_aiming", "pj.rule_4k2", "pj.jurisdictional_discovery"} <= pj
    assert not [k for k in pj if not k.startswith("pj")]
    depth = {d.key: n for d, n in analysis.doctrine_tree(taxonomy)}
    assert depth["pj"] == 0 and depth["pj.minimum_contacts"] == 1 and depth["pj.express_aiming"] > 1
