"""People: every named natural person, one row per person, with role, titles and aliases.

Hybrid, in three passes over a *view* of the text (all-capitals lines title-cased in place, so
offsets are unchanged and "COUNCILLOR JOHN CLANCY" reads like a name):

The view also joins hard-wrapped prose lines, so a name split by a line break stays whole.

1. Rules find the regular forms: honorific-led names ("Lord Warner", "The Rt Hon X Y MP"),
   post-nominal-tailed names ("Louise Casey CB"), signature blocks (a bare name line after
   "Signed ..."/"[signature]" followed by a job-title line), memo headers ("From: X, ..."),
   appositions with a post ("the Chief Executive, X Y;", "X Y (Director of ...)"), appointment
   phrasing ("appoint X Y as ...", "Commissioner Ney"), table rows and bulleted lines (a row next to
   rows of people is one), ranks ("Inspector X"), a name before its e-mail address, and coordinated
   lists that contain a found name ("Councillor A B, C D and E F"; ", ; and or &").
2. A small trained span scorer (models/people/scorer.json, skipped when ``settings.use_models`` is
   False) reads only the sentences that hold two adjacent capitalised words the rules have not already
   read, because names are open-class. Its candidates are runs of 2-5 capitalised name-like words
   without stop words; a logistic model over their features (words, shapes, suffixes, known given
   names, words the document writes in lower case, the words around, line position) gives each a
   probability, and the best non-overlapping spans over the threshold go through the checks a rule
   find cannot need: a scorer-only find must start with a known given name, or use no word the
   document also writes in lower case ("Operating Model" is not a person), and must not read as a
   place, a body or a post's qualifier. It is pure Python (a dict of weights), so the extraction path
   imports no machine-learning library.
3. Mentions are clustered into people (same core name, or a bare surname/first name that points
   at exactly one fuller name); the fullest mention names the person; the role is decided from
   the words around every mention ("as Commissioner", "Commissioner X", "the Commissioners are
   ...", a job title with "Commissioner"), then signature blocks, else ``other``. A plural role word at
   either end of a coordinated list ("appointed A, B and C as Commissioners", "Commissioners: A; B")
   covers every member; whoever succeeds or replaces a commissioner is one.
Untitled finds that read as a place or body (the text also writes "X Borough Council"; "X Park") are
dropped, and a run of several names read as one (multi-column signature blocks) is split.

Compiled regular expressions are used for the rule patterns rather than a token Matcher because
the patterns are character-level (line layout, brackets, possessives) and one regex pass over the
text is faster than tokenising every document.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from pipeline.config import settings
from pipeline.document import Extraction, PersonFact
from pipeline.extract import register

# --- vocabulary --------------------------------------------------------------------------------

HONORIFICS = ("Lord", "Lady", "Baroness", "Baron", "Sir", "Dame", "Professor", "Prof", "Dr", "Mr", "Mrs",
              "Ms", "Miss", "Mx", "Councillor", "Cllr", "Reverend", "Rev", "Judge")
POSTNOMINALS = ("MP", "MSP", "MEP", "CBE", "OBE", "MBE", "KBE", "DBE", "GBE", "CB", "KCB", "DCB", "GCB", "QC",
                "KC", "FRSA", "DL", "JP", "CVO", "LVO", "PC", "FRS", "FBA")
_HON_ALT = "|".join(HONORIFICS)
_POST_ALT = "|".join(sorted(POSTNOMINALS, key=len, reverse=True))

# A name token: "Anne-Marie", "O'Neill", "McDonald", "Le", an initial "J." (checked against the
# stop list afterwards); "de"/"van" style particles inside a name.
# Latin letters with diacritics count ("Wiśniewski", "Zoë", "Ó Briain").
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017e"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
_PFX = "(?:Mc|Mac|[A-Z]['\u2019])?"  # McAllister, O'Neill, N'Diaye, D'Souza
_TOK_BT = rf"(?:{_PFX}[{_UP}][{_LO}]+(?:-{_PFX}[{_UP}][{_LO}]+)*|(?:[A-Z]|St)\.?(?=[ \t]+[A-Z]))"  # "St. Clair"
# The same, with a word's letters taken possessively: in every pattern but _RX_EMAIL (whose address may
# follow a name directly) what follows a name never starts with a letter, so giving letters back could
# never lead to a match, and re would only waste time retrying (a third of the scan time of some patterns).
_TOK = _TOK_BT.replace(f"[{_LO}]+", f"[{_LO}]++")
_PARTICLES = ("de", "van", "von", "der", "den", "da", "du", "la", "le", "di", "bin", "al", "ap", "ter", "dos", "das",
              "del", "della", "Ó", "Ní", "Nic", "Uí", "Mac")  # Irish: "Peadar Ó Murchú", "Áine Ní Bhriain"
_PART = rf"(?:{'|'.join(_PARTICLES)})"
_PARTICLES_LOW = frozenset(p.lower() for p in _PARTICLES)
# Tokens are joined by one or two spaces: a tab or a wider gap separates table columns ("Name<TAB>Post").
_NAME = rf"{_TOK}(?:[ ]{{1,2}}(?:{_PART}[ ]{{1,2}}){{0,2}}{_TOK}){{0,3}}"
_NAME_BT = _NAME.replace(_TOK, _TOK_BT)
# One or more titles: "Lord", "The Rt Hon Lord", "Councillor Sir", "Professor Dame".
_HON = (rf"(?:(?:(?:The[ \t]+)?(?:Rt\.?|Right)[ \t]+Hon(?:ourable|\.)?|(?:{_HON_ALT})\.?)"
        rf"(?:[ \t]+(?:{_HON_ALT})\.?)*(?=[ \t\n]))")
_POST = rf"(?:,?[ \t]+(?:{_POST_ALT})\b)+"

# Capitalised words that are never part of a person's name in this genre: posts, bodies,
# document words, months, places-as-organisations.  A candidate is cut at the first of these.
STOP = frozenset("""
the a an and or of for to in on by at from with as be is are was were this that these those it its his her
their our my your we i he she they you no not all any each every some such new first second third former
interim acting joint lead deputy assistant senior chief principal executive director directors head leader
member members chair chairman chairwoman chairperson vice president secretary secretaries minister ministers
state commissioner commissioners officer officers adviser advisor inspector inspectors manager managers
councillor councillors cllr mayor clerk officials official panel board boards council councils authority
authorities county city borough district metropolitan london royal department ministry government office
services service social care children children's childrens education health education's families family
adult adults people community communities housing local levelling finance financial public policy
performance improvement intervention stewardship commissioning trust trusts group limited ltd plc llp
company partnership partners forum committee committees scrutiny cabinet police fire nhs university college
school schools academy hospital foundation association network institute commission agency bureau unit
act acts bill regulations order orders section sections part parts schedule schedules annex appendix
paragraph paragraphs clause direction directions notice notices report reports review reviews inquiry plan
plans programme terms reference references letter statement recitals whereas therefore now signed signature
bank society alliance charity fund
dated date page copy name address phone email position contact purpose summary background recommendation
action introduction context next steps options house parliament library his majesty majesty's her
january february march april june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
north south east west northern southern eastern western central midlands england wales scotland britain
united kingdom uk isle street road square avenue centre center buildings building chambers crescent civic
capital holdings investments energy solar steel estates consulting ventures enterprises industries solutions
systems technologies properties developments fund funds deal deals programme programmes scheme framework strategy
initiative wharf island airport station harbour together model models approach approaches standards toolkit
pathway pathways protocol team teams governance locality doctor nurse designated detective superintendent constable
sergeant reviewer reviewers room rooms suite queen prince princess king guildhall saint lt col colonel major
captain capt brigadier general admiral lieutenant retd brig maj gen cdr sgt contact
after before looked following during under over through including between against within without into upon
about regarding concerning despite unfortunately however although whilst while where when whereas
mr mrs ms dr sir lord lady dame professor
baroness prof rt hon honourable right friend friends gentleman gov ofsted dfe dclg mhclg lga kpmg cqc
""".split())

# Stop words that are also common surnames ("Jane West", "Tom Chambers"): kept after a known given name.
SURNAME_STOPS = frozenset("west north south east london chambers wales england young hall king page".split())


def _surname_ok(low: str, first: str) -> bool:
    return low in SURNAME_STOPS and first in first_names()


# Head words of places and bodies: a "name" followed by one ("Great Smith Street", "Sanctuary
# Buildings") is part of an address or an organisation's name.
ORG_HEADS = frozenset("""
street road lane avenue drive close crescent way place square gardens park court house hall buildings building
centre center tower chambers council councils board trust group limited ltd plc llp partnership police school
schools academy college university hospital foundation institute association agency commission committee
service services department ministry office unit forum network fund company metropolitan county city borough
district room suite guildhall bank church
""".split())

# Firms of auditors and solicitors named like people (they audit and advise councils).
FIRM_NAMES = frozenset(("grant thornton", "ernst young", "baker tilly", "moore stephens", "smith williamson",
                        "arthur andersen", "bevan brittan", "browne jacobson", "anthony collins", "sharpe pritchard",
                        "trowers hamlins", "clifford chance", "allen overy", "price waterhouse", "coopers lybrand",
                        "campbell tickell", "peter brett", "mott macdonald", "wilkin chapman", "weightmans"))

# Words that make a post (job title) — used for signature blocks and appositions.
_POST_WORDS = (r"Director|Secretary|Minister|Commissioner|Officer|Head|Chief|Executive|Manager|Chair(?:man|woman"
               r"|person)?|Leader|Deputy|Adviser|Advisor|Inspector|Member|President|Mayor|Clerk|Worker|Lead|"
               r"Controller|Auditor|Solicitor|Counsel|Partner|Governor|Principal|Dean|Registrar|Coordinator|"
               r"Co-ordinator|Consultant|Expert|Cabinet Member|Portfolio Holder")
_POST_RE = re.compile(rf"\b(?:{_POST_WORDS})s?\b", re.IGNORECASE)
_COMMISSIONER_RE = re.compile(r"\bcommissioner\b", re.IGNORECASE)

# Signature triggers at the start of a line.
_SIG_TRIGGER = re.compile(
    r"^[ \t>*_-]*(?:signed\b|\[\s*signature\s*\]|\(\s*signed\s*\)|signature\b|a\s+(?:handwritten\s+)?signature\b|"
    r"yours\s+(?:sincerely|faithfully)|/s/)", re.IGNORECASE | re.MULTILINE)
_DATE_LINE = re.compile(r"^\s*(?:date[d]?\b|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4})")

_RX_HON = re.compile(rf"(?<![\w'\u2019])(?P<hon>{_HON})[ \t]*\n?[ \t]*(?P<core>{_NAME})(?P<post>{_POST})?")
_RX_POST = re.compile(rf"(?<![\w'\u2019])(?P<core>{_NAME})(?P<post>{_POST})")
_PP = r"(?:[Pp]\.?[ ]?[Pp]\.?[ \t]+)?"  # "pp" / "p.p." before a name signed on someone's behalf
_RX_LINE_NAME = re.compile(rf"^[ \t*_>]*{_PP}(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?[ \t*_]*$", re.M)
_RX_HEADER = re.compile(
    r"^[ \t*_]*(?i:from|to|copy|cc|author|contact(?:[ \t]+officer)?|report[ \t]+author|prepared[ \t]+by|"
    r"chair(?:ed)?[ \t]+by|lead[ \t]+officer|(?:lead[ \t]+|finance[ \t]+)?commissioners?|chair|name|signed|signatory|"
    r"signature|(?:signed|approved|agreed)[ \t]+by|minister|inspector|lead[ \t]+inspector|appointed[ \t]+by)"
    r"[ \t]*:[ \t]*\n?[ \t]*"
    rf"(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?(?=[ \t]*(?:,|$|\()|\t|[ ]{{2,}})", re.M)
# A bulleted line that holds only a name (and a bracketed post): "  \u2022 Dr X Y (Lead Commissioner)".
_RX_BULLET_NAME = re.compile(rf"^[ \t]*[\u2022\u25aa\u25cf*-][ \t]+(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})"
                             rf"(?P<post>{_POST})?(?P<rest>[ \t]*\([^()\n]{{0,80}}\))?[ \t]*[;,.]?[ \t]*$", re.M)
# A table row: a name cell, then a tab or a wide gap, then a post ("Karin Vos<TAB>Director of ...").
_RX_ROW = re.compile(rf"^[ \t*_>\u2022-]*(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?"
                     r"(?:[ \t]*\t[ \t]*|[ ]{3,}|[ \t]+[|\u2013\u2014][ \t]+)(?P<rest>[^\n\t]+(?:\t[^\n]*)?)$", re.M)
_RX_APPOINT = re.compile(
    rf"\b(?:appoint(?:ed|s|ing|ment[ \t]+of)?|nominat(?:ed|es|e|ing|ion[ \t]+of)|nam(?:ed|ing)|designat(?:ed|e)|"
    rf"replac(?:ed|ing)[ \t]+by|succeeded[ \t]+by)[ \t]+(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?"
    rf"(?=\s+as\b|[ \t]*,)")
_RX_TITLE_COMM = re.compile(rf"\bCommissioners?[ \t]+(?P<core>{_NAME})"
                            rf"(?:(?:,[ \t]*|[ \t]+and[ \t]+)(?P<core2>{_NAME}))?"
                            rf"(?:[ \t]+and[ \t]+(?P<core3>{_NAME}))?")
_RX_APPOS_AFTER = re.compile(rf"(?<![\w'\u2019])(?P<core>{_NAME})(?P<post>{_POST})?(?=[ \t]*(?:,[ \t]*|\([ \t]*)"
                             rf"(?:the[ \t]+|a[ \t]+|an[ \t]+|then[ \t]+|now[ \t]+|former[ \t]+)?[^\n.;]{{0,50}}?"
                             rf"\b(?i:{_POST_WORDS})s?\b)")
_RX_APPOS_BEFORE = re.compile(rf"\b(?i:{_POST_WORDS})s?\b[^\n.;:()]{{0,60}}?(?:,[ \t]*\n?[ \t]*|[ \t]*\([ \t]*|:[ \t]*)"
                              rf"(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?(?=[ \t]*[;,.)\n]|[ \t]+and\b"
                              rf"|[ \t]*$|[ \t]+(?:of|from|at)[ \t]+(?:the[ \t]+)?[A-Z])")
_RX_AS_COMM = re.compile(rf"(?<![\w'\u2019])(?P<core>{_NAME})(?P<post>{_POST})?(?=[ \t]+as[ \t]+(?:the[ \t]+|a[ \t]+)?"
                         rf"(?:[\w'\u2019-]+[ \t]+){{0,4}}?Commissioner)")
_RX_BY = re.compile(rf"\b(?:chaired|led|assisted|supported|conducted|carried[ \t]+out|written|prepared|authored|"
                    rf"undertaken|headed|presented|commissioned|signed|introduced|moved|seconded)\b[^.;\n]{{0,30}}?"
                    rf"\bby[ \t]+(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?")
_RX_POSSESSIVE = re.compile(rf"(?<![\w'\u2019])(?P<core>{_NAME})['\u2019]s[ \t]+(?:[a-z]+[ \t]+)?(?:review|report|"
                            rf"inquiry|letter|recommendations|evaluation|findings|assessment|advice|statement)\b")
# A name followed by a verb only people take ("X Y said", "X Y led the inspection").
_HUMAN_VERBS = (r"(?:said|says|led|reported|wrote|writes|told|met|agreed|recommended|concluded|noted|stated|advised|"
                r"explained|chaired|visited|argued|added|welcomed|thanked|resigned|retired|stepped[ \t]+down|joined|"
                r"commented|described|announced|informed|confirmed[ \t]+that|apologised|signed|succeeded|replaced|"
                r"took[ \t]+over)\b")
_RX_HUMAN_VERB = re.compile(rf"(?<![\w'\u2019-])(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?(?=,?[ \t]+"
                            rf"(?:also[ \t]+|then[ \t]+|later[ \t]+|subsequently[ \t]+)?{_HUMAN_VERBS})")
# A name followed by an e-mail address whose local part holds its surname ("Jo Bloggs (jo.bloggs@...)").
_RX_EMAIL = re.compile(rf"(?<![\w'\u2019])(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME_BT})(?P<post>{_POST})?"
                       r"(?=[ \t]*[(<\[]?[ \t]*(?:e-?mail:?[ \t]*)?(?P<local>[\w.+-]+)@)")
# Ranks and offices used as a title directly before a name ("Inspector X Y", "Detective Superintendent X Y");
# the scorer and the table keep only the name, so the rank is not taken as an honorific.
_RANKS = (r"(?:Inspector|Superintendent|Constable|Sergeant|Minister|Commander|Reviewer|Councillors|Cllrs\.?|Drs\.?|"
          r"Professors|Messrs\.?|Col\.?|Colonel|Major|Maj\.?|Captain|Capt\.?|Brigadier|Brig\.?|General|Gen\.?|Admiral|"
          r"Lieutenant|Lt\.?|Cdr\.?|Sgt\.?)")
_RX_RANK = re.compile(rf"\b{_RANKS}(?:[ \t]+{_RANKS})*(?:[ \t]*\(Retd\.?\))?[ \t]+"
                      rf"(?P<core>{_NAME})")
# Literal keys of the patterns above whose matches (lookarounds included) never cross a line end: only the lines
# holding the key are scanned (a whole-text scan with a leading look-behind costs ~0.1 s per MB per pattern).
_KEY_POST = re.compile(rf"\b(?:{_POST_ALT})\b")
_KEY_VERB = re.compile(rf"[ \t]{_HUMAN_VERBS}")
_KEY_HON = (*HONORIFICS, "Rt", "Right")  # _RX_HON's match opens with one (its name may sit on the next line)
# Literals every match of these patterns starts with (case as written).
_KEY_RANK = tuple(re.findall(r"[A-Z][a-z]+", _RANKS))
_KEY_DEATH = ("death", "murder", "killing", "case")
_KEY_APPOINT = ("appoint", "nominat", "nam", "designat", "replac", "succeeded")
_KEY_POSS = re.compile(r"['\u2019]s[ \t]")
# Post words as literals of the lower-cased view: every spelling IGNORECASE accepts lower-cases to one of
# these unless the view holds "\u0130", "\u0131" or "\u017f" (then the pattern itself is the key).
_KEY_POST_WORDS = tuple(re.sub(r"\(\?:.*?\)\?|s\b", "", _POST_WORDS.lower()).split("|"))
_RX_DEATH = re.compile(rf"\b(?:death|murder|killing|case)[ \t]+of[ \t]+(?P<core>{_NAME})")
_RX_LIST_NEXT = re.compile(rf"(?:[ \t]*\([^()\n]{{0,80}}\))?[ \t]*"
                           rf"(?:[,;][ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+|[ \t]*&[ \t]*)\n?[ \t]*"
                           rf"(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?")
_RX_LIST_PREV = re.compile(rf"(?<![\w'\u2019])(?P<hon>{_HON}[ \t]+)?(?P<core>{_NAME})(?P<post>{_POST})?"
                           rf"(?:[ \t]*\([^()\n]{{0,80}}\))?[ \t]*(?:[,;][ \t]*|[ \t]+(?:and|or)[ \t]+)$")

# Role contexts, read in the view around a mention.
_QUAL = (r"(?:(?:new|second|first|third|interim|lead|finance|deputy|former|sole|joint|current|acting|then|"
         r"children['\u2019]s|(?-i:[A-Z][\w'\u2019-]*)|of|for|and|in)\s+)")
_AFTER_COMM = re.compile(
    r"^(?:\s*\([^()]{0,60}\))?(?:[ \t]*,[^,.;()\n]{3,80}(?=,))?[\s,]*(?:"  # an apposition may come between
    rf"\(\s*(?:the\s+)?{_QUAL}{{0,4}}?commissioner"  # "(Lead Commissioner)"
    r"|,\s*(?:who\s+(?:is|was|has\s+been|had\s+been|became|will\s+be|remains)\s+)?"
    rf"(?:the\s+|a\s+|an\s+|then\s+|now\s+)?{_QUAL}{{0,4}}?commissioner\b"  # ", the X Commissioner"
    r"|(?:(?:also|then|later|now|formerly|previously|subsequently|has|had|have|been|was|is|were|are|will|be|would|who|"
    r"remains?|to\s+(?:act|serve|be|become|work)|became|becomes|serve|served|serves|serving|act|acted|acts|acting|"
    r"appointed|reappointed|nominated|named|designated|confirmed|chosen|selected|made|installed|worked|works|"
    r"working|stepped|steps|down|resigned|retired|relinquished|relinquishes|took|takes|up|over|continued|"
    r"continues|jointly|together|both|alongside\s+[^,.;]{2,40}?)\s+){0,5}"
    rf"(?:as\s+)?(?:the\s+|a\s+|an\s+)?{_QUAL}{{0,4}}commissioner)", re.IGNORECASE)
# Before a mention, in a view where the other mentions are masked as NUL runs: "the Commissioners
# are <name> (Lead Commissioner), <name> and ", "Commissioner for X, ", "a new Commissioner, ".
_BEFORE_COMM = re.compile(
    r"\bcommissioners?(?:\s+(?:for|of|in)\s+[^.;:()\x00]{0,50}?)?(?:\s*\(?[\"\u201c][^\"\u201d]{0,40}[\"\u201d]\)?)?"
    r"[\"\u201d']?\s*(?:,|:|-|\u2013|\bis\b|\bwas\b|\bare\b|\bwere\b|\bwill\s+be\b|\bbeing\b|\bnamely\b|\bincluding\b|"
    r"\bmeans?\b|"
    r"\bwould\s+be\b|\bhas\s+been\b|\bhave\s+been\b)\s*:?\s*"
    r"(?:\x00+\s*(?:\([^()]{0,60}\)\s*)?(?:,\s*(?:and\s+)?|\s+and\s+|[ \t]*\n\s*))*$", re.IGNORECASE)
_BULLET = re.compile(r"(?m)^([ \t]*)[\u2022\u25aa\u25cf*-](?=[ \t])")
_COMM_TITLE_BEFORE = re.compile(r"\bcommissioner[ \t]*\Z", re.IGNORECASE)  # same line: not a row above
# Between two members of a coordinated list: "A, B and C", "A (Chair); B", "A & B", one per line.
_LIST_GAP = re.compile(r"(?:[ \t]*\([^()\n]{0,60}\))?[ \t]*(?:[,;][ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|"
                       r"[ \t]*&[ \t]*|[ \t]*\n[ \t]*(?:[\u2022\u25aa\u25cf*-][ \t]+)?)\n?[ \t]*")


def _line_finditer(rx: re.Pattern[str], v: str, key: str | tuple[str, ...] | re.Pattern[str], low: str | None = None,
                   two_lines: bool = False, needs: str = "") -> Iterator[re.Match[str]]:
    """``rx.finditer(v)`` restricted to the lines that hold ``key`` (every match starts on such a line).

    Exact for patterns that read at most to the end of the line they start on (or of the next one with
    ``two_lines``): look-behinds still see the text before the line. ``key`` is searched in ``low`` (the
    lower-cased view, same length) when given, so it can be a fast case-sensitive pattern. A line must also
    hold one of the characters of ``needs`` (when given), which every match holds too.
    """
    src = v if low is None else low
    if isinstance(key, tuple):
        hits: Iterable[int] = sorted(p for k in key for p in _str_hits(src, k))
    elif isinstance(key, str):
        hits = _str_hits(src, key)
    else:
        hits = (m.start() for m in key.finditer(src))
    line_end = -1
    cur = 0  # where a whole-text scan would go on from
    for p in hits:
        if p < line_end:
            continue  # same line as the last hit
        ls = v.rfind("\n", 0, p) + 1
        le = v.find("\n", p)
        line_end = len(v) if le < 0 else le + 1
        if needs and not any(c in v[ls:line_end] for c in needs):
            continue
        stop = line_end
        if two_lines and stop < len(v):
            nxt = v.find("\n", stop)
            stop = len(v) if nxt < 0 else nxt + 1
        for m in rx.finditer(v, max(ls, cur), stop):
            if m.start() >= line_end:
                break  # starts on the next line: that line's own scan (with its own next line) finds it
            cur = m.end()
            yield m


def _start_finditer(rx: re.Pattern[str], v: str, keys: tuple[str, ...], low: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(v)`` for a pattern whose every match starts where one of ``keys`` starts in ``low`` (the
    view itself or lower-cased, same length): only those positions are tried, in order, as a whole-text scan
    would."""
    cur = 0
    for p in sorted({p for k in keys for p in _str_hits(low, k)}):
        if p >= cur and (m := rx.match(v, p)):
            cur = m.end()
            yield m


