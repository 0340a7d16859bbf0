"""Finding cited decisions in citation-stripped text.

Some published texts are lower-cased with digits and most punctuation gone and
"v." dropped, so "Intercon, Inc. v. Bell Atl. Internet Solutions, Inc., 205
F.3d 1244, 1247 (10th Cir. 2000)" survives only as "intercon,bell atl.internet
solutions,cir.". What survives is still shaped by citation form: a run of name
words closed by a reporter remnant (",cir", ",d", ",supp", ",at"), led by a
Bluebook signal, or standing alone as a sentence of names. We find those runs,
match them to decisions the store knows or this opinion named earlier, and give
the rest a clean caption.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from graph.keys import ABBREVIATIONS, tokens
from ingest.charcount import counts
from ingest.models import Authority, Extraction, Mention, Opinion, Reported
from ingest.names import tokens_match
from ingest.reported import PARENTHETICAL_VERBS, find_prose_reported

# What is left of a reporter citation after digits and most punctuation went.
_TAIL = re.compile(
    r",\s?(?:(?:cir|d|supp|app|ct|f|wl|lexis)\b\.?(?:\s?(?:en banc|at))?"
    r"|at(?=[.,;)]|\s+(?:quoting|citing|emphasis|internal|n\b)|$)"
    # a string cite "silent drive,at wise lindamood,d": a pin remnant, then the next citation
    r"|at(?=\s[a-z][a-z' .&-]{2,60}?,\s?(?:cir|d|supp|app|ct|f|wl|at)\b))"
)
_SIGNALS = {
    "see",
    "also",
    "cf",
    "accord",
    "quoting",
    "citing",
    "compare",
    "with",
    "e.g",
    "eg",
    "but",
    "contra",
    "generally",
    "in",
    "under",
    "following",
    "applying",
    "discussing",
    "id",
    "ibid",
}
# Remnants of a reporter citation inside a run: where one citation ends and the next begins.
_TAIL_WORDS = {"cir", "d", "supp", "app", "ct", "f", "wl", "lexis", "at", "en", "banc"}
# Record cites ("aplt. app. at 12", "compl.") look like citations but name no decision.
_RECORD_WORDS = {
    "app",
    "applt",
    "aplt",
    "aple",
    "appellee",
    "appellant",
    "compl",
    "br",
    "tr",
    "rec",
    "dkt",
    "ecf",
    "doc",
    "mot",
    "motion",
    "pet",
    "resp",
    "exh",
    "ex",
    "mem",
    "op",
    "plurality",
    "b",
    "r",
    "id",
    "at",
    "supra",
    "infra",
    "emphasis",
    "emphases",
    "added",
    "omitted",
    "original",
}
# Words of what is cited but is not a decision: constitutions, statutes, rules, treatises, the record.
_NOT_CASE_WORDS = {
    "const", "constitution", "amend", "amendment", "stat", "stats", "statute", "code", "ann", "repl", "rule",
    "rules", "civ", "crim", "evid", "proc", "usc", "restatement", "cmt", "comment", "torts", "treatise", "rev",
    "italics", "ours", "concur", "concurring", "dissenting", "grounds", "version", "cv", "defs", "pls",
}
# Phrases of citation parentheticals that look like names but are not.
_PARENTHETICAL_PHRASES = re.compile(
    r"^(?:internal quotation marks? omitted|internal quotations? omitted|citations? omitted|emphasis added|"
    r"emphas[ie]s in original|emphases added|alterations? in original|per curiam|en banc|footnote omitted|"
    r"brackets omitted|"
    r"unpublished|table|mem|same|supra|infra|passim|et seq|id|ibid)$"
)
_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "to",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "we",
    "our",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "not",
    "by",
    "for",
    "from",
    "which",
    "who",
    "whom",
    "as",
    "or",
    "if",
    "but",
    "so",
    "such",
    "than",
    "then",
    "there",
    "here",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "can",
    "could",
    "would",
    "should",
    "may",
    "might",
    "must",
    "shall",
    "will",
    "on",
    "into",
    "upon",
    "no",
    "any",
    "all",
    "each",
    "what",
    "when",
    "where",
    "why",
    "how",
    "because",
    "while",
    "only",
    "also",
    "courts",
    "case",
    "cases",
    "held",
    "jurisdiction",
    "plaintiff",
    "plaintiffs",
    "defendant",
    "defendants",
    "forum",
    "claim",
    "claims",
    "see",
    "at",
    "id",
    "with",
    "one",
    "motion",
    "complaint",
    "order",
    "dismiss",
}
# Words after which the next word is a common noun of the prose, not a party's name.
_DETERMINERS = {"its", "their", "his", "her", "our", "my", "your", "a", "an"}
_ABBREV = set(ABBREVIATIONS) | {
    "int",
    "nat",
    "ass",
    "atl",
    "inc",
    "co",
    "corp",
    "ltd",
    "bros",
    "st",
    "mt",
    "ft",
    "no",
    "nos",
    "ed",
    "rev",
    "sup",
    "jr",
    "sr",
    "dr",
    "mr",
    "ms",
    "mrs",
    "u",
    "s",
}


def is_stripped(text: str) -> bool:
    """Whether a text has lost its capitals and digits, as citation-stripped texts have."""
    sample = text[:60000]
    letters, upper, digits = counts(sample)
    if len(sample) < 2000 or letters == 0:
        return False
    return upper / letters < 0.003 and digits / letters < 0.003


def find_stripped(opinion: Opinion, known: list[tuple[str, str]]) -> Extraction:
    """Authorities and mentions of a citation-stripped opinion, matched to `known` (id, caption) cases."""
    text = opinion.text
    ext = Extraction(opinion=opinion, stripped=True)
    known_tokens = [(cid, name, tokens(name)) for cid, name in known]
    occupied: list[tuple[int, int]] = []
    runs, listed = _runs(text)
    for start, end, raw in runs:
        ai = _authority_for(ext, raw, known_tokens)
        if ai is None:
            continue
        ext.mentions.append(Mention("stripped", start, end, text[start:end], ai))
        occupied.append((start, end))
    # "akin to red wing shoe,and compuserve patterson,cir": the first caption of a list lost its
    # own remnant; plain words there count only as a decision the opinion cites elsewhere.
    for start, end, raw in listed:
        ai = _authority_for(ext, raw, [], create=False)
        if ai is not None and not any(a < end and start < b for a, b in occupied):
            ext.mentions.append(Mention("stripped", start, end, text[start:end], ai))
            occupied.append((start, end))
    _bare_names(ext, occupied)
    ext.mentions.sort(key=lambda m: (m.start, m.end))
    ext.reported = _quoting(ext) + find_prose_reported(ext)
    return ext


Run = tuple[int, int, str]  # start, end, the run's words


def _runs(text: str) -> tuple[list[Run], list[Run]]:
    """The candidate runs outside the header: those read against known captions, and listed ones."""
    runs, listed = _candidates(text)
    head = _head_spans(text)
    return ([r for r in runs if not any(a <= r[0] < b for a, b in head)],
            [r for r in listed if not any(a <= r[0] < b for a, b in head)])


def run_tokens(text: str) -> list[list[str]]:
    """The tokens of every run `find_stripped` reads against the known captions (distinct, sorted): all a
    stripped opinion's reading depends on of what the store knows (see `relevant_known`)."""
    distinct = {tuple(sorted(t)) for t in (tokens(raw) for _, _, raw in _runs(text)[0]) if t}
    return [list(t) for t in sorted(distinct)]


