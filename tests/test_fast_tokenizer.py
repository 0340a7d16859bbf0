"""The pipeline's tokenizers find exactly eyecite's default citations (ingest/fast_tokenizer.py): the default one by
searching each extractor only near its strings, the Hyperscan one on an ASCII stand-in of the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from eyecite import get_citations
from eyecite.models import TokenExtractor
from eyecite.tokenizers import EXTRACTORS, AhocorasickTokenizer, Tokenizer, _strip_ws, default_tokenizer
from hypothesis import given
from hypothesis import strategies as st

from ingest import fast_tokenizer
from ingest.fast_tokenizer import OrderedAhocorasickTokenizer, _matches, _near, stand_in
from ingest.models import ReadError
from ingest.read import iter_opinions
from ingest.regex_reach import Runs, holds_one_of, reach_of

FIXTURES = Path(__file__).parent / "fixtures"
# real opinions whose pin cites run with an en dash ("438 U. S., at 311–312"), where eyecite's own
# HyperscanTokenizer drops citations; and one with "§" and em dashes
EN_DASHES = [FIXTURES / "texts" / "01_fisher_v_univ_of_texas_2013.txt",
             FIXTURES / "texts" / "03_democracy_nc_v_nc_state_bd_elections_mdnc_2022.txt",
             FIXTURES / "texts" / "000_ab9c4de9583b9acb.txt"]


def test_stand_in_keeps_every_offset_and_each_character_class() -> None:
    text = "Bakke, 438 U. S., at 311–312 (opinion of Powell, J.) “Peña” § 1983\u00a0Id.\x1c"
    out = stand_in(text)
    assert len(out) == len(text) and out.isascii()
    assert [re.match(r"\w", c) is not None for c in out] == [re.match(r"\w", c) is not None for c in text]
    assert [c.isspace() for c in out] == [c.isspace() for c in text]
    assert out[text.index("–")] == "\x7f" and out[text.index("ñ")] == "_" and out[text.index("\u00a0")] == " "
    assert all(a == b for a, b in zip(out, text, strict=True) if b.isascii() and b != "\x1c")


_PATTERNS = [r"\d+ U\. ?S\.,? \d+", r"(?<![a-zA-Z0-9])at \d+(?:-\d+)?", r"a+b?", r"[^a-zA-Z0-9]x\b", r"\bId\."]


@given(st.sampled_from(_PATTERNS), st.text(alphabet="aAbx1 3U.S,-at Id", max_size=60))
def test_searching_from_the_reported_spans_is_finditer(pattern: str, text: str) -> None:
    """Given, for every end of a match, the leftmost start of one (what Hyperscan reports), the matches are
    finditer's."""
    rx = re.compile(pattern)
    spots = []
    for end in range(len(text) + 1):
        starts = [s for s in range(end) if rx.fullmatch(text, s, end) or _ends_at(rx, text, s, end)]
        if starts:
            spots.append((starts[0], end))
    assert [m.span() for m in _matches(rx, text, spots)] == [m.span() for m in rx.finditer(text)]


def _ends_at(rx: re.Pattern[str], text: str, s: int, end: int) -> bool:
    m = rx.match(text, s)
    return m is not None and m.end() == end


def test_the_choice_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fast_tokenizer.ENV, raising=False)
    assert isinstance(fast_tokenizer.tokenizer(), fast_tokenizer.OrderedAhocorasickTokenizer)
    monkeypatch.setenv(fast_tokenizer.ENV, "regex")
    with pytest.raises(ValueError, match="PRECEDENT_TOKENIZER"):
        fast_tokenizer.tokenizer()


def test_without_hyperscan_the_default_tokenizer_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_tokenizer, "available", lambda: False)
    fast_tokenizer._build.cache_clear()
    monkeypatch.setenv(fast_tokenizer.ENV, "hyperscan")
    try:
        assert isinstance(fast_tokenizer.tokenizer(), fast_tokenizer.OrderedAhocorasickTokenizer)
    finally:
        fast_tokenizer._build.cache_clear()


@pytest.fixture(scope="module")
def hyperscan_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("hyperscan")
    return str(tmp_path_factory.mktemp("hyperscan"))


