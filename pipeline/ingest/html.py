"""HTML input (gov.uk publishes many directions as HTML): the main content as plain text.

The main content is gov.uk's ``<main>`` / ``role="main"`` (holding ``div.govspeak``), else
``<article>``, else ``<body>``; navigation, headers with menus, footers, cookie banners,
contents lists, scripts and styles are dropped. Of gov.uk's metadata block only its "Published
<date>" / "Last updated <date>" lines are kept (the publication date, which researchers want).
Block elements become paragraphs (blank line between), list items keep their numbering ("1." /
"a." / "i." from ``<ol start type>`` or ``list-style-type``; "•" for ``<ul>``) with one leading
space per nesting level, table rows become lines with cells separated by tabs. The declared charset (BOM, HTTP-equiv or
``<meta charset>``) decides the decoding, falling back to UTF-8/cp1252 detection.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from pipeline.document import Page
from pipeline.ingest import IngestError

_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "form", "button", "svg", "iframe",
              "aside", "input", "select", "object", "embed", "dialog", "head")
# Class/id fragments of page furniture on gov.uk and elsewhere.
_DROP_MARKS = re.compile(
    r"cookie|banner|breadcrumb|skip-link|contents-list|print-link|related-navigation|feedback|share-links|"
    r"phase-banner|metadata|gem-c-single-page-notification|govuk-header|site-header|site-footer|sidebar|"
    r"js-hidden|visually-hidden|sr-only",
    re.IGNORECASE,
)
_BLOCKS = frozenset("""
address article blockquote dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 header hr li main
ol p pre section summary table tbody thead tfoot tr ul caption center
""".split())
_LIST_STYLE = {"decimal": "1", "lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A", "upper-latin": "A",
               "lower-roman": "i", "upper-roman": "I"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out += numeral
            n -= value
    return out


def _alpha(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def list_label(n: int, kind: str) -> str:
    """The label of item ``n`` (1-based) in an ``<ol type=kind>``: "3.", "c.", "iii.", "C."."""
    if kind in ("a", "A"):
        s = _alpha(n)
    elif kind in ("i", "I"):
        s = _roman(n)
    else:
        s = str(n)
    return (s.upper() if kind in ("A", "I") else s) + "."


# gov.uk's metadata / publication-header blocks ("From: ...", "Published 4 November 2013", "Last
# updated ...") are furniture except their publication date, which researchers want: those lines are kept.
_METADATA_MARKS = re.compile(r"metadata|publication-header", re.I)
_PUBLISHED_LINE = re.compile(r"\b(Published|(?:Last\s+)?[Uu]pdated)\s*:?\s*(?:on\s+)?"
                             r"(\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})")


def _publication_lines(tag: Tag) -> list[str]:
    """The "Published <date>" / "Last updated <date>" lines of a metadata block, as written (the date normalised
    to one line); the block's history list of every update is not read."""
    text = " ".join(tag.get_text(" ").split())
    out: list[str] = []
    for m in _PUBLISHED_LINE.finditer(text):
        line = f"{m.group(1)} {m.group(2)}"
        if line not in out:
            out.append(line)
    return out[:2]


def _is_metadata(tag: Tag) -> bool:
    marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
    return bool(_METADATA_MARKS.search(marks))


