"""Find the parts of an opinion: the court's own opinion, and each concurrence and dissent.

Only the court's part (majority, plurality, per curiam) decides how the court
treats a precedent; what a concurrence or a dissent says is kept and shown as
that part's view. Opinions say where each part begins in a few fixed ways, in
every era and publisher's layout:

- "MR. JUSTICE CLARK delivered the opinion of the Court." / "Justice Scalia,
  delivered the opinion of the Court." / "Mr. Justice Matthews" then
  "delivered the opinion of the court."; "announced the judgment of the Court"
  (a plurality); "PER CURIAM.";
- "MR. JUSTICE HARLAN, whom MR. JUSTICE FRANKFURTER ... join, dissenting.",
  "JUSTICE THOMAS, concurring.", "GINSBURG, J., dissenting.", and the old
  "Mr. Justice Roberts:" with no label, whose own words say which it is.

Each heading is a paragraph of its own (or opens one). Publishers that collect
every opinion's footnotes at the end (CourtListener's HTML) restart the
numbering at "[1]" for each opinion; each run of footnotes goes back to the
part whose text refers to it.
"""

from __future__ import annotations

import re

from ingest.models import Part

COURT = frozenset({"majority", "plurality", "per curiam"})

_STAR = r"(?:\*\d+[A-Z]?\s+)?"  # a star page glued to the heading ("*778B JUSTICE STEVENS")
_NAME = r"[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?"
_WHO = _STAR + r"(?:(?:MR|MB|ME|MRS|MS)\.?\s+)?(?:(?:CHIEF|ASSOCIATE)\s+)?JUSTICE\s+" + _NAME
_WHO_J = (  # "GINSBURG, J.", "LEE, Circuit Judge", "Smith, Chief Judge"
    _STAR + r"[A-Z][A-Za-z'’\-]+(?:\s+[A-Z][A-Za-z'’\-]+)?,\s+"
    r"(?:(?:C\.\s*)?J\.|(?:Chief\s+|Senior\s+)?(?:Circuit\s+|District\s+)?Judge)"
)
_JOIN = r"(?:,?\s+(?:with\s+whom|whom)\s[^\n]{0,240}?\s(?:joins?|concurs?)(?:\s+in[^\n,]{0,80})?)?"
_SEPARATE = re.compile(
    rf"^(?P<who>{_WHO}|{_WHO_J}){_JOIN},?\s+(?P<kind>concurring|dissenting)(?P<rest>[^\n]{{0,120}}?)[.:]?(?:\[\*?\d*\])?\s*$",
    re.I,
)
# the same heading run into flattened text, after a sentence: only in capitals, as courts print it
_INLINE_SEPARATE = re.compile(
    r"(?<=[.!?]\s)(?P<who>(?:(?:CHIEF\s+)?JUSTICE\s+)?[A-Z]{2,}[A-Z'’\-]*(?:\s+[A-Z]{2,}[A-Z'’\-]*)?"
    r"(?:,\s+(?:(?:C\.\s*)?J\.|(?:Chief\s+|Senior\s+)?(?:Circuit\s+|District\s+)?Judge))?),\s+"
    r"(?P<kind>concurring|dissenting)(?P<rest>(?:\s+in\s[^.]{0,60})?)\.\s"
)
_OLD_SEPARATE = re.compile(rf"^(?P<who>{_WHO})\s*:\s*$", re.I)
_DELIVERED = re.compile(
    rf"^(?:(?P<who>{_WHO}|{_WHO_J}|[A-Z][\w'’\-]+,\s+J\.)[^\n]{{0,160}}?,?\s+)?(?P<verb>delivered\s+the\s+opinion\s+of\s+the\s+court"
    r"|announced\s+the\s+judgment\s+of\s+the\s+court)",
    re.I,
)
_PER_CURIAM = re.compile(r"^" + _STAR + r"per\s+curiam\s*[.:]?(?:\s|$)", re.I)
_AUTHOR_ONLY = re.compile(rf"^(?:{_WHO})\s*$", re.I)
_FOOTNOTE_START = re.compile(r"\n\s*\[1\]\s")
_FOOTNOTE_REF = re.compile(r"\[1\]")
_HEADING_MAX = 400  # a heading is short
# a syllabus line saying who wrote what ("SCALIA, J., filed a dissenting opinion") is not a heading
_SUMMARY = re.compile(
    r"\bfiled\s+(?:a|an)\s+(?:dissenting|concurring)|\bfiled\s+(?:dissenting|concurring)\s+opinions|\bjoined\.", re.I
)


