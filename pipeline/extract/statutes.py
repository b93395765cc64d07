"""Statute references: every provision of an Act cited, resolved and linked offline.

Three passes over the text, in the spirit of eyecite (tokenize / find / resolve):

1. *Act mentions*: a full title ("Local Government Act 1999", found by walking back from each
   "Act <year>"), a standard acronym ("LGA 1999"), a defined term ("the 1999 Act", "the Act",
   any term defined in a bracket after a title) or an anaphor ("that Act"). Titles are linked
   to the reference table (pipeline/data/uk_acts.csv) exactly, else by a near-miss spelling of
   a title of the same year (``fuzzy``); titles absent from the table keep title and year.
   Scanned years ("l996", "199 6"), "Act, 1996", titles broken or hyphenated across lines and
   Welsh "(Wales) Measure"s are read too. A quoted bracket after a title hides the mentions in
   it ('("the LGA 1999")'); a defined term used as an adjective ("the 1999 Act Directions")
   names a document, not the Act.
2. *Provisions*: "section 15(5) and (6)", "15(5)-(7)" (small ranges expanded), "15(6)(a) and (b)"
   (-> (6)(b)), "sections 10, 12 and 17A", "sections 23C to 24D",
   "Part I", "paragraph 3 of Schedule 2", "Schedule 7", "Clause 82", "s.497A" ... are kept only
   when attached to an Act mention ("... of the 1999 Act", "s497A Education Act 1996",
   "Children Act 1989, s.17", "... ACT 1999 (SECTION 15)"). Provisions sharing one Act are
   chained to it ("section 24 of, and Schedule 7 to, the ... Act", "section 5 and Part 2 of
   ..."). A section used as an adjective ("a section 114 notice issued ... under the ... Act
   1988") takes the next Act of its sentence, only after "under"/"of", and leaves that Act its
   Act-level entry. A bare section repeating the section of a reference just before it in the same
   paragraph ("... section 497A of the Education Act 1996 ... under s497A(4B)") takes that Act.
   Otherwise a bare "paragraph 4" or "section 3 of this report" is the document's own
   numbering and is dropped. A Schedule's paragraph ("paragraph 3(2) of Schedule 7") is kept in
   ``paragraph`` and the uri, not as the subsection (the gold's subsection is only the bracketed
   part after a section).
3. *Act-level entries*: a mention not used by a provision (and not the definition bracket of
   one) is a reference to the Act as a whole (section ``None``), as GOLD_FORMAT asks.

URIs: the table's ``/id/`` URI plus ``/section/<n>[/<sub>...]``, ``/part/<n>``,
``/schedule/<n>[/paragraph/<m>]``. A range ("23C-24D") links to the Act itself and a
subsection range ("(4A)-(4C)") to its section: no single provision stands for it. Statutory
instruments ("The ... Regulations 2010", kind ``si``, with "article 5" / "regulation 3" as
section) are found too but only emitted when PIPELINE_STATUTE_SI=1, since the gold does not
list them.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.document import Extraction, StatuteRef
from pipeline.extract import register

DATA = Path(__file__).resolve().parent.parent / "data" / "uk_acts.csv"
EMIT_SI = os.environ.get("PIPELINE_STATUTE_SI", "") == "1"
FUZZY_MIN = 0.88  # difflib ratio for a near-miss title of the same year


# --- the reference table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Act:
    title: str  # "Education Act 1996"
    year: int
    chapter: int | None = None
    uri: str | None = None
    kind: str = "act"


LINE_HYPHEN = re.compile(r"(?<=[a-z])-[^\S\n]*\n\s*(?=[a-z])")  # "Edu-\ncation": a word hyphenated at a line end


def _clean(s: str) -> str:
    """A title as written, on one line: line-end hyphenation undone, single spaces."""
    return " ".join((LINE_HYPHEN.sub("", s) if "-" in s else s).split())


def _fold(s: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the key titles are compared on."""
    return _clean(s.replace("\u2019", "'").replace("\u2018", "'")).lower()


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, int], Act], dict[int, list[tuple[str, Act]]], dict[tuple[str, int], Act]]:
    """(folded name, year) -> Act; year -> [(folded name, Act)]; (acronym, year) -> Act (unique only)."""
    exact: dict[tuple[str, int], Act] = {}
    by_year: dict[int, list[tuple[str, Act]]] = {}
    acro: dict[tuple[str, int], Act | None] = {}
    with DATA.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name, year = row["title"].strip(), int(row["year"])
            chapter = int(row["chapter"]) if (row.get("chapter") or "").strip().isdigit() else None
            uri = (row.get("uri") or "").strip()
            act = Act(f"{name} {year}", year, chapter, uri if uri.startswith("http") else None)
            key = re.sub(r"\s+act$", "", _fold(name))  # compared with the words before "Act <year>"
            exact[(key, year)] = act  # a Welsh Measure keeps "measure" in its key: never an Act's
            if key.endswith(" measure"):
                continue
            by_year.setdefault(year, []).append((key, act))
            initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())
            if len(initials) >= 2:
                key = (initials, year)
                acro[key] = None if key in acro and acro[key] != act else act  # ambiguous -> None
    return exact, by_year, {k: v for k, v in acro.items() if v is not None}


# --- patterns ------------------------------------------------------------------------------------

