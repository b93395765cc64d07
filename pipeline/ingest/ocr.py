"""OCR of scanned PDF pages with Tesseract (via pytesseract), rendered by pypdfium2.

Pages are OCRed one after another within a document; documents run in parallel in the batch
workers, and ``OMP_THREAD_LIMIT=1`` stops Tesseract's own threads from oversubscribing them.
Tesseract's words keep their boxes, so OCR pages go through the same geometric layout as text
layers. Only unambiguous OCR confusions are corrected (see :func:`fix_confusions`).
"""

from __future__ import annotations

import functools
import os
import re
import shutil

import pypdfium2 as pdfium

from pipeline.ingest.layout import Line, PageLines, clean_line

DPI = 300
# Page segmentation 3 (automatic); skipping the inverted-text pass saves about a third of the time.
CONFIG = "--psm 3 -c tessedit_do_invert=0"
MISSING = "no text layer; install Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng) to OCR scanned PDFs"


@functools.cache
def available() -> bool:
    """Tesseract and pytesseract are both present (and Tesseract runs)."""
    if shutil.which("tesseract") is None:
        return False
    try:
        import pytesseract

        pytesseract.get_tesseract_version()
        return "eng" in pytesseract.get_languages(config="")
    except Exception:  # missing package, language data or a broken binary: same remedy
        return False


# A list label at the start of a line, as OCR may misread it: "ii." as "11." / "li." / "ii,", "i." as "|.".
_LABEL = re.compile(r"^((?:[-\u2022]\s+)?\(?)([a-zA-Z1|]{1,5})([.,)])(?=\s)")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
# "Part |" is "Part I"; "Councillor lan Smith" is "Ian": after a title a first name is capitalised,
# so a lower-case l there was a capital I.
_PIPE_NUMERAL = re.compile(r"\b((?:Part|Chapter|Schedule|Annex|Appendix|Volume|Phase|Stage|Tier)\s+)\|(?=[\s,.;:)]|$)")
_HONORIFIC_L = re.compile(
    r"\b((?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Professor|Prof|Councillor|Cllr|Baroness|Baron)\.?\s+)"
    r"l(?=[a-z]+\s+[A-Z])"
)
_QUOTES = str.maketrans({"\u201e": "\u201c", "\u00bb": "\u201d", "\u00ab": "\u201c"})


def _next_labels(prev: str | None) -> set[str]:
    """Labels that may follow ``prev`` in the same list ("c" -> d; "iv" -> v; "i" -> ii or j)."""
    if prev is None:
        return {"i", "a"}
    nxt: set[str] = set()
    if prev in _ROMAN and _ROMAN.index(prev) + 1 < len(_ROMAN):
        nxt.add(_ROMAN[_ROMAN.index(prev) + 1])
    if len(prev) == 1 and prev < "z":
        nxt.add(chr(ord(prev) + 1))
    return nxt


