"""The real app in a real browser: `streamlit run app.py` driven by headless Chromium.

AppTest checks what the pages send; this checks what a person gets, driving only
clicks and typing: the five questions of a law student (issue 15), each ending in
a screenshot, links that open cases and a back button that walks back, a graph
node that opens its case when clicked, each page at a phone's width, and markup
in an opinion that never runs (its `window.__pwned` stays undefined in the page
and in every frame) but is shown as text. One app server for the module.

Screenshots go to $PRECEDENT_SCREENSHOTS (bench/screenshots.py points it at
docs/screenshots), else to a temporary folder. Needs Debian's chromium and
chromium-driver (.ci/run installs them); without them the test skips and says so.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from cli import main as cli

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

try:  # the names the tests below use; without selenium the module's fixture skips first
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:  # pragma: no cover
    pass

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


@contextmanager
def serving(db: Path, logs: Path) -> Iterator[str]:
    """`streamlit run app.py` on the store at `db`, on a free local port, for the length of the block."""
    from selenium.webdriver.support.ui import WebDriverWait

    port = free_port()
    env = dict(os.environ, PRECEDENT_DB=str(db))
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    log = (logs / "streamlit.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        WebDriverWait(proc, TIMEOUT, poll_frequency=0.2).until(
            lambda p: p.poll() is not None or healthy(url), "the app did not start")
        assert proc.poll() is None, (logs / "streamlit.log").read_text()
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def app_on(tmp_path_factory: pytest.TempPathFactory, name: str, files: list[Path], hostile: str = "") -> Iterator[str]:
    """The app serving a fresh store of `files` (and of a `hostile` opinion's text), on a free local port;
    the test is skipped where there is no browser."""
    if reason := browser_missing():
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp(name)
    if hostile:
        (tmp / "hostile.txt").write_text(hostile)
        files = [*files, tmp / "hostile.txt"]
    assert cli(["ingest", "-q", "--db", str(tmp / "db"), *map(str, files)]) == 0
    with serving(tmp / "db", tmp) as url:
        yield url


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app serving a store of the three seed opinions and a hostile one."""
    with app_on(tmp_path_factory, "e2e", list(SEEDS), HOSTILE) as url:
        yield url


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


def wait(d: Any, condition: Callable[[Any], Any], message: str, timeout: float = TIMEOUT) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, timeout, poll_frequency=0.2).until(condition, message)


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
    time.sleep(0.3)  # a rerun that a click or a key has just asked for has started by now
    wait(d, lambda d: d.execute_script(busy) == 0, "the page never settled")


def goto(d: WebDriver, page: str) -> None:
    """Click a page in the sidebar and wait for its header."""
    from selenium.webdriver.common.by import By

    radio = f"//section[@data-testid='stSidebar']//label[@data-testid='stRadioOption'][normalize-space(.)='{page}']"
    wait(d, lambda d: d.find_element(By.XPATH, radio), f"no {page} in the sidebar").click()
    heading = page
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
    box = d.find_element(By.XPATH, "//input[@aria-label='Case name, doctrine or fact pattern']")
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


# -- the five questions (issue 15), each driven by clicks and typing, each ending in a screenshot ------------

