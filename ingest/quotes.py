"""Block quotations: another court's words set off as a paragraph of their own.

Courts introduce them with a sentence ending in a colon that names whose words
follow ("the opinion in Broderson, 187 Wash. at 404, contains the following
language:", "the court, 331 S.W.2d at 6-7, made the following observation:"),
or with any sentence ending in a colon before a paragraph that opens with a
quotation mark ("the Court in Douds focused on the fact that ...:").
Cue words inside are the quoted court's, not this court's; citations inside are
edges the quoted decision makes, which this opinion reports.
"""

from __future__ import annotations

import re

_INTRO = re.compile(
    r"\b(?:following|language|observation|observed|said|stated|states|wrote|written|held|explained|noted|"
    r"as follows|reads|provides|reasoned|put it)\b[^.:]{0,60}:\s*$",
    re.I,
)
_PARAGRAPH = re.compile(r"[^\n]+")


def block_quotes(text: str) -> list[tuple[int, int, int]]:
    """(start, end, intro_start) of each block quotation: the paragraph after an introducing one."""
    paras = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    out = []
    last = ""  # the last non-space character before the next paragraph (what `text[:e].rstrip()` ends with)
    for (s, e), (ns, ne) in zip(paras, paras[1:], strict=False):
        own = text[s:e].rstrip()
        last = own[-1] if own else last
        opens_quote = text[ns:ns + 2].lstrip()[:1] in ("“", '"')
        if _INTRO.search(text, max(s, e - 200), e) or (opens_quote and last == ":"):
            intro = max(text.rfind(". ", s, e - 1) + 2, s)
            out.append((ns, ne, intro))
    return out
