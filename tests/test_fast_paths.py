"""The ingest's fast paths answer as the plain scans they replace, on real opinions (bench/ingest.py times them)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest import doctrine, document, resolve, treatment
from ingest.charcount import counts
from ingest.read import iter_opinions

FIXTURES = Path(__file__).parent / "fixtures"
OPINIONS = [FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt",
            FIXTURES / "texts" / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt",
            FIXTURES / "overruled" / "101368.html"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [o.text for o in iter_opinions(OPINIONS)]


def test_parenthetical_and_sentence_lookups_are_the_scans(texts: list[str]) -> None:
    for text in texts:
        doc = document.of_text(text)
        assert doc.set_off
        for pos in range(0, len(text), 7):
            assert doc.in_parenthetical(pos) == any(s < pos < e for s, e in doc.set_off)
            assert doc.sentence_of(pos) == max(i for i, s in enumerate(doc.sentences) if s <= pos)


def test_doctrine_scans_find_what_the_whole_text_search_finds(texts: list[str]) -> None:
    taxonomy = doctrine.default_taxonomy()
    scans = taxonomy._scans + list(taxonomy._anchors.values())
    assert sum(s.scan_by is not None for s in scans) > 0.8 * len(scans)
    samples = texts + [doctrine._normalise(t[:2500]) for t in texts]  # whole opinions and short passages
    for text in samples:
        norm = doctrine._normalise(text)
        found = doctrine._Text(norm, taxonomy._present(norm), taxonomy._scan_runs)
        matched = 0
        for scan in scans:
            if scan.regex is None:
                continue
            expected = [m.span() for m in scan.regex.finditer(norm)]
            assert [m.span() for m in scan.finditer(found)] == expected, scan.regex.pattern[:80]
            matched += bool(expected)
        assert matched


def test_a_cues_requirement_is_what_every_match_holds() -> None:
    assert doctrine._requirement("minimum contacts") == [("minimum",), ("contacts",)]
    assert doctrine._requirement("(?:polling place|voting booth|voting enclosure)s?") == [
        ("polling", "voting", "enclosure")]
    assert doctrine._requirement("purposeful(?:ly)? avail(?:ed|ment|s|ing)?") == [("purposeful",), ("avail",)]
    assert doctrine._requirement("offen[cs]es?") == [("offen",)]
    assert doctrine._requirement("a|b") == []  # nothing every match holds
    assert doctrine._width("(?:personal )?jurisdiction over") == (24, 2)
    assert doctrine._width("lesser included offen[cs]es?") == (22, 2)
    assert doctrine._width("rule.*") is None


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40)), max_size=30), st.integers(0, 320),
       st.integers(1, 40))
def test_taken_spans_overlap_as_the_linear_check_says(spans: list[tuple[int, int]], s: int, length: int) -> None:
    taken = [(a, a + n) for a, n in spans]
    e = s + length
    index = resolve._Spans(taken[: len(taken) // 2])
    for a, b in taken[len(taken) // 2:]:
        index.add(a, b)
    assert index.overlaps(s, e) == any(a <= s < b or a < e <= b for a, b in taken)


def test_bare_name_patterns_match_where_the_plain_ones_do(texts: list[str]) -> None:
    forms = ["Grutter", "Bakke", "Fisher", "Crawford", "Anderson", "Burdick", "Grutter v. Bollinger",
             "Regents of Univ. of Cal. v. Bakke", "Natl. Loan Investors", "O'Connor", "Will", "Id."]
    for text in texts:
        for form in forms:
            plain = re.compile(rf"(?<![\w.'’]){resolve._loose(form)}(?![\w]|-[a-z]|\.\w)")
            assert [m.span() for m in resolve._form_re(form).finditer(text)] == [
                m.span() for m in plain.finditer(text)], form
            word = form.lower()
            assert (resolve._word_re(word).search(text) is None) == (
                re.search(rf"\b{re.escape(word)}\b", text) is None), form


def test_character_counts_are_str_methods(texts: list[str]) -> None:
    rng = random.Random(7)
    for text in texts + ["ǅ½² ٣ Éé ß", ""]:
        for _ in range(5):
            a = rng.randrange(len(text) + 1)
            part = text[a:a + rng.randrange(5000)]
            assert counts(part) == (sum(c.isalpha() for c in part), sum(c.isupper() for c in part),
                                    sum(c.isdigit() for c in part))


def test_a_mention_is_classified_once_with_the_same_answer(texts: list[str]) -> None:
    """The edge's treatment and its holdings ask about the same mention: the second answer is the first."""
    from ingest.analyze import analyze
    from ingest.models import Opinion

    text = texts[0]
    found = analyze(Opinion(text=text, source_file="fisher.txt", format="text"))
    mentions = [m for g in found.groups for m in g.mentions][:40]
    assert mentions
    doc = document.of_text(text)
    for m in mentions:
        first = treatment.classify(doc, m)
        doc.memo.clear()
        assert treatment.classify(doc, m) == first
