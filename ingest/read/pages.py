"""Page furniture of printed opinions: running heads on every page, words broken at line ends.

A Supreme Court slip opinion, turned to text, starts each page with lines such as
"Cite as: 570 U. S. ____ (2013)   3", "FISHER v. UNIVERSITY OF TEXAS AT AUSTIN" and
"Opinion of the Court". Left in, they split sentences, run into case captions and
read as a citation of the opinion itself. They stand at the top of a page, so only
there are they dropped. Words hyphenated at a line's end ("Uni-\nversity") are
joined unless both halves are words and the whole is not ("single-\nparent"
stays), so search and name matching see "University" and "Grutter".
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

_HEAD = re.compile(
    r"\s*(?:"
    r"Cite as:[^\n]*"  # "Cite as: 570 U. S. ____ (2013)   3"
    r"|\d{1,4}"  # a page number alone
    r"|(?:\d{1,4}\s+)?[A-Z0-9][A-Z0-9 .,'’&()-]*\bv\.\s+[A-Z0-9][A-Z0-9 .,'’&()-]*?(?:\s+\d{1,4})?"  # CAPS caption
    r"|Opinion of the Court|Syllabus|Per Curiam|Opinion of [A-Z’'. ]+, (?:C\. )?J\."
    r"|[A-Z’'. ]+, (?:C\. )?J\., (?:concurring|dissenting)[a-z ,]*"
    r")\s*"
)
_MAX_HEAD_LINES = 5


def drop_running_heads(pages: list[str]) -> str:
    """The pages joined, each page after the first without its leading running-head lines."""
    out = []
    for i, page in enumerate(pages):
        if i:
            lines = page.split("\n")
            k = 0
            heads = 0
            while k < len(lines) and heads <= _MAX_HEAD_LINES:
                if not lines[k].strip():
                    k += 1
                elif _HEAD.fullmatch(lines[k]):
                    k += 1
                    heads += 1
                else:
                    break
            page = "\n".join(lines[k:]) if heads else page
        out.append(page.strip("\n"))
    return "\n".join(p for p in out if p)


_BROKEN = re.compile(r"\b([A-Za-z]+)-\n[ \t]*([a-z]+)\b")


def join_broken_words(text: str) -> str:
    """ "Uni-\nversity" → "University"; a compound broken at its hyphen ("single-\nparent") keeps it."""

    def join(m: re.Match[str]) -> str:
        head, tail = m.group(1), m.group(2)
        compound = zipf_frequency(head + tail, "en") < 2.0 and min(
            zipf_frequency(head, "en"), zipf_frequency(tail, "en")) >= 3.0
        return m.group(0) if compound else head + tail  # "single-parent" stays; "Uni-versity" is one word

    return _BROKEN.sub(join, text)
