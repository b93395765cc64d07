"""Ingestion: PDF text layers back to paragraphs, bad inputs as one-line reasons, HTML main content."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pytest

from pipeline.ingest import IngestError, ingest
from pipeline.ingest import ocr as ocr_mod
from pipeline.ingest import pdf as pdf_mod
from pipeline.ingest.html import list_label, read_html
from pipeline.ingest.layout import Line, PageLines, assemble
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import read_text
from tests.pdfgen import encrypted_pdf, image_pdf, text_to_pdf

# An invented direction in the genre's style (no real council, person or date).
PARA = ("The Secretary of State for Levelling Up, Housing and Communities is satisfied that Westbury "
        "Borough Council has failed to comply with the requirements of Part 1 of the Local Government Act "
        "1999 and considers it expedient to exercise the powers in section 15(5) and (6) of that Act. ")
DIRECTION = f"""DIRECTIONS TO WESTBURY BOROUGH COUNCIL UNDER SECTION 15(5) AND (6) OF THE LOCAL GOVERNMENT ACT 1999

WHEREAS

1. {PARA * 2}
2. On 14 February 2023 the Secretary of State received the report of the inspection. {PARA}

NOW THEREFORE the Secretary of State directs the Authority as follows:

3. The Authority shall, to the satisfaction of the Commissioners:
 (a) prepare and agree an improvement plan within three months of the date of these Directions, {PARA}
 (b) co-operate with the Commissioners, including by allowing them at all reasonable times access:
  (i) to any premises of the Authority;
  (ii) to any document of or relating to the Authority; and
  (iii) to any employee or member of the Authority.
4. These Directions remain in force until 31 October 2026. {PARA * 3}

