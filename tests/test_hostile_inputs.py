"""The bad-input table: every way a file can be unfit to ingest, one class per row, several cases per class.

Each case is ingested in one batch with a real opinion named after it. For every
case: exactly one line on standard error names the bad file and says why, the exit
code is 1, the good opinion went in, the store holds exactly what the good opinion
alone gives (the bad file left no trace), no traceback, and the run stays within its
class's time budget.
"""

from __future__ import annotations

import base64
import json
import os
import random
import socket
import string
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from graph.sqlite_store import SqliteStore
from ingest.read import MAX_BYTES
from tests.conftest import FIXTURES, run_cli
from tests.test_hostile import _encrypt, _pdf_of, deep

GOOD = FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt"
WESTER = FIXTURES / "texts" / "07_wester_v_mo_dept_labor_moapp_2004.txt"
CAP = json.loads((FIXTURES / "formats" / "cap_api_v1_xml_casebody_dallas_sales_v_carlisle_silver.json").read_text())
CL_CLUSTER = json.loads((FIXTURES / "formats" / "courtlistener_v4_cluster_noem_v_abrego_garcia.json").read_text())
RND = random.Random(17)
BUDGET = 15.0  # seconds for one batch of a bad file and a real opinion, on two busy cores
Make = Callable[[Path], Path]


def file(name: str, content: bytes | str) -> Make:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return make


def jsonfile(name: str, value: object) -> Make:
    return file(name, json.dumps(value))


def sparse(name: str, size: int) -> Make:
    def make(tmp: Path) -> Path:
        path = tmp / name
        with path.open("wb") as f:
            f.truncate(size)
        return path

    return make


def fifo(name: str) -> Make:
    def make(tmp: Path) -> Path:
        os.mkfifo(tmp / name)
        return tmp / name

    return make


def sock(name: str) -> Make:
    def make(tmp: Path) -> Path:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(tmp / name))
        s.close()
        return tmp / name

    return make


def link(name: str, target: str | Callable[[Path], str]) -> Make:
    def make(tmp: Path) -> Path:
        (tmp / name).symlink_to(target(tmp) if callable(target) else target)
        return tmp / name

    return make


def device(path: str) -> Make:
    return lambda tmp: Path(path)


def missing(rel: str) -> Make:
    return lambda tmp: tmp / rel


def folder(name: str, files: dict[str, bytes | str | None]) -> Make:
    """A folder with these files (None: a FIFO)."""

    def make(tmp: Path) -> Path:
        root = tmp / name
        root.mkdir()
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if content is None:
                os.mkfifo(path)
            else:
                path.write_bytes(content.encode() if isinstance(content, str) else content)
        return root

    return make


def pdf(name: str, draw: Callable[[canvas.Canvas], None]) -> Make:
    def make(tmp: Path) -> Path:
        path = tmp / name
        c = canvas.Canvas(str(path), pagesize=letter)
        draw(c)
        c.save()
        return path

    return make


def real_pdf_bytes(tmp: Path) -> bytes:
    out = tmp / "real_source.pdf"
    _pdf_of(WESTER, out)
    data = out.read_bytes()
    out.unlink()
    return data


def derived(name: str, change: Callable[[bytes], bytes]) -> Make:
    """A file made by mangling a real opinion's PDF."""
    return lambda tmp: file(name, change(real_pdf_bytes(tmp)))(tmp)


def locked(name: str, algorithm: str) -> Make:
    def make(tmp: Path) -> Path:
        plain, out = tmp / "plain_source.pdf", tmp / name
        _pdf_of(WESTER, plain)
        _encrypt(plain, out, "reader-secret", algorithm)
        plain.unlink()
        return out

    return make


def blank(c: canvas.Canvas) -> None:
    c.showPage()


def shapes(c: canvas.Canvas) -> None:
    c.rect(72, 72, 400, 600, fill=1)
    c.circle(300, 400, 100)
    c.showPage()


def two_blank(c: canvas.Canvas) -> None:
    c.showPage()
    c.showPage()


def little_text(c: canvas.Canvas) -> None:
    c.drawString(72, 700, "Page 1 of 1")
    c.showPage()


