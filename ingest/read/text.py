"""Bytes to text, and plain-text opinions.

Opinions arrive as UTF-8 (often with a BOM) or as Windows-1252 from older
Windows tools; anything else is refused with a reason rather than decoded into
mojibake that would poison citation matching.
"""

from __future__ import annotations

import codecs

from ingest.models import Opinion, ReadError
from ingest.read.clean import tidy
from ingest.read.header import build
from ingest.read.pages import drop_running_heads, join_broken_words

SAMPLE = 64 * 1024
_CONTROL_OK = frozenset("\t\n\r\f\v")


def decode(data: bytes, path: str) -> str:
    """The text of `data`, or ReadError for binary data and bytes that are not UTF-8/UTF-16/cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(path, "undecodable bytes (broken UTF-16)") from exc
        return _checked(text, path)
    if b"\x00" in data[:SAMPLE]:
        raise ReadError(path, "binary data, not an opinion")
    try:
        return _checked(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ReadError(path, "undecodable bytes (not UTF-8 or Windows-1252 text)") from exc
    text = _checked(text, path)
    # cp1252 maps almost every byte, so also ask that it reads like Western text: mostly ASCII.
    sample = text[:SAMPLE]
    if sum(c.isascii() for c in sample) < 0.8 * len(sample):
        raise ReadError(path, "undecodable bytes (not UTF-8 or Windows-1252 text)")
    return text


def _checked(text: str, path: str) -> str:
    """Refuse text that is mostly control characters (binary that happened to decode)."""
    sample = text[:SAMPLE]
    controls = sum(1 for c in sample if (c < " " or "\x7f" <= c < "\xa0") and c not in _CONTROL_OK)
    if controls > max(2, 0.02 * len(sample)):
        raise ReadError(path, "binary data, not an opinion")
    return text


def read_text(text: str, source_file: str) -> Opinion:
    """A plain-text opinion; metadata comes from its header."""
    text = tidy(text)
    return build(join_broken_words(drop_running_heads(text.split("\f"))), source_file, "text")
