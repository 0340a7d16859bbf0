"""End to end: real opinions in, the graph of EXPORT.md out, idempotent and crash-safe."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import yaml

from tests.conftest import FIXTURES, SEEDS, run_cli

sys.path.insert(0, str(FIXTURES / "gold"))
import score_export  # noqa: E402  (the project's scorer, copied beside its gold file)


def _by_name(export: dict, needle: str) -> list[dict]:
    return [c for c in export["cases"] if needle in c["name"]]


def test_parallel_citations_fold_into_one_case(seed_export: dict) -> None:
    calder = [c for c in seed_export["cases"] if "465 U.S. 783" in c["citations"]]
    assert len(calder) == 1
    assert {"465 U.S. 783", "104 S. Ct. 1482", "79 L. Ed. 2d 804"} <= set(calder[0]["citations"])
    assert calder[0]["name"] == "Calder v. Jones"


def test_one_node_per_decision_across_opinions(seed_export: dict) -> None:
    # Mavrix is cited in full by 000 and 001, and only by name never; it must be one node.
    mavrix = [c for c in seed_export["cases"] if "647 F.3d 1218" in c["citations"]]
    assert len(mavrix) == 1
    citing = {
        e["citing"] for e in seed_export["citations"] if e["cited"] == mavrix[0]["id"] and e["source"] == "direct"
    }
    assert len(citing) == 2
    # Int'l Shoe, cited in full by 000 and 001 and by stripped remnants in 004, is one node cited by all three.
    shoe = [c for c in seed_export["cases"] if "326 U.S. 310" in c["citations"]]
    assert len(shoe) == 1
    assert len({e["citing"] for e in seed_export["citations"] if e["cited"] == shoe[0]["id"]}) >= 3


def test_statutes_are_not_cases(seed_export: dict) -> None:
    assert not [c for c in seed_export["cases"] if "U.S.C." in " ".join(c["citations"]) or "§" in c["name"]]


def test_opinion_metadata_and_missing(seed_export: dict) -> None:
    op = next(c for c in seed_export["cases"] if c["source_file"] == "000_ab9c4de9583b9acb.txt")
    assert op["has_text"] and op["year"] == 2024 and op["court"] == "9th Cir."
    stripped = next(c for c in seed_export["cases"] if c["source_file"] == "004_4d4556a23a4afbea.txt")
    assert set(stripped["missing"]) >= {"caption", "court", "date"}


def test_seed_scores_meet_the_bar(seed_export: dict, tmp_path: Path) -> None:
    gold = yaml.safe_load((FIXTURES / "gold" / "seeds.yaml").read_text())
    two = dict(gold, opinions=[o for o in gold["opinions"] if not o["file"].startswith("004")])
    score_export._VOCAB = None
    _, overall = score_export.score(seed_export, two)
    assert overall["edge_recall"] >= 0.95 and overall["edge_precision"] >= 0.95
    stripped = dict(gold, opinions=[o for o in gold["opinions"] if o["file"].startswith("004")])
    score_export._VOCAB = None
    _, overall = score_export.score(seed_export, stripped)
    assert overall["edge_recall"] >= 0.95 and overall["edge_precision"] >= 0.90
    score_export._VOCAB = None
    _, overall = score_export.score(seed_export, gold)
    assert overall["second_order_recall"] >= 0.80
    assert overall["treatment_exact"] >= 0.85
    assert overall["followed_f1"] >= 0.80
    assert overall["distinguished_f1"] >= 0.70
    assert overall["doctrine_f1"] >= 0.60


def test_precedents_cited_for_a_doctrine(seed_db: Path, capsys) -> None:
    assert run_cli("doctrine", "pj.express_aiming", "--db", str(seed_db)) == 0
    out = capsys.readouterr().out
    assert out.startswith("Express aiming (pj.express_aiming):")
    assert "Calder v. Jones (1984)  [followed" in out
    assert "Will Co., Ltd. v. Lee (2022)  [followed" in out
    assert run_cli("doctrine", "express", "--db", str(seed_db)) == 2
    assert "did you mean" in capsys.readouterr().err


def _export(db: Path) -> bytes:
    out = db.parent / f"{db.name}.json"
    assert run_cli("export", "--db", str(db), "--out", str(out)) == 0
    return out.read_bytes()


def test_reingest_is_idempotent_and_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "db"
    files = [str(p) for p in SEEDS]
    assert run_cli("ingest", "-q", "--db", str(db), *files) == 0
    first = _export(db)
    assert run_cli("ingest", "-q", "--db", str(db), *files) == 0
    assert _export(db) == first
    doc = json.loads(first)
    ids = [c["id"] for c in doc["cases"]]
    assert len(ids) == len(set(ids))


def test_sigkill_mid_ingest_then_rerun_gives_the_clean_export(tmp_path: Path) -> None:
    files = [str(p) for p in SEEDS] + [
        str(FIXTURES / "texts" / "02_hogarth_v_bell_ednc_2025.txt"),
        str(FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt"),
    ]
    clean = tmp_path / "clean"
    assert run_cli("ingest", "-q", "--db", str(clean), *files) == 0
    expected = _export(clean)

    killed = tmp_path / "killed"
    cmd = [
        sys.executable,
        "-c",
        # one opinion analysed, and stored, at a time, so the kill lands between commits (findings ready
        # together are stored in one transaction: two workers, or one fast machine, store all five at once)
        "import sys, ingest.pipeline as p; p._STORE_AT_ONCE = 1; from cli import main; sys.exit(main(sys.argv[1:]))",
        "ingest",
        "-q",
        "--jobs",
        "1",
        "--db",
        str(killed),
        *files,
    ]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).parent.parent, env=dict(os.environ))
    deadline = time.time() + 60
    committed = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(killed / "graph.sqlite", timeout=0.1) as db:
                committed = db.execute("SELECT count(*) FROM findings").fetchone()[0]
        except sqlite3.Error:
            committed = 0
        if committed >= 1:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(killed / "graph.sqlite") as db:  # readable, and only whole opinions in it
        partial = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    assert 1 <= partial < len(files)
    assert run_cli("ingest", "-q", "--db", str(killed), *files) == 0
    assert _export(killed) == expected


_INHERITED = """
import os, sys
from pathlib import Path
import ingest.pipeline as p
from ingest import doctrine, treatment
from ingest.read import iter_opinions
work = p._work
def inherited(item, budget):  # what this worker holds before it analyses the item
    held = doctrine.default_taxonomy.cache_info().currsize, treatment.load_cues.cache_info().currsize
    os.write(1, f"{held[0]} {held[1]}\\n".encode())  # one write a line: the workers print side by side
    return work(item, budget)
