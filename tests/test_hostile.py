"""The defects of issue 17 (hostile files and unlucky moments), one test each: every one failed before its fix.

Files are ingested beside two real opinions, so each test also shows the batch goes
on: the good files are in the store, the bad one is one line and exit code 1.
"""

from __future__ import annotations

import json
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from graph import export
from graph.sqlite_store import SqliteStore
from ingest.read import MAX_BYTES, read_path
from ingest.read.prose import is_prose
from tests.conftest import FIXTURES, run_cli

ROOT = Path(__file__).resolve().parent.parent
NOEM = FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt"
WESTER = FIXTURES / "texts" / "07_wester_v_mo_dept_labor_moapp_2004.txt"
GOOD = (NOEM, WESTER)
CLI = [sys.executable, "-c", "import sys; from cli import main; sys.exit(main(sys.argv[1:]))"]


def ingest(db: Path, *paths: Path | str) -> int:
    return run_cli("ingest", "-q", "--db", str(db), *map(str, paths))


def errors(err: str) -> list[str]:
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("error:")]


def ingested_files(db: Path) -> list[str]:
    store = SqliteStore(db)
    try:
        return sorted(c.source_file for c in store.cases() if c.has_text)
    finally:
        store.close()


def deep(n: int = 100_000) -> str:
    return "[" * n + "]" * n


# -- 1. a RecursionError in a reader aborted the whole batch -----------------------------------


@pytest.mark.parametrize(
    "record",
    [
        {"name_abbreviation": "A v. B", "decision_date": "2000-01-01", "casebody": deep()},
        {"name_abbreviation": "A v. B", "decision_date": "2000-01-01", "casebody": {"data": deep()}},
        {"name_abbreviation": "A v. B", "casebody": {"opinions": deep()}},
        {"name": "A v. B", "casebody": {"data": "The court held the contract valid."}, "citations": deep()},
        {"plain_text": NOEM.read_text(), "cluster": deep()},
        {"case_name": "A v. B", "date_filed": "2000-01-01", "citations": [deep()], "sub_opinions": deep()},
    ],
    ids=["casebody", "casebody.data", "casebody.opinions", "cap-citations", "cl-cluster", "cl-citations"],
)
def test_deeply_nested_json_field_fails_its_file_alone(tmp_path: Path, capsys, record: dict) -> None:
    bad = tmp_path / "a_deep.json"
    bad.write_text(json.dumps(record))
    db = tmp_path / "db"
    code = ingest(db, NOEM, bad, WESTER)
    lines = errors(capsys.readouterr().err)
    if code == 0:  # a record that still holds readable text is an opinion, never a traceback
        assert lines == []
        return
    assert code == 1 and len(lines) == 1 and "a_deep.json" in lines[0]
    assert ingested_files(db) == sorted(p.name for p in GOOD)


def test_upload_page_survives_deeply_nested_json(tmp_path: Path) -> None:
    from ui import corpus

    store = SqliteStore(tmp_path / "db")
    record = {"name_abbreviation": "A v. B", "decision_date": "2000-01-01", "casebody": deep()}
    uploads = [("deep.json", json.dumps(record).encode()), (NOEM.name, NOEM.read_bytes())]
    outcomes = corpus.ingest_uploads(store, uploads)
    store.close()
    assert [bool(o.error) for o in outcomes] == [True, False]
    assert outcomes[0].error.startswith("deep.json: ")


# -- 2. a FIFO blocked forever, a device read until memory ran out -----------------------------


