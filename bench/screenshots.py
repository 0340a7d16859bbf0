"""Screenshots of the app for docs/screenshots/, taken by the browser tests themselves.

    python bench/screenshots.py [OUT_DIR]

Runs tests/test_e2e.py with $PRECEDENT_SCREENSHOTS pointing at OUT_DIR: each of
the five questions of issue 15 ends in a screenshot (a_… to e_…), and every
page is shot at a desktop's width and at a phone's (page_… and phone_…), so the
pictures are always of what the tests checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PRECEDENT_SCREENSHOTS=str(out.resolve()))
    return subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/test_e2e.py"], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