OTHER_FIELD = sorted((ROOT / "tests" / "fixtures" / "texts").glob("0[23]_*.txt"))  # two election-law opinions
_CITE_ONLY = re.compile(r"^\d+\s+[A-Z][\w. ]*\s+\d+$")  # a node named by nothing but its reporter citation


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = Path(os.environ.get("PRECEDENT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    return out


def shoot(d: WebDriver, out: Path, name: str) -> Path:
    """The viewport as a PNG (palette-reduced when large: text stays sharp)."""
    path = out / f"{name}.png"
    d.save_screenshot(str(path))
    if path.stat().st_size > 350_000:
        from PIL import Image

        Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    assert path.stat().st_size > 5_000
    return path


def fresh(d: WebDriver, url: str) -> None:
    """Open the app anew (a new session), as a reader typing its address would."""
    d.get(url)
    wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-testid=stSidebar]"), "the app did not load")
    settled(d)


def click_link(d: WebDriver, text: str, within: str = "//*[@data-testid='stMain']") -> None:
    """Click the first link whose text contains `text`, and wait for the page it opens."""
    link = wait(d, lambda d: next((a for a in d.find_elements(By.XPATH, f"{within}//a[contains(., {xpath_text(text)})]")
                                   if a.is_displayed()), None), f"no link {text!r}")
    before = d.current_url
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
    link.click()
    wait(d, lambda d: d.current_url != before, f"the link {text!r} opened nothing")
    settled(d)


def show(d: WebDriver, xpath: str) -> None:
    """Scroll the visible element at `xpath` to the top of the window, for a screenshot of what matters."""
    el = next(e for e in d.find_elements(By.XPATH, xpath) if e.is_displayed())
    d.execute_script("arguments[0].scrollIntoView({block: 'start'});", el)


def header(d: WebDriver) -> str:
    return wait(d, lambda d: d.find_element(By.XPATH, "//*[@data-testid='stMain']//*[@data-testid='stHeading']//h2"),
                "no page header").text


def type_search(d: WebDriver, words: str) -> None:
    goto(d, "Search")
    box = d.find_element(By.XPATH, "//input[@aria-label='Case name, doctrine or fact pattern']")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(words, Keys.ENTER)
    wait(d, lambda d: "q=" in d.current_url, "the search did not run")
    settled(d)


def tab(d: WebDriver, starts: str) -> None:
    t = wait(d, lambda d: d.find_element(By.XPATH, f"//*[@role='tab'][starts-with(normalize-space(.), '{starts}')]"),
             f"no tab {starts!r}")
    t.click()
    settled(d)


def section(d: WebDriver, title: str) -> str:
    """The text of the visible tab panel under its subheader `title` (up to the next subheader)."""
    text = main_text(d)
    at = text.find(title)
    assert at >= 0, f"no section {title!r}"
    rest = text[at + len(title):]
    nxt = re.search(r"\n(Followed|Distinguished|Cited|Overruled|Criticized|Questioned|Declined) \(\d+\)\n", rest)
    return rest[: nxt.start()] if nxt else rest


def test_a_webgroup_express_aiming_and_the_one_it_distinguished(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    fresh(d, app_url)
    type_search(d, "webgroup")
    click_link(d, "Webgroup")
    assert "Webgroup" in header(d) and "case=o-czech" in d.current_url  # an address that can be shared
    tab(d, "Cites")
    distinguished = section(d, "Distinguished (1)")
    assert "AMA Multimedia, LLC v. Wanat" in distinguished and "distinguished, followed" in distinguished
    assert "Express aiming" in distinguished
    show(d, "//h3[starts-with(normalize-space(.), 'Distinguished (1)')]")
    shoot(d, shots, "a_webgroup_case_page")
    click_link(d, "Express aiming")  # the doctrine, by its label
    assert "page=doctrines" in d.current_url and "doctrine=pj.express_aiming" in d.current_url
    table = wait(d, lambda d: d.find_element(By.XPATH, "//table[.//th[normalize-space(.)='precedent']]"), "no table")
    rows = {r.find_elements(By.TAG_NAME, "td")[1].text: [c.text for c in r.find_elements(By.TAG_NAME, "td")]
            for r in table.find_elements(By.XPATH, ".//tbody/tr")}
    relied = {"Will Co., Ltd. v. Lee (2022)", "Calder v. Jones (1984)",
              "Mavrix Photo, Inc. v. Brand Techs., Inc. (2011)"}
    assert relied <= set(rows)
    ama = rows["AMA Multimedia, LLC v. Wanat (2020)"]
    assert ama[4] == "1"  # distinguished once: by WebGroup
    shoot(d, shots, "a_express_aiming_map")
    # a click on the graph's Will node opens Will's page
    frame = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=stMain] iframe"), "no graph frame")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'});", frame)
    d.switch_to.frame(frame)
    try:
        wait(d, lambda d: d.execute_script("return typeof network !== 'undefined' && !network.physics.options.enabled"),
             "the graph never settled")
        xy = d.execute_script("""var id = network.body.data.nodes.get().find(n => n.id === 'c-47-f-4th-917').id;
            var p = network.getPositions([id])[id]; var c = network.canvasToDOM(p); return [c.x, c.y];""")
        canvas = d.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
        size = canvas.size
        ActionChains(d).move_to_element_with_offset(canvas, xy[0] - size["width"] / 2, xy[1] - size["height"] / 2
                                                    ).click().perform()
    finally:
        d.switch_to.default_content()
    wait(d, lambda d: "case=c-47-f-4th-917" in d.current_url, "clicking the Will node did not open its page")
    settled(d)
    assert header(d) == "Will Co., Ltd. v. Lee"
    d.back()  # the back button returns to the map
    wait(d, lambda d: "page=doctrines" in d.current_url, "back did not return to the map")
    settled(d)
    assert header(d) == "Doctrine map"