def rand(n: int, alphabet: str) -> str:
    return "".join(RND.choice(alphabet) for _ in range(n))


def cap(**casebody: object) -> dict:
    return {"name_abbreviation": "Doe v. Roe", "decision_date": "2001-02-03", "casebody": casebody}


XXE = ('<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       "<casebody><opinion><p>&x;</p></opinion></casebody>")
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
          "<casebody><opinion><p>&f;</p></opinion></casebody>")

# (class, case, how to make it, what the line must say)
TABLE: list[tuple[str, str, Make, str]] = [
    ("empty", "zero-bytes-txt", file("e.txt", b""), "empty file"),
    ("empty", "zero-bytes-json", file("e.json", b""), "empty file"),
    ("empty", "zero-bytes-pdf", file("e.pdf", b""), "empty file"),
    ("empty", "whitespace", file("e.txt", " \n\t\r\n  "), "empty file"),
    ("empty", "utf8-bom-only", file("e.txt", b"\xef\xbb\xbf"), "empty file"),
    ("empty", "utf16-bom-only", file("e.txt", b"\xff\xfe"), "empty file"),
    ("empty", "html-newlines", file("e.html", "\n\n\n"), "empty file"),
    ("binary", "random-bytes", file("b.txt", bytes(RND.randrange(256) for _ in range(4096))), "binary data"),
    ("binary", "nul-bytes", file("b.txt", b"\x00" * 1000), "binary data"),
    ("binary", "elf", file("b.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(200)), "binary data"),
    ("binary", "png-as-html", file("b.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)), "binary data"),
    ("binary", "gzip-as-json", file("b.json", b"\x1f\x8b\x08\x00" + zlib.compress(b"x" * 5000)), "binary data"),
    ("binary", "zip", file("b.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(300)), "binary data"),
    ("undecodable", "cp1252-undefined", file("u.txt", b"The caf\xe9 \x81\x8d\x90 opinion"), "undecodable bytes"),
    ("undecodable", "mostly-high-bytes", file("u.txt", bytes(range(0xA0, 0x100)) * 8), "undecodable bytes"),
    ("undecodable", "broken-utf16", file("u.txt", b"\xff\xfe" + "Opinion".encode("utf-16-le") + b"\x00\xd8"),
     "undecodable bytes"),
    ("undecodable", "shift-jis", file("u.txt", "最高裁判所の判決である。".encode("shift_jis") * 20),
     "undecodable bytes"),
    ("undecodable", "koi8-r", file("u.txt", "Решение суда по делу".encode("koi8-r") * 20), "undecodable bytes"),
    ("control characters", "c0", file("c.txt", b"\x01\x02\x03\x04\x05\x06abc" * 50), "binary data"),
    ("control characters", "ansi-escapes", file("c.txt", "\x1b[31m\x1b[1m\x1b[0m\x07x" * 200), "binary data"),
    ("control characters", "del", file("c.txt", "\x7f\x7f\x7fa" * 300), "binary data"),
    ("control characters", "c1-in-utf8", file("c.txt", "\x85\x86\x87\x88word " * 200), "binary data"),
    ("malformed JSON", "truncated", file("m.json", '{"plain_text": "x",'), "malformed JSON"),
    ("malformed JSON", "trailing-comma", file("m.json", '{"plain_text": "x", "cluster": 1,}'), "malformed JSON"),
    ("malformed JSON", "single-quotes", file("m.json", "{'plain_text': 'x'}"), "malformed JSON"),
    ("malformed JSON", "unquoted-keys", file("m.json", "{plain_text: 1}"), "malformed JSON"),
    ("malformed JSON", "extra-brace", file("m.json", '{"a": 1}}'), "malformed JSON"),
    ("malformed JSON", "json-lines", file("m.json", '{"a": 1}\n{"b": 2}\n'), "malformed JSON"),
    ("nested too deeply", "array", file("n.json", deep()), "nested too deeply"),
    ("nested too deeply", "object", file("n.json", '{"a":' * 50_000 + "1" + "}" * 50_000), "nested too deeply"),
    ("nested too deeply", "cap-casebody-string", jsonfile("n.json", cap() | {"casebody": deep()}),
     "CAP case has no casebody object"),
    ("nested too deeply", "cap-data-string", jsonfile("n.json", cap(data=deep())), "not an opinion"),
    ("nested too deeply", "cl-sub-opinions-string",
     jsonfile("n.json", {"case_name": "Doe v. Roe", "date_filed": "2001-02-03", "sub_opinions": deep()}),
     "cluster has no opinion text"),
    ("unknown JSON layout", "list-of-ints", jsonfile("k.json", [1, 2]), "unknown JSON layout (a int"),
    ("unknown JSON layout", "string", jsonfile("k.json", "an opinion"), "unknown JSON layout (a str"),
    ("unknown JSON layout", "number", jsonfile("k.json", 42), "unknown JSON layout (a int"),
    ("unknown JSON layout", "null", jsonfile("k.json", None), "unknown JSON layout (a NoneType"),
    ("unknown JSON layout", "empty-object", jsonfile("k.json", {}), "keys: none"),
    ("unknown JSON layout", "unknown-keys", jsonfile("k.json", {"title": "x", "body": "y"}), "keys: body, title"),
    ("unknown JSON layout", "empty-list", jsonfile("k.json", []), "JSON holds no records"),
    ("unknown JSON layout", "empty-results", jsonfile("k.json", {"results": []}), "JSON holds no records"),
    ("CAP without text", "casebody-null", jsonfile("p.json", cap() | {"casebody": None}), "no casebody object"),
    ("CAP without text", "casebody-empty", jsonfile("p.json", cap()), "no text field"),
    ("CAP without text", "data-empty", jsonfile("p.json", cap(data="")), "empty casebody"),
    ("CAP without text", "opinions-not-list", jsonfile("p.json", cap(opinions="text")), "is not a list"),
    ("CAP without text", "data-number", jsonfile("p.json", cap(data=5, status="error")), "has no text (status"),
    ("CAP without text", "empty-xml", jsonfile("p.json", cap(data="<casebody/>")), "empty casebody"),
    ("CourtListener opinion without text", "no-text-field", jsonfile("o.json", {"cluster": 1}), "no text field"),
    ("CourtListener opinion without text", "empty-fields",
     jsonfile("o.json", {"cluster": 1, "plain_text": "", "html": ""}), "empty text fields"),
    ("CourtListener opinion without text", "script-only-html",
     jsonfile("o.json", {"cluster_id": 7, "html_with_citations": "<script>x()</script><style>p{}</style>"}),
     "empty text fields"),
    ("CourtListener opinion without text", "non-string-text",
     jsonfile("o.json", {"resource_uri": "/api/rest/v4/opinions/9/", "plain_text": 5}), "empty text fields"),
    ("cluster without its opinion", "v4-cluster", jsonfile("l.json", CL_CLUSTER), "cluster has no opinion text"),
    ("cluster without its opinion", "sub-opinions",
     jsonfile("l.json", {"id": 3, "sub_opinions": ["/api/rest/v4/opinions/4/"]}), "cluster has no opinion text"),
    ("cluster without its opinion", "case-name-date",
     jsonfile("l.json", {"case_name": "Doe v. Roe", "date_filed": "2001-02-03"}), "cluster has no opinion text"),
    ("HTML without text", "script-only", file("h.html", "<html><body><script>x()</script></body></html>"),
     "no visible text"),
    ("HTML without text", "style-only", file("h.html", "<html><head><style>p{}</style></head><body></body></html>"),
     "no visible text"),
    ("HTML without text", "empty-body", file("h.html", "<!DOCTYPE html><html><body></body></html>"),
     "no visible text"),
    ("HTML without text", "comments-only", file("h.html", "<html><body><!-- Doe v. Roe --></body></html>"),
     "no visible text"),
    ("HTML without text", "head-only", file("h.html", "<html><head><title>Doe v. Roe</title></head></html>"),
     "no visible text"),
    ("HTML without text", "iframe-svg", file("h.htm", "<html><body><iframe src=x></iframe><svg><text>Doe</text>"
                                                      "</svg></body></html>"), "no visible text"),
    ("broken PDF", "header-only", file("d.pdf", b"%PDF-1.7\n"), "broken PDF"),
    ("broken PDF", "header-and-garbage", file("d.pdf", b"%PDF-1.4\n" + bytes(RND.randrange(256) for _ in range(2000))),
     "broken PDF"),
    ("broken PDF", "truncated", derived("d.pdf", lambda b: b[: len(b) // 3]), "PDF"),
    ("broken PDF", "xref-zeroed", derived("d.pdf", lambda b: b.replace(b"xref", b"\x00\x00\x00\x00")), "PDF"),
    ("broken PDF", "text-named-pdf", file("d.pdf", GOOD.read_text()[:3000]), "broken PDF"),
    ("PDF without a text layer", "blank-page", pdf("s.pdf", blank), "no text layer"),
    ("PDF without a text layer", "shapes-only", pdf("s.pdf", shapes), "no text layer"),
    ("PDF without a text layer", "two-blank-pages", pdf("s.pdf", two_blank), "no text layer"),
    ("PDF without a text layer", "a-page-number", pdf("s.pdf", little_text), "no text layer"),
    ("PDF with a password", "aes-128", locked("w.pdf", "AES-128"), "PDF is encrypted"),
    ("PDF with a password", "aes-256", locked("w.pdf", "AES-256"), "PDF is encrypted"),
    ("PDF with a password", "rc4-128", locked("w.pdf", "RC4-128"), "PDF is encrypted"),
    ("PDF with a password", "rc4-40", locked("w.pdf", "RC4-40"), "PDF is encrypted"),
    ("too large", "one-byte-over", sparse("t.txt", MAX_BYTES + 1), "52,428,801 bytes; the limit is 52,428,800"),
    ("too large", "ten-bytes-over", sparse("t.txt", MAX_BYTES + 10), "52,428,810 bytes"),
    ("too large", "json", sparse("t.json", 60 * 1024 * 1024), "file is too large"),
    ("too large", "pdf", sparse("t.pdf", 2 * MAX_BYTES), "file is too large"),
    ("not a regular file", "fifo", fifo("f.fifo"), "not a regular file (a FIFO)"),
    ("not a regular file", "dev-zero", device("/dev/zero"), "not a regular file (a character device)"),
    ("not a regular file", "dev-null", device("/dev/null"), "not a regular file (a character device)"),
    ("not a regular file", "dev-urandom", device("/dev/urandom"), "not a regular file (a character device)"),
    ("not a regular file", "socket", sock("s.sock"), "not a regular file (a socket)"),
    ("not a regular file", "link-to-fifo", link("l.txt", lambda tmp: str(fifo("f2.fifo")(tmp))), "(a FIFO)"),
    ("not a regular file", "link-to-device", link("l.txt", "/dev/zero"), "(a character device)"),
    ("missing", "no-such-file", missing("nothing.txt"), "no such file or directory"),
    ("missing", "no-such-folder", missing("nowhere/"), "no such file or directory"),
    ("missing", "missing-parent", missing("a/b/c.txt"), "no such file or directory"),
    ("missing", "broken-symlink", link("dangling.txt", "/nonexistent/target.txt"), "no such file"),
    ("symlink loop", "self", link("loop.txt", lambda tmp: str(tmp / "loop.txt")), "cannot read file"),
    ("symlink loop", "pair", link("a.txt", lambda tmp: str(link("b.txt", str(tmp / "a.txt"))(tmp))),
     "cannot read file"),
    ("folder with nothing to read", "empty", folder("f", {}), "empty folder"),
    ("folder with nothing to read", "only-docx", folder("f", {"brief.docx": b"PK\x03\x04"}), "1 skipped: .docx"),
    ("folder with nothing to read", "only-hidden", folder("f", {".draft.txt": GOOD.read_text()}), "1 skipped: .txt"),
    ("folder with nothing to read", "hidden-subfolder", folder("f", {".git/a.txt": "x", ".git/b.json": "{}"}),
     "2 skipped"),
    ("folder with nothing to read", "nested-empty", folder("f", {"a/b/c/README": "x"}), "1 skipped: README"),
    ("folder with nothing to read", "only-fifo", folder("f", {"x.txt": None}), "1 skipped: .txt"),
    ("folder with nothing to read", "symlink-loop", link("f", lambda tmp: str(tmp)), "empty folder"),
    ("not prose", "ten-mb-one-letter", file("g.txt", "a" * 10_000_000), "not an opinion"),
    ("not prose", "random-punctuation", file("g.txt", rand(1_000_000, string.ascii_letters + string.punctuation)),
     "not an opinion"),
    ("not prose", "random-words", file("g.txt", rand(200_000, string.ascii_lowercase + "   ")), "not an opinion"),
    ("not prose", "base64", file("g.txt", base64.b64encode(RND.randbytes(300_000)).decode()), "not an opinion"),
    ("not prose", "hex-dump", file("g.txt", RND.randbytes(100_000).hex(" ", 2)), "not an opinion"),
    ("not prose", "digits", file("g.txt", rand(100_000, string.digits + " \n")), "not an opinion"),
    ("not prose", "punctuation", file("g.txt", rand(100_000, string.punctuation + " ")), "not an opinion"),
    ("not prose", "html-of-garbage", file("g.html", f"<html><body><p>{rand(50_000, string.ascii_letters)}</p>"),
     "not an opinion"),
    ("not prose", "cl-json-of-garbage", jsonfile("g.json", {"cluster": 1, "plain_text": "zq" * 50_000}),
     "not an opinion"),
    ("misnamed", "html-named-json", file("x.json", "<html><body><p>Doe v. Roe</p></body></html>"), "malformed JSON"),
    ("misnamed", "text-named-json", file("x.json", GOOD.read_text()[:2000]), "malformed JSON"),
    ("misnamed", "binary-named-html", file("x.html", bytes(range(256)) * 4), "binary data"),
    ("misnamed", "scan-named-txt", pdf("x.txt", blank), "no text layer"),
    ("misnamed", "png-named-pdf", file("x.pdf", b"\x89PNG\r\n\x1a\n" + bytes(500)), "broken PDF"),
    ("entities", "xxe-in-cap-xml", jsonfile("x.json", cap(data=XXE)), "not an opinion"),  # "&x;", unresolved
    ("entities", "billion-laughs-in-cap-xml", jsonfile("x.json", cap(data=LAUGHS)), "empty casebody"),
    ("entities", "xxe-in-html", file("x.html", '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                               "<html><body>&x;</body></html>"), ""),
    ("wrong types", "cap-data-list", jsonfile("y.json", cap(data=["text"])), "has no text"),
    ("wrong types", "results-mixed", jsonfile("y.json", {"results": [CAP, 5]}), "unknown JSON layout (a int"),
    ("wrong types", "cl-cluster-object-no-text",
     jsonfile("y.json", {"cluster": {"id": 1}, "plain_text": None}), "empty text fields"),
    ("wrong types", "cap-opinions-of-ints", jsonfile("y.json", cap(opinions=[1, 2, 3])), "empty casebody"),
]
CLASSES = sorted({row[0] for row in TABLE})


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The export of a store holding the good opinion alone."""
    db = tmp_path_factory.mktemp("reference") / "db"
    assert run_cli("ingest", "-q", "--db", str(db), str(GOOD)) == 0
    return _export(db)


def _export(db: Path) -> bytes:
    out = db.parent / "export.json"
    assert run_cli("export", "--db", str(db), "--out", str(out)) == 0
    return out.read_bytes()


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 100 and len(CLASSES) >= 20
    assert len({(c, k) for c, k, _, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("cls", "case", "make", "says"), TABLE, ids=[f"{c}/{k}" for c, k, _, _ in TABLE])
def test_bad_input(tmp_path: Path, capsys, reference: bytes, cls: str, case: str, make: Make, says: str) -> None:
    work = tmp_path / "in"
    work.mkdir()
    bad = make(work)
    db = tmp_path / "db"
    capsys.readouterr()
    start = time.monotonic()
    code = run_cli("ingest", "-q", "--db", str(db), str(bad), str(GOOD))
    took = time.monotonic() - start
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}") and says in lines[0], err
    assert code == 1
    store = SqliteStore(db)
    try:
        assert [c.source_file for c in store.cases() if c.has_text] == [GOOD.name]
        assert store.stats()["opinions"] == 1
    finally:
        store.close()
    assert _export(db) == reference  # the bad file left nothing behind
    assert took < BUDGET, f"{took:.1f} s"
