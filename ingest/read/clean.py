"""Plain text as it really comes: typewriter spacing, double-spaced lines, entities, page furniture.

CourtListener's `plain_text` of older federal opinions, text pasted from PDFs
and pleading-paper scans carry layout that is not text: runs of spaces that
justify a line, a blank line after every line of a double-spaced typescript,
"&amp;" left from an HTML export, a page number alone between pages ("-7-", or a bare
"11" inside a sentence that runs on after it, or between a citation's volume and reporter),
line numbers in the margin of pleading paper, a reporter's star page glued to
the next word ("***276Smith"). Left in, they cut citations and captions
apart. The stored text is the tidied text, so every offset a later stage
takes points into what the store keeps and shows.
"""

from __future__ import annotations

import html
import re

_ENTITY = re.compile(
    r"&(?:amp|lt|gt|quot|apos|nbsp|sect|para|mdash|ndash|rsquo|lsquo|rdquo|ldquo|#\d{1,5}|#x[0-9a-fA-F]{1,4});"
)
_SPACES = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u3000]+")
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t]*(?:-\s*\d{1,4}\s*-|Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)[ \t]*$", re.M
)
# a PDF page's number printed alone between two lines of one sentence ("these cases⏎⏎11⏎⏎hold little ..."):
# the sentence runs on in lower case after it
_PAGE_NUMBER_MID_SENTENCE = re.compile(r"([^\s.?!:;\"”])[ \t]*(?:\n[ \t]*)+\d{1,3}[ \t]*(?:\n[ \t]*)+(?=[a-z])")
# a page break between a citation's volume and its reporter (", 434⏎⏎⏎⏎A.2d 1372, 1374"): one citation
_VOLUME_BROKEN = re.compile(
    r"(,[ \t]*\d{1,4})[ \t]*(?:\n[ \t]*){2,}(?=[A-Z][A-Za-z.]*(?:[ \t]?\d[a-z]{1,2})?[ \t]+\d{1,5}\b)"
)
_MARGIN_NUMBER = re.compile(r"^[ \t]*(\d{1,2})(?:[ \t]+|$)")
_GLUED_STAR = re.compile(r"(?<![\w*])(\*{1,3}\d{1,5})(?=[A-Za-z(“\"'‘])")


# Windows-1252 punctuation read as Latin-1 ("non-existent\x97this"): C1 controls that cp1252 maps.
_C1 = re.compile(r"[\x80-\x9f]")


def _cp1252(m: re.Match[str]) -> str:
    try:
        return bytes([ord(m[0])]).decode("cp1252")
    except UnicodeDecodeError:
        return " "


def tidy(text: str) -> str:
    """The words of `text` with one space between them, lines kept, layout-only lines and blanks gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
    text = _C1.sub(_cp1252, text)
    text = drop_margin_numbers(text)
    text = _PAGE_NUMBER_LINE.sub("", text)
    text = _PAGE_NUMBER_MID_SENTENCE.sub(r"\1 ", text)
    text = _GLUED_STAR.sub(r"\1 ", text)
    lines = [_SPACES.sub(" ", line).strip(" ") for line in text.split("\n")]  # a form feed stays: pages
    if _double_spaced(lines):
        lines = _single_spaced(lines)
    text = _VOLUME_BROKEN.sub(r"\1 ", "\n".join(lines))  # after a typescript's spacing is gone
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _double_spaced(lines: list[str]) -> bool:
    """Most lines of text are followed by exactly one blank line: a double-spaced typescript (its
    lines are short; paragraphs of one long line each are blocks, as HTML gives them)."""
    texts = [i for i, line in enumerate(lines[:-2]) if line]
    if len(texts) < 20 or sum(len(lines[i]) <= 100 for i in texts) < 0.8 * len(texts):
        return False
    single = sum(1 for i in texts if not lines[i + 1] and lines[i + 2])
    return single >= 0.6 * len(texts)


def _single_spaced(lines: list[str]) -> list[str]:
    """Drop the blank line between the lines of a double-spaced page; two or more blanks stay a break."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i] and out and out[-1] and i + 1 < len(lines) and lines[i + 1]:
            i += 1  # one blank between two lines of text: spacing, not a paragraph
            continue
        out.append(lines[i])
        i += 1
    return out


def drop_margin_numbers(text: str) -> str:
    """Pleading paper and transcripts number their lines 1, 2, 3 ... in the margin; drop those numbers.

    Only a run of at least ten lines numbered in sequence counts, so a line that
    merely starts with a number (a list item, a footnote) is left alone."""
    lines = text.split("\n")
    numbered = [_MARGIN_NUMBER.match(line) for line in lines]
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        m = numbered[i]
        if not m or int(m[1]) != 1:
            i += 1
            continue
        j, expected = i, 1
        run = []
        while j < len(lines) and expected <= 40:
            mj = numbered[j]
            if mj and int(mj[1]) == expected:
                run.append(j)
                expected += 1
            elif lines[j].strip():
                break
            j += 1
        if len(run) >= 10:
            for k in run:
                keep[k] = False
        i = max(j, i + 1)
    return "\n".join(line if keep[k] else _MARGIN_NUMBER.sub("", line, count=1) for k, line in enumerate(lines))
