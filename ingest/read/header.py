"""Caption, court, date, docket and own citations read from the top of an opinion's text.

Files without metadata fields (plain text, HTML, PDF, a lone CourtListener
opinion) still carry it in their first lines, in a few shapes: a citation line
("Doe v. Roe, No. 22-1 (9th Cir. 2024)"), vendor "Key: value" lines, or a slip
opinion's court line, party block and "Decided" date. The rules here are generic
and only look at a bounded header, with linear regexes, so untrusted input
cannot make them slow. Whatever is not found stays None; `build` records it in
`Opinion.missing` instead of guessing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as Date

from eyecite import get_citations
from eyecite.models import FullCaseCitation

from ingest.models import Opinion

HEADER_LINES = 60
HEADER_CHARS = 6000
LINE_CHARS = 2000

_V = re.compile(r"\s+(?:v\.|vs\.?|versus)\s+", re.I)
_PARTICLES = frozenset(
    "of the and for in on at to by a an de del la le von van ex rel. rel et al. al d/b/a as its his her "
    "their o/b/o & v. vs. vs".split()
)
_COURT_ABBREVIATIONS = frozenset("Cir App Ct Div Dist Super Sup Ch Civ Crim Bankr Fed Cl Cnty Co Jud".split())
_SIGNALS = frozenset("see cf. but accord e.g. e.g., compare citing quoting also".split())
_ROLES = re.compile(
    r"^(?:et\s+al\.?|(?:plaintiffs?|defendants?|appellants?|appellees?|respondents?|petitioners?"
    r"|intervenors?|claimants?|relators?|movants?)(?:[-\s/]\w+)*\.?)$",
    re.I,
)
_KEEP_CAPS = frozenset("LLC LLP LP PC PA NA USA II III IV VI VII VIII IX XI".split())
_SMALL = frozenset("of the and for in on at to by a an de ex rel. et al. as".split())
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATES = (
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), (1, 2, 3)),
    (re.compile(r"\b(\d{1,2})[-/](\d{1,2})[-/](\d{4})\b"), (3, 1, 2)),
    (re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), (3, 1, 2)),
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I), (3, 2, 1)),
)
_DATE_KEYWORD = re.compile(r"\b(?:decided|filed|signed|dated|entered|issued|argued and submitted)\b", re.I)
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\s*$")
_KEY_LINE = re.compile(
    r"^(court|docket(?: numbers?| no\.?)?(?:\(s\))?|case(?: name| no\.?)?|caption|title"
    r"|date(?: filed| decided)?|decided|filed)\s*:\s*(\S.*)$",
    re.I,
)
_COURT_LINE = re.compile(r"^(?:in\s+the\s+)?(?:\S+\s+){0,4}court\b", re.I)
_DOCKET_LINE = re.compile(r"^\[?(?:[A-Z][a-z]{1,8}\.?\s+){0,2}Nos?\.\s*(?=\S*\d)")
_SPLIT_REST = re.compile(r",\s+(?=(?:Nos?\.|Docket|Case No\.)\s|\d)")
_BODY_PARTY = re.compile(
    r"\b(?P<role>Plaintiffs?|Defendants?|Petitioners?|Respondents?|Appellants?|Appellees?),?\s+"
    r"(?P<name>[A-Z][^()\"“\n]{1,80}?)\s*\([\"“]"
)


@dataclass
class Header:
    """What the top of a text says about the decision."""

    caption: str | None = None
    court: str | None = None
    date: str | None = None
    docket: str | None = None
    citations: tuple[str, ...] = ()


def build(
    text: str,
    source_file: str,
    fmt: str,
    *,
    caption: str | None = None,
    court: str | None = None,
    date: str | None = None,
    docket: str | None = None,
    citations: tuple[str, ...] = (),
) -> Opinion:
    """An Opinion whose metadata comes from the given fields first, then from the text header."""
    if not (caption and court and date and docket and citations):
        found = parse_header(text)
        caption = caption or found.caption
        court = court or found.court
        date = date or found.date
        docket = docket or found.docket
        citations = citations or found.citations
    caption = normalise_caption(caption) if caption else None
    date = normalise_date(date) if date else None
    docket = clean_docket(docket) if docket else None
    court = (court.strip() or None) if court else None
    missing = tuple(k for k, v in (("caption", caption), ("court", court), ("date", date)) if not v)
    return Opinion(
        text=text,
        source_file=source_file,
        format=fmt,
        caption=caption,
        court=court,
        date=date,
        docket=docket,
        citations=tuple(dict.fromkeys(citations)),
        missing=missing,
    )


def parse_header(text: str) -> Header:
    """Read whatever metadata the first lines of `text` give."""
    lines = [line[:LINE_CHARS].strip() for line in text[:HEADER_CHARS].splitlines()[:HEADER_LINES]]
    head = Header()
    for line in lines[:5]:
        if line:
            _citation_line(line, head)
            break
    _key_lines(lines, head)
    caption = head.caption or _caption_from_lines(lines) or _caption_from_body(text[:HEADER_CHARS])
    head.caption = normalise_caption(caption) if caption else None
    head.court = head.court or _court_from_lines(lines)
    head.date = head.date or _date_from_lines(lines)
    head.docket = head.docket or _docket_from_lines(lines)
    head.citations = tuple(dict.fromkeys(head.citations + _citation_lines(lines)))
    return head


def _citation_line(line: str, head: Header) -> None:
    """`Caption, No. 1 | 1 U.S. 1 (Court Year)`: the first-line shape of vendors and converters."""
    m = re.match(r"^(?P<head>[^()]{3,400}?)\s*\((?P<paren>[^()]{2,200})\)\s*$", line)
    if not m or not _V.search(m["head"]):
        return
    split = _SPLIT_REST.search(m["head"])
    caption = m["head"][: split.start()] if split else m["head"]
    rest = m["head"][split.end() :] if split else ""
    if not _valid_caption(caption):
        return
    head.caption = caption
    if rest.startswith("No"):
        head.docket = rest
    elif rest:
        head.citations = _cites(rest)
    paren = m["paren"]
    found = find_date(paren)
    if found:
        head.date, (start, end) = found
        paren = paren[:start] + paren[end:]
    else:
        year = _YEAR.search(paren)
        if year:
            head.date = year[1]
            paren = paren[: year.start()]
    court = re.sub(r"\b(?:decided|filed)\b", "", paren, flags=re.I).strip(" ,;")
    head.court = court or None


def _key_lines(lines: list[str], head: Header) -> None:
    """Vendor headers: `Court: ...`, `Docket Number(s): ...`, `Date: ...`."""
    for line in lines:
        m = _KEY_LINE.match(line)
        if not m:
            continue
        key, value = m[1].lower(), m[2].strip()
        if key == "court":
            head.court = head.court or _title_if_caps(value)
        elif key.startswith("docket") or key.startswith("case no"):
            head.docket = head.docket or value
        elif key.startswith(("case", "caption", "title")):
            head.caption = head.caption or (value if _valid_caption(value) else None)
        else:
            found = find_date(value)
            head.date = head.date or (found[0] if found else None)


def _caption_from_lines(lines: list[str]) -> str | None:
    """The first "X v. Y" in the header: one line, a caption wrapped over lines, or a party block."""
    for i, line in enumerate(lines):
        if line.lower() in {"v.", "v", "vs.", "vs", "versus"}:
            caption = f"{_party(_block(lines, i, -1))} v. {_party(_block(lines, i, 1))}"
            if _valid_caption(caption):
                return caption
        elif _V.search(line) or re.match(r"^(?:In re|Ex parte|Matter of)\s+\S", line):
            caption = _unwrap(lines, i)
            caption = caption.rsplit(": ", 1)[-1]
            split = _SPLIT_REST.search(caption)
            caption = caption[: split.start()] if split else caption
            if _valid_caption(caption):
                return caption
    return None


def _is_role_line(line: str) -> bool:
    """ "Plaintiff, Appellant," or "Defendants-Appellees.": a party block's role, not a name."""
    parts = [p.strip() for p in line.split(",") if p.strip()]
    return bool(parts) and all(_ROLES.match(p) for p in parts)


