"""Calendar dates, periods and durations, each normalised with its precision and its role.

Candidates come from compiled patterns, never from a free search over the text, because
``dateparser.search_dates`` reads section lists ("sections 10, 12"), Act years, "may" the verb and
phone numbers as dates. The patterns isolate day, month and year, so dates are built directly (and
validated by :class:`datetime.date`). Month words come from a table (full names, three-letter
abbreviations, "Sept"); dateparser, with explicit English day-first settings and no relative base, is
imported lazily and read only for a spelling outside the table, so a typical run never pays its
start-up (0.8-1.8 s).

Roles: ``issued`` is decided once per document (a labelled "Date:"/"Dated"/"Issued:" line, a date
alone after a signature block, the document's own issuing sentence "This Notice is issued to ... on",
a "made on ..." statement header, and last a web page's "Published"/"Last updated" line, whose date
otherwise gets the role ``published``), so that the document facts can
take it as the issue date; the others come from the words just before (or after) each mention.
Relative expressions and durations ("within 3 months", "quarterly", "within 24 hours" -> PT24H, "for a
period of not less than eighteen months" -> P18M) are facts with ``date=None`` and an ISO 8601
duration; they are never resolved against today's date. ISO 8601 has no working day, so "within 7
working days" is P7D and the fact's text keeps the words "working days" (also "calendar", "clear").
"The last day of January 2018" names a day (2018-01-31, month length and leap years from
:mod:`calendar`); "the end of March 2016" stays at month precision.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pipeline.document import DateFact, Extraction
from pipeline.extract import register

# --- patterns ---------------------------------------------------------------------------------

# Month words are matched case-insensitively here and then required to start with a capital
# (see _month), so that "may" the verb or "march" the verb never become months: a full name, or a
# three-letter abbreviation ("Sept" too) with an optional dot. Written month by month
# ("jan(?:uary\b|\b\.?)": the full name tried first), and behind a lookahead on the first letter,
# to spare the engine case-blind alternatives at word starts where no month can be.
_MONTH = (r"(?=(?i:[jfmasond]))"
          r"(?i:jan(?:uary\b|\b\.?)|feb(?:ruary\b|\b\.?)|mar(?:ch\b|\b\.?)|apr(?:il\b|\b\.?)|may\b"
          r"|jun(?:e\b|\b\.?)|jul(?:y\b|\b\.?)|aug(?:ust\b|\b\.?)|sep(?:tember\b|t?\b\.?)"
          r"|oct(?:ober\b|\b\.?)|nov(?:ember\b|\b\.?)|dec(?:ember\b|\b\.?))")
_YEAR = r"(?:1[89]|20)\d\d"
_DAY = r"[0-3]?\d(?:\s?(?i:st|nd|rd|th)\b)?"  # "17th", and "17 th" from OCR
_ORD_WORDS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first "
    "twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth "
    "twenty-ninth thirtieth thirty-first".split())}
_ORD = "|".join(sorted(_ORD_WORDS, key=len, reverse=True))
# (an optional prefix of two alternatives: its first letters are checked before the engine enters it)
_WEEKDAY = (r"(?=[MTWFS])(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY)"
            r",?\s+(?:the\s+)?")
_DASH = r"(?:-|–|—|to|and|until|till)"
_MOD = r"(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of|early|mid|late)"

# One alternation, tried left to right at each word start: longer and more specific forms first.
# Ordinal words, like month words, sit behind a lookahead on their possible first letters.
_DATE_RE = re.compile(
    rf"""
    \b(?=\w)(?:
    (?P<dayof>(?:(?i:the|this)\s+)?(?P<a_d>[0-3]?\d(?i:st|nd|rd|th)?|(?=(?i:[fstenl]))(?i:{_ORD}|last|final))
        \s+(?i:day\s+of)\s+(?P<a_m>{_MONTH}),?\s+(?P<a_y>{_YEAR})\b)
  | (?P<drange>(?<![\d.,/])(?P<b_d1>{_DAY})\s*{_DASH}\s*(?P<b_d2>{_DAY})\s+(?:of\s+)?(?P<b_m>{_MONTH}),?\s+
        (?P<b_y>{_YEAR})\b)
  | (?P<dmy>(?:{_WEEKDAY})?(?<![\d.,/])(?P<c_d>{_DAY})(?:\s+of)?\s+(?P<c_m>{_MONTH}),?\s+(?P<c_y>{_YEAR})\b)
  | (?P<mdy>(?:{_WEEKDAY})?(?P<d_m>{_MONTH})\s+(?P<d_d>[0-3]?\d)(?:(?i:st|nd|rd|th),?|,)\s*(?P<d_y>{_YEAR})\b)
  | (?P<iso>(?<![\d./-])(?P<e_y>{_YEAR})-(?P<e_m>[01]\d)-(?P<e_d>[0-3]\d)(?![\d-]))
  | (?P<num>(?<![\d./-])(?P<f_d>[0-3]?\d)(?P<sep>[/.-])(?P<f_m>[01]?\d)(?P=sep)(?P<f_y>{_YEAR}|\d\d)(?!\d|[./-]\d))
  | (?P<mrange>(?P<g_m1>{_MONTH})\s*(?:-|–|—|to|and|or|until|till)\s*(?P<g_m2>{_MONTH}),?\s+(?P<g_y>{_YEAR})\b)
  | (?P<my>(?:(?P<h_mod>{_MOD})[\s-]+)?(?P<h_m>{_MONTH}),?\s+(?P<h_y>{_YEAR})\b(?!\s*[-–/]\s*\d\d(?!\d)))
  | (?P<yrange>(?<![\d./-])(?P<i_y1>{_YEAR})\s*(?:[-–—/]|to)\s*(?P<i_y2>{_YEAR}|\d\d)(?![\d/.-]))
  | (?P<dm>(?<![\d.,/])(?P<j_d>{_DAY})(?:\s+of)?\s+(?P<j_m>{_MONTH})(?![\s,]*\d))
  | (?P<yctx>\b(?i:in|since|during|early|late|mid|until|by|from|before|after|throughout)[\s-]+
        (?P<k_y>{_YEAR})\b(?!\s*(?:[-–—/]\s*\d|\)|Act\b))))
    """,
    re.VERBOSE,
)
# Every date holds a capitalised month word, a year or a numeric d/m/y shape; the full pattern
# runs only in windows around these seeds (a match starts at most a few words before its first
# seed, as in "this 1st day of March" or "the end of March", and ends just after its last one).
# Month stems are found with str.find, far faster than a regex alternation.
_MONTH_STEMS = tuple(v for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
                     for v in (m, m.upper()))
# A year (18xx-20xx) or a d/m/y shape; written to open with the digit, which the engine then skips to.
_NUM_SEED_RE = re.compile(r"\d(?:(?<=1)[89]\d\d|(?<=2)0\d\d|[/.-]\d\d?[/.-]\d)")
# Every duration or relative expression holds one of these words (looked for in lower case).
_DUR_STEMS = ("hour", "day", "week", "month", "quarter", "year", "annual", "fortnight",
              "spring", "summer", "autumn", "winter")


def _find_all(text: str, stems: tuple[str, ...]) -> list[int]:
    out: list[int] = []
    for stem in stems:
        i = text.find(stem)
        while i >= 0:
            out.append(i)
            i = text.find(stem, i + len(stem))
    return out


def _windowed(pattern: re.Pattern[str], text: str, seeds: list[int], back: int, on: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` over the text, restricted to merged windows around the seed offsets."""
    lo = hi = -1
    for p in sorted(seeds):
        s, e = max(0, p - back), min(len(text), p + on)
        if s > hi:
            if hi > lo:
                yield from pattern.finditer(text, lo, hi)
            lo = s
        hi = max(hi, e)
    if hi > lo:
        yield from pattern.finditer(text, lo, hi)


