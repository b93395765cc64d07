"""The command line: argument parsing, progress and exit codes; the work is done elsewhere.

Exit codes: 0 success, 1 some inputs failed (the rest are written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import __version__


def _extract(args: argparse.Namespace) -> int:
    from pipeline.batch import Options, run_batch
    from pipeline.store import FORMATS

    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        print(f"error: unknown output format(s) {', '.join(bad)}; choose from {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    opts = Options(workers=args.workers, force=args.force, formats=formats, timeout=args.timeout,
                   pdf_engine=args.pdf_engine, only=set(args.only.split(",")) if args.only else None)
    try:
        log = open(args.log_json, "w", encoding="utf-8") if args.log_json else None  # noqa: SIM115
    except OSError as err:
        print(f"error: cannot write log: {err}", file=sys.stderr)
        return 2
    from pipeline.store import OutputLocked

    if args.workers < 0 or args.timeout <= 0:
        print("error: --workers must be >= 0 and --timeout > 0", file=sys.stderr)
        return 2
    try:
        summary = run_batch(args.inputs, args.out, opts, progress=not args.quiet, log=log)
    except FileNotFoundError as err:
        print(f"error: no such file or folder: {err}", file=sys.stderr)
        return 2
    except OutputLocked as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # the output folder cannot be created or written
        print(f"error: cannot write to {args.out}: {err.strerror or err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: previous outputs left as they were", file=sys.stderr)
        return 130
    finally:
        if log is not None:
            log.close()
    if not args.quiet:
        _print_summary(summary, args.out)
    return 1 if summary.failed else 0


def _print_summary(summary: object, out: str) -> None:
    from rich.console import Console
    from rich.table import Table

    s = summary  # pipeline.batch.Summary
    console = Console(stderr=True)
    t = Table(title=f"pipeline {__version__}: {out}", show_header=True, header_style="bold")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for name, n in s.rows.items():  # type: ignore[attr-defined]
        t.add_row(name, str(n))
    console.print(t)
    rate = s.pages / s.elapsed if s.elapsed else 0.0  # type: ignore[attr-defined]
    console.print(f"documents: {s.ok} ok, {s.failed} failed ({s.cached} from cache); "  # type: ignore[attr-defined]
                  f"{s.pages} pages in {s.elapsed:.1f} s ({rate:.1f} pages/s)")  # type: ignore[attr-defined]
    for doc_id, err in s.errors[:20]:  # type: ignore[attr-defined]
        console.print(f"  [red]error[/red] {doc_id}: {err}")
    if s.failed > 20:  # type: ignore[attr-defined]
        console.print(f"  ... and {s.failed - 20} more (see documents.csv)")  # type: ignore[attr-defined]


def _evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import main as evaluate_main

    return evaluate_main(Path(args.gold), Path(args.out), as_json=args.json, ablation=args.ablation)


def _outline(args: argparse.Namespace) -> int:
    from pipeline.ingest import IngestError, ingest
    from pipeline.structure import format_outline, parse_outline

    try:
        doc = ingest(args.file)
    except (IngestError, FileNotFoundError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(format_outline(parse_outline(doc.text), doc.text))
    return 0


def _train(args: argparse.Namespace) -> int:
    from pipeline.train import main as train_main

    return train_main(args.what, Path(args.corpus), Path(args.models), seed=args.seed)


def _query(args: argparse.Namespace) -> int:
    from pipeline.query import main as query_main

    return query_main(Path(args.dir), args.sql, csv_out=args.csv)


def _report(args: argparse.Namespace) -> int:
    from pipeline.report import main as report_main

    return report_main(Path(args.dir))


def _validate(args: argparse.Namespace) -> int:
    from pipeline.validate import main as validate_main

    return validate_main(Path(args.dir))


def _bench(args: argparse.Namespace) -> int:
    from pipeline.bench import main as bench_main

    return bench_main(pages=args.pages, out=Path(args.out) if args.out else None, ocr=args.ocr, layout=args.layout)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pipeline", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"pipeline {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract every table from files and folders")
    e.add_argument("inputs", nargs="+", help="files and folders (searched recursively)")
    e.add_argument("--out", required=True, help="output folder")
    e.add_argument("-j", "--workers", type=int, default=1, help="worker processes (0: in this process)")
    e.add_argument("--force", action="store_true", help="re-extract documents even when cached")
    e.add_argument("--format", default="csv,parquet,duckdb", help="output formats, comma-separated")
    e.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per document")
    e.add_argument("--pdf-engine", choices=("pypdfium2", "pdfplumber"), default="pypdfium2",
                   help="PDF text-layer reader")
    e.add_argument("--only", help="run only these extractors (comma-separated)")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    e.add_argument("--log-json", help="write one JSON line per document to this file")
    e.set_defaults(func=_extract)

    v = sub.add_parser("evaluate", help="precision/recall/F1 of a run against gold annotations")
    v.add_argument("gold", help="folder of <doc_id>.json gold files")
    v.add_argument("out", help="output folder of a run")
    v.add_argument("--json", action="store_true", help="print the full report as JSON")
    v.add_argument("--ablation", action="store_true",
                   help="also run rules-only variants over the gold documents and show what each part adds")
    v.set_defaults(func=_evaluate)

    o = sub.add_parser("outline", help="print a document's numbered structure as a tree")
    o.add_argument("file")
    o.set_defaults(func=_outline)

    t = sub.add_parser("train", help="train the shipped models from corpus/")
    t.add_argument("what", choices=("people", "kind", "all"), nargs="?", default="all")
    t.add_argument("--corpus", default="corpus/dev",
                   help="annotated documents to learn from (composed_extra is kept held out)")
    t.add_argument("--models", default="models")
    t.add_argument("--seed", type=int, default=0)
    t.set_defaults(func=_train)

    q = sub.add_parser("query", help="run SQL over a run's DuckDB database")
    q.add_argument("dir")
    q.add_argument("sql", help="SQL, or the name of an example query (see README)")
    q.add_argument("--csv", action="store_true", help="write CSV to stdout instead of a table")
    q.set_defaults(func=_query)

    r = sub.add_parser("report", help="write DIR/dashboard.html")
    r.add_argument("dir")
    r.set_defaults(func=_report)

    va = sub.add_parser("validate", help="check a run's tables against datapackage.json")
    va.add_argument("dir")
    va.set_defaults(func=_validate)

    b = sub.add_parser("bench", help="throughput benchmark (ratios against raw PDF readers)")
    b.add_argument("--pages", type=int, default=600, help="pages in the generated corpus")
    b.add_argument("--out", help="write the results as JSON here")
    b.add_argument("--ocr", action="store_true", help="also measure OCR throughput")
    b.add_argument("--layout", choices=("published", "plain"), default="published",
                   help="how the corpus PDFs are typeset (see benchmarks/README.md)")
    b.set_defaults(func=_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    return int(args.func(args))