def _block(lines: list[str], i: int, step: int) -> str:
    """The party named on the lines before (step -1) or after (+1) a lone "v.": its role lines skipped,
    a name wrapped over lines joined ("JESSICA C. RULE, individually and on behalf of / all others")."""
    j = i + step
    while 0 <= j < len(lines) and (not lines[j] or _is_role_line(lines[j])):
        j += step
    block: list[str] = []
    while (
        0 <= j < len(lines)
        and lines[j]
        and not _is_role_line(lines[j])
        and not _DOCKET_LINE.match(lines[j])
        and not _COURT_LINE.match(lines[j])
        and len(block) < 3
    ):
        block.append(lines[j])
        j += step
    return " ".join(reversed(block) if step < 0 else block)


def _unwrap(lines: list[str], i: int) -> str:
    """Join a caption that a slip opinion wraps over up to three lines on each side."""
    start = i
    while start > max(0, i - 3) and lines[start - 1] and not lines[start - 1].endswith((".", ":", "]")):
        start -= 1
    end = i
    while end < min(len(lines) - 1, i + 3) and lines[end + 1] and not lines[end].endswith((".", ",")):
        end += 1
    return " ".join(lines[start : end + 1])


def _caption_from_body(text: str) -> str | None:
    """`Plaintiff Acme, Inc. ("Plaintiff") ... Defendant Bob Roe ("Defendant")`: orders without a caption."""
    names: dict[str, str] = {}
    for m in _BODY_PARTY.finditer(text):
        side = "p" if m["role"].lower().startswith(("plaintiff", "petitioner", "appellant")) else "d"
        names.setdefault(side, m["name"].strip(" ,"))
    if len(names) == 2:
        caption = f"{names['p']} v. {names['d']}"
        return caption if _valid_caption(caption) else None
    return None