def _date_matches(text: str) -> Iterator[re.Match[str]]:
    """``_DATE_RE.finditer`` over the text, only where a date can be."""
    seeds = [m.start() for m in _NUM_SEED_RE.finditer(text)] + _find_all(text, _MONTH_STEMS)
    return _windowed(_DATE_RE, text, seeds, 40, 28)


def _duration_matches(text: str) -> Iterator[re.Match[str]]:
    """``_DUR_RE.finditer`` over the text, only where a duration can be."""
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII letters change length in lower case: scan it all
        return _DUR_RE.finditer(text)
    return _windowed(_DUR_RE, text, _find_all(low, _DUR_STEMS), 64, 56)


_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUM_WORDS = {"a": 1, "an": 1} | {w: i + 1 for i, w in enumerate(_UNITS)} | {
    (f"{t}-{u}" if u else t): 10 * (i + 2) + j
    for i, t in enumerate(_TENS) for j, u in enumerate(["", *_UNITS[:9]])}
# A number in digits or words. Compounds are written as tens with an optional unit rather than as 72
# words of their own (the same matches, longest first, in half the compile time of a pattern used 5 times).
_N = (r"\d{1,3}|(?i:(?:" + "|".join(_TENS) + ")(?:-(?:" + "|".join(sorted(_UNITS[:9], key=len, reverse=True)) + "))?|"
      + "|".join(sorted(["a", "an", *_UNITS], key=len, reverse=True)) + ")")
