"""Document structure: numbered, lettered and bulleted items as a tree, with headings and annexes.

The parser reads the text line by line. A line opening with a label ("7.", "(b)", "ii.", "1)",
"- a)", "13.1.", "(A)", "•") starts an item; other lines either continue the current block
(wrapped lines, hard breaks, a lower-case line after a blank or a page break), or start a heading
or an unlabelled paragraph. Nesting is decided by label style and sequence continuity, not by
indentation (which PDF conversion often loses): a label that is the successor of an open level
is that level's sibling; a list-start value ("1", "a", "i", "A") opens a sub-level. This is what
tells letter "i." after "h." from roman "i." opening a sub-list under "c.".

Ids (``OutlineItem.path``) are the numbering path joined by dots ("7.b.ii"). A decimal label
carries its own path: "2.2" is keyed "2.2" (its sub-items "2.2.i"), and is the child of a "2."
item only when one is open. Items of an annex are prefixed with it (see ``annex_key``): "Annex B"
gives "B.1.a"; a numbered Schedule, Annex or Appendix gives "S1.1", "A2.1", "App3.1", so its
items never collide with the body's "1.1". An item labelled with its annex letter ("A1.", "A.2", "B1.2")
is keyed by its number under that annex ("A.1", "A.2.a", "B.1.2"), with or without an "Annex A" heading
before it; outside such an annex it needs a neighbour in sequence ("A1" with an "A2"), so a lone
"M62 Corridor" line is not one.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field, replace

from pipeline.document import Heading, Outline, OutlineItem

_ROMAN_RE = re.compile(r"x{0,3}(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}

# Markdown emphasis/heading marks a converter may leave in front of a label ("**1. Introduction**").
_MARKUP = re.compile(r"(?:#{1,6}\s+)?(?:\*\*|__)?")
_BULLET = re.compile(r"([-\u2022\u2013\u2014*\u00b7\u25aa\u25e6\u25cf\u27a2\u25ba])\s+")
_LABEL = re.compile(
    r"""(?:
        \((?P<paren>\d{1,3}|[A-Za-z]{1,6})\)
      | (?P<dec>\d{1,3}(?:\.\d{1,3})+)\.?
      | (?P<close>\d{1,3}|[A-Za-z]{1,6})\)
      | (?P<dot>\d{1,3}|[A-Za-z]{1,6})\.
      | (?P<cell>\d{1,3})(?=\t[ \t]*[A-Za-z(])   # a numbered table row: "3<TAB>Reduce caseloads<TAB>..."
    )(?=\s|$|\*\*|__)""",
    re.VERBOSE,
)
# A numbered item named by a word ("Direction 1:", "Action 2 -", "PARAGRAPH 3."), the word capitalised
# (a lower-case "paragraph 3." is a wrapped cross-reference) and the number followed by a separator or
# the end of the line (the text then on the next): "Direction 1 of the 2019 Directions" is prose.
_WORD_LABEL = re.compile(
    r"(?P<word>(?:D(?i:irection)|A(?i:ction)|P(?i:aragraph)|A(?i:rticle)|C(?i:lause)|M(?i:easure)|"
    r"R(?i:equirement)|T(?i:arget)|O(?i:bjective)|S(?i:tep)|I(?i:tem)|P(?i:riority)|T(?i:ask)|C(?i:ondition)))"
    r"\s+(?P<num>\d{1,3}(?:\.\d{1,3})*)(?:\s*[:.)\-\u2013\u2014](?=\s|$)|(?=\s*$))"
)
# An annex item labelled with its annex letter ("A1.", "A.2", "B12."; "A1.2" under "A1."). The bare form
# ("A1 The Council ...") needs a capital after it, so "A1 road" is not one; "B2B" has no space.
ANNEX_LABEL = re.compile(
    r"(?P<letter>[A-Z])(?P<sep>\.?)(?P<num>\d{1,3}(?:\.\d{1,3})*)(?:(?P<dot>\.)(?=[ \t\u00a0]+\S)|(?=[ \t\u00a0]+\S))")
_ANNEX = re.compile(
    r"(?P<word>annex|appendix|schedule|attachment)(?:\s+(?P<id>[A-Z]|\d{1,2}|[IVX]{1,4})\b)?"
    r"\s*(?:[:.\-\u2013\u2014]\s*)?(?P<title>.*)",
    re.IGNORECASE,
)
_FORMULA = re.compile(r"(?:whereas|now,?\s+therefore|recitals)\b", re.IGNORECASE)
# Lines that always open a block of their own, even with no blank line before them.
_BLOCK_START = re.compile(r"(?:signed\b|dated\b|date:|yours\s|dear\s)", re.IGNORECASE)
_FUNCTION_WORDS = frozenset(
    "the of and or to by a an in for with on at from that which its their his her as be is are under into "
    "any such this these those not".split()
)


def roman_value(s: str) -> int | None:
    """Value of a lower-case roman numeral up to xxxix, else None."""
    s = s.lower()
    if not s or not _ROMAN_RE.fullmatch(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if _ROMAN_VALUES.get(b, 0) > v else v
    return total


_ANNEX_PREFIX = {"schedule": "S", "annex": "A", "appendix": "App", "attachment": "Att"}


def annex_key(word: str, ident: str | None) -> str:
    """The id prefix of an annex's items: its letter ("Annex B" -> "B", as the gold format has it);
    a number, which would collide with the body's own numbering, gets the word's initial
    ("Annex 2" -> "A2", "Appendix 3" -> "App3"); a Schedule is always "S" ("Schedule 1" -> "S1");
    an annex without an identifier is keyed by its word ("Annex")."""
    w = word.lower()
    if not ident:
        return word.title()
    ident = ident.upper()
    if w == "schedule" or ident.isdigit():
        return _ANNEX_PREFIX.get(w, w[:1].upper()) + ident
    return ident


@functools.lru_cache(maxsize=1024)
def _candidates(value: str) -> tuple[tuple[str, int], ...]:
    """The (style, ordinal) readings of a label's value: "i" is both letter 9 and roman 1.

    Cached: a document asks for the same few values ("1", "a", "ii") on every label."""
    if value.isdigit():
        return (("arabic", int(value)),)
    out: list[tuple[str, int]] = []
    upper = value.isupper()
    if len(value) == 1:
        out.append(("ualpha" if upper else "alpha", ord(value.lower()) - 96))
    r = roman_value(value)
    if r is not None and (len(value) > 1 or value.lower() in "ivx"):
        out.append(("uroman" if upper else "roman", r))
    return tuple(out)


def _terminated(s: str) -> bool:
    t = s.rstrip(" *_\"'\u201d\u2019)]")
    return bool(t) and t[-1] in ".;:!?"


def _open_ended(s: str) -> bool:
    """The line stops mid-sentence: a comma or a function word, so what follows continues it."""
    t = s.rstrip(" *_")
    if not t:
        return False
    if t[-1] in ",(-\u2013":
        return True
    words = t.split()
    return bool(words) and words[-1].lower() in _FUNCTION_WORDS


def _heading_like(s: str) -> bool:
    """A short, unterminated line that starts with a capital: a heading rather than prose."""
    t = s.strip(" *#_")
    if not t or len(t) > 90 or t[0].islower():
        return False
    words = t.split()
    if t[-1] in ".;,":
        return False
    if t[-1] == ":" and len(words) > 2:
        return False
    return len(words) <= 12


def _running_header(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Title lines of the first page repeated later: text -> (index of the first line, count).

    Ingestion drops a header printed on the "Page N of M" line; one on lines of its own is left
    in converted text, and read as a heading it would split an item or open a zone.
    """
    seen: list[tuple[str, int]] = []
    for i, ln in enumerate(lines):
        t = " ".join(ln.split())
        if t:
            seen.append((t, i))
        if len(seen) == 6:
            break
    candidates = {t for t, _ in seen if len(t.split()) >= 3 and _heading_like(t) and not _ANNEX.fullmatch(t)}
    if not candidates:
        return {}
    # Only lines starting with a candidate's first word can repeat it: fold just those.
    firsts = tuple({t.split(None, 1)[0] for t in candidates})
    counts = dict.fromkeys(candidates, 0)
    for ln in lines:
        if ln.lstrip().startswith(firsts):
            t = " ".join(ln.split())
            if t in counts:
                counts[t] += 1
    return {t: (i, counts[t]) for t, i in reversed(seen) if t in candidates and counts[t] > 1}


