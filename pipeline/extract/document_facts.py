"""Placeholder: replaced by the real document facts extractor."""

from __future__ import annotations

from pipeline.document import DocumentFacts, Extraction
from pipeline.extract import register


@register("document_facts", "facts")
def extract(ex: Extraction) -> DocumentFacts:
    return DocumentFacts()
