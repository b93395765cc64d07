"""Obligations: the operative numbered items of a direction, notice or terms of reference.

Which outline items are operative is decided in two steps.

1. The document's genre: reports, briefings and written statements have no operative part, so
   a title line naming one of them (before any line naming a direction or notice) rules the
   whole document out.
2. Zones, walking headings, lead-in paragraphs and top-level items in order: recital markers
   ("WHEREAS", "RECITALS", "Background") open a non-operative zone; operative formulas ("NOW
   THEREFORE", "directs as follows", "Terms of reference", "Measures required") and lead-ins
   that require something ("The Council must take the following action:") open an operative
   one; a lead-in without a requirement ("has had regard to the following matters:") a
   non-operative one; a signature closes it; an annex opens one, and so does the first item
   of a new letter ("A1.", "B1.") where no annex heading came before it. Where no marker has spoken,
   each numbered paragraph is judged on its own cues: directive verbs and modals ("hereby
   directs", "shall", "must", an infinitive "To prepare ...") against narrative ones ("has
   concluded", "is satisfied", "considers", first person "I recommend"). A paragraph that
   directs in present tense makes the rest of that part operative.

A heading before any item or paragraph that names the document ("Directions to the Borough of X")
is its title, not the start of its operative part. A number with no text of its own
("2.\u2014(1) ...") is judged by its sub-paragraphs and taken when one of them is.

Sub-items share their parent's decision. Actor, modal and deadline come from the item itself,
else from its parent, else from the lead-in that introduced the list; in a numbered table row
the last cell, when it is a date, is the deadline.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.document import DateFact, Extraction, ObligationFact, Outline, OutlineItem
from pipeline.extract import register

_OP, _NON, _UNKNOWN = "op", "non", "unknown"

_REPORT_TITLE = re.compile(
    r"\b(?:report\s+(?:of|to|by|on)\b|purpose\s+of\s+(?:the\s+)?report|(?:written|oral|ministerial)\s+"
    r"(?:ministerial\s+)?statement|briefing|minutes\s+of|agenda\b|the\s+motion\b|press\s+release|"
    r"explanatory\s+memorandum|(?:first|second|third|final|interim|annual|progress|quarterly)\s+report\b)",
    re.IGNORECASE,
)
_DIRECTION_TITLE = re.compile(
    r"\b(?:directions?|improvement\s+notice|terms\s+of\s+reference|revocation|notice)\b", re.IGNORECASE)

# Present-tense directing in a main clause ("which directs the Council to ..." only reports one).
# The word boundary is factored out of the alternatives so that the engine tests them only at word starts.
_DIRECTIVE = re.compile(
    r"\b(?:hereby\s+(?:directs?|revokes?|requires?|gives?|makes?|appoints?|nominates?)\b"
    r"|it\s+is\s+(?:hereby\s+)?directed\b"
    r"|(?<!\bwhich\s)(?<!\bthat\s)(?<!\bwho\s)directs?\b(?![^.]{0,12}\bby\b)[^.;]{0,200}?"
    r"\b(?:as\s+follows|the\s+following|that)\b"
    r"|(?<!\bwhich\s)(?<!\bthat\s)directs?\s+(?:the\s+)?(?:council|authority|[A-Z][\w'’]+\s+(?:council|authority))\b)",
    re.IGNORECASE,
)
# Every form of _DIRECTIVE contains one of these words: a cheap test that rules most paragraphs out.
# (Here and below, a case-blind pattern searched from every position opens with a lookahead on the first
# letters of its alternatives, so that most positions fail one test instead of each alternative in turn.)
_DIRECTIVE_WORD = re.compile(r"(?=[hd])(?:hereby|direct)", re.IGNORECASE)
_REQUIREMENT = re.compile(
    r"\b(?:must|shall|will|is\s+to|are\s+to|(?:is|are)\s+required|requires?|should|directs?)\b", re.IGNORECASE)
_ANNEX = re.compile(
    r"(?:annex|appendix|schedule|attachment)(?:\s+(?:[A-Z]|\d{1,2}|[IVX]{1,4})\b|\s*[:\-\u2013\u2014]|\s*$)",
    re.IGNORECASE)
_LETTER_LABEL = re.compile(r"[A-Z]\.?\d")  # "A1.", "B.2": an item numbered within its annex
_SIGNATURE = re.compile(r"^(?:signed|dated?\b|sealed|given\s+under)", re.IGNORECASE)
_OP_HEADING = re.compile(
    r"^(?:the\s+)?(?:directions?|operative\s+(?:part|provisions?)|measures(?:\s+required)?|"
    r"(?:required\s+)?actions?(?:\s+required)?|targets|requirements|duties|functions|responsibilities|"
    r"now,?\s+therefore)\b[^.]{0,40}$"
    r"|\b(?=t)(?:terms\s+of\s+reference\b"
    r"|to\s+be\s+(?:exercised|taken|carried\s+out|undertaken|delivered|performed|implemented|discharged)\b)",
    re.IGNORECASE,
)
_TITLE_NAMES_DIRECTION = re.compile(
    r"\W*(?:the\s+)?directions?\s+(?:to|under|made|issued|given|for|in\s+respect\s+of)\b", re.IGNORECASE)
_FORMULA_NON = re.compile(r"\W*(?:whereas|recitals?)\b", re.IGNORECASE)
# Short headings naming what someone is to do ("Role of the Commissioner", "Key tasks").
_DUTY_HEADING = re.compile(
    r"\b(?:role|remit|scope|duties|responsibilities|functions|tasks|objectives|actions|measures|requirements|"
    r"targets|deliverables)\b", re.IGNORECASE)
_NON_HEADING = re.compile(
    r"^(?:whereas|recitals?|background|introduction|summary|context|reasons?\b|interpretation|definitions|"
    r"purposes?\b|findings|recommendations?|next\s+steps|timeline|evidence|financial\s+implications|"
    r"conclusions?|appendices|contact|executive\s+summary|glossary|explanatory|notes?\b|dear\b|letter\b|"
    r"chronology|map\b|list\s+of\b)",
    re.IGNORECASE,
)
_NARRATIVE = re.compile(
    r"\b(?=[hiacw])(?:(?:has|have)\s+(?:had\s+regard|concluded|considered|taken\s+into\s+account|decided|received)\b"
    r"|(?:is|are)\s+satisfied\b|considers?\b|was\s+(?:revoked|given|issued|made|published)\b"
    r"|^(?:I|We)\b|I\s+(?:recommend|have|am|will|would|consider|expect)\b)",
    re.IGNORECASE,
)
# "Part 2 - Directions", "Section 3: Background": the heading is what follows the number
_NUMBERED_HEADING = re.compile(r"^(?:part|section|chapter)\s+(?:\d+|[IVX]+|[A-Z])\b\s*[:.\-\u2013\u2014]?\s*",
                               re.IGNORECASE)
_NOW_THEREFORE = re.compile(r"now,?\s+therefore", re.IGNORECASE)
_NOW_THEREFORE_IN = re.compile(r"\b(?=n)NOW,?\s+THEREFORE\b", re.IGNORECASE)
_BINDING = re.compile(r"\b(?:shall|must|(?:is|are)\s+to\s+\w+)\b")
_TO_VERB = re.compile(r"To\s+[a-z]+\b")
_IMPERATIVE_NEXT = re.compile(
    r"^(?:the|a|an|that|all|any|each|every|its|their|and|with|to|in|on|for|out|up|clear|robust|effective)\b",
    re.IGNORECASE,
)
_NOT_IMPERATIVE = frozenset(
    "the a an this these that those it its there in on at by for from of with under having following "
    "nothing all any each every no some such where when while if although as".split()
)

_MODALS = re.compile(
    r"\b(?=[msiaw])(must|shall|(?:is|are)\s+required\s+to|(?:is|are)\s+to|will|should|may)\b", re.IGNORECASE)
_NP = r"[A-Z][\w'’&-]*(?:\s+(?:(?:of|for|and|&)\s+)?[A-Z][\w'’&-]*){0,8}"  # bounded: no runaway on capitals
_ACTOR_MODAL = r"(?:must|shall|will|should|may|is\s+to|are\s+to|(?:is|are)\s+required|(?:is|are)\s+expected)\b"
_ACTOR_BEFORE_MODAL = re.compile(
    rf"\b((?:[Tt]he\s+)?{_NP}(?:,\s+(?:the\s+)?{_NP}){{0,6}}(?:,?\s+and\s+(?:the\s+)?{_NP})?)"  # "The Leader, and X"
    rf"\s*,?\s+(?:hereby\s+)?{_ACTOR_MODAL}")
_ACTOR_OBJECT = re.compile(rf"\bdirects?\s+(?:that\s+)?((?:[Tt]he\s+)?{_NP})\s+(?:to\b|under\b|as\b|that\b|,)")
_ACTOR_ROLE = re.compile(
    rf"\b((?:[Tt]he\s+)?{_NP})['’]s\s+(?:role|duties|responsibilities|functions|task|remit)\s+(?:is|are|will|shall)\b")
_ACTOR_AGENT = re.compile(rf"\bto\s+be\s+\w+\s+by\s+((?:[Tt]he\s+)?{_NP})")
# The fixed words each actor pattern needs: where they are missing, the pattern is not tried from every position.
_ACTOR_CUES = {_ACTOR_BEFORE_MODAL: re.compile(rf"\s{_ACTOR_MODAL}"), _ACTOR_ROLE: re.compile(r"['’]s\s"),
               _ACTOR_OBJECT: re.compile(r"directs?\s"), _ACTOR_AGENT: re.compile(r"\sby\s")}
_CLAUSE_START = re.compile(r"(?:^|[,;:(]\s*|\b(?:that|and|or|then|which|where|until|unless|if)\s+)$", re.IGNORECASE)
_NOT_ACTOR = re.compile(
    r"\b(?:Directions?|Notice|Act|Plan|Report|Order|Contract|Agreement|Date|Terms|Regulations?|Section|Schedule|"
    r"Annex|Appendix|Part|Paragraph|Functions?|Services?|Strategy|Budget|Framework|Programme|Review)$")
_NOT_ACTOR_START = frozenset(
    "These This Those Nothing Until With From Within Pursuant In On Any Each All No It Where When If As Having "
    "Following Subject Save Except During After Before For To By Under Unless Once".split())

_DEADLINE_CUE = re.compile(
    r"\b(?:by|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|before|due(?:\s+(?:at|by|on|in))?)\s+"
    r"(?:the\s+(?:end|close)\s+of\s+)?$",
    re.IGNORECASE)
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9})
_DATE_AFTER_CUE = re.compile(
    r"\b(?=[bnod])(?:by|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|before|due(?:\s+(?:at|by|on|in))?)\s+"
    r"(?:the\s+(?:end|close)\s+of\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?)?([A-Za-z]{3,9})\.?\s+(\d{4})\b",
    re.IGNORECASE)

_DATE_CELL = re.compile(
    r"(?:by\s+|(?:the\s+)?(?:end|close)\s+of\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})",
    re.IGNORECASE)


@dataclass
class _Context:
    zone: str
    actor: str | None = None
    modal: str | None = None
    soft: bool = False  # a non-operative section that the next neutral heading closes


def _is_report(ex: Extraction, outline: Outline) -> bool:
    """A report, briefing or statement: a title line names one before any line names a direction."""
    head = ex.document.text[:1500]
    lines = [ln.strip(" *#_\t") for ln in head.split("\n") if ln.strip()][:12]
    for ln in lines:
        short = len(ln.split()) <= 20
        # a title line: short, capitalised, unterminated, not a list item
        title = len(ln.split()) <= 8 and ln[:1].isupper() and ln[-1] not in ".;,"
        r = _REPORT_TITLE.match(ln) or (_REPORT_TITLE.search(ln) or re.search(r"\breport\b", ln, re.IGNORECASE)
                                         if title else None)
        d = _DIRECTION_TITLE.search(ln) if short else None
        if r and (not d or r.start() < d.start()):
            return True
        if d:
            return False
    return False


def _zone_of(text: str) -> str | None:
    """What a heading or unlabelled paragraph says about the numbered items after it."""
    t = " ".join(text.replace("**", "").split()).strip(" #_")
    t = _NUMBERED_HEADING.sub("", t) or t
    if not t:
        return None
    if _NOW_THEREFORE.match(t):
        return _OP
    if _SIGNATURE.match(t):
        return "end"
    if _NON_HEADING.match(t):
        return _NON
    if _directs(t) and not _NARRATIVE.search(t):
        return _OP
    if t.endswith((":", "\u2014", ":-")):  # a lead-in: does it require, or only list?
        if _REQUIREMENT.search(t) and not _NARRATIVE.search(t):
            return _OP
        return _NON
    if _OP_HEADING.search(t) and len(t) < 100:
        return _OP
    if len(t.split()) <= 8 and t[-1] not in ".;," and _DUTY_HEADING.search(t):
        return _OP
    return None


def _imperative(text: str) -> bool:
    """Starts like a measure: a bare verb then its object ("Ensure that", "Review the")."""
    words = text.split()
    if len(words) < 3 or not words[0][:1].isupper():
        return False
    w = words[0].lower().strip(",;:")
    if w in _NOT_IMPERATIVE or w.endswith(("ed", "ing", "ly")) or (w.endswith("s") and not w.endswith("ss")):
        return False
    return bool(_IMPERATIVE_NEXT.match(" ".join(words[1:])))


def _directs(text: str) -> bool:
    """Present-tense directing (``_DIRECTIVE``), looked for only where a directing word is."""
    return _DIRECTIVE_WORD.search(text) is not None and _DIRECTIVE.search(text) is not None


def _operative_cues(text: str) -> tuple[bool, bool]:
    """(directs/requires, directs in present tense and does not narrate) for a numbered paragraph
    judged on its own: the first takes it, the second also makes the rest of its part operative."""
    narrates = _NARRATIVE.search(text) is not None
    strong = _directs(text)
    pos = strong or bool(_BINDING.search(text)) or bool(_TO_VERB.match(text)) or _imperative(text) \
        or _modal(text) is not None
    neg = narrates or text.rstrip().endswith("?")
    return pos and (strong or not neg), strong and not narrates


def _modal(text: str) -> str | None:
    """The modal that binds: must/shall/required anywhere; will/should/may only after the actor."""
    found: list[str] = []
    text = _first_sentence(text)
    for m in _MODALS.finditer(text):
        w = " ".join(m.group(1).lower().split())
        if w in ("will", "should", "may"):  # weak modals bind only with the acting subject before them
            subj = [a for a in _every_match(_ACTOR_BEFORE_MODAL, text, max(0, m.start() - 160), m.end())
                    if a.end() == m.end() and _CLAUSE_START.search(text[: a.start()])
                    and _is_actor(re.sub(r"^[Tt]he\s+", "", " ".join(a.group(1).split())))]
            if not subj and not re.search(r"(?:^|[,;]\s*)(?:it|they|he|she)\s+$", text[: m.start()]):
                continue
        found.append(w)
    for pref in ("must", "shall"):
        if pref in found:
            return pref
    for w in found:
        if w.endswith("required to"):
            return "must"
        if w in ("is to", "are to"):
            return "is to"
    return found[0] if found else None


def _every_match(rx: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """Matches starting at every position (finditer skips those inside a rejected longer match)."""
    end = len(text) if endpos is None else endpos
    while pos < end:
        m = rx.search(text, pos, end)
        if m is None:
            return
        yield m
        pos = m.start() + 1


def _is_actor(core: str) -> bool:
    """A named body or office ("Council", "Lead Commissioner"), not a document or a thing."""
    words = core.split()
    return bool(words) and words[0] not in _NOT_ACTOR_START and not _NOT_ACTOR.search(core)


def _first_sentence(text: str) -> str:
    """The item's first sentence (at most 500 characters): a later one has its own subject."""
    return re.split(r"(?<=[.;])\s+(?=[A-Z])", text[:500], maxsplit=1)[0]


