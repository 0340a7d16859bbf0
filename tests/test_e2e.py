"""The real app in a real browser: `streamlit run app.py` driven by headless Chromium.

AppTest checks what the pages send; this checks what a person gets: the pyvis
graph actually draws, chains and search results show, and markup in an opinion
never runs (its `window.__pwned` stays undefined in the page and in every frame)
but is shown as text. Needs Debian's chromium and chromium-driver (.ci/run
installs them); without them the test skips and says so.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from cli import main as cli

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "fixtures" / "texts").glob("00[014]_*.txt"))
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1400,1000")
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
# The caption's img tag is in capitals (HTML does not care) because the caption reader
# only takes parties whose words are capitalised.
CAPTION = 'Mallory <script>window.__pwned=1</script> v. Hacker <IMG SRC=x ONERROR="window.__pwned=2">'
HOSTILE = f"""Caption: {CAPTION}
Court: United States Court of Appeals for the Ninth Circuit
Date: 2025-03-03

OPINION

The defendant ran a website {SCRIPT} that it aimed at viewers in California. Under Calder v. Jones, 465 U.S.
783 (1984), a defendant who expressly aimed intentional conduct at the forum state, causing harm it knew was
likely to be suffered there, has purposefully directed its activities at the forum. {IMG} A website operator
that courts an audience in the forum expressly aims its conduct there. Will Co. v. Lee, 47 F.4th 917, 922
(9th Cir. 2022). We follow Will and hold that the express
aiming requirement is met here.
"""
TIMEOUT = 30


def browser_missing() -> str | None:
    """Why the browser test cannot run here, or None."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not shutil.which(path):
            return f"{path} not found: install Debian's {package} (apt-get install -y chromium chromium-driver)"
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().strip() == b"ok"
    except OSError:
        return False


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving a store of the three seed opinions and a hostile one, on a free local port."""
    if reason := browser_missing():
        pytest.skip(reason)
    from selenium.webdriver.support.ui import WebDriverWait

    tmp = tmp_path_factory.mktemp("e2e")
    hostile = tmp / "hostile.txt"
    hostile.write_text(HOSTILE)
    assert cli(["ingest", "-q", "--db", str(tmp / "db"), *map(str, SEEDS), str(hostile)]) == 0
    port = free_port()
    env = dict(os.environ, PRECEDENT_DB=str(tmp / "db"))
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = (tmp / "streamlit.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        WebDriverWait(proc, TIMEOUT, poll_frequency=0.2).until(
            lambda p: p.poll() is not None or healthy(url), "the app did not start")
        assert proc.poll() is None, (tmp / "streamlit.log").read_text()
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def driver(app_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    d.get(app_url)
    yield d
    d.quit()


# -- driving Streamlit by what a person sees: labels and text ---------------------------------


def wait(d: Any, condition: Callable[[Any], Any], message: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, TIMEOUT, poll_frequency=0.2).until(condition, message)


def xpath_text(s: str) -> str:
    """`s` as an XPath string literal (concat() when it holds both kinds of quote)."""
    if "'" not in s:
        return f"'{s}'"
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in s.split("'")) + ")"


def main_text(d: WebDriver) -> str:
    from selenium.webdriver.common.by import By

    return d.find_element(By.CSS_SELECTOR, "[data-testid=stMain]").text


def settled(d: WebDriver) -> None:
    """Wait until the script run has finished drawing: no stale elements, skeletons or "Running…" left."""
    busy = """return document.querySelectorAll('[data-stale="true"], [data-testid="stSkeleton"]').length
        + Array.from(document.querySelectorAll('[data-testid="stStatusWidget"]'))
            .filter(e => /running/i.test(e.textContent)).length"""
    wait(d, lambda d: d.execute_script(busy) == 0, "the page never settled")


def goto(d: WebDriver, page: str) -> None:
    """Click a page in the sidebar and wait for its header."""
    from selenium.webdriver.common.by import By

    radio = f"//section[@data-testid='stSidebar']//label[@data-testid='stRadioOption'][normalize-space(.)='{page}']"
    wait(d, lambda d: d.find_element(By.XPATH, radio), f"no {page} in the sidebar").click()
    heading = "Case" if page == "Case page" else page
    header = f"//*[@data-testid='stMain']//*[@data-testid='stHeading']//h2[normalize-space(.)='{heading}']"
    if page != "Case page":  # the Case page's header is the case's name
        wait(d, lambda d: d.find_elements(By.XPATH, header), f"the {page} page did not show")
    wait(d, lambda d: d.find_elements(By.XPATH, f"//input[@role='combobox'] | {header}"), f"{page} is empty")
    settled(d)


def choose(d: WebDriver, label: str, text: str) -> None:
    """Pick the option containing `text` in the select box labelled `label`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = wait(d, lambda d: d.find_element(By.XPATH, f"//input[@role='combobox'][@aria-label='{label}']"),
               f"no select box {label!r}")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text)
    option = f"//*[@role='option'][contains(normalize-space(.), {xpath_text(text)})]"
    wait(d, lambda d: d.find_element(By.XPATH, option), f"no option {text!r} in {label!r}").click()
    wait(d, lambda d: text in (d.find_element(By.XPATH, f"//input[@aria-label='{label}']").get_attribute("value")
                               or ""), f"{label!r} did not take {text!r}")
    settled(d)