YEAR = r"(?:1[2-9]\d\d|20\d\d)"
# a year after "Act" as scanned: "l996", "I996", "2O14", "199 6" (one stray space); see _year()
_OCR_YEAR = r"(?:[1lI]\s?[2-9]|2\s?0)\s?[\dlIO]\s?[\dlIO]"
# The anchors below are scanned over the whole text, so each opens with the letter every match starts
# with and checks the word boundary just after it ("A(?<!\wA)" is "\bA"): the engine then jumps from
# one such letter to the next instead of trying the pattern at every position.
# "Act 1996" (also "Act, 1996", scanned "Act1996"), swallowing a doubled "Act" typo ("Education Act 1996 Act") and a
# footnote marker glued to the year by PDF extraction ("Act 19993").
ACT_ANCHOR = re.compile(rf"A(?<!\wA)(?:ct|CT)(?:\b,?\s+|(?=[12]\d))({_OCR_YEAR})(?:\d(?=\s))?\b(?:\s+(?:Act|ACT)\b)?")
# Welsh Assembly Measures: every one has "(Wales)" in its title, checked in _find_mentions
MEASURE_ANCHOR = re.compile(rf"M(?<!\wM)(?:easure|EASURE)\b,?\s+({YEAR})\b")
# "the Children Acts 1989 and 2004": one mention per year
ACTS_ANCHOR = re.compile(rf"A(?<!\wA)(?:cts|CTS)\s+({YEAR}(?:\s*(?:,|and|&|AND)\s*{YEAR})+)\b")
SI_ANCHOR = re.compile(rf"\b(Regulations|Order|Rules|REGULATIONS|ORDER|RULES)\s+({YEAR})\b")
# "the 1999 Act", "that 1999 Act", with the doubled-Act typo
YEAR_TERM = re.compile(rf"[tT](?<!\w[tT])(?i:he|hat|his)\s+({YEAR})\s+(?i:act)\b(?:\s+(?i:act)\b)?")
ANAPHOR = re.compile(r"[tTsS](?<!\w[tTsS])(?i:(?<=t)he|(?<=t)hat|(?<=s)aid)(?i:\s+act)\b(?!\s*,?\s*(?:1[2-9]|20)\d\d)")
ACRONYM = re.compile(rf"([A-Z](?<!\w[A-Z])[A-Z]{{1,7}})\s?({YEAR})\b")
# a capitalised word right after a defined term makes it an adjective in a document's name
# ("the 1999 Act Directions"), unless it is a provision word or a connector
NEXT_WORD = re.compile(r"[^\S\n]+([A-Z][A-Za-z]*)")
NOT_A_NAME = {"section", "sections", "s", "ss", "part", "parts", "schedule", "schedules", "chapter", "clause",
              "clauses", "paragraph", "paragraphs", "para", "paras", "article", "regulation", "and", "or", "as",
              "in", "of", "to", "on", "for", "by", "with", "i", "act"}
# a definition bracket right after a mention: ("the 1999 Act"), (the "1999 Act"), (hereafter "the Act"),
# unquoted (the 1999 Act), (LGA 1999); possibly after a short aside: (c. 56) ("the 1996 Act")
DEF_BRACKET = re.compile(
    r"(?:\s*\((?:c\.\s*\d{1,3}|[^()\"“”'‘’\n\d]{1,30})\))?\s*\(\s*"  # no provision in the aside
    r"(?:(?:(?i:hereafter|hereinafter|referred\s+to\s+as|together|the|below|called|in\s+this\s+\w+)\s*,?\s*)*"
    r"[\"“'‘]([^\"”'’\n()]{1,40})[\"”'’]"
    rf"|((?i:the)\s+(?:{YEAR}\s+)?(?i:act)|(?:(?i:the)\s+)?[A-Z]{{2,8}}(?:\s?(?:{YEAR}|\d\d))?))\s*\)")
ALIAS_ACRONYM = re.compile(rf"(?:(?i:the)\s+)?([A-Z]{{2,8}})(?:\s?(?:{YEAR}|\d\d))?")
TOKEN = re.compile(r"\([^()]{1,60}\)|(?:[\w'’]+|-[^\S\n]*\n\s*(?=[a-z])|-)+|[^\w\s]")

CONNECTORS = {"and", "of", "for", "in", "on", "to", "with", "&"}
# capitalised words that introduce a title rather than belong to it (sentence starts, headings)
STOPWORDS = {
    "under", "by", "from", "pursuant", "within", "per", "see", "the", "a", "an", "as", "since", "following",
    "whereas", "now", "therefore", "where", "if", "but", "this", "that", "these", "its", "their", "his", "her",
    "our", "both", "each", "which", "who", "re", "regarding", "using", "at", "after", "before", "also", "is",
    "was", "are", "were", "be", "been", "i.e", "e.g", "section", "sections", "paragraph", "clause",
}
# words of an all-capitals heading before a title ("STATUTORY POWERS UNDER ..."); in mixed case they
# may belong to a title ("Powers of Criminal Courts (Sentencing) Act 2000")
CAPS_STOPWORDS = {
    "part", "schedule", "direction", "directions", "given", "made", "issued", "notice", "amended", "applied",
    "powers", "statutory", "duties", "duty", "functions", "subject", "relating", "namely",
}

_SEC = r"\d{1,4}[A-Z]{0,3}(?![\w])"
_SUB = r"\s?\((?:\d{1,3}[A-Za-z]{0,2}|[a-z]{1,4}|[A-Z])\)"
_SUBS = rf"(?:{_SUB})+"
_RANGE = r"(?:\s+(?i:to)\s+|\s*[-\u2013\u2014]\s*)"
_SUBR = rf"{_SUBS}(?:{_RANGE}{_SUBS})?"  # "(5)", "(5)-(7)", "(5) to (7)"
_ITEM = rf"{_SEC}(?:{_SUBS})?(?:{_RANGE}(?:{_SEC}(?:{_SUBS})?|{_SUBS}))?"
_LSEP = r"(?:\s*,\s*(?:(?i:and|or)\s+|&\s*)?|\s+(?i:and|or)\s+|\s*&\s*)"
_SEC_HEAD = r"(?:\b(?i:sections?|secs?\.)\s*|\b(?i:clauses?)\s+|(?<!['’])\b[sS]{1,2}\.?\s?(?=\d))"
_SEC_LIST = rf"{_ITEM}(?:{_LSEP}(?:{_SEC_HEAD})?(?:{_ITEM}|{_SUBR}))*"
_PART = r"(?:\d{1,3}[A-Z]?|[IVXL]{1,6})(?![\w])"
_PART_LIST = rf"{_PART}(?:{_LSEP}(?:(?i:parts?)\s+)?{_PART})*"
_PITEM = rf"\d{{1,3}}[A-Z]?(?:{_SUBS})?(?:{_RANGE}\d{{1,3}}[A-Z]?)?"
_PARA_HEAD = r"(?i:paragraphs?|paras?\.?|sub-?paragraphs?)\s*(?=\d)"
_PARA_LIST = rf"{_PITEM}(?:{_LSEP}(?:{_PARA_HEAD})?{_PITEM})*"

