"""Running documents through the stages: discovery, caching, worker processes, timeouts.

Every input gets exactly one documents row. Workers are separate processes (pebble) so that a
document that hangs is stopped at its timeout and one that crashes its worker is reported,
while the batch goes on. Results are written in input order, so re-runs are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline import __version__
from pipeline.ingest import SUPPORTED_SUFFIXES, IngestError, ingest
from pipeline.normalise import Tables, error_tables, to_tables
from pipeline.store import FORMATS, Cache, RunWriter

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR.parent / "models"


@dataclass
class Options:
    workers: int = 1  # 0 runs in this process (no timeout or crash isolation; for debugging)
    force: bool = False
    formats: tuple[str, ...] = FORMATS
    timeout: float = 120.0  # seconds per document
    pdf_engine: str = "pypdfium2"
    only: set[str] | None = None  # extractor names to run (all when None)


@dataclass
class Item:
    doc_id: str
    path: Path
    error: str | None = None  # set when discovery already knows the file is unusable


@dataclass
class Summary:
    ok: int = 0
    failed: int = 0
    cached: int = 0
    pages: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)


def version_key() -> str:
    """Changes whenever the code or the shipped models change, invalidating the cache."""
    h = hashlib.sha256(__version__.encode())
    roots = [PACKAGE_DIR, MODELS_DIR]
    for root in roots:
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".md"}:
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:12]


def discover(inputs: Iterable[str | Path]) -> list[Item]:
    """Files named directly, and supported files found recursively in folders, in a stable order."""
    items: list[Item] = []
    seen: set[Path] = set()

    def add(path: Path, error: str | None = None) -> None:
        try:
            key = path.resolve(strict=False)
        except (OSError, RuntimeError):
            key = path.absolute()
            error = error or "symlink loop"
        if key in seen:
            return
        seen.add(key)
        items.append(Item("", path, error))

    for inp in inputs:
        p = Path(inp)
        if p.is_dir():
            found: list[tuple[Path, str | None]] = []
            for root, dirs, files in os.walk(p, followlinks=False, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith("."):
                        continue
                    f = Path(root) / name
                    if f.suffix.lower() not in SUPPORTED_SUFFIXES:
                        continue
                    err = None
                    if f.is_symlink() and not f.exists():
                        err = "broken symlink or symlink loop"
                    found.append((f, err))
            for f, err in sorted(found, key=lambda x: str(x[0])):
                add(f, err)
        elif p.exists() or p.is_symlink():
            add(p, None if p.exists() else "broken symlink or symlink loop")
        else:
            raise FileNotFoundError(str(p))
    # doc_id is the stem; a repeated stem gets a numbered suffix so that ids stay unique.
    counts: dict[str, int] = {}
    for it in items:
        stem = it.path.stem
        n = counts.get(stem, 0) + 1
        counts[stem] = n
        it.doc_id = stem if n == 1 else f"{stem}~{n}"
    return items


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def process_file(path: str, doc_id: str, pdf_engine: str = "pypdfium2",
                 only: set[str] | None = None) -> Tables:
    """One file through every stage; bad input becomes an error row, never an exception."""
    from pipeline.extract import run

    try:
        doc = ingest(path, doc_id=doc_id, pdf_engine=pdf_engine)
    except IngestError as err:
        return error_tables(doc_id, path, str(err))
    except MemoryError:
        return error_tables(doc_id, path, "out of memory while reading the file")
    try:
        return to_tables(run(doc, only=only))
    except Exception as err:  # an extractor bug must not end the batch
        msg = " ".join(str(err).split())[:200]
        return error_tables(doc_id, path, f"internal error in extraction: {type(err).__name__}: {msg}",
                            sha256=doc.sha256, input_type=doc.input_type)


def _warm() -> None:
    """Load the extractors (and their models) once per worker, before the first document."""
    from pipeline.extract import load_all

    load_all()


def _results(items: list[Item], opts: Options, cache: Cache) -> Iterator[tuple[Item, Tables, bool]]:
    """(item, tables, from_cache) in input order, computing what the cache does not hold."""
    if opts.workers <= 0:
        for it in items:
            yield it, *_cached_or(it, opts, cache, lambda it: process_file(str(it.path), it.doc_id,
                                                                             opts.pdf_engine, opts.only))
        return

    from pebble import ProcessExpired, ProcessPool

    window = max(4, opts.workers * 4)
    with ProcessPool(max_workers=opts.workers, initializer=_warm) as pool:
        queue: deque[tuple[Item, Any, tuple[Tables, bool] | None]] = deque()
        todo = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(queue) < window:
                it = next(todo, None)
                if it is None:
                    exhausted = True
                    break
                pre = _precheck(it, opts, cache)
                if pre is not None:
                    queue.append((it, None, pre))
                else:
                    fut = pool.schedule(process_file, args=(str(it.path), it.doc_id, opts.pdf_engine, opts.only),
                                        timeout=opts.timeout)
                    queue.append((it, fut, None))
            if not queue:
                return
            it, fut, pre = queue.popleft()
            if fut is None:
                assert pre is not None
                yield it, *pre
                continue
            try:
                tables = fut.result()
            except FutureTimeout:
                tables = error_tables(it.doc_id, str(it.path), f"timed out after {opts.timeout:g} s")
            except ProcessExpired as err:
                tables = error_tables(it.doc_id, str(it.path), f"worker crashed (exit code {err.exitcode})")
            except Exception as err:  # pickling or pool failures: report, go on
                tables = error_tables(it.doc_id, str(it.path), f"worker failed: {type(err).__name__}: {err}")
            yield it, *_store(it, tables, cache)


def _precheck(it: Item, opts: Options, cache: Cache) -> tuple[Tables, bool] | None:
    """(tables, from_cache) for an item that needs no worker: known-bad, unreadable, or cached."""
    if it.error:
        return error_tables(it.doc_id, str(it.path), it.error), False
    try:
        sha = _sha256(it.path)
    except PermissionError:
        return error_tables(it.doc_id, str(it.path), "permission denied"), False
    except OSError as err:
        return error_tables(it.doc_id, str(it.path), f"cannot read file: {err.strerror or err}"), False
    if not opts.force:
        hit = cache.get(sha, it.doc_id)
        if hit is not None:
            hit["documents"][0]["source"] = str(it.path)
            return hit, True
    return None


def _store(it: Item, tables: Tables, cache: Cache) -> tuple[Tables, bool]:
    doc = tables["documents"][0]
    if doc["status"] == "ok" and doc.get("sha256"):
        cache.put(doc["sha256"], it.doc_id, tables)
    elif doc.get("sha256") is None:
        try:
            doc["sha256"] = _sha256(it.path)
        except OSError:
            pass
    return tables, False


def _cached_or(it: Item, opts: Options, cache: Cache, compute: Callable[[Item], Tables]) -> tuple[Tables, bool]:
    pre = _precheck(it, opts, cache)
    if pre is not None:
        return pre
    return _store(it, compute(it), cache)


def run_batch(inputs: Iterable[str | Path], out_dir: str | Path, opts: Options | None = None,
              progress: bool = False, log: IO[str] | None = None) -> Summary:
    """Extract every input into the tables under ``out_dir``; see the module docstring."""
    opts = opts or Options()
    t0 = time.perf_counter()
    items = discover(inputs)
    writer = RunWriter(Path(out_dir), opts.formats)
    cache = Cache(Path(out_dir), version_key() + ("-" + ",".join(sorted(opts.only)) if opts.only else ""))
    summary = Summary()
    bar = _progress(len(items)) if progress else None
    try:
        for it, tables, cached in _results(items, opts, cache):
            writer.add(tables)
            doc = tables["documents"][0]
            ok = doc["status"] == "ok"
            summary.ok += ok
            summary.failed += not ok
            summary.cached += cached
            summary.pages += int(doc.get("pages") or 0)
            if not ok:
                summary.errors.append((it.doc_id, doc["error"]))
            if log is not None:
                log.write(json.dumps({"doc_id": it.doc_id, "source": str(it.path), "status": doc["status"],
                                      "error": doc["error"], "pages": doc.get("pages"), "cached": cached,
                                      "elapsed": round(time.perf_counter() - t0, 3)}) + "\n")
                log.flush()
            if bar is not None:
                bar[0].update(bar[1], advance=1, pages=summary.pages)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar[0].stop()
    summary.rows = dict(writer.counts)
    summary.elapsed = time.perf_counter() - t0
    return summary


def _progress(total: int) -> tuple[Any, Any] | None:
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    class PagesPerSecond(TextColumn):
        def render(self, task: Any) -> Any:  # noqa: D102
            pages = task.fields.get("pages", 0)
            rate = pages / task.elapsed if task.elapsed else 0.0
            return super().render(task).__class__(f"{rate:6.1f} pages/s")

    prog = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), PagesPerSecond(""),
                    TimeRemainingColumn(), transient=True)
    prog.start()
    task = prog.add_task("docs", total=total, pages=0)
    return prog, task