def find_parts(text: str) -> tuple[Part, ...]:
    """The parts of `text` in order, each running to the next one's start (the first from 0)."""
    heads = _headings(text)
    if not heads:
        return (Part("majority", 0),)
    parts: list[Part] = []
    if heads[0].start > 0:
        # what stands before the first heading: the header and syllabus when the court's opinion is
        # announced later, else the court's own text (a separate opinion follows it)
        parts.append(Part("syllabus" if heads[0].kind in COURT else "majority", 0))
    parts.extend(heads)
    return _footnotes(text, tuple(parts))


def _headings(text: str) -> list[Part]:
    out: list[Part] = []
    paras = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]
    for k, (start, para) in enumerate(paras):
        line = _candidate(para)
        if line is None and k + 1 < len(paras):
            line = _split_heading(para, paras[k + 1][1])
        if line is None:
            continue
        lead = len(para) - len(para.lstrip())
        m = _SEPARATE.match(line)
        if m:
            out.append(Part("dissent" if m["kind"].lower() == "dissenting" or "dissent" in m["rest"].lower()
                            else "concurrence", start + lead, _author(m["who"])))
            continue
        m = _OLD_SEPARATE.match(line)
        if m and out:
            body = text[start:start + 3000].lower()
            out.append(Part("dissent" if "dissent" in body else "concurrence", start + lead, _author(m["who"])))
            continue
        m = _DELIVERED.match(line)
        if m:
            kind = "plurality" if m["verb"].lower().startswith("announced") else "majority"
            who = m["who"]
            if not who and k > 0 and _AUTHOR_ONLY.match(" ".join(paras[k - 1][1].split())):
                start, who = paras[k - 1][0], paras[k - 1][1]  # "Mr. Justice Matthews" / "delivered the opinion"
            if not any(p.kind in COURT for p in out):
                out.append(Part(kind, start + (0 if who and start != paras[k][0] else lead), _author(who)))
            continue
        if _PER_CURIAM.match(line) and not any(p.kind in COURT for p in out):
            out.append(Part("per curiam", start + lead))
    if not any(p.kind not in COURT for p in out):  # no separate opinion in its own paragraph: flattened text?
        for m in _INLINE_SEPARATE.finditer(text):
            out.append(Part("dissent" if m["kind"] == "dissenting" or "dissent" in m["rest"] else "concurrence",
                            m.start(), _author(m["who"])))
    return sorted(out, key=lambda p: p.start)


def _candidate(para: str) -> str | None:
    """The heading a paragraph may be or open: all of it when short, else its first line or two
    (slip opinions run the heading into the text: "JUSTICE KENNEDY delivered the opinion of the Court.⏎The ...")."""
    lines = para.strip().split("\n")
    for text in (para, "\n".join(lines[:2]), lines[0]):
        line = " ".join(text.split())
        if len(line) <= _HEADING_MAX and not _SUMMARY.search(line):
            if _SEPARATE.match(line) or _OLD_SEPARATE.match(line) or _DELIVERED.match(line) or _PER_CURIAM.match(line):
                return line
    return None


def _split_heading(para: str, following: str) -> str | None:
    """A heading set as two paragraphs, the judge then the label ("JUSTICE LEE" / "concurring in part and
    dissenting in part."), as CourtListener's and other publishers' pages lay it out: the two as one line."""
    who, label = " ".join(para.split()), " ".join(following.split())
    if len(label) > 120 or not _AUTHOR_ONLY.match(who) or not re.match(r"(?:concurring|dissenting)\b", label, re.I):
        return None
    line = f"{who}, {label}"
    return line if _SEPARATE.match(line) else None


def _author(who: str | None) -> str | None:
    if not who:
        return None
    name = re.sub(r"^\*\d+\s+", "", " ".join(who.split()))
    return re.sub(r"^(?:MR|MB|ME|MRS|MS)\.?\s+", "", name, flags=re.I)


def _footnotes(text: str, parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """Give each run of end-collected footnotes ("[1] ...", numbering restarting) back to its part."""
    if len(parts) < 2:
        return parts
    last = parts[-1].start
    first_fn = _FOOTNOTE_START.search(text, last)
    if not first_fn:
        return parts
    area = first_fn.start()
    runs = [m.start() for m in _FOOTNOTE_START.finditer(text, area)]
    bodies = [(p, parts[i + 1].start if i + 1 < len(parts) else area) for i, p in enumerate(parts)]
    citing = [p for p, end in bodies if p.kind != "syllabus" and _FOOTNOTE_REF.search(text, p.start, end)]
    if not citing or len(runs) > len(citing):
        return parts
    out = list(parts)
    for run_start, owner in zip(runs, citing, strict=False):
        out.append(Part(owner.kind, run_start + 1, owner.author))
    return tuple(sorted(out, key=lambda p: p.start))
