"""Shared by the extractor benchmarks: corpus texts repeated up to a size."""

from __future__ import annotations

from pathlib import Path


def repeated_texts(corpus: Path, megabytes: float) -> tuple[list[str], list[str], int]:
    """(the corpus's .txt texts, those texts repeated until ``megabytes`` of UTF-8, their size)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt files in {corpus}")
    target = int(megabytes * 1_000_000)
    docs: list[str] = []
    size = 0
    while size < target:
        for t in texts:
            docs.append(t)
            size += len(t.encode("utf-8"))
    return texts, docs, size