def _party(side: str) -> str:
    """A party as a caption names it: drop roles, titles and capacities, keep "Inc."-like suffixes."""
    parts = [p.strip() for p in re.split(r"[,;]", side)]
    kept = [re.sub(r"\s+et\s+al\.?$", "", parts[0], flags=re.I)]
    for part in parts[1:]:
        if (
            " " not in part
            and len(part) <= 8
            and (part.endswith(".") or part.isupper())
            and not _ROLES.match(part)
        ):
            kept.append(part)
        else:
            break
    return ", ".join(kept).strip()


def _valid_caption(caption: str) -> bool:
    """A caption: short parties made of capitalised words, not a citation in running prose."""
    caption = caption.strip()
    if not caption or len(caption) > 300:
        return False
    sides = _V.split(caption, maxsplit=1)
    if len(sides) == 1 and not re.match(r"^(?:In re|Ex parte|Matter of)\s", caption):
        return False
    words = caption.split()
    if words[0].lower() in _SIGNALS:
        return False
    for side in sides:
        side_words = side.replace(",", " ").split()
        if not side_words or len(side_words) > 14:
            return False
        for word in side_words:
            if word[0].islower() and word.lower() not in _PARTICLES:
                return False
    return True


# A caption's closing footnote mark ("PENNSYLVANIA (CITY OF JEANNETTE).[*]", "ADKINS.*", "Roe.1")
_NOTE_MARK = re.compile(r"(?:\s*(?:\[\s*(?:\*+|†|‡|\d{1,2})\s*\]|\*+|†|‡|(?<=\.)\d{1,2}))+$")
# Abbreviations a caption may end with ("Mayer Co.", "Bros.", "K.S."): their period stays
_ENDS_ABBREVIATED = {
    "co", "cos", "inc", "corp", "ltd", "bros", "assn", "ass'n", "univ", "dept", "comm'n", "commn", "dist",
    "intl", "int'l", "natl", "nat'l", "mfg", "bd", "auth", "ins", "sys", "tel", "ry", "r.r", "cnty", "twp",
    "ctr", "gov't", "sav", "fed", "nos", "al", "jr", "sr", "esq", "llc", "l.l.c", "p.c", "n.a", "s.a",
}


def normalise_caption(caption: str) -> str:
    """One spacing, parties without roles, "v." in lower case, ALL-CAPS words title-cased; no closing
    footnote mark, and no closing period that ends the heading rather than an abbreviation ("Mapp v. Ohio.")."""
    caption = _NOTE_MARK.sub("", " ".join(caption.split())).strip(" ,;:")
    last = re.search(r"([\w'’.]+)\.$", caption)
    if caption.endswith(").") or (
        last and len(last[1]) > 1 and "." not in last[1] and last[1].lower() not in _ENDS_ABBREVIATED
    ):
        caption = caption[:-1]
    sides = _V.split(caption, maxsplit=1)
    caption = " v. ".join(_party(s) for s in sides) if len(sides) == 2 else caption
    return _title_if_caps(caption)