def _run(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    def limit() -> None:  # should a device be read anyway, fail fast instead of eating the machine's memory
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    return subprocess.run(CLI + args, cwd=ROOT, capture_output=True, text=True, timeout=timeout, preexec_fn=limit)


def test_fifo_named_as_path_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.fifo"
    os.mkfifo(fifo)
    out = _run(["ingest", "-q", "--db", str(tmp_path / "db"), str(NOEM), str(fifo)])
    lines = errors(out.stderr)
    assert out.returncode == 1 and len(lines) == 1 and "x.fifo" in lines[0] and "FIFO" in lines[0]
    assert ingested_files(tmp_path / "db") == [NOEM.name]


def test_devices_named_as_paths_are_refused(tmp_path: Path) -> None:
    devices = ["/dev/zero", "/dev/urandom", "/dev/null"]
    out = _run(["ingest", "-q", "--db", str(tmp_path / "db"), *devices, str(NOEM)])
    assert out.returncode == 1 and errors(out.stderr) == [
        f"error: {d}: not a regular file (a character device); name the opinion files themselves" for d in devices
    ]
    assert ingested_files(tmp_path / "db") == [NOEM.name]


# -- 3. owner-password-only AES PDFs were "broken PDF (DependencyError ...)" -------------------


def _pdf_of(text: Path, out: Path) -> None:
    """A real opinion's first lines as a PDF with a text layer."""
    pdf = canvas.Canvas(str(out), pagesize=letter)
    y = 740
    for line in [line[:95] for line in text.read_text().splitlines()[:40] if line.strip()]:
        pdf.drawString(54, y, line)
        y -= 14
    pdf.showPage()
    pdf.save()


def _encrypt(src: Path, out: Path, user: str, algorithm: str) -> None:
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
    with out.open("wb") as f:
        writer.write(f)


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "AES-256-R5", "RC4-128"])
def test_owner_password_only_pdf_opens(tmp_path: Path, algorithm: str) -> None:
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    _pdf_of(WESTER, plain)
    _encrypt(plain, locked, "", algorithm)
    assert PdfReader(locked).is_encrypted
    (opened,) = read_path(locked)
    (expected,) = read_path(plain)
    assert opened.text == expected.text and "Missouri Court of Appeals" in opened.text


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_pdf_that_needs_a_password_is_one_line(tmp_path: Path, capsys, algorithm: str) -> None:
    plain, locked = tmp_path / "plain.pdf", tmp_path / "locked.pdf"
    _pdf_of(WESTER, plain)
    _encrypt(plain, locked, "reader-secret", algorithm)
    assert ingest(tmp_path / "db", locked, NOEM) == 1
    assert errors(capsys.readouterr().err) == [
        f"error: {locked}: PDF is encrypted; save an unencrypted copy first"
    ]


# -- 4. Markdown autolinks in opinion text became links (the browser check is test_hostile_browser) --


@pytest.mark.parametrize(
    "text", ["www.evil.example/phish", "<http://evil.example>", "HTTPS://EVIL.EXAMPLE", "phish@evil.example",
             "mailto:phish@evil.example", "_www.evil.example_"],
)
def test_markdown_escaping_breaks_autolinks(text: str) -> None:
    import re

    from ui.render import md

    out = md(text)
    assert out.replace("\u2060", "").replace("\\", "").replace("&lt;", "<").replace("&gt;", ">") == text
    # GFM finds autolinks in the parsed text (escapes gone): none of its three patterns may match it
    parsed = out.replace("\\", "").replace("&lt;", "<").replace("&gt;", ">")
    assert not re.search(r"(?i)(https?://|www\.)|[\w.+-]+@[\w-]+\.", parsed)


# -- 5. an export taken while an ingest commits listed edges whose cases it did not list --------


class _CommitBetweenReads(SqliteStore):
    """A store whose first `cases()` is followed, before the export reads on, by another writer's commit."""

    def __init__(self, directory: Path, commit) -> None:
        super().__init__(directory)
        self.commit = commit

    def cases(self):
        out = super().cases()
        if self.commit:
            commit, self.commit = self.commit, None
            commit()
        return out


