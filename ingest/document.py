"""Read an opinion once: the `Document` (ingest.models) every stage after extraction reads.

Before this module each stage segmented the text again (treatment its sentences and parentheticals, the
doctrine tagger its own sentences and paragraphs, the reported-edge code its block quotations, three checks
for citation-stripped text). Here the opinion is segmented once, in time linear in its length (each scan is
one pass of a regular expression, or a sort of the positions it finds):

- whether the text is citation-stripped (`ingest.stripped.is_stripped`, the one rule: `analyze` takes the
  stripped path on it, and the stages read the flag from the document);
- the parts of the opinion (the file's own, else `ingest.parts.find_parts`);
- paragraphs: blocks between line breaks, or between blank lines in soft-wrapped (PDF-style) text;
- sentences, two segmentations, because the stages reading them ask different questions and each rule was
  tuned on the dev sets for its own (measured: with the tagger reading `sentences`, topic blocks cut the same
  way, the seeds' doctrine_f1 falls from 0.762 to 0.747, the other scores unchanged):
  `sentences` are the court's sentences as a reader quotes them, over the whole text: a blank line ends one, a
  line break alone does not, citation abbreviations ("v.", "F.3d", "Nov. 4") do not; treatment,
  holdings, named doctrines and the app's passages read them. `doctrine_sentences` are cut inside each
  paragraph by the tagger's own rule and grouped into topic blocks (a paragraph, or a section starting inside
  one: "II A court may ..."), the window a citing passage's topic is read from;
- parentheticals, quotations and block quotations (`ingest.quotes`), and the masked text with them blanked,
  with its semicolons (the units of a string cite);
- the extraction's mentions, by position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ingest.models import Document, Extraction, Mention, Part, Span
from ingest.parts import find_parts
from ingest.quotes import block_quotes
from ingest.stripped import is_stripped


def of_extraction(ext: Extraction) -> Document:
    """The document of an extracted opinion: its text, its stripped flag as extraction read it, its mentions."""
    return build(ext.opinion.text, ext.stripped, ext.opinion.parts, ext.mentions)


def of_text(text: str, stripped: bool | None = None) -> Document:
    """The document of a bare text (no mentions); `stripped` None: decided by `is_stripped`. A passage too
    short for the check to be sure of (under 2,000 characters) reads as ordinary text unless told."""
    return build(text, is_stripped(text) if stripped is None else stripped)


def build(text: str, stripped: bool, parts: tuple[Part, ...] = (), mentions: Iterable[Mention] = ()) -> Document:
    """Segment `text` once (see the module's docstring)."""
    paragraphs = _paragraphs(text)
    sentences = _sentence_starts(text, stripped)
    para_starts = [p for p, _ in paragraphs]
    doctrine_sentences, topics = _doctrine_sentences(text, paragraphs, stripped)
    masked, parens, quotations, blocks = _mask(text, stripped)
    return Document(
        text=text,
        stripped=stripped,
        parts=tuple(parts) or find_parts(text),
        paragraphs=paragraphs,
        sentences=sentences,
        sentence_paragraph=tuple(max(0, bisect.bisect_right(para_starts, s) - 1) for s in sentences),
        doctrine_sentences=doctrine_sentences,
        doctrine_topics=topics,
        parentheticals=parens,
        quotations=quotations,
        block_quotes=blocks,
        set_off=tuple(sorted(parens + tuple((s, e) for s, e, _ in blocks))),
        masked=masked,
        semicolons=tuple(m.start() for m in re.finditer(";", masked)),
        citations=tuple(sorted(mentions, key=lambda m: m.start)),
    )


def sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence of `text` starts, ascending: `Document.sentences` without the rest of the reading
    (the app widens a stored passage to whole sentences)."""
    return _sentence_starts(text, is_stripped(text))


# ---------------------------------------------------------------- paragraphs


def soft_wrapped(lines: Iterable[str]) -> bool:
    """PDF-style text wraps lines inside paragraphs (its median line is short); then only blank lines end one."""
    lengths = sorted(len(line) for line in lines if line.strip())
    return bool(lengths) and lengths[len(lengths) // 2] < 100


def _paragraphs(text: str) -> tuple[Span, ...]:
    """Non-blank blocks between paragraph breaks (the whole text when it has none)."""
    sep = re.compile(r"\n\s*\n" if soft_wrapped(text.splitlines()) else r"\n")
    out, last = [], 0
    for m in sep.finditer(text):
        out.append((last, m.start()))
        last = m.end()
    out.append((last, len(text)))
    return tuple((a, b) for a, b in out if text[a:b].strip()) or ((0, len(text)),)


# ---------------------------------------------------------------- the court's sentences

# words that end in "." without ending a sentence (lower case, no final dot)
_ABBREV = frozenset(
    "v vs inc co corp ltd llc no nos cir ct f supp mag indus int'l int’l nat'l nat’l ass'n ass’n grp techs "
    "props cal fed civ app e.g i.e cf mr ms mrs dr jr sr st u.s ed dist jud super cnty prods servs glob "
    "fam p'ship p’ship bros dept univ comm'n comm’n gov't gov’t am atl sch op ins ch div stat gen compl "
    "decl ex art sec para pl a.s s.r.o b.v mont bd hosp elec mfg tex colo wash n.j n.c ann rev l.ed "
    "so s.e s.w n.e n.w p.2d p.3d a.2d a.3d wl id ibid al seq cert aff'd rev'd rel ry r.r educ comm'r assn".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_STRIPPED_ABBREV = frozenset("v id ins atl sch am indus supp op intl int e.g i.e cf".split())
_REPORTER_NEXT = re.compile(r"(?:[A-Z][A-Za-z]*\.){1,3}\s?(?:\d[a-z]{1,2}\s)?\d")  # "P.2d 1110", "U.S. 3"
_VOLUME_REPORTER = re.compile(r"\b\d{1,4} [A-Z][a-z]{1,6}\.$")  # the volume and reporter of "7 Wall. 700"
_BOUNDARY = re.compile(r"\n\s*\n|[.?!][\"”’')\]]*(?:\[\d{1,3}\])?\s+(?=[\"“‘(\[]?[A-Z0-9])")
_STRIPPED_BOUNDARY = re.compile(r"\n+|[.?!](?=[a-z])|[.?!]\s+")
_WORD_BEFORE = re.compile(r"[\w.'’&-]*$")


def _sentence_starts(text: str, stripped: bool) -> tuple[int, ...]:
    """Sentence starts; robust to citation abbreviations and to stripped text's ".word"."""
    starts = [0]
    boundary, abbrev = (_STRIPPED_BOUNDARY, _STRIPPED_ABBREV) if stripped else (_BOUNDARY, _ABBREV)
    for m in boundary.finditer(text):
        if "\n" in m.group() and (stripped or m.group().count("\n") > 1 or m.group()[0] in ".?!"):
            starts.append(m.end())  # a paragraph ends whatever the word before it
            continue
        word = _WORD_BEFORE.search(text[max(0, m.start() - 20):m.start()]).group().lower()
        if word in abbrev or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"(\w\.)+\w", word):
            continue
        if word.rstrip(".") in _MONTHS and text[m.end():m.end() + 1].isdigit():
            continue  # "(M.D. N.C. Nov. 4, 2020)": a date, not a new sentence
        reporter = word[-1:].isdigit() and not word.isdigit()
        if not stripped and reporter and text[m.end():m.end() + 1].isdigit():
            continue  # "F.3d 1050": a reporter, not a new sentence
        if not stripped and word.isdigit() and _REPORTER_NEXT.match(text, m.end()):
            continue  # "199 Colo. 520, 612. P.2d 1110": a stray period inside a parallel citation
        if not stripped and _VOLUME_REPORTER.search(text, max(0, m.start() - 20), m.start() + 1) and \
                text[m.end():m.end() + 1].isdigit():
            continue  # "7 Wall. 700", "26 Ind. 299": a one-word reporter between volume and page
        starts.append(m.end())
    return tuple(sorted(set(starts)))


