"""Court names in one style (Bluebook abbreviations), and the jurisdiction each court belongs to.

Sources spell courts every way ("9th Cir.", "CA5", "Supreme Court of the United
States", "U.S. District Court — Middle District of North Carolina", "Mo.App."):
the pages show and filter one spelling per court.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Bluebook table T10 abbreviations of the states (and D.C.), by full name.
STATES = {
    "Alabama": "Ala.", "Alaska": "Alaska", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Cal.",
    "Colorado": "Colo.", "Connecticut": "Conn.", "Delaware": "Del.", "District of Columbia": "D.C.",
    "Florida": "Fla.", "Georgia": "Ga.", "Hawaii": "Haw.", "Idaho": "Idaho", "Illinois": "Ill.",
    "Indiana": "Ind.", "Iowa": "Iowa", "Kansas": "Kan.", "Kentucky": "Ky.", "Louisiana": "La.", "Maine": "Me.",
    "Maryland": "Md.", "Massachusetts": "Mass.", "Michigan": "Mich.", "Minnesota": "Minn.",
    "Mississippi": "Miss.", "Missouri": "Mo.", "Montana": "Mont.", "Nebraska": "Neb.", "Nevada": "Nev.",
    "New Hampshire": "N.H.", "New Jersey": "N.J.", "New Mexico": "N.M.", "New York": "N.Y.",
    "North Carolina": "N.C.", "North Dakota": "N.D.", "Ohio": "Ohio", "Oklahoma": "Okla.", "Oregon": "Or.",
    "Pennsylvania": "Pa.", "Rhode Island": "R.I.", "South Carolina": "S.C.", "South Dakota": "S.D.",
    "Tennessee": "Tenn.", "Texas": "Tex.", "Utah": "Utah", "Vermont": "Vt.", "Virginia": "Va.",
    "Washington": "Wash.", "West Virginia": "W. Va.", "Wisconsin": "Wis.", "Wyoming": "Wyo.",
}
_STATE_OF_ABBR = {v.replace(" ", "").lower(): k for k, v in STATES.items()}
_ORDINAL = {"first": "1st", "second": "2d", "third": "3d", "fourth": "4th", "fifth": "5th", "sixth": "6th",
            "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th"}
_SUPREME = re.compile(r"^(?:the\s+)?(?:supreme court of the united states|united states supreme court|"
                      r"u\.\s?s\. supreme court|scotus|u\.\s?s\.|s\.\s?ct\.)$", re.I)
_CIRCUIT = re.compile(r"(?:court of appeals for the\s+)?(\w+)\s+circuit", re.I)
_CA = re.compile(r"^(?:CA|C\.A\.)\s*(\d{1,2})$", re.I)
_FED_CIR = re.compile(r"^(\d{1,2})(?:st|nd|d|rd|th)\s*cir\.?$", re.I)
_DISTRICT = re.compile(r"(?:U\.S\.\s+|United States\s+)?District Court\W+(?:for the\s+)?(?:(Northern|Southern|Eastern|"
                       r"Western|Middle|Central)\s+)?District of\s+([A-Z][A-Za-z ]+)", re.I)
_STATE_COURT = re.compile(r"^(?:(?:the\s+)?supreme court of\s+([A-Z][A-Za-z ]+)|([A-Z][A-Za-z ]+?)\s+supreme court)$",
                          re.I)
_STATE_APP = re.compile(r"^(?:(?:the\s+)?court of appeals? of\s+([A-Z][A-Za-z ]+)|([A-Z][A-Za-z ]+?)\s+court of "
                        r"appeals?)$", re.I)
_SINGLE = re.compile(r"^(?:[A-Z]\.)+$")  # "E.D.", "N.C.": Bluebook writes these without spaces between


def _tidy(s: str) -> str:
    """Bluebook spacing: a space after each abbreviation, none between single capitals ("E.D. N.C." → "E.D.N.C.")."""
    s = re.sub(r"\.(?=[A-Za-z]{2,})", ". ", s)  # "Mo.App." → "Mo. App."
    s = re.sub(r"(?<=[a-z]\.)(?=[A-Z])", " ", s)  # "W.D.Tex." keeps "W.D." together, "Tex." apart
    tokens, out = s.split(), []
    for t in tokens:
        if out and _SINGLE.match(t) and _SINGLE.match(out[-1]):
            out[-1] += t
        else:
            out.append(t)
    s = " ".join(out)
    s = re.sub(r"^Mo\. App\.", "Mo. Ct. App.", s)  # Bluebook T1: Missouri's is "Mo. Ct. App.", Texas's "Tex. App."
    s = re.sub(r"\bBkrtcy\b", "Bankr.", s)
    return re.sub(r"\s+banc$", "", s)  # "Mo. banc": the state's supreme court sitting en banc


@lru_cache(maxsize=4096)
def court_name(raw: str | None) -> str:
    """One spelling per court: "CA5" and "Fifth Circuit" → "5th Cir.", the Supreme Court → "U.S.", "" if unknown."""
    if not raw or not raw.strip():
        return ""
    s = " ".join(raw.replace("—", " ").replace("–", " ").split())
    if _SUPREME.match(s):
        return "U.S."
    if m := _CA.match(s):
        return f"{int(m[1])}{_suffix(int(m[1]))} Cir."
    if m := _FED_CIR.match(s.replace(" ", "")):
        n = int(m[1])
        return f"{n}{_suffix(n)} Cir."
    if "circuit" in s.lower() and (m := _CIRCUIT.search(s)):
        word = m[1].lower()
        if word in _ORDINAL:
            return f"{_ORDINAL[word]} Cir."
        if word in ("federal", "d.c.", "dc", "columbia"):
            return "Fed. Cir." if word == "federal" else "D.C. Cir."
    if m := _DISTRICT.search(s):
        state = STATES.get(m[2].strip().title(), m[2].strip())
        part = (m[1][0].upper() + ".D.") if m[1] else ""
        return _tidy(f"{part} {state}".strip()) if part else f"D. {state}"
    if m := _STATE_COURT.match(s):
        name = (m[1] or m[2]).strip().title()
        if name in STATES:
            return STATES[name]
    if m := _STATE_APP.match(s):
        name = (m[1] or m[2]).strip().title()
        if name in STATES:
            return f"{STATES[name]} Ct. App."
    return _tidy(s)


def _suffix(n: int) -> str:
    return {1: "st", 2: "d", 3: "d"}.get(n, "th")


@lru_cache(maxsize=4096)
def jurisdiction(raw: str | None) -> str:
    """"Federal", a state's name, or "" when the court is unknown or its state cannot be told."""
    c = court_name(raw)
    if not c:
        return ""
    federal_district = c != "D.C." and re.match(r"^(?:[NSEWMC]\.)?D\.\s?[A-Z]", c)
    if c == "U.S." or c.endswith("Cir.") or c.startswith(("Bankr.", "D. ")) or federal_district:
        return "Federal"
    words = c.split()
    for n in (2, 1):  # "W. Va." before "W."
        state = _STATE_OF_ABBR.get("".join(words[:n]).lower())
        if state:
            return state
    return ""
