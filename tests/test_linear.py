"""What keeps ingest linear, as the store grows and as one opinion does, answers exactly as before.

Deleting an opinion's passages used to read the whole full-text table (its case_id
column is UNINDEXED); `passage_of` finds them by index, and a store written before
it gets it filled when opened.
"""

from __future__ import annotations

import bisect
import random
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import doctrine, document, holdings, treatment
from ingest.extract import find
from ingest.models import Extraction, Mention, Opinion


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


# ---------------------------------------------------------------- every analysis stage linear in its input
#
# Each fast path below answers as the plain scan it replaced (those are copied here as the reference), on
# real opinions; the cost tests compare an input with one four times its size in the same run: linear work
# grows about 4x, the quadratic scans these replace grew 16x.

FIXTURES = Path(__file__).parent / "fixtures"
REAL = [FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt",
        FIXTURES / "texts" / "04_dg_v_ks_njsuper_2015.txt",
        FIXTURES / "texts" / "05_dallas_sales_v_carlisle_silver_texapp_2004.txt",
        FIXTURES / "overruled" / "107748.html", FIXTURES / "overruled" / "109881.html"]


def _string_cite(n: int) -> str:
    """bench/scale.py's string cite: one sentence of `n` citations after one "See"."""
    return "See " + "; ".join(
        f"Party{i} v. Other{i}, {100 + i % 900} F.3d {1 + i}, {2 + i} ({1 + i % 11}th Cir. {1990 + i % 30})"
        for i in range(n)) + "."


@pytest.fixture(scope="module")
def real() -> list[tuple[str, list[Mention]]]:
    """Real opinions with their mentions, and a string cite whose units carry prose and signals of their own."""
    from ingest.read import iter_opinions
    from ingest.resolve import resolve

    mixed = ("The court has long held as much. See " + "; ".join(
        f"Party{i} v. Other{i}, {100 + i} F.3d {1 + i} (2d Cir. 2001)"
        + (" (holding that the rule does not apply here)" if i % 3 == 0 else "")
        + (", cf. " if i % 5 == 0 else "") + (f"; but see Third{i} v. Fourth{i}, 5 U.S. {i + 1}" if i % 7 == 0 else "")
        for i in range(120)) + ". It is so ordered.")
    out = []
    for o in [*iter_opinions(REAL), Opinion(text=mixed, source_file="mixed.txt", format="text")]:
        out.append((o.text, resolve(o).mentions))
    return out


def _plain_signal(doc, cues, ss: int, cs: int):  # noqa: ANN001, ANN202 - the scan `_signal` replaced
    head = doc.masked[ss:cs]
    by_name = {s.name: s for s in cues.signals}

    def named(m):  # noqa: ANN001, ANN202
        key = re.sub(r"[\W_]+", " ", m.group("sig").lower()).strip()
        return next(s for n, s in by_name.items() if re.sub(r"[\W_]+", " ", n).strip() == key)

    units = head.split(";") if not doc.stripped else [head]
    offset = ss + len(head) - len(units[-1])
    m = cues.signal_re.search(units[-1])
    if m:
        sig, pos = named(m), offset + m.start("sig")
    elif doc.stripped:
        found = list(cues.signal_any.finditer(head[-150:]))
        if not found:
            return None, cs
        m = found[-1]
        sig, pos = named(m), cs - len(head[-150:]) + m.start("sig")
    else:
        sig, pos = None, cs
        if units[-1].strip(" ,\n"):
            return None, cs
        pos_end = offset
        for unit in reversed(units[:-1]):
            pos_end -= len(unit) + 1
            m = cues.signal_head_re.match(unit)
            if m:
                sig, pos = named(m), pos_end + m.start("sig")
                break
    if sig and sig.after and not re.search(treatment._bounded(treatment._phrase_re(sig.after)), head, re.I):
        return None, cs
    return sig, pos


def _plain_citation_like(doc, cues, a: int, b: int) -> bool:  # noqa: ANN001 - the scan `_is_citation_like` replaced
    head = doc.masked[a:b]
    if not head.strip() or cues.signal_head_re.match(head) or re.match(r"^\W*(id\b|\d)", head, re.I):
        return True
    if doc.stripped:
        return False
    rest = treatment._CITE_TOKENS.sub(" ", head)
    prose = [w for w in re.findall(r"(?<![\w.])[a-z][a-z'’]+", rest) if w not in treatment._CAPTION_WORDS]
    return len(prose) <= 2