def fix_confusions(lines: list[Line], last: dict[int, str] | None = None) -> list[Line]:
    """Correct OCR misreadings only where the context leaves one reading.

    - List labels: the previous label at the same indentation says which label comes next
      ("i." -> "ii.", "k." -> "l."). A label containing 1, l or | (or ending in a comma) that is not
      itself the expected one is replaced when exactly one of its readings (1/l/| as i; | as l) is
      expected ("11." or "li." after "i." -> "ii."; "|." after "k." -> "l."; "|." opening a list -> "i."),
      or when it repeats the previous label and one more "i" makes it the expected one ("ii." after
      "ii." -> "iii."). Arabic labels ("11." after "10.") are never touched.
    - A letter read twice in both cases ("Cc)" for "c)") when the list expects that letter.
    - Ligatures are split (by :func:`clean_line`); ",," before a word and "''" after one become
      curly quotes; low-9 quotes and guillemets become English quotes.
    Section numbers are left as read ("240" for "24D" needs the statute linker's list of sections).
    """
    out: list[Line] = []
    last = {} if last is None else last  # indentation (x0) -> last label seen there; pass on across pages
    for ln in lines:
        text = ln.text.translate(_QUOTES)
        text = re.sub(r"(?<!\w),,(?=\w)", "\u201c", text)
        text = re.sub(r"(?<=\w)''(?!\w)", "\u201d", text)
        m = _LABEL.match(text)
        key = next((k for k in last if abs(k - ln.x0) <= 4), round(ln.x0))
        if m and m.group(2).isdigit() and key not in last:
            m = None  # an arabic label ("1.", "11.") outside a roman or letter list is what it says
        if m:
            raw = m.group(2)
            low = raw.lower()
            prev = last.get(key)
            expected = _next_labels(prev)
            fixed = low
            comma = m.group(3) == "," and raw == low  # "ii," for "ii."; not "I, the Minister"
            if low not in expected or comma:
                readings = {re.sub(r"[1l|]", "i", low)} | ({low.replace("|", "l")} if "|" in low else set())
                if len(low) == 2 and low[0] == low[1] and raw[0] != raw[1]:
                    readings.add(low[1])  # "Cc)" for "c)": a letter read twice, in both cases
                if prev is not None and low == prev:
                    readings.add(low + "i")
                hits = readings & expected
                if len(hits) == 1:
                    fixed = hits.pop()
            if fixed in expected and (fixed != low or comma):
                text = m.group(1) + fixed + ("." if comma else m.group(3)) + text[m.end():]
            if len(fixed) > 1 and fixed not in _ROMAN:
                pass  # a word ("Mr.", "Yes,"), not a label
            elif not re.fullmatch(r"[a-z]+", fixed):
                last.pop(key, None)  # an arabic list here: "11." after "10." is left alone
            else:
                last[key] = fixed
                # a deeper list restarts when we return to a shallower level
                for k in [k for k in last if k > key + 4]:
                    del last[k]
        out.append(Line(text, ln.x0, ln.x1, ln.top, ln.bottom, ln.first_w))
    return out


def fix_text(text: str) -> str:
    """Same-length fixes on the assembled text of OCR pages (they may span a line break).

    "|" standing for the numeral I after "Part", "Schedule", ...; "l" for "I" opening a first name
    after a title ("Councillor lan Hughes" -> "Ian"). Offsets do not move.
    """
    return _HONORIFIC_L.sub(r"\1I", _PIPE_NUMERAL.sub(r"\1I", text))


def ocr_page(doc: pdfium.PdfDocument, index: int, dpi: int = DPI) -> PageLines:
    """OCR one page: its lines in points (as a text layer would give) and the mean word confidence."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    page = doc[index]
    try:
        width, height = page.get_size()
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()
    data = pytesseract.image_to_data(image, lang="eng", config=CONFIG, output_type=pytesseract.Output.DICT)
    k = 72 / dpi
    heights = sorted(h for w, h in zip(data["text"], data["height"], strict=True) if w.strip())
    speck = (0.15 * heights[len(heights) // 2]) ** 2 if heights else 0.0
    groups: dict[tuple[int, int, int], list[int]] = {}
    confs: list[float] = []
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        if not any(ch.isalnum() for ch in word) and data["width"][i] * data["height"][i] < speck:
            continue  # a speck of scanner noise read as punctuation
        groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
        conf = float(data["conf"][i])
        if conf >= 0:
            confs.append(conf)
    lines: list[Line] = []
    for idx in groups.values():
        x0 = min(data["left"][i] for i in idx)
        x1 = max(data["left"][i] + data["width"][i] for i in idx)
        top = min(data["top"][i] for i in idx)
        bottom = max(data["top"][i] + data["height"][i] for i in idx)
        first = idx[0]
        text = clean_line(" ".join(data["text"][i] for i in idx))
        lines.append(Line(text, x0 * k, x1 * k, top * k, bottom * k, data["width"][first] * k))
    conf = round(sum(confs) / len(confs), 1) if confs else None
    return PageLines(width, height, lines, "ocr", conf)


def ocr_pages(doc: pdfium.PdfDocument, indices: list[int]) -> tuple[list[PageLines], str | None]:
    """OCR the pages in order, and the first failure's reason (a failed page is left empty).

    Label corrections carry their list context from page to page.
    """
    import pytesseract

    state: dict[int, str] = {}
    out: list[PageLines] = []
    failure: str | None = None
    for i in indices:
        try:
            p = ocr_page(doc, i)
        except (pytesseract.TesseractError, RuntimeError, OSError) as err:
            failure = failure or " ".join(str(err).split())[:160] or type(err).__name__
            width, height = doc.get_page_size(i)
            out.append(PageLines(width, height, [], "ocr", None))
            continue
        out.append(PageLines(p.width, p.height, fix_confusions(p.lines, state), p.source, p.ocr_confidence))
    return out, failure