def _str_hits(v: str, key: str) -> Iterator[int]:
    p = v.find(key)
    while p >= 0:
        yield p
        p = v.find(key, p + 1)


# --- data ------------------------------------------------------------------------------------


@dataclass
class Mention:
    start: int  # of the whole mention (honorific .. post-nominals) in the text
    end: int
    core_start: int
    core_end: int
    hon: str
    core: str
    post: str
    source: str = "rules"
    commissioner: bool = False
    signatory: bool = False
    job_title: str = ""

    # ``core`` is never changed once a mention is made, so its words are split once (they are read in
    # every clustering and counting step)
    @cached_property
    def toks(self) -> list[str]:
        return self.core.split()

    @cached_property
    def key(self) -> str:
        return " ".join(self.toks).lower().replace("\u2019", "'")


@dataclass
class Person:
    mentions: list[Mention] = field(default_factory=list)
    _best: tuple[int, Mention, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    def _fullest(self) -> tuple[int, Mention, tuple[str, ...]]:
        # mentions are only ever appended, so the fullest is recomputed only when their number changed
        if self._best is None or self._best[0] != len(self.mentions):
            best = max(self.mentions, key=lambda m: (len(m.toks), bool(m.hon) + bool(m.post), -m.start))
            self._best = (len(self.mentions), best, tuple(t.lower() for t in best.toks))
        return self._best

    @property
    def best(self) -> Mention:
        """The fullest mention: most words, then titled, then earliest."""
        return self._fullest()[1]

    @property
    def low_toks(self) -> tuple[str, ...]:
        """The words of :attr:`best`, lower-cased."""
        return self._fullest()[2]

    def keys(self) -> set[str]:
        return {m.key for m in self.mentions}


# --- the view ---------------------------------------------------------------------------------

_SMALL = {"and", "of", "the", "for", "to", "in", "on", "by", "at", "a", "an", "with", "from", "as", "or"}
_ALLCAPS_LINE = re.compile(r"^(?:[ \t]*p\.?[ ]?p\.?[ \t]+)?[^a-z\n]*[A-Z]{2,}[^a-z\n]*$", re.M)  # "pp NAME" too
# A labelled line whose value is in capitals: "Commissioner: MR JOHN SMITH".
_LABEL_CAPS = re.compile(r"^([ \t]*[A-Z][a-z]+(?:[ \t][A-Za-z]+){0,3}:[ \t]*)([^a-z\n]*[A-Z]{2,}[^a-z\n]*)$", re.M)


def _title_word(m: re.Match[str]) -> str:
    w = m.group(0)
    if w in POSTNOMINALS:
        return w
    if w.lower() in _SMALL:
        return w.lower()
    prev = m.string[m.start() - 1] if m.start() else ""
    if len(w) == 1 and prev and prev in "'\u2019":  # "O'NEILL" -> "O'Neill", but "M. J. SMITH" keeps its "M"
        return w.lower()
    return w[0] + w[1:].lower()


# A hard line break inside wrapped prose (a long line without closing punctuation, then a line
# that goes on with a word, not a label): read as a space so a name split by it stays whole.
# The pattern opens with the newline so re skips to newlines instead of trying every position.
# A line that opens with a label ("Lead Member: ...") starts a new field, not a continuation.
_WRAP = re.compile(r"\n(?<=[^\n]{60}\n)(?<![.:;!?]\n)(?=[ \t]*(?![ivxlc]+[.)][ \t])(?![A-Z][A-Za-z'\u2019 ]{0,30}:)"
                   r"[A-Za-z][a-z'\u2019-])")


def make_view(text: str, join_wrapped: bool = True) -> str:
    """``text`` with all-capitals lines title-cased and wrapped prose lines joined (same length, so
    offsets carry over)."""

    def fix(m: re.Match[str]) -> str:
        line = m.group(0)
        if sum(c.isupper() for c in line) < 4:
            return line
        return re.sub(r"[A-Z]+", _title_word, line)

    titled = _ALLCAPS_LINE.sub(fix, text)
    titled = _LABEL_CAPS.sub(lambda m: m.group(1) + re.sub(r"[A-Z]+", _title_word, m.group(2)), titled)
    return _WRAP.sub(" ", titled) if join_wrapped else titled


# --- candidate checks -------------------------------------------------------------------------


# Sentence adverbs that open a sentence before a name; never given names.
_LEAD_WORDS = frozenset("""also however meanwhile furthermore additionally finally moreover nevertheless separately
similarly subsequently previously instead today yesterday recently again indeed thus hence accordingly consequently
notably specifically currently initially ultimately overall likewise otherwise""".split())


def _clean_core(view: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a captured name to its longest run of name tokens, or None when nothing is left.

    The run is cut at the first stop word (so "Suzanne Lunn Deputy Director" gives "Suzanne Lunn");
    leading stop words are skipped only when they are honorific-like and already handled.
    """
    toks = list(re.finditer(r"\S+", view[start:end]))
    while len(toks) > 1 and toks[0].group(0).rstrip(",").lower() in _LEAD_WORDS:
        toks.pop(0)  # "Also Priya Raman said": a sentence adverb, capitalised only by its position
    keep: list[re.Match[str]] = []
    for t in toks:
        w = t.group(0).rstrip(".,;:")
        low = w.lower().replace("\u2019", "'")
        if low in STOP and not (keep and (low in _PARTICLES_LOW or _surname_ok(low, keep[0].group(0)))) and not (
                re.fullmatch(r"[A-Z]\.", t.group(0))):  # the initial "A." is not the article "A"
            break
        keep.append(t)
    # drop trailing particles and initials
    while keep and (keep[-1].group(0).lower() in _PARTICLES_LOW or re.fullmatch(r"[A-Z]\.?", keep[-1].group(0))):
        keep.pop()
    if not keep:
        return None
    return start + keep[0].start(), start + keep[-1].end()


# Last words that are surnames as often as buildings: trusted only from the rules.
_PLACE_TAILS = frozenset("hall house park lane way court green gate place gardens close drive field fields lodge manor "
                         "grange farm mill cottage villa".split())


def _org_follows(view: str, end: int) -> bool:
    """True when the next word on the line is the head of a place or body ("... Street")."""
    m = re.match(r"[ \t]+([A-Z][a-z]+)", view[end:end + 30])
    return bool(m) and m.group(1).lower() in ORG_HEADS


_ADVERB = re.compile(r"(?:ately|ively|ingly|edly|ously|fully|ically|.{4}ally)$")


def _is_name(core: str, min_tokens: int = 2) -> bool:
    toks = core.split()
    if len(toks) < min_tokens or " ".join(toks).lower() in FIRM_NAMES:
        return False
    if not all(re.match(f"[{_UP}]", t) or t.lower() in _PARTICLES_LOW for t in toks):
        return False
    if any(_ADVERB.search(t) for t in toks):
        return False  # "Unfortunately Birmingham ..."
    if any(t.lower().replace("\u2019", "'") in STOP and not (i and _surname_ok(t.lower(), toks[0]))
           for i, t in enumerate(toks) if t.lower() not in ("le", "la", "de", "van")):
        return False
    return all(len(t.rstrip(".")) >= 1 for t in toks) and any(len(t) > 2 for t in toks)


# --- the extractor ----------------------------------------------------------------------------


class _Finder:
    """Collects mentions from the view; overlapping finds keep the longest."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.flat = make_view(text, join_wrapped=False)  # line layout kept, for signature blocks
        self.view = _WRAP.sub(" ", self.flat)  # make_view(text), without title-casing twice
        self.mentions: list[Mention] = []

    def add(self, m: re.Match[str], source: str = "rules", min_tokens: int = 2, **flags: Any) -> Mention | None:
        gd = m.groupdict()
        hon = (gd.get("hon") or "").strip()
        cs, ce = m.span("core")
        cut = _clean_core(self.view, cs, ce)
        if cut is None:
            return None
        if cut[1] < ce and re.match(r"[ \t]+[A-Z]", self.view[cut[1]:ce]):
            return None  # "Sandwell Safeguarding Children Board": an organisation, not a name
        if _org_follows(self.view, cut[1]):
            return None
        cs, ce = cut
        core = " ".join(self.view[cs:ce].split())
        if not _is_name(core, 1 if hon else min_tokens):  # "Mr Caller", "Lord Warner": one word is enough
            return None
        post = ""
        end = ce
        if gd.get("post") and m.end("core") == ce:
            post = " ".join(gd["post"].replace(",", " ").split())
            end = m.end("post")
        start = m.start("hon") if hon else cs
        if hon:
            hon = re.sub(r"^The\s+", "", " ".join(hon.split()))
        men = Mention(start, end, cs, ce, hon, core, post, source, **flags)
        return self.push(men)

    def push(self, men: Mention) -> Mention:
        for i, o in enumerate(self.mentions):
            if men.core_start < o.core_end and o.core_start < men.core_end:  # overlap: merge
                big, small = (men, o) if (men.end - men.start) > (o.end - o.start) else (o, men)
                big.commissioner |= small.commissioner
                big.signatory |= small.signatory
                big.job_title = big.job_title or small.job_title
                if small.source != big.source:
                    big.source = "rules+model" if "model" in (small.source, big.source) else big.source
                self.mentions[i] = big
                return big
        self.mentions.append(men)
        return men

    # rules -------------------------------------------------------------------------------------

    def rules(self) -> None:
        v = self.view
        for m in _line_finditer(_RX_HON, v, _KEY_HON, two_lines=True):
            self.add(m, min_tokens=1)
        for m in _line_finditer(_RX_POST, v, _KEY_POST):
            self.add(m)
        for m in _start_finditer(_RX_APPOINT, v, _KEY_APPOINT, v):
            self.add(m)
        # "Commissioner Ney", "Commissioners Hollis and Baptiste"
        for m in _start_finditer(_RX_TITLE_COMM, v, ("Commissioner",), v):
            for g in ("core", "core2", "core3"):
                if m.group(g) is None:
                    break
                cut = _clean_core(v, *m.span(g))
                if not (cut and _is_name(v[cut[0]:cut[1]], 1)) or _org_follows(v, cut[1]):
                    break
                start = m.start() if g == "core" else cut[0]
                self.push(Mention(start, cut[1], cut[0], cut[1], "", " ".join(v[cut[0]:cut[1]].split()), "",
                                  commissioner=True))
        for m in _line_finditer(_RX_AS_COMM, v, "Commissioner"):
            self.add(m)
        low = v.lower()
        post_key: tuple[tuple[str, ...] | re.Pattern[str], str | None] = (
            (_KEY_POST_WORDS, low) if not re.search("[\u0130\u0131\u017f]", v) else (_POST_RE, None))
        for m in _line_finditer(_RX_APPOS_AFTER, v, post_key[0], post_key[1], needs=",("):
            self.add(m)
        appos_before = (_start_finditer(_RX_APPOS_BEFORE, v, _KEY_POST_WORDS, low) if post_key[1] is not None
                        else _line_finditer(_RX_APPOS_BEFORE, v, _POST_RE, two_lines=True))
        for m in appos_before:
            if not m.group("hon") and _body_after_post(v, *m.span("core")):
                continue
            self.add(m)
        for m in _line_finditer(_RX_EMAIL, v, "@"):
            if m.group("core").split()[-1].lower().replace("'", "") not in m.group("local").lower().replace("'", ""):
                continue
            cs, ce = m.span("core")
            for w in re.finditer(r"\S+", v[cs:ce]):  # "Contact Jo Bloggs (jo.bloggs@...)": skip leading words
                core = " ".join(v[cs + w.start():ce].split())
                if _is_name(core):
                    self.push(Mention(cs + w.start(), ce, cs + w.start(), ce, "", core, ""))
                    break
        for rx, key in ((_RX_RANK, _KEY_RANK), (_RX_DEATH, _KEY_DEATH)):
            for m in _start_finditer(rx, v, key, v):
                self.add(m)
        for m in _RX_BY.finditer(v):
            self.add(m)
        for rx, key in ((_RX_POSSESSIVE, _KEY_POSS), (_RX_HUMAN_VERB, _KEY_VERB)):
            for m in _line_finditer(rx, v, key):
                self.add(m)
        for m in _RX_HEADER.finditer(v):
            signed = bool(re.match(r"[ \t*_]*(?i:signed|signatory|signature|approved|agreed)", m.group(0)))
            job = re.match(r",[ \t]*([^\n]{3,100})", v[m.end():]) if signed else None
            self.add(m, signatory=signed, job_title=job.group(1).strip() if job else "")
        for rx in (_RX_ROW, _RX_BULLET_NAME):
            rows = [m for m in rx.finditer(v) if not _DATE_LINE.match(m.group("rest") or "")]
            strong = {v.count("\n", 0, m.start()) for m in rows if m.group("hon") or m.group("post")
                      or _POST_RE.search(m.group("rest") or "") or m.group("core").split()[0] in first_names()}
            lines = {v.count("\n", 0, m.start()) for m in rows}
            grow = strong
            while grow:  # a row of a table or list next to rows of people is a person too
                grow = {n for x in grow for n in (x - 1, x + 1) if n in lines and n not in strong}
                strong |= grow
            for m in rows:
                if v.count("\n", 0, m.start()) in strong:
                    rest = (m.group("rest") or "").strip(" \t()")
                    self.add(m, job_title=rest if rx is _RX_ROW and _POST_RE.search(rest) else "")
        self._signatures()

    def _signatures(self) -> None:
        """Bare name lines followed by a post line (signature blocks and report sign-offs)."""
        v = self.flat  # line layout matters here
        lines = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]*", v) if m.group(0).strip()]
        triggers = [m.start() for m in _SIG_TRIGGER.finditer(v)]
        tail = len(v) - max(600, len(v) // 12)
        for i, (s, _e, line) in enumerate(lines):
            m = _RX_LINE_NAME.match(v, s, s + len(line))
            if not m or m.end() != s + len(line):
                continue
            nxt = lines[i + 1][2].strip() if i + 1 < len(lines) else ""
            near_trigger = any(0 < s - t < 700 and v.count("\n\n\n\n", t, s) == 0 for t in triggers)
            titled = bool(nxt) and bool(_POST_RE.search(nxt)) and not _DATE_LINE.match(nxt) and len(nxt) < 120
            if not (near_trigger or titled):
                continue
            if not near_trigger and not (titled and (s >= tail or _DATE_LINE.match(lines[i + 2][2] if i + 2 < len(
                    lines) else "") or (i + 2 < len(lines) and _POST_RE.search(lines[i + 2][2])))):
                continue
            job = nxt if titled else ""
            men = self.add(m, signatory=near_trigger or s >= tail, job_title=job)
            if men is not None and job and _COMMISSIONER_RE.search(job):
                men.commissioner = True

    def lists(self) -> None:
        """Coordinated names next to a found name are names too ("A B, C D and E F")."""
        v = self.view
        work = [m for m in self.mentions if m.source != "model"]
        seen = 0
        while work and seen < 500:
            men = work.pop()
            seen += 1
            m = _RX_LIST_NEXT.match(v, men.end, min(len(v), men.end + 160))
            if m and (new := self._new(m)) is not None:
                work.append(new)
            left = v[max(0, men.start - 120):men.start]
            tail = left.rstrip()
            if not (tail.endswith((",", ";", ")")) or left.endswith((" and ", " and\n", " or "))):
                continue
            m = _RX_LIST_PREV.search(left)
            if m and left[m.start("core"):m.start("core") + 1].isupper():
                new = self._new(_Shifted(m, men.start - len(left)))
                if new is not None:
                    work.append(new)

    def _new(self, m: Any) -> Mention | None:
        cs, ce = m.span("core")
        if any(cs < o.core_end and o.core_start < ce for o in self.mentions):
            return None
        return self.add(m)


class _Shifted:
    """A regex match re-based onto the full text (for matches made on a slice)."""

    def __init__(self, m: re.Match[str], off: int) -> None:
        self.m, self.off = m, off

    def groupdict(self) -> dict[str, str | None]:
        return self.m.groupdict()

    def span(self, g: str) -> tuple[int, int]:
        s, e = self.m.span(g)
        return s + self.off, e + self.off

    def start(self, g: str) -> int:
        return self.span(g)[0]

    def end(self, g: str) -> int:
        return self.span(g)[1]


# --- statistical model: a span scorer -----------------------------------------------------------

FIRST_NAMES_PATH = Path(__file__).resolve().parent.parent / "data" / "people_first_names.csv"
SCORER_FILE = "scorer.json"


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Known given names (written by the training from Faker's providers)."""
    if not FIRST_NAMES_PATH.exists():
        return frozenset()
    return frozenset(FIRST_NAMES_PATH.read_text(encoding="utf-8").split()[1:])


_MODEL_LOCK = threading.Lock()
_MODEL: dict[str, Any] = {}
_SENT_SPLIT = re.compile(r"(?<=[.;:!?])[ \t]+(?=[\"'\u201c(\[]?[A-Z])|\n")
_CAP_PAIR = re.compile(r"(?<![\w'\u2019-])([A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)*)[ \t]+"
                       r"(?:(?:de|van|von|le|la|da|du)[ \t]+)?(?=([A-Z][a-z'\u2019]+))")


def _has_name_pair(view: str, start: int, end: int, covered: bytearray | None = None) -> bool:
    """Two adjacent capitalised words in ``view[start:end]``, neither a stop word nor inside a name already
    found (read in place: a chunk opens after a space or a line end, so the look-behind sees the same)."""
    for m in _CAP_PAIR.finditer(view, start, end):
        if covered and covered[m.start()]:
            continue
        if (m.group(1).lower().replace("\u2019", "'").rstrip("'s") not in STOP
                and m.group(2).lower().replace("\u2019", "'").rstrip("'s") not in STOP):
            return True
    return False


def candidate_chunks(view: str, covered: bytearray | None = None) -> list[tuple[int, int]]:
    """Sentence-like chunks worth scoring: those with two adjacent capitalised words that the rules have
    not already read as a name (``covered`` marks those characters)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_SENT_SPLIT.finditer(view), None]:
        end = m.start() if m else len(view)
        if end > pos and len(view[pos:end].strip()) > 3 and _has_name_pair(view, pos, end, covered):
            # long chunks are cut into sentence-sized pieces, as the model was trained on
            while end - pos > 600:
                cut = view.rfind(" ", pos, pos + 600)
                cut = cut if cut > pos else pos + 600
                out.append((pos, cut))
                pos = cut
            out.append((pos, end))
        pos = m.end() if m else len(view)
    return out


# A word of a candidate span: capitalised ("Anne-Marie", "O'Neill", "McKay"), an initial ("J.") or a
# particle ("van", "Ó"). A candidate is 2-5 such words in a run joined by one or two spaces, starting
# with a capital and ending with a capitalised word, without stop words (a known given name may take
# a surname that is also a stop word: "Jane West").
_CAND_WORD = re.compile(rf"(?<![\w'\u2019.-])(?:{_PFX}[{_UP}][{_LO}]+(?:-{_PFX}[{_UP}][{_LO}]+)*|[A-Z]\.|{_PART})"
                        r"(?![\w-])")
_CTX_WORD = re.compile(r"[\w'\u2019-]+|[^\w\s]")
_MAX_SPAN = 5
_HON_LOW = frozenset(h.lower() for h in HONORIFICS)
_POSTNOM_LOW = frozenset(p.lower() for p in POSTNOMINALS)


def _shape(w: str) -> str:
    """"McKay" -> "XxXx", "O'Neill" -> "X'Xx", "J." -> "X.": letters as X/x with repeats collapsed."""
    out: list[str] = []
    for c in w:
        s = "X" if c.isupper() else "x" if c.isalpha() else c
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)


def _ctx(word: str) -> str:
    """A context word as a feature value, with a class for the informative kinds."""
    low = word.lower().replace("\u2019", "'")
    if low in _HON_LOW:
        return f"{low}|hon"
    if low in _POSTNOM_LOW and word.isupper():
        return f"{low}|postnom"
    return low


def span_candidates(view: str, start: int, end: int, lower_words: set[str] | frozenset[str],
                    names: frozenset[str]) -> list[tuple[int, int, list[str]]]:
    """Candidate name spans in ``view[start:end]`` with their features (shared with the training)."""
    words: list[re.Match[str]] = list(_CAND_WORD.finditer(view, start, end))
    runs: list[list[re.Match[str]]] = []
    for m in words:
        low = m.group(0).lower().replace("\u2019", "'")
        if low in STOP and low not in SURNAME_STOPS:
            if runs and runs[-1]:
                runs.append([])
            continue
        if runs and runs[-1] and view[runs[-1][-1].end():m.start()] in (" ", "  "):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[tuple[int, int, list[str]]] = []
    for run in runs:
        if len(run) < 2:
            continue
        toks = [m.group(0) for m in run]
        lows = [t.lower().replace("\u2019", "'") for t in toks]
        particle = [t[0].islower() or lows[i] in _PARTICLES_LOW for i, t in enumerate(toks)]
        can_end = [t[0].isupper() and not t.endswith(".") and not particle[i] for i, t in enumerate(toks)]
        for i in range(len(run)):
            if not toks[i][0].isupper() or (lows[i] in SURNAME_STOPS):
                continue
            for j in range(i + 1, min(len(run), i + _MAX_SPAN)):
                if any(lows[k] in SURNAME_STOPS for k in range(i, j)):
                    break  # a stop word is only a surname at the end
                if not can_end[j] or sum(not p for p in particle[i:j + 1]) < 2:
                    continue
                if lows[j] in SURNAME_STOPS and toks[i] not in names:
                    continue
                out.append((run[i].start(), run[j].end(),
                            _features(view, run, i, j, toks, lows, lower_words, names)))
    return out


def _features(view: str, run: list[re.Match[str]], i: int, j: int, toks: list[str], lows: list[str],
              lower_words: set[str] | frozenset[str], names: frozenset[str]) -> list[str]:
    cs, ce = run[i].start(), run[j].end()
    first, last, lf, ll = toks[i], toks[j], lows[i], lows[j]
    f = ["bias", f"n={j - i + 1}", f"f={lf}", f"l={ll}", f"fs={_shape(first)}", f"ls={_shape(last)}",
         "sh=" + " ".join(_shape(t) for t in toks[i:j + 1]), f"fx={lf[-3:]}", f"lx={ll[-3:]}", f"lx2={ll[-2:]}"]
    f += [f"m={w}" for w in lows[i + 1:j]]
    if first in names:
        f.append("f:given")
    if last in names:
        f.append("l:given")
    if any(t in names for t in toks[i + 1:j]):
        f.append("m:given")
    low_hits = [w in lower_words for w in lows[i:j + 1]]
    if low_hits[0]:
        f.append("f:lower")
    if low_hits[-1]:
        f.append("l:lower")
    if any(low_hits):
        f.append("any:lower")
    if i > 0:
        f.append("runs:before")  # the run goes on to the left: a tail of a longer capitalised run
    if j < len(run) - 1:
        f.append("runs:after")
    ls = view.rfind("\n", 0, cs) + 1
    le = view.find("\n", ce)
    le = len(view) if le < 0 else le
    left = _CTX_WORD.findall(view[max(ls, cs - 60):cs])
    right = _CTX_WORD.findall(view[ce:min(le, ce + 60)])
    if cs - ls <= 60:
        left = ["<bol>", *left]
    if le - ce <= 60:
        right = [*right, "<eol>"]
    p1 = _ctx(left[-1]) if left else "<far>"
    p2 = _ctx(left[-2]) if len(left) > 1 else "<far>"
    n1 = _ctx(right[0]) if right else "<far>"
    n2 = _ctx(right[1]) if len(right) > 1 else "<far>"
    f += [f"p1={p1}", f"p2={p2}", f"p12={p2} {p1}", f"n1={n1}", f"n2={n2}", f"n12={n1} {n2}", f"p1n1={p1} {n1}"]
    if left and left[-1][:1].isupper() and not p1.endswith("|hon"):
        f.append("p1:cap")  # a capitalised word that is not a title: the span may be the tail of a longer name
    if right and right[0][:1].isupper():
        f.append("n1:cap")
        if right[0].lower() in ORG_HEADS:
            f.append("n1:orghead")
    if view.startswith(("'s", "\u2019s"), ce):
        f.append("n:poss")
    if not view[ls:cs].strip(" \t*_>\u2022-"):
        f.append("line:start")
        if not view[ce:le].strip(" \t*_.,;:"):
            f.append("line:whole")
        # a signature block: a post on the next line, a "Signed ..." line (a blank line between) above
        nxt = view[le + 1:view.find("\n", le + 1) if view.find("\n", le + 1) >= 0 else len(view)]
        if nxt.strip() and len(nxt) < 120 and _POST_RE.search(nxt):
            f.append("next:post")
        above = view[max(0, ls - 200):ls].rstrip().rsplit("\n", 1)[-1]
        if _SIG_TRIGGER.match(above):
            f.append("above:signed")
    return f


class SpanScorer:
    """A logistic model over candidate spans: ``P(name) = sigmoid(sum of the weights of its features)``.

    Trained by :mod:`pipeline.training.people` and shipped as JSON (a few hundred kB), so it loads in a
    few milliseconds and needs nothing outside the standard library.
    """

    def __init__(self, weights: dict[str, float], threshold: float = 0.5) -> None:
        self.weights = weights
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path) -> SpanScorer:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["threshold"])

    def prob(self, feats: Iterable[str]) -> float:
        w = self.weights
        z = sum(w.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def find(self, view: str, chunks: Iterable[tuple[int, int]], lower_words: set[str]) -> list[tuple[int, int]]:
        """The spans scored at or over the threshold, best first where candidates overlap."""
        names = first_names()
        out: list[tuple[int, int]] = []
        for a, b in chunks:
            scored = sorted(((self.prob(fs), cs, ce) for cs, ce, fs in span_candidates(view, a, b, lower_words, names)),
                            key=lambda x: (-x[0], x[1]))
            taken: list[tuple[int, int]] = []
            for p, cs, ce in scored:
                if p < self.threshold:
                    break
                if all(ce <= s or e <= cs for s, e in taken):
                    taken.append((cs, ce))
            out.extend(sorted(taken))
        return out


def warm() -> None:
    """Load the scorer now (see pipeline.extract.warm_all), before workers fork."""
    if settings.use_models:
        load_model()


def load_model(path: Path | None = None) -> SpanScorer | None:
    """The shipped span scorer, loaded once per process; None when it is not built."""
    path = path or settings.models_dir / "people"
    key = str(path)
    with _MODEL_LOCK:
        if key not in _MODEL:
            file = path / SCORER_FILE
            _MODEL[key] = SpanScorer.load(file) if file.exists() else None
        return _MODEL[key]


def _words_rx(words: Iterable[str]) -> str:
    """An alternation of literal words as a prefix tree ("c(?:ity|o(?:llege|urt))"): re then tests each letter
    once instead of every word in turn. Before a word boundary it matches exactly what "word1|word2|..."
    does, as only one of the words can end there."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(c) + emit(node[c]) for c in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


_ORG_HEAD_RX = _words_rx(ORG_HEADS)
_BODY_RX = re.compile(rf"((?:[{_UP}][\w'\u2019-]*[ \t]+){{1,4}})(?i:{_ORG_HEAD_RX})\b")
_POSSESSIVE_BODY = re.compile(rf"['\u2019]s[ \t]+(?:[A-Z][\w'\u2019-]*[ \t]+){{0,3}}(?i:{_ORG_HEAD_RX})\b")


@lru_cache(maxsize=2)  # read twice per document (model finds, then place-name drops)
def _body_names(view: str) -> frozenset[str]:
    """Word runs the text uses before the head of a place or body ("Kestrel Vale" of "Kestrel Vale District
    Council"), every tail of the run included."""
    out: set[str] = set()
    for m in _BODY_RX.finditer(view):
        words = m.group(1).split()
        cut = next((i for i, w in enumerate(words) if w.lower() in ORG_HEADS or w.lower() in STOP), len(words))
        words = words[:cut]  # "Kestrel Vale" of "Kestrel Vale District Council"
        out.update(" ".join(words[i:]) for i in range(len(words)))
    return frozenset(out)


_PREV_WORDS = re.compile(r"(?:^|[^\w\s'\u2019-]|([\w'\u2019-]+))[ \t]+([A-Z][\w'\u2019-]*)[ \t]+\Z")


def _inside_caps_run(view: str, start: int) -> bool:
    """True when the word before ``start`` is a capitalised word inside a sentence that is not a post, rank or
    title (a model find that is the tail of a longer proper name)."""
    m = _PREV_WORDS.search(view[max(0, start - 60):start])
    if not m or not m.group(1):
        return False  # the find starts its line or sentence, or follows the first word of one
    prev = m.group(2)
    return not (_POST_RE.fullmatch(prev) or re.fullmatch(_HON, prev) or prev.lower() in STOP
                or _RX_RANK.match(prev + " Xavier"))


# A post noun right after a span on the same line makes the span the post's qualifier.
_POST_AFTER = re.compile(r"[ \t]+(?:Commissioner|Director|Officer|Manager|Adviser|Advisor|Chair|Lead|Member)s?\b")


def _model_mentions(f: _Finder, get_model: Callable[[], SpanScorer | None]) -> None:
    """Scorer finds in the candidate chunks; the model is only loaded (``get_model``) once a document has one.

    A find goes through the same checks as ever: a title before it is taken in, and it is dropped when it
    reads as a place, a body, a post's qualifier or the tail of a longer proper name.
    """
    v = f.view
    covered = bytearray(len(v) + 1)
    for m in f.mentions:
        covered[m.core_start:m.core_end] = b"\x01" * (m.core_end - m.core_start)
    chunks = candidate_chunks(v, covered)
    if not chunks or (model := get_model()) is None:
        return
    lower_words = set(re.findall(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]+", v))
    bodies = _body_names(v)
    for cs, ce in model.find(v, chunks, lower_words):
        left = v[max(0, cs - 40):cs]
        hm = re.search(rf"(?P<hon>{_HON})[ \t]*\n?[ \t]*$", left)
        pm = re.match(_POST, v[ce:ce + 40])
        hon_txt = hm.group("hon") if hm else ""
        post_txt = pm.group(0) if pm else ""
        cut = _clean_core(v, cs, ce)
        if cut is None:
            continue
        cs2, ce2 = cut
        if _org_follows(v, ce2) or (ce2 < ce and re.match(r"[ \t]+[A-Z]", v[ce2:ce])):
            continue
        if not hon_txt and v[cs2:ce2].split()[-1].lower() in _PLACE_TAILS:
            continue  # "Shire Hall", "Church House": a building, unless a title says otherwise
        core = " ".join(v[cs2:ce2].split())
        if not _is_name(core, 1):
            continue
        toks = core.split()
        if not hon_txt and toks[0] not in first_names() and (
                any(t.lower() in lower_words for t in toks) or toks[0].endswith("ing")):
            continue  # "Voluntary Voices ...", "Operating ...": words, not names
        if not hon_txt and (core in bodies or (toks[0] in bodies and toks[0] not in first_names())
                            or toks[0] in ("St", "St.", "Saint")):
            continue  # "Kestrel Vale" / "Kestrel Food Bank" where the text says "Kestrel Vale District Council"
        if not hon_txt and _POSSESSIVE_BODY.match(v, ce2, ce2 + 60):
            continue  # "Aidan's Community Trust": the name of a body
        if not hon_txt and (_inside_caps_run(v, cs2) or _body_after_post(v, cs2, ce2)):
            continue  # "Audit Appointments" of "Public Sector Audit Appointments"
        if not hon_txt and _POST_AFTER.match(v, ce2):
            continue  # "Commercial" of "Commercial Commissioner": a post's qualifier, not a name
        hon = re.sub(r"^The\s+", "", " ".join(hon_txt.split())) if hon_txt and cs2 == cs else ""
        post = " ".join(post_txt.replace(",", " ").split()) if post_txt and ce2 == ce else ""
        start = cs - len(hm.group(0)) if hon else cs2
        men = Mention(start, ce + len(post_txt) if post else ce2, cs2, ce2, hon, core, post, "model")
        f.push(men)


# --- clustering and roles ----------------------------------------------------------------------


# Offices called "Commissioner" that are not an intervention's commissioners.
_OTHER_COMMISSIONERS = re.compile(
    r"(?:Children['\u2019]s(?= Commissioner for (?:England|Wales|Scotland|Northern Ireland))|"
    r"Information|Crime|Victims['\u2019]?|Abuse|"
    r"Electoral|Equality|Equalities|Health Service|Parliamentary|Older People['\u2019]s|Future Generations|"
    r"Biometrics|Surveillance Camera|Anti-Slavery|Independent Anti-Slavery|Patient Safety)[ \t]+(Commissioner)"
    r"|\b(Commissioner)[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:Police|Metropolitan Police|City of London Police|"
    r"Children and Young People|Wales|Scotland|Northern Ireland|England|Standards|Public Appointments)\b")


def _role_view(view: str) -> str:
    """The view with the "Commissioner" of other offices spelt out of the way (same length)."""

    def blank(m: re.Match[str]) -> str:
        g = 1 if m.group(1) else 2
        s, e = m.span(g)
        return m.group(0)[:s - m.start()] + "Xommissioner" + m.group(0)[e - m.start():]

    # every match holds "Commissioner" and stays on its line: only those lines are rewritten
    parts: list[str] = []
    pos = 0
    for p in _str_hits(view, "Commissioner"):
        if p < pos:
            continue
        ls = view.rfind("\n", 0, p) + 1
        le = view.find("\n", p)
        le = len(view) if le < 0 else le
        parts += [view[pos:ls], _OTHER_COMMISSIONERS.sub(blank, view[ls:le])]
        pos = le
    parts.append(view[pos:])
    return "".join(parts)


def _mark_roles(f: _Finder) -> None:
    v = _role_view(f.view)
    masked = list(v)
    for men in f.mentions:
        masked[men.start:men.end] = "\x00" * (men.end - men.start)
    mv = _BULLET.sub(r"\1 ", "".join(masked))  # bullets read as spaces (same length)
    plural_after: set[int] = set()
    plural_before: set[int] = set()
    for men in f.mentions:
        after = v[men.end:men.end + 160]
        after = after.split("\n\n")[0]
        if m := _AFTER_COMM.match(after):
            men.commissioner = True
            if after[m.end():m.end() + 1].lower() == "s":
                plural_after.add(id(men))
        before = mv[max(0, men.start - 300):men.start]
        before = re.split(r"[.]\s|\n\s*\n", before)[-1]
        if m := _BEFORE_COMM.search(before):
            # a ';' ends the context unless it only separates masked list members
            if ";" not in re.sub(r"\x00+\s*(?:\([^()]{0,60}\)\s*)?;", "", before[m.start():]):
                men.commissioner = True
                if re.match(r"commissioners", m.group(0), re.IGNORECASE):
                    plural_before.add(id(men))
        elif _COMM_TITLE_BEFORE.search(before):
            men.commissioner = True
    # "appointed A, B and C as Commissioners", "the Commissioners: A; B; C": a plural role word at
    # either end of a coordinated list covers every member
    for chain in _chains(f):
        if id(chain[-1]) in plural_after or id(chain[0]) in plural_before:
            for men in chain:
                men.commissioner = True


def _chains(f: _Finder) -> list[list[Mention]]:
    """Runs of mentions separated only by list punctuation ("A, B and C", "A (Chair); B")."""
    chains: list[list[Mention]] = []
    for men in sorted(f.mentions, key=lambda m: m.start):
        if chains and _LIST_GAP.fullmatch(f.view, chains[-1][-1].end, men.start):
            chains[-1].append(men)
        else:
            chains.append([men])
    return [c for c in chains if len(c) > 1]


def _cluster(mentions: list[Mention]) -> list[Person]:
    people: list[Person] = []
    by_key: dict[str, Person] = {}
    # people by the first and the last word of their fullest name (as in keys): a shorter form shares one of
    # them, so only those people are compared with it
    by_end: dict[str, list[Person]] = {}
    ordered = sorted(mentions, key=lambda m: (-len(m.toks), m.start))
    for men in ordered:
        if men.key in by_key:
            by_key[men.key].mentions.append(men)
            continue
        # a shorter form of a known fuller name: surname ("Warner"), first name ("Andrew"),
        # or first+surname of a name with a middle part
        toks = tuple(t.lower() for t in men.toks)
        ends = men.key.split()
        near = {id(p): p for p in (*by_end.get(ends[0], ()), *by_end.get(ends[-1], ()))}
        hits = [p for p in near.values() if _shorter_form(toks, p.low_toks)]
        if len(hits) == 1:
            hits[0].mentions.append(men)
            by_key[men.key] = hits[0]
            continue
        if hits:
            continue  # "Mr Smith" with both "John Smith" and "Jane Smith" about: not a new person
        if len(toks) >= 2 or men.hon or men.post or men.commissioner:
            p = Person([men])
            people.append(p)
            by_key[men.key] = p
            for w in {ends[0], ends[-1]}:
                by_end.setdefault(w, []).append(p)
        # else: a lone word nobody fuller owns ("Andrew" with no "Andrew X") is not enough for a person
    return people


def _shorter_form(toks: tuple[str, ...], full: tuple[str, ...]) -> bool:
    n = len(toks)
    if n >= len(full):
        return False
    if full[-n:] == toks:  # surname, possibly multi-word ("Le Grand")
        return True
    if n == 1 and full[0] == toks[0] and len(toks[0]) > 2:  # first name after the full name
        return True
    return n >= 2 and toks[0] == full[0] and toks[-1] == full[-1]


def _person_fact(f: _Finder, p: Person) -> PersonFact:
    best = p.best
    hon = best.hon or next((m.hon for m in p.mentions if m.hon and m.hon not in ("Mr", "Mrs", "Ms", "Miss")), "")
    hon = hon or next((m.hon for m in p.mentions if m.hon), "")
    post = best.post or next((m.post for m in p.mentions if m.post), "")
    name = " ".join(x for x in (best.hon, best.core, best.post) if x)
    forms: list[str] = []
    for m in sorted(p.mentions, key=lambda m: m.start):
        form = " ".join(x for x in (m.hon, m.core, m.post) if x)
        if not m.hon and f.view[m.start:m.core_start].startswith("Commissioner"):
            form = f"Commissioner {m.core}"
        if form != name and form not in forms:
            forms.append(form)
    spans = {(m.start, m.end) for m in p.mentions}
    role = "commissioner" if any(m.commissioner for m in p.mentions) else (
        "signatory" if any(m.signatory for m in p.mentions) else "other")
    sources = {m.source for m in p.mentions if m.source != "repeat"}  # repeats of a found name say nothing
    source = "rules+model" if "rules+model" in sources or len(sources) > 1 else sources.pop()
    job = next((m.job_title for m in p.mentions if m.job_title), "")
    return PersonFact(text=f.text[best.start:best.end], start=best.start, end=best.end, name=name, role=role,
                      honorific=hon, postnominals=post, job_title=job, mentions=len(spans),
                      aliases=[a for a in forms if a != best.core or best.hon or best.post], source=source)


def _extra_mentions(f: _Finder, people: list[Person]) -> None:
    """Count bare later forms of found people (full core, surname, first name alone)."""
    v = f.view
    taken = bytearray(len(v) + 1)
    for p in people:
        for m in p.mentions:
            taken[m.core_start:m.core_end] = b"\x01" * (m.core_end - m.core_start)
    forms: dict[str, tuple[Person, str]] = {}
    lasts = Counter(p.best.toks[-1] for p in people)
    firsts = Counter(p.best.toks[0] for p in people)
    for p in people:
        toks = p.best.toks
        forms.setdefault(p.best.core, (p, "full"))
        if len(toks) >= 3 and toks[-2][0].isupper():
            forms.setdefault(" ".join(toks[-2:]), (p, "last"))  # "Le Grand"
        last, first = toks[-1], toks[0]
        if (len(toks) >= 2 and len(last) > 2 and last.lower() not in STOP
                and lasts[last] == 1):
            forms.setdefault(last, (p, "last"))  # "Quint considered", "the Quint Review"
        if (len(toks) >= 2 and len(first) > 2 and first.lower() not in STOP
                and firsts[first] == 1):
            forms.setdefault(first, (p, "first"))  # "Andrew" after "Andrew Christie"
    for s, e in _find_forms(v, forms):
        if taken[s] or taken[e - 1]:
            continue
        form = v[s:e]
        p, kind = forms[form]
        if kind == "first" and re.match(r"[ \t]+[A-Z]", v[e:e + 2]):
            continue  # "Andrew Smith": someone else of that first name
        if kind == "last":
            left = v[max(0, s - 30):s]
            if re.search(r"[A-Z][a-z]+[ \t]+$", left) and not re.search(r"(?:The|the|of|Commissioner)[ \t]+$", left):
                continue  # "Sarah Quint": someone else of that surname
        p.mentions.append(Mention(s, e, s, e, "", form, "", "repeat"))
        taken[s:e] = b"\x01" * (e - s)


def _find_forms(v: str, forms: Iterable[str]) -> Iterator[tuple[int, int]]:
    r"""Where ``forms`` occur in ``v`` as whole words (not inside a longer word or hyphenated name), left to right
    and without overlaps, the longest at a place first: what ``re.finditer`` finds for the alternation of the
    forms between ``(?<![\w-])`` and ``(?![\w-])``. Done by hand because compiling that alternation, a new one
    for every document, cost more than reading the document with it."""
    by_start: dict[str, list[str]] = {}  # by their first two letters (one for a one-letter form), longest first
    for form in sorted(forms, key=len, reverse=True):
        by_start.setdefault(form[:2], []).append(form)
    if not by_start:
        return
    short = any(len(k) < 2 for k in by_start)
    firsts = "".join(sorted({k[0] for k in by_start}))
    at = [m.start() + 1 for m in re.finditer(rf"[^\w-][{re.escape(firsts)}]", v)]
    if v[:1] and v[0] in firsts:
        at.insert(0, 0)
    n = len(v)
    end = 0
    for s in at:
        if s < end:
            continue
        for form in (*by_start.get(v[s:s + 2], ()), *(by_start.get(v[s], ()) if short else ())):
            e = s + len(form)
            if v.startswith(form, s) and (e >= n or not (v[e].isalnum() or v[e] in "_-")):
                yield s, e
                end = e
                break


_SUCCEEDS = re.compile(r"[ \t]+(?:(?:has|had|then|later|subsequently)[ \t]+)?(?:succeeded|replaced|took[ \t]+over[ \t]+"
                       r"from|stepped[ \t]+in[ \t]+for)[ \t]+$")
_SUCCEEDED_BY = re.compile(r"[ \t]+(?:(?:was|is|will[ \t]+be|has[ \t]+been|had[ \t]+been)[ \t]+)?(?:succeeded|replaced)"
                           r"[ \t]+by[ \t]+$")


def _successors(f: _Finder, people: list[Person]) -> None:
    """Whoever succeeds or replaces a commissioner is one ("X succeeded Ms Y", "Y was replaced by X")."""
    owner = {id(m): p for p in people for m in p.mentions}
    ordered = sorted((m for p in people for m in p.mentions), key=lambda m: m.start)
    for a, b in itertools.pairwise(ordered):
        pa, pb = owner[id(a)], owner[id(b)]
        if pa is pb or b.start - a.end > 60:
            continue
        gap = f.view[a.end:b.start]
        if _SUCCEEDS.fullmatch(gap) and any(m.commissioner for m in pb.mentions):
            a.commissioner = True
        elif _SUCCEEDED_BY.fullmatch(gap) and any(m.commissioner for m in pa.mentions):
            b.commissioner = True


def _drop_place_names(f: _Finder) -> None:
    """Untitled finds that do not start with a known given name and read as a place or body ("Linwood Park"
    where the text has "Linwood Borough Council", "Abbey Lodge") are not people."""
    names = first_names()
    keep = []
    for m in f.mentions:
        toks = m.toks
        if not (m.hon or m.post or toks[0] in names):
            bodies = _body_names(f.view)  # read only when a mention needs it (cached)
            if m.core in bodies or toks[0] in bodies or toks[-1].lower() in _PLACE_TAILS:
                continue
        keep.append(m)
    f.mentions = keep


def _body_after_post(view: str, start: int, end: int) -> bool:
    """True for "X (former Finance Officer, Harlow Vale)": the words after a post inside brackets that close
    right after them name the post's body, unless they start with a known given name."""
    line_start = view.rfind("\n", 0, start) + 1
    opened = view.rfind("(", line_start, start)
    return (opened > view.rfind(")", line_start, start) and view[end:end + 1] == ")"
            and bool(re.search(r",[ \t]*\Z", view[opened:start])) and bool(_POST_RE.search(view[opened:start]))
            and view[start:end].split()[0] not in first_names())


def _split_runs(f: _Finder) -> None:
    """A run of several names read as one ("Ann Lee Joe Bloggs" from a multi-column signature block) is
    split when it is made of names found elsewhere, or of given-name-led parts, at least one found."""
    known = {m.key for m in f.mentions if len(m.toks) >= 2}
    names = first_names()
    out: list[Mention] = []
    for men in f.mentions:
        toks = list(re.finditer(r"\S+", f.view[men.core_start:men.core_end]))
        words = [t.group(0).lower().replace("\u2019", "'") for t in toks]
        parts = _partition(words, known - {men.key}, names) if len(toks) >= 4 and not men.hon else None
        if not parts:
            out.append(men)
            continue
        i = 0
        for n in parts:
            cs, ce = men.core_start + toks[i].start(), men.core_start + toks[i + n - 1].end()
            out.append(Mention(cs, ce, cs, ce, "", " ".join(t.group(0) for t in toks[i:i + n]), "", men.source,
                               men.commissioner, men.signatory))
            i += n
    f.mentions = out


def _partition(words: list[str], known: set[str], names: frozenset[str]) -> list[int] | None:
    """Lengths of 2-3 word parts covering ``words``: each a known name or given-name-led, one known."""
    def go(i: int) -> list[tuple[int, bool]] | None:
        if i == len(words):
            return []
        for n in (3, 2):
            seg = " ".join(words[i:i + n])
            if i + n <= len(words) and (seg in known or words[i].title() in names):
                rest = go(i + n)
                if rest is not None:
                    return [(n, seg in known), *rest]
        return None

    parts = go(0)
    return [n for n, _ in parts] if parts and len(parts) > 1 and any(k for _, k in parts) else None


def find_people(text: str, model: SpanScorer | None = None,
                load: Callable[[], SpanScorer | None] | None = None) -> list[PersonFact]:
    """All people of one document text (the scorer is used when given, or got from ``load`` only when a
    sentence needs it, so documents the rules fully read never load it)."""
    f = _Finder(text)
    f.rules()
    if model is not None:
        _model_mentions(f, lambda: model)
    elif load is not None:
        _model_mentions(f, load)
    f.lists()
    _drop_place_names(f)
    _split_runs(f)
    _mark_roles(f)
    people = _cluster(f.mentions)
    _extra_mentions(f, people)
    _successors(f, people)
    facts = [_person_fact(f, p) for p in people]
    facts.sort(key=lambda x: x.start)
    return facts


@register("people", "people")
def extract(ex: Extraction) -> list[PersonFact]:
    return find_people(ex.document.text, load=load_model if settings.use_models else None)