_UNIT = r"(?i:(?:calendar\s+|working\s+|business\s+|clear\s+)?(?:hours?|days?|weeks?|months?|quarters?|years?))"
_DUR_RE = re.compile(
    rf"""
    \b(?=[A-Za-z])(?:
    (?P<within>\b(?i:within)\s+(?:(?i:the\s+(?:first|next)|a\s+period\s+of)\s+)?(?P<w_n>{_N})[\s-]+(?P<w_u>{_UNIT}))
  | (?P<every>\b(?i:(?:once\s+)?(?:every|each))\s+(?:(?P<e_n>{_N})\s+)?(?P<e_u>{_UNIT})\b)
  | (?P<interval>\b(?i:at\s+intervals\s+of\s+(?:no\s+more\s+than\s+|not\s+more\s+than\s+|up\s+to\s+)?)
        (?P<v_n>{_N})\s+(?P<v_u>{_UNIT}))
  | (?P<recur>\b(?i:quarterly|monthly|weekly|fortnightly|annually|six-monthly|bi-?annually|yearly
        |on\s+an?\s+(?:annual|monthly|quarterly|weekly)\s+basis)\b)
  | (?P<rel>\b(?i:(?:the\s+)?new\s+year|(?:since\s+|in\s+|during\s+|by\s+)?the\s+(?:spring|summer|autumn|winter)
        (?!\s+(?:of\s+)?\d)|(?:next|last|this|the\s+coming|the\s+following|the\s+previous)\s+
        (?:year|month|week|quarter|financial\s+year)|later\s+this\s+(?:year|month)|in\s+recent\s+(?:months|weeks|years))\b)
  | (?P<period>\b(?i:a\s+(?:further\s+|minimum\s+|maximum\s+)?period\s+of\s+(?:(?:not|no)\s+(?:less|more)\s+than\s+
        |at\s+least\s+|up\s+to\s+|a\s+(?:minimum|maximum)\s+of\s+)?)(?P<p_n>{_N})[\s-]+(?P<p_u>{_UNIT})
        (?:\s+(?i:from|after|following)\s+the\s+(?i:date\s+of\s+(?:issue|this\s+\w+|these\s+\w+)))?)
  | (?P<span>\b(?i:(?:for|over|during|in)\s+the\s+(?:next|last|past|coming|following|first|previous)\s+)
        (?P<s_n>{_N})\s+(?P<s_u>{_UNIT})))
    """,
    re.VERBOSE,
)

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past",
             "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True, "PARSERS": ["absolute-time"],
             "REQUIRE_PARTS": ["day", "month", "year"]}


# Month words as the patterns accept them (full names, three-letter abbreviations, "Sept"): a table
# lookup, so a typical document never imports dateparser (0.8-1.8 s of start-up per process).
_MONTH_NAMES = ("january february march april may june july august september october november december").split()
_MONTH_TABLE = {w: i for i, name in enumerate(_MONTH_NAMES, 1) for w in (name, name[:3])} | {"sept": 9}