# "Schedule 7", "Schedules 2 and 3", "Schedule 3, paragraph 6": a further Schedule is a number or repeats the word
# (a roman "I" alone could be the pronoun)
_SCHED = (rf"\b(?i:schedules?)\s+(?P<schedno>{_PART})"
          rf"(?P<schedmore>(?:{_LSEP}(?:(?i:schedules?)\s+{_PART}|\d{{1,3}}[A-Z]?(?![\w])))*)"
          rf"(?:\s*,?\s*{_PARA_HEAD}(?P<para2>{_PARA_LIST}))?")
PROVISION = re.compile(
    r"\b(?=[sSpPcC])"  # cheap prefilter: every head starts a word with one of these letters
    rf"(?:(?P<subfirst>\b(?i:sub-?\s?sections?)\s+(?P<subs>{_SUBR}(?:{_LSEP}{_SUBR})*)\s+(?i:of)\s+"
    rf"(?i:section|s\.?)\s*(?P<subsec>{_SEC}))"
    rf"|(?P<sched>(?:\b{_PARA_HEAD}(?P<para>{_PARA_LIST})\s+(?i:of|to)\s+)?"
    rf"{_SCHED})"
    rf"|(?P<part>\b(?i:parts?)\s+(?P<partlist>{_PART_LIST}))"
    rf"|(?P<sec>(?P<head>{_SEC_HEAD})(?P<list>{_SEC_LIST})))"
)
# provisions of a statutory instrument: "article 5(2) of the ... Order 2019", "regulations 3 and 4 of the ..."
# (only looked for when instruments are emitted, so compiled on first use)
SI_PROVISION = (r"(?=[aArR])\b(?P<unit>(?i:article|regulation|rule))s?\.?\s*"
                rf"(?P<list>{_ITEM}(?:{_LSEP}(?:(?i:article|regulation|rule)s?\.?\s*)?(?:{_ITEM}|{_SUBR}))*)")
# provisions written after their Act: "Children Act 1989, s.17", "Localism Act 2011, Part 1", and
# as an aside "Equality Act 2010 (in particular section 149)" (the Act then also stands alone)
TRAILING = re.compile(
    r"\s*,?\s*(?P<open>\(\s*(?:(?i:in\s+particular|especially|notably|see|including|at)\s+)?"
    r"|(?i:in\s+particular|especially|notably|including)\s+)?"
    rf"(?:(?P<head>{_SEC_HEAD})(?P<list>{_SEC_LIST})|\b(?i:parts?)\s+(?P<partlist>{_PART_LIST})|(?P<sched>{_SCHED}))")
# a provision after an Act that belongs to something else: "the 1999 Act, Part 2 of these Directions"
OF_NEXT = re.compile(r"\s*(?i:of|to)\s")
CLOSE = re.compile(r"\s*\)")
# "of the ...", also after a short aside: "section 15(5) (as amended) of the 1999 Act"
CONNECT = re.compile(r"(?:\s*\((?:[^()]|\([^()]{0,20}\)){1,100}\))?\s*,?\s*(?i:of|to|in|under|within)\s+")
# split provisions sharing one Act: "section 24 of, and Schedule 7 to, the ... Act 2014"
_AND_OR = r"(?i:and|or|as\s+well\s+as)\s+"
# also without "of": "section 24 and Schedule 7 to the ... Act" (a list of one kind is one match already)
SPLIT_AND = re.compile(rf"\s*(?:(?i:of|to)(?:\s*,\s*(?:{_AND_OR})?|\s+{_AND_OR})|,?\s*{_AND_OR})")
SPLIT_END = re.compile(r"\s*(?i:of|to)\s*,\s*")
# a section used as an adjective ("a section 114 notice"), linked to an Act later in the sentence; role
# names ("the s151 officer") are not in the list
ADJ_NOUN = re.compile(r"[^\S\n]+(?i:notice|report|direction|order|inspection|investigation|review|request|application"
                      r"|agreement|determination|statement|recommendation|dut(?:y|ies)|power|assessment|arrangement"
                      r"|declaration|decision|consultation|letter|plan|intervention|enquiry|inquiry)s?\b")
ADJ_REACH = 250  # characters from the provision to its Act
SENTENCE_END = re.compile(r"[;!?]|[.:](?=\s+[A-Z(\"“‘']|\s*$)|\n\s*\n", re.M)
UNDER_OF = re.compile(r"\b(?i:under|of)\s+(?:(?i:the)\s+)?$")
# "s497A Education Act 1996": sections may also touch their Act, across at most one line break
ADJACENT = re.compile(r"[^\S\n]*\n?[^\S\n]*(?<=\s)")
THE = re.compile(r"(?i:the)\s+")
ITEM_RE = re.compile(rf"(?:{_SEC_HEAD})?(?P<item>{_ITEM})|(?P<subonly>{_SUBR})")
SEC_SPLIT = re.compile(rf"(?P<a>{_SEC})(?P<asub>(?:{_SUBS})?)"
                       rf"(?:{_RANGE}(?:(?P<b>{_SEC})(?P<bsub>(?:{_SUBS})?)|(?P<bsubonly>{_SUBS})))?")
