"""Build realistic PDFs from plain texts at test time (so no binary fixtures live in the repo).

Layout: A4, 25 mm margins, Bitstream Vera (shipped inside reportlab, so it is the same font on
every machine and covers curly quotes, dashes and bullets), every source line a wrapped
paragraph, a blank source line a vertical gap, leading spaces an indent of 10 mm per space,
all-capital lines in bold, a running header and a "Page N of M" footer. Output is deterministic
(fixed creation date) so that tests do not depend on the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path

import reportlab
from fpdf import FPDF

FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
LINE_H = 5.6  # mm, for 11 pt text


class _Doc(FPDF):
    def __init__(self, header_text: str, footer: bool) -> None:
        super().__init__(format="A4", unit="mm")
        self.header_text = header_text
        self.with_footer = footer
        self.add_font("Vera", "", FONT_DIR / "Vera.ttf")
        self.add_font("Vera", "B", FONT_DIR / "VeraBd.ttf")
        self.set_margins(25, 25, 25)
        self.set_auto_page_break(True, margin=25)
        self.set_creation_date(FIXED_DATE)
        self.alias_nb_pages("{nb}")

    def header(self) -> None:
        if self.header_text:
            self.set_font("Vera", "", 8)
            self.set_y(12)
            self.cell(0, 4, self.header_text, align="R")
            self.set_y(25)

    def footer(self) -> None:
        if self.with_footer:
            self.set_font("Vera", "", 8)
            self.set_y(-15)
            self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="C")


_LABEL = re.compile(r"^((?:[-\u2022]\s+)?\(?(?:\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)])\s+")


def text_to_pdf(text: str, header: str | None = "OFFICIAL", footer: bool = True, align: str = "L",
                hanging: bool = False, shaping: bool = False) -> bytes:
    """A multi-page A4 PDF whose text layer reads back as ``text`` (form feeds force page breaks).

    ``hanging``: list labels ("7.", "(a)") sit in their own column, as at a tab stop, and the
    item's text and its wrapped lines are indented past them, as word processors set lists.
    ``shaping``: glyph runs shaped and kerned by HarfBuzz (positioned glyph by glyph, as word
    processors write them) instead of one plain string per line.
    """
    pdf = _Doc(header or "", footer)
    if shaping:
        pdf.set_text_shaping(True)
    pdf.add_page()
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    for raw in text.replace("\r\n", "\n").split("\n"):
        if "\f" in raw:
            for _ in range(raw.count("\f")):
                pdf.add_page()
            raw = raw.replace("\f", "")
        line = raw.rstrip()
        if not line.strip():
            if pdf.get_y() > pdf.t_margin + 0.1:  # no gap at the top of a page
                pdf.ln(LINE_H * 0.9)
            continue
        depth = min(len(line) - len(line.lstrip()), 4)
        body = line.strip()
        bold = body.isupper() and len(body) > 3
        pdf.set_font("Vera", "B" if bold else "", 11)
        x = pdf.l_margin + 10 * depth
        m = _LABEL.match(body) if hanging else None
        if m:
            y = pdf.get_y()
            if y + LINE_H > pdf.page_break_trigger:
                pdf.add_page()
                y = pdf.get_y()
            pdf.set_xy(x, y)
            pdf.cell(12, LINE_H, m.group(1))
            pdf.set_xy(x + 12, y)
            pdf.multi_cell(usable - 10 * depth - 12, LINE_H, body[m.end():], align=align, new_x="LMARGIN",
                           new_y="NEXT")
            continue
        pdf.set_x(x)
        pdf.multi_cell(usable - 10 * depth, LINE_H, body, align=align, new_x="LMARGIN", new_y="NEXT")
    out = pdf.output()
    return bytes(out)


def encrypted_pdf(text: str, user_password: str = "secret") -> bytes:
    """``text`` as a PDF encrypted with RC4; an empty ``user_password`` opens without one."""
    pdf = _Doc("", False)
    pdf.set_encryption(owner_password="owner-pass", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Vera", "", 11)
    pdf.multi_cell(0, LINE_H, text)
    return bytes(pdf.output())


def image_pdf(images: list) -> bytes:
    """PIL images wrapped as an image-only PDF (one A4 page per image, no text layer)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(FIXED_DATE)
    for img in images:
        pdf.add_page()
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        pdf.image(buf, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


def scan_pdf(pdf_bytes: bytes, dpi: int = 250, noise: float = 0.02, seed: int = 7) -> bytes:
    """Render every page to a grey image with slight salt-and-pepper noise: a simulated scan."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf_bytes)
    images: list[Image.Image] = []
    try:
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            px = img.load()
            w, h = img.size
            for _ in range(int(w * h * noise / 100)):
                x, y = rng.randrange(w), rng.randrange(h)
                px[x, y] = 0 if rng.random() < 0.5 else 255
            images.append(img)
    finally:
        doc.close()
    return image_pdf(images)
