"""Case names: reading a caption out of text, and its short forms (a caption's identity-bearing words and its
name key, which the stores index by, are in `graph.keys`)."""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from graph.keys import ABBREVIATIONS, fold_text

# Parties that name the sovereign: the other party is the case's short name.
SOVEREIGNS = {"united states", "people", "state", "commonwealth", "government", "city", "county"}
# A State as a party: "Texas v. Johnson" is "Johnson" for short, never "Texas".
US_STATES = {
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
    "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming", "district of columbia",
}

# Signals and connectives that may stand before a caption but are not part of it.
_LEADING = re.compile(
    r"^(?:(?:see|also|e\.g\.,?|cf\.?|compare|but|accord|contra|in|under|unlike|and|with|quoting|citing|"
    r"following|discussing|distinguishing|overruling|generally|however|thus|here|as|then|to|of|from)"
    r"[,:]?\s+)+",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_STAR_PAGE = re.compile(r"\*{1,3}\d{1,5}")
# A number that closes what came before: "in 1873. Thompson", "at 161-167, and Davis", "3rd. Since
# Pennock", "in 1937 Adkins" (a bare year); "14 Penn Plaza" keeps its number.
_CLOSES = re.compile(r"[\d\-–.]*\d(?:st|nd|rd|th)?[.,]|1[6-9]\d\d|20\d\d")
# A docket number between a caption and its citation ("Doe v. Roe, No. 12-345, 2010 WL 1"), not a "No." far
# back in the prose ("(See Docket Entry No. 195.) ... Librotex, Inc. v. Autoridad ..., 138 P.R. Dec. 938").
_DOCKET_TAIL = re.compile(
    r",?\s*(?:Nos?\.|Civ(?:il)?\.?\s+No\.|Case No\.|Docket No\.|Civil Action No\.)"
    r"(?:(?!\.\s+[A-Z])[^\[\]\"“”;]){0,80}$"
)
_V = re.compile(r"\s+\[?v(?:s)?\.\s+")  # "Holder [v. Polanski": an editor's bracket
_CONNECTORS = {
    "of",
    "the",
    "and",
    "&",
    "de",
    "del",
    "la",
    "le",
    "les",
    "du",
    "des",
    "for",
    "ex",
    "rel.",
    "on",
    "behalf",
    "et",
    "al.",
    "d/b/a",
    "van",
    "von",
    "y",
    "e",
    "da",
    "do",
    "dos",
    "di",
    "in",
    "re",
    "to",  # "N.C. Right to Life, Inc."
    "with",  # "Am. Ass'n of People with Disabilities"
}
_ENTITY = re.compile(
    r"(?:,?\s+(?:Inc|Corp|Co|Ltd|LLC|L\.L\.C|LLLP|LLP|L\.P|LP|PLC|S\.A|A\.G|AG|AB|Pty|GmbH|S\.r\.o|"
    r"a\.s|N\.A|N\.V|B\.V)\.?)+$",
    re.IGNORECASE,
)


def tokens_match(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two captions' tokens plausibly name one decision: one holds the other, or most are shared."""
    if not a or not b:
        return False
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if small <= big and (len(small) >= 2 or len(big) <= 2):
        return True
    return len(a & b) / len(a | b) >= 0.6


def _tidy(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,;:\"'“”‘’")
    return s


def caption_before(text: str, end: int, floor: int = 0) -> str | None:
    """The "X v. Y" caption that ends right before `end` (a reporter cite or docket number)."""
    window = text[max(floor, end - 400) : end]
    window = _DOCKET_TAIL.sub("", window.rstrip(" ,\n"))
    window = window.rstrip(" ,\n")
    window = _after_last_paragraph(window)
    matches = list(_V.finditer(window))
    if not matches:
        m = re.search(r"\b(?:In re|Ex [Pp]arte|Matter of|In the Matter of)\s+[^;()]{2,120}$", window)
        return re.sub(r"^Ex Parte\b", "Ex parte", _tidy(m.group(0))) if m else None
    v = matches[-1]
    # a footnote mark or the year before the cite: "Driehaus, 14", "Bell v. Bell, 1901, 181 U.S. 175"
    defendant = re.sub(r",\s*(?:\d{1,3}|1[6-9]\d\d|20\d\d)$", "", window[v.end() :])
    if re.search(r"[;:“”]|\)\.|\.\s+[A-Z][a-z]+\s[a-z]", defendant) or len(defendant) > 160:  # prose, a quote
        return None
    plaintiff = _walk_back(window[: v.start()])
    if not plaintiff:
        return None
    return _tidy(f"{plaintiff} v. {_tidy(defendant)}")


_PROSE_DEFENDANT = re.compile(
    r"[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|of|the|and|&|de|for)(?=\s+[A-Z]|[\s,]))*"
    r"(?:,?\s+(?:Inc|Co|Corp|Ltd|LLC|L\.L\.C|N\.A|P\.C|L\.P)\.?)*"
)


def caption_in_prose(text: str, end: int, floor: int = 0) -> str | None:
    """The caption a sentence names before a citation that stands alone after it: "In Salvas v. Wal-Mart
    Stores, Inc., the [court] applied these principles ... 893 N.E.2d 1187". Only in the same paragraph
    and with no other citation between (`floor`)."""
    window = _after_last_paragraph(text[max(floor, end - 400) : end])
    base = end - len(window)
    v = next(reversed(list(_V.finditer(window))), None)
    if v is None:
        return None
    d = _PROSE_DEFENDANT.match(window, v.end())
    if d is None or window[d.end() : d.end() + 1] not in {",", " ", "'", "’"}:
        return None
    return caption_before(text, base + d.end(), base + 0)


def _after_last_paragraph(window: str) -> str:
    """The window from the last paragraph break that closes a sentence or a note's number ("…respondents.
    / [footnote 5] / Smith v. Allwright"): a caption does not run back over it. A break inside a
    sentence ("Driehaus, / 14 / 573 U.S. 149", a page's footnote mark) is layout and is crossed."""
    cut = 0
    for m in _PARAGRAPH.finditer(window):
        if re.search(r"[.?!:;\]\"”)]\s*$", window[: m.start()]):
            cut = m.end()
    return window[cut:]


def _walk_back(before: str) -> str:
    """The words of a plaintiff's name, read backwards until the caption's start."""
    toks = before.split()
    kept: list[str] = []
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        if re.fullmatch(r"\([A-Z][\w.'’-]*\)", tok):  # "(Bermuda)"
            kept.append(tok)
            continue
        # "(1953), and X v. Y", a page break "[590 F.3d 865] X v. Y" or "*276 X v. Y": the caption
        # starts after it
        if (
            # "City of Kenosha v. Bruno, and X", "the Civil Rights Act, in Cowles v. Mercer County"
            tok.endswith(",") and kept and kept[-1] in {"and", "or", "in"}
            or tok.rstrip(",.").endswith((";", ":", ")", "]"))
            or kept and _ends_sentence(tok)
            or _STAR_PAGE.fullmatch(tok)
            or kept and _CLOSES.fullmatch(tok)
        ):
            break
        if re.search(r"[\"“”‘(\[]", tok):  # the caption starts inside a quote, parenthesis or bracket
            tail = re.split(r"[\"“”‘(\[]", tok)[-1]
            if tail[:1].isupper() or tail[:1].isdigit():
                kept.append(tail)
            break
        bare = tok.strip(",")
        if bare[:1].isupper() or any(ch.isdigit() for ch in bare) or bare.lower() in _CONNECTORS:
            kept.append(tok)
            if len(kept) > 14:
                break
            continue
        if re.match(r"^[a-z][\w.]*[A-Z0-9]", bare):  # "be2", "eBay"
            kept.append(tok)
        break
    return strip_leading(" ".join(reversed(kept)))


_ADVERBS = frozenset(
    "however indeed thus here there moreover further furthermore finally accordingly likewise again first second"
    " third also nonetheless nevertheless instead rather yet still next now then therefore hence otherwise".split()
)


def strip_leading(words: str) -> str:
    """A party's name without what stands before it in prose: a footnote mark, a signal, a connective
    ("4 See Thompson", "and Grutter")."""
    words = re.sub(r"^\d{1,3}\s+(?=(?:see|cf|but|accord|compare|e\.g|in)\b)", "", words, flags=re.I)
    words = re.sub(r"^\[?\*?\d{1,3}\]\s*", "", words)  # a footnote mark glued on: "13]Shapiro v. Thompson"
    # prose naming the court that decided it: "Court of Appeals for the Second Circuit in Rothstein v. Wyman"
    if re.search(r"\bin\s+[A-Z]", words):
        words = re.sub(r"^(?:the\s+)?(?:[\w.'’]+\s+){0,8}?(?:court|circuit|appeals|judge|justice)\b[^,;]{0,60}?\s+in\s+"
                       r"(?=[A-Z])", "", words, flags=re.I)
    # an adverb opening the sentence: "Similarly, in Moor v. County of Alameda", "Indeed, Smith v. Jones"
    lead = re.match(r"([A-Z][a-z]+),\s+(?=\S)", words)
    if lead and (lead[1].lower() in _ADVERBS or lead[1].endswith("ly") and zipf_frequency(lead[1], "en") >= 3.5):
        words = words[lead.end() :]
    words = _LEADING.sub("", words) if not re.match(r"(?i)in re\b", words) else words
    while words and words.split(" ")[0].lower() in _CONNECTORS - {"in"}:
        words = words.split(" ", 1)[1] if " " in words else ""
    return _tidy(words)


def _ends_sentence(tok: str) -> bool:
    """Whether a word ending in a period closes a sentence rather than abbreviates: a long word that is
    not an abbreviation, or a common short word ("the Parentage Act. D.W. v. R.W.")."""
    if not tok.endswith((".", ".’", '."', ".”", ".'")):
        return False
    core = fold_text(tok).strip(".'\"’”").lower()
    if "." in core or core.replace("'", "") in ABBREVIATIONS:
        return False
    if len(core) > 4:
        return True
    return len(core) >= 3 and core not in _SHORT_ABBREVIATIONS and zipf_frequency(core, "en") >= 4.5


# Reporter and caption abbreviations that are also common words ("App.", "Miss.", "Bus.", "Art.").
_SHORT_ABBREVIATIONS = frozenset("app miss bus art cent gen rev ann mar jan feb apr aug sept oct nov dec".split())


def short_forms(caption: str) -> set[str]:
    """The names a court may use for a decision after citing it in full ("Mavrix", "Will")."""
    parts = _V.split(caption, maxsplit=1)
    first = parts[0]
    if len(parts) == 2 and fold_text(first).lower().strip() in SOVEREIGNS | US_STATES | {"the people", "in re"}:
        first = parts[1]
    first = re.sub(r"^(?:The|In re|Ex [Pp]arte)\s+", "", first.strip())
    first = re.sub(r"\s*\(.*?\)", "", first)
    first = _ENTITY.sub("", first).strip(" ,")
    forms: set[str] = set()
    if len(parts) == 2 and first != parts[1] and _GOVERNMENT.search(first):
        # Bluebook 10.9: a governmental first party ("Housing Authority of Birmingham v. Morris") leaves the
        # short name to the other side: "the Morris decision"
        second = _ENTITY.sub("", re.sub(r"\s*\(.*?\)", "", parts[1])).strip(" ,")
        if len(second.split()) <= 3 and not _GOVERNMENT.search(second):
            forms.add(second)
    if first:
        forms.add(first)
        # a person's name heading the caption: "Joseph E. Seagram & Sons" is "Seagram"
        person = re.match(r"^[A-Z][a-z]+\s+(?:[A-Z]\.\s*)+([A-Z][\w'’-]{2,})", first)
        if person:
            forms.add(person.group(1))
        words = first.split()
        if len(words) > 1 and len(words[0].strip(",")) >= 3 and words[0].strip(",").lower() not in _GENERIC:
            forms.add(words[0].strip(","))
    return {
        f
        for f in forms
        if len(re.sub(r"[^A-Za-z]", "", f)) >= 3
        and fold_text(f).lower() not in _GENERIC | SOVEREIGNS | US_STATES
        and not re.fullmatch(r"(?:[A-Z]\.)+\S*", f)  # "U.S.", "G.N."
    }


# A party that is a public body: a decision is known by the other party's name.
_GOVERNMENT = re.compile(
    r"\b(?:Authority|Auth\.|Commission|Comm['’]n|Commissioner|Comm['’]r|Department|Dep['’]t|Dept\.|Board|Bd\."
    r"|Agency|Bureau|Division|Div\.|District|Dist\.|City|County|Cnty\.|Town|Township|Village|Borough|Parish"
    r"|Secretary|Sec['’]y|Director|Administrator|Office|Council)(?:\s+of\b|$|,|\s)"
)

# First words too common to stand for one decision on their own.
_GENERIC = {
    "united",
    "international",
    "int'l",
    "national",
    "nat'l",
    "american",
    "am.",
    "first",
    "general",
    "doe",
    "does",
    "john",
    "jane",
    "city",
    "county",
    "state",
    "board",
    "department",
    "dep't",
    "new",
    "north",
    "south",
    "east",
    "west",
    "great",
    "southern",
    "northern",
    "western",
    "eastern",
    "central",
    "federal",
    "bank",
    "estate",
    "people",
    "commonwealth",
    "in",
    "re",
    "ex",
    "parte",
    "matter",
    "the",
    "securities",
    "insurance",
    "mutual",
    "home",
    "union",
    "trustees",
    "st.",
    "san",
    "los",
    "las",
}


def display_name(caption: str) -> str:
    """A caption as people write it: ALL-CAPS turned to title case, whitespace tidied."""
    caption = _tidy(caption)
    if caption.isupper():
        caption = caption.title().replace(" V. ", " v. ")
    return caption
