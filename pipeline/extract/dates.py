"""Placeholder: replaced by the real dates extractor."""

from __future__ import annotations

from pipeline.document import Extraction
from pipeline.extract import register


@register("dates", "dates")
def extract(ex: Extraction) -> list:
    return []
