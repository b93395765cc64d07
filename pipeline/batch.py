"""Running documents through the stages: discovery, caching, worker processes, timeouts.

Every input gets exactly one documents row. Workers are separate processes (pebble) so that a
document that hangs is stopped at its timeout and one that crashes its worker is reported,
while the batch goes on. Results are written in input order, so re-runs are byte-identical.

Start-up matters for small batches and re-runs: this module imports nothing heavy. The worker
pool (and with it spaCy) is only started when the first document misses the cache, so a re-run
over an unchanged folder just hashes the files and copies cached rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pipeline import __version__
from pipeline.ingest import SUPPORTED_SUFFIXES, IngestError, ingest
from pipeline.normalise import Tables, error_tables, to_tables
from pipeline.store import FORMATS, Cache, Rendered, RunWriter, file_sha256, preload

PACKAGE_DIR = Path(__file__).resolve().parent
FAULTS_ENV = "PIPELINE_TEST_FAULTS"  # test hook, see _inject_fault
CODE_VERSION_ENV = "PIPELINE_CODE_VERSION"  # when set, stands for the source files in the cache key
_MAX_ID = 150  # characters of a doc_id: keeps documents/<doc_id>.csv under the file-name limit


@dataclass
class Options:
    workers: int = 1  # 0 runs in this process (no timeout or crash isolation; for debugging)
    force: bool = False
    formats: tuple[str, ...] = FORMATS
    timeout: float = 120.0  # seconds per document
    pdf_engine: str = "pypdfium2"
    only: set[str] | None = None  # extractor names to run (all when None)
    max_file_mb: float = 512.0  # larger files are refused before anything reads them
    max_memory_mb: int = 4096  # per worker (RLIMIT_DATA): a decompression bomb fails alone, not the machine
    max_tasks: int = 500  # documents per worker before it is replaced, so worker memory stays bounded


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
    errors: list[tuple[str, str]] = field(default_factory=list)  # the first few; ``failed`` counts all


_KEEP_ERRORS = 200
# Modules that cannot change a document's rows: editing them keeps the cache (store.py writes
# files from the cached rows; the rest are other commands).
_NOT_ROWS = {"__main__.py", "cli.py", "store.py", "bench.py", "evaluate.py", "query.py", "report.py", "validate.py",
             "train.py"}


# --- versions ------------------------------------------------------------------------------


def version_key() -> str:
    """Changes whenever the code or the shipped models change, invalidating the cache.

    Source files are hashed by content; large model files by name, size and mtime, so the check
    stays fast on every run.
    """
    from pipeline.config import settings

    h = hashlib.sha256(__version__.encode())
    pinned = os.environ.get(CODE_VERSION_ENV)  # a release (or the benchmark) may name the code's version
    if pinned:
        h.update(pinned.encode())
    for root in (PACKAGE_DIR, Path(settings.models_dir)):
        if not root.exists() or (pinned and root == PACKAGE_DIR):
            continue
        for p in sorted(root.rglob("*")):
            if not p.is_file() or "__pycache__" in p.parts or p.suffix in {".pyc", ".md"}:
                continue
            if root == PACKAGE_DIR and p.parent == PACKAGE_DIR and p.name in _NOT_ROWS:
                continue
            h.update(str(p.relative_to(root)).encode("utf-8", "surrogateescape"))
            st = p.stat()
            if st.st_size > (1 << 20):
                h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
            else:
                h.update(p.read_bytes())
    return h.hexdigest()[:12]


def cache_key(opts: Options) -> str:
    """Everything that changes a document's rows besides its bytes and doc_id."""
    from pipeline.config import settings

    parts = [version_key(), opts.pdf_engine, ",".join(sorted(opts.only or ())),
             "models" if settings.use_models else "rules"]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


# --- discovery -----------------------------------------------------------------------------


def _clean_id(stem: str) -> str:
    """A doc_id that is valid UTF-8 text, one line, and short enough to be a file name."""
    s = stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    s = "".join(ch if ch.isprintable() else "_" for ch in s)
    return s[:_MAX_ID] or "_"


