"""The one reading of an opinion (ingest/document.py), on real opinions from tests/fixtures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest import document, treatment
from ingest.models import Opinion
from ingest.quotes import _INTRO, _PARAGRAPH, block_quotes
from ingest.read import iter_opinions
from ingest.resolve import resolve
from tests.conftest import FIXTURES


def _text(path: Path) -> str:
    return next(iter_opinions([path])).text


@pytest.fixture(scope="module")
def fisher() -> str:  # Fisher v. University of Texas (2013): syllabus, majority, two concurrences, a dissent
    return _text(FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt")


@pytest.fixture(scope="module")
def thomas() -> str:  # Thomas v. Housing Authority (Wash. 1967): block quotations of a lease and a decision
    return _text(FIXTURES / "texts" / "09_thomas_v_housing_authority_wash_1967.txt")


def test_sentences_do_not_end_at_citation_abbreviations(fisher: str) -> None:
    doc = document.of_text(fisher)
    at = fisher.index("Johnson v. California, 543 U. S. 499,")
    a, b = doc.sentence_bounds(doc.sentence_of(at))
    assert a == at  # "end.” Johnson": a new sentence; "v." and "U. S." do not end it
    assert fisher[a:b].rstrip().endswith("(quoting Grutter, supra, at 327).")
    assert fisher[b:].startswith("This")
    assert list(doc.sentences) == sorted(set(doc.sentences)) and doc.sentences[0] == 0
    assert doc.sentences == document.sentence_starts(fisher)  # the app's passages are the same sentences


def test_parentheticals_and_quotations_are_masked_in_place(fisher: str) -> None:
    doc = document.of_text(fisher)
    paren = "(quoting Grutter, supra, at 327)"
    p = fisher.index(paren)
    assert (p, p + len(paren)) in doc.parentheticals
    assert doc.in_parenthetical(p + 1) and not doc.in_parenthetical(p)
    quote = "“narrowly tailored to that end.”"
    q = fisher.index(quote)
    assert (q, q + len(quote)) in doc.quotations
    assert len(doc.masked) == len(fisher)
    assert doc.masked[p:p + len(paren)].strip() == "" and doc.masked[q:q + len(quote)].strip() == ""
    assert doc.masked[q - 5:q] == fisher[q - 5:q] == " and "  # the court's own words are left as they are
    for pos in range(0, len(fisher), 11):  # the bisection answers as a scan of the spans does
        assert doc.in_parenthetical(pos) == any(s < pos < e for s, e in doc.set_off)


def test_block_quotations_are_another_courts_words(thomas: str) -> None:
    doc = document.of_text(thomas)
    intros = [thomas[i:s] for s, _, i in doc.block_quotes]
    assert any(x.startswith("The Thomases’ written lease with defendant contained, inter alia, the following "
                            "provisions:") for x in intros)
    s, e, i = next(b for b in doc.block_quotes if "made the following observation" in thomas[b[2]:b[0]])
    assert thomas[s:e].startswith("It may be conceded that this child falling from its bed")
    assert doc.in_parenthetical(s + 10) and (s, e) in doc.set_off
    assert doc.masked[s:e].strip() == ""


def test_block_quotations_are_the_plain_definition(fisher: str, thomas: str) -> None:
    """The intro check reads the last non-space character before a paragraph, not a copy of the text up to it."""
    others = [_text(FIXTURES / "overruled" / f) for f in ("103290.html", "103962.html", "107564.html")]
    for text in [fisher, thomas, *others]:
        paras = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
        plain = []
        for (s, e), (ns, ne) in zip(paras, paras[1:], strict=False):
            opens = text[ns:ns + 2].lstrip()[:1] in ("“", '"')
            if _INTRO.search(text, max(s, e - 200), e) or (opens and text[:e].rstrip().endswith(":")):
                plain.append((ns, ne, max(text.rfind(". ", s, e - 1) + 2, s)))
        assert block_quotes(text) == plain and plain


def test_paragraphs_and_the_sentences_in_them(fisher: str, thomas: str) -> None:
    for text in (fisher, thomas):
        doc = document.of_text(text)
        wrapped = document.soft_wrapped(text.splitlines())
        assert all(a < b and text[a:b].strip() for a, b in doc.paragraphs)
        for (_, b), (a2, _) in zip(doc.paragraphs, doc.paragraphs[1:], strict=False):
            gap = text[b:a2]
            assert not gap.strip() and gap.count("\n") >= (2 if wrapped else 1)
        inside = [text[a:b] for a, b in doc.paragraphs]
        assert not any(re.search(r"\n\s*\n" if wrapped else r"\n", p.strip()) for p in inside)
        for i, s in enumerate(doc.sentences):
            assert doc.sentence_paragraph[i] == doc.paragraph_of(s)
        assert len(doc.doctrine_topics) == len(doc.doctrine_sentences)
        for s in doc.doctrine_sentences:
            a, b = doc.paragraphs[doc.paragraph_of(s)]
            assert a <= s < b  # the tagger's sentences are cut inside paragraphs
        assert list(doc.doctrine_topics) == sorted(doc.doctrine_topics)
    assert document.soft_wrapped(fisher.splitlines()) and not document.soft_wrapped(thomas.splitlines())


def test_parts_of_the_opinion(fisher: str) -> None:
    doc = document.of_text(fisher)
    assert [p.kind for p in doc.parts] == ["syllabus", "majority", "concurrence", "concurrence", "dissent"]
    assert doc.part_at(0).kind == "syllabus"
    assert doc.part_at(fisher.index("I would overrule Grutter")).kind == "concurrence"
    assert doc.part_at(len(fisher) - 1).kind == "dissent"


def test_stripped_text_is_read_as_stripped() -> None:
    stripped = _text(FIXTURES / "stripped" / "09_thomas_v_housing_authority_wash_1967_stripped.txt")
    doc = document.of_text(stripped)
    assert doc.stripped and not document.of_text(_text(FIXTURES / "texts" / "09_thomas_v_housing_authority_wash_1967"
                                                               ".txt")).stripped
    assert doc.masked == stripped and not doc.parentheticals and not doc.block_quotes  # no punctuation to read
    at = stripped.index("the entire left side of her body was severely scalded.")
    a, b = doc.sentence_bounds(doc.sentence_of(at))
    assert a == at and stripped[a:b] == "the entire left side of her body was severely scalded."
    a, _ = doc.sentence_bounds(doc.sentence_of(stripped.index("and fallen into the washbasin")))
    assert stripped[a:].startswith("apparently carrie had climbed up,turned on the faucet")


def test_a_short_passage_is_ordinary_unless_told() -> None:
    passage = "the court applied calder.see bell atl.the effects test was met."
    assert not document.of_text(passage).stripped  # too short for the check to be sure of
    doc = document.of_text(passage, stripped=True)
    assert [passage[s:] for s in doc.sentences][1].startswith("see bell")


def test_the_extractions_mentions_by_position(fisher: str) -> None:
    ext = resolve(Opinion(text=fisher, source_file="fisher.txt", format="text"))
    doc = document.of_extraction(ext)
    assert [m.start for m in doc.citations] == sorted(m.start for m in ext.mentions)
    a, b = fisher.index("Under strict scrutiny"), fisher.index("This m", fisher.index("(quoting Grutter, supra"))
    inside = doc.citations_in(a, b)
    assert inside == tuple(m for m in doc.citations if a <= m.start < b)
    assert [(m.kind, m.text) for m in inside] == [("full", "Johnson v. California, 543 U. S. 499"),
                                                  ("supra", "supra, at 327")]


def test_analyze_reads_each_opinion_once(monkeypatch: pytest.MonkeyPatch, fisher: str) -> None:
    from ingest.analyze import analyze

    built = []
    real = document.build
    monkeypatch.setattr(document, "build", lambda *a, **k: built.append(a[0]) or real(*a, **k))
    found = analyze(Opinion(text=fisher, source_file="fisher.txt", format="text"))
    assert found.groups and found.holdings
    assert built == [fisher]


def test_the_memo_is_no_part_of_the_document(fisher: str) -> None:
    doc, again = document.of_text(fisher), document.of_text(fisher)
    ext = resolve(Opinion(text=fisher, source_file="fisher.txt", format="text"))
    treatment.classify(doc, ext.mentions[0])
    assert doc.memo and not again.memo
    assert doc == again
