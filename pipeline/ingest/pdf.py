"""PDF input: the text layer (pypdfium2 by default, pdfplumber selectable), OCR for scanned pages.

Both engines reduce a page to positioned lines; :func:`pipeline.ingest.layout.assemble` then
drops headers/footers and page numbers and joins wrapped lines, so the engines differ only in
speed. pypdfium2 is the default: it returns each page's text with line breaks in one call, and
per line only the boxes of its first and last characters and of its first word are read, which
keeps Python work per page small (hundreds of pages/s). pdfplumber (pdfminer) is the reference
reader, about a hundred times slower.
"""

from __future__ import annotations

import io
import itertools
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.document import Page
from pipeline.ingest import IngestError
from pipeline.ingest.layout import Line, PageLines, assemble, clean_line, merge_same_baseline

ENGINES = ("pypdfium2", "pdfplumber")
# Page counts a page tree claims, visible in uncompressed objects ("/Count 1099511627776").
_COUNT = re.compile(rb"/Count\s+(\d{1,15})\b")
MAX_PAGES = 2000  # more is refused as a likely PDF bomb (the longest real reports run to a few hundred)
MAX_CHARS = 5_000_000  # text-layer characters in one document, likewise
NO_TEXT = "no text layer (scanned PDF?)"
_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd\ue000-\uf8ff]")  # controls, replacement, private use
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def read_pdf(data: bytes, engine: str = "pypdfium2") -> tuple[str, list[Page]]:
    """The text of a PDF with its pages; raises IngestError with a one-line reason for bad input."""
    try:
        return _read(data, engine)
    except (IngestError, MemoryError):
        raise
    except Exception as err:  # a reader's own error on a malformed file is still one line in the table
        msg = " ".join(str(err).split())[:160]
        raise IngestError(f"unreadable PDF: {type(err).__name__}: {msg}" if msg else
                          f"unreadable PDF: {type(err).__name__}") from None


def _read(data: bytes, engine: str) -> tuple[str, list[Page]]:
    if engine not in ENGINES:
        raise IngestError(f"unknown PDF engine {engine!r} (choose from {', '.join(ENGINES)})")
    if b"%%EOF" not in data[-(1 << 16):].rstrip(b"\x00 \t\r\n")[-2048:]:  # padding after it is harmless
        raise IngestError("corrupt PDF: truncated (no end-of-file marker)")
    claimed = max((int(c) for c in _COUNT.findall(data)), default=0)
    if claimed > MAX_PAGES:  # a page tree claiming more pages than the file could hold: refuse before parsing
        raise IngestError(f"refused: the page tree claims {claimed} pages, over the limit of {MAX_PAGES} (PDF bomb?)")
    doc = _open(data)
    try:
        n = len(doc)
        if n == 0:
            raise IngestError("corrupt PDF: no pages")
        if n > MAX_PAGES:
            raise IngestError(f"refused: {n} pages, over the limit of {MAX_PAGES} (PDF bomb?)")
        pages = _plumber_pages(data) if engine == "pdfplumber" else [_pdfium_page(doc, i) for i in range(n)]
        if sum(len(ln.text) for p in pages for ln in p.lines) > MAX_CHARS:
            raise IngestError(f"refused: text layer over {MAX_CHARS:,} characters (PDF bomb?)")
        scanned = [i for i, p in enumerate(pages) if not _usable(p) and _needs_ocr(doc, i, p)]
        if scanned:
            _ocr_into(doc, pages, scanned)
    except pdfium.PdfiumError as err:
        raise IngestError(f"corrupt PDF: {_reason(err)}") from None
    finally:
        doc.close()
    if not any(p.lines for p in pages):
        raise IngestError(NO_TEXT)
    text, out = assemble(pages)
    if any(p.source == "ocr" for p in out):
        from pipeline.ingest.ocr import fix_text

        text = "".join(fix_text(text[p.start:p.end]) if p.source == "ocr" else text[p.start:p.end] for p in out)
    return text, out


def _reason(err: Exception) -> str:
    msg = str(err)
    m = re.search(r"PDFium: ([^)]*)", msg)
    reason = (m.group(1) if m else msg).rstrip(".").lower() or type(err).__name__
    # PDFium reports "success" when it gives up on a malformed structure (e.g. a looping page tree).
    return "malformed document structure" if reason == "success" else reason