# ---------------------------------------------------------------- the doctrine tagger's sentences

# Tokens that end with a period without ending a sentence (reporters, case names, court names); compared lower
# case without the final period.
_DOCTRINE_ABBREV = frozenset(
    """v vs inc co corp ltd cir ct supp app cal no nos id cf al mag props techs tech grp indus
    jud dist mont nat'l int'l intl bd educ dep't ass'n sch hosp med univ elec mfg bros ins atl am
    fed civ crim proc stat ann gen sess ch art sec ex para pp cert den rev st mr ms mrs dr jr sr
    hon dkt compl decl op cnty comm'n comm assoc auth envtl gov't soc prods servs sys ent fin invs
    mgmt pharm transp ry mut fla tex ga ill mass mich minn pa va wash wis colo conn ariz haw md
    ohio okla ore tenn ky la miss mo neb nev wyo vt del u.s e.g i.e n.y n.j s.ct l.ed f
    cl dep assn natl""".split()
)
# In citation-stripped text "cir." and "d." close a citation and so a sentence.
_DOCTRINE_STRIPPED_ABBREV = frozenset("v inc co corp ltd id atl ins sch am nat int indus ass supp app univ".split())
_SENT_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_STRIPPED_END = re.compile(r"\.(?=\s*[a-z])")
_SPACE = re.compile(r"\s")
_INLINE_SECTION = re.compile(r"(?:[IVX]{1,4}|[A-H]|\d{1,2})\s+(?:[A-H]\s+|\d\s+)?[A-Z]")


