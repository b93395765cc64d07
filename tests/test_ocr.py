"""OCR of scanned PDFs: simulated scans (rendered text PDFs with noise) read back like the text route.

The Tesseract tests are skipped when Tesseract is not installed (scripts/setup-system.sh installs
it). The dev-corpus scan check takes minutes, so it runs only with PIPELINE_SLOW_TESTS=1.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.ingest import IngestError, ocr
from pipeline.ingest.layout import Line
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import decode
from tests.pdfgen import scan_pdf, text_to_pdf

needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="Tesseract not installed")

NOTICE = """IMPROVEMENT NOTICE: LINDFORD COUNTY COUNCIL

1. The Minister for Children considers that Lindford County Council is failing to perform its children's \
services functions to an adequate standard and issues this notice on 3 July 2024.
2. The Council must:
 (i) establish an Improvement Board chaired by Professor Helena Marsh by 30 September 2024;
 (ii) agree an improvement plan with the Department for Education; and
 (iii) report progress to the Improvement Board every month.
3. This notice will be reviewed no later than 31 January 2025.
"""


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 90, 400, 100 + 14 * i, 110 + 14 * i, 10) for i, t in enumerate(texts)]


def test_roman_labels_misread_by_ocr_are_restored() -> None:
    fixed = [ln.text for ln in ocr.fix_confusions(_lines(
        "|. to any premises;", "11. to any document;", "ii. to any employee;", "iv, to any member."))]
    assert fixed == ["i. to any premises;", "ii. to any document;", "iii. to any employee;", "iv. to any member."]


def test_alpha_labels_and_arabic_numbers_are_left_alone_when_ambiguous() -> None:
    fixed = [ln.text for ln in ocr.fix_confusions(_lines("k. comply;", "|. cooperate;", "11. report."))]
    assert fixed == ["k. comply;", "l. cooperate;", "11. report."]
    arabic = [ln.text for ln in ocr.fix_confusions(_lines("10. The Council", "11. The Board"))]
    assert arabic == ["10. The Council", "11. The Board"]


def test_unambiguous_letter_confusions() -> None:
    fixed = [ln.text for ln in ocr.fix_confusions(_lines(
        "a) the plan;", "b) the budget; and", "Cc) any proposal"))]
    assert fixed == ["a) the plan;", "b) the budget; and", "c) any proposal"]
    assert [ln.text for ln in ocr.fix_confusions(_lines("Cc) first item"))] == ["Cc) first item"]  # no list yet
    assert ocr.fix_text("under Part | of the Act, by Councillor\nlan Pryce") == \
        "under Part I of the Act, by Councillor\nIan Pryce"
    same = "the Council leader Mr Jones; Mr lee; a | b"
    assert ocr.fix_text(same) == same


def test_quotes_and_ligatures() -> None:
    from pipeline.ingest.layout import clean_line

    assert ocr.fix_confusions(_lines(",,the Council'' shall"))[0].text == "\u201cthe Council\u201d shall"
    assert clean_line("the \ufb01nal o\ufb03ce") == "the final office"


@needs_tesseract
def test_scanned_pdf_reads_like_the_text_layer() -> None:
    text_pdf = text_to_pdf(NOTICE)
    ref, _ = read_pdf(text_pdf)
    text, pages = read_pdf(scan_pdf(text_pdf, dpi=200))
    assert all(p.source == "ocr" and p.ocr_confidence and p.ocr_confidence > 60 for p in pages)
    assert _similarity(ref, text) >= 0.95, text
    assert "30 September 2024" in text and " (ii) agree an improvement plan" in text


@needs_tesseract
def test_only_pages_without_text_are_ocred() -> None:
    text_pdf = text_to_pdf(NOTICE + "\f" + "Signed: Dr Amara Osei\nDirector, Lindford Improvement\n")
    scanned = scan_pdf(text_pdf, dpi=200)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_pdf), [0])
    mixed.import_pages(pdfium.PdfDocument(scanned), [1])
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"mixed-{os.getpid()}.pdf"
    try:
        mixed.save(out)
        text, pages = read_pdf(out.read_bytes())
    finally:
        out.unlink(missing_ok=True)
    assert [p.source for p in pages] == ["text", "ocr"]
    assert pages[0].ocr_confidence is None and pages[1].ocr_confidence
    assert "Amara Osei" in text[pages[1].start:pages[1].end]


@needs_tesseract
@pytest.mark.skipif(os.environ.get("PIPELINE_SLOW_TESTS") != "1" and not os.environ.get("CI"),
                    reason="minutes of OCR: runs in CI, or locally with PIPELINE_SLOW_TESTS=1")
def test_dev_corpus_scans_score_near_the_text_route(tmp_path: Path) -> None:
    from pipeline.batch import Options, run_batch
    from pipeline.evaluate import score

    root = Path(__file__).resolve().parent.parent / "corpus" / "dev"
    scans = tmp_path / "scans"
    scans.mkdir()
    for src in sorted((root / "text").glob("*.txt")):
        (scans / f"{src.stem}.pdf").write_bytes(scan_pdf(text_to_pdf(decode(src.read_bytes())), dpi=250))
    opts = Options(workers=2, force=True, formats=("csv",), timeout=900)
    run_batch([root / "text"], tmp_path / "text", opts)
    assert run_batch([scans], tmp_path / "ocr", opts).failed == 0
    via_text = score(root / "gold", tmp_path / "text")["summary"]["macro_f1"]
    via_ocr = score(root / "gold", tmp_path / "ocr")["summary"]["macro_f1"]
    assert via_ocr >= via_text - 0.05, (via_text, via_ocr)


def test_a_failing_ocr_is_one_line_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytesseract
    from PIL import Image

    def fail(doc: object, index: int, dpi: int = 300) -> None:
        raise pytesseract.TesseractError(1, "Failed loading language 'eng'")

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_page", fail)
    from tests.pdfgen import image_pdf

    with pytest.raises(IngestError, match=r"^no text layer; OCR failed: .*eng"):
        read_pdf(image_pdf([Image.new("L", (300, 400), 0)]))


def test_without_tesseract_a_mixed_pdf_keeps_its_text_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, ImageDraw

    from tests.pdfgen import image_pdf

    img = Image.new("L", (600, 850), 255)
    ImageDraw.Draw(img).text((60, 60), "Signed: Dr Amara Osei", fill=0)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_to_pdf(NOTICE, header=None, footer=False)), [0])
    mixed.import_pages(pdfium.PdfDocument(image_pdf([img])), [0])
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"mixed-nt-{os.getpid()}.pdf"
    try:
        mixed.save(out)
        monkeypatch.setattr(ocr, "available", lambda: False)
        text, pages = read_pdf(out.read_bytes())
    finally:
        out.unlink(missing_ok=True)
    assert "Lindford County Council" in text and len(pages) == 2
    assert pages[1].start == pages[1].end == len(text) and pages[1].source == "text"
