"""PDF opinions through pypdf's text layer; scans without one are refused, not OCRed."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError

from ingest.models import Opinion, ReadError
from ingest.read.clean import tidy
from ingest.read.header import build
from ingest.read.pages import drop_running_heads, join_broken_words

MIN_CHARS = 40  # fewer non-space characters than this in the whole file: no text layer


def read_pdf(data: bytes, source_file: str, path: str) -> Opinion:
    """The text of every page, pages separated by a blank line; metadata from the first page's header."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(path, "PDF is encrypted; save an unencrypted copy first")
        pages = [tidy(page.extract_text() or "") for page in reader.pages]
    except ReadError:
        raise
    except DependencyError as exc:  # AES needs the `cryptography` package, a declared dependency
        raise ReadError(path, "PDF is AES-encrypted and the cryptography package is missing (pip install "
                        "cryptography)") from exc
    except Exception as exc:  # pypdf raises many kinds of error on broken files; all mean the same here
        reason = "PDF is encrypted" if "decrypt" in str(exc).lower() else "broken PDF"
        detail = " ".join(str(exc).split())[:120]
        raise ReadError(path, f"{reason} ({type(exc).__name__}: {detail})") from exc
    text = join_broken_words(drop_running_heads(pages)).strip()
    if len("".join(text.split())) < MIN_CHARS:
        raise ReadError(path, "PDF has no text layer (scanned image?); run OCR first")
    return build(text, source_file, "pdf")