class KnownIndex:
    """Known (id, caption) pairs by caption word, so a stripped opinion finds the few captions its runs
    can match without reading them all (`tokens_match` needs a word in common)."""

    def __init__(self, known: list[tuple[str, str]]) -> None:
        self.known = known
        self.toks = [tokens(name) for _, name in known]
        self.by_word: dict[str, list[int]] = {}
        for i, kt in enumerate(self.toks):
            for w in kt:
                self.by_word.setdefault(w, []).append(i)

    def relevant(self, runs: list[list[str]]) -> list[tuple[str, str]]:
        """The known pairs some run matches, in the order of `known`: `find_stripped` against them reads
        the opinion exactly as against all of `known` (the others match no run, and ids are not read)."""
        hit: set[int] = set()
        for run in runs:
            toks = frozenset(run)
            for i in {i for w in toks for i in self.by_word.get(w, ())} - hit:
                if tokens_match(toks, self.toks[i]):
                    hit.add(i)
        return [self.known[i] for i in sorted(hit)]

# The line that ends an opinion's header (caption, parties, counsel, judges) and opens its text.
_OPENS = re.compile(
    r"(?:opinion|order|memorandum(?: opinion)?|per curiam|.{0,60}delivered the opinion of the court\.?"
    r"|[a-z .'-]{2,60},\s?(?:c\.j|j|jj|justice|chief justice|judge|chief judge|circuit judge|district judge)\.?)"
)
_HEAD_LINES = 40


