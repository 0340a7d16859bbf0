"""Fuzzers with larger budgets than the test suite's (tests/test_read_fuzz.py runs 150 examples a property).

    python fuzz/fuzz.py readers  [--examples N]   hypothesis: random bytes and mangled real files of every format
    python fuzz/fuzz.py pipeline [--examples N]   hypothesis: mangled real opinions through every ingest stage
    python fuzz/fuzz.py render   [--examples N]   hypothesis: md() leaves no Markdown link, autolink or HTML tag
    python fuzz/fuzz.py atheris  [--seconds S]    coverage-guided bytes into the readers (pip install -e '.[fuzz]')

A finding is any exception a reader raises other than ReadError (the catch-all in
`ingest.read` would turn it into a "could not be read" line, so the readers are
fuzzed beneath it), a ReadError whose reason is not one line, any exception from
the pipeline, or an input that takes longer than `SLOW` seconds. Each run prints
its budget and what it found, and exits 1 on a finding.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOW = 10.0  # seconds one input may take
SUFFIXES = (".txt", ".json", ".html", ".pdf", ".bin")


def check_read(data: bytes, suffix: str) -> None:
    """Readers on one input: records, or a one-line ReadError, in time."""
    from ingest.models import ReadError
    from ingest.read import _records

    start = time.monotonic()
    try:
        _records(data, "fuzz" + suffix, "fuzz" + suffix)
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason, repr(exc.reason)
    took = time.monotonic() - start
    assert took < SLOW, f"{took:.1f} s on {len(data)} bytes"


def run_readers(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_read_fuzz import HTML, SAMPLES, TEXT, mangled

    conf = settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
    samples = {**{k: v.encode() for k, v in SAMPLES.items()}, "page.html": HTML.encode(), "text.txt": TEXT.encode()}
    pdf = _real_pdf()

    @conf
    @given(data=st.binary(max_size=8192), suffix=st.sampled_from(SUFFIXES))
    def random_bytes(data: bytes, suffix: str) -> None:
        check_read(data, suffix)

    @conf
    @given(data=st.data(), name=st.sampled_from(sorted(samples)))
    def mangled_files(data: st.DataObject, name: str) -> None:
        source = samples[name].decode()
        check_read(data.draw(mangled(source[:60_000])).encode(), Path(name).suffix)

    @conf
    @given(data=st.data())
    def mangled_pdf(data: st.DataObject) -> None:
        cut = data.draw(st.integers(0, len(pdf)))
        flips = data.draw(st.lists(st.tuples(st.integers(0, len(pdf) - 1), st.integers(0, 255)), max_size=8))
        raw = bytearray(pdf[:cut] if data.draw(st.booleans()) else pdf)
        for at, value in flips:
            if at < len(raw):
                raw[at] = value
        check_read(bytes(raw), ".pdf")

    for prop in (random_bytes, mangled_files, mangled_pdf):
        _timed(prop.__name__, examples, prop)


def _real_pdf() -> bytes:
    from tests.test_hostile import WESTER, _pdf_of

    with tempfile.TemporaryDirectory() as tmp:  # a scratch file of the fuzzer, not of the tool
        out = Path(tmp) / "wester.pdf"
        _pdf_of(WESTER, out)
        return out.read_bytes()


def run_pipeline(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from graph.sqlite_store import SqliteStore
    from ingest.models import Opinion, ReadError
    from ingest.pipeline import build
    from ingest.read import _records
    from tests.test_read_fuzz import mangled

    texts = [p.read_text() for p in sorted((ROOT / "tests" / "fixtures" / "texts").glob("0[5-9]_*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "db")

        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(data=st.data(), which=st.integers(0, len(texts) - 1))
        def mangled_opinions(data: st.DataObject, which: int) -> None:
            text = data.draw(mangled(texts[which]))
            start = time.monotonic()
            try:  # what the readers would hand the pipeline: they refuse empty text and non-prose
                (opinion,) = _records(text.encode("utf-8", "surrogatepass"), "fuzz.txt", "fuzz.txt")
            except ReadError:
                return
            assert isinstance(opinion, Opinion)
            graph = build(opinion, store)
            store.write_opinion(graph)
            assert time.monotonic() - start < SLOW

        _timed("mangled_opinions", examples, mangled_opinions)
        store.close()


AUTOLINK = re.compile(r"(?i)(https?://|www\.)|[\w.+-]+@[\w-]+\.")


def run_render(examples: int) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ui.render import md

    pieces = st.sampled_from(["www.", "http://", "HTTPS://", "<", ">", "@", ".", "evil", "example", "[", "](",
                              ")", "!", "$", "\\", ":", "/", "_", "*", "`", "&", "#", " ", "\n", "mailto:"])
    text = st.lists(st.one_of(pieces, st.text(max_size=3)), max_size=30).map("".join)

    @settings(max_examples=examples, deadline=None, database=None)
    @given(s=text)
    def escaped(s: str) -> None:
        out = md(s)
        assert "<" not in out and "\n" not in out, out
        parsed = re.sub(r"\\(.)", r"\1", out).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        assert not AUTOLINK.search(parsed), (s, out)
        assert parsed.replace("\u2060", "") == s.replace("\n", " ").replace("\u2060", ""), (s, out)
        assert not re.search(r"(?<!\\)[\[\]()!`*_$]", out), (s, out)  # no unescaped link, image, code, emphasis

    _timed("md_escaping", examples, escaped)


def run_atheris(seconds: int) -> None:
    import atheris

    with atheris.instrument_imports():
        from ingest.models import ReadError
        from ingest.read import _records

    def one_input(data: bytes) -> None:
        suffix = SUFFIXES[data[0] % len(SUFFIXES)] if data else ".txt"
        start = time.monotonic()
        try:
            _records(data[1:], "fuzz" + suffix, "fuzz" + suffix)
        except ReadError as exc:
            if "\n" in exc.reason:
                raise AssertionError(repr(exc.reason)) from exc
        if time.monotonic() - start > SLOW:
            raise AssertionError(f"slow: {time.monotonic() - start:.1f} s")

    corpus = Path(tempfile.mkdtemp(prefix="precedent-fuzz-"))  # the fuzzer's own scratch corpus
    for p in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if p.is_file() and p.suffix in (".txt", ".json") and p.stat().st_size < 200_000:
            (corpus / p.name).write_bytes(bytes([SUFFIXES.index(p.suffix)]) + p.read_bytes())
    print(f"atheris: {seconds} s on the readers, seed corpus {corpus}", flush=True)
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=4096", "-timeout=30", str(corpus)],
                  one_input)
    atheris.Fuzz()


def _timed(name: str, examples: int, prop) -> None:
    start = time.monotonic()
    prop()
    print(f"{name}: {examples} examples, no finding ({time.monotonic() - start:.0f} s)", flush=True)


def main() -> int:
    logging.disable(logging.WARNING)  # pypdf's warnings on mangled PDFs, thousands of them
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("target", choices=["readers", "pipeline", "render", "atheris"])
    p.add_argument("--examples", type=int, default=5000, help="hypothesis examples per property (default 5000)")
    p.add_argument("--seconds", type=int, default=300, help="atheris time budget (default 300)")
    args = p.parse_args()
    try:
        if args.target == "atheris":
            run_atheris(args.seconds)
        else:
            {"readers": run_readers, "pipeline": run_pipeline, "render": run_render}[args.target](args.examples)
    except Exception as exc:  # hypothesis re-raises the first failure it shrank: a finding, whatever its type
        notes = " ".join(getattr(exc, "__notes__", []))  # hypothesis's falsifying example
        print(f"finding: {type(exc).__name__}: {exc} {notes}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
