"""Edges between two other decisions that an opinion reports.

"Will, 47 F.4th at 926 (citing Mavrix, 647 F.3d at 1231)" says that Will cites
Mavrix; "(distinguishing UMG ...)" after a cite to AMA Multimedia says that AMA
Multimedia distinguished UMG. The explanatory parenthetical's leading verb
(Bluebook R. 1.5) gives the treatment.
"""

from __future__ import annotations

import bisect
import re

from ingest.models import Document, Extraction, Mention, Reported

# Leading words of an explanatory parenthetical, and the treatment they report.
PARENTHETICAL_VERBS: dict[str, str] = {
    "citing": "cited",
    "quoting": "cited",
    "cited in": "cited",
    "discussing": "cited",
    "referring to": "cited",
    "relying on": "followed",
    "relying upon": "followed",
    "following": "followed",
    "applying": "followed",
    "adopting": "followed",
    "affirming": "followed",
    "reaffirming": "followed",
    "approving": "followed",
    "distinguishing": "distinguished",
    "overruling": "overruled",
    "abrogating": "overruled",
    "overruled by": "overruled",
    "disapproving": "criticized",
    "criticizing": "criticized",
    "rejecting": "criticized",
    "questioning": "questioned",
    "declining to follow": "declined",
    "declining to extend": "declined",
}
_VERB = re.compile(
    r"\(\s*(?:and\s+|also\s+|further\s+)?("
    + "|".join(sorted(map(re.escape, PARENTHETICAL_VERBS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_MAX_GAP = 160  # characters between a citation's end and its parenthetical (pin cite, court, year)


def find_reported(ext: Extraction) -> list[Reported]:
    """Reported edges: for each mention, decisions cited inside its explanatory parenthetical.

    The parenthetical is the one right after the citation's pin cite and court/year
    ("(citing X)"), or one nested at the end of a quotation parenthetical
    ("("... Constitution." (quoting X))"), where the quotation came from X.
    """
    text = ext.opinion.text
    cites = [m for m in ext.mentions if m.kind != "name"]
    by_start = sorted(range(len(cites)), key=lambda k: cites[k].start)  # found by bisection, kept in their order
    starts = [cites[k].start for k in by_start]
    ordered = [cites[k] for k in by_start]
    out: list[Reported] = []
    for m in cites:
        tail = _TAIL.match(text, m.end, min(len(text), m.end + _MAX_GAP))
        p = tail.end() if tail else m.end
        out += _set_off(text, m, p, ordered, starts)
        if p >= len(text) or text[p] != "(":
            continue
        region_end = _closing(text, p)
        for match in _VERB.finditer(text, p, region_end):
            if match.start() != p and not _nested_once(text, p, match.start(), starts):
                continue
            close = _closing(text, match.start())
            inner = [cites[k] for k in sorted(by_start[bisect.bisect_left(starts, match.end()):
                                                        bisect.bisect_left(starts, close)])]
            for c in _outer(text, inner, match.end()):
                if c.ref != m.ref:
                    verb = _verb_before(text, match, c)
                    end = min(close + 1, len(text))
                    out.append(
                        Reported(
                            m.ref,
                            c.ref,
                            PARENTHETICAL_VERBS[verb.lower()],
                            match.start(),
                            end,
                            text[match.start() : end],
                        )
                    )
    return _dedupe(out)


# The same verbs set off by a comma or in brackets, as New York, Massachusetts and California write them:
# "Colon, 439 Mass. 519, 527 (2003), quoting Commonwealth v. Russin, ..."; "Id. at 680, citing ...";
# "(People v. Smith (1990) 50 Cal.3d 1, 5, quoting People v. Jones ...)"; "... 5 [1956], citing ...",
# "... [quoting Matter of ...]". The verb must be followed at once by the citation it governs, so prose
# ("..., following the hearing") is not read.
_BRACKET_YEAR = r"(?:\[(?:[^\[\]]{0,40}?\s)?(?:1[6-9]|20)\d\d\]\s*)?"  # New York's "[1956]", "[2d Dept 1984]"
_SET_OFF = re.compile(
    r"\s*" + _BRACKET_YEAR + r"(?:,\s*|\[\s*)(?:and\s+|also\s+)?("
    + "|".join(sorted(map(re.escape, PARENTHETICAL_VERBS), key=len, reverse=True))
    + r")\s+(?:(?:generally|also)\s+)?",
    re.IGNORECASE,
)


_AND = re.compile(_BRACKET_YEAR + r",?\s*and\s+")


def _next_citation(text: str, at: int, ordered: list[Mention], starts: list[int]) -> Mention | None:
    """The citation starting at `at`, or a few words on where its caption's front is not part of it
    ("New York ex rel. Rogers v. Graves" is found from "Rogers"); `ordered` by start, `starts` theirs."""
    k = bisect.bisect_left(starts, at)
    if k == len(starts) or starts[k] > at + 30 or any(ch in ",;()" for ch in text[at:starts[k]]):
        return None
    return ordered[k]


def _set_off(text: str, m: Mention, p: int, ordered: list[Mention], starts: list[int]) -> list[Reported]:
    """The decisions a citation's comma- or bracket-led verb reports it citing ("X, ..., citing Y and Z")."""
    while p > m.end and text[p - 1] in " ,":
        p -= 1  # the pin cite's pattern takes the comma that sets the verb off
    found = _SET_OFF.match(text, p)
    if not found:
        return []
    out, at = [], found.end()
    while (c := _next_citation(text, at, ordered, starts)) is not None:
        if c.ref != m.ref:
            out.append(Reported(m.ref, c.ref, PARENTHETICAL_VERBS[found.group(1).lower()], found.start(1), c.end,
                                text[found.start(1):c.end]))
        tail = _TAIL.match(text, c.end, min(len(text), c.end + _MAX_GAP))
        # "..., and Y": the verb governs both; after a semicolon a string cite's next, independent citation begins
        chained = _AND.match(text, tail.end() if tail else c.end)
        if not chained:
            break
        at = chained.end()
    return out


# pin cites, then the court and year: "(9th Cir. 2011)", "(3d Cir.1953)", and with the decision's own
# history after the year: "(Tex.App.-El Paso 1997, writ denied)"
_TAIL = re.compile(
    r"(?:,?\s*(?:at\s*)?\*?[\d\-–—]+(?:\s*n\.\s*\d+)?)*,?\s*"
    r"(?:\((?:[A-Z0-9][^()]{0,50}?[\s.,])?(?:1[6-9]|20)\d\d(?:,\s*[^()]{1,40})?\)\s*)?"
)


def _nested_once(text: str, outer: int, at: int, starts: list[int]) -> bool:
    """Whether `at` opens a parenthetical directly inside the one at `outer`, with no citation before it
    (`starts`: the citations' starts, ascending)."""
    seg = text[outer + 1 : at]
    if seg.count("(") != seg.count(")"):
        return False
    k = bisect.bisect_right(starts, outer)
    return not (k < len(starts) and starts[k] < at)


def _closing(text: str, open_at: int) -> int:
    depth = 0
    for j in range(open_at, min(len(text), open_at + 3000)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    return min(len(text), open_at + 3000)


def _outer(text: str, inner: list[Mention], start: int) -> list[Mention]:
    """Citations at the parenthetical's own level, not inside a nested one."""
    out = []
    for c in inner:
        seg = text[start : c.start]
        if seg.count("(") == seg.count(")"):
            out.append(c)
    return out


def _verb_before(text: str, match: re.Match[str], c: Mention) -> str:
    """The nearest parenthetical verb before `c` ("(citing A and quoting B)")."""
    verb = match.group(1)
    for m in re.finditer(
        r"\b(" + "|".join(map(re.escape, PARENTHETICAL_VERBS)) + r")\b", text[match.end() : c.start], re.IGNORECASE
    ):
        verb = m.group(1)
    return verb


def _dedupe(items: list[Reported]) -> list[Reported]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for r in items:
        key = (r.citing, r.cited, r.treatment)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


# A citation's subsequent history (Bluebook R. 10.7): "X, 245 N.J.Super. 561 (App.Div.1991), aff'd in part
# and modified in part on other grounds, 128 N.J. 318"; "X, overruled on other grounds by Y". The later
# decision acts on the earlier one; its phrase gives the treatment, "cert. denied" none.
_HISTORY = re.compile(
    r"\A[\s,;]*(?P<verb>overruled|abrogated|disapproved(?:\s+of)?|questioned|criticized|declined\s+to\s+follow"
    r"|superseded(?:\s+by\s+statute)?|rev['’]?d|reversed|vacated|aff['’]?d|affirmed|modified|aff['’]?g|rev['’]?g"
    r"|cert[.,]\s+denied|cert[.,]\s+granted)\b\.?"
    r"(?P<rest>[^;()]{0,120}?)(?P<link>\s+(?:by|in|as\s+(?:recognized|stated)\s+in|sub\s+nom\.[^,]{0,80},?))?\s*,?\s*\Z",
    re.IGNORECASE,
)
HISTORY_LABELS: dict[str, str] = {
    "overruled": "overruled", "abrogated": "overruled", "reversed": "overruled", "rev'd": "overruled",
    "vacated": "overruled", "disapproved": "criticized", "disapproved of": "criticized", "criticized": "criticized",
    "questioned": "questioned", "declined to follow": "declined", "aff'd": "followed", "affirmed": "followed",
    "aff'g": "followed", "rev'g": "overruled",
    "modified": "cited", "superseded": "cited", "superseded by statute": "cited",
}
# history phrases that name the later decision only through "by" or "in" ("overruled by", "questioned in")
_PASSIVE_ONLY = frozenset({"overruled", "abrogated", "disapproved", "disapproved of", "questioned", "criticized",
                           "declined to follow"})
_HISTORY_GAP = 200  # the history phrase and what it says of, between two citations
_EXPLANATIONS = re.compile(r"(?:\s*\((?:[^()]|\([^()]*\))*\))*")  # "(“A party will not ...”)", "(en banc)"


# The same case's later stages (Bluebook R. 10.7.1(a)): a higher court acting on the judgment cited, under the
# same caption unless "sub nom." gives another. "Overruled by", "abrogated by" and the like name another case.
SAME_CASE_VERBS = frozenset({"aff'd", "affirmed", "rev'd", "reversed", "vacated", "modified", "aff'g", "rev'g"})
# "X, 930 F.2d 372 (4th Cir. 1991), affg. 92 T.C. 423": the decision cited first is the later stage, acting on
# the one after it (the Tax Court's and New York's order of history)
ACTS_ON_NEXT = frozenset({"aff'g", "rev'g"})


def _history(ext: Extraction) -> list[tuple[Mention, Mention, str, str]]:
    """(earlier, later, verb, words between) for each full citation followed by its subsequent history."""
    text = ext.opinion.text
    cites = sorted((m for m in ext.mentions if m.kind == "full"), key=lambda m: m.start)
    out = []
    for earlier, later in zip(cites, cites[1:], strict=False):
        tail = _TAIL.match(text, earlier.end, min(len(text), earlier.end + _MAX_GAP))
        start = tail.end() if tail else earlier.end
        explained = _EXPLANATIONS.match(text, start, later.start)  # they come before the history (R. 1.5(b))
        start = explained.end() if explained else start
        if later.start - start > _HISTORY_GAP or earlier.ref == later.ref:
            continue
        gap = text[start:later.start]
        m = _HISTORY.match(gap)
        if not m or re.search(r"\bv\.\s|[.;]\s+[A-Z]", m["rest"]):
            continue  # another caption, or a new sentence, stands between: not this citation's history
        out.append((earlier, later, _verb(m["verb"]), gap))
    return out


def _verb(words: str) -> str:
    """One spelling of a history phrase: "affd." (the Tax Court's and New York's) and "aff’d" are "aff'd",
    a scan's "cert, denied" is "cert. denied"."""
    verb = re.sub(r"\s+", " ", words.lower()).replace("’", "'").rstrip(".")
    verb = re.sub(r"^(aff|rev)'?([dg])$", r"\1'\2", verb)
    return re.sub(r"^cert[.,] ", "cert. ", verb)


def same_case_history(ext: Extraction) -> dict[int, int]:
    """Mentions that only give a cited decision's later stage ("X, 6 N.J. Super. 456, rev'd in part, 5 N.J.
    268"), by their index in `ext.mentions`, with the earlier stage's authority. The citing opinion cites X;
    it names the later decision to say what became of X (`find_history` reports that), so the later one is
    no direct citation of the opinion there, and shares X's caption."""
    index = {id(m): i for i, m in enumerate(ext.mentions)}
    return {index[id(later)]: earlier.ref for earlier, later, verb, gap in _history(ext)
            if verb in SAME_CASE_VERBS and "sub nom" not in gap.lower()}


def find_history(ext: Extraction) -> list[Reported]:
    """Edges told by a citation's subsequent history: the later decision named after the phrase acted on
    the earlier one before it. Partial treatments ("aff'd in part") are kept as such in the evidence."""
    text = ext.opinion.text
    out = []
    for earlier, later, verb, gap in _history(ext):
        m = _HISTORY.match(gap)
        if verb.startswith("cert."):
            continue  # the Supreme Court declined to hear it: no treatment of the decision below
        if verb in _PASSIVE_ONLY and not m["link"]:
            continue  # "Mapp v. Ohio, 367 U.S. 643 (1961), overruled Wolf": prose, the subject acting (find_prose)
        label = HISTORY_LABELS.get(verb, "cited")
        if "statute" in m["rest"].lower() or verb.startswith("superseded"):
            label = "cited"  # a statute, not the later decision, superseded it; the later one says so
        acting, acted_on = (earlier, later) if verb in ACTS_ON_NEXT else (later, earlier)
        out.append(Reported(acting.ref, acted_on.ref, label, earlier.start, later.end, text[earlier.start:later.end]))
    return out


def find_block_reported(ext: Extraction, doc: Document) -> list[Reported]:
    """Edges inside a block quotation: the decision whose words are quoted (the last one named in the
    sentence introducing them) cites the decisions its quoted words cite."""
    text = ext.opinion.text
    out = []
    for start, end, intro in doc.block_quotes:
        quoted = doc.citations_in(intro, start)
        if not quoted:
            continue
        source = quoted[-1]
        for c in doc.citations_in(start, end):
            if c.kind != "name" and c.ref != source.ref:
                out.append(Reported(source.ref, c.ref, "cited", c.start, c.end, text[c.start:c.end]))
    return _dedupe(out)


# "X effectively overruled that court's earlier holding in Y": the verb, then what it was done to.
_PROSE = re.compile(
    r"\b(?:(?:effectively|implicitly|expressly|partially|since|later|subsequently)\s+)?"
    r"(overruled|abrogated|disapproved of|disapproved|repudiated|called into (?:doubt|question)|questioned)\s+"
    r"(?:(?:that|the|this|its|our)\s+(?:court'?s?\s+|circuit'?s?\s+)?)?(?:(?:earlier|prior|previous)\s+)?"
    r"(?:holding|decision|opinion|rule|reasoning)?\s*(?:in\s+)?",
    re.IGNORECASE,
)
_PROSE_LABEL = {
    "overruled": "overruled",
    "abrogated": "overruled",
    "repudiated": "overruled",
    "disapproved": "criticized",
    "disapproved of": "criticized",
    "questioned": "questioned",
}
_PROSE_REACH = 400  # how far back the subject decision of the sentence may stand


def find_prose_reported(ext: Extraction) -> list[Reported]:
    """Edges told in prose: the decision named just before "overruled ... in" acted on the one after."""
    text = ext.opinion.text
    ms = sorted(ext.mentions, key=lambda m: m.start)
    at = [m.start for m in ms]  # the mentions around a verb are found by bisection
    longest = max((m.end - m.start for m in ms), default=0)
    out = []
    for verb in _PROSE.finditer(text):
        k = bisect.bisect_left(at, verb.end())
        after = ms[k] if k < len(ms) and ms[k].start <= verb.end() + 3 else None
        # the last (in order of start) mention ending in [verb.start() - _PROSE_REACH, verb.start()]: one
        # starting before the verb and, being at most `longest` long, not before the reach less that
        subject = None
        for j in range(bisect.bisect_right(at, verb.start()) - 1, -1, -1):
            if ms[j].start < verb.start() - _PROSE_REACH - longest:
                break
            if verb.start() - _PROSE_REACH <= ms[j].end <= verb.start():
                subject = ms[j]
                break
        if after is None or subject is None:
            continue
        if subject.ref == after.ref:
            continue
        label = _PROSE_LABEL.get(verb.group(1).lower(), "questioned")
        s = max(0, subject.start)
        if re.match(r"\s*by\b", text[verb.end(1):after.start]):  # "X ... was overruled by Y": Y acted on X
            out.append(Reported(after.ref, subject.ref, label, s, after.end, text[s : after.end]))
            continue
        out.append(Reported(subject.ref, after.ref, label, s, after.end, text[s : after.end]))
    return out


# "the Calder effects test", "Calder's framework": a decision named for the rule it laid down
_RULE_NOUN = re.compile(
    r"(?:[’']s)?\s+(?:(?:effects|balancing|two-part|three-part|two-prong|three-prong)\s+)?"
    r"(?:test|standard|framework|analysis|factors|inquiry|doctrine)\b"
)
# the end of the sentence naming the rule, searched a little way on from the name. Not `Document.sentences`:
# measured with them, the overruling set's export loses two reported edges (Edge Broadcasting citing Central
# Hudson, Letson citing Deveaux, both told by the opinions) and gains one
_SENTENCE_END = re.compile(r"[.?!][”\"’']?\s+(?=[“\"(]?[A-Z0-9])")
_NEW_PROSE = re.compile(r"[.?!]\s+[A-Z][a-z]+\s[a-z]+\s[a-z]")


def find_rule_reported(ext: Extraction) -> list[Reported]:
    """Edges told by a rule's name: "... of the Calder effects test. Mavrix, 647 F.3d at 1229."

    A sentence stating a rule named after decision X, supported by a citation of Y
    right after it, says that Y applied X's rule: Y cites X.
    """
    text = ext.opinion.text
    ms = sorted(ext.mentions, key=lambda m: m.start)
    at = [m.start for m in ms]
    cite_after = [len(ms)] * (len(ms) + 1)  # the first mention at or after each that is not a bare name
    for j in range(len(ms) - 1, -1, -1):
        cite_after[j] = j if ms[j].kind != "name" else cite_after[j + 1]
    out = []
    for m in ms:
        if m.kind != "name" or not _RULE_NOUN.match(text, m.end):
            continue
        end = _SENTENCE_END.search(text, m.end, m.end + 400)
        if end is None:
            continue
        j = cite_after[bisect.bisect_left(at, end.end())]
        support = ms[j] if j < len(ms) else None
        if support is None or support.ref == m.ref or support.start - end.end() > 160:
            continue
        if _NEW_PROSE.search(text, end.start() + 1, support.start):
            continue  # another sentence of prose stands between the rule and the citation
        out.append(Reported(support.ref, m.ref, "cited", m.start, support.end, text[m.start : support.end]))
    return _dedupe(out)
