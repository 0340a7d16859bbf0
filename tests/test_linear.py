"""What keeps ingest linear as the store grows answers exactly as before.

Deleting an opinion's passages used to read the whole full-text table (its case_id
column is UNINDEXED); `passage_of` finds them by index, and a store written before
it gets it filled when opened.
"""

from __future__ import annotations


def test_a_store_from_before_the_passage_index_drops_an_opinions_passages_when_reopened(tmp_path) -> None:  # noqa: ANN001
    """Passages are found for deletion by `passage_of`; a store from before it gets it filled on opening."""
    from graph.sqlite_store import SqliteStore
    from tests.test_analysis import sample_graphs

    graphs = sample_graphs()
    store = SqliteStore(tmp_path)
    for g in graphs:
        store.write_opinion(g)
    before = sorted((p.case_id, p.offset) for p, _ in store.search("Calder", limit=100))
    store.db.execute("DROP TABLE passage_of")  # as an earlier version wrote it
    store.close()
    store = SqliteStore(tmp_path)
    for g in graphs:  # written again: each opinion's old passages must go, not pile up
        store.write_opinion(g)
    assert sorted((p.case_id, p.offset) for p, _ in store.search("Calder", limit=100)) == before != []
    assert store.db.execute("SELECT count(*) FROM passages").fetchone() == (sum(len(g.passages) for g in graphs),)
    store.close()