def _head_spans(text: str) -> list[tuple[int, int]]:
    """The header, which names parties, counsel and judges but cites nothing: up to the line that opens
    the opinion ("opinion", "felipe reyna,justice."), else the title line alone (the opinion's own
    caption and citation, "dallas sales carlisle silver,d")."""
    lines = text.split("\n")
    pos, end, opened = 0, 0, 0
    for line in lines[:_HEAD_LINES]:
        pos += len(line) + 1
        if len(line) < 80 and _OPENS.fullmatch(line.strip()):
            opened = pos
    if opened:
        return [(0, opened)]
    first = lines[0] if len(lines) > 1 else ""
    end = len(first) if len(first) < 120 else 0
    return [(0, end)] if end else []

# A run of names after a signal, closed by a period or a comma ("see murthy missouri."): a citation
# whose reporter left nothing ("U.S." alone).
_SIGNAL_LED = re.compile(
    r"(?:^|(?<=[\s.,]))(?:see also|but see|see|cf\.|cf|accord|e\.g\.?|compare)\.?\s?(?=[a-z])", re.M
)


def _candidates(text: str) -> tuple[list[Run], list[Run]]:
    """Runs of name words that stand where a citation stood, and runs listed before one with ",and"."""
    out: list[Run] = []
    listed: list[Run] = []
    taken_until = -1
    for m in _TAIL.finditer(text):
        run = _name_run(text, m.start(), short=m.group(0).lstrip(", ").startswith("at"))
        if run and run[0] > taken_until:
            out.append((run[0], m.start(), run[1]))
            taken_until = m.start()
            before = re.search(r",\s?and\s$", text[max(0, run[0] - 6):run[0]])
            if before:
                end = run[0] - len(before.group(0))
                prev = _name_run(text, end, short=True)
                if prev:
                    listed.append((prev[0], end, prev[1]))
    for m in _SIGNAL_LED.finditer(text):
        run = _forward_run(text, m.end())
        if run and not any(a < run[1] and run[0] < b + 6 for a, b, _ in out):
            out.append(run)
    for m in re.finditer(r"(?<=[.;])([a-z][a-z' ,.&-]{3,80}?)\.(?=[a-z\s]|$)", text):
        s, e = m.span(1)
        if any(a < e and s < b + 6 for a, b, _ in out):
            continue
        words = _clean(m.group(1))
        if words and _names_only(words) and text[e - 1 : e] != ",":
            out.append((s, e, words))
    return sorted(out), listed


def _forward_run(text: str, start: int) -> Run | None:
    """The name words from `start` to the first comma or sentence-ending period: a caption by itself
    ("murthy missouri", "babbitt united farm workers nat l union"), if it holds a rare word."""
    pieces = list(re.finditer(r"[a-zà-ÿ'&-]+\.?|,|;|:", text[start : start + 120]))
    kept: list[re.Match[str]] = []
    for p in pieces:
        w = p.group(0)
        bare = w.rstrip(".")
        if w in {",", ";", ":"} or bare in _SIGNALS or bare in _FUNCTION_WORDS or bare in _TAIL_WORDS:
            break
        kept.append(p)
        if w.endswith(".") and not _abbreviation(bare) or len(kept) > 9:
            break
    if len(kept) < 2:
        return None
    end = start + kept[-1].end()
    after = text[end : end + 1]
    if kept[-1].group(0).endswith("."):
        end -= 1
    elif after != "\n" and not (after == "," and text[end + 1 : end + 2] in {"\n", ""}):
        return None  # the words run on into prose, or a comma opens an article's title ("see,kevin mcmunigal,")
    words = _clean(text[start:end])
    return (start, end, words) if words and _names_only(words) else None


