"""The stripped reader on opinions it was not written against: corpus opinions stripped the way seed 004
was (bench/strip.py), scored against their originals' gold with the project's scorer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from tests.conftest import FIXTURES, run_cli

sys.path.insert(0, str(FIXTURES / "gold"))
sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import score_export  # noqa: E402
import strip  # noqa: E402  (bench/strip.py)

STRIPPED = FIXTURES / "stripped"


def test_the_copies_are_what_the_generator_makes() -> None:
    for copy in sorted(STRIPPED.glob("*_stripped.txt")):
        original = FIXTURES / "texts" / copy.name.replace("_stripped", "")
        assert strip.strip(original.read_text()) == copy.read_text()


def test_stripped_copies_of_corpus_opinions_meet_the_bar(tmp_path: Path) -> None:
    db, out = str(tmp_path / "db"), tmp_path / "x.json"
    copies = sorted(map(str, STRIPPED.glob("*_stripped.txt")))
    assert len(copies) == 5
    assert run_cli("ingest", "-q", "--db", db, *copies) == 0
    assert run_cli("export", "--db", db, "--out", str(out)) == 0
    score_export._VOCAB = None
    gold = yaml.safe_load((STRIPPED / "gold.yaml").read_text())
    _, overall = score_export.score(json.loads(out.read_text()), gold)
    assert overall["edge_recall"] >= 0.80 and overall["edge_precision"] >= 0.80, overall


def _stripped_names(name: str) -> list[str]:
    from ingest.models import Opinion
    from ingest.stripped import find_stripped

    text = (STRIPPED / name).read_text()
    ext = find_stripped(Opinion(text=text, source_file=name, format="text"), [])
    return [a.name or "" for a in ext.authorities]


def test_a_signal_then_names_closed_by_a_period_is_a_citation() -> None:
    names = _stripped_names("02_hogarth_v_bell_ednc_2025_stripped.txt")
    assert "Murthy Missouri" in names  # "see murthy missouri." (Murthy v. Missouri, 603 U.S. 43: nothing left)
    assert "Babbitt United Farm Workers Nat'l Union" in names
    assert not [n for n in names if "Mcmunigal" in n]


def test_the_header_names_people_not_decisions() -> None:
    names = _stripped_names("05_dallas_sales_v_carlisle_silver_texapp_2004_stripped.txt")
    assert not [n for n in names if "Crouch" in n or "Pollack" in n or n.startswith("Dallas Sales")]
    assert "Thompson Contl. Airlines" in names  # "thompson contl.airlines,d": "contl." abbreviates
    wester = _stripped_names("07_wester_v_mo_dept_labor_moapp_2004_stripped.txt")
    assert "Western Elec. Indus. Comm'n" in wester  # "comm n" was "Comm'n"


def test_a_pins_footnote_remnant_is_not_the_next_name() -> None:
    # "coastal plains,at n.natl.loan investors,at" (Coastal Plains, 179 F.3d at 206 n.3; Natl. Loan Investors,
    # 79 S.W.3d at 636) and "thompson,at n.stewart hardie,d": the "n." is the pin's footnote
    names = _stripped_names("05_dallas_sales_v_carlisle_silver_texapp_2004_stripped.txt")
    assert not [n for n in names if n.startswith("N. ")], names
    assert [n for n in names if "Loan Investors" in n] == ["Natl. Loan Investors v. L. P. Taylor"]  # one decision
    assert "Stewart Hardie" in names


def test_a_one_word_caption_the_store_knows_does_not_take_a_longer_run() -> None:
    # Seed 004's "doe med,cir" (Doe v. National Medical Services) beside corpus 05's Star-Telegram, Inc. v. Doe,
    # whose caption the text breaks ("Star-Tele gram, Inc. v. Doe") and the reader gives as "Inc. v. Doe"
    from ingest.models import Opinion
    from ingest.stripped import find_stripped

    text = (FIXTURES / "texts" / "004_4d4556a23a4afbea.txt").read_text()
    known = [("c-915-s-w-2d-471", "Inc. v. Doe"), ("c-466-u-s-408", "Helicopteros Nacionales de Colombia v. Hall")]
    names = [a.name for a in find_stripped(Opinion(text=text, source_file="004.txt", format="text"), known).authorities]
    assert "Inc. v. Doe" not in names and "Doe Med" in names
    assert "Helicopteros Nacionales de Colombia v. Hall" in names  # a caption that holds the run still matches