@dataclass
class _Level:
    style: str
    fmt: str
    last: int
    item: OutlineItem


@dataclass
class _Block:
    kind: str  # "item", "para", "heading", "tail"
    start: int
    end: int
    indent: int = 0
    lines: list[str] = field(default_factory=list)
    item: OutlineItem | None = None
    row: bool = False  # a table row: one line, nothing continues it


@dataclass
class _Label:
    label: str  # as written, without any bullet in front
    fmt: str  # "paren", "close", "dot", "dec", "bullet"
    value: str
    start: int  # offset of the label in the text
    body: int  # offset of the text after the label
    indent: int
    chain: bool = False  # another label follows on the line ("1.\u2014(1) ..."): the item's first child
    letter: str = ""  # the annex letter of an "A1." label (its value is then the number, "1" or "1.2")


def _label_pos(line: str) -> tuple[int, re.Match[str] | None]:
    """Where a label would start: after indentation, markdown marks and a bullet (returned too)."""
    pos = len(line) - len(line.lstrip(" \t"))
    m = _MARKUP.match(line, pos)
    if m:
        pos = m.end()
    b = _BULLET.match(line, pos)
    return (b.end(), b) if b else (pos, None)


# What every annex label holds ("A1", "B.2"): lines without it need no closer look.
_ANNEX_HINT = re.compile(r"[A-Z]\.?\d")