Signed on behalf of the Secretary of State
Morwenna Ashdown-Pike
Deputy Director, Local Government Stewardship
9 March 2023
"""


def _words(s: str) -> list[str]:
    return s.split()


@pytest.fixture(scope="module")
def direction_pdf() -> bytes:
    return text_to_pdf(DIRECTION, header="OFFICIAL - Westbury Directions")


def test_pdf_text_matches_the_source_words_and_lines(direction_pdf: bytes) -> None:
    text, pages = read_pdf(direction_pdf)
    assert _words(text) == _words(DIRECTION)  # headers, footers and "Page N of M" gone, nothing else
    assert len(pages) >= 2
    assert pages[0].start == 0 and pages[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(pages))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    src = [ln.strip() for ln in DIRECTION.splitlines() if ln.strip()]
    assert lines == src  # wrapped paragraphs joined, every item on its own line
    assert " (i) to any premises" in text  # nesting kept as indentation


def test_pdfplumber_engine_reads_the_same_text(direction_pdf: bytes) -> None:
    a, _ = read_pdf(direction_pdf, engine="pypdfium2")
    b, _ = read_pdf(direction_pdf, engine="pdfplumber")
    assert _words(a) == _words(b)
    with pytest.raises(IngestError, match="unknown PDF engine"):
        read_pdf(direction_pdf, engine="nope")


def test_justified_text_is_joined_too() -> None:
    text, _ = read_pdf(text_to_pdf(DIRECTION, align="J", header=None))
    assert [ln.strip() for ln in text.splitlines() if ln.strip()] == \
        [ln.strip() for ln in DIRECTION.splitlines() if ln.strip()]


def _page(lines: list[tuple[str, float, float, float]], first_w: float = 30.0) -> PageLines:
    """Lines as (text, x0, x1, top) at 12 pt spacing on an A4 page."""
    return PageLines(595, 842, [Line(t, x0, x1, top, top + 10, first_w) for t, x0, x1, top in lines])


def test_running_header_footer_and_page_numbers_are_dropped() -> None:
    pages = [_page([("Kingsmere Council: Improvement Notice", 300, 520, 30),
                    (f"Body text of page {n} which ends here.", 72, 300, 100),
                    (f"- {n} -", 280, 310, 800)]) for n in (1, 2, 3)]
    text, out = assemble(pages)
    assert "Kingsmere" not in text and "- 2 -" not in text
    assert [text[p.start:p.end].strip() for p in out] == [f"Body text of page {n} which ends here." for n in (1, 2, 3)]


def test_wrapped_lines_join_and_items_start_lines() -> None:
    page = _page([
        ("7. The Authority shall comply with any instruction of the", 72, 520, 100),
        ("Commissioners and shall:", 72, 200, 112),
        ("(a) prepare an action plan for the improvement of its services to", 90, 520, 124),
        ("children; and", 90, 150, 136),
        ("(b) report monthly.", 90, 180, 148),
        ("Annex A", 72, 110, 180),
    ])
    text, _ = assemble([page])
    assert text.splitlines() == [
        "7. The Authority shall comply with any instruction of the Commissioners and shall:",
        " (a) prepare an action plan for the improvement of its services to children; and",
        " (b) report monthly.",
        "",
        "Annex A",
    ]


def test_a_label_after_a_reference_word_continues_the_line() -> None:
    page = _page([("(b) the functions conferred under section 23C of the Act (other than under paragraph",
                   90, 520, 100),
                  ("(a) above); and", 90, 160, 112),
                  ("(c) the functions under section 10.", 90, 300, 124)])
    assert assemble([page])[0].splitlines() == [
        "(b) the functions conferred under section 23C of the Act (other than under paragraph (a) above); and",
        "(c) the functions under section 10."]


def test_a_footnote_in_smaller_type_is_not_joined_to_the_text() -> None:
    page = PageLines(595, 842, [
        Line("(c) the functions conferred under sections 10, 12 and 17A of the Children Act", 72, 520, 700, 710, 30),
        Line("2004.", 72, 100, 712, 722, 30),
        Line("1 As amended by the Children and Social Work Act 2017 and by the Education Act", 72, 520, 760, 767, 7),
        Line("2011.", 72, 90, 769, 776, 20),
    ])
    assert assemble([page])[0].splitlines() == [
        "(c) the functions conferred under sections 10, 12 and 17A of the Children Act 2004.",
        "",
        "1 As amended by the Children and Social Work Act 2017 and by the Education Act 2011."]
    page.lines[2:] = [Line("The Council shall also appoint a Chief Executive and a Director of Children's", 72, 520,
                           724, 731, 7), Line("Services.", 72, 110, 733, 740, 20)]
    page.lines[1] = Line("2004. The functions conferred under sections 10, 12 and 17A of the Children", 72, 520,
                         712, 722, 30)
    assert "Children\nThe Council shall" in assemble([page])[0]  # a full line, yet a new size: new block


def test_a_line_is_not_joined_when_the_next_word_would_have_fitted() -> None:
    page = _page([("A full line of text that reaches the right margin of the", 72, 520, 100),
                  ("Short heading", 72, 150, 112),
                  ("Next line", 72, 120, 124)], first_w=40)
    page.lines[1] = Line("Short heading", 72, 150, 112, 122, 40)
    text, _ = assemble([page])
    assert text.splitlines() == ["A full line of text that reaches the right margin of the Short heading", "Next line"]


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("the improve-", "ment plan", "the improvement plan"),
    ("a multi-", "agency board", "a multi-agency board"),
    ("services for non-", "English speakers", "services for non-English speakers"),
    ("before pre-", "2019 levels", "before pre-2019 levels"),
    ("to co-", "operate fully; to cooperate", "to cooperate fully; to cooperate"),  # the document's own spelling
    ("a well-", "led council; a well-led board", "a well-led council; a well-led board"),
    ("the Council -", "which failed", "the Council - which failed"),
    ("in 2015-", "17 the", "in 2015-17 the"),
])
def test_hyphenation_across_lines(left: str, right: str, joined: str) -> None:
    page = _page([(left, 72, 520, 100), (right, 72, 200, 112)])
    assert assemble([page])[0].strip() == joined


def test_encrypted_pdfs() -> None:
    with pytest.raises(IngestError, match=r"^encrypted PDF \(password required\)$"):
        read_pdf(encrypted_pdf("Direction to Ashcombe District Council", user_password="s3cret"))
    text, _ = read_pdf(encrypted_pdf("Direction to Ashcombe District Council", user_password=""))
    assert "Ashcombe District Council" in text


def test_truncated_and_corrupt_pdfs(direction_pdf: bytes) -> None:
    for data in (direction_pdf[: len(direction_pdf) // 2], direction_pdf[:300], b"%PDF-1.7\n" + b"\x00garbage" * 50):
        with pytest.raises(IngestError, match=r"^corrupt PDF: "):
            read_pdf(data)


def test_pdf_bomb_is_refused(monkeypatch: pytest.MonkeyPatch, direction_pdf: bytes) -> None:
    monkeypatch.setattr(pdf_mod, "MAX_PAGES", 1)
    with pytest.raises(IngestError, match=r"refused: .*\d+ pages, over the limit"):
        read_pdf(direction_pdf)


def test_image_only_pdf_without_tesseract_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 850), 255)
    ImageDraw.Draw(img).text((50, 50), "DIRECTION TO HOLLOWAY COUNCIL", fill=0)
    monkeypatch.setattr(ocr_mod, "available", lambda: False)
    with pytest.raises(IngestError, match=r"^no text layer; install Tesseract \(apt-get install tesseract-ocr"):
        read_pdf(image_pdf([img]))


def test_blank_pdf_has_no_text_layer() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    with pytest.raises(IngestError, match=r"^no text layer"):
        read_pdf(bytes(pdf.output()))


def test_garbage_text_layer_is_not_usable() -> None:
    assert not pdf_mod._usable(_page([("\ue001\ue002\ue003 \ue004\ue005 \x03\x04\x05", 72, 300, 100)]))
    assert not pdf_mod._usable(_page([("Ж Щ Ю ЯЖЩ ЮЯЖ ЩЮЯ", 72, 300, 100)]))
    assert pdf_mod._usable(_page([("The Council shall comply – “fully”.", 72, 300, 100)]))


def test_bad_files_through_ingest(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", r"^empty file"),
        "scan.pdf": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, r"^not a document: a PNG image named \.pdf$"),
        "fake.pdf": (b"hello, I am not a PDF", r"^not a PDF"),
    }
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(IngestError, match=reason):
            ingest(tmp_path / name)


def test_cp1252_text_keeps_curly_quotes_and_dashes() -> None:
    data = "The \u201cCommissioner\u201d \u2013 Ms Ada Quill \u2013 reports by 1 May 2024 (\u00a32m).".encode("cp1252")
    text, _ = read_text(data)
    assert text == "The \u201cCommissioner\u201d \u2013 Ms Ada Quill \u2013 reports by 1 May 2024 (\u00a32m)."


HTML = """<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Direction</title>
<script>track()</script><style>p{}</style></head><body>
<div class="gem-c-cookie-banner"><p>We use cookies on GOV.UK</p></div>
<header class="govuk-header"><nav><a href="/">GOV.UK</a></nav></header>
<div class="govuk-breadcrumbs"><ol><li>Home</li></ol></div>
<main role="main"><h1>Direction to Fenwick City Council</h1>
<div class="gem-c-contents-list"><ol><li>Contents entry</li></ol></div>
<div class="govspeak"><p>WHEREAS the Council has failed \x93to comply\x94 \x96 see below;</p>
<ol start="5"><li>The Council shall:<ol type="a"><li>appoint a Chief Executive;</li>
<li>report <b>monthly</b>:<ol style="list-style-type:lower-roman"><li>to the Commissioners;</li>
<li>to the Secretary of State.</li></ol></li></ol></li><li>These directions expire on 1 June 2027.</li></ol>
<table><tr><th>Commissioner</th><th>Area</th></tr><tr><td>Ruth Danvers</td><td>Finance</td></tr></table>
<p>Signed<br>Oliver Trask</p></div></main>
<footer class="govuk-footer"><p>Open Government Licence</p></footer></body></html>"""


def test_html_main_content_with_list_numbering() -> None:
    text, pages = read_html(HTML.encode("latin-1"))  # the \x93-style chars become cp1252 bytes: quotes, dash
    assert pages[0].end == len(text)
    for junk in ("cookies", "GOV.UK", "Home", "Contents entry", "Open Government", "track()"):
        assert junk not in text
    lines = text.splitlines()
    assert lines[0] == "Direction to Fenwick City Council"
    assert "WHEREAS the Council has failed \u201cto comply\u201d \u2013 see below;" in lines
    i = lines.index("5. The Council shall:")
    assert lines[i + 1:i + 6] == [" a. appoint a Chief Executive;", " b. report monthly:", "  i. to the Commissioners;",
                                  "  ii. to the Secretary of State.", "6. These directions expire on 1 June 2027."]
    assert "Ruth Danvers\tFinance" in lines
    assert lines[-2:] == ["Signed", "Oliver Trask"]


def test_html_declared_latin1_is_read_as_cp1252() -> None:
    page = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>' \
           b"<body><p>The \x93Board\x94 \x96 \xa35m</p></body></html>"
    assert read_html(page)[0].strip() == "The \u201cBoard\u201d \u2013 \u00a35m"


def test_list_labels() -> None:
    assert [list_label(n, k) for n, k in ((3, "1"), (28, "a"), (4, "i"), (2, "A"), (9, "I"))] == \
        ["3.", "ab.", "iv.", "B.", "IX."]


def test_mixed_folder_gives_one_row_per_input(tmp_path: Path, direction_pdf: bytes) -> None:
    from pipeline.batch import Options, run_batch

    src = tmp_path / "in"
    src.mkdir()
    (src / "notice.pdf").write_bytes(direction_pdf)
    (src / "direction.html").write_bytes(HTML.encode("latin-1"))
    (src / "legacy.txt").write_bytes("Direction to Oakvale Council \u2013 \u201cthe Council\u201d.".encode("cp1252"))
    (src / "truncated.pdf").write_bytes(direction_pdf[:2000])
    (src / "locked.pdf").write_bytes(encrypted_pdf("Secret", user_password="pw"))
    (src / "empty.txt").write_bytes(b"")
    (src / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    summary = run_batch([src], tmp_path / "out", Options(workers=0, formats=("csv",), only=set()))
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as fh:
        rows = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert len(rows) == 7 and summary.ok == 3 and summary.failed == 4
    assert {k for k, r in rows.items() if r["status"] == "ok"} == {"notice", "direction", "legacy"}
    for r in rows.values():
        if r["status"] == "error":
            assert r["error"] and "\n" not in r["error"] and "Traceback" not in r["error"]
            assert re.match(r"(corrupt PDF|encrypted PDF|empty file|not a document)", r["error"]), r["error"]


def test_a_reader_crash_becomes_a_one_line_reason(monkeypatch: pytest.MonkeyPatch, direction_pdf: bytes) -> None:
    def boom(doc: object, index: int) -> None:
        raise ValueError("bad\nobject stream")

    monkeypatch.setattr(pdf_mod, "_pdfium_page", boom)
    with pytest.raises(IngestError, match=r"^unreadable PDF: ValueError: bad object stream$"):
        read_pdf(direction_pdf)


def test_deeply_nested_html_is_read_not_crashed() -> None:
    page = b"<html><body><main>" + b"<div>" * 3000 + b"the Council shall" + b"</div>" * 3000 + b"</main></body></html>"
    assert read_html(page)[0].strip() == "the Council shall"


def test_html_metadata_keeps_only_the_publication_lines() -> None:
    page = b"""<html><body><main><h1>Barsetshire County Council: direction</h1>
