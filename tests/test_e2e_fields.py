"""The doctrine map of a field no cue was written for, in a real browser: an antitrust opinion (Copperweld).

Same harness as tests/test_e2e.py (headless Debian chromium + chromedriver driving `streamlit run app.py`),
over a store holding only Copperweld Corp. v. Independence Tube Corp., 467 U.S. 752 (1984).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.test_e2e import (
    ROOT,
    app_on,
    choose,
    driver,  # noqa: F401  (a fixture, used by name)
    goto,
    main_text,
    pwned,
    wait,
)

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COPPERWELD = ROOT / "tests" / "fixtures" / "fields" / "copperweld_v_independence_tube_1984.html"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with app_on(tmp_path_factory, "e2e_fields", [COPPERWELD]) as url:
        yield url


def test_an_antitrust_opinion_shows_its_own_doctrines(driver: WebDriver, tmp_path: Path) -> None:  # noqa: F811
    d = driver
    goto(d, "Doctrine map")
    text = main_text(d)
    assert "intra-enterprise conspiracy doctrine" in text  # in the tree, found in the opinion itself
    assert "Personal jurisdiction" not in text and "Purposeful availment" not in text  # nothing from another field
    choose(d, "Doctrine (with everything under it)", "intra-enterprise conspiracy doctrine")
    wait(d, lambda d: "Holdings over time" in main_text(d), "the doctrine's holdings are not listed")
    text = main_text(d)
    assert "Named after, or cited for: Kiefer-Stewart" in text
    assert "Copperweld" in text and "Precedents relied on" in text
    assert "United States v. Yellow Cab" in text
    d.save_screenshot(str(tmp_path / "doctrine_map_antitrust.png"))
    assert not pwned(d)