def _title_if_caps(value: str) -> str:
    """Title-case a mostly upper-case string, keeping initials ("A.S.") and acronyms ("LLC")."""
    letters = [c for c in value if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.6:
        return value
    out = []
    for n, word in enumerate(value.split(" ")):
        bare = word.strip(",;:()[]")
        if bare.upper() in {"V.", "VS."}:
            out.append(word.lower())
        elif bare in _KEEP_CAPS or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", bare) or not bare.isupper():
            out.append(word)
        elif n and bare.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append(re.sub(r"[A-Za-z]+", lambda m: m[0].capitalize(), word.lower()))
    return " ".join(out)


_FOR_THE = re.compile(r"^\s*for\s+the\s+(?=[\w\s.]{4,80}$)", re.I)


def _court_from_lines(lines: list[str]) -> str | None:
    """A short line that starts by naming a court: "Supreme Court of ...", "United States District Court"."""
    for i, line in enumerate(lines):
        if len(line) > 150 or not _COURT_LINE.match(line):
            continue
        words = re.sub(r"^in\s+the\s+", "", line, flags=re.I).replace(",", " ").split()
        if all(not w[0].islower() or w in _PARTICLES for w in words):
            court = _title_if_caps(re.sub(r"^in\s+the\s+", "", line, flags=re.I))
            after = next((x for x in lines[i + 1:i + 4] if x.strip()), "")
            if _FOR_THE.match(after):  # "United States Court of Appeals / FOR THE DISTRICT OF COLUMBIA CIRCUIT"
                court = f"{court} for the {_title_if_caps(_FOR_THE.sub('', after))}"
            # "Waco." ends a sentence-like line; "Cir." or "App." is an abbreviation and keeps its period.
            last = court.rsplit(" ", 1)[-1].rstrip(".")
            return court if last in _COURT_ABBREVIATIONS or "." in last else court.rstrip(".")
    return None


def _date_from_lines(lines: list[str]) -> str | None:
    """A decision date: after "Decided"/"Filed"/"Signed" on a short line, else a line that is just a date."""
    plain = None
    for line in lines:
        if len(line) > 120:
            continue
        for m in _DATE_KEYWORD.finditer(line):
            found = find_date(line[m.end() :])
            if found:
                return found[0]
        found = find_date(line)
        if found and plain is None and len(line) - (found[1][1] - found[1][0]) <= 20:
            plain = found[0]
    return plain


def _docket_from_lines(lines: list[str]) -> str | None:
    """`No. 22-55315`, `Civ. No. 19-00139 ACK-KJM`, `[No. 38561.` at the start of a line."""
    for line in lines:
        m = _DOCKET_LINE.match(line)
        if m:
            docket = re.split(r"\s{2,}|\.\s|\]|;", line[m.end() :])[0]
            docket = clean_docket(docket)
            if docket and len(docket) <= 40:
                return docket
    return None


def _citation_lines(lines: list[str]) -> tuple[str, ...]:
    """Header lines that are only the opinion's own reporter citation ("590 F.Supp.3d 850")."""
    cites: list[str] = []
    for line in lines:
        bare = re.sub(r"^(?:reported\s+in|cite\s+as:?)\s*", "", line.strip("()."), flags=re.I)
        if not bare or len(bare) > 60 or line.startswith("[") or not bare[0].isdigit():
            continue
        found = [c for c in get_citations(bare) if isinstance(c, FullCaseCitation)]
        if len(found) == 1 and len(found[0].matched_text()) >= 0.6 * len(bare):
            cites.append(found[0].corrected_citation())
    return tuple(cites)


def _cites(text: str) -> tuple[str, ...]:
    return tuple(c.corrected_citation() for c in get_citations(text) if isinstance(c, FullCaseCitation))


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first valid calendar date in `text` as ISO, with its span."""
    best: tuple[str, tuple[int, int]] | None = None
    for pattern, (y, mo, d) in _DATES:
        for m in pattern.finditer(text):
            month = m[mo] if m[mo].isdigit() else _MONTHS.get(m[mo].lower().rstrip("."))
            try:
                iso = Date(int(m[y]), int(month or 0), int(m[d])).isoformat()
            except ValueError:
                continue
            if best is None or m.start() < best[1][0]:
                best = (iso, m.span())
            break
    return best


def normalise_date(value: str) -> str | None:
    """ISO `YYYY-MM-DD`, or `YYYY` when only the year is sure."""
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return value
    found = find_date(value)
    if found:
        return found[0]
    year = re.match(r"(\d{4})-\d{2}\b", value)
    return year[1] if year else None


def clean_docket(value: str) -> str | None:
    """A docket number without its "No." label and trailing period."""
    value = re.sub(r"^(?:docket\s+)?nos?\.\s*", "", value.strip(), flags=re.I).strip().rstrip(".").strip()
    return value or None