def test_the_signal_carried_over_a_string_cite_is_the_one_the_plain_scan_finds(real, monkeypatch) -> None:  # noqa: ANN001
    cues = treatment.load_cues()
    checked = carried = 0
    for text, mentions in real:
        doc = document.of_text(text)
        for m in mentions:
            i = doc.sentence_of(m.start)
            ss, _ = doc.sentence_bounds(i)
            for cs in {max(m.start, ss), max(ss, m.start - 1)}:
                got = treatment._signal(doc, cues, ss, cs)
                assert got == _plain_signal(doc, cues, ss, cs), (text[ss:cs][-200:], got)
                checked += 1
                carried += got[0] is not None and ";" in doc.masked[got[1]:cs]
    assert checked > 1000 and carried > 50  # signals carried over semicolons, on real string cites too


def test_a_citation_sentence_is_told_from_prose_as_the_plain_scan_tells_it(real, monkeypatch) -> None:  # noqa: ANN001
    """Every span the stage asks about, with a long sentence's pieces counted once for every sentence (the
    threshold lowered, so real sentences take that path), answers as reading the span again does."""
    monkeypatch.setattr(treatment, "_LONG", 0)
    cues = treatment.load_cues()
    spans = 0
    for text, mentions in real:
        doc = document.of_text(text)
        asked = {doc.sentence_bounds(i) for i in range(len(doc.sentences))}
        for m in mentions:
            ss, se = doc.sentence_bounds(doc.sentence_of(m.start))
            asked |= {(ss, max(ss, m.start)), (m.end, se), (m.start, m.end), (ss, m.end)}
        for a, b in sorted(asked):
            assert treatment._is_citation_like(doc, cues, a, b) == _plain_citation_like(doc, cues, a, b), \
                doc.masked[a:b][:200]
            spans += 1
    assert spans > 3000


def test_the_words_before_a_mention_are_counted_as_the_slice_counts_them(real, monkeypatch) -> None:  # noqa: ANN001
    """Doctrine's "is the sentence only a citation before the mention": from the text's words found once, with
    words the span's edges cut (threshold lowered so that every span takes the counted path)."""
    monkeypatch.setattr(doctrine, "_LONG", 0)
    taxonomy = doctrine.default_taxonomy()
    rng = random.Random(16)
    checked = 0
    for text, mentions in real:
        doc = document.of_text(text)
        a = taxonomy._analyse(doc)
        a.prose = None
        spans = [(doc.doctrine_sentences[doc.doctrine_sentence_of(m.start)], m.start) for m in mentions]
        spans += [tuple(sorted(rng.sample(range(len(text)), 2))) for _ in range(300)]  # cutting words anywhere
        spans += [(x, x + rng.randint(0, 12)) for x in rng.sample(range(len(text) - 20), 100)]
        for lo, hi in spans:
            assert doctrine._cite_only_span(doc, a, lo, hi) == doctrine._cite_only(text[lo:hi], False), text[lo:hi]
            checked += 1
    assert checked > 2000


def _plain_section_starts(text: str, lo: int, hi: int) -> list[int]:  # the search `_section_starts` replaced
    starts = {lo}
    for rx in (holdings._INLINE_SECTION, holdings._HEADING_LINE):
        starts.update(m.start() for m in rx.finditer(text, lo, hi))
    top = sorted(starts)
    for m in holdings._INLINE_NUMBER.finditer(text, lo, hi):
        sec = bisect.bisect_right(top, m.start()) - 1
        before = [int(x.group(1)) for x in holdings._INLINE_NUMBER.finditer(text, top[sec], m.start())
                  if x.start() in starts]
        if int(m.group(1)) == (before[-1] + 1 if before else 1):
            starts.add(m.start())
    return sorted(starts)


def test_numbered_subsections_are_the_ones_the_search_from_each_section_start_finds(real) -> None:  # noqa: ANN001
    flattened = [" ".join(text.split()) for text, _ in real]  # "... in turn. 1 We conclude ... 2 We turn ..."
    numbered = 0
    for text in [t for t, _ in real] + flattened:
        got = holdings._section_starts(text, 0, len(text))
        assert got == _plain_section_starts(text, 0, len(text))
        numbered += len([m for m in holdings._INLINE_NUMBER.finditer(text) if m.start() in got])
    assert numbered > 0


