"""Readers for every input format, behind two calls: `read_path` and `iter_opinions`.

The reader is chosen by content first (a PDF's magic bytes, JSON's keys) and by
the file's suffix second, so a misnamed file still reads. Every failure is a
`ReadError` with a one-line reason the CLI can print as is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ingest.models import Opinion, ReadError
from ingest.read.cap import is_cap, read_cap
from ingest.read.courtlistener import (
    ClOpinion,
    Cluster,
    is_cluster,
    is_opinion,
    merge,
    read_cluster,
    read_opinion,
)
from ingest.read.fastcase import is_fastcase, read_fastcase
from ingest.read.html import read_html
from ingest.read.pdf import read_pdf
from ingest.read.text import decode, read_text

__all__ = ["MAX_BYTES", "supported_suffixes", "iter_opinions", "read_path"]

MAX_BYTES = 50 * 1024 * 1024
supported_suffixes = frozenset({".txt", ".html", ".htm", ".xml", ".json", ".pdf"})
NO_OPINION = "CourtListener cluster has no opinion text; ingest it together with its opinion JSON"

Record = Opinion | ClOpinion | Cluster


def read_path(path: Path) -> list[Opinion]:
    """The opinions in one file (a JSON list or results page may hold several)."""
    records = _records(Path(path))
    results = list(_emit(records, _Pairs(records), set(), str(path)))
    opinions = [r for r in results if isinstance(r, Opinion)]
    if not opinions:
        raise next(r for r in results if isinstance(r, ReadError))
    return opinions


def iter_opinions(paths: list[Path]) -> Iterator[Opinion | ReadError]:
    """Every opinion under `paths`, in sorted order, with CourtListener clusters paired across files."""
    files = _expand([Path(p) for p in paths])
    # A cluster and its opinions may sit in any files of the batch, so JSON is read up front.
    results = {file: _safe_records(file) for file in files if file.suffix.lower() == ".json"}
    pairs = _Pairs(r for result in results.values() if isinstance(result, list) for r in result)
    emitted: set[int] = set()
    for file in files:
        result = results[file] if file in results else _safe_records(file)
        if isinstance(result, ReadError):
            yield result
        else:
            yield from _emit(result, pairs, emitted, str(file))


class _Pairs:
    """CourtListener opinions grouped under the cluster each belongs to (by cluster id or sub_opinions)."""

    def __init__(self, records: Iterable[Record]) -> None:
        records = list(records)
        self.by_key: dict[str, Cluster] = {}
        self.by_opinion: dict[str, Cluster] = {}
        for cluster in (r for r in records if isinstance(r, Cluster)):
            if cluster.key:
                self.by_key.setdefault(cluster.key, cluster)
            for key in cluster.opinion_keys:
                self.by_opinion.setdefault(key, cluster)
        self.members: dict[int, list[ClOpinion]] = {}
        for opinion in (r for r in records if isinstance(r, ClOpinion)):
            cluster = self.cluster_of(opinion)
            if cluster is not None:
                self.members.setdefault(id(cluster), []).append(opinion)

    def cluster_of(self, opinion: ClOpinion) -> Cluster | None:
        by_key = self.by_key.get(opinion.cluster_key) if opinion.cluster_key else None
        return by_key or (self.by_opinion.get(opinion.key) if opinion.key else None)


def _emit(
    records: list[Record], pairs: _Pairs, emitted: set[int], where: str
) -> Iterator[Opinion | ReadError]:
    """A file's records as opinions; a paired decision comes out once, where its first opinion is."""
    for record in records:
        if isinstance(record, Opinion):
            yield record
        elif isinstance(record, Cluster):
            if id(record) not in pairs.members:
                yield ReadError(where, NO_OPINION)
        else:
            cluster = pairs.cluster_of(record)
            if cluster is None:
                yield record.opinion
            elif id(cluster) not in emitted:
                emitted.add(id(cluster))
                yield merge(cluster, pairs.members[id(cluster)])


def _expand(paths: list[Path]) -> list[Path]:
    """Folders recursively (supported suffixes, no hidden files); files named explicitly as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in supported_suffixes
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _safe_records(path: Path) -> list[Record] | ReadError:
    try:
        return _records(path)
    except ReadError as exc:
        return exc


def _records(path: Path) -> list[Record]:
    """Read one file into opinions and the CourtListener halves still to be paired."""
    name = path.name
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ReadError(where, "no such file") from exc
    except OSError as exc:
        raise ReadError(where, f"cannot read file ({exc.strerror or exc})") from exc
    if path.is_dir():
        raise ReadError(where, "is a folder, not a file")
    if size > MAX_BYTES:
        raise ReadError(where, f"file is too large ({size / 1024 / 1024:.0f} MB; the limit is 50 MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(where, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ReadError(where, "empty file")
    suffix = path.suffix.lower()
    if b"%PDF-" in data[:1024] or suffix == ".pdf":
        return [read_pdf(data, name, where)]
    text = decode(data, where)
    if not text.strip():
        raise ReadError(where, "empty file")
    start = text.lstrip()[:1]
    if suffix == ".json" or (suffix not in supported_suffixes and start in ("{", "[")):
        return _json_records(text, name, where, strict=suffix == ".json")
    if is_fastcase(text):
        return [read_fastcase(text, name, where)]
    if suffix in (".html", ".htm", ".xml") or (suffix != ".txt" and _looks_like_html(text)):
        opinion = read_html(text, name)
        if not opinion.text:
            raise ReadError(where, "HTML page has no visible text")
        return [opinion]
    return [read_text(text, name)]


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1024].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def _json_records(text: str, name: str, where: str, *, strict: bool) -> list[Record]:
    """A JSON file: one record, a list of records, or an API page with "results"."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if not strict:  # an unknown suffix that only started like JSON: it is text
            return [read_text(text, name)]
        raise ReadError(where, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise ReadError(where, "malformed JSON: nested too deeply") from exc
    items = data.get("results") if isinstance(data, dict) and isinstance(data.get("results"), list) else data
    items = items if isinstance(items, list) else [items]
    records = [_json_record(item, name, where) for item in items]
    if not records:
        raise ReadError(where, "JSON holds no records")
    return records


def _json_record(item: Any, name: str, where: str) -> Record:
    if not isinstance(item, dict):
        raise ReadError(where, f"unknown JSON layout (a {type(item).__name__}, not an opinion object)")
    if is_cap(item):
        return read_cap(item, name, where)
    if is_opinion(item):
        return read_opinion(item, name, where)
    if is_cluster(item):
        return read_cluster(item)
    keys = ", ".join(sorted(map(str, item))[:8])
    raise ReadError(where, f"unknown JSON layout (not CourtListener or CAP; keys: {keys or 'none'})")
