"""Caselaw Access Project cases: API v1 (XML or text casebody) and the static bulk layout."""

from __future__ import annotations

import ast
import json
import re
from typing import Any

from lxml import etree

from ingest.models import Opinion, ReadError
from ingest.read.header import build

# UTF-8 bytes written as "u00e2u0080u0099" (escapes that lost their backslash): lead byte, continuations.
_BROKEN_ESCAPES = re.compile(r"u00([c-fC-F][0-9a-fA-F])((?:u00[89abAB][0-9a-fA-F]){1,3})")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
_SKIP = frozenset({"page-number"})
_BLOCK = frozenset({"p", "author", "blockquote", "footnote", "headnotes", "summary", "parties"})


def field(value: Any) -> Any:
    """A field that some exports hold as a string of JSON or of a Python repr ("[{'cite': ...}]")."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{") and len(value) < 1_000_000:
        try:
            return json.loads(value)
        except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested deeper than the parser goes
            pass
        try:
            return ast.literal_eval(value.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return value
    return value


def repair_escapes(text: str) -> str:
    """Turn "u00e2u0080u0099" back into "’" where the escapes spell valid UTF-8; leave the rest."""

    def fix(m: re.Match[str]) -> str:
        raw = bytes.fromhex(m[1] + m[2].replace("u00", ""))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return m[0]

    return _BROKEN_ESCAPES.sub(fix, text)


def is_cap(record: dict[str, Any]) -> bool:
    """CAP cases carry a casebody plus CAP's case keys."""
    return "casebody" in record and bool({"name_abbreviation", "decision_date", "name"} & record.keys())


def read_cap(record: dict[str, Any], source_file: str, path: str) -> Opinion:
    """One CAP case: all opinions' text in order, with CAP's caption, court, date, docket, citations."""
    casebody = field(record.get("casebody"))
    if not isinstance(casebody, dict):
        raise ReadError(path, "CAP case has no casebody object")
    if "opinions" in casebody:
        text = _static_text(field(casebody["opinions"]), path)
    elif "data" in casebody:
        data = field(casebody["data"])
        if isinstance(data, dict):
            text = _static_text(field(data.get("opinions")), path)
        elif isinstance(data, str) and data.lstrip().startswith("<"):
            text = _xml_text(data)
        elif isinstance(data, str):
            text = data
        else:
            raise ReadError(path, f"CAP casebody has no text (status {casebody.get('status')!r})")
    else:
        raise ReadError(path, "CAP casebody has no text field ('opinions' or 'data')")
    text = repair_escapes(text).strip()
    if not text:
        raise ReadError(path, "CAP case has an empty casebody")
    court = field(record.get("court"))
    if isinstance(court, dict):
        court = court.get("name_abbreviation") or court.get("name")
    citations = field(record.get("citations")) or []
    cites = tuple(
        c.get("cite") if isinstance(c, dict) else c
        for c in (citations if isinstance(citations, list) else [])
        if isinstance(c, str) or (isinstance(c, dict) and isinstance(c.get("cite"), str))
    )
    caption = record.get("name_abbreviation") or record.get("name")
    return build(
        text,
        source_file,
        "cap",
        caption=repair_escapes(caption) if isinstance(caption, str) else None,
        court=court if isinstance(court, str) else None,
        date=_str(record.get("decision_date")),
        docket=_str(record.get("docket_number")),
        citations=cites,
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _static_text(opinions: Any, path: str) -> str:
    """Static layout: `casebody.opinions[].text`, majority first as CAP orders them."""
    if not isinstance(opinions, list):
        raise ReadError(path, "CAP casebody 'opinions' is not a list")
    texts = [o.get("text") for o in opinions if isinstance(o, dict)]
    return "\n\n".join(t.strip() for t in texts if isinstance(t, str) and t.strip())


def _xml_text(data: str) -> str:
    """API v1 XML casebody: text of every <opinion>, without page numbers, footnotes kept as such."""
    root = etree.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", data).encode("utf-8"), _XML_PARSER)
    if root is None:
        return ""
    opinions = [
        el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == "opinion"
    ]
    parts = []
    for opinion in opinions or [root]:
        blocks = []
        for el in opinion:
            blocks.extend(_blocks(el))
        parts.append("\n\n".join(b for b in blocks if b))
    return "\n\n".join(p for p in parts if p)


def _blocks(el: etree._Element) -> list[str]:
    """Paragraph texts under `el`; a footnote becomes "[footnote n]" and its paragraphs."""
    if not isinstance(el.tag, str):
        return []
    name = etree.QName(el).localname
    if name == "footnote":
        label = el.get("label")
        out = [f"[footnote {label}]"] if label else []
        for child in el:
            out.extend(_blocks(child))
        return out
    if name in _BLOCK or not len(el):
        return [" ".join(_inline(el).split())]
    out = []
    for child in el:
        out.extend(_blocks(child))
    return out


def _inline(el: etree._Element) -> str:
    """Text of an element, dropping page-number markers but keeping their tails; marks become "[n]"."""
    name = etree.QName(el).localname if isinstance(el.tag, str) else ""
    if name in _SKIP:
        return ""
    if name == "footnotemark":
        inner = f"[{el.text or ''}]"
    else:
        inner = (el.text or "") + "".join(_inline(c) + (c.tail or "") for c in el)
    return inner
