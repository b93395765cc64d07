"""Placeholder: replaced by the real statutes extractor."""

from __future__ import annotations

from pipeline.document import Extraction
from pipeline.extract import register


@register("statutes", "statute_refs")
def extract(ex: Extraction) -> list:
    return []
