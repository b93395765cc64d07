"""Ingestion: one file in, one :class:`~pipeline.document.Document` out, or an IngestError.

The input type is decided from the file's leading bytes, not its name, so a PNG named
``.pdf`` is reported as what it is. Nothing named inside a document is ever fetched or run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.document import Document


class IngestError(Exception):
    """A file that cannot become a document; ``str(err)`` is the one-line reason for the table."""


# Leading bytes of formats that are sometimes mis-named as documents.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES


def sniff(data: bytes, suffix: str) -> str:
    """The input type ("pdf", "html", "text") of ``data``; raises IngestError otherwise."""
    if not data:
        raise IngestError("empty file (0 bytes)")
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            named = f" named {suffix}" if suffix else ""
            raise IngestError(f"not a document: {what}{named}")
    low = head.lower()
    if suffix in HTML_SUFFIXES or b"<html" in low or b"<!doctype html" in low:
        return "html"
    if suffix in PDF_SUFFIXES:
        raise IngestError("not a PDF: the file has no %PDF header")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("binary file, not text")
    return "text"


def ingest(path: str | Path, doc_id: str | None = None, pdf_engine: str = "pypdfium2") -> Document:
    """Read ``path`` into a Document. Raises IngestError with a one-line reason on bad input."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except PermissionError:
        raise IngestError("permission denied") from None
    except IsADirectoryError:
        raise IngestError("is a directory") from None
    except OSError as err:
        raise IngestError(f"cannot read file: {err.strerror or err}") from None
    kind = sniff(data, path.suffix.lower())
    sha = hashlib.sha256(data).hexdigest()
    doc_id = doc_id or path.stem
    if kind == "pdf":
        from pipeline.ingest.pdf import read_pdf

        text, pages = read_pdf(data, engine=pdf_engine)
    elif kind == "html":
        from pipeline.ingest.html import read_html

        text, pages = read_html(data)
    else:
        from pipeline.ingest.text import read_text

        text, pages = read_text(data)
    if not text.strip():
        raise IngestError("no text in document")
    return Document(doc_id=doc_id, source=str(path), sha256=sha, input_type=kind, text=text, pages=pages)
