"""How the stores key what they look up, and what the pipeline above them keys the same way: a caption's
name key (two spellings of one caption, "Int'l" / "International", "Techs." / "Technologies", share it)
and a citation's reporter rank (which of a case's parallel citations names it first).

The only place where two spellings of one caption are made to meet; `ingest.names` reads captions out of
text with these.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Bluebook T6/T10 abbreviations, mapped to one spelling so that captions meet.
# Words mapped to "" carry no identity (entity forms, articles, "v.").
ABBREVIATIONS: dict[str, str] = {
    "intl": "international",
    "natl": "national",
    "assn": "association",
    "assoc": "association",
    "indus": "industry",
    "industries": "industry",
    "mag": "magazine",
    "techs": "technologies",
    "tech": "technologies",
    "technology": "technologies",
    "grp": "group",
    "cos": "companies",
    "props": "properties",
    "fam": "family",
    "pship": "partnership",
    "servs": "services",
    "serv": "services",
    "glob": "global",
    "ins": "insurance",
    "atl": "atlantic",
    "sch": "school",
    "am": "american",
    "amer": "american",
    "med": "medical",
    "jud": "judicial",
    "dist": "district",
    "ct": "court",
    "super": "superior",
    "agric": "agriculture",
    "prods": "productions",
    "prod": "products",
    "bros": "brothers",
    "fed": "federal",
    "commn": "commission",
    "comm": "commission",
    "dept": "department",
    "dep": "department",
    "univ": "university",
    "mfg": "manufacturing",
    "elec": "electric",
    "info": "information",
    "sys": "systems",
    "hosp": "hospital",
    "auth": "authority",
    "bd": "board",
    "cnty": "county",
    "cty": "county",
    "educ": "education",
    "envtl": "environmental",
    "fin": "financial",
    "govt": "government",
    "hous": "housing",
    "invs": "investments",
    "mgmt": "management",
    "mktg": "marketing",
    "mut": "mutual",
    "pharm": "pharmaceutical",
    "pharms": "pharmaceuticals",
    "pub": "public",
    "publg": "publishing",
    "reg": "regional",
    "sec": "securities",
    "sav": "savings",
    "transp": "transportation",
    "util": "utility",
    "cal": "california",
    "mont": "montana",
    "tex": "texas",
    "fla": "florida",
    "mass": "massachusetts",
    "colo": "colorado",
    "wash": "washington",
    "ill": "illinois",
    "penn": "pennsylvania",
    "pa": "pennsylvania",
    "ariz": "arizona",
    "haw": "hawaii",
    "us": "united states",
    "u s": "united states",
    "corp": "",
    "corporation": "",
    "inc": "",
    "incorporated": "",
    "co": "",
    "company": "",
    "llc": "",
    "ltd": "",
    "limited": "",
    "lllp": "",
    "llp": "",
    "lp": "",
    "plc": "",
    "sa": "",
    "ag": "",
    "ab": "",
    "as": "",
    "sro": "",
    "pty": "",
    "gmbh": "",
    "nv": "",
    "bv": "",
    "the": "",
    "of": "",
    "v": "",
    "vs": "",
    "and": "",
    "et": "",
    "al": "",
    "a": "",
    "de": "",
    "for": "",
    "on": "",
    "behalf": "",
    "doing": "",
    "business": "",
    "dba": "",
}


def fold_text(s: str) -> str:
    """ASCII-fold and unify quotes, so "Int’l" and "Int'l" are one spelling."""
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1 << 16)  # settling reads every stored claim's names, mostly the same few thousand
def tokens(name: str) -> frozenset[str]:
    """The identity-bearing words of a caption, abbreviations expanded."""
    s = fold_text(name or "").lower().replace("'", "").replace("&", " and ")
    s = re.sub(r"\(.*?\)", " ", s)
    s = re.sub(r"\b(int|nat|ass|p|gov|comm|dep|govt)\s+(l|n|ship|t)\b", r"\1\2", s)  # "int l" in stripped text
    s = re.sub(r"\bu\.\s?s\.", " us ", s)
    s = re.sub(r"[^a-z0-9 ]+", " ", s)
    out: set[str] = set()
    for t in s.split():
        t = ABBREVIATIONS.get(t, t)
        for w in t.split():
            if w and not w.isdigit():
                out.add(w)
    return frozenset(out)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """A string that two spellings of one caption share."""
    return " ".join(sorted(tokens(name)))


# Reporter preference for a decision's id and headline citation: official first.
_REPORTER_RANK = [
    (re.compile(r"^\d+ U\.\s?S\. \d"), 0),
    (re.compile(r"^\d+ F\.( ?\dd| ?4th)? \d"), 1),
    (re.compile(r"^\d+ F\. ?Supp\."), 2),
    (re.compile(r"S\. ?Ct\.|L\. ?Ed\."), 4),
    (re.compile(r" (WL|U\.S\. Dist\. LEXIS|LEXIS) "), 5),
]


def reporter_rank(cite: str) -> int:
    for pattern, rank in _REPORTER_RANK:
        if pattern.search(cite):
            return rank
    return 3