@lru_cache(maxsize=256)
def _month_number(word: str) -> int | None:
    """The month a lower-case month word names: the table, else dateparser (English, strict), imported lazily."""
    if word in _MONTH_TABLE:
        return _MONTH_TABLE[word]
    import dateparser  # lazy: only a spelling outside the table pays for the import

    parsed = dateparser.parse(f"1 {word} 2000", languages=["en"], settings=_SETTINGS)
    return parsed.month if parsed else None


def _month(token: str) -> int | None:
    """Month number of a matched token; None when lower-case (so "may" the verb is no month)."""
    word = token.rstrip(".")
    if not word[:1].isupper() or (not word.istitle() and not word.isupper()):
        return None
    return _month_number(word.lower())


def _day(token: str) -> int:
    t = token.lower()
    if t in _ORD_WORDS:
        return _ORD_WORDS[t]
    return int(re.match(r"\d+", t).group())  # type: ignore[union-attr]


def _ymd(y: int, m: int | None, d: int | None) -> str | None:
    """ISO text of a validated date (day may be None for month precision)."""
    if m is None or not 1900 <= y <= 2100:
        return None
    try:
        dt.date(y, m, d or 1)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"


def _iso_duration(n_tok: str | None, unit: str) -> str:
    n = 1 if not n_tok else (int(n_tok) if n_tok.isdigit() else _NUM_WORDS.get(n_tok.lower(), 1))
    u = unit.lower().split()[-1].rstrip("s")
    if u == "quarter":
        return f"P{3 * n}M"
    if u == "hour":
        return f"PT{n}H"
    return f"P{n}{ {'day': 'D', 'week': 'W', 'month': 'M', 'year': 'Y'}[u] }"


_RECUR = {"quarterly": "R/P3M", "monthly": "R/P1M", "weekly": "R/P1W", "fortnightly": "R/P2W",
          "annually": "R/P1Y", "yearly": "R/P1Y", "annual": "R/P1Y", "six-monthly": "R/P6M",
          "biannually": "R/P6M", "bi-annually": "R/P6M"}

# --- roles ------------------------------------------------------------------------------------

# The role patterns are searched across the clause before every date. Each opens with a lookahead on
# the first letters of its alternatives: most positions fail that one test instead of every case-blind
# alternative in turn.
_DEADLINE = re.compile(r"\b(?=[bnodil])(?:by|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|before"
                       r"|due(?:\s+(?:on|by|at|in))?|deadline(?:\s+(?:of|is))?|in\s+time\s+for|latest)\s*:?\s*$", re.I)
_UNTIL = re.compile(r"\b(?=[ut])(?:until|till|up\s+to(?:\s+and\s+including)?)\s*$", re.I)
_LASTING = re.compile(r"\b(?:in\s+force|remain|runs?|continu\w*|last|extend\w*|term|appointment|expire\w*|valid)\b",
                      re.I)
_EXPIRY = re.compile(r"\b(?=[elc])(?:expir\w*|lapse\w*|ceases?\s+to\s+have\s+effect|end\s+date)\b"
                     r"(?:\s+\w+){0,2}?\s*:?\s*$", re.I)
_EFFECTIVE = re.compile(r"(?=[wetcsoig])(?:with\s+effect\s+from|effective\s+(?:from|on|date)"
                        r"|tak(?:e|es|en)\s+effect\s+(?:from|on)"
                        r"|took\s+effect\s+(?:from|on)|c[oa]me[s]?\s+into\s+(?:force|effect|operation)\s+on"
                        r"|commenc\w*\s+(?:on|from)"
                        r"|(?:commencement|effective|start|transfer|operative|implementation|go-live)\s+date\W*"
                        r"(?:\s*(?:means|is|shall\s+be))?)\s*:?\s*$", re.I)
# the appointment word, a few words (the post), then the preposition introducing the date
_APPOINT = re.compile(r"\b(?=[atns])(?:appoint\w*|took\s+up|takes?\s+up|taking\s+up|nominated"
                      r"|start(?:ed|s)?\s+in\s+post)\b"
                      r"(?:\s+\S+){0,10}?\s+(?:on|from|with\s+effect\s+from|as\s+from|since)\s*$", re.I)