def _file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file, found without opening it (a FIFO would block)."""
    try:
        st = path.stat()
    except RuntimeError:
        return "symlink loop"
    except OSError as err:
        if path.is_symlink():
            return "broken symlink or symlink loop"
        return f"cannot read file: {err.strerror or err}"
    if stat.S_ISDIR(st.st_mode):
        return "is a directory"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (device, pipe or socket)"
    return None


def _walk(root: Path, add: Callable[[Path, str | None], None]) -> None:
    """Supported files under ``root`` in name order, following folder symlinks once each."""
    visited: set[tuple[int, int]] = set()

    def rec(d: Path) -> None:
        try:
            st = d.stat()
            key = (st.st_dev, st.st_ino)
            if key in visited:  # a symlink back up the tree, or a second link to a seen folder
                return
            visited.add(key)
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            add(d, f"cannot list folder: {err.strerror or err}")
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                rec(path)
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                add(path, _file_problem(path))

    rec(root)


def discover(inputs: Iterable[str | Path]) -> list[Item]:
    """Files named directly, and supported files found recursively in folders, in a stable order.

    Raises FileNotFoundError for an input that does not exist (a usage error). Paths only are
    held, never contents, so memory stays small for large folders.
    """
    items: list[Item] = []
    seen: set[str] = set()

    def add(path: Path, error: str | None = None) -> None:
        try:
            key = str(path.resolve(strict=False))
        except (OSError, RuntimeError):
            key = str(path.absolute())
            error = error or "symlink loop"
        if key in seen:
            return
        seen.add(key)
        items.append(Item("", path, error))

    for inp in inputs:
        p = Path(inp)
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            _walk(p, add)
        elif p.is_symlink() or p.exists():
            add(p, _file_problem(p))
        else:
            raise FileNotFoundError(str(p))
    # doc_id is the stem; a repeated stem gets a numbered suffix so that ids stay unique.
    used: set[str] = set()
    for it in items:
        base = _clean_id(it.path.stem if it.path.suffix.lower() in SUPPORTED_SUFFIXES else it.path.name)
        doc_id, n = base, 1
        while doc_id in used:
            n += 1
            doc_id = f"{base}~{n}"
        used.add(doc_id)
        it.doc_id = doc_id
    return items


# --- one document --------------------------------------------------------------------------


def _one_line(msg: str, limit: int = 200) -> str:
    return " ".join(str(msg).split())[:limit]


def _inject_fault(doc_id: str) -> None:
    """Test hook: ``PIPELINE_TEST_FAULTS=crash@ID,segv@ID,hang@ID,raise@ID,slow@ID`` makes that
    document kill its worker, segfault, hang, raise or take a second; unset in normal use."""
    spec = os.environ.get(FAULTS_ENV)
    if not spec:
        return
    for entry in spec.split(","):
        action, _, target = entry.partition("@")
        if target != doc_id:
            continue
        if action == "crash":
            os._exit(13)
        if action == "segv":
            import faulthandler
            import signal

            faulthandler.disable()  # no C traceback dump from the simulated crash
            os.kill(os.getpid(), signal.SIGSEGV)
        if action == "hang":
            time.sleep(3600)
        if action == "slow":
            time.sleep(1.0)
        if action == "raise":
            raise RuntimeError("injected fault")


def _process(path: str, doc_id: str, pdf_engine: str = "pypdfium2",
             only: set[str] | None = None) -> tuple[Tables, bool]:
    """(tables, cacheable): bad input becomes an error row, never an exception.

    Rows that depend only on the file's bytes and the code (results, unreadable-format errors)
    are cacheable; failures that may be transient (internal errors) are not.
    """
    try:
        _inject_fault(doc_id)
        doc = ingest(path, doc_id=doc_id, pdf_engine=pdf_engine)
    except IngestError as err:
        return error_tables(doc_id, path, _one_line(str(err)) or "unreadable file"), True
    except MemoryError:
        return error_tables(doc_id, path, "out of memory while reading the file"), False
    except RecursionError:
        return error_tables(doc_id, path, "unreadable file: structure nested too deeply"), True
    except Exception as err:  # a reader bug must not end the batch
        return error_tables(doc_id, path, f"internal error in ingestion: {type(err).__name__}: "
                            f"{_one_line(str(err))}"), False
    from pipeline.extract import run

    try:
        return to_tables(run(doc, only=only)), True
    except Exception as err:  # an extractor bug must not end the batch
        return error_tables(doc_id, path, f"internal error in extraction: {type(err).__name__}: "
                            f"{_one_line(str(err))}", sha256=doc.sha256, input_type=doc.input_type), False


def _work(path: str, doc_id: str, pdf_engine: str = "pypdfium2",
          only: set[str] | None = None) -> tuple[Rendered, bool, bytes | None]:
    """In a worker: the rows rendered as CSV text, and the cache entry's bytes, so that the parent
    (one process for every worker) only writes text."""
    tables, cacheable = _process(path, doc_id, pdf_engine, only)
    rendered = Rendered.from_tables(tables)
    return rendered, cacheable, rendered.encode() if cacheable else None


def process_file(path: str, doc_id: str, pdf_engine: str = "pypdfium2",
                 only: set[str] | None = None) -> Tables:
    """One file through every stage; bad input becomes an error row, never an exception."""
    return _process(path, doc_id, pdf_engine, only)[0]


def _limit_memory(max_memory_mb: int = 0) -> None:
    """Worker start: cap its memory so that a decompression bomb fails alone, not the machine."""
    if max_memory_mb > 0:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            limit = max_memory_mb << 20
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _warm(only: set[str] | None = None) -> None:
    """Load the extractors, their models and lazy indexes by extracting a tiny document.

    Called in the parent just before the pool forks its workers, so every worker (and every
    replacement for one that crashed or timed out) starts warm, sharing the loaded models
    copy-on-write, and model loading never counts against a document's timeout.
    """
    try:
        import pipeline.ingest.pdf  # noqa: F401  (pypdfium2 and the layout patterns, shared by every worker)
        from pipeline.document import Document
        from pipeline.extract import run, warm_all

        warm_all(only)
        run(Document(doc_id="warm-up", source="", sha256="", input_type="text", text=_WARM_TEXT), only=only)
    except Exception:  # the same error is reported per document by _process
        pass


_WARM_TEXT = """Direction to a Borough Council under section 15 of the Local Government Act 1999