SUB_RANGE = re.compile(rf"(?P<a>{_SUBS})(?:{_RANGE}(?P<b>{_SUBS}))?")
SUB_RANGE_MAX = 10  # "(5)-(7)" is expanded to each subsection; a longer range stays one reference
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(s: str) -> int:
    s = s.lower()
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        total += -ROMAN[a] if ROMAN.get(b, 0) > ROMAN[a] else ROMAN[a]
    return total


def _part_no(s: str) -> str:
    return str(_roman(s)) if re.fullmatch(r"[IVXL]+", s) else s


def _year(s: str) -> int | None:
    """A scanned year as a number ("l996" -> 1996), None unless plausible.

    A misread year ("l996", "199 6": one stray space at most) is only taken from 1800 on, where
    the Acts these documents cite are.
    """
    if s.isdigit():
        return int(s)
    if s.count(" ") > 1 or "\n" in s:
        return None
    y = int(s.translate(str.maketrans("lIO", "110", " ")))
    return y if 1800 <= y <= 2099 else None


def _adjectival(text: str, end: int) -> bool:
    """True when a capitalised word follows a defined term on its line ("the 1999 Act Directions")."""
    m = NEXT_WORD.match(text, end)
    return bool(m) and m.group(1).lower() not in NOT_A_NAME


def _initials_match(acronym: str, title: str) -> bool:
    """'LGA' fits 'Local Government Act': its letters are, in order, initials of the title's words."""
    initials = iter(w[0].upper() for w in re.findall(r"[A-Za-z]+", title))
    return acronym[0] == title[0].upper() and all(c in initials for c in acronym)


def _subsection(s: str) -> str | None:
    parts = re.findall(r"\(([^)]*)\)", s)
    return "".join(f"({p})" for p in parts) or None


# --- pass 1: Act mentions ------------------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # title, acronym, year, anaphor, alias, si
    act: Act | None = None
    written: str = ""  # title as written, for fuzzy links
    fuzzy: bool = False
    year: int | None = None
    term: str = ""  # the defined term or anaphor as written
    used: bool = False  # consumed by a provision
    def_end: int | None = None  # end of a definition bracket attached to it


def _is_title_word(tok: str) -> bool:
    if tok[0] == "(":
        return len(tok) > 4 and tok[1].isupper()
    low = tok.lower().rstrip("'’")
    if low in STOPWORDS or (low in CAPS_STOPWORDS and tok.isupper()):
        return False
    return tok[0].isupper() and not tok.isdigit()


def _walk_title(text: str, anchor: int, page_starts: frozenset[int] = frozenset()) -> int | None:
    """Start of the generic title ending just before ``anchor`` (the word "Act"), or None.

    Accepts capitalised words, bracketed qualifiers ("(Miscellaneous Provisions)") and the
    connectors of Act titles; "the" only inside "... of the People". Stops at anything else, at
    a blank line (unless a page ends there: ingestion blanks page furniture), and at a line break
    where the case style changes (a heading above a title).
    """
    window = text[max(0, anchor - 160):anchor]
    base = anchor - len(window)
    toks = [(m.start() + base, m.group()) for m in TOKEN.finditer(window)]
    accepted: list[tuple[int, str]] = []
    i = len(toks) - 1
    while i >= 0:
        pos, tok = toks[i]
        if accepted:
            gap_start, gap_end = pos + len(tok), accepted[-1][0]
            gap = text[gap_start:gap_end]
            if ("\n\n" in gap and not any(gap_start <= b <= gap_end for b in page_starts)) or (
                    "\n" in gap and tok.isupper() != accepted[-1][1].isupper()):
                break
        low = tok.lower()
        if (low in CONNECTORS and accepted) or _is_title_word(tok) or (
                low == "the" and accepted and i >= 2 and toks[i - 1][1].lower() == "of"
                and _is_title_word(toks[i - 2][1])):
            accepted.append((pos, tok))
            i -= 1
            continue
        break
    # a title starts with a word: drop leading connectors and bracketed labels ("(B) ...")
    while accepted and (accepted[-1][1].lower() in CONNECTORS | {"the"} or accepted[-1][1].startswith("(")):
        accepted.pop()
    return accepted[-1][0] if accepted else None


def _title_case(s: str) -> str:
    words = s.split()
    return " ".join(w.lower() if i and w.lower() in CONNECTORS | {"the"} else
                    "(" + w[1:2] + w[2:].lower() if w.startswith("(") else w[:1] + w[1:].lower()
                    for i, w in enumerate(words))


def _resolve_title(text: str, anchor: int, year: int,
                   page_starts: frozenset[int] = frozenset()) -> tuple[int, Act, str, bool] | None:
    """(start, Act, title as written, fuzzy) for the title ending at ``anchor``."""
    exact, by_year, _ = _table()
    window = text[max(0, anchor - 200):anchor]
    base = anchor - len(window)
    starts = [m.start() + base for m in TOKEN.finditer(window)][-14:]
    best: int | None = None
    for s in reversed(starts):  # longest suffix that is a known title wins
        if (_fold(text[s:anchor]), year) in exact:
            best = s
    if best is not None:
        return best, exact[(_fold(text[best:anchor]), year)], "", False
    # a word split by OCR or PDF extraction ("Educat ion Act 1996"): compare without spaces
    squeezed = {name.replace(" ", ""): act for name, act in by_year.get(year, [])}
    split: tuple[int, Act] | None = None
    for s in reversed(starts):
        act = squeezed.get(_fold(text[s:anchor]).replace(" ", "")) if text[s].isupper() else None
        if act is not None:
            split = (s, act)
    if split is not None:
        return split[0], split[1], f"{_clean(text[split[0]:anchor])} Act {year}", True
    gstart = _walk_title(text, anchor, page_starts)
    if gstart is None:
        return None
    written = _clean(text[gstart:anchor])
    cands = by_year.get(year, [])
    if cands:
        # a near miss of a title of the same year ("Childrens Act", "Local Goverment Act")
        sub_starts = [s for s in starts if s >= gstart]
        scored = []
        for s in sub_starts:
            key = _fold(text[s:anchor])
            for name, act in cands:
                r = difflib.SequenceMatcher(None, key, name).ratio()
                if r >= FUZZY_MIN:
                    scored.append((r, anchor - s, s, act))
        if scored:
            r, _, s, act = max(scored, key=lambda t: (t[0], t[1]))
            return s, act, f"{_clean(text[s:anchor])} Act {year}", True
    title = _title_case(written) if written.isupper() else written
    return gstart, Act(f"{title} Act {year}", year), "", False