_APPOINT_AFTER = re.compile(r"^[^.;]{0,80}?\b(?:was|were|been|be)\s+(?:formally\s+)?appointed\b", re.I)

# Issue-date evidence, strongest first.
# A label opening the line, or following "Signed ..." or a column gap on it ("Our ref: X    Date: ...").
_LABEL = re.compile(r"^(?:[^\n]*?(?:\t|\s{3,})|[\W_]*(?:signed\b[^\n]*?\s)?)"
                    r"(?:dated|date|issued?(?:\s+on|\s+date)?|date\s+issued|signed\s+on"
                    r"|date\s+of\s+(?:issue|signature|signing|this\s+\w+|report|letter))"
                    r"(?:\s+this)?\s*[:\-–]?\s*$", re.I)
_SIGNATURE = re.compile(r"^\W*(?:signed\b|yours\s+(?:sincerely|faithfully)|\[?signature\]?\W*$|.*\bsignature\b)", re.I)
_SALUTATION = re.compile(r"^\s*Dear\b")
_WORD = re.compile(r"\w")
# Header evidence is weaker: "Published 3 May" on a web page may differ from the signing date.
# A reference number after a header date ("made on 5 November 2024 · HCWS187", "(HLWS12)").
_REF_CODE = re.compile(r"^\s*[·•|,;:\u2013\u2014-]?\s*\(?[A-Z]{2,6}[ -]?\d{1,6}\)?\s*$")
# A dateline: an issuing body or place, a comma, then the date ("Department for Education, 3 June 2019").
_DATELINE = re.compile(r"^\s*[A-Z][\w'’&.-]*(?:\s+(?:[A-Z][\w'’&.-]*|and|of|for|the|on))*\s*,\s*$")
_HEADER_MADE = re.compile(r"\b(?:made|issued|published|dated|given|signed)(?:\s+on)?\s*:?\s*$", re.I)
# The document's own issuing sentence: "This Improvement Notice is issued to X Council on 19 March 2010".
# "This/These" and a document noun are required, so "the direction issued on 18 March 2013" (an
# earlier document) never counts; words of another event before the date ("following the
# inspection on ...") break it.
_DOC_NOUN = (r"(?i:notice|directions?|letter|statement|report|terms\s+of\s+reference|order|determination"
             r"|revocation|instrument|decision|warning)")
# (It opens with its literal "T", the word boundary checked just after it, so the engine skips to the T's.)
_ISSUING = re.compile(
    r"T(?<!\wT)(?:his|hese|HIS|HESE)\s+(?:(?:[A-Z][\w'’-]*|(?i:improvement|statutory|formal|revised|further|written"
    r"|ministerial|final|interim|warning|best\s+value))\s+){0,3}" + _DOC_NOUN +
    r"\s+(?i:is|are|was|were|has\s+been|have\s+been|shall\s+be|will\s+be)\s+(?i:hereby\s+)?"
    r"(?i:issued|given|made|served|sent|signed|dated)\b"
    r"(?:(?!\b(?i:following|after|which|that|when|where|since|before|carried|held|conducted|published|received"
    r"|concluded|inspection)\b)[^.;\n]){0,100}?(?:\s(?i:on|dated|this)|\b(?i:issued|given|made|dated))\s*$")
# A web page's own publication line ("Published 21 November 2016", "From: DfE. Last updated 3 May 2019"):
# the issue date only when the document states none of its own; otherwise the mention's role is "published".
_PUBLISHED = re.compile(r"^(?:[^\n]*?(?:[.:]\s+|\t|\s{3,}))?[\W_]*(?i:(published|(?:last\s+)?updated))"
                        r"(?:\s+on)?\s*[:\-–]?\s*$")
# A number after these words is a provision, not a day ("section 15 May be ...").
_PROVISION = re.compile(r"\b(?:sections?|ss?\.|paragraphs?|paras?\.?|clauses?|articles?|schedules?|parts?|regulations?"
                        r"|rules?|items?|pages?|pp?\.|annex|appendix|table|chapter|figure|recommendations?)\s*$", re.I)