def _annex_label(line: str, pos: int) -> re.Match[str] | None:
    """An "A1." label at ``pos``; the bare "A1" only before a capital or a bracket ("A1 road" is prose)."""
    m = ANNEX_LABEL.match(line, pos)
    if m is None:
        return None
    if not m.group("sep") and not m.group("dot") and not re.match(r"[ \t\u00a0]+[A-Z(\"\u201c]", line[m.end():]):
        return None
    return m


# Legislation style: a paragraph number run into its first sub-paragraph ("2.\u2014(1) The Council shall").
_CHAINED = re.compile(r"(?P<num>\d{1,3})\.\s*[-\u2013\u2014]\s*(?=\(\d{1,3}\)\s)")


def _match_label(line: str, offset: int) -> _Label | None:
    stripped = line.lstrip(" \t")
    indent = len(line[: len(line) - len(stripped)].expandtabs(4))
    pos, b = _label_pos(line)
    am = _annex_label(line, pos)
    if am:
        body = am.end()
        while body < len(line) and line[body] in " \t\u00a0":
            body += 1
        return _Label(am.group(0), "annex", am.group("num"), offset + am.start(), offset + body, indent,
                      letter=am.group("letter"))
    cm = _CHAINED.match(line, pos)
    if cm:
        num = cm.group("num")
        return _Label(num + ".", "dot", num, offset + cm.start(), offset + cm.end(), indent, chain=True)
    wm = _WORD_LABEL.match(line, pos)
    if wm:
        num = wm.group("num")
        body = wm.end()
        while body < len(line) and line[body] in " \t\u00a0":
            body += 1
        fmt = "dec" if "." in num else "word" + wm.group("word").lower()
        return _Label(" ".join(wm.group(0).split()), fmt, num, offset + wm.start(), offset + body, indent)
    lm = _LABEL.match(line, pos)
    if lm:
        fmt = lm.lastgroup  # the one named group of the alternative that matched
        assert fmt is not None
        value = lm.group(fmt)
        if fmt != "dec" and not _candidates(value):
            lm = None
        else:
            body = lm.end()
            if line.startswith(("**", "__"), body):  # "**1.** Introduction"
                body += 2
            while body < len(line) and line[body] in " \t\u00a0":
                body += 1
            return _Label(lm.group(0), fmt, value, offset + lm.start(), offset + body, indent)
    if b and line[pos:].strip():
        return _Label(b.group(1), "bullet", b.group(1), offset + b.start(), offset + pos, indent)
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.outline = Outline()
        self.stack: list[_Level] = []
        self.barrier = False
        self.block: _Block | None = None
        self.heading = ""
        self.annex = ""
        self.decimals: dict[int, tuple[int, ...]] = {}
        # "A1."-style labels in the text, to tell a numbered annex list from a lone "M62 Corridor" line
        self.annexed: dict[int, tuple[str, tuple[int, ...]]] = {}
        self.annex_labels: set[tuple[str, tuple[int, ...]]] = set()
        for ln in filter(_ANNEX_HINT.search, self.lines):
            am = _annex_label(ln, _label_pos(ln)[0])
            if am:
                self.annex_labels.add((am.group("letter"), tuple(int(x) for x in am.group("num").split("."))))
        # Text converted from PDF is wrapped at a fixed width with no blank line between paragraphs:
        # there a terminated line well short of that width ends its paragraph.
        lengths = sorted(n for n in map(len, map(str.strip, self.lines)) if n)
        p90 = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 20 else 0
        self.wrap_width = p90 if 40 <= p90 <= 130 else 0
        # Text with a whole paragraph per line: a line ending a sentence ends its paragraph.
        self.unwrapped = p90 > 130

    # --- placing a label in the tree ------------------------------------------------------
    def _place(self, lab: _Label, para_start: bool) -> OutlineItem | None:
        if lab.fmt == "dec":
            return self._place_decimal(lab, para_start)
        if lab.fmt == "bullet":
            return self._place_bullet(lab, para_start)
        if lab.fmt == "annex":
            return self._place_annexed(lab, para_start)
        cands = _candidates(lab.value)
        fmt = lab.fmt
        # 1) the successor of an open level: its sibling (deepest level first)
        for depth in range(len(self.stack) - 1, -1, -1):
            lv = self.stack[depth]
            for style, val in cands:
                if lv.style == style and lv.fmt == fmt and val == lv.last + 1:
                    return self._add(lab, style, val, depth)
        if not para_start:
            return None
        # after a heading or prose a label that continues nothing starts a fresh top-level list
        open_levels = [] if self.barrier else self.stack
        # 2) a list-start value opens a sub-level (roman "i" rather than letter "i")
        starts = [c for c in cands if c[1] == 1]
        if starts:
            style, val = next((c for c in starts if c[0] in ("roman", "uroman")), starts[0])
            same = next((d for d, lv in enumerate(open_levels) if lv.style == style and lv.fmt == fmt), None)
            if same is not None:  # the same style restarting: a new list at that level
                return self._add(lab, style, val, same)
            return self._add(lab, style, val, len(open_levels))
        # 3) a skipped number in a known list, else a list that starts mid-way
        for depth in range(len(open_levels) - 1, -1, -1):
            lv = open_levels[depth]
            for style, val in cands:
                if lv.style == style and lv.fmt == fmt and val > lv.last:
                    return self._add(lab, style, val, depth)
        style, val = next((c for c in cands if c[0] not in ("roman", "uroman")), cands[0])
        if style in ("alpha", "ualpha") and val > 8 and not open_levels:
            return None  # a stray capital ("P. Smith"), not a list
        return self._add(lab, style, val, 0)  # sub-lists start at 1/a/i: this one resumes the top level

    def _place_bullet(self, lab: _Label, para_start: bool) -> OutlineItem | None:
        """Bullets carry no sequence: same marker continues its list unless prose came between."""
        fmt = "bullet" + lab.value
        if self.barrier:
            return self._add(lab, "bullet", 1, 0)
        for depth in range(len(self.stack) - 1, -1, -1):
            lv = self.stack[depth]
            if lv.fmt == fmt:
                return self._add(lab, "bullet", lv.last + 1, depth)
        if not para_start:
            return None
        return self._add(lab, "bullet", 1, len(self.stack))

    def _place_decimal(self, lab: _Label, para_start: bool) -> OutlineItem | None:
        """A decimal label carries its own path: "2.2" is the child of an open "2." item, else a
        top-level item keyed by the whole label (never renumbered from its siblings)."""
        segs = tuple(int(x) for x in lab.value.split("."))
        for depth in range(len(self.stack) - 1, -1, -1):
            lv = self.stack[depth]
            own = self.decimals.get(id(lv.item), (int(lv.item.key),) if lv.style == "arabic" else None)
            if own == segs[:-1]:  # "2." then "2.1", or "2.1" then "2.1.1"
                return self._add_decimal(lab, segs, depth + 1, str(segs[-1]))
            if own is not None and lv.style == "decimal" and own[:-1] == segs[:-1] and own != segs:
                # a sibling: keyed like it (the last segment under a parent, else the whole label)
                return self._add_decimal(lab, segs, depth, lab.value if "." in lv.item.key else str(segs[-1]))
        if not para_start or segs[-1] != 1:
            return None
        self.stack.clear()
        return self._add_decimal(lab, segs, 0, lab.value)

    def _place_annexed(self, lab: _Label, para_start: bool) -> OutlineItem | None:
        """"A1.", "A2.": items of annex A keyed "1", "2" (ids "A.1", "A.2.a"), whether or not an "Annex A"
        heading came first. Taken only inside that annex or as part of a sequence ("A1" with an "A2")."""
        segs = tuple(int(x) for x in lab.value.split("."))
        nearby = {(lab.letter, (*segs[:-1], segs[-1] + d)) for d in (-1, 1)}
        if len(segs) > 1:
            nearby.add((lab.letter, segs[:-1]))
        if self.annex != lab.letter and not nearby & self.annex_labels:
            return None
        for depth in range(len(self.stack) - 1, -1, -1):
            lv = self.stack[depth]
            own = self.annexed.get(id(lv.item))
            if own is None or own[0] != lab.letter:
                continue
            if own[1] == segs[:-1]:  # "A1." then "A1.1"
                return self._add_annexed(lab, segs, depth + 1)
            if own[1][:-1] == segs[:-1] and own[1][-1] < segs[-1]:  # "A1." then "A2."
                return self._add_annexed(lab, segs, depth)
        if not para_start:
            return None
        self.stack.clear()
        return self._add_annexed(lab, segs, 0)

    def _add_annexed(self, lab: _Label, segs: tuple[int, ...], depth: int) -> OutlineItem:
        self.annex = lab.letter
        own = ".".join(map(str, segs[-1:] if depth else segs))
        item = self._add(lab, "arabic", segs[-1], depth, key=own)
        self.annexed[id(item)] = (lab.letter, segs)
        return item

    def _add_decimal(self, lab: _Label, segs: tuple[int, ...], depth: int, key: str) -> OutlineItem:
        item = self._add(lab, "decimal", segs[-1], depth, key=key)
        self.decimals[id(item)] = segs
        return item

    def _add(self, lab: _Label, style: str, val: int, depth: int, key: str | None = None) -> OutlineItem:
        del self.stack[depth:]
        parent = self.stack[-1].item if self.stack else None
        if key is None:
            key = str(val) if style in ("arabic", "bullet") else lab.value
        item = OutlineItem(label=lab.label, key=key, style=style, level=depth + 1, start=lab.start,
                           body_start=lab.body, end=lab.body, text="", section=self.heading, annex=self.annex,
                           indent=lab.indent, parent=parent)
        if parent is not None:
            parent.children.append(item)
        else:
            self.outline.items.append(item)
        fmt = "bullet" + lab.value if style == "bullet" else lab.fmt
        self.stack.append(_Level(style, fmt, val, item))
        self.barrier = False
        return item

    # --- blocks -----------------------------------------------------------------------------
    def _close(self) -> None:
        b = self.block
        self.block = None
        if b is None:
            return
        text = " ".join(" ".join(b.lines).split())
        text = text.replace("**", "").replace("__", " ").strip()  # markdown emphasis left by converters
        if b.kind == "item" and b.item is not None:
            b.item.text = text
            b.item.end = max(b.end, b.item.body_start)
        elif b.kind == "para" and text:
            self.outline.paragraphs.append(Heading(text, b.start, b.end))

    def _start_heading(self, s: str, start: int, end: int) -> None:
        self._close()
        t = " ".join(s.strip(" *#_").split())
        m = _ANNEX.fullmatch(t)
        bare_titled = m is not None and t[len(m.group("word")):].lstrip()[:1] in (":", "-", "\u2013", "\u2014")
        if m and not t.endswith(".") and (m.group("id") or not m.group("title") or bare_titled):
            # "Annex B", "ANNEX 2 - Actions"; an unnumbered "Annex: Terms of reference" is keyed by its word
            self.annex = annex_key(m.group("word"), m.group("id"))
            self.stack.clear()
        t = t.replace("**", "").strip()
        self.heading = t
        self.outline.headings.append(Heading(t, start, end))
        self.block = _Block("heading", start, end, lines=[s])
        self.barrier = True

    def parse(self) -> Outline:
        offset = 0
        blank_before = True
        prev = ""  # the last non-blank line (stripped)
        lines = self.lines
        header = _running_header(lines)
        for n, line in enumerate(lines):
            start, end = offset, offset + len(line)
            offset = end + 1
            s = line.strip()
            if not s:
                blank_before = True
                continue
            first, count = header.get(" ".join(s.split()), (n, 0)) if header else (n, 0)
            if n > first:
                nxt = next((x.strip() for x in itertools.islice(lines, n + 1, None)
                            if x.strip() and " ".join(x.split()) not in header), "")
                if count >= 3 or (prev and not _terminated(prev)) or nxt[:1].islower():
                    continue  # the title repeated at the top of a page: not part of what it interrupts
            s_start = start + len(line) - len(line.lstrip())
            s_end = start + len(line.rstrip())
            para_start = blank_before or not prev or _terminated(prev) or prev.endswith("\u2014") or (
                self.block is not None and self.block.kind == "heading")
            lab = _match_label(line, start)
            item = None
            if lab is not None:
                item = self._place(lab, para_start)
            if item is not None and lab is not None and lab.chain:
                self._close()
                self.block = _Block("item", s_start, s_end, lab.indent, [], item)
                item.end = lab.body
                sub = _match_label(line[lab.body - start:], lab.body)
                sub_item = self._place(replace(sub, indent=lab.indent + 1), True) if sub else None
                if sub is not None and sub_item is not None:
                    item, lab = sub_item, replace(sub, indent=lab.indent + 1)
            if item is not None:
                self._close()
                rest = line[lab.body - start:] if lab else ""
                self.block = _Block("item", s_start, s_end, lab.indent if lab else 0,
                                    [rest] if rest.strip() else [], item, row=lab.fmt == "cell")
                item.end = s_end if rest.strip() else lab.body
            else:
                self._text_line(line, s, s_start, s_end, blank_before, prev)
            prev = s
            blank_before = False
        self._close()
        return self.outline

    def _text_line(self, line: str, s: str, start: int, end: int, blank_before: bool, prev: str) -> None:
        b = self.block
        indent = len(line[: len(line) - len(line.lstrip())].expandtabs(4))
        if _FORMULA.match(s.strip(" *#_")) or (_ANNEX.fullmatch(s.strip(" *#_")) and _heading_like(s)):
            self._start_heading(s, start, end)
            return
        if b is not None and b.kind != "heading" and not b.row:
            own_empty = b.kind == "item" and not b.lines
            heading_item = b.kind == "item" and b.item is not None and len(b.lines) == 1 and _heading_like(b.lines[0])
            if own_empty:
                cont = True
            elif not blank_before:
                para_end = _terminated(prev) and s[0].isupper() and (
                    self.unwrapped or (self.wrap_width and len(prev) < 0.75 * self.wrap_width))
                cont = not (_heading_like(s) and _terminated(prev)) and not _BLOCK_START.match(s) and not para_end
            else:
                cont = (s[0].islower() or _open_ended(prev)
                        or (not _terminated(prev) and not _heading_like(s) and not heading_item))
            if cont:
                if blank_before and b.kind == "item" and b.item is not None and indent < b.item.indent \
                        and not own_empty:
                    # text after sub-items, back at the parent's margin: the parent's, not this item's
                    self._close()
                    self.block = _Block("tail", start, end, indent)
                    return
                b.lines.append(s)
                b.end = end
                return
        if _heading_like(s):
            self._start_heading(s, start, end)
            return
        # prose right under an item (no blank line) may be its second paragraph: the list goes on after it
        after_item = not blank_before and b is not None and b.kind in ("item", "tail")
        self._close()
        self.block = _Block("para", start, end, indent, [s])
        self.barrier = self.barrier or not after_item


