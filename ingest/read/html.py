"""HTML opinions (saved web pages, CourtListener html fields) to plain text."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import CData, NavigableString, PageElement, PreformattedString, Tag

from ingest.models import Opinion
from ingest.read.clean import tidy
from ingest.read.header import build, parse_header

_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "nav", "button")
_BLOCKS = (
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article header footer center dd dt hr"
    " opinion footnote author parties docketnumber court decisiondate attorneys judges"
).split()
_PRE = ("pre", "textarea")


# The opinion's own page markers (a reporter's star pages): not text, and read as a citation or as a
# party's name when left in ("*1005Robert E. Byron").
_PAGE_MARKS = ("star-pagination", "page-label", "page-number")
_XML_DECL = re.compile(r"^\s*<\?xml\b")


def parse(markup: str) -> BeautifulSoup:
    """A forgiving parse: an XML document (CourtListener's `<?xml ...?><opinion>` fragments) as XML,
    anything else with lxml's HTML parser, which copes with any bytes a browser would show."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        if _XML_DECL.match(markup):
            soup = BeautifulSoup(markup, "xml")
            if soup.get_text(strip=True):
                return soup
        return BeautifulSoup(markup, "lxml")


_SPACE = re.compile(r"\s+")


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return value.split() if isinstance(value, str) else list(value)


def html_to_text(markup: str | BeautifulSoup) -> str:
    """Visible text with a blank line between blocks (paragraphs, headings, list items).

    One walk over the tree, in document order, so reading is linear in the markup
    (inserting separators into the tree instead costs a search of the siblings each
    time: quadratic in the number of paragraphs).
    """
    soup = parse(markup) if isinstance(markup, str) else markup
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(lambda t: bool(set(_classes(t)) & set(_PAGE_MARKS))):
        tag.replace_with(" ")
    _mark_footnotes(soup)
    out: list[str] = []
    has_pre = False
    # each entry: (node, inside <pre>) to visit, or a separator to emit when a block closes
    stack: list[tuple[PageElement, bool] | str] = [(soup, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, in_pre = item
        if isinstance(node, NavigableString):
            # comments, doctype, processing instructions: markup, not text
            if not isinstance(node, PreformattedString) or isinstance(node, CData):
                # source line breaks inside a paragraph are layout, not text; inside <pre> they are text
                out.append(str(node) if in_pre else _SPACE.sub(" ", node))
            continue
        if not isinstance(node, Tag) or node.name in _DROP:
            continue
        if node.name == "br":
            out.append("\n")
            continue
        pre = in_pre or node.name in _PRE
        has_pre = has_pre or node.name in _PRE
        block = node.name in _BLOCKS and node is not soup
        if block:
            out.append("\n\n")
            stack.append("\n\n")
        stack.extend((child, pre) for child in reversed(node.contents))
    text = "".join(out).replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n {1,}(?=\S)", "\n", text) if not has_pre else text
    return tidy(text)


def _mark_footnotes(soup: BeautifulSoup) -> None:
    """A footnote's number as CAP writes it: "[footnote 5]" heading the note, "[5]" in the text, so a
    note's number is never read as part of the caption that opens it ("5 Smith v. Allwright")."""
    for note in soup.find_all(lambda t: "footnote" in _classes(t) and t.name in ("div", "aside")):
        label = note.find("a")
        if label is not None and label.get_text(strip=True).isdigit():
            label.replace_with(f"[footnote {label.get_text(strip=True)}] ")
    for mark in soup.find_all(lambda t: t.name in ("a", "sup") and set(_classes(t)) & {"footnote", "footnotemark"}):
        number = mark.get_text(strip=True)
        if number.isdigit():
            mark.replace_with(f"[{number}]")


def read_html(markup: str, source_file: str) -> Opinion:
    """An HTML page as an opinion; its <title> names the case when the body header does not."""
    soup = parse(markup)
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    text = html_to_text(soup)
    found = parse_header(text)
    # Page titles append the site: "Doe v. Roe | Justia", "Doe v. Roe - Casetext".
    titles = (parse_header(part).caption for part in re.split(r"\s+[|\u2013\u2014-]\s+", title) if part)
    return build(
        text,
        source_file,
        "html",
        caption=found.caption or next((c for c in titles if c), None),
        court=found.court,
        date=found.date,
        docket=found.docket,
        citations=found.citations,
    )