@dataclass
class _Cand:
    start: int
    end: int
    date: str | None
    precision: str
    is_range: bool = False
    year_from_context: bool = False  # day/month without a year, still to resolve


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _date_matches(text):
        kind = m.lastgroup
        g = m.group
        s, e = m.span()
        if kind == "dayof":
            y, mo, d_tok = int(g("a_y")), _month(g("a_m")), g("a_d")
            last = d_tok.lower() in ("last", "final")  # "the last day of February 2020": the month's length
            iso = _ymd(y, mo, calendar.monthrange(y, mo)[1] if last and mo else _day(d_tok))
            out += [_Cand(s, e, iso, "day")] if iso else []
        elif kind == "drange":  # "9-11 March 2015": both days, each with its own span
            y, mo = int(g("b_y")), _month(g("b_m"))
            for d_tok, span in ((g("b_d1"), (s, m.end("b_d1"))), (g("b_d2"), (m.start("b_d2"), e))):
                iso = _ymd(y, mo, _day(d_tok))
                out += [_Cand(*span, iso, "day")] if iso else []
        elif kind == "dmy":
            iso = _ymd(int(g("c_y")), _month(g("c_m")), _day(g("c_d")))
            out += [_Cand(s, e, iso, "day")] if iso else []
        elif kind == "mdy":
            iso = _ymd(int(g("d_y")), _month(g("d_m")), _day(g("d_d")))
            out += [_Cand(s, e, iso, "day")] if iso else []
        elif kind == "iso":
            iso = _ymd(int(g("e_y")), int(g("e_m")), int(g("e_d")))
            out += [_Cand(s, e, iso, "day")] if iso else []
        elif kind == "num":
            y_tok = g("f_y")
            if len(y_tok) == 2:
                if g("sep") != "/":  # "1.2.15" is a paragraph number far more often than a date
                    continue
                y_tok = "20" + y_tok
            iso = _ymd(int(y_tok), int(g("f_m")), int(g("f_d")))  # UK order: day first
            out += [_Cand(s, e, iso, "day")] if iso else []
        elif kind == "mrange":
            y = int(g("g_y"))
            m1, m2 = _month(g("g_m1")), _month(g("g_m2"))
            if m1 and m2:
                y1 = y - 1 if m1 > m2 else y  # "November to February 2016"
                for iso, span in ((_ymd(y1, m1, None), (s, m.end("g_m1"))), (_ymd(y, m2, None), (m.start("g_m2"), e))):
                    out += [_Cand(*span, iso, "month")] if iso else []
        elif kind == "my":
            iso = _ymd(int(g("h_y")), _month(g("h_m")), None)
            out += [_Cand(s, e, iso, "month")] if iso else []
        elif kind == "yrange":
            y1, y2_tok = int(g("i_y1")), g("i_y2")
            y2 = int(y2_tok) if len(y2_tok) == 4 else (y1 // 100) * 100 + int(y2_tok)
            if 0 < y2 - y1 <= 10:  # "2015-17", "2023/24"; never a day or month
                out.append(_Cand(s, e, f"{y1:04d}", "year", is_range=True))
        elif kind == "dm":
            mo = _month(g("j_m"))
            if g("j_m").isupper() and g("j_m").startswith("MAY") and re.match(r"\s+[A-Z]", text[e:e + 2]):
                continue  # "... SECTION 15 MAY BE ..." in capitals
            if mo and not _PROVISION.search(text[max(0, s - 20):s]):
                out.append(_Cand(s, e, f"{mo:02d}-{_day(g('j_d')):02d}", "day", year_from_context=True))
        elif kind == "yctx":  # "early 2014" keeps its modifier; "in 2014" is just the year
            lead = re.match(r"(?i:early|late|mid)", g("yctx"))
            out.append(_Cand(s if lead else m.start("k_y"), e, g("k_y"), "year"))
    return out


def _resolve_years(text: str, cands: list[_Cand], issued: str | None) -> list[_Cand]:
    """Give a day-and-month mention the year its context makes certain, or drop it.

    Certain means: the end of a range it opens ("between 9 March and 1 April 2015"), else the
    nearest dated mention before it in the same paragraph, else the document's issue date; the
    year chosen is the one putting the day nearest that anchor (a letter of 5 January answering
    one "of 20 December" means the December before).
    """
    anchors = [c for c in cands if not c.year_from_context and c.precision in ("day", "month") and c.date]
    anchor_pos = [c.start for c in anchors]
    out: list[_Cand] = []
    for i, c in enumerate(cands):
        if not c.year_from_context:
            out.append(c)
            continue
        mo, d = int(c.date[:2]), int(c.date[3:])  # type: ignore[index]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        anchor: str | None = None
        if (nxt and not nxt.year_from_context and nxt.precision == "day" and nxt.date
                and re.fullmatch(r"\s*(?:-|–|—|to|and|until|till)\s*", text[c.end:nxt.start])):
            y = int(nxt.date[:4])
            iso = _ymd(y, mo, d)
            if iso and iso > nxt.date:  # "20 December to 5 January 2016"
                iso = _ymd(y - 1, mo, d)
            if iso:
                out.append(_Cand(c.start, c.end, iso, "day"))
            continue
        k = bisect.bisect_left(anchor_pos, c.start) - 1
        para_start = text.rfind("\n\n", 0, c.start)
        if k >= 0 and anchors[k].start > para_start:
            anchor = anchors[k].date
        elif issued:
            anchor = issued
        if not anchor:
            continue
        ay, am = int(anchor[:4]), int(anchor[5:7])
        ad = int(anchor[8:10]) if len(anchor) == 10 else 15
        a = dt.date(ay, am, ad)
        best: tuple[int, str] | None = None
        for y in (ay - 1, ay, ay + 1):
            iso = _ymd(y, mo, d)
            if iso:
                dist = abs((dt.date.fromisoformat(iso) - a).days)
                best = min(best, (dist, iso)) if best else (dist, iso)
        if best:
            out.append(_Cand(c.start, c.end, best[1], "day"))
    return out


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, (len(text) if le < 0 else le)


def _nonempty_lines_before(text: str, pos: int, n: int) -> list[str]:
    lines = [ln for ln in text[max(0, pos - 1500):pos].split("\n") if ln.strip()]
    return lines[-n:]


def _issue_tier(text: str, c: _Cand, header_end: int) -> float:
    """How strongly the mention reads as the document's own date.

    3 on a "Date:"/"Dated"/"Issued:" line, 2 alone on a line after a signature block or among the
    last lines, 1.2 in the document's own issuing sentence ("This Notice is issued ... on"), 1 in the
    header ("made on ...", a letter's date line), 0.3 on a web page's "Published"/"Last updated"
    line, 0 otherwise; a month-only date ranks just below a full one of the same kind.
    """
    if c.precision not in ("day", "month") or c.year_from_context:
        return 0
    ls, le = _line_bounds(text, c.start, c.end)
    before, after = text[ls:c.start], text[c.end:le]
    alone = not _WORD.search(before) and not _WORD.search(after)
    tier = 0
    if _LABEL.match(before):
        tier = 3
    elif alone:
        prev = _nonempty_lines_before(text, ls, 10)
        if prev and _LABEL.match(prev[-1].strip()) and not re.search(r"\d", prev[-1]):
            tier = 3  # "Date:" with its value on the next line
        elif any(_SIGNATURE.match(ln) for ln in prev):
            tier = 2
        elif any(_SALUTATION.match(ln) for ln in text[le:le + 400].split("\n")[:4]):
            tier = 2  # a letter's date line, just above "Dear ..."
        elif len(text) - le < 400 and sum(1 for ln in text[le:].split("\n") if ln.strip()) <= 4:
            tier = 2  # among the last lines of the document, under its author's name
    published = _PUBLISHED.match(before) if not tier and not _WORD.search(after) else None
    if published:  # below any date the document gives itself, "Published" above "Last updated"
        tier = 0.3 if published.group(1).lower() == "published" else 0.25
    elif not tier and c.precision == "day" and _ISSUING.search(text[max(ls, c.start - 250):c.start]):
        tier = 1.2  # the document's own issuing sentence
    if (not tier and c.start < header_end and le - ls <= 120 and not _WORD.search(_REF_CODE.sub("", after))
            and (alone or (c.precision == "day" and (_HEADER_MADE.search(before) or _DATELINE.match(before))))):
        tier = 1  # "Statement made on 10 May 2018", a cover's date line, "Department for Education, 3 June 2019"
    if tier and c.precision == "month":
        return tier - 0.5 if tier >= 1 else tier - 0.1
    return tier  # publication lines score below 0.5, every date the document gives itself 0.5 or more


def _header_end(text: str, lines: int = 8) -> int:
    """Offset where the document's header zone (its first non-empty lines) ends."""
    pos = 0
    for n, m in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), 1):
        pos = m.end()
        if n >= lines:
            break
    return pos