def test_the_mentions_near_a_holding_are_the_ones_in_its_spans() -> None:
    rng = random.Random(7)
    for _ in range(300):
        starts = sorted(rng.randint(0, 500) for _ in range(rng.randint(0, 40)))
        spans = [tuple(sorted((rng.randint(-10, 510), rng.randint(-10, 510)))) for _ in range(2)]
        assert holdings._within(starts, *spans) == [k for k, s in enumerate(starts)
                                                     if any(a <= s < b for a, b in spans)]


def _cpu(fn, *args) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        fn(*args)
        best = min(best, time.process_time() - t)
    return best


def _growth(fn, small, large) -> float:  # noqa: ANN001
    """How many times the cost grows from `small` to `large` (four times its size), both measured now."""
    fn(small)  # warm: compiled patterns, cached cues
    return _cpu(fn, large) / max(_cpu(fn, small), 1e-6)


def test_a_long_string_cite_costs_in_proportion_to_its_citations() -> None:
    """3,000 citations after one "See" took more than the 120 s budget (each citation read the string cite
    back to its signal, and its passage was the whole string cite so far); 4x the citations now cost
    about 4x, not 16x."""
    from ingest.analyze import analyze

    def run(n: int) -> None:
        analyze(Opinion(text=_string_cite(n), source_file="string.txt", format="text"))

    assert _growth(run, 100, 400) < 8


def test_every_passage_of_a_long_string_cite_is_tooltip_sized() -> None:
    """The passage of a signal carried over a string cite was the string cite up to each citation: quadratic in
    size (and in reading it back for its strength). It starts at the signal and is at most MAX_EVIDENCE long."""
    from ingest.analyze import analyze
    from ingest.resolve import resolve

    text = _string_cite(200)
    mentions = resolve(Opinion(text=text, source_file="string.txt", format="text")).mentions
    doc = document.of_text(text)
    passages = [treatment.classify(doc, m) for m in mentions]
    assert len(passages) == 200 and all(t.label == "followed" and t.evidence.startswith("See Party0 v. Other0")
                                        for t in passages)
    assert max(len(t.evidence) for t in passages) <= treatment.MAX_EVIDENCE
    found = analyze(Opinion(text=text, source_file="string.txt", format="text"))
    assert [g.labels for g in found.groups] == [("cited",)] * 200  # one weak "see" each: a plain citation


def _opinion(paragraphs: int) -> str:
    """A long opinion of real paragraphs (the fixture opinions', cycled), as bench/scale.py builds one."""
    texts = [[x for x in p.read_text().split("\n\n") if x.strip()]
             for p in sorted((FIXTURES / "texts").glob("0[1-9]_*.txt"))]
    paras = [t[i] for i in range(max(map(len, texts))) for t in texts if i < len(t)]
    return "\n\n".join(paras[i % len(paras)] for i in range(paragraphs))


def test_a_holding_weighs_the_mentions_around_it_not_every_mention(monkeypatch) -> None:  # noqa: ANN001
    """`_support` was handed every mention of the opinion for each holding: uses x holdings, quadratic in the
    opinion's length. The mentions it is handed now grow with the opinion, not with its square."""
    from ingest.analyze import analyze

    handed: list[int] = []
    support = holdings._support
    monkeypatch.setattr(holdings, "_support", lambda doc, start, stmt, uses, *rest: (
        handed.append(len(uses)), support(doc, start, stmt, uses, *rest))[1])

    def handed_for(paragraphs: int) -> int:
        handed.clear()
        found = analyze(Opinion(text=_opinion(paragraphs), source_file="long.txt", format="text"))
        assert found.holdings
        return sum(handed)

    small, large = handed_for(150), handed_for(600)
    assert 0 < small and large < 8 * small


