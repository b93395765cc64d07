"""Throughput of the date extractor in MB of text per second on one core.

Concatenates the dev corpus text until it reaches ``--mb`` megabytes and times one extraction
over it (after one warm-up run on a single document, so dateparser's import is not counted).
Target: >= 1 MB/s.

    .venv/bin/python benchmarks/bench_dates.py [--mb 4]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.extract.dates import extract_dates

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="megabytes of text to process")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "dev" / "text")
    args = ap.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    extract_dates(texts[0])  # warm-up: imports and caches
    target = int(args.mb * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        for t in texts:
            parts.append(t)
            size += len(t.encode("utf-8"))
    text = "\n\n".join(parts)
    mb = len(text.encode("utf-8")) / 1_000_000

    t0 = time.perf_counter()
    facts = extract_dates(text)
    whole = time.perf_counter() - t0
    # Per document as well, as the pipeline runs it (per-document overheads included).
    t0 = time.perf_counter()
    n = sum(len(extract_dates(p)) for p in parts)
    per_doc = time.perf_counter() - t0
    print(f"{mb:.2f} MB, {len(facts)} facts: one text {mb / whole:.2f} MB/s, "
          f"per document ({len(parts)} docs, {n} facts) {mb / per_doc:.2f} MB/s")


if __name__ == "__main__":
    main()