def _role(text: str, c: _Cand, prev_end: int) -> str:
    lo = max(prev_end, c.start - 120)
    left = text[lo:c.start]
    cut = max(left.rfind(". "), left.rfind(".\n"), left.rfind(";"), left.rfind("\n\n"))
    clause = left[cut + 1:] if cut >= 0 else left
    if _EXPIRY.search(clause):
        return "expiry"
    if _UNTIL.search(clause):
        return "expiry" if _LASTING.search(clause) else "event"
    if _DEADLINE.search(clause):
        return "deadline"
    if _APPOINT.search(clause):
        return "appointment"
    if _EFFECTIVE.search(clause):
        return "effective"
    if re.search(r"(?:^|\b(?:in|on|from))\s*$", clause, re.I) and _APPOINT_AFTER.match(text[c.end:c.end + 100]):
        return "appointment"
    return "event"


def _durations(text: str) -> list[DateFact]:
    out: list[DateFact] = []
    for m in _duration_matches(text):
        kind, g = m.lastgroup, m.group
        if kind == "within":
            role, dur = "within", _iso_duration(g("w_n"), g("w_u"))
        elif kind == "every":
            role, dur = "every", "R/" + _iso_duration(g("e_n"), g("e_u"))
        elif kind == "interval":
            role, dur = "every", "R/" + _iso_duration(g("v_n"), g("v_u"))
        elif kind == "recur":
            word = re.sub(r"^on\s+an?\s+|\s+basis$", "", g("recur").lower())  # "on an annual basis" -> "annual"
            role, dur = "recurring", _RECUR.get(word)
        elif kind == "rel":
            role, dur = "relative", None
        elif kind == "period":  # "for a period of not less than eighteen months": a length, never resolved
            role, dur = "relative", _iso_duration(g("p_n"), g("p_u"))
        else:
            role, dur = "relative", _iso_duration(g("s_n"), g("s_u"))
        out.append(DateFact(text=m.group(), start=m.start(), end=m.end(), date=None, precision="duration",
                            role=role, duration=dur))
    return out


