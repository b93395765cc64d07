"""Placeholder: replaced by the real people extractor."""

from __future__ import annotations

from pipeline.document import Extraction
from pipeline.extract import register


@register("people", "people")
def extract(ex: Extraction) -> list:
    return []
