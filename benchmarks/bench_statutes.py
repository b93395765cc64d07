"""Throughput of the statutes extractor in MB of text per second, on one core.

Builds a few MB of text from the corpus (each file is one document, repeated) and also times
the same text as one long document, since the resolution pass sees every mention of a document.

    .venv/bin/python benchmarks/bench_statutes.py [corpus_dir] [--mb 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.extract.statutes import find_refs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="corpus/dev/text", type=Path)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of text to process")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt files in {args.corpus}")
    target = int(args.mb * 1_000_000)
    docs: list[str] = []
    size = 0
    while size < target:
        for t in texts:
            docs.append(t)
            size += len(t.encode("utf-8"))
    find_refs(texts[0])  # warm up: loads the table, compiles the patterns

    t0 = time.perf_counter()
    n = sum(len(find_refs(d)) for d in docs)
    dt = time.perf_counter() - t0
    print(f"per document: {size / 1e6:.1f} MB in {len(docs)} documents, {n} refs, "
          f"{dt:.2f} s -> {size / 1e6 / dt:.1f} MB/s")

    one = "\n\n".join(docs[: max(1, len(docs) // 5)])
    mb = len(one.encode("utf-8")) / 1e6
    t0 = time.perf_counter()
    n = len(find_refs(one))
    dt = time.perf_counter() - t0
    print(f"one document: {mb:.1f} MB, {n} refs, {dt:.2f} s -> {mb / dt:.1f} MB/s")


if __name__ == "__main__":
    main()