def _find_mentions(text: str, page_starts: frozenset[int]) -> list[Mention]:
    exact, _, acro = _table()
    out: list[Mention] = []
    for m in ACT_ANCHOR.finditer(text):
        year = _year(m.group(1))
        if year is None:
            continue
        r = _resolve_title(text, m.start(), year, page_starts)
        if r is None:
            continue
        start, act, written, fuzzy = r
        out.append(Mention(start, m.end(), "title", act, written, fuzzy, year))
    for m in MEASURE_ANCHOR.finditer(text):
        start = _walk_title(text, m.start(), page_starts)
        name = _clean(text[start:m.start()]) if start is not None else ""
        if start is not None and "(wales)" in name.lower():
            year = int(m.group(1))
            name = _title_case(name) if name.isupper() else name
            act = exact.get((_fold(name) + " measure", year)) or Act(f"{name} Measure {year}", year)
            out.append(Mention(start, m.end(), "title", act, year=year))
    for m in ACRONYM.finditer(text):
        act = acro.get((m.group(1), int(m.group(2))))
        if act is not None and not _adjectival(text, m.end()):
            out.append(Mention(m.start(), m.end(), "acronym", act, year=act.year))
    for m in ACTS_ANCHOR.finditer(text):
        years = [(y.start(), y.end(), int(y.group())) for y in re.finditer(YEAR, m.group(1))]
        for k, (ys, ye, year) in enumerate(years):
            r = _resolve_title(text, m.start(), year, page_starts)
            if r is not None:
                start = r[0] if k == 0 else m.start(1) + ys
                out.append(Mention(start, m.start(1) + ye, "title", r[1], r[2], r[3], year))
    for m in YEAR_TERM.finditer(text):
        if _adjectival(text, m.end()):
            continue
        out.append(Mention(m.start(), m.end(), "year", year=int(m.group(1)), term=_fold(m.group())))
    for m in ANAPHOR.finditer(text):
        out.append(Mention(m.start(), m.end(), "anaphor", term=_fold(m.group())))
    if EMIT_SI:
        for m in SI_ANCHOR.finditer(text):
            start = _walk_title(text, m.start(), page_starts)
            if start is not None:
                name = " ".join(text[start:m.start()].split())
                name = _title_case(name) if name.isupper() else name
                kind = m.group(1).title()
                out.append(Mention(start, m.end(), "si", Act(f"{name} {kind} {m.group(2)}", int(m.group(2)),
                                                              kind="si")))
    out.sort(key=lambda x: (x.start, -x.end))
    # drop mentions nested in a longer one ("LGA 1999" inside nothing, "the Act" inside a title)
    kept: list[Mention] = []
    for mn in out:
        if kept and mn.start < kept[-1].end:
            continue
        kept.append(mn)
    return kept


def _definitions(text: str, mentions: list[Mention]) -> list[tuple[int, int, str, Mention]]:
    """Definition brackets after titles/acronyms: (bracket start, end, folded term, mention).

    The term is "" for a quoted name that is not an Act's ("the 1999 Act Directions", "the first
    direction"): the bracket still hides the mentions inside it, but defines no alias.
    """
    defs = []
    for mn in mentions:
        if mn.kind not in ("title", "acronym") or mn.act is None:
            continue
        m = DEF_BRACKET.match(text, mn.end)
        if not m:
            continue
        term = " ".join((m.group(1) or m.group(2)).split())
        acr = ALIAS_ACRONYM.fullmatch(term)
        if m.group(2) and acr and not _initials_match(acr.group(1), mn.act.title):
            continue  # "(UK)", "(DfE)": an unquoted bracket that does not abbreviate this Act
        mn.def_end = m.end()
        key = ""
        if re.search(r"\b(?i:act)$", term):  # an Act's name: "the 1999 Act", "the Principal Act"
            key = _fold(term)
            if re.fullmatch(rf"(?:{YEAR} )?act", key):  # (the "1999 Act") defines "the 1999 Act"
                key = f"the {key}"
        elif acr:  # an acronym: ("LGA 1999"), ("the LGA"), later used without "the"
            key = _fold(re.sub(r"^(?i:the)\s+", "", term))
        defs.append((m.start(), m.end(), key, mn))
    return defs


