"""The Your corpus page: uploads ingested as `precedent ingest` would, bad files reported, downloads = CLI export."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from streamlit.testing.v1 import AppTest

from cli import main as cli
from graph.config import open_store
from graph.sqlite_store import SqliteStore
from ui import corpus

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FIXTURES = Path(__file__).parent / "fixtures"
TEXTS = FIXTURES / "texts"
FORMATS = FIXTURES / "formats"
SEEDS = sorted(TEXTS.glob("00[014]_*.txt"))
HOSTILE_NAME = "<img src=x onerror=alert(1)>.json"


def _pdf(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=letter)
    for i, line in enumerate(lines):
        pdf.drawString(54, 740 - 14 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _html() -> bytes:
    text = (TEXTS / "05_dallas_sales_v_carlisle_silver_texapp_2004.txt").read_text()
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return f"<!DOCTYPE html><html><head><title>Dallas Sales</title></head><body>{paragraphs}</body></html>".encode()


def good_uploads() -> list[tuple[str, bytes]]:
    """Real opinions in every format the ingest reads."""
    wester = (TEXTS / "07_wester_v_mo_dept_labor_moapp_2004.txt").read_text()
    files = [*SEEDS, *sorted(FORMATS.glob("*.json"))]  # CAP, and a CourtListener cluster with its opinion
    return [(p.name, p.read_bytes()) for p in files] + [
        ("dallas.html", _html()),
        ("wester.pdf", _pdf([line[:95] for line in wester.splitlines()[:40] if line.strip()])),
    ]


BAD = [
    ("layout.json", b'{"title": "Doe v. Roe"}', "layout.json: unknown JSON layout"),
    ("empty.txt", b"", "empty.txt: empty file"),
    (HOSTILE_NAME, b"[1, 2]", f"{HOSTILE_NAME}: unknown JSON layout"),
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("..\\..\\x.txt", "x.txt"), ("..", "upload"), ("", "upload"),
     ("a\x00b\n.txt", "ab.txt"), ("dir/", "upload"), (HOSTILE_NAME, HOSTILE_NAME)],
)
def test_safe_name_keeps_the_base_name_only(name: str, expected: str) -> None:
    assert corpus.safe_name(name) == expected


def test_safe_name_shortens_long_names_but_keeps_the_suffix() -> None:
    name = corpus.safe_name("é" * 300 + ".json")
    assert name.endswith(".json") and len(name.encode()) <= 200


def test_uploads_ingest_like_the_cli_and_bad_files_are_reported(tmp_path: Path) -> None:
    uploads = good_uploads()
    store = SqliteStore(tmp_path / "app")
    progress: list[float] = []
    outcomes = corpus.ingest_uploads(store, uploads + [(n, b) for n, b, _ in BAD], lambda f, _: progress.append(f))
    store.close()
    errors = [o.error for o in outcomes if o.error]
    assert len(errors) == len(BAD)
    for (_, _, expected), error in zip(BAD, errors, strict=True):
        assert error.startswith(expected) and "\n" not in error and "precedent-upload-" not in error
    ingested = [o for o in outcomes if not o.error]
    assert len(ingested) == len(uploads) - 1  # the CourtListener cluster and its opinion are one decision
    assert {o.file for o in ingested} >= {"dallas.html", "wester.pdf", SEEDS[0].name}
    assert progress == sorted(progress) and progress[-1] == 1.0

    files = tmp_path / "files"
    files.mkdir()
    for name, data in uploads:
        (files / name).write_bytes(data)
    assert cli(["ingest", "-q", "--db", str(tmp_path / "cli"), str(files)]) == 0
    for db in ("app", "cli"):
        assert cli(["export", "--db", str(tmp_path / db), "--out", str(tmp_path / f"{db}.json")]) == 0
    assert (tmp_path / "app.json").read_bytes() == (tmp_path / "cli.json").read_bytes()


def test_hostile_paths_stay_in_the_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    opinion = SEEDS[1].read_bytes()
    store = SqliteStore(tmp_path / "db")
    outcomes = corpus.ingest_uploads(store, [("../../escaped.txt", opinion), ("/tmp/abs.txt", b"x" * 20)])
    assert [o.file for o in outcomes] == ["escaped.txt", "abs.txt"] and not outcomes[0].error
    stored = store.case(outcomes[0].case_id)
    assert stored is not None and stored.source_file == "escaped.txt"
    store.close()
    assert not list(tmp_path.parent.parent.glob("escaped.txt")) and not Path("/tmp/abs.txt").exists()


def test_oversized_upload_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.read

    monkeypatch.setattr(ingest.read, "MAX_BYTES", 1000)
    store = SqliteStore(tmp_path / "db")
    (big,) = corpus.ingest_uploads(store, [("big.txt", SEEDS[0].read_bytes())])
    store.close()
    assert big.error is not None and big.error.startswith("big.txt: file is too large")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "db"
    assert cli(["ingest", "-q", "--db", str(db), *map(str, SEEDS)]) == 0
    return db


def test_downloads_are_the_cli_export(seed_db: Path, tmp_path: Path) -> None:
    store = SqliteStore(seed_db)
    for fmt, make in (("json", corpus.export_json), ("graphml", corpus.export_graphml)):
        out = tmp_path / f"x.{fmt}"
        assert cli(["export", "--db", str(seed_db), "--format", fmt, "--out", str(out)]) == 0
        assert make(store) == out.read_bytes()
    assert cli(["export", "--db", str(seed_db), "--format", "csv", "--out", str(tmp_path / "x.csv")]) == 0
    data = corpus.export_csv_zip(store)
    assert data == corpus.export_csv_zip(store)  # no timestamps: the same graph, the same bytes
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["nodes.csv", "edges.csv"]
        assert z.read("nodes.csv") == (tmp_path / "x.csv").read_bytes()
        assert z.read("edges.csv") == (tmp_path / "x_edges.csv").read_bytes()
    assert len(json.loads(corpus.export_json(store))["cases"]) == store.stats()["cases"]
    store.close()


# -- the page, through AppTest -----------------------------------------------------------------


def test_upload_on_an_empty_store_then_every_page_sees_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECEDENT_DB", str(tmp_path / "db"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.radio(key="page").set_value("Your corpus").run()
    assert not at.exception and not at.warning  # the one page an empty store can use
    assert not at.download_button  # nothing to download yet
    uploader = at.file_uploader[0]
    assert uploader.accept_multiple_files
    assert set(uploader.allowed_type) == {".txt", ".html", ".htm", ".xml", ".json", ".pdf"}
    files = [(p.name, p.read_bytes(), "text/plain") for p in SEEDS] + [(n, b, "application/json") for n, b, _ in BAD]
    uploader.set_value(files).run()
    at.button(key="corpus_ingest").click().run()
    assert not at.exception, at.exception
    store = open_store(tmp_path / "db")
    stats = store.stats()
    store.close()
    assert stats["opinions"] == 3 and stats["cases"] > 80
    assert [s.value for s in at.warning] == [  # some failed: not a green success
        f"Ingested 3 opinion(s); 3 failed. The store now holds {stats['cases']} cases and "
        f"{stats['citations']} citations."
    ]
    assert not at.success
    errors = [e.value for e in at.error]
    assert len(errors) == 3 and errors[0].startswith("layout.json\\: unknown JSON layout")
    assert errors[2].startswith("&lt;img src=x onerror=alert\\(1\\)&gt;.json\\:")  # escaped, shown as text
    assert not any("<img" in e for e in errors)
    sidebar = f"{stats['cases']} cases · {stats['citations']} citations · 3 opinions"
    assert sidebar in at.sidebar.caption[0].value  # caches were cleared
    assert list(at.dataframe[0].value["result"]) == ["ingested"] * 3 + ["error"] * 3
    assert at.file_uploader[0].value == []  # a fresh uploader for the next batch
    downloads = at.download_button
    assert [d.label for d in downloads] == ["JSON", "GraphML", "CSV (zip)"]
    assert all(d.proto.deferred_file_id and d.proto.ignore_rerun for d in downloads)  # built on click only
    at.sidebar.radio(key="page").set_value("Cases").run()
    assert "Will Co., Ltd. v. Lee (2022)</a>" in "".join(e.proto.body for e in at.get("html"))


def test_an_upload_that_ingests_nothing_is_an_error_not_a_success(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRECEDENT_DB", str(tmp_path / "db"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.radio(key="page").set_value("Your corpus").run()
    at.file_uploader[0].set_value([(n, b, "application/json") for n, b, _ in BAD]).run()
    at.button(key="corpus_ingest").click().run()
    assert not at.exception and not at.success
    assert at.error[0].value.startswith("Nothing was ingested. Ingested 0 opinion(s); 3 failed.")


def test_the_progress_bar_names_each_file_as_it_is_worked_on(tmp_path: Path) -> None:
    store = open_store(tmp_path / "db")
    seen: list[tuple[float, str]] = []
    corpus.ingest_uploads(store, [(p.name, p.read_bytes()) for p in SEEDS], lambda f, m: seen.append((f, m)))
    store.close()
    working = [m for _, m in seen if m.startswith("Ingesting ")]
    assert working[0] == f"Ingesting {SEEDS[0].name} (1 of 3)…" and len(working) == 3
    assert [f for f, _ in seen] == sorted(f for f, _ in seen) and seen[-1] == (1.0, "Done")