def _actor(text: str, lead: bool = False) -> str | None:
    """Who must act: the subject of the modal, the one directed, or (in a title) the agent "by the X"."""
    text = _first_sentence(text)
    for rx in (_ACTOR_BEFORE_MODAL, _ACTOR_ROLE, _ACTOR_OBJECT, *((_ACTOR_AGENT,) if lead else ())):
        if not _ACTOR_CUES[rx].search(text):
            continue
        for m in _every_match(rx, text):
            if rx is _ACTOR_BEFORE_MODAL and not _CLAUSE_START.search(text[: m.start()]):
                continue  # "... at any time the Secretary of State may ask": not the one who must act
            np = " ".join(m.group(1).split())
            np = re.sub(r"^(?:Until|With|From|Within|Pursuant|In|On|Nothing)\b.*?\b(?=[Tt]he\b)", "", np)
            core = re.sub(r"^[Tt]he\s+", "", np)
            if _is_actor(core):
                return "the " + core if np[:3].lower() == "the" else core
    return None


def _deadline(item: OutlineItem, dates: list[DateFact], starts: list[int], text: str) -> str | None:
    """A date after a cue ("by", "no later than"), or the whole last cell of a table row ("3<TAB>...<TAB>June 2025").

    ``dates`` are the document's dates in order of ``starts``, their offsets (bisected for the item's)."""
    lo, hi = item.body_start, max(item.end, item.body_start)
    tab = text.rfind("\t", lo, hi)
    cell = text[tab + 1: hi].strip() if tab >= 0 else ""
    for d in dates[bisect.bisect_left(starts, lo): bisect.bisect_left(starts, hi)]:
        if d.date and (
                d.role == "deadline" or _DEADLINE_CUE.search(text[max(lo, d.start - 40): d.start])
                or (cell and d.start > tab and len(d.text) >= 0.6 * len(cell))):
            return d.date
    m = _DATE_AFTER_CUE.search(text, lo, hi) or (_DATE_CELL.fullmatch(cell) if cell else None)
    if m:
        day, month, year = m.groups()
        mo = _MONTHS.get(month.lower()) or _MONTHS.get(month.lower()[:3])
        if mo:
            return f"{year}-{mo:02d}-{int(day):02d}" if day else f"{year}-{mo:02d}"
    return None