def _described(text: str, tokenizer: object) -> list[tuple]:
    return [(type(c).__name__, c.span(), c.matched_text(), str(c.groups), str(c.metadata))
            for c in get_citations(text, tokenizer=tokenizer)]


@pytest.mark.slow
def test_no_citation_lost_next_to_en_dashes(hyperscan_cache: str) -> None:
    """The same citations, spans, groups and metadata as eyecite's default tokenizer, where eyecite's own
    HyperscanTokenizer loses some."""
    from eyecite.tokenizers import HyperscanTokenizer

    ours = fast_tokenizer.StandInHyperscanTokenizer(cache_dir=hyperscan_cache)
    bytewise = HyperscanTokenizer(cache_dir=hyperscan_cache)
    lost_by_bytes = 0
    for path in EN_DASHES:
        text = path.read_text(encoding="utf-8").replace("\n", " ")
        default = _described(text, default_tokenizer)
        assert len(default) > 50
        assert _described(text, ours) == default, path.name
        lost_by_bytes += len({d[1] for d in default} - {d[1] for d in _described(text, bytewise)})
    assert lost_by_bytes >= 10  # the loss this tokenizer exists to avoid is real on these opinions


_SEEDED = """
import sys
from pathlib import Path
from eyecite import get_citations
from ingest import fast_tokenizer
from ingest.read import read_path
text = read_path(Path(sys.argv[1]))[0].text.replace("\\n", " ")
for c in get_citations(text, tokenizer=fast_tokenizer.tokenizer()):
    print(c.span(), c.matched_text(), c.groups)
"""


def test_the_default_tokenizer_gives_the_same_tokens_whatever_the_hash_seed(tmp_path: Path) -> None:
    # United States v. Ross (1982): eyecite's own default read the reporter of "559 S. W. 2d, at 706" as
    # "S. W. 2d," under some hash seeds and "S. W. 2d" under others (a set of extractors, merged in its order)
    import os
    import subprocess
    import sys

    script = tmp_path / "tokens.py"
    script.write_text(_SEEDED)
    root = Path(__file__).resolve().parent.parent
    runs = set()
    for seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(root))
        env.pop(fast_tokenizer.ENV, None)
        out = subprocess.run([sys.executable, str(script), str(FIXTURES / "overruled" / "110719.html")],
                             capture_output=True, text=True, env=env, check=True, cwd=root).stdout
        assert "559 S. W. 2d, at 706" in out
        runs.add(out)
    assert len(runs) == 1


class _WholeText(AhocorasickTokenizer):
    """eyecite's default tokenizer as it ships, each candidate extractor run over the whole text, taken in
    eyecite's list order (its set order varies with the hash seed, see the test above)."""

    def get_extractors(self, text: str) -> list[TokenExtractor]:  # type: ignore[override]
        found = super().get_extractors(text)
        return [e for e in EXTRACTORS if e in found]


_OPINIONS = sorted(p for sub in ("texts", "heldout", "overruled", "fields", "formats", "stripped")
                   for p in (FIXTURES / sub).iterdir() if p.suffix in (".txt", ".html", ".json", ".xml"))


@pytest.mark.slow
def test_searching_near_the_strings_finds_what_the_whole_text_search_finds() -> None:
    """Every fixture opinion (seeds, corpus, held-out, overruling set, every format): the same tokens, and
    the same citations, spans, groups and metadata, as eyecite's default tokenizer."""
    ours, whole = OrderedAhocorasickTokenizer(), _WholeText()
    n = 0
    for opinion in iter_opinions(_OPINIONS):
        if isinstance(opinion, ReadError):  # a cluster without its opinion
            continue
        text = opinion.text.replace("\n", " ")
        assert _tokens(text, ours) == _tokens(text, whole), opinion.source_file
        assert _described(text, ours) == _described(text, whole), opinion.source_file
        n += 1
    assert n >= 40