def _is_furniture(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", tag.get("style") or ""):
        return True
    marks = " ".join([*(tag.get("class") or []), tag.get("id") or "", tag.get("role") or ""])
    if tag.get("role") in ("navigation", "banner", "contentinfo", "search"):
        return True
    if tag.name == "header" and tag.find("nav"):
        return True
    return bool(marks.strip()) and bool(_DROP_MARKS.search(marks))


def _main(soup: BeautifulSoup) -> Tag:
    for sel in ("main", "[role=main]", "#content", "article", "div.govspeak", "body"):
        found = soup.select_one(sel)
        if isinstance(found, Tag):
            return found
    return soup


class _Writer:
    """Collects inline text into paragraphs; blocks and line breaks end the current one."""

    def __init__(self) -> None:
        self.blocks: list[str] = []  # finished lines; "" marks a paragraph gap
        self.buf: list[str] = []
        self.prefix = ""

    def text(self, s: str) -> None:
        self.buf.append(s)

    def end_line(self, gap: bool = False) -> None:
        line = " ".join("".join(self.buf).split())
        if line:
            self.blocks.append(self.prefix + line)
            self.prefix = ""
        self.buf = []
        if gap and self.blocks and self.blocks[-1] != "":
            self.blocks.append("")

    def start_item(self, prefix: str) -> None:
        self.end_line()
        self.prefix = prefix

    def result(self) -> str:
        self.end_line()
        return "\n".join(self.blocks).strip("\n") + "\n"


_MAX_NESTING = 150  # below Python's recursion limit; deeper markup is taken as plain text


def _walk(node: Tag, out: _Writer, depth: int, nesting: int = 0) -> None:
    if nesting > _MAX_NESTING:
        out.text(" " + node.get_text(" ") + " ")
        return
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if _is_furniture(child):
            if _is_metadata(child) and (lines := _publication_lines(child)):
                out.end_line(gap=True)
                out.blocks.extend(lines)
                out.end_line(gap=True)
            continue
        name = child.name
        if name == "br":
            out.end_line()
        elif name == "pre":
            out.end_line(gap=True)
            out.blocks.extend(child.get_text().strip("\n").split("\n"))
            out.end_line(gap=True)
        elif name in ("ol", "ul"):
            out.end_line(gap=depth == 0)
            _list(child, out, depth, nesting + 1)
            out.end_line(gap=depth == 0)
        elif name == "tr":
            out.end_line()
            cells = [" ".join(c.get_text(" ").split()) for c in child.find_all(("td", "th"), recursive=False)]
            if any(cells):
                out.blocks.append("\t".join(cells))
        elif name in ("td", "th"):  # a cell outside a row
            out.text(" " + child.get_text(" ") + " ")
        elif name in _BLOCKS:
            out.end_line(gap=name not in ("li", "dd", "dt", "div", "tr"))
            _walk(child, out, depth, nesting + 1)
            out.end_line(gap=name not in ("li", "dd", "dt", "div", "tr"))
        else:
            _walk(child, out, depth, nesting + 1)


def _list(ol: Tag, out: _Writer, depth: int, nesting: int) -> None:
    kind = "bullet"
    if ol.name == "ol":
        kind = ol.get("type") or "1"
        style = re.search(r"list-style(?:-type)?\s*:\s*([a-z-]+)", ol.get("style") or "")
        if style and style.group(1) in _LIST_STYLE:
            kind = _LIST_STYLE[style.group(1)]
        for cls in ol.get("class") or []:
            for name, k in _LIST_STYLE.items():
                if cls.endswith(name):
                    kind = k
    items = ol.find_all("li", recursive=False)
    step = -1 if ol.has_attr("reversed") else 1
    n = _int(ol.get("start"), len(items) if step < 0 else 1)
    for li in items:
        n = _int(li.get("value"), n)
        label = "\u2022" if kind == "bullet" else list_label(n, kind)
        out.start_item(" " * min(depth, 6) + label + " ")
        _walk(li, out, depth + 1, nesting + 1)
        out.end_line()
        n += step


def _int(value: object, default: int) -> int:
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default


def read_html(data: bytes) -> tuple[str, list[Page]]:
    """The main content of an HTML page as text, one page."""
    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as err:  # lxml refuses only truly broken input
        raise IngestError(f"unreadable HTML: {type(err).__name__}") from None
    out = _Writer()
    main = _main(soup)
    if _is_furniture(main) and main.name not in ("main", "body"):
        main = soup.body or soup
    try:
        _walk(main, out, 0)
    except RecursionError:
        raise IngestError("unreadable HTML: elements nested too deeply") from None
    text = out.result()
    text = re.sub(r"\n{3,}", "\n\n", text)
    # Pages declared ISO-8859-1 are cp1252 in practice (as browsers assume): C1 controls -> quotes, dashes.
    text = re.sub(r"[\x80-\x9f]", lambda m: bytes([ord(m.group())]).decode("cp1252", "replace"), text)
    return text, [Page(1, 0, len(text))]