def parse_outline(text: str) -> Outline:
    """The document's outline: items (nested), headings and unlabelled paragraphs, with offsets."""
    return _Parser(text).parse()


def format_outline(outline: Outline, text: str, mark_obligations: bool = True) -> str:
    """An indented tree of headings (==), paragraphs (¶) and items (id, label, first ~70 characters),
    items taken as obligations marked "*", for checking by eye why an item was or was not taken."""
    taken: set[int] = set()
    if mark_obligations:
        from pipeline.document import Document, Extraction
        from pipeline.extract.obligations import operative_items

        ex = Extraction(document=Document("outline", "", "", "text", text), outline=outline)
        taken = {id(it) for it in operative_items(ex, outline)}
    rows: list[tuple[int, str]] = [(h.start, f"  == {h.text[:90]}") for h in outline.headings]
    rows += [(p.start, f"     \u00b6 {p.text[:80]}") for p in outline.paragraphs]
    for it in outline.walk():
        snippet = it.text if len(it.text) <= 70 else it.text[:67] + "..."
        mark = "*" if id(it) in taken else " "
        rows.append((it.start, f"{mark} {'  ' * it.level}{it.label:<6} [{it.path}] {snippet}"))
    rows.sort(key=lambda r: r[0])
    legend = "(== heading, \u00b6 paragraph, * item taken as an obligation)"
    return "\n".join([legend, *(r for _, r in rows)])
