"""Does ingest stay linear? Time per opinion against store size and against opinion size, and inputs
built to be pathological, each within its time budget.

    python bench/scale.py [--quick] [--store-only | --only 1|2|3 ...] [--rounds N]

1. Store size: a store is filled with N opinions (real fixture opinions, each
   copy under a citation of its own, all citing the same real decisions, so the
   popular precedents collect N citing opinions), then 12 more real opinions are
   ingested (analysis + findings + settle); CPU per opinion for N = 10 ... 2,000.
2. Opinion size: one opinion of 50 KB ... 4 MB made of real opinions' paragraphs
   (fixture texts, taken in turn from each, cycled); analysis CPU per KB, and the mentions of cited
   decisions per KB (the first 50 KB, mostly the opinions' openings, cite less than the whole).
3. Pathological: 20,000 `Id.` after one citation, a 3,000-case string cite, an
   HTML page of 300,000 <p>: each ingests, or fails with its one-line reason,
   within the per-opinion budget; and the string cite at 750, 1,500 and 3,000
   cases, whose time should double with each doubling.
Peak memory (max RSS) is printed at the end. Ratios, not absolute times, are the
figures to compare: the machine is shared.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this file's own name would otherwise hide the `ingest` package

from graph.sqlite_store import SqliteStore  # noqa: E402
from ingest.analyze import OpinionFindings, analyze, findings_key  # noqa: E402
from ingest.identity import claims_of, encode  # noqa: E402
from ingest.models import Opinion, ReadError  # noqa: E402
from ingest.pipeline import BUDGET_S, analyze_within  # noqa: E402
from ingest.read import iter_opinions  # noqa: E402
from ingest.read.html import read_html  # noqa: E402
from ingest.settle import settle  # noqa: E402

TEXTS = ROOT / "tests" / "fixtures" / "texts"


def _tag(i: int) -> str:
    """A word of its own for copy i (a caption's digits are not part of its identity)."""
    out = ""
    while True:
        i, r = divmod(i, 26)
        out += chr(ord("a") + r)
        if not i:
            return "Synth" + out


def _copy(f: OpinionFindings, i: int) -> OpinionFindings:
    """The same opinion as another decision: its own citation, caption, docket and file (else every copy
    of an opinion without a citation of its own would be one decision read from many sources)."""
    cite = f"{i} Synth. {1000 + i}"
    name = f"{_tag(i)} {f.case.name}"
    case = replace(f.case, id=f"c-{i}-synth-{1000 + i}", name=name, citations=(cite,), docket=f"synth-{i}",
                   source_file=f"synth-{i}.txt")
    opinion = replace(f.opinion, citations=(cite,), caption=name if f.opinion.caption else None)
    return replace(f, key=findings_key(case), case=case, opinion=opinion)


def store_size(real: list[Opinion], found: list[OpinionFindings], sizes: list[int], rounds: int = 1) -> None:
    print("1. time per opinion against the opinions already in the store (12 real opinions added"
          + (f"; best of {rounds} rounds, each over every size in turn, on a copy of the same filled store)"
             if rounds > 1 else ")"))
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            store = SqliteStore(Path(d) / f"filled{n}")
            for i in range(n):
                f = _copy(found[i % len(found)], i)
                store.put_findings([(f.key, claims_of(f), encode(f))])
            settle(store)
            store.close()
        best: dict[int, tuple[float, float, float]] = {}
        for r in range(rounds):  # in turn, so a slow spell of a noisy machine spoils one round of each, not one size
            for n in sizes:
                shutil.copytree(Path(d) / f"filled{n}", Path(d) / f"round{r}-{n}")
                store = SqliteStore(Path(d) / f"round{r}-{n}")
                t = time.process_time()
                analysing = 0.0
                for o in real:
                    a = time.process_time()
                    f = analyze(o)
                    analysing += time.process_time() - a
                    store.put_findings([(f.key, claims_of(f), encode(f))])
                t_settle = time.process_time()
                settle(store)
                done = time.process_time()
                store.close()
                best[n] = min(best.get(n, (float("inf"),) * 3), (done - t, done - t_settle, analysing))
    base = best[sizes[0]][0] / len(real)
    for n in sizes:
        per, settling, analysing = best[n][0] / len(real), best[n][1], best[n][2]
        print(f"   {n:6d} in the store: {per * 1000:8.1f} ms CPU per opinion  ({per / base:.2f}x the first; "
              f"the one settle {settling * 1000:.0f} ms; the analyses {analysing * 1000:.0f} ms)")


def _paragraphs() -> list[str]:
    """The fixture opinions' paragraphs, taken in turn from each (the first of each, then the second ...),
    so that an opinion of any size has the mix of courts of them all."""
    texts = [[x for x in p.read_text().split("\n\n") if x.strip()] for p in sorted(TEXTS.glob("0[1-9]_*.txt"))]
    return [t[i] for i in range(max(map(len, texts))) for t in texts if i < len(t)]


def _opinion_of(paras: list[str], size: int) -> str:
    """An opinion of about `size` characters: the paragraphs in turn, cycled."""
    parts, n, i = [], 0, 0
    while n < size:
        parts.append(paras[i % len(paras)])
        n += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)


