"""A regex's reach in a given text bounds how far it reads from where it tries a match (ingest/regex_reach.py)."""

from __future__ import annotations

import re

from eyecite.tokenizers import EXTRACTORS, _strip_ws
from hypothesis import given
from hypothesis import strategies as st

from ingest.regex_reach import SLACK, Runs, holds_one_of, reach_of

# eyecite-like patterns: a reporter between unbounded digits and spaces, a repeated parenthesized part,
# look-arounds, a word boundary
PATTERNS = [r"\d+\s+U\.S\.\s+\d+", r"(?:\(\d\))+x", r"(?<![a-z])ab+\s*(?=\s+c)", r"[^a-z]x\b",
            r"\d+\s*,?\s+at\s+\d+(?:-\d+)?", r"(?:^|\s)(id\.,?|ibid\.)(?:\s|$)"]


def test_a_reach_counts_the_longest_runs_of_the_text() -> None:
    reach = reach_of(r"\d+\s+U\.S\.\s+\d+")
    assert reach is not None
    # 4 fixed characters, two runs of digits (at most 4 long here), two of spaces (at most 3)
    assert Runs("12   U.S. 3456").reach(reach) == 4 + 2 * 4 + 2 * 3 + SLACK
    assert Runs("12 U.S. 3").reach(reach) == 4 + 2 * 2 + 2 * 1 + SLACK


def test_what_has_no_stated_bound_gives_none() -> None:
    assert reach_of(r"(a)\1") is None  # a back-reference
    assert reach_of(r"(?:a(?=b))+") is None  # a lookahead inside a repeat can read past the run
    assert reach_of(r"(?i:a)+b") is None  # inline flags change what the run's class matches
    assert reach_of(r"a*") is None  # can match nothing: finditer's rule after an empty match is its own
    assert reach_of(r"a{2,5}b") is not None


def test_every_eyecite_extractor_has_a_reach() -> None:
    assert all(reach_of(e.regex, e.flags) is not None for e in EXTRACTORS)


@given(st.sampled_from(PATTERNS), st.text(alphabet="12 \t U.S.()xabc,at-id.", max_size=80))
def test_no_attempt_reads_past_the_reach(pattern: str, text: str) -> None:
    """From every start, the regex's match (if any) ends within the reach, and cutting the text at the reach
    changes nothing: what it reads lies inside."""
    rx, reach = re.compile(pattern), reach_of(pattern)
    assert reach is not None
    far = Runs(text).reach(reach)
    for start in range(len(text) + 1):
        whole = rx.match(text, start)
        cut = rx.match(text, start, min(len(text), start + far))
        assert (whole and whole.span()) == (cut and cut.span())
        assert whole is None or whole.end() - start <= far - SLACK


def test_a_match_holds_one_of_the_strings_only_where_the_regex_spells_them() -> None:
    assert holds_one_of(r"\d+ U\.\s*S\. \d+", ["U.S."])  # whitespace aside
    assert holds_one_of(r"\d+ (?:U\.S\.|F\. ?2d) \d+", ["U.S.", "F.2d"])
    assert not holds_one_of(r"\d+ S\.?W\.?2d \d+", ["S.W.2d"])  # "SW2d" holds no "S.W.2d"
    assert not holds_one_of(r"(?:^|\s)(e.g.|see)(?:\s|$)", ["e.g.", "see"])  # "." is any character: "Edge"
    assert holds_one_of(r"(?:^|\s)(E\.G\.|see)(?:\s|$)", ["e.g.", "see"], re.I)


def test_nearly_every_eyecite_extractor_holds_its_strings_and_the_rest_really_do_not() -> None:
    """eyecite's stop words ("e.g." as a regex) match "Edge", which holds none of its strings."""
    odd = [e for e in EXTRACTORS if e.strings and not holds_one_of(e.regex, [_strip_ws(s) for s in e.strings],
                                                                    e.flags)]
    assert len(odd) <= 5 < len(EXTRACTORS)
    stop = next(e for e in odd if "see" in e.strings)
    m = stop.compiled_regex.search("as in Edge v. Crane")
    assert m is not None and not any(s.lower() in m.group().lower() for s in stop.strings)


HOLDING = [(r"\d+\s+U\.\s*S\.\s+\d+", ["U.S."]), (r"(?:a|b)x(?:y|zz)", ["axy", "axzz", "bxy", "bxzz"]),
           (r"a.b", ["a.b"]), (r"(?:\(\d\))+x\.?y", ["x.y"]), (r"ab?c", ["ac"])]


@given(st.sampled_from(HOLDING), st.text(alphabet="12 U.S.()xyzabc", max_size=60))
def test_what_holds_one_of_says_every_match_does(case: tuple[str, list[str]], text: str) -> None:
    pattern, strings = case
    if holds_one_of(pattern, strings):
        for m in re.finditer(pattern, text):
            assert any(s in _strip_ws(m.group()) for s in strings)