<p class="metadata">From: Department for Education. Published 14 March 2019.</p>
<div class="gem-c-metadata"><dl><dt>From:</dt><dd><a href="/org">Ministry of Housing</a></dd>
<dt>Published</dt><dd>2 June 2015</dd><dt>Last updated</dt><dd>9 August 2016 <a href="#h">+ show all updates</a></dd>
</dl><div id="full-history"><ol><li>9 August 2016 Annex added.</li><li>2 June 2015 First published.</li></ol></div>
</div><div class="govspeak"><p>The Council shall comply.</p></div></main></body></html>"""
    lines = read_html(page)[0].splitlines()
    assert [ln for ln in lines if ln] == ["Barsetshire County Council: direction", "Published 14 March 2019",
                                          "Published 2 June 2015", "Last updated 9 August 2016",
                                          "The Council shall comply."]


def test_page_headers_at_the_top_of_text_pages_number_pages_from_one() -> None:
    from pipeline.ingest.layout import split_pages

    text = "Page 1 of 2\nFirst page text.\n\nPage 2 of 2\nSecond page text.\n"
    out, pages = split_pages(text)
    assert [p.number for p in pages] == [1, 2]
    assert "First" in out[pages[0].start:pages[0].end] and "Second" in out[pages[1].start:pages[1].end]
    footer = "First page text.\n\nPage 1 of 2\nSecond page text.\n"
    out, pages = split_pages(footer)
    assert [p.number for p in pages] == [1, 2] and "Second" in out[pages[1].start:pages[1].end]
