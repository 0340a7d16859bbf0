"""Ranking, lineage and paths on a small real graph (Calder -> Will -> WebGroup; Yahoo! overruled Bancroft).

`build_store` is also used by tests/test_app.py to give the app a store to show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analysis import (
    authority,
    chain_ids,
    descendants,
    doctrine_tree,
    lineage,
    path_between,
    rank_precedents,
    to_digraph,
)
from graph.model import Case, Citation, Doctrine, Evidence, OpinionGraph, Passage
from graph.sqlite_store import SqliteStore

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

CALDER = Case("c-465-us-783", "Calder v. Jones", ("465 U.S. 783", "104 S. Ct. 1482"), "U.S.", 1984)
WILL = Case("c-47-f-4th-917", "Will Co. v. Lee", ("47 F.4th 917",), "9th Cir.", 2022)
WEBGROUP = Case("c-93-f-4th-442", "Doe v. WebGroup Czech Republic, a.s.", ("93 F.4th 442",), "9th Cir.", 2024,
                has_text=True, source_file="000_ab9c4de9583b9acb.txt")
DUDNIKOV = Case("c-514-f-3d-1063", "Dudnikov v. Chalk & Vermilion Fine Arts, Inc.", ("514 F.3d 1063",),
                "10th Cir.", 2008, has_text=True, source_file="004_4d4556a23a4afbea.txt")
BANCROFT = Case("c-223-f-3d-1082", "Bancroft & Masters, Inc. v. Augusta National Inc.", ("223 F.3d 1082",),
                "9th Cir.", 2000)
YAHOO = Case("c-433-f-3d-1199", "Yahoo! Inc. v. La Ligue Contre Le Racisme et L'Antisemitisme",
             ("433 F.3d 1199",), "9th Cir.", 2006)
HOSTILE = Case("o-hostile", "<img src=x onerror=alert(1)>", (), "<b>Ct.</b>", 2025, has_text=True,
               source_file="hostile.txt")

WILL_FOLLOWED = "Here, as in Will, that showing has been sufficiently made."
CALDER_TEST = "The governing test for determining whether a defendant has purposefully directed its actions"
WILL_APPLIED = "In concluding that the defendants operated their website in a way that was expressly aimed"
OVERRULED = "a ninth circuit en banc panel effectively overruled that court earlier holding in bancroft"
DUD_CALDER = "plaintiffs have fixed their focus on a single precedential analogy"
SCRIPT = "<script>alert(1)</script>"
HOSTILE_TEXT = (
    "This opinion was written by an attacker. " + SCRIPT + " We distinguish Doe v. WebGroup Czech Republic, "
    "a.s., 93 F.4th 442, because <img src=x onerror=alert(1)> nothing here was aimed at the forum."
)

DOCTRINES = [
    Doctrine("pj", "Personal jurisdiction"),
    Doctrine("pj.effects_test", "Calder effects test", "pj"),
    Doctrine("pj.express_aiming", "Express aiming", "pj.effects_test"),
    Doctrine("remedies", "Remedies"),
]


def _window(text: str, start: int, width: int = 500) -> tuple[int, str]:
    lo = max(0, start - width // 2)
    return lo, text[lo : start + width // 2]


def _ev(text: str, sentence: str, treatment: str) -> Evidence:
    at = text.find(sentence)
    assert at >= 0, sentence
    end = text.find(".", at + len(sentence) - 1)
    return Evidence(text[at : end + 1] if end > at else sentence, treatment, at)


def sample_graphs() -> list[OpinionGraph]:
    """Three ingested opinions built from the real demo corpus, plus a hostile one."""
    web = (CORPUS / WEBGROUP.source_file).read_text()
    web = web[web.find("The governing test") - 300 : web.find("purchase[d] content delivery network") + 1500]
    dud = (CORPUS / DUDNIKOV.source_file).read_text()
    dud = dud[dud.find(DUD_CALDER) - 300 : dud.find("effectively overruled") + 600]
    pj, aim = ("pj", "pj.effects_test"), ("pj.express_aiming",)

    def passage(case: Case, text: str, cited: Case, sentence: str, keys: tuple[str, ...]) -> Passage:
        off, chunk = _window(text, text.find(sentence))
        return Passage(case.id, cited.id, off, chunk, keys)

    webgroup = OpinionGraph(
        WEBGROUP, web, cases=[CALDER, WILL],
        citations=[
            Citation(WEBGROUP.id, CALDER.id, treatments=("cited",), count=4, doctrines=pj,
                     evidence=(_ev(web, CALDER_TEST, "cited"),)),
            Citation(WEBGROUP.id, WILL.id, treatments=("followed",), count=17, doctrines=aim,
                     evidence=(_ev(web, WILL_FOLLOWED, "followed"),)),
            Citation(WILL.id, CALDER.id, source="reported", reported_by=WEBGROUP.id, treatments=("followed",),
                     doctrines=aim, evidence=(_ev(web, WILL_APPLIED, "followed"),)),
        ],
        passages=[passage(WEBGROUP, web, CALDER, CALDER_TEST, pj),
                  passage(WEBGROUP, web, WILL, "purchase[d] content delivery network", aim)],
    )
    dudnikov = OpinionGraph(
        DUDNIKOV, dud, cases=[CALDER, BANCROFT, YAHOO],
        citations=[
            Citation(DUDNIKOV.id, CALDER.id, treatments=("followed",), count=12, doctrines=pj,
                     evidence=(_ev(dud, DUD_CALDER, "followed"),)),
            Citation(DUDNIKOV.id, YAHOO.id, treatments=(), count=2, doctrines=pj,
                     evidence=(_ev(dud, OVERRULED, "cited"),)),
            Citation(DUDNIKOV.id, BANCROFT.id, treatments=(), count=1, doctrines=pj),
            Citation(YAHOO.id, BANCROFT.id, source="reported", reported_by=DUDNIKOV.id,
                     treatments=("overruled",), doctrines=pj, evidence=(_ev(dud, OVERRULED, "overruled"),)),
        ],
        passages=[passage(DUDNIKOV, dud, CALDER, DUD_CALDER, pj),
                  passage(DUDNIKOV, dud, YAHOO, OVERRULED, pj)],
    )
    hostile = OpinionGraph(
        HOSTILE, HOSTILE_TEXT, cases=[WEBGROUP],
        citations=[Citation(HOSTILE.id, WEBGROUP.id, treatments=("distinguished",), doctrines=aim,
                            evidence=(Evidence(SCRIPT + " We distinguish Doe v. WebGroup", "distinguished",
                                               HOSTILE_TEXT.find(SCRIPT)),))],
        passages=[Passage(HOSTILE.id, WEBGROUP.id, 0, HOSTILE_TEXT, aim)],
    )
    return [webgroup, dudnikov, hostile]


def build_store(directory: Path) -> SqliteStore:
    store = SqliteStore(directory)
    for g in sample_graphs():
        store.write_opinion(g)
    store.set_doctrines(DOCTRINES)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SqliteStore:
    s = build_store(tmp_path_factory.mktemp("analysis"))
    yield s
    s.close()


def test_digraph_runs_from_precedent_to_later_case(store: SqliteStore) -> None:
    g = to_digraph(store)
    assert g.has_edge(CALDER.id, WILL.id) and g.has_edge(WILL.id, WEBGROUP.id)
    assert not g.has_edge(WEBGROUP.id, WILL.id)
    assert g.nodes[WILL.id]["name"] == "Will Co. v. Lee" and g.nodes[WILL.id]["year"] == 2022
    sub = to_digraph(store, store.doctrine_citations(["pj.express_aiming"]))
    assert set(sub.nodes) == {CALDER.id, WILL.id, WEBGROUP.id, HOSTILE.id}


def test_ranking_prefers_followed_and_punishes_negative(store: SqliteStore) -> None:
    ranked = rank_precedents(store.citations())
    order = [r.case_id for r in ranked]
    assert order[0] == CALDER.id  # followed twice and cited
    calder = ranked[0]
    assert calder.counts == {"cited": 1, "followed": 2}
    case_id, score, counts = ranked[0]  # unpacks as (case_id, score, treatment counts)
    assert case_id == CALDER.id and score > 0
    bancroft = next(r for r in ranked if r.case_id == BANCROFT.id)
    assert bancroft.counts == {"cited": 1, "overruled": 1} and bancroft.score < 0
    assert order[-1] == BANCROFT.id
    will = next(r for r in ranked if r.case_id == WILL.id)
    yahoo = next(r for r in ranked if r.case_id == YAHOO.id)
    assert will.score > yahoo.score  # one follow outweighs one plain citation


def test_authority_is_scaled_and_favours_relied_on_cases(store: SqliteStore) -> None:
    auth = authority(store)
    assert max(auth.values()) == pytest.approx(1.0)
    assert auth[CALDER.id] == pytest.approx(1.0)
    assert auth[WILL.id] > auth[HOSTILE.id]
    assert authority(to_digraph(store)) == auth


def test_lineage_of_will_runs_calder_will_webgroup(store: SqliteStore) -> None:
    chains = lineage(store, WILL.id)
    ids = [chain_ids(c) for c in chains]
    assert ids == [[CALDER.id, WILL.id, WEBGROUP.id]]  # the case distinguishing WebGroup does not carry the line on
    chain = chains[0]
    assert [s.treatments for s in chain] == [("followed",), ("followed",)]
    assert chain[1].evidence is not None and chain[1].evidence.text == WILL_FOLLOWED
    assert chain[0].source == "reported" and chain[0].reported_by == WEBGROUP.id
    assert all(WILL.id in i for i in ids)
    short = [chain_ids(c) for c in lineage(store, WILL.id, depth=1)]
    assert short == [[CALDER.id, WILL.id, WEBGROUP.id]]


def test_departures_are_the_branches_a_lineage_does_not_walk(store: SqliteStore) -> None:
    from graph.analysis import departures

    steps = departures(store, [CALDER.id, WILL.id, WEBGROUP.id])
    assert [(s.precedent, s.later, s.treatments) for s in steps] == [(WEBGROUP.id, HOSTILE.id, ("distinguished",))]
    assert not any(HOSTILE.id in chain_ids(c) for c in lineage(store, CALDER.id, depth=5))


def test_lineage_of_a_case_with_no_edges_is_empty(store: SqliteStore) -> None:
    assert lineage(store, "no-such-case") == []


def test_path_between_either_direction(store: SqliteStore) -> None:
    fwd = path_between(store, CALDER.id, HOSTILE.id)
    assert fwd is not None and fwd.direction == "forward"
    assert fwd.nodes == [CALDER.id, WEBGROUP.id, HOSTILE.id]
    assert [s.treatments for s in fwd.steps] == [("cited",), ("distinguished",)]
    back = path_between(store, WEBGROUP.id, CALDER.id)
    assert back is not None and back.direction == "backward" and back.nodes == [WEBGROUP.id, CALDER.id]
    assert back.steps[0].precedent == CALDER.id and back.steps[0].later == WEBGROUP.id
    mixed = path_between(store, BANCROFT.id, WILL.id)
    assert mixed is not None and mixed.direction == "mixed"
    assert mixed.nodes[0] == BANCROFT.id and mixed.nodes[-1] == WILL.id
    for a, b, step in zip(mixed.nodes, mixed.nodes[1:], mixed.steps, strict=False):
        assert {step.precedent, step.later} == {a, b}
    assert path_between(store, CALDER.id, "nowhere") is None


def test_doctrine_subtree_and_tree_order() -> None:
    assert descendants(DOCTRINES, "pj") == {"pj", "pj.effects_test", "pj.express_aiming"}
    assert descendants(DOCTRINES, "pj.express_aiming") == {"pj.express_aiming"}
    tree = [(d.key, depth) for d, depth in doctrine_tree(DOCTRINES)]
    assert tree == [("pj", 0), ("pj.effects_test", 1), ("pj.express_aiming", 2), ("remedies", 0)]
    loop = [Doctrine("a", "A", "b"), Doctrine("b", "B", "a")]
    assert descendants(loop, "a") == {"a", "b"}
    assert {d.key for d, _ in doctrine_tree(loop)} == {"a", "b"}


class _Counting:
    """A store that records which methods the analysis calls."""

    def __init__(self, store: SqliteStore) -> None:
        self.store, self.calls = store, []

    def __getattr__(self, name: str) -> object:
        self.calls.append(name)
        return getattr(self.store, name)


def test_lineage_and_paths_ask_the_store_not_the_whole_graph(store: SqliteStore) -> None:
    spy = _Counting(store)
    assert lineage(spy, WILL.id) == lineage(store, WILL.id)
    assert spy.calls == ["reliance", "reliance"]  # one subgraph each way, not a query per case
    spy.calls.clear()
    route = path_between(spy, CALDER.id, HOSTILE.id)
    assert route is not None and route.nodes == [CALDER.id, WEBGROUP.id, HOSTILE.id]
    assert "citations" not in spy.calls and "cases" not in spy.calls and spy.calls[0] == "shortest_path"
