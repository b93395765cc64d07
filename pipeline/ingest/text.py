"""Plain-text input: decode, normalise line ends, turn page artefacts into page breaks."""

from __future__ import annotations

from pipeline.document import Page
from pipeline.ingest import IngestError
from pipeline.ingest.layout import split_pages


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not, UTF-16 with BOM), else cp1252; curly quotes and dashes are kept."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError("unreadable encoding: invalid UTF-16") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise IngestError("unreadable encoding: neither UTF-8 nor cp1252") from None


def read_text(data: bytes) -> tuple[str, list[Page]]:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    return split_pages(text)
