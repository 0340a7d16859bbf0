"""Readers for every input format, behind three calls: `read_path`, `iter_opinions` and `iter_uploads`.

The reader is chosen by content first (a PDF's magic bytes, JSON's keys) and by
the file's suffix second, so a misnamed file still reads. Every failure is a
`ReadError` with a one-line reason the CLI can print as is: a reader that fails
in a way nobody foresaw (a RecursionError deep in a nested field) fails its own
file, never the batch. Only regular files are read (a FIFO would block, a device
never end), and never more than `MAX_BYTES` of them.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
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
from ingest.read.prose import is_prose
from ingest.read.text import decode, read_text

__all__ = ["MAX_BYTES", "supported_suffixes", "Halves", "Unread", "iter_opinions", "iter_uploads", "pair", "read_path",
           "read_unread", "shown", "too_large"]

MAX_BYTES = 50 * 1024 * 1024
supported_suffixes = frozenset({".txt", ".html", ".htm", ".xml", ".json", ".pdf"})
NO_OPINION = "CourtListener cluster has no opinion text; ingest it together with its opinion JSON"
NOT_PROSE = "not an opinion: too few English words (random characters, a data dump?)"

Record = Opinion | ClOpinion | Cluster
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


@dataclass(frozen=True)
class _Source:
    """One file of a batch: where it is shown as, its base name, and how to get its bytes."""

    where: str
    name: str
    load: Callable[[], bytes]
    path: Path | None = None  # the file, for a source on disk

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.name)[1].lower()


def shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (which the OS hands over as surrogates) become U+FFFD."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "replace").decode("utf-8")


def too_large(size: int) -> str:
    return f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,} bytes, 50 MB)"


def read_path(path: Path) -> list[Opinion]:
    """The opinions in one file (a JSON list or results page may hold several)."""
    results = list(_batch([_file_source(Path(path))]))
    opinions = [r for r in results if isinstance(r, Opinion)]
    if not opinions:
        raise next(r for r in results if isinstance(r, ReadError))
    return opinions


@dataclass(frozen=True)
class Unread:
    """A file to be read where it is analysed (`read_unread`), so that a worker process, not the one writer,
    spends the time, and a corpus is never all in memory at once."""

    path: Path


@dataclass(frozen=True)
class Halves:
    """A file's CourtListener records (clusters, and opinions that may belong to a cluster): halves of
    decisions whose other halves may sit in any file of the batch, paired once every file is read (`pair`)."""

    where: str
    records: tuple[ClOpinion | Cluster, ...]


def iter_opinions(paths: list[Path], *, defer: bool = False) -> Iterator[Opinion | ReadError | Unread]:
    """Every opinion under `paths`, in sorted order, with CourtListener clusters paired across files.

    A folder with no opinion file in it is one ReadError naming what it skipped. The decisions made of
    CourtListener halves come last, once every file is read. With `defer`, every file comes as an `Unread`
    in its place: `read_unread` reads it, and `pair` the halves of them all, which gives the same.
    """
    files, empty = _expand([Path(p) for p in paths])
    yield from empty
    if defer:
        yield from map(Unread, files)
    else:
        yield from _batch([_file_source(f) for f in files])


def read_unread(item: Unread) -> list[Opinion | ReadError | Halves]:
    """A deferred file's opinions and its CourtListener halves, or the one ReadError saying why it cannot be
    read."""
    return _read(_file_source(item.path))


def pair(halves: Iterable[Halves]) -> Iterator[Opinion | ReadError]:
    """The decisions the CourtListener halves of a batch's files make, given in the files' order: each paired
    decision once, a cluster without an opinion as its ReadError, as `iter_opinions` gives them."""
    halves = list(halves)
    pairs, emitted = _Pairs(r for h in halves for r in h.records), set()
    for h in halves:
        yield from _emit(list(h.records), pairs, emitted, h.where)


def iter_uploads(uploads: Iterable[tuple[str, bytes]]) -> Iterator[Opinion | ReadError]:
    """Opinions from (base name, bytes) pairs held in memory, read like files: nothing is written to disk."""

    def source(name: str, data: bytes) -> _Source:
        def load() -> bytes:
            if len(data) > MAX_BYTES:
                raise ReadError(name, too_large(len(data)))
            return data

        return _Source(name, name, load)

    yield from _batch([source(shown(name), data) for name, data in uploads])


def _read(source: _Source) -> list[Opinion | ReadError | Halves]:
    """One file's opinions and its CourtListener halves, or the one ReadError saying why it cannot be read."""
    records = _safe_records(source)
    if isinstance(records, ReadError):
        return [records]
    halves = tuple(r for r in records if not isinstance(r, Opinion))
    return [*(r for r in records if isinstance(r, Opinion)), *([Halves(source.where, halves)] if halves else [])]