def _name_run(text: str, end: int, short: bool = False) -> tuple[int, str] | None:
    """The name words that end right before a reporter remnant, back to a signal or sentence end.

    A short cite ("trujillo,at") names one party only, so its run stops at a comma.
    """
    window_start = max(0, end - 120)
    segment = text[window_start:end]
    pieces = list(re.finditer(r"[a-zà-ÿ0-9'&-]+\.?|,|;|:|\(|\)", segment))
    kept: list[re.Match[str]] = []
    for p in reversed(pieces):
        w = p.group(0)
        bare = w.rstrip(".")
        if w in {";", ":", "(", ")"}:
            break
        if w == ",":
            if not kept or short or kept[-1].group(0) == "and":  # "red wing shoe,and compuserve": two captions
                if kept and kept[-1].group(0) == "and":
                    kept.pop()
                break
            continue
        if w.endswith(".") and not _abbreviation(bare) and kept:
            break
        if bare in _SIGNALS or bare in _FUNCTION_WORDS or bare in _TAIL_WORDS:
            break
        kept.append(p)
        if len(kept) >= 9:
            break
        if w.endswith(".") and not _abbreviation(bare):
            break
    if len(kept) > 1 and kept[-1].group(0) in {"n.", "nn."} and re.search(r"\bat\s?$", segment[: kept[-1].start()]):
        kept.pop()  # "coastal plains,at n.natl.loan investors,at": the pin's footnote ("at 206 n.3"), then a name
    if not kept:
        return None
    start = window_start + kept[-1].start()
    ahead = re.search(r"([a-z]+)[\s,]*$", text[max(0, start - 12):start])
    first_comma = text.find(",", start, end)
    if ahead and ahead.group(1) in _DETERMINERS and first_comma > 0 and text[first_comma + 1:end].strip(" ,"):
        start = first_comma + 1  # "in its contrast,schwarzenegger fred martin motor": a noun, then the caption
    words = _clean(text[start:end])
    if not words or not _names_only(words, need_rare=False):
        return None
    return start, words


def _abbreviation(word: str) -> bool:
    """A word before a period that abbreviates ("contl.", "elec.", "indus.", "gen.") rather than ends a
    sentence ("unequivocal.", "held."): a known abbreviation, or short and not a common word."""
    if word in _ABBREV or not re.search(r"[aeiouy]", word):
        return True
    return len(word) <= 5 and zipf_frequency(word, "en") < 4.5


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,.;")
    s = re.sub(r"\bet al\b\.?", "", s).strip(" ,")
    return s


def _names_only(words: str, need_rare: bool = True) -> bool:
    """A run of words that can be a caption: no prose function words, not a parenthetical phrase.

    A run closed by a reporter remnant is a caption by its place; a sentence of bare
    words must also hold one rare word (a surname, a company name) to count.
    """
    if _PARENTHETICAL_PHRASES.match(words):
        return False
    ws = [w.strip(".,'") for w in re.split(r"[\s,.]+", words) if w.strip(".,'")]
    if not ws or len(ws) > 9:
        return False
    if any(w in _FUNCTION_WORDS or w in _TAIL_WORDS or w in _NOT_CASE_WORDS for w in ws):
        return False
    content = [w for w in ws if len(w) > 1 and w not in ABBREVIATIONS and w not in _RECORD_WORDS]
    if not content or len(content) == 1 and len(ws) == 1 and len(content[0]) < 4:
        return False
    if not need_rare:
        return True
    # One rare word (a surname, a company name) marks a caption; plain prose is all common words.
    return min(zipf_frequency(w, "en") for w in content) < 4.0