def _resolve(text: str, mentions: list[Mention]) -> list[Mention]:
    """Give every defined term and anaphor the Act it stands for; drop those that have none."""
    defs = _definitions(text, mentions)
    inside = [(s, e) for s, e, _, _ in defs]
    terms: dict[str, Act] = {}
    custom = {k for _, _, k, _ in defs if k and not re.fullmatch(rf"the (?:{YEAR} )?act", k)}
    # custom aliases ("LGA", "the Principal Act"): find their later uses
    extra: list[Mention] = []
    for k in custom:
        pat = re.compile(r"(?<![\w\"“'‘])" + r"\s+".join(map(re.escape, k.split())) + r"(?![\w\"”'’])", re.I)
        for m in pat.finditer(text):
            extra.append(Mention(m.start(), m.end(), "alias", term=k))
    if extra:
        occupied = [(mn.start, mn.end) for mn in mentions]
        extra = [x for x in extra if not any(s < x.end and x.start < e for s, e in occupied)]
        mentions = sorted(mentions + extra, key=lambda x: x.start)
    def_at = {mn.end: key for _, _, key, mn in defs if key}
    resolved: list[Mention] = []
    last: Act | None = None
    last_by_year: dict[int, Act] = {}
    for mn in mentions:
        if any(s <= mn.start < e for s, e in inside):
            continue  # the defined term inside its own bracket
        if mn.act is None:
            if mn.kind == "year":
                mn.act = terms.get(mn.term.replace("that ", "the ").replace("this ", "the ")) \
                    or terms.get(f"the {mn.year} act") or last_by_year.get(mn.year) \
                    or next((x.act for x in mentions if x.start > mn.start and x.act and x.act.year == mn.year
                             and x.kind in ("title", "acronym")), None)
            elif mn.kind == "alias":
                mn.act = terms.get(mn.term)
            elif mn.kind == "anaphor":
                if mn.term.startswith(("that ", "said ")):
                    mn.act = last
                elif "the act" in terms:
                    mn.act = terms["the act"]
                else:
                    mn.act, mn.term = last, ""  # undefined: good enough for "section 5 of the Act" only
            if mn.act is None:
                continue
        if mn.end in def_at:
            terms[def_at[mn.end]] = mn.act
        if mn.act.kind == "act":
            last = mn.act
            last_by_year[mn.act.year] = mn.act
        resolved.append(mn)
    return resolved


# --- pass 2: provisions --------------------------------------------------------------------------


def _mention_after(text: str, pos: int, by_start: dict[int, Mention], adjacent: bool) -> Mention | None:
    """The Act mention a provision ending at ``pos`` is attached to, if any."""
    for pat in (CONNECT, ADJACENT) if adjacent else (CONNECT,):
        c = pat.match(text, pos)
        if not c or c.end() == pos:
            continue
        p = c.end()
        if p in by_start:
            return by_start[p]
        t = THE.match(text, p)
        if t and t.end() in by_start:
            return by_start[t.end()]
    return None


def _owners(text: str, provs: list[re.Match[str]], by_start: dict[int, Mention]) -> list[Mention | None]:
    """The Act mention each provision belongs to, across split citations sharing one Act.

    "section 24 of, and Schedule 7 to, the ... Act 2014", "section 24 and Schedule 7 to the ...": a
    provision followed by "of, and" / "to, or" / "and" and another provision takes the Act of that
    one; the last of such a chain may close with "to, the".
    """
    own = [_mention_after(text, m.end(), by_start, adjacent=bool(m.group("sec"))) for m in provs]
    into = [False] * (len(provs) + 1)  # the provision before this one chains into it
    for i, m in enumerate(provs[:-1]):
        c = SPLIT_AND.match(text, m.end())
        into[i + 1] = bool(c) and c.end() == provs[i + 1].start()
    for i, m in enumerate(provs):
        t = SPLIT_END.match(text, m.end()) if into[i] and own[i] is None else None
        if t:  # the last of a chain: "... Schedule 7 to, the ... Act"
            th = THE.match(text, t.end())
            own[i] = by_start.get(t.end()) or (by_start.get(th.end()) if th else None)
    out: list[Mention | None] = list(own)
    for i in range(len(provs) - 2, -1, -1):
        if into[i + 1] and out[i] is None:
            out[i] = out[i + 1]
    return out


def _adjectival_owner(text: str, m: re.Match[str], limit: int, mentions: list[Mention],
                      starts: list[int]) -> Mention | None:
    """The Act of a section used as an adjective: "a section 114 notice issued ... under the ... Act 1988".

    Only one section, a document-like noun right after it, and the next Act mention, in the same
    sentence and before any other provision, introduced by "under" or "of".
    """
    if len(_sections(m.group("list"), 0)) != 1 or not ADJ_NOUN.match(text, m.end()):
        return None
    k = bisect.bisect_left(starts, m.end())
    if k == len(mentions):
        return None
    mn = mentions[k]
    if mn.start > min(limit, m.end() + ADJ_REACH) or SENTENCE_END.search(text, m.end(), mn.start):
        return None
    if mn.kind == "anaphor" and not mn.term:
        return None
    return mn if UNDER_OF.search(text[max(0, mn.start - 20):mn.start]) else None


def _inherit(prev: list[str], new: list[str]) -> list[str]:
    """Complete a subsection written after another: "(6)(a) and (b)" -> (6)(b), "(6)(a)(i) and (ii)" -> (6)(a)(ii).

    The new first component replaces the component of the same kind (number, capital, small
    letter; a roman numeral the last small-letter one) in the previous subsection.
    """
    if not prev or not new:
        return new
    first = new[0]

    def kind(c: str) -> str:
        return "n" if c[0].isdigit() else "u" if c[0].isupper() else "l"

    same = [i for i, c in enumerate(prev) if kind(c) == kind(first)]
    if not same:
        return new
    lower = [i for i in same if kind(first) == "l"]
    j = lower[-1] if lower and re.fullmatch(r"[ivxl]+", first) and len(lower) > 1 else same[0]
    return prev[:j] + new