def test_b_lineage_calder_mavrix_will_webgroup_on_the_timeline(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    fresh(d, app_url)
    goto(d, "Timeline")
    d.find_element(By.XPATH, "//label[@data-testid='stRadioOption'][normalize-space(.)=\"A case's lineage\"]").click()
    settled(d)
    choose(d, "Case", "Webgroup")
    frame = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=stMain] iframe"), "no timeline drawn")
    d.execute_script("arguments[0].scrollIntoView({block: 'start'});", frame)
    names = ["Calder v. Jones (1984)", "Mavrix Photo, Inc. v. Brand Techs., Inc. (2011)",
             "Will Co., Ltd. v. Lee (2022)", "Doe v. Webgroup Czech Republic, A.S. (2024)"]
    d.switch_to.frame(frame)
    try:
        drawing = wait(d, lambda d: d.find_element(By.ID, "timeline"), "no timeline in the frame")
        rows = [drawing.find_element(By.XPATH, f".//a[normalize-space(.)={xpath_text(n)}]") for n in names]
        ys = [r.location["y"] for r in rows]
        assert ys == sorted(ys) and len(set(ys)) == 4  # one row each, oldest first
        xs = d.execute_script("return ['c-465-u-s-783', 'c-647-f-3d-1218', 'c-47-f-4th-917'].map(id => "
                              "+document.querySelector('circle[data-case=\"' + id + '\"]').getAttribute('cx'))")
        assert xs[0] < xs[1] < xs[2]  # placed along the year axis
        strokes = d.execute_script("return Array.from(document.querySelectorAll('#timeline path[stroke]'))"
                                   ".map(p => [p.getAttribute('stroke'), p.getAttribute('stroke-dasharray')])")
        assert ["#2e9d48", None] in strokes  # followed
        assert ["#f08c00", "6 4"] in strokes  # the branch where WebGroup distinguished AMA Multimedia
        assert "AMA Multimedia" in drawing.text
    finally:
        d.switch_to.default_content()
    shoot(d, shots, "b_lineage_timeline")
    before = d.current_url
    d.switch_to.frame(frame)
    try:
        d.find_element(By.XPATH, "//a[starts-with(normalize-space(.), 'Mavrix Photo')]").click()
    finally:
        d.switch_to.default_content()
    wait(d, lambda d: d.current_url != before, "clicking a case on the timeline opened nothing")
    settled(d)
    assert header(d) == "Mavrix Photo, Inc. v. Brand Techs., Inc."


