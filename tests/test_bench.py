"""The benchmark's corpus builder: PDFs of the asked length, readable, deterministic, in both layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.bench import build_corpus, build_pdf, texts
from pipeline.ingest.pdf import read_pdf


def _raw_text(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


@pytest.mark.parametrize("layout", ["published", "plain"])
def test_corpus_has_the_pages_and_reads_back(layout: str, tmp_path: Path) -> None:
    made = build_corpus(tmp_path, pages=6, per_pdf=(2, 4), layout=layout)
    assert sum(n for _, n in made) >= 6
    first_words = texts()[0][1].split()[:8]
    for path, n in made:
        text, pages = read_pdf(path.read_bytes())
        assert len(pages) == n
        assert len(text) > 500 * n  # full pages of text, not a title and white space
    text, _ = read_pdf(made[0][0].read_bytes())
    assert " ".join(first_words[:3]) in " ".join(text.split())


def test_published_layout_is_kerned_and_deterministic() -> None:
    doc = [texts()[0][1][:2000]]
    plain, published = build_pdf(doc, 1, "plain"), build_pdf(doc, 1, "published")
    assert published == build_pdf(doc, 1, "published")
    assert "Page 1" not in _raw_text(plain) and "Page 1" in _raw_text(published)  # a running footer
    assert len(published) > len(plain)  # glyph-by-glyph positioning costs bytes