def _doctrine_sentences(text: str, paragraphs: tuple[Span, ...], stripped: bool) -> tuple[tuple[int, ...],
                                                                                            tuple[int, ...]]:
    """The tagger's sentence starts inside each paragraph, and the topic block of each."""
    ender, abbrev = (_STRIPPED_END, _DOCTRINE_STRIPPED_ABBREV) if stripped else (_SENT_END, _DOCTRINE_ABBREV)
    starts: list[int] = []
    topics: list[int] = []
    topic = 0
    for start, end in paragraphs:
        chunk = text[start:end]
        cuts = [0]
        spaces = [m.start() for m in _SPACE.finditer(chunk)]
        for m in ender.finditer(chunk):
            token = _token_before(chunk, spaces, m.start())
            word = token.lower().lstrip("(“\"'[") if token else ""
            word = word.rsplit(",", 1)[-1] if stripped else word
            if word in abbrev or (len(word) == 1 and not stripped) or "." in word:
                continue
            nxt = chunk[m.end():m.end() + 2].strip()[:1]
            if nxt.isdigit() and word[:1].isalpha() and len(word) <= 6 and token and token[0].isupper():
                continue
            cuts.append(m.end())
        for c in cuts:
            if c and _INLINE_SECTION.match(chunk, c):
                topic += 1  # "II A court may ...": a section starts inside the line
            starts.append(start + c)
            topics.append(topic)
        topic += 1
    return tuple(starts), tuple(topics)


def _token_before(chunk: str, spaces: list[int], end: int) -> str | None:
    """The run of non-space characters ending at `end` (what `(\\S+)$` finds in chunk[:end]), found by
    bisecting the chunk's space positions: searching from the chunk's start at every sentence end
    was quadratic in the paragraph's length."""
    if end and chunk[end - 1] == "\n":  # `$` also matches before a final newline
        end -= 1
    i = bisect.bisect_left(spaces, end) - 1
    begin = spaces[i] + 1 if i >= 0 else 0
    return chunk[begin:end] or None


# ---------------------------------------------------------------- other courts' words

_QUOTATION = re.compile(r"“[^”]{0,1500}”|\"[^\"\n]{0,1500}\"")


_Masked = tuple[str, tuple[Span, ...], tuple[Span, ...], tuple[tuple[int, int, int], ...]]


def _mask(text: str, stripped: bool) -> _Masked:
    """The text with parentheticals, block quotations and quotations blanked (keeping offsets: their cue words
    are not this court's), and those spans. Stripped text has lost the punctuation they are read from."""
    if stripped:
        return text, (), (), ()
    chars = list(text)
    parens = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                parens.append((start, i + 1))
        elif ch == "\n" and depth:  # an unclosed parenthesis does not swallow the paragraph
            depth = 0
    blocks = tuple(block_quotes(text))  # another court's words set off as a paragraph
    for s, e in sorted(parens + [(s, e) for s, e, _ in blocks]):
        chars[s:e] = " " * (e - s)
    quotations = tuple(m.span() for m in _QUOTATION.finditer(text))
    for s, e in quotations:
        chars[s:e] = " " * (e - s)
    return "".join(chars), tuple(parens), quotations, blocks