def extract_dates(text: str) -> list[DateFact]:
    """All date, period and duration facts of ``text``, in text order."""
    cands = _candidates(text)
    header_end = _header_end(text)
    # The issue date first (the strongest evidence, then the earliest): unresolved day-month
    # mentions may need its year. Every mention of that same date with issue evidence is issued.
    tiers = [_issue_tier(text, c, header_end) for c in cands]
    best = max(tiers, default=0)
    issued = cands[tiers.index(best)].date if best else None
    issued_at = {c.start for c, t in zip(cands, tiers, strict=True) if t and c.date == issued}
    published_at = {c.start for c, t in zip(cands, tiers, strict=True) if 0 < t < 0.5 and c.start not in issued_at}
    resolved = _resolve_years(text, cands, issued)

    facts: list[DateFact] = []
    prev_end = 0
    for c in resolved:
        role = "issued" if c.start in issued_at else "published" if c.start in published_at else _role(
            text, c, prev_end)
        facts.append(DateFact(text=text[c.start:c.end], start=c.start, end=c.end, date=c.date,
                              precision=c.precision, role=role, is_range=c.is_range))
        prev_end = c.end
    facts += _durations(text)
    facts.sort(key=lambda f: (f.start, f.end))
    return facts


@register("dates", "dates")
def extract(ex: Extraction) -> list[DateFact]:
    return extract_dates(ex.document.text)
