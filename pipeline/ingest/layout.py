"""Page-level clean-up shared by the readers: page artefacts become page boundaries.

Converted documents keep the furniture of their printed pages: "Page 2 of 4", "- 2 -", a bare
page number, a running header repeating the title. Those lines are dropped from the text (they
would otherwise split a paragraph or be read as a numbered item) and mark where a page ends.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from pipeline.document import Page

# A whole line that is only page furniture; a running header may precede "Page N of M".
PAGE_ARTEFACT = re.compile(
    r"""^[ \t]*(?:
        (?:.{0,200}?\s)?page\s+\d{1,4}\s+of\s+\d{1,4}      # "... Page 3 of 5"
      | [-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]         # "- 2 -"
      | \d{1,4}                                            # a bare page number
      | page\s+\d{1,4}
    )[ \t]*$""",
    re.IGNORECASE | re.VERBOSE,
)


def _is_artefact(lines: list[str], i: int) -> bool:
    line = lines[i]
    if not PAGE_ARTEFACT.match(line):
        return False
    if re.fullmatch(r"[ \t]*\d{1,4}[ \t]*", line):
        # A bare number is page furniture only when set apart by blank lines (or far right).
        before = lines[i - 1].strip() if i > 0 else ""
        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
        return (not before and not after) or len(line) - len(line.lstrip()) > 20
    return True


def split_pages(text: str) -> tuple[str, list[Page]]:
    """Drop page-artefact lines and form feeds, returning the text and its pages."""
    lines = text.split("\n")
    out: list[str] = []
    pages: list[Page] = []
    page_start = 0
    pos = 0  # length of the output text so far
    has_text = False  # whether the page being built has any text yet

    def close_page() -> None:
        # A page with nothing on it yet is not closed: a "Page 1 of 3" header at the very top
        # would otherwise open an empty page 1 and number every later page one too high.
        nonlocal page_start, has_text
        if has_text:
            pages.append(Page(len(pages) + 1, page_start, pos))
            page_start = pos
            has_text = False

    for i, line in enumerate(lines):
        parts = line.split("\f")
        for j, part in enumerate(parts):
            if j > 0:
                close_page()
            if j == 0 and len(parts) == 1 and _is_artefact(lines, i):
                close_page()
                part = ""
            out.append(part)
            pos += len(part) + 1
            has_text = has_text or bool(part.strip())
    text_out = "\n".join(out)
    pos = len(text_out)
    if pos > page_start or not pages:
        pages.append(Page(len(pages) + 1, page_start, pos))
    else:
        last = pages[-1]
        pages[-1] = Page(last.number, last.start, pos)
    return text_out, pages


# --- geometric layout: PDF lines (text layer or OCR) back into the text of a document ---------

# A line that opens an item of its own: "7.", "7.1", "(a)", "a)", "ii.", "1)", bullets, dashes.
ITEM_START = re.compile(
    r"""^(?:
        \(?(?:\d{1,3}(?:\.\d{1,3})*|[a-zA-Z]|[ivxlcIVXLC]{1,6})[.)](?=\s|$)   # 7. 7.1. a) (b) ii.
      | \((?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6})\)                          # (a) (iv) (12)
      | \d{1,3}(?:\.\d{1,3})+(?=\s)                                         # 7.1 text
      | [\u2022\u25cf\u25aa\u25e6\u2023\u2043\u2219\u00b7\uf0b7\uf0a7*-](?=\s)  # bullets, "- " (not en dashes)
    )""",
    re.VERBOSE,
)

# A line ending like this is continued by the next even when that starts like a label:
# "... under paragraph\n(a) above", "... in section\n7.2 of the report".
_REF_END = re.compile(
    r"\b(?:paragraphs?|sub-?paragraphs?|sections?|sub-?sections?|articles?|regulations?|clauses?|"
    r"schedules?|parts?|annex|appendix|items?|of|in|under|to|at|by|with|from|see)$",
    re.IGNORECASE,
)

# First halves of hyphenated compounds that keep their hyphen when split across lines
# ("multi-\nagency" -> "multi-agency"); other hyphens at a line end are taken as word division.
COMPOUND_PREFIXES = frozenset("""
self non multi cross co ex well long short full part high low under over inter intra anti pre post
semi sub cost year month week day time mid one two three four five six child children young
first second third top follow cut check sign set walk mock
""".split())

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u2002": " ", "\u2003": " ",
                            "\u2009": " ", "\u200b": "", "\x02": "-"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


@dataclass
class Line:
    """One printed line, in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first_w: float = 0.0  # width of the line's first word: would it have fitted on the line above?