def _authority_for(
    ext: Extraction, raw: str, known: list[tuple[str, str, frozenset[str]]], create: bool = True
) -> int | None:
    """The authority a run of name words stands for: one named earlier, one the store knows, or (with
    `create`) a new one."""
    toks = tokens(raw)
    if not toks:
        return None
    for ai, a in enumerate(ext.authorities):
        at = tokens(a.name or "")
        if toks <= at or at <= toks or any(toks <= tokens(s) for s in a.short_names):
            return ai
    # a caption of one word ("Inc. v. Doe": {doe}) does not stand for a run of more ("doe med")
    matches = [(cid, name) for cid, name, kt in known if tokens_match(toks, kt) and not (len(kt) == 1 and kt < toks)]
    if len(matches) == 1 or len({n for _, n in matches}) == 1 and matches:
        name = matches[0][1]
        ext.authorities.append(Authority(name=name, short_names=_short(raw) | _short_known(name)))
        return len(ext.authorities) - 1
    if not create or len(toks) < 2 and len(raw.split()) < 2:
        return None
    ext.authorities.append(Authority(name=caption_of(raw), short_names=_short(raw), name_only=True))
    return len(ext.authorities) - 1


def caption_of(raw: str) -> str:
    """A readable caption from stripped words: "intercon,bell atl.internet solutions" →
    "Intercon v. Bell Atl. Internet Solutions"."""
    raw = re.sub(r"\.(?=\w)", ". ", raw)
    raw = re.sub(r"\b([a-z]{2,}) ([lnt])\b(?!\.)", r"\1'\2", raw)  # "int l", "comm n" were "Int'l", "Comm'n"
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    words = " v. ".join(parts[:2]) if len(parts) >= 2 else parts[0]
    out = []
    for w in words.split():
        if w == "v.":
            out.append(w)
        elif w in {"of", "and", "de", "la", "le", "et", "the", "at", "in", "for"}:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    s = " ".join(out)
    return s[:1].upper() + s[1:]


def _short(raw: str) -> set[str]:
    """Forms a stripped opinion later uses alone: the first party's words ("burger king")."""
    first = raw.split(",")[0].strip()
    words = first.split()
    forms = set()
    if len(words) >= 2:
        forms.add(" ".join(words[:2]))
    if words and len(words[0]) >= 4 and zipf_frequency(words[0], "en") < 3.6 and words[0] not in _FUNCTION_WORDS:
        forms.add(words[0])
    return forms


def _short_known(name: str) -> set[str]:
    first = re.split(r"\s+v\.\s+", name)[0].lower()
    first = re.sub(r"[^a-z ]+", " ", first).split()
    forms = set()
    if first and len(first[0]) >= 4 and zipf_frequency(first[0], "en") < 3.6:
        forms.add(first[0])
    return forms


def _bare_names(ext: Extraction, occupied: list[tuple[int, int]]) -> None:
    """Later mentions by short name alone ("our view finds support in burger king")."""
    text = ext.opinion.text
    first: dict[int, int] = {}
    for m in ext.mentions:
        first[m.ref] = min(m.start, first.get(m.ref, m.start))
    for ai, a in enumerate(ext.authorities):
        for form in sorted(a.short_names, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w'-]){re.escape(form)}(?![\w'-])", text):
                s, e = m.span()
                if s < first.get(ai, 1 << 60) or any(x <= s < y or x < e <= y for x, y in occupied):
                    continue
                ext.mentions.append(Mention("name", s, e, text[s:e], ai))
                occupied.append((s, e))


def _quoting(ext: Extraction) -> list[Reported]:
    """ "trujillo,at quoting helicopteros,d": a citation followed by (quoting|citing ...) another."""
    text = ext.opinion.text
    ms = [m for m in ext.mentions if m.kind == "stripped"]
    out = []
    verbs = "|".join(sorted(map(re.escape, PARENTHETICAL_VERBS), key=len, reverse=True))
    for a, b in zip(ms, ms[1:], strict=False):
        between = text[a.end : b.start]
        v = re.fullmatch(rf"[\s,.a-z]{{0,12}}?\b({verbs})\s*", between)
        if v and a.ref != b.ref:
            out.append(Reported(a.ref, b.ref, PARENTHETICAL_VERBS[v.group(1)], a.start, b.end, text[a.start : b.end]))
    return out