def test_only_the_extractors_without_strings_search_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Why the cost per KB stays flat: the whole-text search eyecite makes for each candidate extractor
    (hundreds in a long opinion) is made here only for those that name no string, or whose matches need
    not hold one (eyecite's stop words and "id.": a handful, whatever the opinion)."""
    text = (FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt").read_text(encoding="utf-8")
    whole: list[TokenExtractor] = []
    real = TokenExtractor.get_matches
    monkeypatch.setattr(TokenExtractor, "get_matches", lambda self, t: whole.append(self) or real(self, t))
    list(_WholeText().extract_tokens(text))
    eyecites = len(whole)
    whole.clear()
    list(OrderedAhocorasickTokenizer().extract_tokens(text))
    assert whole and all(not e.strings or not holds_one_of(e.regex, [_strip_ws(s) for s in e.strings], e.flags)
                         for e in whole)
    assert eyecites > 10 * len(whole)


@pytest.mark.parametrize("change", ["a long run of spaces", "a fold lower() does not make", "text edges",
                                    "a string spelt as a regex"])
def test_texts_that_stretch_the_windows_give_the_same_tokens(change: str) -> None:
    """A citation spread by a run of spaces (the reach grows with it), a character Python's caseless matching
    folds but lower() does not (the caseless extractors then search everywhere), strings at the text's ends,
    an extractor whose matches need not hold its strings."""
    text = (FIXTURES / "texts" / "06_people_v_naranjo_colo_1980.txt").read_text(encoding="utf-8")
    text = text.replace("\n", " ")
    if change == "a long run of spaces":  # eyecite reads "P.   2d" as "P.2d", however many spaces
        first = re.search(r"\d+ P\.2d \d+", text)
        assert first is not None
        text = text[: first.start()] + first[0].replace("P.2d", "P." + " " * 300 + "2d") + text[first.end():]
    elif change == "a string spelt as a regex":  # eyecite's stop word "e.g." matches "Edge" too, far from any
        text = text.replace(". ", ". Edge, that is, in this manner and in that manner, all told, ", 3)
    elif change == "a fold lower() does not make":
        text = "ſupra \u212a " + text.replace(" id.", " ıd.")
    else:
        text = "P.2d 5 " + text[:4000] + " 410 U.S. 113"
    assert _tokens(text, OrderedAhocorasickTokenizer()) == _tokens(text, _WholeText())
    assert _described(text, OrderedAhocorasickTokenizer()) == _described(text, _WholeText())
    if change == "a long run of spaces":
        assert any("P." + " " * 300 + "2d" in d[2] for d in _described(text, OrderedAhocorasickTokenizer()))


def _tokens(text: str, tokenizer: Tokenizer) -> list[tuple]:
    """Every token, also those (stop words, "Id.") that make no citation of their own."""
    return [(type(t).__name__, t.start, t.end, t.data, str(t.groups)) for t in tokenizer.extract_tokens(text)]


_NEEDS = [(r"\d+\s+U\.S\.\s+\d+", "U.S."), (r"(?:\(\d\))+x", "x"), (r"(?<![a-z])ab+\s*(?=\s+c)", "ab"),
          (r"[^a-z]x\b", "x"), (r"\d+\s*,?\s+at\s+\d+(?:-\d+)?", "at")]


def _spans(text: str, needed: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(f"(?={re.escape(needed)})", text)
            for m in [re.compile(re.escape(needed)).match(text, m.start())]]


@given(st.sampled_from(_NEEDS), st.text(alphabet="12 \t U.S.()xabc,at-", max_size=120))
def test_searching_near_the_needed_string_is_finditer(need: tuple[str, str], text: str) -> None:
    """Given where the string every match holds stands and the regex's reach in the text, the matches are
    finditer's."""
    pattern, needed = need
    rx, reach = re.compile(pattern), reach_of(pattern)
    assert reach is not None
    spans = _spans(text, needed)
    near = [m.span() for m in _near(rx, text, spans, Runs(text).reach(reach))] if spans else []
    assert near == [m.span() for m in rx.finditer(text)]


def test_a_reach_too_short_would_lose_matches() -> None:
    """The test above has teeth: with a third of the reach a match spread by spaces is lost."""
    text = "see 410" + " " * 40 + "U.S.   113 and 12 U.S. 4"
    rx, reach = re.compile(_NEEDS[0][0]), reach_of(_NEEDS[0][0])
    assert reach is not None
    far = Runs(text).reach(reach)
    spans = _spans(text, "U.S.")
    assert [m.span() for m in _near(rx, text, spans, far)] == [m.span() for m in rx.finditer(text)]
    assert [m.span() for m in _near(rx, text, spans, far // 3)] != [m.span() for m in rx.finditer(text)]
