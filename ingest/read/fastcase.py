"""Fastcase XML cases: `<Case>` with metadata elements and the opinion as escaped HTML in `<CaseHtml>`.

The opinion's HTML marks each page of both reporters as a paragraph of its own
("[100 A.3d 1005]", "[153 Conn.App. 267]"); those are the opinion's own pages and
extract leaves them out like any bracketed page break.
"""

from __future__ import annotations

import re

from eyecite import get_citations
from eyecite.models import FullCaseCitation
from lxml import etree

from ingest.models import Opinion, ReadError
from ingest.read.header import build
from ingest.read.html import html_to_text
from ingest.read.pages import join_broken_words

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?<Case[\s>]")


def is_fastcase(text: str) -> bool:
    return _ROOT.match(text[:1024]) is not None


def read_fastcase(text: str, source_file: str, path: str) -> Opinion:
    """The case's text from `<CaseHtml>`; caption, court, date, docket and citations from its elements."""
    root = etree.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text).encode("utf-8"), _PARSER)
    if root is None or root.tag != "Case":
        raise ReadError(path, "Fastcase XML has no <Case> element")
    case_html = root.find("CaseHtml")
    markup = "".join(case_html.itertext()) if case_html is not None else ""
    if not markup.strip():
        raise ReadError(path, "Fastcase XML case has no <CaseHtml> text")
    body = join_broken_words(html_to_text(markup))
    if not body:
        raise ReadError(path, "Fastcase XML case has an empty <CaseHtml>")
    cites = []
    for c in root.iterfind("Citations/Citation"):
        raw = " ".join(_text(c, k) for k in ("Volume", "Reporter", "Page"))
        found = [x for x in get_citations(raw) if isinstance(x, FullCaseCitation)]
        cites.append(found[0].corrected_citation() if found else raw)
    return build(
        body,
        source_file,
        "fastcase",
        caption=_text(root, "ShortName") or _text(root, "PartyHeader") or None,
        court=_text(root, "Jurisdiction/CourtName").rstrip(".")
        or _text(root, "Jurisdiction/CourtAbbreviation")
        or None,
        date=_text(root, "DecisionDate") or None,
        docket=_text(root, "DocketNumbers/DocketNumber") or None,
        citations=tuple(c for c in cites if c.strip()),
    )


def _text(el: etree._Element, path: str) -> str:
    found = el.find(path)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""
