"""The table contract: every output table, its columns, types and meanings.

One source of truth for the normaliser (column order), the store (Parquet/DuckDB types),
``datapackage.json`` (the data dictionary) and ``pipeline validate``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless type: string, integer, number, boolean, date
    description: str
    example: str = ""
    required: bool = False


def _c(name: str, type_: str, description: str, example: str = "", required: bool = False) -> Column:
    return Column(name, type_, description, example, required)


_PROVENANCE = [
    _c("text", "string", "The text as matched in the document.", "section 497A(4B) of the Education Act 1996"),
    _c("page", "integer", "1-based page the match starts on.", "2"),
    _c("start", "integer", "Character offset of the match's start in the document text.", "1043"),
    _c("end", "integer", "Character offset just past the match's end.", "1086"),
    _c("snippet", "string", "The match with some context, on one line.", "... powers under section 497A(4B) of ..."),
]
_ROW_ID = _c("row_id", "string", "Stable row identifier: the same fact in the same document keeps it across runs.",
             "3f9a1c2b7d10", required=True)
_DOC_ID = _c("doc_id", "string", "Document identifier: the input file's stem.", "solihull_2022_direction", True)

TABLES: dict[str, list[Column]] = {
    "documents": [
        _DOC_ID,
        _c("source", "string", "Path of the input file.", "corpus/dev/text/solihull_2022_direction.txt"),
        _c("sha256", "string", "SHA-256 of the input file's bytes.", "9f86d0...", ),
        _c("input_type", "string", "pdf, text or html (from the file's content, not its name).", "pdf"),
        _c("pages", "integer", "Number of pages.", "5"),
        _c("kind", "string", "statutory_direction, improvement_notice, revocation, terms_of_reference, "
           "commissioner_report, council_report, briefing, letter or other.", "statutory_direction"),
        _c("kind_source", "string", "What decided the kind: rules, model or rules+model.", "rules+model"),
        _c("authority", "string", "Full formal name of the council (or other public body, such as a fire and rescue "
           "authority) addressed or concerned.",
           "Solihull Metropolitan Borough Council"),
        _c("authority_type", "string", "county, district, unitary, metropolitan borough or London borough; for "
           "other bodies fire and rescue authority, combined authority or police and crime commissioner.",
           "metropolitan borough"),
        _c("authority_code", "string", "ONS/GSS code of the authority where known for certain.", "E08000029"),
        _c("title", "string", "The document's title line.", "Direction under section 497A(4B) ..."),
        _c("issued_date", "string", "Date the document was signed or issued: ISO YYYY-MM-DD, or YYYY-MM when the "
           "document gives only month and year.", "2022-11-01"),
        _c("signatory", "string", "Who signed the document.", "Suzanne Lunn"),
        _c("status", "string", "ok, or error when the file could not be processed.", "ok", True),
        _c("error", "string", "One-line reason when status is error.", "encrypted PDF"),
        _c("chars", "integer", "Length of the document text in characters.", "8069"),
        _c("pipeline_version", "string", "Version of the pipeline and models that produced the row.", "0.1.0"),
    ],
    "statute_refs": [
        _ROW_ID, _DOC_ID,
        _c("act_title", "string", "Short title of the Act with its year.", "Education Act 1996"),
        _c("act_year", "integer", "Year of the Act.", "1996"),
        _c("section", "string", "Section as written; a range as 23C-24D; Part 1; Schedule 2.", "497A"),
        _c("subsection", "string", "Bracketed part after the section.", "(4B)"),
        _c("paragraph", "string", "Paragraph of a Schedule (section Schedule 7), with any subparagraph.", "3(2)"),
        _c("uri", "string", "legislation.gov.uk identifier down to the provision, when the Act is known.",
           "http://www.legislation.gov.uk/id/ukpga/1996/56/section/497A/4B"),
        _c("chapter", "integer", "Chapter number of the Act in its year.", "56"),
        _c("fuzzy", "boolean", "True when the title was linked through a near-miss spelling.", "false"),
        _c("matched_title", "string", "The title as written when it differs from the linked one.",
           "Childrens Act 1989"),
        _c("ref_kind", "string", "act, or si for a statutory instrument.", "act"),
        *_PROVENANCE,
    ],
    "people": [
        _ROW_ID, _DOC_ID,
        _c("name", "string", "The person's name in its fullest form in the document.", "Lord Norman Warner"),
        _c("role", "string", "commissioner, signatory or other.", "commissioner"),
        _c("honorific", "string", "Title before the name (Lord, Sir, Dame, Professor, Cllr, Rt Hon ...).", "Lord"),
        _c("postnominals", "string", "Letters after the name (MP, CBE, DBE ...).", "CBE"),
        _c("job_title", "string", "Post given beside the name, e.g. in a signature block.",
           "Deputy Director, Local Authority Performance and Intervention"),
        _c("mentions", "integer", "How many times the person is mentioned.", "3"),
        _c("aliases", "string", "Other forms of the name in the document, separated by '; '.", "Lord Warner"),
        _c("source", "string", "What found the person: rules, model or rules+model.", "rules+model"),
        *_PROVENANCE,
    ],
    "dates": [
        _ROW_ID, _DOC_ID,
        _c("date", "string", "ISO date: YYYY-MM-DD, or YYYY-MM for month precision, YYYY for year.", "2015-12-17"),
        _c("precision", "string", "day, month or year.", "day"),
        _c("role", "string", "issued, deadline, appointment, effective, expiry, published (a web page's "
           "publication line) or event.", "issued"),
        _c("is_range", "boolean", "True for a period such as a financial year (2015-17).", "false"),
        *_PROVENANCE,
    ],
    "durations": [
        _ROW_ID, _DOC_ID,
        _c("duration", "string", "ISO 8601 duration or recurrence of a relative expression; never resolved to a date.",
           "P3M"),
        _c("kind", "string", "within, every, recurring or relative.", "within"),
        *_PROVENANCE,
    ],
    "obligations": [
        _ROW_ID, _DOC_ID,
        _c("obligation_id", "string", "Numbering path ('7.b.ii'); annex items prefixed with the annex letter "
           "('A.1.a'), a numbered Schedule/Annex/Appendix/Attachment with S/A/App/Att and its number "
           "('S1.1').", "7.b.ii"),
        _c("parent_id", "string", "obligation_id of the parent item.", "7.b"),
        _c("level", "integer", "Depth in the hierarchy, 1 = top.", "3"),
        _c("label", "string", "Label as written.", "ii."),
        _c("actor", "string", "Who must act.", "the Authority"),
        _c("modal", "string", "must, shall, will, should, may or is to.", "shall"),
        _c("deadline", "string", "ISO date the item sets as its deadline.", "2016-04"),
        _c("section", "string", "Heading or annex the item sits under.", "Annex A"),
        *_PROVENANCE,
    ],
    "relations": [
        _ROW_ID, _DOC_ID,
        _c("relation", "string", "revokes, replaces, amends or refers_to.", "revokes"),
        _c("target_kind", "string", "Kind of the earlier document referred to.", "statutory_direction"),
        _c("target_date", "string", "Date of the earlier document (ISO).", "2013-03-18"),
        *_PROVENANCE,
    ],
    "pages": [
        _DOC_ID,
        _c("page", "integer", "1-based page number.", "1"),
        _c("start", "integer", "Offset of the page's first character in the document text.", "0"),
        _c("end", "integer", "Offset just past the page's last character.", "3120"),
        _c("source", "string", "text (text layer or plain input) or ocr.", "text"),
        _c("ocr_confidence", "number", "Mean OCR word confidence (0-100) for OCR pages.", "91.5"),
    ],
}

# The long per-document table written to DIR/documents/<doc_id>.csv.
DOCUMENT_LONG: list[Column] = [
    _DOC_ID,
    _c("table", "string", "Which corpus table the fact comes from.", "dates"),
    _c("row_id", "string", "row_id of the fact in that table.", "3f9a1c2b7d10"),
    _c("field", "string", "Column name.", "date"),
    _c("value", "string", "Column value.", "2015-12-17"),
    _c("page", "integer", "Page of the fact.", "3"),
    _c("start", "integer", "Start offset of the fact.", "1043"),
    _c("end", "integer", "End offset of the fact.", "1086"),
]


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]