def pwned(d: WebDriver) -> list[str]:
    """Where `window.__pwned` got set: the page itself or any of its frames."""
    from selenium.webdriver.common.by import By

    probe = "return typeof window.__pwned === 'undefined' ? null : String(window.__pwned);"
    hits = [f"page: {v}"] if (v := d.execute_script(probe)) else []
    for i, frame in enumerate(d.find_elements(By.TAG_NAME, "iframe")):
        d.switch_to.frame(frame)
        try:
            if v := d.execute_script(probe):
                hits.append(f"frame {i}: {v}")
        finally:
            d.switch_to.default_content()
    return hits


def _in_order(line: str, *names: str) -> bool:
    at = [line.find(n) for n in names]
    return -1 not in at and at == sorted(at)


# -- the test ------------------------------------------------------------------------------------


def test_pages_in_a_real_browser(driver: WebDriver) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = driver
    wait(d, lambda d: "4 opinions" in d.find_element(By.CSS_SELECTOR, "[data-testid=stSidebar]").text,
         "the sidebar never showed the store's counts")
    assert not pwned(d)

    # Doctrine map: the pyvis graph draws inside its frame.
    goto(d, "Doctrine map")
    frame = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=stMain] iframe"), "no graph frame")
    d.switch_to.frame(frame)
    try:
        wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#mynetwork canvas"), "the graph drew no canvas")
        nodes = wait(d, lambda d: d.execute_script(
            "return typeof network !== 'undefined' && network.body.data.nodes.length"), "vis network not built")
        assert nodes >= 3
        assert d.execute_script("return typeof window.__pwned") == "undefined"
    finally:
        d.switch_to.default_content()
    assert not pwned(d)

    # Lineage of Will Co. v. Lee: Calder before it, WebGroup after it.
    goto(d, "Lineage")
    choose(d, "Case", "Will Co.")
    wait(d, lambda d: any(_in_order(line, "Calder v. Jones", "Will Co.", "Webgroup")
                          for line in main_text(d).splitlines()), "no chain Calder → Will → WebGroup")

    # Search: the hostile passage comes back, its markup as text.
    goto(d, "Search")
    box = d.find_element(By.XPATH, "//input[@aria-label='Fact pattern or legal words']")
    box.send_keys("website operator aimed at viewers in California", Keys.ENTER)
    wait(d, lambda d: "passage(s)" in main_text(d), "the search returned nothing")
    wait(d, lambda d: IMG in main_text(d), "the passage's markup is not shown as text")
    assert not pwned(d)

    # Case page of the hostile opinion: its caption is text, nothing ran.
    goto(d, "Case page")
    choose(d, "Case", "Mallory")
    header = "//*[@data-testid='stMain']//*[@data-testid='stHeading']//h2"
    wait(d, lambda d: SCRIPT in d.find_element(By.XPATH, header).text, "the hostile caption is not shown as text")
    assert CAPTION in d.find_element(By.XPATH, header).text
    assert not pwned(d)


def _after(lines: list[str], start: int, prefix: str) -> str:
    """The first line from `start` on that begins with `prefix` (before the next quoted holding)."""
    for line in lines[start + 1:]:
        if line.startswith(prefix):
            return line
    return ""


def test_case_page_leads_with_holdings_and_what_they_rest_on(driver: WebDriver, tmp_path: Path) -> None:
    d = driver
    goto(d, "Case page")
    choose(d, "Case", "Webgroup")
    wait(d, lambda d: "Holdings (" in main_text(d), "the case page shows no holdings")
    text = main_text(d)
    assert text.index("Holdings (") < text.index("Cited by (")  # the holdings lead the page
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "under Will, constitutes express aiming" in line)
    backing, contra = _after(lines, at, "Supported by:"), _after(lines, at, "Distinguished:")
    assert all(name in backing for name in ("Will Co.", "Mavrix", "Ayla")), backing
    assert "AMA Multimedia" in contra and "AMA Multimedia" not in backing, contra
    assert lines.index(backing) < lines.index(contra)
    from selenium.webdriver.common.by import By

    quote = d.find_element(By.XPATH, "//blockquote[contains(., 'constitutes express aiming')]")
    d.execute_script("arguments[0].scrollIntoView({block: 'start'});", quote)
    d.save_screenshot(str(tmp_path / "case_page_holdings.png"))
    assert not pwned(d)
