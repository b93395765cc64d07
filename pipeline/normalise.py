"""Facts to rows: one dict per row, with exactly the contract's columns (see schema.py).

Rows, not DataFrames, because the store streams them to disk document by document; pandas
and DuckDB take over once a run's tables are complete.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from typing import Any

from pipeline import __version__
from pipeline.document import Document, Extraction, Fact
from pipeline.schema import DOCUMENT_LONG, TABLES, columns

Row = dict[str, Any]
Tables = dict[str, list[Row]]


def row_id(doc_id: str, table: str, *parts: Any) -> str:
    """A short id that depends only on what the row says and where, so it survives re-runs."""
    h = hashlib.sha1("\x1f".join(map(str, (doc_id, table, *parts))).encode("utf-8"))
    return h.hexdigest()[:16]


def _provenance(doc: Document, fact: Fact) -> Row:
    return {
        "text": fact.text,
        "page": doc.page_at(fact.start),
        "start": fact.start,
        "end": fact.end,
        "snippet": doc.snippet(fact.start, fact.end),
    }


# Each table's columns in contract order, listed once rather than for every row.
_COLUMNS = {name: columns(name) for name in TABLES}


def _shape(table: str, row: Row) -> Row:
    """``row`` with exactly the table's columns, in order (absent ones None)."""
    return {c: row.get(c) for c in _COLUMNS[table]}


def document_row(doc: Document | None, **values: Any) -> Row:
    row: Row = {"status": "ok", "error": None, "pipeline_version": __version__}
    if doc is not None:
        row.update(doc_id=doc.doc_id, source=doc.source, sha256=doc.sha256, input_type=doc.input_type,
                   pages=len(doc.pages), chars=len(doc.text))
    row.update(values)
    return _shape("documents", row)


def error_tables(doc_id: str, source: str, error: str, sha256: str | None = None,
                 input_type: str | None = None) -> Tables:
    """The tables for a file that failed: its one documents row, nothing else."""
    tables: Tables = {t: [] for t in TABLES}
    tables["documents"].append(document_row(None, doc_id=doc_id, source=source, sha256=sha256,
                                            input_type=input_type, status="error", error=error))
    return tables


def to_tables(ex: Extraction) -> Tables:
    doc = ex.document
    d = doc.doc_id
    t: Tables = {name: [] for name in TABLES}
    f = ex.facts
    t["documents"].append(document_row(
        doc, kind=f.kind, kind_source=f.kind_source, authority=f.authority, authority_type=f.authority_type,
        authority_code=f.authority_code, title=f.title, issued_date=f.issued_date, signatory=f.signatory))
    for p in doc.pages:
        t["pages"].append(_shape("pages", {"doc_id": d, "page": p.number, "start": p.start, "end": p.end,
                                           "source": p.source, "ocr_confidence": p.ocr_confidence}))
    for s in ex.statute_refs:
        t["statute_refs"].append(_shape("statute_refs", {
            "row_id": row_id(d, "statute_refs", s.start, s.end, s.act_title, s.section, s.subsection),
            "doc_id": d, "act_title": s.act_title, "act_year": s.act_year, "section": s.section,
            "subsection": s.subsection, "paragraph": s.paragraph, "uri": s.uri, "chapter": s.chapter, "fuzzy": s.fuzzy,
            "matched_title": s.matched_title, "ref_kind": s.kind, **_provenance(doc, s)}))
    for p in ex.people:
        t["people"].append(_shape("people", {
            "row_id": row_id(d, "people", p.name), "doc_id": d, "name": p.name, "role": p.role,
            "honorific": p.honorific or None, "postnominals": p.postnominals or None,
            "job_title": p.job_title or None, "mentions": p.mentions, "aliases": "; ".join(p.aliases) or None,
            "source": p.source, **_provenance(doc, p)}))
    for x in ex.dates:
        if x.date is None:
            t["durations"].append(_shape("durations", {
                "row_id": row_id(d, "durations", x.start, x.end), "doc_id": d, "duration": x.duration,
                "kind": x.role, **_provenance(doc, x)}))
        else:
            t["dates"].append(_shape("dates", {
                "row_id": row_id(d, "dates", x.start, x.end, x.date), "doc_id": d, "date": x.date,
                "precision": x.precision, "role": x.role, "is_range": x.is_range, **_provenance(doc, x)}))
    for o in ex.obligations:
        t["obligations"].append(_shape("obligations", {
            "row_id": row_id(d, "obligations", o.obligation_id, o.start), "doc_id": d,
            "obligation_id": o.obligation_id, "parent_id": o.parent_id, "level": o.level, "label": o.label,
            "actor": o.actor, "modal": o.modal, "deadline": o.deadline, "section": o.section,
            **_provenance(doc, o)}))
    for r in f.relations:
        t["relations"].append(_shape("relations", {
            "row_id": row_id(d, "relations", r.start, r.end, r.relation), "doc_id": d, "relation": r.relation,
            "target_kind": r.target_kind, "target_date": r.target_date, **_provenance(doc, r)}))
    return t


_LONG_SKIP = {"doc_id", "row_id", "page", "start", "end", "snippet"}


def long_table(tables: Tables) -> list[Row]:
    """All of one document's facts as one tidy long table (one row per fact and field)."""
    out: list[Row] = []
    for table, rows in tables.items():
        if table == "pages":
            continue
        for r in rows:
            rid = r.get("row_id") or row_id(r["doc_id"], table)
            for k, v in r.items():
                if k in _LONG_SKIP or v is None or v == "":
                    continue
                out.append({c.name: None for c in DOCUMENT_LONG} | {
                    "doc_id": r["doc_id"], "table": table, "row_id": rid, "field": k, "value": v,
                    "page": r.get("page"), "start": r.get("start"), "end": r.get("end")})
    return out


def as_dict(obj: Any) -> Any:
    """A dataclass tree as plain data (for JSON logs and caches)."""
    if is_dataclass(obj):
        return {f.name: as_dict(getattr(obj, f.name)) for f in fields(obj) if f.name != "parent"}
    if isinstance(obj, list):
        return [as_dict(x) for x in obj]
    return obj
