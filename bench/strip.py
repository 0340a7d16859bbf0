"""Make citation-stripped copies of real opinions, the way seed 004 was made, to measure the stripped reader.

    python bench/strip.py OUT_DIR OPINION.txt...           write OUT_DIR/<name>_stripped.txt
    python bench/strip.py OUT_DIR --gold GOLD.yaml OPINION.txt...   and OUT_DIR/gold.yaml for them

Seed 004 is an opinion whose citations went through a stripper: lower case, every
digit gone, "v." and the entity words ("Inc.", "Corp.", "Co.", "Ltd.") gone, every mark
but "," and "." gone (an apostrophe left a space: "int l shoe"), no space after a comma
or a period ("sellers.through the internet"). A reporter citation left only a remnant
of its reporter: ",cir" for a federal appeals court's parenthetical, ",d" for a
second or third series ("F.2d", "L.Ed.2d", "S.W.3d"), ",supp", ",wl", ",at" for a
short cite, nothing for "U.S." alone. This script does the same to any opinion, with
eyecite finding the citations, so the stripped reader can be measured on opinions it
was not written against. The gold for a copy is the gold of its original (same cited
decisions, named by their captions and aliases; the stripped text keeps no citation).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml
from eyecite import get_citations
from eyecite.models import FullCaseCitation, IdCitation, ShortCaseCitation, SupraCitation

_ENTITY = re.compile(r"\s+(?:Inc|Corp|Co|Ltd)\.(?=[\s,;:)])")  # its comma stays: "intercon,bell atl"
_V = re.compile(r"\s+(?:v|vs)\.\s+")
_PAREN_AFTER = re.compile(r"\s*\(([^()]{0,80})\)")


def _remnant(text: str, c: FullCaseCitation, group_end: int) -> tuple[str, int]:
    """What is left of a full citation (with its pin and court-year parenthetical), and where it ends."""
    end = group_end
    m = _PAREN_AFTER.match(text, end)
    court = ""
    if m and re.search(r"\d{4}", m.group(1)):
        court, end = m.group(1), m.end()
    reporters = text[c.span()[0] : group_end]
    if "Cir." in court:
        return ",cir", end
    if "Supp." in reporters:
        return ",supp", end
    if re.search(r"\bWL\b", reporters):
        return ",wl", end
    if re.search(r"\d(?:d|th)\b", reporters):
        return ",d", end
    return "", end


def _groups(text: str, cites: list) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for every citation, parallels of one decision as one."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(cites):
        c = cites[i]
        start, end = c.span()
        if isinstance(c, FullCaseCitation):
            j = i
            while (
                j + 1 < len(cites)
                and isinstance(cites[j + 1], FullCaseCitation)
                and re.fullmatch(r",\s*(?:[\d\-–]+\s*,\s*)?", text[cites[j].span()[1] : cites[j + 1].span()[0]])
            ):
                j += 1
            pin = re.match(r",\s*(?:at\s*)?[\d\-–]+(?:\s*(?:&\s*)?nn?\.\s*[\d\-–]+)?", text[cites[j].span()[1] :])
            group_end = cites[j].span()[1] + (pin.end() if pin else 0)
            rest, end = _remnant(text, c, group_end)
            out.append((start, end, rest))
            i = j + 1
            continue
        if isinstance(c, ShortCaseCitation | SupraCitation):
            out.append((start, end, ",at" if isinstance(c, ShortCaseCitation) else ",supra"))
        elif isinstance(c, IdCitation):
            out.append((start, end, "id.at" if " at " in c.matched_text() or "at" in text[end : end + 4] else "id."))
        i += 1
    return out


def strip(text: str) -> str:
    """`text` as a citation stripper leaves it (see the module docstring)."""
    cites = [c for c in get_citations(text.replace("\n", " ")) if isinstance(
        c, FullCaseCitation | ShortCaseCitation | SupraCitation | IdCitation)]
    pieces, pos = [], 0
    for start, end, rest in _groups(text, cites):
        if start < pos:
            continue
        pieces.append(text[pos:start].rstrip(" ,") + rest)
        pos = end
    pieces.append(text[pos:])
    s = "".join(pieces)
    s = _ENTITY.sub("", s)
    s = _V.sub(" ", s)
    s = s.lower()
    s = re.sub(r"\d+", "", s)
    s = re.sub(r"['’‘`]", " ", s)
    s = re.sub(r"[;:]", " ", s)
    s = re.sub(r"[^a-zà-ÿ,.\s]", " ", s)  # quotes, brackets, dashes, §, & ...
    s = re.sub(r"[ \t]+", " ", s)
    s = re.sub(r" *([,.]) *", r"\1", s)  # no space around a comma or a period
    s = re.sub(r"[,.]{2,}", lambda m: "," if m[0].endswith(",") else ".", s)  # "indus.,superior" → ","
    s = re.sub(r"\n[ ,.]*", "\n", s)
    s = re.sub(r"\n{2,}", "\n", s)
    return s.strip() + "\n"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--gold", type=Path, help="the originals' gold YAML: write the copies' gold beside them")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    names = {}
    for f in args.files:
        target = args.out / f"{f.stem}_stripped.txt"
        target.write_text(strip(f.read_text(encoding="utf-8")), encoding="utf-8")
        names[f.name] = target.name
        print(target)
    if args.gold:
        gold = yaml.safe_load(args.gold.read_text())
        ops = []
        for op in gold["opinions"]:
            if op["file"] in names:
                ops.append({
                    "file": names[op["file"]],
                    "name": op["name"],
                    "cites_to": [
                        {"name": g["name"], "aliases": list(g.get("aliases", [])), "cites": [],
                         "treatment": "cited", "also_ok": sorted({g["treatment"], *g.get("also_ok", [])} - {"cited"})}
                        for g in op["cites_to"]
                    ],
                })
        header = f"# Gold for the stripped copies, derived from {args.gold.name}: the same cited decisions.\n"
        (args.out / "gold.yaml").write_text(header + yaml.safe_dump({"opinions": ops}, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
