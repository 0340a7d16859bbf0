"""HTML opinions (saved web pages, CourtListener html fields) to plain text."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import CData, NavigableString, PageElement, PreformattedString, Tag

from ingest.models import Opinion
from ingest.read.header import build, parse_header

_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "nav", "button")
_BLOCKS = (
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article header footer center dd dt hr"
    " opinion footnote author parties docketnumber court decisiondate attorneys judges"
).split()
_PRE = ("pre", "textarea")


def parse(markup: str) -> BeautifulSoup:
    """A forgiving parse; lxml copes with any bytes a browser would show."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(markup, "lxml")


_SPACE = re.compile(r"\s+")


def html_to_text(markup: str | BeautifulSoup) -> str:
    """Visible text with a blank line between blocks (paragraphs, headings, list items).

    One walk over the tree, in document order, so reading is linear in the markup
    (inserting separators into the tree instead costs a search of the siblings each
    time: quadratic in the number of paragraphs).
    """
    soup = parse(markup) if isinstance(markup, str) else markup
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
    return re.sub(r"\n{3,}", "\n\n", text).strip()


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