p._work = inherited
assert all(d.stored for d in p._analysed(iter_opinions([Path(a) for a in sys.argv[1:]], defer=True), 2, 120)
           if isinstance(d, p._Done))
"""


def test_worker_processes_inherit_the_taxonomy_and_cues_loaded_once_before_they_fork() -> None:
    files = [str(FIXTURES / "texts" / "02_hogarth_v_bell_ednc_2025.txt"), str(SEEDS[0]), str(SEEDS[1])]
    run = subprocess.run([sys.executable, "-c", _INHERITED, *files], cwd=Path(__file__).parent.parent,
                         capture_output=True, text=True, check=True)
    assert run.stdout.split("\n")[:-1] == ["1 1"] * len(files)  # (each would read them first: "0 0")


def test_whole_corpus_ingests_without_error(tmp_path: Path) -> None:
    db = tmp_path / "db"
    assert run_cli("ingest", "-q", "--db", str(db), str(FIXTURES / "texts"), str(FIXTURES / "formats")) == 0
    doc = json.loads(_export(db))
    # 16 opinions; the CAP JSON and the text of one decision meet in one node by its own citation.
    assert sum(c["has_text"] for c in doc["cases"]) >= 12
    assert len([c for c in doc["cases"] if "444 N.J. Super. 423" in c["citations"]]) == 1
    # Naranjo's text cites itself ("People v. Naranjo, 200 Colo. 11, 612 P.2d 1106" in its header): no second node.
    assert len([c for c in doc["cases"] if "612 P.2d 1106" in c["citations"]]) == 1
    assert not [e for e in doc["citations"] if e["citing"] == e["cited"]]
    # The Noem text and its CourtListener JSON differ in caption but share docket 24A949: one node.
    noem = [c for c in doc["cases"] if c["has_text"] and "Noem" in c["name"]]
    assert len(noem) == 1


def test_bad_files_fail_alone(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "broken.json").write_text('{"plain_text": "x",')
    (bad / "good.txt").write_text((FIXTURES / "texts" / "08_noem_v_abrego_garcia_scotus_2025.txt").read_text())
    db = tmp_path / "db"
    assert run_cli("ingest", "-q", "--db", str(db), str(bad)) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "broken.json" in err
    doc = json.loads(_export(db))
    assert [c["source_file"] for c in doc["cases"] if c["has_text"]] == ["good.txt"]


def test_cli_help_on_every_subcommand() -> None:
    for sub in ("ingest", "export", "stats", "app"):
        out = subprocess.run(
            [sys.executable, "-c", "import sys; from cli import main; sys.exit(main(sys.argv[1:]))", sub, "--help"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        assert out.returncode == 0 and "usage: precedent" in out.stdout


def test_the_app_on_an_empty_store_ingests_the_demo_corpus_first(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """The README's first command: `precedent app` on a fresh checkout fills the store from data/corpus, then
    serves (streamlit itself is not started here)."""
    import cli
    from graph.sqlite_store import SqliteStore

    served = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: served.append(cmd) or 0)
    monkeypatch.setattr(cli, "port_taken", lambda address, port: None)
    assert run_cli("app", "--db", str(tmp_path / "db"), "--headless") == 0
    assert served and "streamlit" in served[0]
    store = SqliteStore(tmp_path / "db")
    assert store.stats()["opinions"] == 3
    store.close()
