"""Settling redoes only what changed, and ends exactly where settling everything from scratch ends.

A citation-stripped opinion is read against the known captions its runs can match. Settling keeps that list
of captions (`settle_state`), so after a new opinion arrives it looks for captions again only for the stripped
opinions whose runs a caption that came, went or was renamed matches: counted here as look-ups in the index of
every known caption (the version before looked every stripped opinion up again on every settle).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph import export
from graph.sqlite_store import SqliteStore
from ingest import settle as settling
from ingest.analyze import OpinionFindings, analyze, findings_key
from ingest.doctrine import load_taxonomy
from ingest.identity import claims_of, encode
from ingest.read import iter_opinions
from ingest.settle import settle
from ingest.stripped import KnownIndex
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seeds() -> list[OpinionFindings]:
    return [analyze(o) for o in iter_opinions(SEEDS)]


def _as(f: OpinionFindings, i: int, name: str) -> OpinionFindings:
    """The opinion as another decision, under its own citation and caption."""
    cite = f"{i} Synth. {1000 + i}"
    case = replace(f.case, id=f"c-{i}-synth", name=name, citations=(cite,), docket=f"synth-{i}",
                   source_file=f"synth-{i}.txt")
    opinion = replace(f.opinion, citations=(cite,), caption=name if f.opinion.caption else None)
    return replace(f, key=findings_key(case), case=case, opinion=opinion)


def _put(store: SqliteStore, found: list[OpinionFindings]) -> None:
    for f in found:
        store.put_findings([(f.key, claims_of(f), encode(f))])


def _store(path: Path, found: list[OpinionFindings]) -> SqliteStore:
    store = SqliteStore(path)
    store.set_doctrines(load_taxonomy())
    _put(store, found)
    settle(store)
    return store


@pytest.fixture()
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of the caption index each look-up of a stripped opinion's runs was made in."""
    sizes: list[int] = []
    real = KnownIndex.relevant

    def relevant(self: KnownIndex, runs: list[list[str]]) -> list[tuple[str, str]]:
        sizes.append(len(self.known))
        return real(self, runs)

    monkeypatch.setattr(KnownIndex, "relevant", relevant)
    return sizes


def _scenario(
    seeds: list[OpinionFindings], tmp_path: Path, lookups: list[int], name: str, cites: bool
) -> tuple[int, int]:
    """Three stripped opinions settled, then one ordinary opinion named `name` added (citing what a seed cites,
    or nothing: citing opinions change the names cited decisions are shown by) and settled; the store must
    export what a store given all of them at once exports. Returns (look-ups of the whole caption index while
    settling the addition, stripped opinions)."""
    stripped = next(f for f in seeds if f.stripped)
    ordinary = next(f for f in seeds if not f.stripped and f.groups)
    before = [*seeds, _as(stripped, 1, "Synthone v. Copy"), _as(stripped, 2, "Synthtwo v. Copy")]
    added = _as(ordinary if cites else replace(ordinary, groups=(), reported=(), holdings=()), 3, name)
    store = _store(tmp_path / "a", before)
    known = len(store.settle_state("known"))
    lookups.clear()
    _put(store, [added])
    settle(store)
    whole = sum(1 for n in lookups if n >= known - 1)
    fresh = _store(tmp_path / "b", [added, *before[::-1]])
    assert export.to_json(store) == export.to_json(fresh)
    assert store.settle_state("known") == fresh.settle_state("known")
    return whole, sum(f.stripped for f in before)


def test_an_opinion_no_stripped_run_can_match_looks_no_stripped_opinion_up_again(
    seeds: list[OpinionFindings], tmp_path: Path, lookups: list[int]
) -> None:
    whole, stripped = _scenario(seeds, tmp_path, lookups, "Zyxwvut v. Qponmlk", cites=False)
    assert stripped == 3
    assert whole == 0


def test_an_opinion_a_stripped_run_can_match_is_looked_up_and_read_the_same(
    seeds: list[OpinionFindings], tmp_path: Path, lookups: list[int]
) -> None:
    # "Calder v. Jones" is a caption the stripped seed's runs name ("calder jones"): every copy is looked up
    whole, stripped = _scenario(seeds, tmp_path, lookups, "Calder v. Jones", cites=False)
    assert whole == stripped


def test_an_opinion_whose_citations_rename_a_caption_stripped_runs_match_is_read_the_same(
    seeds: list[OpinionFindings], tmp_path: Path, lookups: list[int]
) -> None:
    # one more citing opinion tips "Int'l Shoe Co." to "International Shoe Co. v. Washington", which the runs name
    whole, stripped = _scenario(seeds, tmp_path, lookups, "Zyxwvut v. Qponmlk", cites=True)
    assert whole == stripped


def test_a_store_written_before_the_captions_were_kept_is_settled_from_scratch(
    seeds: list[OpinionFindings], tmp_path: Path, lookups: list[int]
) -> None:
    store = _store(tmp_path / "a", seeds)
    clean = export.to_json(store)
    store.db.execute("DELETE FROM settle_state")  # as the previous version left it
    _put(store, seeds)
    lookups.clear()
    settle(store)
    assert lookups and export.to_json(store) == clean
    assert store.settle_state("known")[""] == ""  # the list is kept from now on
    assert settling.KNOWN == "known"


def _read_by(store: SqliteStore) -> list[int]:
    """Counts what the settle reads from the store: records of its indexes and rows of findings."""
    read = [0]
    for name in ("settle_state", "findings_claims", "unsettled", "findings_data"):
        real = getattr(store, name)

        def counted(*args: object, _real=real) -> object:  # noqa: ANN001
            out = _real(*args)
            read[0] += len(out)
            return out

        setattr(store, name, counted)
    return read


def test_a_settle_reads_what_changed_not_the_store(seeds: list[OpinionFindings], tmp_path: Path) -> None:
    """One opinion added to a store of n other opinions citing what it cites (and the same opinion edited
    and stored again): what the settle reads from the store does not grow with n. Before, a settle read
    every stored findings' claims."""
    ordinary = [f for f in seeds if not f.stripped]
    reads = {}
    for n in (6, 24):
        store = _store(tmp_path / str(n), [_as(ordinary[i % len(ordinary)], 10 + i, f"Synth{i} v. Copy")
                                           for i in range(n)])
        read = _read_by(store)
        _put(store, [ordinary[0]])
        settle(store)
        edited = replace(ordinary[0], groups=ordinary[0].groups[::2], reported=(), holdings=())
        _put(store, [edited])
        settle(store)
        reads[n] = read[0]
        store.close()
    assert reads[24] <= reads[6] * 1.1, reads
