"""The shared document model: plain dataclasses passed between the stages.

Every fact carries ``start``/``end`` character offsets into ``Document.text``; the page and
snippet are derived from the document when tables are built, so extractors never compute them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One page of the document: its 1-based number and character range in the text."""

    number: int
    start: int
    end: int
    source: str = "text"  # "text" (text layer / plain input) or "ocr"
    ocr_confidence: float | None = None


@dataclass
class Document:
    """One input file after ingestion: cleaned text with page boundaries."""

    doc_id: str
    source: str
    sha256: str
    input_type: str  # "pdf", "text", "html"
    text: str
    pages: list[Page] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.pages:
            self.pages = [Page(1, 0, len(self.text))]
        self._page_starts = [p.start for p in self.pages]

    def page_at(self, offset: int) -> int:
        """The 1-based page holding character ``offset``."""
        i = bisect.bisect_right(self._page_starts, offset) - 1
        return self.pages[max(i, 0)].number

    def snippet(self, start: int, end: int, width: int = 60) -> str:
        """The matched text with some context either side, on one line."""
        s = max(0, start - width)
        e = min(len(self.text), end + width)
        return " ".join(self.text[s:e].split())


# --- structure -------------------------------------------------------------------------------


@dataclass
class OutlineItem:
    """A numbered, lettered or bulleted item of the document's outline.

    ``start``/``end`` span the item from its label to the end of its own text (sub-items
    excluded); ``body_start`` is where the text after the label begins.
    """

    label: str  # as written: "7.", "(b)", "ii.", "1)", "•"
    key: str  # normalised segment used in ids: "7", "b", "ii"
    style: str  # "arabic", "alpha", "roman", "bullet", "decimal" (e.g. "1.1")
    level: int  # depth in the outline, 1 = top
    start: int
    body_start: int
    end: int
    text: str  # the item's own text without its label, whitespace folded
    section: str = ""  # heading or annex the item sits under ("Annex A", "WHEREAS", ...)
    annex: str = ""  # annex letter/number when inside an annex ("A")
    indent: int = 0  # column of the label (or its bullet), used to attach text after sub-items
    children: list[OutlineItem] = field(default_factory=list)
    parent: OutlineItem | None = field(default=None, repr=False, compare=False)

    @property
    def path(self) -> str:
        keys: list[str] = []
        node: OutlineItem | None = self
        while node is not None:
            keys.append(node.key)
            node = node.parent
        ids = ".".join(reversed(keys))
        return f"{self.annex}.{ids}" if self.annex else ids


@dataclass
class Heading:
    """An unnumbered heading line (or a recital/operative formula) and where it sits."""

    text: str
    start: int
    end: int


@dataclass
class Outline:
    items: list[OutlineItem] = field(default_factory=list)  # top-level items, in order
    headings: list[Heading] = field(default_factory=list)
    # unlabelled, non-heading paragraphs (lead-ins such as "The Council must take the following action:")
    paragraphs: list[Heading] = field(default_factory=list)

    def walk(self) -> list[OutlineItem]:
        out: list[OutlineItem] = []

        def rec(nodes: list[OutlineItem]) -> None:
            for n in nodes:
                out.append(n)
                rec(n.children)

        rec(self.items)
        return out


# --- facts -----------------------------------------------------------------------------------


@dataclass
class Fact:
    """Base of every extracted fact: where in ``Document.text`` it was found."""

    text: str
    start: int
    end: int


@dataclass
class StatuteRef(Fact):
    act_title: str | None = None  # short title with year: "Education Act 1996"
    act_year: int | None = None
    section: str | None = None  # "497A", "23C-24D", "Part 1", "Schedule 2"
    subsection: str | None = None  # "(4B)", "(6)(a)"
    paragraph: str | None = None  # of a Schedule: "1", "3(2)", "1-3" (its section is "Schedule 7")
    uri: str | None = None
    chapter: int | None = None
    matched_title: str | None = None  # title as written, when fuzzy-linked
    fuzzy: bool = False  # linked through a near-miss title
    kind: str = "act"  # "act" or "si" (statutory instrument)


@dataclass
class PersonFact(Fact):
    """One person per document; ``text``/``start``/``end`` is the fullest mention."""

    name: str = ""
    role: str = "other"  # commissioner, signatory, other
    honorific: str = ""
    postnominals: str = ""
    job_title: str = ""
    mentions: int = 1
    aliases: list[str] = field(default_factory=list)
    source: str = "rules"  # "rules", "model", "rules+model"


@dataclass
class DateFact(Fact):
    date: str | None = None  # ISO YYYY-MM-DD or YYYY-MM; None for durations
    precision: str = "day"  # day, month, year, duration
    role: str = "event"  # issued, deadline, appointment, effective, expiry, published, event
    is_range: bool = False
    duration: str | None = None  # ISO 8601 duration for relative expressions ("P3M")


@dataclass
class ObligationFact(Fact):
    obligation_id: str = ""
    parent_id: str | None = None
    level: int = 1
    label: str = ""
    actor: str | None = None
    modal: str | None = None
    deadline: str | None = None
    section: str = ""


@dataclass
class Relation(Fact):
    """A reference from this document to an earlier direction or notice."""

    relation: str = "refers_to"  # revokes, replaces, amends, refers_to
    target_kind: str | None = None
    target_date: str | None = None


@dataclass
class DocumentFacts:
    kind: str | None = None
    kind_source: str = ""  # "rules", "model", "rules+model"
    kind_confidence: float | None = None
    authority: str | None = None
    authority_type: str | None = None
    authority_code: str | None = None
    title: str | None = None
    issued_date: str | None = None
    signatory: str | None = None
    relations: list[Relation] = field(default_factory=list)
    evidence: Fact | None = None  # where the authority/kind was read from


@dataclass
class Extraction:
    """Everything extracted from one document: the stages' shared blackboard.

    Extractors run in registry order and may read what earlier ones wrote (obligations read
    dates for deadlines; document facts read dates and people).
    """

    document: Document
    outline: Outline | None = None
    statute_refs: list[StatuteRef] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    obligations: list[ObligationFact] = field(default_factory=list)
    facts: DocumentFacts = field(default_factory=DocumentFacts)
