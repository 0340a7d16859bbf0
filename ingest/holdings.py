"""An opinion's own holdings, and the precedents each one stands on or sets aside.

A court states what it decides in recurring words: "We hold that ...", "we
conclude ...", "Accordingly, ...", "The court therefore concludes ...", "we are
satisfied ...", and, issue by issue, a sentence that applies the rule to the
parties ("Plaintiff has failed to show ...", "There was sufficient evidence
...", "The trial court properly permitted ..."). This stage reads the court's
own part of the opinion (not the summary a publisher put above it, not a
concurrence or dissent), scores each sentence for those words, and keeps, for
each section of the opinion, its conclusions. Consecutive concluding sentences
make one holding ("Accordingly, X. We overrule Y to the extent ...").

The precedents a holding stands on are those the court uses in the reasoning
that leads to it: from the previous holding of the same section (or the
section's start) to the holding and the citation sentence that supports it.
Those whose mention there is a distinction ("unlike X", "X is
distinguishable") are the ones it distinguishes on the way; decisions the
court doubts or overrules support nothing.

Pure: the opinion's document (ingest.document), mentions and their treatments in, holdings out; no store.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.model import NEGATIVE
from ingest.models import Document, Mention, Treatment
from ingest.parts import COURT

MAX_CHARS = 800  # a holding is a statement, not a passage
MIN_CHARS = 40
_THRESHOLD = 3.0  # a sentence's score to count as a holding
_PER_SECTION = 3  # holdings kept in a short section
_CHARS_PER_HOLDING = 1200  # and in a long one, one per this many characters
_REASONING = 4000  # characters of reasoning before a holding that it rests on, at most
_MERGE = 2.5  # a neighbour this concluding joins the holding
_REACH = 3  # sentences either side a holding must outscore

# ------------------------------------------------------------------ the court's own part

# Where the court's opinion begins: after a publisher's summary, a syllabus, a caption.
_OPINION_START = re.compile(
    r"\bOPINION\s+(?=[A-Z][A-Z.'’ -]{1,40},\s+(?:Senior\s+|Chief\s+)?(?:Circuit|District)\s+Judge[:.])"
    r"|\b(?:JUSTICE|Justice|Chief Justice|CHIEF JUSTICE)\s+[A-Z][A-Za-z.'’-]+\s+"
    r"delivered the opinion of the [Cc]ourt\.?"
    r"|\bdelivered the opinion of the [Cc]ourt\.?"
    r"|^\s*(?:MEMORANDUM\s+)?OPINION(?:\s+AND\s+ORDER)?\s*$"
    r"|^\s*PER CURIAM[.:]?\s*$",
    re.M,
)
# Where a separate opinion begins: "LEE, Circuit Judge, concurring.", "JUSTICE LEE\n\nconcurring in part ...",
# "GINSBURG, J., dissenting."; not "(Alito, J., concurring in the judgment)" inside a citation.
_SEPARATE = re.compile(
    r"(?<![(\w])(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+)*,\s+(?:Senior\s+|Chief\s+)?(?:Circuit\s+Judge|District\s+Judge"
    r"|Judge|J\.|C\.\s?J\.|Justice),?\s+(?:with whom [^.]{0,120}?joins?,?\s+)?(?:concurring|dissenting)"
    r"|JUSTICES?\s+[A-Z][A-Z'’-]+\s*\n+\s*(?:concurring|dissenting)"
    r"|\[(?:concurring|dissenting)[\w -]*opinion\])"
)


def court_part(text: str) -> tuple[int, int]:
    """The span of the court's own opinion: from its start marker (if any) to the first separate opinion.

    Conservative: without a start marker the opinion starts at the top; a start marker
    late in the text (a quoted "delivered the opinion") is ignored.
    """
    start = 0
    for m in _OPINION_START.finditer(text, 0, max(1, len(text) * 2 // 5)):
        start = m.end()
    m = _SEPARATE.search(text, start)
    return start, (m.start() if m else len(text))


def own_part(doc: Document) -> tuple[int, int]:
    """The court's part: the first court part of the opinion's parts (majority, plurality, per curiam), within
    `court_part`."""
    text, parts = doc.text, doc.parts
    lo, hi = court_part(text)
    for k, p in enumerate(parts):
        if p.kind in COURT:
            end = parts[k + 1].start if k + 1 < len(parts) else len(text)
            return max(lo, p.start), min(hi, end)
    return lo, hi


# ------------------------------------------------------------------ sections

# "III We conclude ...", "B. Express Aiming", "JUDICIAL ESTOPPEL", "II." on a line of its own
_INLINE_SECTION = re.compile(r"(?<=[.:”\"] )(?:[IVX]{1,5}|[A-H])\.?\s+(?=(?:[A-H]\.?\s+|\d\s+)?[A-Z][a-z])")
# "II.", "B. Analysis", "3. Attorney General of North Carolina", "JUDICIAL ESTOPPEL"; not a page number ("11")
# nor a line that is a citation ("A. Philip Randolph Inst., 1:20CV876, 2020 WL ...")
_HEADING_LINE = re.compile(
    r"^[ \t]*(?:[IVX]{1,5}|[A-H])\.?(?:[ \t]+[A-Z][^\d\n]{0,60})?[ \t]*$"
    r"|^[ \t]*\d{1,2}\.(?:[ \t]+[A-Z][^\d\n]{0,60})?[ \t]*$"
    r"|^[ \t]*[A-Z][A-Z ,;'’-]{3,80}$",
    re.M,
)


_INLINE_NUMBER = re.compile(r"(?<=[.”] )([1-9]) (?=[A-Z][a-z]+ )")


def _section_starts(text: str, lo: int, hi: int) -> list[int]:
    starts = {lo}
    for rx in (_INLINE_SECTION, _HEADING_LINE):
        starts.update(m.start() for m in rx.finditer(text, lo, hi))
    # "... in turn. 1 We conclude ... 2 We turn, then, ...": numbered subsections of flattened text, told
    # from footnote numbers by running 1, 2, 3 within their section
    # of the numbers before each in its section, the last that starts a subsection: kept as they are read (a
    # search from the section's start at each number was quadratic in the section's length)
    top = sorted(starts)
    last: dict[int, int] = {}
    for m in _INLINE_NUMBER.finditer(text, lo, hi):
        sec = bisect.bisect_right(top, m.start()) - 1
        if int(m.group(1)) == last.get(sec, 0) + 1:
            starts.add(m.start())
        if m.start() in starts:
            last[sec] = int(m.group(1))
    return sorted(starts)


# ------------------------------------------------------------------ scoring a sentence

_STRONG = re.compile(
    r"\b(?:we|this court|the court|the panel)\s+(?:therefore\s+|thus\s+|also\s+|further\s+|now\s+|accordingly\s+)?"
    r"(?:hold|holds|conclude|concludes|are satisfied|is satisfied|are convinced|is convinced|agree|agrees|think|"
    r"find|finds|reverse|affirm|decline|declines|overrule|reject|rejects|are persuaded|is persuaded|"
    r"can ?not say|do not believe|are not persuaded|is not persuaded|is not convinced|discern no)\b"
    r"|\bnor is the court (?:convinced|persuaded)\b"
    r"|\bit is (?:clear|evident|apparent|plain) that\b"
    r"|\bour (?:determination|conclusion|holding) that\b",
    re.I,
)
_CONNECTIVE = re.compile(
    r"^(?:accordingly|therefore|thus|hence|consequently|in sum|in short|for (?:these|the foregoing|all of these|"
    r"the reasons)[^,]{0,40}|based on (?:these|the foregoing|this)[^,]{0,30}|taking [^,]{0,60}together|"
    r"because [^,]{10,200}, (?:we|the court)|on (?:these|the) facts[^,]{0,30}|regardless|that is)\b"
    r"|,\s*(?:and )?(?:therefore|thus|accordingly|hence),?\s",
    re.I,
)
_APPLIES = re.compile(
    r"\b(?:suffices?|sufficient|insufficient|sufficiently|properly|improperly|erred|constitutes?|controls|"
    r"fails?|failed|does not (?:meet|satisfy|establish|result|vitiate|apply)|did not (?:meet|err|establish)|"
    r"meets?|satisfie[sd]|(?:has|have|had|conclusively) established|established that|"
    r"has standing|lacks?|is entitled|was entitled|must be (?:dismissed|denied|"
    r"granted|reversed|affirmed)|is (?:clearly )?inconsistent|irrelevant|abuse of discretion|"
    r"is (?:not )?(?:proper|improper|barred|estopped|void|valid|invalid|unreasonable|reasonable)|"
    r"had the right|burden of proof was|accurate guidance|applies|does not apply|"
    r"(?:does|did|do|can|could|may) ?not (?:possess|have|show|state|allege|satisfy|support|demonstrate|qualify)|"
    r"must (?:allege|show|establish|demonstrate|prove)|"
    r"(?:is|was|were) not (?:sufficiently|entitled|required|available))\b",
    re.I,
)
# the parties' positions and other courts' holdings are not this court's
_OTHERS = re.compile(
    r"\b(?:argues|argued|contends|contended|asserts|asserted|urges|urged|maintains|insists|insisted|suggests|"
    r"alleges|alleged|claims that|complains|responds|counters|appeals|seeks|moves)\b"
    r"|\b(?:plaintiffs?|defendants?|appellants?|appellees?|petitioners?|respondents?|claimants?|the parties|they)\s+"
    r"(?:\w+\s+){0,2}?(?:argue|contend|assert|urge|maintain|insist|submit|claim|point|rely)\b"
    r"|^(?:there|in that case),"
    r"|^(?:in|under)\s+[A-Z][\w.'’&-]+(?:\s+[A-Z][\w.'’&-]+)*(?:\s+v\.\s+[^,]{1,60})?,\s"
    r"|\b(?:the|that|this)\s+(?:supreme court|circuit|court of appeals|court)\s+in\s+[A-Z]"
    r"|\b(?:courts|circuits) have (?:held|found|concluded)"
    r"|\bthe (?:district |trial |lower |bankruptcy |magistrate )?(?:court|judge) (?:below )?(?:concluded|held|found|"
    r"ruled|reasoned|determined)\b",
    re.I,
)
# who the holding is about: the parties, the court below, the record of this case
_PARTIES = re.compile(
    r"\b(?:plaintiffs?|defendants?|appellants?|appellees?|petitioners?|respondents?|claimants?|movants?|"
    r"the (?:trial|district|lower|bankruptcy) court|the commission|the agency|the board|the jury|the record|"
    r"the evidence|the instructions?|here|this case|the instant case|these facts)\b"
    r"|\b[A-Z]{3,}\b",
)
# the court applying a precedent to this case: "under Will", "as in Naranjo", "consistent with Mavrix"
_APPLYING = re.compile(
    r"\b(?:under|as in|like|consistent with|in line with|analogous to|"
    r"identical to (?:the [a-z]+ in|those (?:given )?in)|"
    r"profits by analogy to|by analogy to)\s+(?:[A-Z][\w.'’-]+|people v|the rule)"
    r"|\b(?:falls?|brings?|bring this case|squarely)\s+(?:[a-z]+\s+){0,3}within the (?:rule|test|exception|holding)",
)
# a finding on the record: "There was sufficient evidence", "the evidence supports"
_FINDING = re.compile(
    r"^(?:there (?:was|is|were) (?:no )?(?:sufficient|substantial|ample|competent|insufficient)|"
    r"the (?:record|evidence) (?:does not |did not )?(?:supports?|shows?|establish(?:es)?))",
    re.I,
)
# a finding about a party, stated as the court's own: "Plaintiff does not identify ...", "Defendants have failed"
_PARTY_FINDING = re.compile(
    r"^(?:(?:here|thus|therefore|accordingly|again|similarly|moreover),?\s+)?(?:the\s+)?(?:plaintiffs?|defendants?|"
    r"appellants?|appellees?|petitioners?|respondents?|claimants?|movants?)(?:[’']s?)?\s+(?:[a-z]+\s+){0,2}?"
    r"(?:does|did|do|has|have|had|is|was|were|can|could|may|cannot)\s+(?:not|never|failed|fails|no)\b",
    re.I,
)
_LISTED = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s")
_CITE_HEAD = re.compile(r"^(?:see|cf\.|id\.|accord|but see|compare|e\.g\.)\b", re.I)
_WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class Found:
    """A holding as this stage finds it: the verbatim statement and the precedents around it."""

    text: str
    offset: int
    supported_by: tuple[str, ...]  # case ids, in order of first use
    distinguished: tuple[str, ...]
    passages: tuple[tuple[str, str, str, int], ...]  # (case id, role, passage, offset) the court uses it in
    doctrines: tuple[str, ...] = ()  # most cited-for first


def _score(sentence: str, masked: str) -> float:
    """How much a sentence reads as the court stating what it decides (masked: quotations blanked)."""
    s = masked.strip()
    if len(sentence.strip()) < MIN_CHARS or _CITE_HEAD.match(s) or s.endswith("?"):
        return 0.0
    prose = _WORD.findall(s)
    if len(prose) < 6:
        return 0.0
    score = 0.0
    if _STRONG.search(s):
        score += 3.0
    if _CONNECTIVE.search(s):
        score += 2.0
    elif re.search(r"\b(?:therefore|thus|accordingly|consequently)\b", s, re.I):
        score += 1.5
    applies = len(_APPLIES.findall(s))
    parties = _PARTIES.search(s) is not None
    score += min(2.5, 1.5 + 0.5 * (applies - 1)) if applies else 0.0
    if parties:
        score += 1.0 if applies else 0.5  # the rule applied to this case's parties and record
    if _APPLYING.search(s):
        score += 1.5
    if _FINDING.search(s) or _PARTY_FINDING.search(s):
        score += 1.5
    if _LISTED.match(s):
        score -= 3.0  # an item of a quoted statute or rule
    if _OTHERS.search(s) and not re.search(r"\b(?:we|this court|the court)\s+(?:hold|conclude|agree|find)", s, re.I):
        score -= 2.5
    if re.search(r"\b(?:held|holding|noted|explained|reasoned|observed|stated)\s+that\b", s, re.I) and not re.search(
        r"\bwe\b", s, re.I
    ):
        score -= 1.5  # describing what a precedent said
    return score


# ------------------------------------------------------------------ the stage


@dataclass(frozen=True)
class Use:
    """One mention of a cited decision, resolved and judged: what the holdings stage needs of it."""

    case_id: str
    mention: Mention
    treatment: Treatment
    doctrines: tuple[str, ...] = ()  # what the passage citing it is about


def find(doc: Document, uses: Iterable[Use], edge_labels: dict[str, Sequence[str]] | None = None) -> list[Found]:
    """The holdings of the opinion `doc`, each with the precedents it stands on and distinguishes.

    The opinion's parts (ingest.parts) bound the court's own part; the summary before it and separate
    opinions after it are left out by this module's own conservative markers as well.
    """
    text = doc.text
    lo, hi = own_part(doc)
    uses = sorted(uses, key=lambda u: u.mention.start)
    edge_labels = edge_labels or {}
    sections, sents, para, scored, ends = _scored(doc, lo, hi)
    chosen: list[tuple[int, int]] = []  # (first sentence, last sentence) of each holding
    by_section: dict[int, list[int]] = {}
    for k, i in enumerate(sents):
        if scored.get(i, 0) < _THRESHOLD:
            continue
        near = [sents[m] for m in range(max(0, k - _REACH), min(len(sents), k + _REACH + 1)) if para[m] == para[k]]
        best = max(near, key=lambda x: (scored.get(x, 0), x))
        if i != best and i not in ends and not (abs(i - best) == 1 and _fits(doc, min(i, best), max(i, best))):
            continue  # the best of its stretch of paragraph, unless two concluding sentences run together
        by_section.setdefault(bisect.bisect_right(sections, doc.sentences[i]) - 1, []).append(i)
    for sec, items in sorted(by_section.items()):
        end = sections[sec + 1] if sec + 1 < len(sections) else hi
        cap = max(_PER_SECTION, (end - sections[sec]) // _CHARS_PER_HOLDING)
        for i in sorted(sorted(items, key=lambda x: -scored[x])[:cap]):
            if chosen and chosen[-1][1] + 1 == i and _fits(doc, chosen[-1][0], i):
                chosen[-1] = (chosen[-1][0], i)  # consecutive conclusions make one holding
            else:
                chosen.append((i, i))
    chosen = [_extend(doc, scored, i, j) for i, j in chosen]
    pos = {i: k for k, i in enumerate(sents)}
    closes = [_cite_only_after(doc, sents, para, pos[j]) for _, j in chosen]  # the holding ends its paragraph
    starts = [u.mention.start for u in uses]
    first_of: dict[int, int] = {}  # each paragraph's first and last sentence (by place in `sents`)
    last_of: dict[int, int] = {}
    for k, p in enumerate(para):
        first_of.setdefault(p, k)
        last_of[p] = k
    out = []
    prev_end = lo
    closed = lo  # where the issue being reasoned about began: after the last holding that closed its paragraph
    for k, (i, j) in enumerate(chosen):
        a, b = doc.sentence_bounds(i)[0], doc.sentence_bounds(j)[1]
        sec = bisect.bisect_right(sections, a) - 1
        sec_end = sections[sec + 1] if sec + 1 < len(sections) else hi
        here = para[pos[i]]
        p_start, p_end = doc.sentence_bounds(sents[first_of[here]])[0], doc.sentence_bounds(sents[last_of[here]])[1]
        w_start = min(max(sections[sec], closed, a - _REASONING), p_start)
        if p_end - p_start > _REASONING:  # text without paragraph breaks: the previous holding ends the issue
            w_start = max(w_start, prev_end)
        w_end = _support_end(doc, j)
        opens = pos[i] == 0 or para[pos[i] - 1] != para[pos[i]]
        if opens and p_end > w_end:
            w_end = min(p_end, w_end + _REASONING)  # a holding that opens its paragraph is reasoned after it
        # the issue: the section, from the last holding that closed a paragraph to the next one, and nearby
        nxt = next((doc.sentence_bounds(chosen[m][1])[1] for m in range(k + 1, len(chosen)) if closes[m]), sec_end)
        issue = (
            max(sections[sec], closed, a - 2 * _REASONING),
            min(sec_end, w_end if closes[k] else nxt, b + 2 * _REASONING),
        )
        start, stmt = _clean(text, a, b)
        if stmt:
            near = [uses[k] for k in _within(starts, (w_start, w_end), issue)]
            out.append(_support(doc, start, stmt, near, (w_start, w_end), issue, edge_labels))
        if closes[k]:
            closed = w_end
        prev_end = b
    return out


def _within(starts: list[int], *spans: tuple[int, int]) -> list[int]:
    """The indices, ascending, of the ascending `starts` that lie in one of the spans [a, b): by bisection,
    so a holding looks at the mentions around it, not at every mention of the opinion."""
    ranges = sorted((lo, hi) for a, b in spans
                    if (lo := bisect.bisect_left(starts, a)) < (hi := bisect.bisect_left(starts, b)))
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return [k for lo, hi in merged for k in range(lo, hi)]


def _cite_only_after(doc: Document, sents: list[int], para: list[int], k: int) -> bool:
    """Whether nothing but citations follows sentence k in its paragraph: the holding closes it."""
    m = k + 1
    while m < len(sents) and para[m] == para[k]:
        if not _cite_only(doc, sents[m]):
            return False
        m += 1
    return True


def _scored(doc: Document, lo: int, hi: int) -> tuple[list[int], list[int], list[int], dict[int, float], set[int]]:
    """Section starts, the court's sentences, their paragraph numbers, the score of each that has one, and
    the sentences that open or close a paragraph."""
    text = doc.text
    sections = _section_starts(text, lo, hi)
    breaks = sorted({p for p, _ in doc.paragraphs if lo < p <= hi} | set(sections))
    sents = [i for i in range(doc.sentence_of(lo), len(doc.sentences))
             if lo <= doc.sentence_bounds(i)[1] and doc.sentences[i] < hi]
    para = [bisect.bisect_right(breaks, max(doc.sentences[i], lo)) for i in sents]
    prose = [not _cite_only(doc, i) for i in sents]
    scored: dict[int, float] = {}
    ends: set[int] = set()
    for k, i in enumerate(sents):
        a, b = doc.sentence_bounds(i)
        sc = _score(text[a:b], doc.masked[a:b])
        if sc <= 0:
            continue
        first = k == 0 or para[k - 1] != para[k]
        last = all(para[m] != para[k] or not prose[m] for m in range(k + 1, min(len(sents), k + 4)))
        if first or last:
            sc += 1.0  # a paragraph opens or closes on what it decides
            ends.add(i)
        scored[i] = sc
    return sections, sents, para, scored, ends


def _cite_only(doc: Document, i: int) -> bool:
    a, b = doc.sentence_bounds(i)
    return bool(_CITE_HEAD.match(doc.text[a:b].strip())) or len(_WORD.findall(doc.masked[a:b])) < 6


def _extend(doc: Document, scored: dict[int, float], i: int, j: int) -> tuple[int, int]:
    """A holding takes in a neighbouring sentence that also concludes ("X does not meet this test. Even ...")."""
    if scored.get(j + 1, 0) >= _MERGE and _fits(doc, i, j + 1):
        j += 1
    if scored.get(i - 1, 0) >= _MERGE and _fits(doc, i - 1, j):
        i -= 1
    return i, j


def _fits(doc: Document, i: int, j: int) -> bool:
    """Whether sentences i..j make one statement: short enough, and no heading between them."""
    a, b = doc.sentence_bounds(i)[0], doc.sentence_bounds(j)[1]
    return b - a <= MAX_CHARS and not any(_is_heading(line) for line in doc.text[a:b].strip().split("\n")[1:])


def _is_heading(line: str) -> bool:
    """A line that names a section ("II. Plaintiff Fails to Establish Personal Jurisdiction"), not a sentence."""
    line = line.strip()
    if not line or len(line.split()) > 14 or line[-1] in ".:;,?”\"" and not _HEADING_LINE.fullmatch(line):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return bool(_HEADING_LINE.fullmatch(line)) or (bool(words) and all(w[0].isupper() for w in words))


def _clean(text: str, a: int, b: int) -> tuple[int, str]:
    """The statement verbatim, without a citation fragment glued in front or trailing space."""
    s = text[a:b]
    lines = s.split("\n")
    while len(lines) > 1 and _is_heading(lines[0]):  # a heading run into the sentence after it
        a += len(lines[0]) + 1
        lines = lines[1:]
    while len(lines) > 1 and _is_heading(lines[-1]):  # or a heading after the sentence
        lines = lines[:-1]
    s = "\n".join(lines)
    m = re.match(r"^[^.]{0,80}\bat\s+\d+[^.]{0,20}\.\s+(?=[A-Z])", s)  # "Futrell , 721 F.3d at 238 n.5. Accordingly"
    if m:
        a += m.end()
        s = s[m.end() :]
    stripped = s.rstrip()
    lead = len(stripped) - len(stripped.lstrip())
    stripped = stripped.strip()
    if len(stripped) > MAX_CHARS:
        cut = stripped[:MAX_CHARS].rsplit(" ", 1)[0]
        stripped = cut
    return a + lead, stripped


def _support_end(doc: Document, j: int) -> int:
    """The end of the holding with the citation sentences right after it that support it."""
    end = doc.sentence_bounds(j)[1]
    k = j + 1
    while k < len(doc.sentences):
        a, b = doc.sentence_bounds(k)
        s = doc.text[a:b].strip()
        if not (_CITE_HEAD.match(s) or len(_WORD.findall(doc.masked[a:b])) < 6):
            break
        end = b
        k += 1
    return end


def _support(
    doc: Document,
    start: int,
    stmt: str,
    uses: list[Use],
    near: tuple[int, int],
    issue: tuple[int, int],
    edge_labels: dict[str, Sequence[str]],
) -> Found:
    """The precedents cited in the reasoning `near` the holding, and those the court applies ("as in X",
    "X is apposite") or distinguishes anywhere in the holding's section (`issue`)."""
    support: dict[str, list[Use]] = {}
    contra: dict[str, list[Use]] = {}
    set_off = doc.set_off
    for u in uses:
        if not (issue[0] <= u.mention.start < issue[1] or near[0] <= u.mention.start < near[1]):
            continue
        if u.mention.part not in COURT:
            continue
        # inside the last parenthetical or block quotation opening before it (not `doc.in_parenthetical`, which
        # also counts a block quotation holding an earlier parenthetical: two holdings of the overruling set
        # would lose or change a precedent; left as it was measured)
        k = bisect.bisect_right(set_off, (u.mention.start, len(doc.text))) - 1
        if k >= 0 and set_off[k][0] < u.mention.start < set_off[k][1]:
            continue  # "(citing X)", "(quoting X)": another court's authority, not this holding's
        labels = set(edge_labels.get(u.case_id, ()))
        if "overruled" in labels or u.treatment.label == "overruled":
            continue
        setting_aside = {"distinguished", "declined"}
        if u.treatment.label in setting_aside or (labels & setting_aside and "followed" not in labels):
            contra.setdefault(u.case_id, []).append(u)  # set aside on the way to the holding
        elif labels & NEGATIVE or u.treatment.label in NEGATIVE:
            continue
        elif near[0] <= u.mention.start < near[1] or u.treatment.label == "followed":
            support.setdefault(u.case_id, []).append(u)  # cited on the way, or applied anywhere on the issue
    for cid in contra:
        support.pop(cid, None)  # distinguished on the way to this holding: not relied on for it
    passages = []
    for role, group in (("supported_by", support), ("distinguished", contra)):
        for cid, us in group.items():
            u = next((x for x in us if x.treatment.evidence), us[0])
            ev, off = (u.treatment.evidence, u.treatment.offset) if u.treatment.evidence else _sentence(doc, u.mention)
            passages.append((cid, role, ev, off))
    votes: Counter[str] = Counter()
    for us in (*support.values(), *contra.values()):
        for key in sorted({k for u in us for k in u.doctrines}):  # sorted: ties must not follow hash order
            votes[key] += 1
    top = votes.most_common(1)[0][1] if votes else 0
    keys = tuple(k for k, v in votes.most_common() if v >= max(1, top / 2))[:2]
    return Found(stmt, start, tuple(support), tuple(contra), tuple(passages), keys)


def _sentence(doc: Document, m: Mention) -> tuple[str, int]:
    text = doc.text
    a, b = doc.sentence_bounds(doc.sentence_of(m.start))
    s = text[a:b].strip()
    return (s if len(s) <= 300 else s[:300].rsplit(" ", 1)[0] + " …"), a
