"""Placeholder: replaced by the real obligations extractor."""

from __future__ import annotations

from pipeline.document import Extraction
from pipeline.extract import register


@register("obligations", "obligations")
def extract(ex: Extraction) -> list:
    return []
