"""Page furniture of printed opinions: the running heads a slip opinion repeats on every page.

A Supreme Court slip opinion, turned to text, starts each page with lines such as
"Cite as: 570 U. S. ____ (2013)   3", "FISHER v. UNIVERSITY OF TEXAS AT AUSTIN" and
"Opinion of the Court". Left in, they split sentences, run into case captions and
read as a citation of the opinion itself. They stand at the top of a page, so only
there are they dropped.
"""

from __future__ import annotations

import re

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
