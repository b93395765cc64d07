"""Throughput of the statutes extractor in MB of text per second, on one core.

Builds a few MB of text from the corpus (each file is one document, repeated) and also times
the same text as one long document, since the resolution pass sees every mention of a document.
Reports CPU time of this process (what one core delivers) next to wall time, which on a shared
machine also counts time spent waiting for the CPU.

    .venv/bin/python benchmarks/bench_statutes.py [corpus_dir] [--mb 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from textcorpus import repeated_texts

from pipeline.extract.statutes import find_refs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default="corpus/dev/text", type=Path)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of text to process")
    args = ap.parse_args()
    texts, docs, size = repeated_texts(args.corpus, args.mb)
    find_refs(texts[0])  # warm up: loads the table, compiles the patterns

    def report(label: str, mb: float, n: int, cpu: float, wall: float) -> None:
        print(f"{label}: {mb:.1f} MB, {n} refs, cpu {cpu:.2f} s -> {mb / cpu:.1f} MB/s "
              f"(wall {wall:.2f} s -> {mb / wall:.1f} MB/s)")

    c0, w0 = time.process_time(), time.perf_counter()
    n = sum(len(find_refs(d)) for d in docs)
    report(f"per document ({len(docs)} docs)", size / 1e6, n, time.process_time() - c0, time.perf_counter() - w0)

    one = "\n\n".join(docs[: max(1, len(docs) // 5)])
    c0, w0 = time.process_time(), time.perf_counter()
    n = len(find_refs(one))
    report("one long document", len(one.encode("utf-8")) / 1e6, n, time.process_time() - c0, time.perf_counter() - w0)


if __name__ == "__main__":
    main()