def _graph_of(opinion: Path, db: Path):
    """What ingesting `opinion` writes, worked out in a scratch store beside `db` (`db` is not touched)."""
    from ingest.pipeline import ingest_one
    from ingest.read import read_path as read

    store = SqliteStore(db.parent / f"scratch-{opinion.stem}")
    try:
        return ingest_one(read(opinion)[0], store)
    finally:
        store.close()


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml"])
def test_export_is_one_snapshot(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    before = (export.to_json if fmt == "json" else export.to_graphml if fmt == "graphml" else export.to_csv)(
        SqliteStore(db)
    )
    graph = _graph_of(WESTER, db)

    def commit() -> None:  # another process's ingest, on a connection of its own
        writer = SqliteStore(db)
        writer.write_opinion(graph)
        writer.close()

    racing = _CommitBetweenReads(db, commit)
    during = {"json": export.to_json, "csv": export.to_csv, "graphml": export.to_graphml}[fmt](racing)
    after = {"json": export.to_json, "csv": export.to_csv, "graphml": export.to_graphml}[fmt](racing)
    racing.close()
    assert during == before and after != before  # the commit landed, after the export, not inside it
    if fmt == "json":
        doc = json.loads(during)
        ids = {c["id"] for c in doc["cases"]}
        assert all(e["citing"] in ids and e["cited"] in ids for e in doc["citations"])


def test_app_reads_one_snapshot_per_run(tmp_path: Path) -> None:
    """Every read of one script run sees the same state, even with commits between them."""
    from graph.store import snapshot

    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    graph = _graph_of(WESTER, db)
    store = SqliteStore(db)
    with snapshot(store):
        stats = store.stats()
        writer = SqliteStore(db)
        writer.write_opinion(graph)  # an ingest commits while the page is being drawn
        writer.close()
        assert store.stats() == stats
        assert store.case(graph.opinion.id) is None and store.neighbours(graph.opinion.id, "cites") == []
        store.set_case_name("c-465-us-783" if store.case("c-465-us-783") else store.cases()[0].id, "Renamed v. Case")
        assert "Renamed v. Case" not in {c.name for c in store.cases()}  # a write inside: committed, not seen here
    assert store.stats()["opinions"] == stats["opinions"] + 1 and store.case(graph.opinion.id)
    assert "Renamed v. Case" in {c.name for c in store.cases()}
    store.close()


def test_snapshots_of_threads_sharing_a_store_are_their_own(tmp_path: Path) -> None:
    """The app shares one store between sessions (threads): one thread's snapshot is not another's."""
    from graph.store import snapshot

    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    graph = _graph_of(WESTER, db)
    store = SqliteStore(db)
    inside, started, committed = {}, threading.Event(), threading.Event()

    def reader() -> None:
        with snapshot(store):
            inside["before"] = store.stats()["opinions"]
            started.set()
            committed.wait(10)
            inside["after"] = store.stats()["opinions"]

    t = threading.Thread(target=reader)
    t.start()
    started.wait(10)
    writer = SqliteStore(db)
    writer.write_opinion(graph)
    writer.close()
    assert store.stats()["opinions"] == 2  # this thread, outside any snapshot, sees the commit
    committed.set()
    t.join(10)
    store.close()
    assert inside == {"before": 1, "after": 1}


def test_exports_during_an_ingest_are_always_whole(tmp_path: Path) -> None:
    """Exports racing a real ingest in another process: every one lists every case its edges name."""
    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    texts = sorted((FIXTURES / "texts").glob("0[5-7]_*.txt"))
    proc = subprocess.Popen(CLI + ["ingest", "-q", "--db", str(db), *map(str, texts)], cwd=ROOT,
                            stderr=subprocess.DEVNULL)
    store = SqliteStore(db)
    exports = 0
    try:
        while proc.poll() is None or exports == 0:
            doc = json.loads(export.to_json(store))
            ids = {c["id"] for c in doc["cases"]}
            assert all(e["citing"] in ids and e["cited"] in ids for e in doc["citations"])
            exports += 1
    finally:
        proc.wait()
        store.close()
    assert proc.returncode == 0 and exports >= 1


# -- 6. a file name that is not valid UTF-8 was rejected with UnicodeEncodeError ---------------


def test_file_name_that_is_not_utf8(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9 opinion.txt")  # Latin-1 bytes: the OS gives Python a lone surrogate
    (folder / name).write_bytes(NOEM.read_bytes())
    db = tmp_path / "db"
    assert ingest(db, folder) == 0, capsys.readouterr().err
    assert ingested_files(db) == ["caf\ufffd opinion.txt"]
    bad = folder / os.fsdecode(b"bad \xff.txt")
    bad.write_bytes(b"")
    assert ingest(db, bad) == 1
    assert errors(capsys.readouterr().err) == [f"error: {folder}/bad \ufffd.txt: empty file"]


# -- 7. CLI gaps ---------------------------------------------------------------------------------


def test_export_into_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    for fmt in ("json", "graphml", "csv"):
        out = tmp_path / "missing_dir" / "x.json"
        assert run_cli("export", "--db", str(db), "--format", fmt, "--out", str(out)) == 1
        assert errors(capsys.readouterr().err) == [f"error: cannot write {out}: no folder {out.parent}"]
    assert not (tmp_path / "missing_dir").exists()


def test_export_writes_its_file_whole(tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    out = tmp_path / "x.json"
    out.write_text("an older export")
    assert run_cli("export", "--db", str(db), "--out", str(out)) == 0
    assert json.loads(out.read_text())["cases"] and sorted(p.name for p in tmp_path.iterdir()) == ["db", "x.json"]


@pytest.mark.parametrize("command", [["stats"], ["export"], ["doctrine"], ["doctrine", "pj"]])
def test_mistyped_db_is_an_error_not_an_empty_store(tmp_path: Path, capsys, command: list[str]) -> None:
    typo = tmp_path / "stroe"
    assert run_cli(*command, "--db", str(typo)) == 1
    assert errors(capsys.readouterr().err) == [
        f"error: no store at {typo} (`precedent ingest PATH --db {typo}` creates one)"
    ]
    assert not typo.exists()


def test_store_that_is_not_a_database_is_one_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db"
    db.mkdir()
    (db / "graph.sqlite").write_bytes(b"this is not a database" * 100)
    assert run_cli("stats", "--db", str(db)) == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith(f"error: cannot open the store in {db}: file is not a database")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert ingest(a_file, NOEM) == 1
    (line,) = errors(capsys.readouterr().err)
    assert line.startswith(f"error: cannot open the store in {a_file}: ")


def test_file_just_over_the_limit_says_by_how_much(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 10)
    assert ingest(tmp_path / "db", big, NOEM) == 1
    assert errors(capsys.readouterr().err) == [
        f"error: {big}: file is too large (52,428,810 bytes; the limit is 52,428,800 bytes, 50 MB)"
    ]


def test_folder_of_only_unsupported_files_is_one_line(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "brief.docx").write_bytes(b"PK\x03\x04")
    (folder / "sub" / "notes.rtf").write_text("{\\rtf1 x}")
    (folder / ".hidden.txt").write_text(NOEM.read_text())
    assert ingest(tmp_path / "db", folder, NOEM) == 1
    assert errors(capsys.readouterr().err) == [
        f"error: {folder}: no opinion files in this folder (3 skipped: .docx, .rtf, .txt; opinions end in "
        ".htm, .html, .json, .pdf, .txt, .xml and are not hidden)"
    ]
    assert ingested_files(tmp_path / "db") == [NOEM.name]


def test_upload_page_writes_nothing_outside_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import corpus

    scratch = tmp_path / "system_tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    staged: list[str] = []
    for name in ("mkdtemp", "_mkstemp_inner"):  # every temporary file and folder goes through these two
        real = getattr(tempfile, name)
        monkeypatch.setattr(tempfile, name, lambda *a, _r=real, _n=name, **k: staged.append(_n) or _r(*a, **k))
    store = SqliteStore(tmp_path / "db")
    outcomes = corpus.ingest_uploads(store, [(NOEM.name, NOEM.read_bytes()), ("empty.txt", b"")])
    store.close()
    assert [bool(o.error) for o in outcomes] == [False, True]
    assert staged == [] and list(scratch.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "system_tmp"]


# -- 8. garbage became an "Untitled opinion" with exit code 0 ----------------------------------


def _random_text(n: int, alphabet: str, seed: int = 17) -> str:
    rnd = random.Random(seed)
    return "".join(rnd.choice(alphabet) for _ in range(n))


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("one_letter.txt", lambda: "a" * 10_000_000),
        ("random_punct.txt", lambda: _random_text(2_000_000, string.ascii_letters + string.punctuation)),
        ("random_words.txt", lambda: _random_text(200_000, string.ascii_lowercase + "   ")),
    ],
)
def test_garbage_is_not_an_opinion(tmp_path: Path, capsys, name: str, make) -> None:
    bad = tmp_path / name
    bad.write_text(make())
    assert ingest(tmp_path / "db", bad, NOEM) == 1
    assert errors(capsys.readouterr().err) == [
        f"error: {bad}: not an opinion: too few English words (random characters, a data dump?)"
    ]
    assert ingested_files(tmp_path / "db") == [NOEM.name]


def test_every_real_opinion_reads_as_prose() -> None:
    texts = sorted((FIXTURES / "texts").glob("*.txt"))
    assert texts and all(is_prose(read_path(p)[0].text) for p in texts)
    assert is_prose("Doe v. Roe, 1 U.S. 1 (1990). We follow it.")


def test_xml_entities_are_never_resolved() -> None:
    """An external entity in a CAP casebody stays the literal "&x;": no file is read, nothing fetched."""
    from ingest.read.cap import _xml_text
    from tests.test_hostile_inputs import LAUGHS, XXE

    assert _xml_text(XXE) == "&x;" and _xml_text(LAUGHS) == ""


def test_app_serves_on_localhost_and_sends_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`precedent app` listens on localhost unless told otherwise, and turns Streamlit's usage statistics off."""
    import cli

    db = tmp_path / "db"
    assert ingest(db, NOEM) == 0
    calls: list[list[str]] = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: calls.append(cmd) or 0)
    assert run_cli("app", "--db", str(db), "--headless") == 0
    assert run_cli("app", "--db", str(db), "--address", "0.0.0.0") == 0
    for cmd, address in zip(calls, ("localhost", "0.0.0.0"), strict=True):
        flags = dict(zip(cmd[::2], cmd[1::2], strict=False)) | dict(zip(cmd[1::2], cmd[2::2], strict=False))
        assert flags["--server.address"] == address and flags["--browser.gatherUsageStats"] == "false"