def _open(data: bytes) -> pdfium.PdfDocument:
    """Open the document; an empty user password is tried automatically by PDFium."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError("encrypted PDF (password required)") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise IngestError("encrypted PDF (unsupported security handler)") from None
        raise IngestError(f"corrupt PDF: {_reason(err)}") from None


def _box(tp: pdfium.PdfTextPage, i: int, lo: int, hi: int, step: int) -> tuple[float, float, float, float]:
    """Box of char ``i``, or of the nearest char in ``step`` direction with a real box."""
    while lo <= i < hi:
        box = tp.get_charbox(i, loose=True)
        if box[2] > box[0]:
            return box
        i += step
    return (0.0, 0.0, 0.0, 0.0)


def _pdfium_page(doc: pdfium.PdfDocument, index: int) -> PageLines:
    page = doc[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        tp = page.get_textpage()
        try:
            text = tp.get_text_range()
            if len(text) != tp.count_chars():  # astral chars: indices would drift; keep BMP only
                text = "".join(ch if ord(ch) < 0x10000 else "\ufffd" for ch in text)
            lines: list[Line] = []
            for m in re.finditer(r"[^\r\n]+", text):
                s, e = m.span()
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if s == e:
                    continue
                b0 = _box(tp, s, s, e, 1)
                b1 = _box(tp, e - 1, s, e, -1)
                k = text.find(" ", s, e)
                first_right = _box(tp, k - 1, s, k, -1)[2] if k > s else b1[2]
                # Height and baseline from the second word's first char: not a label, bullet or superscript.
                bm = _box(tp, k + 1, s, e, 1) if 0 < k < e - 1 else b0
                lines.append(Line(clean_line(text[s:e]), b0[0] - left, b1[2] - left,
                                  top - bm[3], top - bm[1], first_right - b0[0]))
        finally:
            tp.close()
        return PageLines(right - left, top - bottom, merge_same_baseline(lines))
    finally:
        page.close()


def _plumber_pages(data: bytes) -> list[PageLines]:
    import pdfplumber

    out: list[PageLines] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            lines: list[Line] = []
            for tl in page.extract_text_lines(return_chars=True, strip=True):
                chars = [c for c in tl["chars"] if c["text"].strip()]
                if not chars:
                    continue
                first_end = chars[0]["x1"]
                for a, b in itertools.pairwise(chars):
                    if b["x0"] - a["x1"] > 0.15 * (a["bottom"] - a["top"]):
                        break
                    first_end = b["x1"]
                mid = chars[len(chars) // 2]  # height from a char inside the line, as for pypdfium2
                lines.append(Line(clean_line(tl["text"]), tl["x0"], tl["x1"], mid["top"], mid["bottom"],
                                  first_end - chars[0]["x0"]))
            out.append(PageLines(float(page.width), float(page.height), merge_same_baseline(lines)))
            page.close()
    return out


def _usable(p: PageLines) -> bool:
    """Does the page's text layer read as text? None, or mostly control/private-use/non-Latin: no."""
    text = "".join(ln.text for ln in p.lines).replace(" ", "")
    if len(text) < 3:
        return False
    bad = len(_BAD.findall(text))
    letters = len(_LETTER.findall(text))
    latin = len(_LATIN.findall(text))
    return bad <= 0.1 * len(text) and letters >= 0.3 * len(text) and latin >= 0.8 * letters


def _needs_ocr(doc: pdfium.PdfDocument, index: int, p: PageLines) -> bool:
    """Garbage text is OCRed; a page with (almost) no text only when it shows an image: a blank page
    or one holding just a page number is not sent to Tesseract."""
    if sum(len(ln.text) for ln in p.lines) >= 20:
        return True
    page = doc[index]
    try:
        area = max(p.width * p.height, 1.0)
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            x0, y0, x1, y1 = obj.get_bounds()
            if (x1 - x0) * (y1 - y0) > 0.1 * area:
                return True
        return False
    finally:
        page.close()


def _ocr_into(doc: pdfium.PdfDocument, pages: list[PageLines], scanned: list[int]) -> None:
    """Replace the scanned pages' lines with OCR; without Tesseract only an all-scanned PDF fails."""
    from pipeline.ingest import ocr

    if not ocr.available():
        if all(not _usable(p) for p in pages):
            raise IngestError(ocr.MISSING)
        for i in scanned:  # keep the text pages; the scanned ones stay empty (their garbage dropped)
            pages[i] = PageLines(pages[i].width, pages[i].height, [], "text", None)
        return
    done, failure = ocr.ocr_pages(doc, scanned)
    for i, page in zip(scanned, done, strict=True):
        pages[i] = page
    if failure and not any(p.lines for p in pages):
        raise IngestError(f"no text layer; OCR failed: {failure}")
