"""The PDF route gives the same extractions as the text route on the dev corpus.

PDFs are built at test time from the corpus texts (tests/pdfgen.py: A4, wrapped paragraphs,
running header, "Page N of M" footer, some with kerned glyph runs), both routes run through the
whole pipeline in-process, and the macro F1 of the PDF route must be within 0.02 of the text
route. The texts themselves are compared too (word-level similarity), so the check means something
even while extractors are weak.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from pipeline.batch import Options, run_batch
from pipeline.evaluate import score
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import decode, read_text
from tests.pdfgen import text_to_pdf

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "corpus" / "dev" / "text"
GOLD = ROOT / "corpus" / "dev" / "gold"

pytestmark = pytest.mark.skipif(not TEXTS.is_dir() or not GOLD.is_dir(), reason="dev corpus not in the repository")


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdfs")
    for i, src in enumerate(sorted(TEXTS.glob("*.txt"))):
        # Vary the setting as publishers do: ragged or justified, labels inline or at a tab stop,
        # plain or kerned glyph runs.
        pdf = text_to_pdf(decode(src.read_bytes()), header=src.stem.split("_")[0].title() + " - OFFICIAL",
                          align="J" if i % 2 else "L", hanging=i % 3 == 1, shaping=i % 4 == 2)
        (out / f"{src.stem}.pdf").write_bytes(pdf)
    return out


def test_pdf_text_is_the_corpus_text(pdf_dir: Path) -> None:
    for src in sorted(TEXTS.glob("*.txt")):
        ref, _ = read_text(src.read_bytes())
        text, pages = read_pdf((pdf_dir / f"{src.stem}.pdf").read_bytes())
        ratio = difflib.SequenceMatcher(None, ref.split(), text.split(), autojunk=False).ratio()
        assert ratio >= 0.98, (src.stem, ratio)
        assert pages[-1].end == len(text)


def test_pdf_route_scores_like_the_text_route(pdf_dir: Path, tmp_path: Path) -> None:
    opts = Options(workers=0, force=True, formats=("csv",))
    run_batch([TEXTS], tmp_path / "text", opts)
    summary = run_batch([pdf_dir], tmp_path / "pdf", opts)
    assert summary.failed == 0, summary.errors
    via_text = score(GOLD, tmp_path / "text")["summary"]
    via_pdf = score(GOLD, tmp_path / "pdf")["summary"]
    assert via_pdf["documents_missing_from_output"] == []
    assert via_pdf["macro_f1"] >= via_text["macro_f1"] - 0.02, (via_text["macro_f1"], via_pdf["macro_f1"])