def _subs_of(written: str, prev: list[str]) -> list[list[str]]:
    """Subsections written as "(5)", "(5)-(7)" or "(4A) to (4C)", completed from ``prev``."""
    m = SUB_RANGE.fullmatch(written.strip())
    if not m:
        return []
    a = _inherit(prev, re.findall(r"\(([^)]*)\)", m.group("a")))
    if not m.group("b"):
        return [a]
    b = _inherit(a, re.findall(r"\(([^)]*)\)", m.group("b")))
    if (len(a) == len(b) and a[:-1] == b[:-1] and a[-1].isdigit() and b[-1].isdigit()
            and 0 < int(b[-1]) - int(a[-1]) <= SUB_RANGE_MAX):
        return [[*a[:-1], str(n)] for n in range(int(a[-1]), int(b[-1]) + 1)]
    # one reference for the range: "(4A)-(4C)", "(6)(a)-(c)"
    return [[*a, "-", b[-1]]] if a[:-1] == b[:-1] else [[*a, "-", *b]]


def _fmt(comps: list[str]) -> str | None:
    return "".join(f"({c})" for c in comps).replace("(-)", "-") or None


def _sections(list_text: str, offset: int) -> list[tuple[int, int, str, str | None]]:
    """(start, end, section, subsection) for each item of a section list."""
    out: list[tuple[int, int, str, str | None]] = []
    last_sec: str | None = None
    prev: list[str] = []
    for m in ITEM_RE.finditer(list_text):
        if m.group("subonly"):
            if last_sec is not None:
                for comps in _subs_of(m.group("subonly"), prev):
                    out.append((offset + m.start(), offset + m.end(), last_sec, _fmt(comps)))
                    prev = comps
            continue
        s = SEC_SPLIT.fullmatch(m.group("item").strip())
        if not s:
            continue
        if s.group("b"):
            last_sec, prev = f"{s.group('a')}-{s.group('b')}", []
            out.append((offset + m.start(), offset + m.end(), last_sec, None))
            continue
        last_sec = s.group("a")
        written = (s.group("asub") or "") + (f"-{s.group('bsubonly')}" if s.group("bsubonly") else "")
        subs = _subs_of(written, []) if written else [[]]
        for comps in subs:
            out.append((offset + m.start(), offset + m.end(), last_sec, _fmt(comps)))
        prev = subs[-1]
    return out


def _parts(list_text: str, offset: int) -> list[tuple[int, int, str, str | None]]:
    return [(offset + p.start(), offset + p.end(), f"Part {_part_no(p.group())}", None)
            for p in re.finditer(_PART, list_text)]


def _schedules(m: re.Match[str]) -> list[tuple[int, int, str, str | None]]:
    """Items of a Schedule match: "paragraph 1 of Schedule 7", "Schedules 2 and 3", "Schedule 3, paragraph 6"."""
    nos = [(m.start("schedno"), m.end("schedno"), m.group("schedno"))]
    if m.group("schedmore"):
        off = m.start("schedmore")
        nos += [(off + x.start(), off + x.end(), x.group()) for x in re.finditer(_PART, m.group("schedmore"))]
    # paragraphs written before belong to the first Schedule, after to the last
    para_of = {0: "para"} if "para" in m.re.groupindex and m.group("para") else {}
    if m.group("para2"):
        para_of[len(nos) - 1] = "para2"
    items: list[tuple[int, int, str, str | None]] = []
    for i, (s, e, no) in enumerate(nos):
        sched = f"Schedule {_part_no(no)}"
        g = para_of.get(i)
        if g:
            items += [(m.start(g) + x.start(), m.end(), sched, _paragraph(x.group()))
                      for x in re.finditer(_PITEM, m.group(g))]
        else:
            items.append((m.start() if i == 0 else s, e, sched, None))
    return items


def _paragraph(item: str) -> str:
    """'3(2)' -> 'paragraph 3(2)'; a range '1 to 4' -> 'paragraph 1-4' (kept as the subsection)."""
    m = re.fullmatch(rf"(\w+)((?:{_SUBS})?)(?:{_RANGE}(\w+))?", item.strip())
    if not m:
        return f"paragraph {item.strip()}"
    if m.group(3):
        return f"paragraph {m.group(1)}-{m.group(3)}"
    return f"paragraph {m.group(1)}" + "".join(f"({x})" for x in re.findall(r"\((\w+)\)", m.group(2)))


def _uri(act: Act, section: str | None, sub: str | None) -> str | None:
    if not act.uri:
        return None
    if section is None or "-" in section:
        return act.uri
    if sub and "-" in sub:  # a subsection range: the section stands for it
        sub = None
    m = re.fullmatch(r"(Part|Schedule) (\w+)", section)
    if m:
        path = f"/{m.group(1).lower()}/{m.group(2)}"
        if m.group(1) == "Schedule" and sub:
            para = re.fullmatch(r"paragraph (\w+)((?:\(\w+\))*)", sub)
            if para:
                path += f"/paragraph/{para.group(1)}"
                path += "".join(f"/{x}" for x in re.findall(r"\((\w+)\)", para.group(2)))
        return act.uri + path
    return act.uri + f"/section/{section}" + "".join(f"/{x}" for x in re.findall(r"\((\w+)\)", sub or ""))


def _ref(text: str, start: int, end: int, mn: Mention, section: str | None, sub: str | None) -> StatuteRef:
    act = mn.act
    assert act is not None
    uri = _uri(act, section, sub)
    para = None
    if sub and sub.startswith("paragraph "):  # a Schedule's paragraph is not a bracketed subsection
        para, sub = sub.removeprefix("paragraph "), None
    return StatuteRef(text=text[start:end], start=start, end=end, act_title=act.title, act_year=act.year,
                      section=section, subsection=sub, paragraph=para, uri=uri, chapter=act.chapter,
                      matched_title=mn.written or None, fuzzy=mn.fuzzy, kind=act.kind)


_CARRY_CHARS = 600  # how far back a bare section looks for the reference it repeats