def test_c_dudnikov_bancroft_and_yahoo(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    fresh(d, app_url)
    type_search(d, "dudnikov")
    assert "its text mentions it" in main_text(d)
    click_link(d, "Untitled opinion")
    box = wait(d, lambda d: d.find_element(By.XPATH, "//input[@aria-label='Case name']"), "no way to name it")
    box.send_keys("Dudnikov v. Chalk & Vermilion Fine Arts, Inc.")
    box.send_keys(Keys.TAB)
    save = "//button[normalize-space(.)='Save name']"
    wait(d, lambda d: d.find_element(By.XPATH, save).is_enabled(), "the name did not take")  # after the rerun
    settled(d)
    d.find_element(By.XPATH, save).click()
    wait(d, lambda d: header(d) == "Dudnikov v. Chalk & Vermilion Fine Arts, Inc.", "the name was not saved")
    settled(d)
    selected = d.find_element(By.XPATH, "//*[@role='tab'][@aria-selected='true']").text
    assert selected.startswith("Cites (")  # it opened on its own: nothing in the store cites Dudnikov
    followed = section(d, "Followed (")
    assert "Bancroft" in followed
    i = followed.find("Bancroft")
    assert "followed" in followed[i:i + 200]
    show(d, "//*[@role='tab'][@aria-selected='true']")
    shoot(d, shots, "c_dudnikov_case_page")
    click_link(d, "Bancroft")
    alert = wait(d, lambda d: d.find_element(By.XPATH, "//*[@data-testid='stMain']//div[@role='alert']"), "no red flag")
    assert "overruled by Yahoo! Inc." in alert.text and "reported by Dudnikov v. Chalk & Vermilion" in alert.text
    assert "Flags cover only the" in main_text(d)
    shoot(d, shots, "c_bancroft_flag")
    type_search(d, "dudnikov")  # now found by its name
    wait(d, lambda d: "Dudnikov v. Chalk & Vermilion Fine Arts, Inc." in main_text(d), "not found by its new name")


def test_d_analogous_precedents_each_clickable(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    fresh(d, app_url)
    type_search(d, "a foreign website operator used U.S. content delivery networks")
    table = wait(d, lambda d: d.find_element(By.XPATH, "//table[.//th[normalize-space(.)='role']]"), "no precedents")
    links = table.find_elements(By.XPATH, ".//tbody/tr/td[1]/a")
    assert len(links) >= 5
    assert all("page=case&case=" in a.get_attribute("href") for a in links)
    first = [a.text for a in links[:5]]
    assert "Will Co., Ltd. v. Lee (2022)" in first and "Doe v. Webgroup Czech Republic, A.S. (2024)" in first
    passages = main_text(d).split("Closest passages", 1)[1]
    assert "content delivery network" in passages.lower()
    shoot(d, shots, "d_search_precedents")
    click_link(d, "Will Co., Ltd. v. Lee", within="//table[.//th[normalize-space(.)='role']]")
    assert header(d) == "Will Co., Ltd. v. Lee"
    d.back()
    wait(d, lambda d: "page=search" in d.current_url, "back did not return to the search")
    settled(d)
    wait(d, lambda d: "Closest precedents" in main_text(d), "the search was not restored from its address")


def test_e_doctrine_map_of_an_uploaded_corpus_of_another_field(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    fresh(d, app_url)
    goto(d, "Your corpus")
    upload = d.find_element(By.CSS_SELECTOR, "[data-testid=stFileUploader] input[type=file]")
    upload.send_keys("\n".join(str(p) for p in OTHER_FIELD))  # what choosing two files in the dialog does
    ingest = f"//button[normalize-space(.)='Ingest {len(OTHER_FIELD)} file(s)']"
    button = wait(d, lambda d: d.find_element(By.XPATH, ingest), "no ingest button")
    button.click()
    wait(d, lambda d: "Ingested 2 opinion(s); 0 failed" in main_text(d), "the upload was not ingested", timeout=240)
    goto(d, "Doctrine map")
    choose(d, "Doctrine (with everything under it)", "Elections and voting")
    settled(d)
    table_xpath = "//table[.//th[normalize-space(.)='precedent']]"
    top = wait(d, lambda d: d.execute_script(
        "var t = document.evaluate(arguments[0], document, null, 9, null).singleNodeValue; return t && "
        "Array.from(t.querySelectorAll('tbody tr')).map(r => r.cells[1].innerText)", table_xpath), "no table")[:20]
    table = d.find_element(By.XPATH, table_xpath)
    assert len(top) == 20
    for name in top:
        bare = re.sub(r" \(\d{4}\)$", "", name)
        assert not _CITE_ONLY.match(bare), f"a cite-only node among the top 20: {name}"
        assert " v. " in bare or bare.startswith(("In re ", "Ex parte ")), f"a garbled name among the top 20: {name}"
        assert bare[0].isupper() and "Untitled" not in bare
    d.execute_script("arguments[0].scrollIntoView({block: 'start'});", table)
    shoot(d, shots, "e_elections_map")


PHONE = (390, 844)


PAGES = (("cases", ""), ("case", "&case=o-czech-doe-republic-s-webgroup-2024"),
         ("doctrines", "&doctrine=pj.express_aiming"), ("timeline", "&doctrine=pj.express_aiming"),
         ("lineage", "&case=c-47-f-4th-917"), ("search", "&q=content+delivery+network"), ("corpus", ""))


def test_every_page_opens_from_its_address(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    for slug, extra in PAGES:
        fresh(d, f"{app_url}/?page={slug}{extra}")
        assert header(d) and "Traceback" not in main_text(d)
        shoot(d, shots, f"page_{slug}")


def test_every_page_reads_on_a_phone(driver: WebDriver, app_url: str, shots: Path) -> None:
    d = driver
    d.set_window_size(*PHONE)
    try:
        for slug, extra in PAGES:
            fresh(d, f"{app_url}/?page={slug}{extra}")
            shoot(d, shots, f"phone_{slug}")
            sidebar = d.find_element(By.CSS_SELECTOR, "[data-testid=stSidebar]")
            box = sidebar.rect
            assert not sidebar.is_displayed() or box["x"] + box["width"] <= 1, f"the sidebar covers the {slug} page"
            main = d.find_element(By.CSS_SELECTOR, "[data-testid=stMain]")
            assert main.size["width"] <= PHONE[0] + 1
            overflow = d.execute_script("return document.documentElement.scrollWidth") - PHONE[0]
            assert overflow <= 1, f"the {slug} page is wider than the phone by {overflow}px"
    finally:
        d.set_window_size(1400, 1000)


def test_back_walks_back_through_pages_and_choices(driver: WebDriver, app_url: str) -> None:
    d = driver
    fresh(d, f"{app_url}/?page=case&case=c-47-f-4th-917")
    assert header(d) == "Will Co., Ltd. v. Lee"
    choose(d, "Case", "Calder v. Jones")
    wait(d, lambda d: "case=c-465-u-s-783" in d.current_url, "the choice is not in the address")
    goto(d, "Search")
    for url_part, title in (("page=case&case=c-465-u-s-783", "Calder v. Jones"),
                            ("page=case&case=c-47-f-4th-917", "Will Co., Ltd. v. Lee")):
        d.back()
        wait(d, lambda d, u=url_part: u in d.current_url, f"back did not return to {title}")
        settled(d)
        wait(d, lambda d, t=title: header(d) == t, f"back showed the wrong page for {title}")


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
