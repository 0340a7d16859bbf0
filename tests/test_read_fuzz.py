"""Random and mangled input: `read_path` returns opinions or raises ReadError, and never hangs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.models import Opinion, ReadError
from ingest.read import read_path
from ingest.read.header import parse_header

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = {p.name: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "formats").glob("*.json"))}
SMALL_SAMPLES = {k: v for k, v in SAMPLES.items() if len(v) < 40_000}
TEXT = (FIXTURES / "texts" / "05_dallas_sales_v_carlisle_silver_texapp_2004.txt").read_text(encoding="utf-8")
HTML = "<!DOCTYPE html><html><head><title>Dallas Sales Co. v. Carlisle Silver Co.</title><script>x()</script>"
HTML += "</head><body>" + "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n")[:15]) + "</body></html>"
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        result = read_path(path)
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert isinstance(result, list) and result
    assert all(isinstance(op, Opinion) and op.text for op in result)


@st.composite
def mangled(draw: st.DrawFn, source: str) -> str:
    """`source` cut at a random point, with random characters replaced and inserted."""
    text = source[: draw(st.integers(0, len(source)))] if draw(st.booleans()) else source
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        noise = draw(st.text(max_size=4))
        cut = draw(st.integers(0, 3))
        text = text[:at] + noise + text[at + cut :]
    return text


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".txt", ".json", ".html", ".pdf", ".bin"]))
def test_random_bytes(workdir: Path, data: bytes, suffix: str) -> None:
    check(workdir / f"random{suffix}", data)


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(SMALL_SAMPLES)))
def test_mangled_json(workdir: Path, data: st.DataObject, name: str) -> None:
    check(workdir / "mangled.json", data.draw(mangled(SMALL_SAMPLES[name])).encode())


@settings(max_examples=25, deadline=4000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_large_cap_json(workdir: Path, data: st.DataObject) -> None:
    source = SAMPLES["cap_api_v1_xml_casebody_dg_v_ks.json"]
    check(workdir / "mangled_large.json", data.draw(mangled(source)).encode())


@FUZZ
@given(data=st.data())
def test_mangled_html(workdir: Path, data: st.DataObject) -> None:
    check(workdir / "mangled.html", data.draw(mangled(HTML)).encode())


@FUZZ
@given(data=st.data())
def test_mangled_text(workdir: Path, data: st.DataObject) -> None:
    check(workdir / "mangled.txt", data.draw(mangled(TEXT[:6000])).encode())


@settings(max_examples=60, deadline=2000)
@given(line=st.text(alphabet=st.sampled_from("Vv. ,()No0123456789Cir-[]:\n"), max_size=3000))
def test_header_rules_stay_fast_on_adversarial_lines(line: str) -> None:
    """Long runs of the characters the header regexes look for must not backtrack badly."""
    parse_header(line)