def test_reported_edges_and_block_quotations_cost_in_proportion_to_the_opinion() -> None:
    """Parentheticals, block quotations, "X overruled Y" and "the X test. Y" each looked at every mention of
    the opinion, and a block quotation's colon at the whole text before it."""
    from ingest import reported
    from ingest.quotes import block_quotes

    unit = ("Alpha v. Beta, 1 U.S. 1 (1900) (citing Gamma v. Delta, 2 U.S. 2 (1901)). The court in In re Epsilon, "
            "3 F.3d 3, held:\n“The rule is plain.” Eta v. Theta, 4 F.3d 4.\nAlpha later overruled Gamma, 2 U.S. at 3, "
            "and the Gamma test applies. Alpha, 1 U.S. at 2.\n")
    cited = [("full", "Alpha v. Beta, 1 U.S. 1", 0), ("full", "Gamma v. Delta, 2 U.S. 2", 1),
             ("full", "In re Epsilon, 3 F.3d 3", 2), ("full", "Eta v. Theta, 4 F.3d 4", 3),
             ("short", "Gamma, 2 U.S. at 3", 1), ("name", "Gamma", 1), ("short", "Alpha, 1 U.S. at 2", 0)]

    def extraction(n: int) -> Extraction:
        text = unit * n
        mentions = []
        for k in range(n):
            at = k * len(unit)
            for kind, words, ref in cited:  # in the order they stand
                at = text.index(words + (" test" if kind == "name" else ""), at)
                mentions.append(Mention(kind, at, at + len(words), words, ref))
        return Extraction(opinion=Opinion(text=text, source_file="r.txt", format="text"), mentions=mentions)

    small, large = extraction(150), extraction(600)

    def run(ext: Extraction) -> None:
        assert reported.find_reported(ext) and reported.find_block_reported(ext, document.of_extraction(ext))
        assert reported.find_prose_reported(ext) and reported.find_rule_reported(ext)
        block_quotes(ext.opinion.text)

    assert _growth(run, small, large) < 8


def test_short_cites_resolve_as_eyecites_own_resolver_resolves_them(real) -> None:  # noqa: ANN001
    """eyecite compares each short cite with every full cite before it; `_ShortCaseResolver` with those of its
    reporter and volume only: the same resolutions on real opinions."""
    from eyecite import resolve_citations

    from ingest import resolve
    from ingest.extract import find

    shorts = 0
    for text, _ in real:
        citations = find(text)
        theirs = resolve_citations(citations)
        ours = resolve_citations(citations, resolve_shortcase_citation=resolve._ShortCaseResolver())
        assert {r: list(map(id, cs)) for r, cs in ours.items()} == {r: list(map(id, cs)) for r, cs in theirs.items()}
        shorts += sum(type(c).__name__ == "ShortCaseCitation" for cs in ours.values() for c in cs)
    assert shorts > 50


def test_pin_cited_references_of_a_long_opinion_are_eyecites_own_and_found_once(monkeypatch) -> None:  # noqa: ANN001
    """Each full citation searched the rest of the opinion for its parties' names ("Jones at 5"): quadratic in
    a long opinion. The places are found once per text and names; the references are eyecite's own, also for
    a name standing right at a citation's end."""
    from eyecite import find as eyecite_find
    from eyecite import get_citations

    from ingest import eyecite_speed

    unit = ("Smith v. Jones, 1 U.S. 1 (1990). In Jones at 5, the court said so. Smith, at 7, agreed. Jones 9, too. "
            "Brown v. Board, 2 U.S. 2Brown at 3; Board, 4. ")

    def described(text: str) -> list[tuple]:
        return [(type(c).__name__, c.span(), c.matched_text(), str(c.metadata)) for c in get_citations(text)]

    monkeypatch.setattr(eyecite_find, "extract_pincited_reference_citations", eyecite_speed._original_pincited)
    theirs = described(unit * 30)
    monkeypatch.setattr(eyecite_find, "extract_pincited_reference_citations",
                        eyecite_speed.extract_pincited_reference_citations)
    assert described(unit * 30) == theirs
    assert sum(kind == "ReferenceCitation" for kind, *_ in theirs) > 30

    def search(text: str) -> None:  # the helper alone, over every full citation of the text
        for c in citations[text]:
            eyecite_speed.extract_pincited_reference_citations(c, text)

    # each citation's names stand again and again, never with a pin cite (eyecite's references of a name with
    # a pin cite are every later one, for each citation: that many answers are the answer's own size)
    prose = "Smith v. Jones, 1 U.S. 1 (1990). Jones said so, and Smith agreed with Jones in part. "
    small, large = prose * 100, prose * 400
    citations = {t: [c for c in get_citations(t) if type(c).__name__ == "FullCaseCitation"] for t in (small, large)}
    assert _growth(search, small, large) < 8