def _same_section_before(text: str, start: int, section: str | None,
                         cited: list[tuple[int, str, Act]]) -> Act | None:
    """The Act of the nearest earlier citation of ``section`` in the same paragraph (``cited`` is
    (end, section, Act), ordered by end)."""
    if not section:
        return None
    for end, sec, act in reversed(cited):
        if end > start or act.kind != "act":
            continue
        if start - end > _CARRY_CHARS or "\n\n" in text[end:start]:
            return None
        if sec == section:
            return act
    return None


def find_refs(text: str, page_starts: frozenset[int] = frozenset()) -> list[StatuteRef]:
    """All statute references in ``text``, in order of position; ``page_starts`` are page offsets."""
    mentions = _resolve(text, _find_mentions(text, page_starts))
    by_start = {mn.start: mn for mn in mentions}
    refs: list[StatuteRef] = []
    cited: list[tuple[int, str, Act]] = []  # (end, section, Act) of every section cited with its Act

    def add(start: int, end: int, mn: Mention, sec: str | None, sub: str | None) -> None:
        refs.append(_ref(text, start, end, mn, sec, sub))
        if sec and mn.act is not None:
            cited.append((end, sec, mn.act))

    attached: list[tuple[int, int]] = []  # spans of provisions attached to the Act after them

    def emit(items: list[tuple[int, int, str | None, str | None]], head_start: int, mn: Mention) -> None:
        mn.used = True
        attached.append((head_start, mn.start))
        for i, (s, _e, sec, sub) in enumerate(items):
            add(head_start if i == 0 else s, mn.end, mn, sec, sub)

    if EMIT_SI:  # "Article 5 of the ... Order 2019": section "Article 5"
        for m in re.finditer(SI_PROVISION, text):
            mn = _mention_after(text, m.end(), by_start, adjacent=False)
            if mn is not None and mn.act is not None and mn.act.kind == "si":
                unit = m.group("unit").title()
                emit([(s, e, f"{unit} {sec}", sub) for s, e, sec, sub in _sections(m.group("list"), m.start("list"))],
                     m.start(), mn)

    provs = list(PROVISION.finditer(text))
    owners = _owners(text, provs, by_start)
    starts = [mn.start for mn in mentions]
    unowned: list[re.Match[str]] = []
    for i, m in enumerate(provs):
        mn, adjectival = owners[i], False
        if mn is None and m.group("sec"):
            mn, adjectival = _adjectival_owner(text, m, provs[i + 1].start() if i + 1 < len(provs) else len(text),
                                               mentions, starts), True
        if mn is None or mn.act is None or mn.act.kind != "act":
            if mn is None and m.group("sec"):
                unowned.append(m)
            continue
        if m.group("sec"):
            items = _sections(m.group("list"), m.start("list"))
        elif m.group("part"):
            items = _parts(m.group("partlist"), m.start("partlist"))
        elif m.group("sched"):
            items = _schedules(m)
        else:
            sec, prev = m.group("subsec"), []
            items = []
            for x in re.finditer(_SUBR, m.group("subs")):
                for comps in _subs_of(x.group(), prev):
                    items.append((m.start(), m.end(), sec, _fmt(comps)))
                    prev = comps
        if adjectival:  # the Act named later is also cited on its own: it stays free for an Act-level entry
            for _s, _e, sec, sub in items:
                add(m.start(), mn.end, mn, sec, sub)
        else:
            emit(items, m.start(), mn)

    # "Children Act 1989, s.17", "Part 1 of the 1999 Act, s.3 and ss.21-24": provisions after their Act
    for mn in mentions:
        if mn.kind not in ("title", "acronym", "year", "alias") or mn.act is None or mn.act.kind != "act":
            continue
        t = TRAILING.match(text, mn.def_end or mn.end)
        what = "list" if t and t.group("list") else "partlist" if t and t.group("partlist") else "sched"
        if t and not OF_NEXT.match(text, t.end()) and not any(s <= t.start(what) < e for s, e in attached):
            if what == "list":
                items = _sections(t.group("list"), t.start("list"))
            elif what == "partlist":
                items = _parts(t.group("partlist"), t.start("partlist"))
            else:
                items = _schedules(t)
            # a bracket holding only the provision is the Act's own ("... ACT 1999 (SECTION 15)"); an aside
            # ("(in particular section 149)") or an unbracketed list leaves the Act cited on its own too
            only = t.group("open") and t.group("open").strip() == "(" and CLOSE.match(text, t.end())
            mn.used = mn.used or not t.group("open") or bool(only)
            for _s, e, sec, sub in items:
                add(mn.start, e, mn, sec, sub)

    # "... section 497A of the Education Act 1996 ... his power under s497A(4B)": a bare section that
    # repeats the section of a reference just before it, in the same paragraph, is that Act's
    cited.sort(key=lambda c: c[0])
    for m in unowned:
        items = _sections(m.group("list"), m.start("list"))
        act = _same_section_before(text, m.start(), items[0][2] if items else None, cited)
        if act is not None:
            carried = Mention(m.start(), m.start(), "carried", act=act)
            refs.extend(_ref(text, m.start(), m.end(), carried, sec, sub) for _s, _e, sec, sub in items)

    # pass 3: Acts named on their own
    for mn in mentions:
        if mn.used or mn.act is None:
            continue
        if mn.kind == "anaphor" and not mn.term:
            continue  # an undefined "the Act" alone is too loose to count as a citation
        if mn.act.kind == "si" and not EMIT_SI:
            continue
        refs.append(_ref(text, mn.start, mn.end, mn, None, None))
    refs.sort(key=lambda r: (r.start, r.end))
    return refs


@register("statutes", "statute_refs")
def extract(ex: Extraction) -> list[StatuteRef]:
    return find_refs(ex.document.text, frozenset(p.start for p in ex.document.pages[1:]))
