"""CourtListener REST opinions and clusters.

An opinion JSON holds the text but no caption, court or date; its cluster JSON
holds those but no text. `iter_opinions` pairs them by the cluster's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.models import Opinion, ReadError
from ingest.read.cap import field
from ingest.read.clean import tidy
from ingest.read.header import build
from ingest.read.html import html_to_text
from ingest.read.pages import join_broken_words

# CourtListener's own order of preference for an opinion's text.
HTML_FIELDS = ("html_with_citations", "html_columbia", "html_lawbox", "xml_harvard", "html_anon_2020", "html")
TEXT_FIELDS = ("plain_text", *HTML_FIELDS)
_ID_IN_URL = re.compile(r"/(?:clusters|opinions)/(\d+)/?$")


@dataclass(frozen=True)
class Cluster:
    """The metadata half of a CourtListener decision."""

    key: str
    opinion_keys: frozenset[str]
    caption: str | None
    court: str | None
    date: str | None
    docket: str | None
    citations: tuple[str, ...]


@dataclass(frozen=True)
class ClOpinion:
    """The text half, with the keys that tie it to its cluster."""

    opinion: Opinion
    key: str | None
    cluster_key: str | None
    order: tuple[int, str]


def is_opinion(record: dict[str, Any]) -> bool:
    """An opinion names its cluster; one without text fields is still an opinion (and an error later)."""
    return (
        "cluster" in record or "cluster_id" in record or "/opinions/" in str(record.get("resource_uri", ""))
    )


def is_cluster(record: dict[str, Any]) -> bool:
    return "sub_opinions" in record or (
        "case_name" in record
        and ("date_filed" in record or "/clusters/" in str(record.get("resource_uri", "")))
    )


def _key(value: Any) -> str | None:
    """A CourtListener id from an int, a numeric string, an API URL or a nested object."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("resource_uri")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        if value.isdigit():
            return value
        m = _ID_IN_URL.search(value)
        return m[1] if m else None
    return None


def opinion_text(record: dict[str, Any], path: str) -> str:
    """The first non-empty html field as text, in CourtListener's order, else `plain_text`: the editors'
    HTML (html_lawbox, html_with_citations) carries parallel citations the plain text lacks."""
    if not set(TEXT_FIELDS) & record.keys():
        raise ReadError(path, "CourtListener opinion has no text field (plain_text or html_*)")
    for name in HTML_FIELDS:
        markup = record.get(name)
        if isinstance(markup, str) and markup.strip():
            text = html_to_text(markup)
            if text:
                return join_broken_words(text)
    plain = record.get("plain_text")
    if isinstance(plain, str) and plain.strip():
        return join_broken_words(tidy(plain))
    raise ReadError(path, "CourtListener opinion has empty text fields")


def read_opinion(record: dict[str, Any], source_file: str, path: str) -> ClOpinion:
    """An opinion JSON alone: text, with metadata from its header until a cluster is paired."""
    text = opinion_text(record, path)
    cluster = field(record.get("cluster"))
    key = _key(record.get("id")) or _key(record.get("resource_uri"))
    order_key = record.get("ordering_key")
    order = (order_key if isinstance(order_key, int) else 10**9, str(record.get("type") or ""))
    return ClOpinion(
        build(text, source_file, "courtlistener"),
        key,
        _key(record.get("cluster_id")) or _key(cluster),
        order,
    )


def read_cluster(record: dict[str, Any]) -> Cluster:
    docket = field(record.get("docket"))
    docket_number = docket.get("docket_number") if isinstance(docket, dict) else None
    court = (docket.get("court_id") or docket.get("court")) if isinstance(docket, dict) else None
    citations = field(record.get("citations")) or []
    subs = field(record.get("sub_opinions")) or []
    caption = next(
        (record.get(k) for k in ("case_name", "case_name_short", "case_name_full") if record.get(k)), None
    )
    return Cluster(
        key=_key(record.get("id")) or _key(record.get("resource_uri")) or "",
        opinion_keys=frozenset(k for k in map(_key, subs if isinstance(subs, list) else []) if k),
        caption=caption if isinstance(caption, str) else None,
        court=court if isinstance(court, str) and not court.startswith("http") else None,
        date=_str(record.get("date_filed")),
        docket=docket_number if isinstance(docket_number, str) else None,
        citations=tuple(
            _citation(c) for c in (citations if isinstance(citations, list) else []) if _citation(c)
        ),
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _citation(entry: Any) -> str:
    """v4 citations are {volume, reporter, page}; older dumps give strings."""
    entry = field(entry)
    if isinstance(entry, str):
        return entry.strip()
    if isinstance(entry, dict) and all(
        entry.get(k) not in (None, "") for k in ("volume", "reporter", "page")
    ):
        return f"{entry['volume']} {entry['reporter']} {entry['page']}"
    return ""


def merge(cluster: Cluster, opinions: list[ClOpinion]) -> Opinion:
    """One decision: the cluster's metadata over the opinions' text (lead first, as CourtListener orders)."""
    ordered = sorted(opinions, key=lambda o: o.order)
    first = ordered[0].opinion
    return build(
        "\n\n".join(o.opinion.text for o in ordered),
        first.source_file,
        "courtlistener",
        caption=cluster.caption or first.caption,
        court=cluster.court or first.court,
        date=cluster.date or first.date,
        docket=cluster.docket or first.docket,
        citations=cluster.citations or first.citations,
    )
