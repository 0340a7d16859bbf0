"""Screenshots of every page, taken by headless Chromium on the three seed opinions, for docs/screenshots/.

    python bench/screenshots.py [OUT_DIR]

Starts the real app on a temporary store, drives it the way tests/test_e2e.py
does (same helpers) and saves one PNG per page at 1400x1000, palette-reduced
when a page would be over ~300 KB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this folder's ingest.py would otherwise hide the `ingest` package

from PIL import Image  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402

from cli import main as cli  # noqa: E402
from tests.test_e2e import (  # noqa: E402
    CHROMEDRIVER,
    CHROMIUM,
    CHROMIUM_FLAGS,
    SEEDS,
    browser_missing,
    choose,
    free_port,
    goto,
    healthy,
    main_text,
    settled,
    wait,
)

MAX_BYTES = 300_000
QUERY = "website operator content delivery network"


def save(d: WebDriver, out: Path, name: str) -> None:
    """The viewport as a PNG, quantized to 256 colours if it is too large (text stays sharp)."""
    path = out / f"{name}.png"
    d.save_screenshot(str(path))
    if path.stat().st_size > MAX_BYTES:
        Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"{path} ({path.stat().st_size // 1024} KB)")


def scroll_to(d: WebDriver, xpath: str) -> None:
    d.execute_script("arguments[0].scrollIntoView({block: 'start'});", d.find_element(By.XPATH, xpath))


def graph_settled(d: WebDriver) -> None:
    """Wait until the pyvis graph in the page's frame has finished laying itself out."""
    d.switch_to.frame(wait(d, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=stMain] iframe"), "no graph"))
    try:
        wait(d, lambda d: d.execute_script(
            "return typeof network !== 'undefined' && network.physics.stabilized !== false"
            " && !network.physics.stabilizationInterval && network.body.data.nodes.length > 0"), "graph unsettled")
    finally:
        d.switch_to.default_content()


def take(d: WebDriver, url: str, out: Path, upload: list[Path]) -> None:
    d.get(url)
    wait(d, lambda d: "3 opinions" in d.find_element(By.CSS_SELECTOR, "[data-testid=stSidebar]").text, "no store")
    wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=stDataFrame] canvas")) >= 2, "no tables")
    settled(d)
    save(d, out, "cases")

    goto(d, "Case page")
    choose(d, "Case", "Will Co.")
    wait(d, lambda d: d.find_element(By.XPATH, "//*[@data-testid='stMain']//h2").text.startswith("Will Co."),
         "no case page for Will")
    settled(d)
    save(d, out, "case_page")

    goto(d, "Doctrine map")
    choose(d, "Doctrine (with everything under it)", "(pj.express_aiming)")
    wait(d, lambda d: "Precedents relied on" in main_text(d), "no ranking")
    graph_settled(d)
    scroll_to(d, "//*[@data-testid='stHeading'][.//h3[normalize-space(.)='Citation graph']]")
    save(d, out, "doctrine_map")

    goto(d, "Lineage")
    choose(d, "Case", "Will Co.")
    wait(d, lambda d: "chain(s)" in main_text(d), "no chains")
    save(d, out, "lineage")

    goto(d, "Search")
    d.find_element(By.XPATH, "//input[@aria-label='Fact pattern or legal words']").send_keys(QUERY, Keys.ENTER)
    wait(d, lambda d: "passage(s)" in main_text(d), "no results")
    settled(d)
    save(d, out, "search")

    goto(d, "Your corpus")
    files = d.find_element(By.CSS_SELECTOR, "[data-testid=stFileUploader] input[type=file]")
    files.send_keys("\n".join(str(p) for p in upload))
    button = "//button[starts-with(normalize-space(.), 'Ingest ')]"
    wait(d, lambda d: d.find_element(By.XPATH, button), "no ingest button").click()
    wait(d, lambda d: "now holds" in main_text(d), "no ingest summary")
    settled(d)
    save(d, out, "corpus")


def main(out: Path) -> None:
    if reason := browser_missing():
        sys.exit(reason)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "db"
        assert cli(["ingest", "-q", "--db", str(db), *map(str, SEEDS)]) == 0
        bad = Path(tmp) / "notes.json"
        bad.write_text('{"title": "my notes"}')
        port = free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--client.toolbarMode", "minimal"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ, PRECEDENT_DB=str(db)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        options = Options()
        options.binary_location = CHROMIUM
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'chromium'}"):
            options.add_argument(flag)
        d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            url = f"http://127.0.0.1:{port}"
            wait(proc, lambda p: p.poll() is not None or healthy(url), "the app did not start")
            take(d, url, out, [SEEDS[0], bad])
        finally:
            d.quit()
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
