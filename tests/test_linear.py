"""The indexes that keep long opinions linear answer exactly as the scans they replace, on real text.

A 4 MB opinion has thousands of names to look for and thousands of spans already
taken; looking for each name only where a word it can start with stands
(`_Words`), and marking taken text in place (`_Covered`), must find the very
matches the whole-text scans found.
"""

from __future__ import annotations

import random
import re

import pytest

from ingest.models import Opinion
from ingest.names import short_forms
from ingest.resolve import _Covered, _loose, _loose_heads, _Words, resolve
from tests.conftest import FIXTURES

TEXTS = sorted((FIXTURES / "texts").glob("0[1-9]_*.txt"))


def _forms(text: str) -> list[str]:
    ext = resolve(Opinion(text=text, source_file="t.txt", format="text"))
    out = set()
    for a in ext.authorities:
        out |= a.short_names | ({a.name} | short_forms(a.name) if a.name else set())
    return sorted(out)


@pytest.mark.parametrize("path", TEXTS[:6], ids=lambda p: p.name[:12])
def test_names_are_found_where_a_whole_text_scan_finds_them(path) -> None:  # noqa: ANN001
    # the opinion, and the same with words a case-blind match folds ("ſ" is "s", "K" is "k") spliced in
    text = path.read_text()
    odd = text.replace("Court", "Courſ", 3).replace("King", "\u212aing", 3)
    odd += "\nWill’s, Natl. Loan Investors and Aſſociation of Flight Attendants."
    forms = _forms(text) + ["Will", "Natl. Loan Investors", "(Bermuda) Ltd.", "Int'l Shoe",
                            "Ass'n of Flight Attendants"]
    assert len(forms) > 20
    seen = 0
    for t in (text, odd):
        words = _Words(t)
        for form in forms:
            for pattern, heads in (
                (re.compile(rf"(?<![\w.'’]){_loose(form)}(?![\w]|-[a-z]|\.\w)"), _loose_heads(form)),
                (re.compile(rf"\b{re.escape(form.lower())}\b"), [form.lower()]),
            ):
                scan = [m.span() for m in pattern.finditer(t)]
                assert [m.span() for m in words.finditer(pattern, heads)] == scan, form
                seen += len(scan)
    assert seen > 50


def test_covered_spans_answer_as_the_list_of_spans() -> None:
    rng = random.Random(7)
    for _ in range(50):
        size = rng.randint(1, 300)
        spans: list[tuple[int, int]] = []
        cov = _Covered(size)
        for _ in range(rng.randint(0, 20)):
            s = rng.randint(0, size - 1)
            e = min(size, s + rng.randint(0, 40))
            spans.append((s, e))
            cov.add(s, e)
        for s in range(size):
            for e in range(s + 1, min(size, s + 30) + 1):
                assert cov.inside(s, e) == any(a <= s < b or a < e <= b for a, b in spans)


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