@dataclass
class PageLines:
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    source: str = "text"
    ocr_confidence: float | None = None


def clean_line(s: str) -> str:
    """Ligatures and exotic spaces to plain text; pdfium's end-of-line hyphen mark (\\x02) to '-'."""
    return " ".join(s.translate(_LIGATURES).split())


def merge_same_baseline(lines: list[Line]) -> list[Line]:
    """Pieces of one printed line (tab stops, a bold run) that a reader returned separately."""
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and ln.x0 >= prev.x1 - 1:
            overlap = min(prev.bottom, ln.bottom) - max(prev.top, ln.top)
            if overlap > 0.6 * min(prev.bottom - prev.top, ln.bottom - ln.top):
                touching = ln.x0 - prev.x1 < 0.1 * (prev.bottom - prev.top)  # "17" + superscript "th"
                big = ln if ln.bottom - ln.top > prev.bottom - prev.top else prev  # the main run's box
                out[-1] = Line(prev.text + ("" if touching else " ") + ln.text, prev.x0, ln.x1, big.top, big.bottom,
                               prev.first_w)
                continue
        out.append(ln)
    return out


_PAGE_OF = re.compile(r"^\s*page\s+\d{1,4}\s+of\s+\d{1,4}\s*$", re.IGNORECASE)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def drop_furniture(pages: list[PageLines], band: float = 0.12, depth: int = 2) -> list[list[Line]]:
    """Body lines of each page, without running headers/footers and page-number lines.

    Furniture is looked for only among the ``depth`` top-most and bottom-most lines that lie in
    the outer ``band`` of the page height: a line there is dropped when it matches a page-number
    pattern, or when (digits masked) it repeats in that band on at least half the pages.
    """
    bands: list[list[int]] = []
    counts: dict[str, int] = {}
    for p in pages:
        order = sorted(range(len(p.lines)), key=lambda i: p.lines[i].top)
        cand = [i for i in order[:depth] if p.lines[i].bottom <= p.height * band]
        cand += [i for i in order[-depth:] if p.lines[i].top >= p.height * (1 - band) and i not in cand]
        bands.append(cand)
        for key in {_furniture_key(p.lines[i].text) for i in cand}:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    out: list[list[Line]] = []
    for p, cand in zip(pages, bands, strict=True):
        drop = {i for i in cand if PAGE_ARTEFACT.match(p.lines[i].text)
                or (len(pages) >= 2 and counts[_furniture_key(p.lines[i].text)] >= need)}
        drop |= {i for i, ln in enumerate(p.lines) if _PAGE_OF.match(ln.text)}  # "Page 2 of 5" anywhere
        out.append([ln for i, ln in enumerate(p.lines) if i not in drop])
    return out


def _median(xs: list[float], default: float) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else default


def _levels(starts: list[float], tol: float) -> list[float]:
    """Left edges shared by at least two paragraph starts (within ``tol``), left to right.

    These are the indentation levels; a one-off edge (a centred line, an OCR speck) is not one.
    """
    clusters: list[list[float]] = []
    for x in sorted(starts):
        if clusters and x - clusters[-1][-1] <= tol:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [c[0] for c in clusters if len(c) >= 2] or [min(starts, default=0.0)]


def _dehyphenate(left: str, right: str, vocab: set[str]) -> str:
    """Join a line ending in a hyphen with the next; return the joined text.

    Heuristic: the hyphen is kept when the next line starts with a capital or digit ("non-\\nEnglish",
    "pre-\\n2015"), when the document writes the hyphenated form elsewhere, or when the first half is a
    common compound prefix ("multi-\\nagency") and the document never writes the closed form; else the
    hyphen was word division ("improve-\\nment" -> "improvement"). A soft hyphen is always dropped; a
    dash after a space is punctuation and keeps its space; "2015-\\n17" stays "2015-17".
    """
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if len(left) < 2 or left[-2].isspace():  # a dash standing alone ("the Council -"): not a hyphen
        return f"{left} {right}"
    head = _WORD.findall(left[-40:])
    tail = _WORD.match(right)
    if not head or not tail or not left[-2:-1].isalpha() or not right[:1].islower():
        return left + right
    a, b = head[-1].lower(), tail.group().lower()
    if f"{a}-{b}" in vocab:
        return left + right
    if a + b in vocab:
        return left[:-1] + right
    if a in COMPOUND_PREFIXES:
        return left + right
    return left[:-1] + right


