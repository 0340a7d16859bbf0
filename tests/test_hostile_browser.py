"""No link, script, style or image from opinion text is live on any page, in a real browser.

An opinion is stuffed with every way text can become markup in the app's renderers
(HTML tags and handlers, Markdown links, images and autolinks, GFM `www.` and e-mail
autolinks, Streamlit's colour directives, LaTeX `\\href`), in its caption, the names of
the cases it cites, its evidence sentences and its passages. Every page is then shown
in headless Chromium (Debian's chromium and chromium-driver; skipped without them),
and on each the page and every frame must hold no element that points to
evil.example, have fetched nothing from it, run no script (`window.__pwned` stays
undefined), and applied no style rule from the text; the graph's tooltips (DOM
elements vis.js shows on hover) must hold only the markup the app adds itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.test_e2e import (
    SEEDS,
    app_on,
    choose,
    driver,  # noqa: F401  (a fixture, used by name)
    goto,
    main_text,
    pwned,
    settled,
    wait,
)

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
EVIL = "evil.example"
# Each string is one way opinion text could turn into a live link, image, script or style.
VECTORS = (
    "www.evil.example/phish",
    "<http://evil.example/angle>",
    "https://evil.example/bare",
    "phish@evil.example",
    "[click here](http://evil.example/md)",
    "![seal](http://evil.example/seal.png)",
    '<a href="http://evil.example/a">the record</a>',
    "<script>window.__pwned=1</script>",
    '<img src="http://evil.example/x.png" onerror="window.__pwned=2">',
    "<style>body{background:rgb(1, 2, 3) !important}</style>",
    '<span style="color:rgb(4, 5, 6)">styled</span>',
    ":red[alarm] :material/warning:",
    r"$\href{http://evil.example/tex}{tex}$",
    "javascript:window.__pwned=3",
)
NOISE = " ".join(VECTORS)
# The caption reader takes parties whose words are capitalised; autolinks do not care about case.
CAPTION = "Mallory WWW.EVIL.EXAMPLE/CAPTION v. Hacker <HTTP://EVIL.EXAMPLE/CAPTION>"
HOSTILE = f"""Caption: {CAPTION}
Court: United States Court of Appeals for the Ninth Circuit
Date: 2025-03-03

OPINION

The defendant ran a website that it aimed at viewers in California, reached at {VECTORS[0]} and {VECTORS[1]}.
Under Calder v. Jones, 465 U.S. 783 (1984), a defendant who expressly aimed intentional conduct at the forum
state, causing harm it knew was likely to be suffered there, has purposefully directed its activities at the
forum, as the record at {NOISE} shows. We follow Calder here, see www.evil.example/phish and
<http://evil.example/angle>. A website operator that courts an audience in the forum expressly aims its
conduct there. Will Co. v. Lee, 47 F.4th 917, 922 (9th Cir. 2022). We follow Will, whose reasoning at
{NOISE} applies, and hold that the express aiming requirement is met here. Unlike Phish www.evil.example v.
Mark <http://evil.example/name>, 1 F.4th 1 (9th Cir. 2021), this case involves a website aimed at the forum.
"""

# Everything live on the page (or in a frame) that came from the opinion text.
PROBE = """
const evil = arguments[0];
const hits = [];
for (const el of document.querySelectorAll('[href], [src], [action], [formaction], [xlink\\\\:href]')) {
  for (const attr of ['href', 'src', 'action', 'formaction', 'xlink:href']) {
    const v = (el.getAttribute(attr) || '').toLowerCase();
    if (v.includes(evil) || /^\\s*javascript:/i.test(v)) hits.push(el.tagName + ' ' + attr + '=' + v);
  }
}
for (const e of performance.getEntriesByType('resource')) {
  if (e.name.toLowerCase().includes(evil)) hits.push('fetched ' + e.name);
}
for (const s of document.querySelectorAll('style')) {
  if (s.textContent.includes('rgb(1, 2, 3)')) hits.push('style element');
}
for (const el of document.querySelectorAll('[style]')) {
  if ((el.getAttribute('style') || '').includes('rgb(4, 5, 6)')) hits.push('style attribute');
}
for (const el of document.querySelectorAll('*')) {
  const c = getComputedStyle(el);
  if (c.backgroundColor === 'rgb(1, 2, 3)' || c.color === 'rgb(4, 5, 6)') { hits.push('styled ' + el.tagName); break; }
}
if (typeof window.__pwned !== 'undefined') hits.push('ran: ' + window.__pwned);
return hits;
"""
# The graph's tooltips: elements built from escaped strings; only <b>, <i>, <br> (the app's own) may be in them.
TOOLTIPS = """
if (typeof network === 'undefined') return null;
const bad = [];
for (const set of [network.body.data.nodes, network.body.data.edges]) {
  for (const x of set.get()) {
    const t = x.title;
    if (!t || typeof t === 'string') continue;
    for (const el of t.querySelectorAll('*')) if (!['B', 'I', 'BR'].includes(el.tagName)) bad.push(el.outerHTML);
  }
}
return bad;
"""


def shown(d: WebDriver) -> str:
    """The main area's text as a person reads it (the invisible word joiners that break autolinks dropped)."""
    return main_text(d).replace("\u2060", "")


