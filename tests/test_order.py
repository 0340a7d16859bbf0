"""The graph is a function of the set of opinions: not of their order, batches, repeats or interruptions.

Real opinions (the fixture texts and formats, which include one decision read from
two sources and a citation-stripped seed) are analysed once, since `analyze` is
pure; the writer's half (findings stored, identities settled) then sees them in
many orders and histories, and every export must be byte-identical to a clean run.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from graph import export
from graph.sqlite_store import SqliteStore
from ingest.analyze import OpinionFindings, analyze
from ingest.doctrine import load_taxonomy
from ingest.identity import claims_of, decode, encode, settle
from ingest.pipeline import ingest
from ingest.read import iter_opinions
from tests.conftest import FIXTURES, SEEDS


@pytest.fixture(scope="module")
def findings() -> list[OpinionFindings]:
    opinions = list(iter_opinions([FIXTURES / "texts", FIXTURES / "formats"]))
    return [analyze(o) for o in opinions]


def _exports(store: SqliteStore) -> tuple[str, tuple[str, str], str]:
    return export.to_json(store), export.to_csv(store), export.to_graphml(store)


def _store(path: Path) -> SqliteStore:
    store = SqliteStore(path)
    store.set_doctrines(load_taxonomy())
    return store


def _write(store: SqliteStore, batch: Iterable[OpinionFindings], settle_each: bool = False) -> None:
    for f in batch:
        store.put_findings(f.key, claims_of(f), encode(f))
        if settle_each:
            settle(store, [f.key])
    settle(store)


@pytest.fixture(scope="module")
def clean(findings: list[OpinionFindings], tmp_path_factory: pytest.TempPathFactory) -> tuple:
    store = _store(tmp_path_factory.mktemp("clean"))
    _write(store, findings)
    out = _exports(store), store.stats()
    store.close()
    return out


def test_findings_survive_the_store_unchanged(findings: list[OpinionFindings]) -> None:
    assert all(decode(encode(f)) == f for f in findings)
    assert any(f.stripped for f in findings) and len({f.case.id for f in findings}) < len(findings)


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
def test_any_order_gives_the_clean_export(findings: list, clean: tuple, tmp_path: Path, seed: int | None) -> None:
    order = list(reversed(findings))
    if seed is not None:
        random.Random(seed).shuffle(order)
    store = _store(tmp_path)
    _write(store, order, settle_each=seed == 3)  # one history settles after every opinion
    assert (_exports(store), store.stats()) == clean
    store.close()


def test_two_halves_then_everything_twice(findings: list, clean: tuple, tmp_path: Path) -> None:
    store = _store(tmp_path)
    order = findings[1::2] + findings[0::2]  # each half cites decisions the other half holds
    _write(store, order[: len(order) // 2])
    _write(store, order[len(order) // 2 :])
    assert (_exports(store), store.stats()) == clean
    _write(store, findings)  # ingesting again changes nothing
    assert (_exports(store), store.stats()) == clean
    store.close()


def test_an_ingest_stopped_part_way_is_finished_by_the_next(findings: list, clean: tuple, tmp_path: Path) -> None:
    store = _store(tmp_path)
    _write(store, findings[:3])
    for f in findings[3:9]:  # stored, but the process died before it settled them
        store.put_findings(f.key, claims_of(f), encode(f))
    store.close()
    store = _store(tmp_path)
    _write(store, findings[5:])
    assert (_exports(store), store.stats()) == clean
    store.close()


def test_jobs_two_gives_the_export_of_jobs_one(tmp_path: Path) -> None:
    outs = []
    for jobs in (1, 2):
        store = SqliteStore(tmp_path / f"j{jobs}")
        results = list(ingest(iter_opinions(SEEDS), store, jobs=jobs))
        assert [r.reason for r in results] == [None] * len(SEEDS)
        outs.append(_exports(store))
        store.close()
    assert outs[0] == outs[1]


def test_settling_again_rewrites_nothing(findings: list, clean: tuple, tmp_path: Path) -> None:
    store = _store(tmp_path)
    _write(store, findings)
    calls = []
    real = store.apply_settlement

    def spy(cases, graphs, drop_opinions, signatures):  # noqa: ANN001, ANN202
        calls.append((graphs, drop_opinions, signatures))
        return real(cases, graphs, drop_opinions, signatures)

    store.apply_settlement = spy  # type: ignore[method-assign]
    settle(store)
    assert calls == [([], [], {})]
    assert (_exports(store), store.stats()) == clean
    store.close()


def test_a_stripped_opinion_reads_the_same_against_only_the_captions_its_runs_can_match(
    findings: list[OpinionFindings],
) -> None:
    """Settling reads a stripped opinion against the few captions `KnownIndex` finds for its runs (and
    again only when those change): the reading must be exactly the one against every known caption."""
    from ingest.stripped import KnownIndex, find_stripped, run_tokens

    known = sorted({(g.local_id, g.name) for f in findings for g in f.groups if g.name}
                   | {(f.case.id, f.case.name) for f in findings})
    index = KnownIndex(known)
    stripped = [f for f in findings if f.stripped]
    assert stripped
    for f in stripped:
        few = index.relevant(run_tokens(f.opinion.text))
        assert 0 < len(few) < len(known) / 4
        whole, part = find_stripped(f.opinion, known), find_stripped(f.opinion, few)
        assert {a.name for a in whole.authorities} & {name for _, name in known}  # known captions were used
        assert (whole.authorities, whole.mentions, whole.reported) == (part.authorities, part.mentions, part.reported)