def assemble(pages: list[PageLines]) -> tuple[str, list[Page]]:
    """The document text from positioned lines: furniture dropped, wrapped lines joined.

    A line continues the one above (joined with a space, or across a hyphen) when the above was
    full, i.e. the first word of this line would not have fitted on it, when it does not open an
    item ("7.", "(a)", a bullet), does not sit closer to the margin than a continuation line above
    it, is set in the same font size (a footnote or heading is a block of its own), and follows at
    normal line spacing. A larger gap becomes a blank line. Lines that start a
    paragraph keep their indentation as one leading space per indentation level.
    """
    bodies = drop_furniture(pages)
    all_lines = [ln for b in bodies for ln in b]
    if not all_lines:
        return "", [Page(i + 1, 0, 0, p.source, p.ocr_confidence) for i, p in enumerate(pages)]
    sizes = [ln.bottom - ln.top for ln in all_lines if ln.bottom > ln.top]
    size = _median(sizes, 10.0)
    pitches = [b.bottom - a.bottom for body in bodies for a, b in itertools.pairwise(body)
               if 0.5 * size < b.bottom - a.bottom < 3 * size]
    pitch = _median(pitches, 1.2 * size)
    right = max(ln.x1 for ln in all_lines)
    left = min(ln.x0 for ln in all_lines)
    space = 0.25 * size
    vocab = {w.lower() for ln in all_lines for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", ln.text)}

    # First pass: decide for every line whether it continues the previous one.
    flat: list[tuple[int, Line, str]] = []  # (page index, line, separator before it)
    prev: Line | None = None
    prev_is_start = True
    for pi, body in enumerate(bodies):
        # Slack for the "would it have fitted" test: word spacing varies, OCR boxes are tight.
        slack = size if pages[pi].source == "ocr" else 0.1 * size
        # Lines of one paragraph share a font size (OCR boxes vary with ascenders and descenders).
        size_tol = 0.6 if pages[pi].source == "ocr" else 0.2
        for j, ln in enumerate(body):
            sep = ""
            if prev is not None:
                same_page = j > 0
                gap = ln.bottom - prev.bottom if same_page else pitch
                full = prev.x1 + space + max(ln.first_w, space) > right - slack
                outdented = ln.x0 < prev.x0 - 2 and not prev_is_start
                ha, hb = prev.bottom - prev.top, ln.bottom - ln.top
                resized = abs(ha - hb) > size_tol * max(ha, hb, 1e-6)
                if same_page and (gap > 1.35 * pitch or gap < 0):
                    sep = "\n\n"
                elif full and not outdented and not resized and \
                        (not ITEM_START.match(ln.text) or _REF_END.search(prev.text)):
                    sep = " "
                else:
                    sep = "\n"
            flat.append((pi, ln, sep))
            prev_is_start = sep != " "
            prev = ln

    starts = [ln.x0 for _, ln, sep in flat if sep != " "]
    levels = _levels(starts, tol=max(2.0, 0.3 * size))
    parts: list[str] = []
    length = 0
    page_starts: dict[int, int] = {}
    for pi, ln, sep in flat:
        if sep == " " and parts and parts[-1].endswith(("-", "\u00ad")):
            joined = _dehyphenate(parts[-1], ln.text, vocab)
            length += len(joined) - len(parts[-1])
            parts[-1] = joined
            page_starts.setdefault(pi, length - len(ln.text))
            continue
        lead = ""
        if sep != " ":
            centred = abs((ln.x0 - left) - (right - ln.x1)) < 2 * size and ln.x0 - left > 4 * size
            level = 0 if centred else max(0, sum(1 for x in levels if x < ln.x0 + max(2.0, 0.3 * size)) - 1)
            lead = " " * min(level, 4)
        piece = sep + lead + ln.text
        page_starts.setdefault(pi, length + len(sep))
        parts.append(piece)
        length += len(piece)
    text = "".join(parts) + "\n"
    out: list[Page] = []
    for pi, p in enumerate(pages):
        start = page_starts.get(pi)
        if start is None:  # an empty page starts where the next non-empty one does
            start = next((page_starts[k] for k in range(pi + 1, len(pages)) if k in page_starts), len(text))
        out.append(Page(pi + 1, 0 if pi == 0 else start, 0, p.source, p.ocr_confidence))
    pages_out = [Page(p.number, p.start, out[i + 1].start if i + 1 < len(out) else len(text), p.source,
                      p.ocr_confidence) for i, p in enumerate(out)]
    return text, pages_out