def opinion_size(sizes_kb: list[int], rounds: int = 1) -> None:
    print("2. analysis time per KB against the size of one opinion (real paragraphs, cycled"
          + (f"; best of {rounds} rounds, each over every size in turn)" if rounds > 1 else ")"))
    paras = _paragraphs()
    texts = {kb: _opinion_of(paras, kb * 1024) for kb in sizes_kb}
    per = dict.fromkeys(sizes_kb, float("inf"))
    outs: dict[int, object] = {}
    for _ in range(rounds):  # in turn, so a slow spell of a noisy machine spoils one round of each, not one size
        for kb, text in texts.items():
            t = time.process_time()
            outs[kb] = analyze_within(Opinion(text=text, source_file=f"{kb}kb.txt", format="text"), budget=0)
            per[kb] = min(per[kb], (time.process_time() - t) / (len(text) / 1024))
    base = per[sizes_kb[0]]
    for kb, text in texts.items():
        out = outs[kb]
        shown = (out if isinstance(out, str) else f"{len(out.groups)} cited decisions, "
                 f"{sum(len(g.mentions) for g in out.groups) / (len(text) / 1024):.2f} mentions per KB")
        print(f"   {kb:6d} KB: {per[kb] * 1000:7.2f} ms CPU per KB  ({per[kb] / base:.2f}x the first; {shown})")


def pathological(budget: float) -> None:
    print(f"3. pathological inputs, each within the budget of {budget:g} CPU s")
    head = "Plaintiff relies on Calder v. Jones, 465 U.S. 783, 789 (1984). "
    ids = head + " ".join(f"Id. at {783 + i % 20}." for i in range(20000))
    string = _string_cite(3000)
    html = "<html><body>" + "".join(f"<p>Paragraph {i} of the opinion.</p>" for i in range(300000)) + "</body></html>"
    cases = [("20,000 Id.", lambda: Opinion(text=ids, source_file="ids.txt", format="text")),
             ("3,000-case string cite", lambda: Opinion(text=string, source_file="string.txt", format="text")),
             ("300,000 <p>", lambda: read_html(html, "p.html"))]
    for label, make in cases:
        t = time.process_time()
        try:
            out = analyze_within(make(), budget)
        except ReadError as exc:
            out = exc.reason
        took = time.process_time() - t
        shown = out if isinstance(out, str) else f"ingested: {len(out.groups)} cited decisions"
        print(f"   {label:24s}: {took:6.1f} s CPU  {shown}")
    # linear, not only within budget: the string cite at a quarter and half its length
    took = {}
    for n in (750, 1500, 3000):
        t = time.process_time()
        analyze_within(Opinion(text=_string_cite(n), source_file="string.txt", format="text"), budget)
        took[n] = time.process_time() - t
    print("   string cite of 750 / 1,500 / 3,000 cases: " + " / ".join(f"{took[n]:.1f} s" for n in took)
          + f"  ({took[1500] / took[750]:.2f}x, {took[3000] / took[1500]:.2f}x for each doubling)")


def _string_cite(n: int) -> str:
    """One sentence of `n` citations after one "See"."""
    return "See " + "; ".join(
        f"Party{i} v. Other{i}, {100 + i % 900} F.3d {1 + i}, {2 + i} ({1 + i % 11}th Cir. {1990 + i % 30})"
        for i in range(n)
    ) + "."


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a first look")
    ap.add_argument("--store-only", action="store_true", help="only section 1 (store size), at every size")
    ap.add_argument("--rounds", type=int, default=1,
                    help="sections 1 and 2: best of N rounds at each size (section 1: each on a copy of the same "
                         "filled store)")
    ap.add_argument("--budget", type=float, default=BUDGET_S)
    ap.add_argument("--only", type=int, nargs="+", choices=(1, 2, 3), default=(1, 2, 3),
                    help="run only these sections (each measures as in a full run)")
    args = ap.parse_args()
    real = [o for o in iter_opinions([TEXTS]) if not isinstance(o, ReadError)]
    found = [analyze(o) for o in real]  # also the warm-up (imports, compiled patterns) any section gets
    only = (1,) if args.store_only else args.only
    if 1 in only:
        store_size(real, found, [10, 100, 500] if args.quick else [10, 100, 500, 2000], max(1, args.rounds))
    if 2 in only:
        opinion_size([50, 200, 800] if args.quick else [50, 200, 1000, 4000], max(1, args.rounds))
    if 3 in only:
        pathological(args.budget)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {rss:.0f} MB (max RSS of this process)")


if __name__ == "__main__":
    main()