def _heading_item(item: OutlineItem) -> bool:
    """A numbered heading ("3. Directions"): short, unterminated, with numbered paragraphs under it."""
    t = item.text.strip()
    return bool(item.children) and 0 < len(t) <= 60 and t[-1] not in ".;:,\u2014\u2013-" and len(t.split()) <= 8


def _decide(ex: Extraction, outline: Outline) -> list[tuple[OutlineItem, _Context]]:
    """The operative items, each with the context (lead-in actor/modal) it inherits."""
    if _is_report(ex, outline):
        return []
    events: list[tuple[int, str, object]] = [(h.start, "h", h.text) for h in outline.headings]
    events += [(p.start, "p", p.text) for p in outline.paragraphs]
    events += [(it.start, "i", it) for it in outline.items]
    events.sort(key=lambda e: e[0])
    ctx = _Context(_UNKNOWN)
    out: list[tuple[OutlineItem, _Context]] = []

    def take(item: OutlineItem, c: _Context) -> None:
        if item.style != "bullet":  # obligations are the numbered or lettered items
            out.append((item, c))
        for ch in item.children:
            take(ch, c)

    def judge(item: OutlineItem) -> None:
        nonlocal ctx
        if _heading_item(item):
            z = _zone_of(item.text)
            if z is not None:
                ctx = _Context(_NON if z == "end" else z)
            for ch in item.children:
                judge(ch)
            return
        if not item.text.strip() and item.children:  # "2.\u2014(1) ...": the number alone, judged by its parts
            before = len(out)
            for ch in item.children:
                judge(ch)
            if len(out) > before:
                out.insert(before, (item, out[before][1]))
            return
        pos, strong = _operative_cues(item.text)
        if ctx.zone == _OP or (pos and (strong or ctx.zone != _NON)):
            if strong and ctx.zone != _OP:  # a paragraph that directs: what follows in this part is operative
                ctx = _Context(_OP, ctx.actor, ctx.modal)
            take(item, ctx)
        if _NOW_THEREFORE_IN.search(item.text):  # formula run into the last recital
            ctx = _Context(_OP)

    body = False  # an item or paragraph seen: headings before it are the document's title
    annex = ""  # the annex of the last top-level item, or "\0" right after an annex heading
    for _, kind, obj in events:
        if kind == "i":
            body = True
            it: OutlineItem = obj  # type: ignore[assignment]
            if it.annex != annex and annex != "\0" and _LETTER_LABEL.match(it.label) and ctx.zone != _NON:
                ctx = _Context(_OP)  # "A1." with no "Annex A" heading: the letter opens the annex
            annex = it.annex
            judge(it)
            continue
        text = str(obj)
        body = body or kind == "p"
        if not body and _TITLE_NAMES_DIRECTION.match(text):
            continue  # "Directions to the Borough of X": names the document, does not open its operative part
        a = _ANNEX.match(text) if kind == "h" else None
        if a:  # an annex lists functions or actions unless its title says otherwise
            title = text[a.end():].strip(" :.-\u2013\u2014")
            ctx = _Context(_NON) if title and _zone_of(title) == _NON else _Context(_OP, _actor(title, lead=True))
            annex = "\0"
            continue
        z = _zone_of(text)
        if z is None:
            if kind == "h" and ctx.zone == _NON and ctx.soft:  # a new section after "Background": judge its items
                ctx = _Context(_UNKNOWN)
            continue
        if z == "end":
            ctx = _Context(_UNKNOWN)
        elif z == _OP:
            ctx = _Context(_OP, _actor(text, lead=True), _modal(text))
        else:  # recitals stay recitals whatever subheadings they carry; a background section ends at the next
            ctx = _Context(_NON, soft=kind == "h" and not _FORMULA_NON.match(text))
    return out


