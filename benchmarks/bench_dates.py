"""Throughput of the date extractor in MB of text per second on one core.

Concatenates the dev corpus text until it reaches ``--mb`` megabytes and times one extraction
over it, then the same text document by document as the pipeline runs it. The first call (cold:
caches empty) is timed on its own, with whether it imported dateparser: month words come from a
table, so a typical run should not (dateparser's import costs 0.8-1.8 s per process). The headline
figure is CPU time of this process, i.e. one core's throughput whatever else the machine is doing;
wall time is shown beside it. Target: >= 1 MB/s.

    .venv/bin/python benchmarks/bench_dates.py [--mb 4]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from textcorpus import repeated_texts

from pipeline.extract.dates import extract_dates

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="megabytes of text to process")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus" / "dev" / "text")
    args = ap.parse_args()

    texts, parts, _ = repeated_texts(args.corpus, args.mb)
    w0 = time.perf_counter()
    extract_dates(texts[0])  # cold call: fills the caches
    print(f"first call {1000 * (time.perf_counter() - w0):.0f} ms; dateparser imported: {'dateparser' in sys.modules}")
    text = "\n\n".join(parts)
    mb = len(text.encode("utf-8")) / 1_000_000

    c0, w0 = time.process_time(), time.perf_counter()
    facts = extract_dates(text)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    c0, w0 = time.process_time(), time.perf_counter()
    n = sum(len(extract_dates(p)) for p in parts)
    cpu_doc, wall_doc = time.process_time() - c0, time.perf_counter() - w0
    print(f"{mb:.2f} MB, {len(facts)} facts as one text: {mb / cpu:.2f} MB/s CPU ({mb / wall:.2f} wall); "
          f"{len(parts)} documents, {n} facts: {mb / cpu_doc:.2f} MB/s CPU ({mb / wall_doc:.2f} wall)")

if __name__ == "__main__":
    main()