def live(d: WebDriver) -> list[str]:
    """What opinion text made live in the page and each of its frames."""
    from selenium.webdriver.common.by import By

    hits = [f"page: {h}" for h in d.execute_script(PROBE, EVIL)]
    for i, frame in enumerate(d.find_elements(By.TAG_NAME, "iframe")):
        d.switch_to.frame(frame)
        try:
            hits += [f"frame {i}: {h}" for h in d.execute_script(PROBE, EVIL)]
            hits += [f"frame {i} tooltip: {h}" for h in d.execute_script(TOOLTIPS) or []]
        finally:
            d.switch_to.default_content()
    return hits + pwned(d)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a store of the seed opinions and the hostile one."""
    with app_on(tmp_path_factory, "hostile_browser", list(SEEDS), HOSTILE) as url:
        yield url


def pick(d: WebDriver, label: str, text: str) -> None:
    """`choose`, with the select box scrolled to the middle first (opened expanders scroll the page away)."""
    d.execute_script(f"document.querySelector(\"input[aria-label='{label}']\").scrollIntoView({{block: 'center'}})")
    choose(d, label, text)


def _expand_all(d: WebDriver, tab: str) -> None:
    """Show the tab whose label starts with `tab`, and open every "Passage in context" expander in the page."""
    from selenium.webdriver.common.by import By

    for button in d.find_elements(By.CSS_SELECTOR, "[data-testid=stMain] [role=tab]"):
        if button.text.startswith(tab):
            button.click()
    for summary in d.find_elements(By.CSS_SELECTOR, "[data-testid=stExpander] summary"):
        d.execute_script("arguments[0].scrollIntoView(); arguments[0].click();", summary)
    settled(d)


def test_no_markup_from_opinion_text_is_live_on_any_page(driver: WebDriver) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = driver
    wait(d, lambda d: "4 opinions" in d.find_element(By.CSS_SELECTOR, "[data-testid=stSidebar]").text,
         "the sidebar never showed the store's counts")
    seen: dict[str, list[str]] = {"start": live(d)}

    goto(d, "Cases")
    seen["Cases"] = live(d)

    goto(d, "Case page")
    pick(d, "Case", "Mallory")
    _expand_all(d, "Cites")
    wait(d, lambda d: "see www.evil.example/phish and <http://evil.example/angle>." in shown(d),
         "the hostile evidence is not shown as text")
    seen["Case page (hostile opinion)"] = live(d)

    pick(d, "Case", "Calder")
    _expand_all(d, "Cited by")
    wait(d, lambda d: "We follow Calder here, see www.evil.example/phish" in shown(d),
         "the hostile evidence quote is not on Calder's page")
    seen["Case page (Calder)"] = live(d)

    goto(d, "Doctrine map")
    frame = wait(d, lambda d: d.find_element(By.CSS_SELECTOR, "[data-testid=stMain] iframe"), "no graph frame")
    d.switch_to.frame(frame)
    try:
        wait(d, lambda d: d.execute_script("return typeof network !== 'undefined' && network.body.data.edges.length"),
             "vis network not built")
    finally:
        d.switch_to.default_content()
    seen["Doctrine map"] = live(d)

    goto(d, "Timeline")
    seen["Timeline"] = live(d)

    goto(d, "Lineage")
    pick(d, "Case", "Mallory")
    seen["Lineage"] = live(d)

    goto(d, "Search")
    box = d.find_element(By.XPATH, "//input[@aria-label='Case name, doctrine or fact pattern']")
    box.send_keys("website aimed at viewers in California www.evil.example/phish <script>", Keys.ENTER)
    wait(d, lambda d: "passage(s)" in main_text(d), "the search returned nothing")
    settled(d)
    seen["Search"] = live(d)

    goto(d, "Your corpus")
    seen["Your corpus"] = live(d)

    assert {page: hits for page, hits in seen.items() if hits} == {}
