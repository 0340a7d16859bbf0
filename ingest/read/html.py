"""HTML opinions (saved web pages, CourtListener html fields) to plain text."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from bs4.element import CData, NavigableString, PreformattedString

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


def html_to_text(markup: str | BeautifulSoup) -> str:
    """Visible text with a blank line between blocks (paragraphs, headings, list items)."""
    soup = parse(markup) if isinstance(markup, str) else markup
    for tag in soup.find_all(_DROP):
        tag.decompose()
    # Comments, doctype, processing instructions: markup, not text.
    for node in soup.find_all(
        string=lambda s: isinstance(s, PreformattedString) and not isinstance(s, CData)
    ):
        node.extract()
    # Source line breaks inside a paragraph are layout, not text; inside <pre> they are text.
    for string in soup.find_all(string=True):
        if not string.find_parent(_PRE):
            string.replace_with(NavigableString(re.sub(r"\s+", " ", string)))
    for tag in soup.find_all(_BLOCKS):
        if tag.name == "br":
            tag.replace_with("\n")
        else:
            tag.insert_before("\n\n")
            tag.insert_after("\n\n")
    text = soup.get_text().replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n {1,}(?=\S)", "\n", text) if not soup.find(_PRE) else text
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
