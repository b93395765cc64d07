"""Page-level clean-up shared by the readers: page artefacts become page boundaries.

Converted documents keep the furniture of their printed pages: "Page 2 of 4", "- 2 -", a bare
page number, a running header repeating the title. Those lines are dropped from the text (they
would otherwise split a paragraph or be read as a numbered item) and mark where a page ends.
"""

from __future__ import annotations

import re

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

    def close_page() -> None:
        nonlocal page_start
        if pos > page_start or not pages:
            pages.append(Page(len(pages) + 1, page_start, pos))
            page_start = pos

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
    text_out = "\n".join(out)
    pos = len(text_out)
    if pos > page_start or not pages:
        pages.append(Page(len(pages) + 1, page_start, pos))
    else:
        last = pages[-1]
        pages[-1] = Page(last.number, last.start, pos)
    return text_out, pages
