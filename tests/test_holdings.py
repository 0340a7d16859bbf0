"""Holdings on real opinions: the court's own statements of what it decides, and what each rests on."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import OpinionGraph
from graph.sqlite_store import SqliteStore
from ingest.doctrine import load_taxonomy
from ingest.holdings import court_part
from ingest.pipeline import build
from ingest.read import read_path
from tests.conftest import FIXTURES

TEXTS = FIXTURES / "texts"


def _build(name: str, tmp_path: Path) -> tuple[OpinionGraph, dict[str, str]]:
    store = SqliteStore(tmp_path / name)
    store.set_doctrines(load_taxonomy())
    graph = build(read_path(TEXTS / name)[0], store)
    return graph, {c.id: c.name for c in graph.cases}


def _holding(graph: OpinionGraph, words: str):
    found = [h for h in graph.holdings if words in h.text]
    assert found, [h.text[:80] for h in graph.holdings]
    return found[0]


def test_webgroup_express_aiming_rests_on_will_mavrix_ayla_and_distinguishes_ama(tmp_path: Path) -> None:
    graph, names = _build("000_ab9c4de9583b9acb.txt", tmp_path)
    h = _holding(graph, "under Will, constitutes express aiming")
    assert graph.text[h.offset:h.offset + len(h.text)] == h.text and len(h.text) <= 800
    backing = " | ".join(names[c] for c in h.supported_by)
    for name in ("Will", "Mavrix", "Ayla"):
        assert name in backing
    assert [names[c] for c in h.distinguished] == ["AMA Multimedia, LLC v. Wanat"]
    assert "AMA" not in backing
    assert h.doctrines[0] == "pj.express_aiming"
    assert all(s.text for s in h.support)  # each with the passage where the court uses it


def test_holdings_stay_in_the_courts_own_part(tmp_path: Path) -> None:
    graph, _ = _build("000_ab9c4de9583b9acb.txt", tmp_path)
    start = graph.text.index("COLLINS, Circuit Judge:")
    concurrence = graph.text.index("LEE, Circuit Judge, concurring")
    lo, hi = court_part(graph.text)
    assert lo == graph.text.index("COLLINS") and concurrence - 40 < hi <= concurrence
    assert graph.holdings and all(start <= h.offset < concurrence for h in graph.holdings)  # no summary, no Lee


def test_naranjo_issue_by_issue_and_not_the_dissent(tmp_path: Path) -> None:
    graph, names = _build("06_people_v_naranjo_colo_1980.txt", tmp_path)
    dissent = graph.text.index("[concurring-in-part-and-dissenting-in-part opinion]")
    assert all(h.offset < dissent for h in graph.holdings)
    ident = _holding(graph, "properly permitted the in-court identification")
    assert {"Huguley v. People", "Simmons v. United States"} <= {names[c] for c in ident.supported_by}
    kidnap = _holding(graph, "was identical to the evidence in Naranjo")
    assert {names[c] for c in kidnap.supported_by} == {"People v. Sammy Naranjo", "People v. Bridges"}


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("09_thomas_v_housing_authority_wash_1967.txt", "We conclude that it is against the public policy"),
        ("05_dallas_sales_v_carlisle_silver_texapp_2004.txt", "federal law of judicial es-toppel applies"),
        ("02_hogarth_v_bell_ednc_2025.txt", "Plaintiff therefore has standing to sue the Wake County Board"),
        ("001_83b389434f3f904a.txt", "Plaintiff's argument fails for the same reason"),
    ],
)
def test_holdings_of_other_courts_and_fields(name: str, words: str, tmp_path: Path) -> None:
    graph, _ = _build(name, tmp_path)
    _holding(graph, words)
    assert len(graph.holdings) < len(graph.text) / 800  # conclusions, not every sentence


def test_a_party_argument_is_not_a_holding(tmp_path: Path) -> None:
    graph, _ = _build("06_people_v_naranjo_colo_1980.txt", tmp_path)
    assert not [h for h in graph.holdings if h.text.startswith("The defendant argues")]


def test_precedents_cited_together_for_the_same_point(seed_db: Path) -> None:
    from graph import analysis

    store = SqliteStore(seed_db)
    names = {c.id: c.name for c in store.cases()}
    labels = {d.key: d.label for d in store.doctrines()}
    groups = analysis.cocited_groups(store.holdings(), labels)
    aiming = next(g for g in groups if any("Will Co." in names[m] for m in g.members))
    assert {"Mavrix", "Ayla"} <= {w for m in aiming.members for w in ("Mavrix", "Ayla") if w in names[m]}
    assert aiming.label.startswith("Express aiming") and aiming.holdings >= 2
    for g in groups:  # every group is backed by holdings that rest on two of its members at least
        assert len(g.members) >= 2 and g.holdings >= 1