def test_supra_and_bare_references_resolve_as_eyecites_resolvers_resolve_them(real) -> None:  # noqa: ANN001
    """eyecite compares each supra and reference with every candidate before it; `_Others` keeps, for each
    antecedent or set of names, the decisions it matched so far: the same resolutions on real opinions."""
    from eyecite import resolve_citations
    from eyecite.resolve import _resolve_reference_citation, _resolve_supra_citation

    from ingest import resolve
    from ingest.extract import find, parallel_groups

    def others(full_cites: list, group_of: dict) -> list:  # the candidates, one per decision, as before
        seen, kept = set(), []
        for f, r in full_cites:
            if group_of.get(id(f), id(f)) not in seen:
                seen.add(group_of.get(id(f), id(f)))
                kept.append((f, r))
        return kept

    resolved = 0
    for text, _ in real:
        citations = find(text)
        groups = {id(c): gi for gi, g in enumerate(parallel_groups(text, citations)) for c in g}
        theirs = resolve_citations(
            citations, resolve_supra_citation=lambda c, f, g=groups: _resolve_supra_citation(c, others(f, g)),
            resolve_reference_citation=lambda c, f, g=groups: _resolve_reference_citation(c, others(f, g)))
        mine = resolve._Others(groups, set())
        ours = resolve_citations(citations, resolve_supra_citation=mine.supra,
                                 resolve_reference_citation=mine.reference)
        assert {r: list(map(id, cs)) for r, cs in ours.items()} == {r: list(map(id, cs)) for r, cs in theirs.items()}
        resolved += sum(type(c).__name__ in ("SupraCitation", "ReferenceCitation") for cs in ours.values() for c in cs)
    assert resolved > 20


# ------------------------------------------------ names looked up in the index of the opinion's words, once

ALL_REAL = sorted([*(FIXTURES / "texts").glob("*.txt"), *(FIXTURES / "heldout").glob("*.txt"),
                   *(FIXTURES / "overruled").glob("*.html")])
# names whose first word is an abbreviation (matched written out, in any case), carries an apostrophe or starts
# with punctuation (searched for over the whole text)
ODD_FORMS = ["Natl. Loan Investors", "Intl. Fidelity", "Dept. of Labor", "Am. Civil Liberties", "Technology Co.",
             "O'Brien", "Dep't of Education", "(Smith)", "& Co.", "State", "In re Gault", "1 Thomas"]
# characters that Python's case-insensitive matching reads as ASCII letters, though lower() does not
FOLDING = (" NATİONAL Loan Investors, natıonal Loan Investors, National Loan Investors, \u212aelly, TECHNOLOGIEſ Co., "
           "Dept. of Labor.")


def _plain_names(text: str):  # noqa: ANN202 - the whole-text searches `_Words` replaced
    from ingest import resolve as r

    class Plain:
        def __init__(self, text: str, forms: list[str]) -> None:
            self.text = text

        def matches(self, form: str):  # noqa: ANN202
            return r._form_re(form).finditer(self.text)

        def has_word(self, word: str) -> bool:
            return r._word_re(word).search(self.text) is not None

    return Plain


@pytest.fixture(scope="module")
def named_texts() -> list[tuple[Opinion, Extraction]]:
    """Real opinions (and one with characters that fold to ASCII letters) resolved."""
    from ingest.read import iter_opinions
    from ingest.resolve import resolve

    opinions = [o for o in iter_opinions(ALL_REAL) if isinstance(o, Opinion)]
    opinions.append(replace(opinions[0], text=opinions[0].text + FOLDING))
    return [(o, resolve(o)) for o in opinions]


def test_names_stand_where_the_search_of_the_whole_text_finds_them(named_texts) -> None:  # noqa: ANN001
    """Each name's matches, found by looking its first word up in the index of the opinion's words, are the
    matches of its pattern over the whole text; and so is whether a capitalised name is also a common word."""
    from ingest import resolve as r

    found = 0
    for o, ext in named_texts:
        text = o.text
        forms = sorted({f for a in ext.authorities for f in a.short_names | {a.name or ""}} - {""}) + ODD_FORMS
        words = r._Words(text, forms)
        for form in forms:
            ours = [m.span() for m in words.matches(form)]
            assert ours == [m.span() for m in r._form_re(form).finditer(text)], form
            found += len(ours)
            for word in (form.lower(), form.split()[0].lower()):
                assert words.has_word(word) == (r._word_re(word).search(text) is not None), word
    assert found > 5000
    text = named_texts[-1][0].text
    assert len(list(r._Words(text, ODD_FORMS).matches("Natl. Loan Investors"))) == 3  # "NATİONAL", too


