"""Placeholder: replaced by the outline parser."""

from __future__ import annotations

from pipeline.document import Outline


def parse_outline(text: str) -> Outline:
    return Outline()


def format_outline(outline: Outline, text: str) -> str:
    return ""