def _batch(sources: list[_Source]) -> Iterator[Opinion | ReadError]:
    """Each file read in turn (never all at once), then the decisions their CourtListener halves make: a
    cluster and its opinions may sit in any files of the batch."""
    halves: list[Halves] = []
    for source in sources:
        for r in _read(source):
            if isinstance(r, Halves):
                halves.append(r)
            else:
                yield r
    yield from pair(halves)


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


def _expand(paths: list[Path]) -> tuple[list[Path], list[ReadError]]:
    """Folders recursively (supported suffixes, no hidden files); files named explicitly as given.

    Also a ReadError for each folder that holds no opinion file, saying what it skipped.
    """
    files: list[Path] = []
    empty: list[ReadError] = []
    for path in paths:
        if path.is_dir():
            found, skipped = [], []
            for p in path.rglob("*"):
                if p.is_dir():
                    continue
                taken = (p.is_file() and p.suffix.lower() in supported_suffixes
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
                (found if taken else skipped).append(p)
            files.extend(sorted(found))
            if not found:
                empty.append(ReadError(shown(str(path)), _nothing_to_read(skipped)))
        else:
            files.append(path)
    return list(dict.fromkeys(files)), empty


def _nothing_to_read(skipped: list[Path]) -> str:
    if not skipped:
        return "empty folder: no opinion files in it"
    kinds = sorted({p.suffix.lower() or p.name for p in skipped})
    listed = ", ".join(shown(k) for k in kinds[:5]) + (", ..." if len(kinds) > 5 else "")
    return (f"no opinion files in this folder ({len(skipped)} skipped: {listed}; opinions end in "
            f"{', '.join(sorted(supported_suffixes))} and are not hidden)")


def _file_source(path: Path) -> _Source:
    return _Source(shown(str(path)), shown(path.name), lambda: _read_file(path, shown(str(path))), path)


def _read_file(path: Path, where: str) -> bytes:
    """A regular file's bytes, at most MAX_BYTES of them; FIFOs, devices and sockets are refused unopened."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise ReadError(where, "no such file") from exc
    except OSError as exc:
        raise ReadError(where, f"cannot read file ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(where, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = next((k for test, k in _KINDS if test(info.st_mode)), "not a file")
        raise ReadError(where, f"not a regular file ({kind}); name the opinion files themselves")
    if info.st_size > MAX_BYTES:
        raise ReadError(where, too_large(info.st_size))
    try:  # O_NONBLOCK: should the file be swapped for a FIFO after the stat, opening it does not hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise ReadError(where, "not a regular file; name the opinion files themselves")
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(where, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > MAX_BYTES:
        raise ReadError(where, too_large(len(data)))
    return data


def _safe_records(source: _Source) -> list[Record] | ReadError:
    """The records of one file, or the one-line reason it cannot be read, whatever went wrong in the reader."""
    where = source.where
    try:
        return _records(source.load(), source.name, where)
    except ReadError as exc:
        return exc
    except RecursionError:
        return ReadError(where, "nested too deeply to read (JSON, XML or HTML)")
    except MemoryError:
        return ReadError(where, "too large to read in the memory available")
    except Exception as exc:  # a reader bug must fail its file, not the batch
        detail = " ".join(str(exc).split())[:120]
        return ReadError(where, f"could not be read ({type(exc).__name__}: {detail})")


def _records(data: bytes, name: str, where: str) -> list[Record]:
    """One file's bytes as opinions and the CourtListener halves still to be paired; refuses what is not prose."""
    records = _parse(data, name, where)
    for r in records:
        text = r.text if isinstance(r, Opinion) else r.opinion.text if isinstance(r, ClOpinion) else None
        if text is not None and not is_prose(text):
            raise ReadError(where, NOT_PROSE)
    return records


def _parse(data: bytes, name: str, where: str) -> list[Record]:
    if not data.strip():
        raise ReadError(where, "empty file")
    suffix = os.path.splitext(name)[1].lower()
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