def test_bare_names_are_the_ones_the_whole_text_searches_find(named_texts, monkeypatch) -> None:  # noqa: ANN001
    """The bare-name mentions of real opinions, their names looked up in the word index, are those the
    search of the whole text for each name found."""
    from ingest import resolve as r

    monkeypatch.setattr(r, "_Words", _plain_names(""))
    assert [ext.mentions for _, ext in named_texts] == [r.resolve(o).mentions for o, _ in named_texts]
    assert sum(m.kind == "name" for _, ext in named_texts for m in ext.mentions) > 500


def _plain_pinned(text: str, names: tuple[tuple[str, str], ...]) -> list:  # the searches `_pinned` replaced
    from ingest import eyecite_speed

    starts: set[int] = set()
    for _, value in names:
        at = text.find(value)
        while at >= 0:
            starts.add(at)
            at = text.find(value, at + 1)
    return [(s, w) for s in sorted(starts)
            if eyecite_speed._WORD_BOUNDARY.match(text, s) and (w := eyecite_speed._winner(text, names, s))]


def test_names_with_a_pin_cite_stand_where_the_search_of_the_whole_text_finds_them() -> None:
    """eyecite's references by name and pin cite ("Bakke, 438 U.S., at 311"): where each full citation's
    names stand with a pin cite after them, looked up in the word index, is where the search of the whole
    text for each name finds them, on real opinions."""
    from eyecite.models import FullCaseCitation, ReferenceCitation
    from eyecite.utils import is_valid_name

    from ingest import eyecite_speed
    from ingest.read import iter_opinions

    hits = 0
    for o in iter_opinions(ALL_REAL):
        if not isinstance(o, Opinion):
            continue
        cited = [tuple((key, value) for key in ReferenceCitation.name_fields
                       if (value := getattr(c.metadata, key, None)) and is_valid_name(value))
                 for c in find(o.text) if isinstance(c, FullCaseCitation)]
        # each name once more with a pin cite after it, as the real ones are ("Bakke at 311")
        plain = o.text.replace("\n", " ") + "".join(f" {v} at {k + 2}." for k, n in enumerate(cited) for _, v in n)
        plain += " Jones at 5; (Smith) at 7; & Co. 9."
        for names in cited:
            for extra in ((), (("defendant", "(Smith)"),), (("plaintiff", "& Co."), ("defendant", "Jones"))):
                ours = eyecite_speed._pinned(plain, names + extra)
                assert [(s, w[:2], w[2].span()) for s, w in ours] == \
                    [(s, w[:2], w[2].span()) for s, w in _plain_pinned(plain, names + extra)]
                hits += len(ours)
    assert hits > 3000


def _decisions(n: int) -> str:
    """An opinion citing `n` decisions of their own, each in full, by name and by name and pin cite, and one
    decision cited in full again and again with short cites after it."""
    return "".join(
        f"The rule comes from Alder{k} v. Birch{k}, {k + 1} F.3d {k + 1} (2d Cir. 2001). As in Alder{k}, the "
        f"claim fails; Birch{k}, {k + 1} F.3d at {k + 2}, agrees. See Smith v. Jones, 5 U.S. 1 (1801); "
        f"Smith, 5 U.S. at 3.\n\n" for k in range(n))


def test_names_of_many_decisions_cost_in_proportion_to_the_opinion() -> None:
    """Each decision's names were searched for over the whole opinion (its bare names, and eyecite's
    references by name and pin cite), and every short cite counted all the full cites of its volume so far:
    work of (cited decisions) x (length), 16x for 4x the opinion. Now about 4x."""
    from eyecite import resolve_citations
    from eyecite.models import FullCaseCitation

    from ingest import eyecite_speed, resolve
    from ingest import words as word_index

    def prepared(n: int) -> tuple:
        o = Opinion(text=_decisions(n), source_file="many.txt", format="text")
        citations = find(o.text)
        return o, resolve.resolve(o), citations, o.text.replace("\n", " ")

    def run(prep: tuple) -> None:
        o, ext, citations, plain = prep
        eyecite_speed._PINNED.clear()
        word_index._LAST.clear()
        names = resolve.find_bare_names(o, ext, [c.full_span() for c in citations])
        assert len(names) >= o.text.count("As in Alder")
        for c in citations:
            if isinstance(c, FullCaseCitation):
                eyecite_speed.extract_pincited_reference_citations(c, plain)
        resolve_citations(citations, resolve_shortcase_citation=resolve._ShortCaseResolver())

    assert _growth(run, prepared(100), prepared(400)) < 7