1. The Council shall prepare an action plan by 1 April 2020.
2. The Council must report within three months.

Signed on behalf of the Secretary of State, 2 January 2020
"""


# --- the run -------------------------------------------------------------------------------


Result = tuple[Item, Rendered, bool]  # (item, its rows, from_cache)


# Seconds of OCR a scanned page may take (about 2-4 s measured at 300 dpi), with room to spare.
OCR_SECONDS_PER_PAGE = 8.0
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![s\w])")


def timeout_for(path: Path, base: float) -> float:
    """The per-document limit: ``base``, raised for a large PDF that may need OCR page by page.

    A scanned PDF of 60 pages needs minutes of OCR, which a limit sized for text documents would
    stop; its page objects, counted in the raw bytes, bound what it may take.
    """
    try:
        if path.stat().st_size < (2 << 20):  # text-layer PDFs this small never need long
            return base
        with path.open("rb") as fh:
            data = fh.read(256 << 20)
    except OSError:
        return base
    if not data.startswith(b"%PDF"):
        return base
    pages = min(len(_PAGE_OBJECT.findall(data)), 2000)
    return max(base, pages * OCR_SECONDS_PER_PAGE)


def _precheck(it: Item, opts: Options, cache: Cache) -> tuple[str | None, tuple[Rendered, bool] | None]:
    """(sha256, (rows, from_cache)) for an item that needs no worker; (sha256, None) otherwise."""
    if it.error:
        return None, (_error(it, it.error), False)
    try:
        size = it.path.stat().st_size
        if size > opts.max_file_mb * (1 << 20):
            return None, (_error(it, f"file too large ({size / (1 << 20):.0f} MB; limit {opts.max_file_mb:g} MB)"),
                          False)
        if "eperm@" + it.doc_id in os.environ.get(FAULTS_ENV, "").split(","):  # root ignores chmod 000
            raise PermissionError(13, "Permission denied")
        sha = file_sha256(it.path)
    except PermissionError:
        return None, (_error(it, "permission denied"), False)
    except OSError as err:
        return None, (_error(it, f"cannot read file: {err.strerror or err}"), False)
    if not opts.force:
        hit = cache.get(sha, it.doc_id)
        if hit is not None:
            hit.documents[0]["source"] = str(it.path)
            return sha, (hit, True)
    return sha, None


def _error(it: Item, reason: str, sha: str | None = None) -> Rendered:
    return Rendered.from_tables(error_tables(it.doc_id, str(it.path), reason, sha256=sha))


def _finish(it: Item, sha: str, rows: Rendered, cacheable: bool, cache: Cache, blob: bytes | None = None) -> Rendered:
    doc = rows.documents[0]
    if not doc.get("sha256"):
        doc["sha256"] = sha
    if cacheable:
        cache.put(sha, it.doc_id, blob if blob is not None else rows)
    return rows


def _in_process(items: list[Item], opts: Options, cache: Cache) -> Iterator[Result]:
    for it in items:
        sha, pre = _precheck(it, opts, cache)
        if pre is not None:
            yield it, *pre
            continue
        assert sha is not None
        tables, cacheable = _process(str(it.path), it.doc_id, opts.pdf_engine, opts.only)
        yield it, _finish(it, sha, Rendered.from_tables(tables), cacheable, cache), False


def _pooled(items: list[Item], opts: Options, cache: Cache, later: list[Callable[[], Any]]) -> Iterator[Result]:
    """Results in input order from a pool created only when a document misses the cache.

    Once every result is in, joining the pool (its threads poll every 0.1 s) is left to ``later``,
    so that the tables are published meanwhile."""
    pool: Any = None
    window = max(4, opts.workers * 4)
    queue: deque[tuple[Item, str | None, Any, tuple[Rendered, bool] | None]] = deque()

    def resolve(it: Item, sha: str | None, fut: Any) -> Rendered:
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        try:
            rows, cacheable, blob = fut.result()
        except FutureTimeout:
            return _error(it, f"timed out after {timeout_for(it.path, opts.timeout):g} s", sha)
        except ProcessExpired as err:
            code = err.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            return _error(it, f"worker crashed ({how})", sha)
        except Exception as err:  # pickling or pool failures: report, go on
            return _error(it, f"worker failed: {type(err).__name__}: {_one_line(str(err))}", sha)
        assert sha is not None
        return _finish(it, sha, rows, cacheable, cache, blob)

    try:
        todo = iter(items)
        while True:
            while len(queue) < window:
                it = next(todo, None)
                if it is None:
                    break
                sha, pre = _precheck(it, opts, cache)
                if pre is not None:
                    queue.append((it, sha, None, pre))
                    continue
                if pool is None:
                    from pebble import ProcessPool

                    _warm(opts.only)
                    pool = ProcessPool(max_workers=opts.workers, max_tasks=opts.max_tasks,
                                       initializer=_limit_memory, initargs=(opts.max_memory_mb,))
                    preload(opts.formats)
                fut = pool.schedule(_work, args=(str(it.path), it.doc_id, opts.pdf_engine, opts.only),
                                    timeout=timeout_for(it.path, opts.timeout))
                queue.append((it, sha, fut, None))
            if not queue:
                break
            it, sha, fut, pre = queue.popleft()
            yield (it, *pre) if pre is not None else (it, resolve(it, sha, fut), False)
    finally:
        if pool is not None:
            if queue:  # interrupted: do not wait for the rest
                pool.stop()
                pool.join()
            else:
                pool.close()
                later.append(pool.join)


def run_batch(inputs: Iterable[str | Path], out_dir: str | Path, opts: Options | None = None,
              progress: bool = False, log: IO[str] | None = None) -> Summary:
    """Extract every input into the tables under ``out_dir``; see the module docstring.

    Raises FileNotFoundError for a missing input and store.OutputLocked when another run is
    writing ``out_dir`` (both usage errors for the command line); bad documents never raise.
    """
    opts = opts or Options()
    t0 = time.perf_counter()
    items = discover(inputs)
    writer = RunWriter(Path(out_dir), opts.formats)
    summary = Summary()
    bar = None
    later: list[Callable[[], Any]] = []
    try:
        cache = Cache(Path(out_dir), cache_key(opts))
        bar = _progress(len(items)) if progress else None
        results = _in_process(items, opts, cache) if opts.workers <= 0 else _pooled(items, opts, cache, later)
        for it, rows, cached in results:
            doc = rows.documents[0]
            writer.add(rows, key=f"{doc.get('sha256')}|{cache.key}|{doc.get('source')}")
            ok = doc["status"] == "ok"
            summary.ok += ok
            summary.failed += not ok
            summary.cached += cached
            summary.pages += int(doc.get("pages") or 0)
            if not ok and len(summary.errors) < _KEEP_ERRORS:
                summary.errors.append((it.doc_id, doc["error"]))
            if log is not None:
                log.write(json.dumps({"event": "document", "doc_id": it.doc_id, "source": str(it.path),
                                      "status": doc["status"], "error": doc["error"], "pages": doc.get("pages"),
                                      "cached": cached, "elapsed": round(time.perf_counter() - t0, 3)}) + "\n")
                log.flush()
            if bar is not None:
                bar[0].update(bar[1], advance=1, pages=summary.pages)
        if bar is not None:
            bar[0].stop()
            bar = None
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar[0].stop()
        for finish in later:
            finish()
    summary.rows = dict(writer.counts)
    summary.elapsed = time.perf_counter() - t0
    if log is not None:
        log.write(json.dumps({"event": "summary", "ok": summary.ok, "failed": summary.failed,
                              "cached": summary.cached, "pages": summary.pages, "rows": summary.rows,
                              "elapsed": round(summary.elapsed, 3)}) + "\n")
        log.flush()
    return summary


def _progress(total: int) -> tuple[Any, Any] | None:
    """A rich progress bar on stderr (documents, pages/s, ETA), only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class PagesPerSecond(ProgressColumn):
        def render(self, task: Any) -> Text:
            pages = task.fields.get("pages", 0)
            rate = pages / task.elapsed if task.elapsed else 0.0
            return Text(f"{rate:6.1f} pages/s", style="progress.data.speed")

    prog = Progress(TextColumn("extracting"), BarColumn(bar_width=24), MofNCompleteColumn(), TextColumn("docs"),
                    PagesPerSecond(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)
    prog.start()
    task = prog.add_task("docs", total=total, pages=0)
    return prog, task