def operative_items(ex: Extraction, outline: Outline) -> list[OutlineItem]:
    """The outline items taken as obligations (for ``pipeline outline`` to mark them)."""
    return [it for it, _ in _decide(ex, outline)]


@register("obligations", "obligations")
def extract(ex: Extraction) -> list[ObligationFact]:
    outline = ex.outline
    if outline is None:
        from pipeline.structure import parse_outline

        outline = parse_outline(ex.document.text)
    text = ex.document.text
    chosen = _decide(ex, outline)
    ids = {id(it) for it, _ in chosen}
    facts: list[ObligationFact] = []
    resolved: dict[int, tuple[str | None, str | None]] = {}
    dates = sorted(ex.dates, key=lambda f: f.start)
    starts = [d.start for d in dates]
    for item, c in chosen:
        parent = item.parent if item.parent is not None and id(item.parent) in ids else None
        p_actor, p_modal = resolved.get(id(parent), (c.actor, c.modal)) if parent else (c.actor, c.modal)
        actor = _actor(item.text) or p_actor
        modal = _modal(item.text) or p_modal
        resolved[id(item)] = (actor, modal)
        facts.append(ObligationFact(
            text=item.text, start=item.start, end=max(item.end, item.start), obligation_id=item.path,
            parent_id=parent.path if parent else None, level=item.level, label=item.label, actor=actor,
            modal=modal, deadline=_deadline(item, dates, starts, text), section=item.section))
    return facts
