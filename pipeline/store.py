"""Writing a run's tables: streamed, then published atomically; a cache of finished documents.

Rows are appended to CSV files in a staging folder as each document finishes, so memory does
not grow with the corpus. ``commit`` derives Parquet and DuckDB from the staged CSVs (DuckDB
streams them), writes ``datapackage.json``, marks the staging folder complete and only then
moves each file into place with an atomic rename. A run killed before the mark leaves the
previous outputs as they were (its staging folder is discarded by the next run); one killed
while publishing is rolled forward by the next run, so every table is either all old or all new.
An exclusive lock on ``DIR/.lock`` keeps two runs from writing one folder at once.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from pipeline import __version__
from pipeline.normalise import Row, Tables, long_table
from pipeline.schema import DOCUMENT_LONG, TABLES, Column, columns

FORMATS = ("csv", "parquet", "duckdb")
DB_NAME = "pipeline.duckdb"
MANIFEST = ".manifest.json"  # hashes of the published CSVs: lets an unchanged re-run skip DuckDB entirely
_COMPLETE = ".complete"  # inside a staging folder: everything is staged, publishing may (re)start
_DUCK_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}
_LONG_COLS = [c.name for c in DOCUMENT_LONG]
_LONG_FORMAT = f"{__version__}:long1"  # bump when the per-document table's rendering changes
_CACHE_FORMAT = "r2"  # bump when Rendered or the CSV rendering changes (this file is not in the code hash)


class OutputLocked(RuntimeError):
    """Another run holds the output folder."""


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def _csv_text(cols: list[str], rows: Iterable[Row], header: bool = False) -> str:
    """``rows`` as CSV lines in the order of ``cols`` (after a header line when asked)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(cols)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


@dataclass
class Rendered:
    """One document's rows as CSV text, ready to append: what a worker sends and the cache keeps.

    Rendering happens once, in the worker, so the parent (one process for every worker) and a
    re-run from the cache only copy text. The documents row stays a row: its ``source`` is the
    path the file is read from in *this* run, so it (and its part of the long table) is rendered
    by the writer.
    """

    documents: list[Row]
    csv: dict[str, str]  # table -> CSV lines without header, every table but documents
    counts: dict[str, int]
    long: str | None  # the long table's lines for every table but documents (ok documents only)

    @classmethod
    def from_tables(cls, tables: Tables) -> Rendered:
        rest = {t: rows for t, rows in tables.items() if t != "documents" and t in TABLES}
        ok = tables["documents"][0]["status"] == "ok"
        return cls(documents=tables["documents"],
                   csv={t: _csv_text(columns(t), rows) for t, rows in rest.items()},
                   counts={t: len(rows) for t, rows in tables.items()},
                   long=_csv_text(_LONG_COLS, long_table(rest)) if ok else None)

    def long_csv(self) -> str:
        """The per-document long table (header, the documents row's facts, the other facts)."""
        return _csv_text(_LONG_COLS, long_table({"documents": self.documents}), header=True) + (self.long or "")

    def encode(self) -> bytes:
        """A cache entry's bytes (gzip'd JSON)."""
        raw = json.dumps(asdict(self), ensure_ascii=False).encode("utf-8", "surrogatepass")
        return gzip.compress(raw, compresslevel=1, mtime=0)

    @classmethod
    def decode(cls, data: bytes) -> Rendered | None:
        try:
            d = json.loads(gzip.decompress(data).decode("utf-8", "surrogatepass"))
            r = cls(d["documents"], d["csv"], d["counts"], d["long"])
        except (OSError, ValueError, EOFError, KeyError, TypeError):  # damaged by a crash: recompute
            return None
        return r if r.documents and isinstance(r.csv, dict) else None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks so large inputs do not sit in memory."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def datapackage(formats: Iterable[str]) -> dict[str, Any]:
    """A Frictionless Data Package describing every table (the data dictionary)."""

    def field(c: Column) -> dict[str, Any]:
        f: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        if c.example:
            f["example"] = c.example
        if c.required:
            f["constraints"] = {"required": True}
        return f

    resources = []
    for name, cols in TABLES.items():
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [field(c) for c in cols], "missingValues": [""],
                       **({"primaryKey": ["row_id"]} if cols[0].name == "row_id" else {})},
        })
    resources.append({
        "name": "document_facts", "path": "documents/*.csv", "profile": "tabular-data-resource",
        "description": "One long table per document: every fact of the document, one row per field.",
        "schema": {"fields": [field(c) for c in DOCUMENT_LONG], "missingValues": [""]},
    })
    return {
        "profile": "tabular-data-package",
        "name": "council-intervention-extractions",
        "title": "Extractions from UK ministerial intervention documents",
        "version": __version__,
        "formats": sorted(formats),
        "resources": resources,
    }


def preload(formats: Iterable[str]) -> threading.Thread | None:
    """Import DuckDB in a background thread when the run will need it at commit.

    The batch parent mostly waits on its workers, so the import (about 0.13 s) happens while they
    extract instead of after the last document; ``_derive``'s own import then finds it loaded.
    """
    if not set(formats) & {"parquet", "duckdb"}:
        return None

    def load() -> None:
        with contextlib.suppress(ImportError):
            import duckdb  # noqa: F401

    t = threading.Thread(target=load, name="preload-duckdb", daemon=True)
    t.start()
    return t


def _derived_names(fmt: str) -> list[str]:
    if fmt == "parquet":
        return [f"{t}.parquet" for t in TABLES]
    if fmt == "duckdb":
        return [DB_NAME]
    return []


def _publish(stage: Path, out_dir: Path) -> None:
    """Move a complete staging folder's files into ``out_dir``; safe to repeat after a kill.

    The per-document folder is swapped first, then the corpus tables, the manifest last, so a
    manifest on disk always describes tables that are in place.
    """
    docs_new = stage / "documents"
    docs_final = out_dir / "documents"
    old = stage / "documents.old"
    if docs_new.exists():
        if docs_final.exists():
            os.replace(docs_final, old)
        os.replace(docs_new, docs_final)
    shutil.rmtree(old, ignore_errors=True)
    removals = stage / ".remove"
    if removals.exists():  # derived outputs of formats this run did not write: stale, so removed
        for name in removals.read_text(encoding="utf-8").split():
            with contextlib.suppress(FileNotFoundError):
                (out_dir / name).unlink()
    names = sorted(p.name for p in stage.iterdir() if p.name not in {_COMPLETE, MANIFEST, ".remove"})
    for name in names:
        os.replace(stage / name, out_dir / name)
    if (stage / MANIFEST).exists():
        os.replace(stage / MANIFEST, out_dir / MANIFEST)
    shutil.rmtree(stage, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Finish or discard what an earlier, killed run left behind (call with the lock held)."""
    for stage in sorted(out_dir.glob(".staging-*")):
        if not stage.is_dir():
            continue
        if (stage / _COMPLETE).exists():
            _publish(stage, out_dir)
        else:
            shutil.rmtree(stage, ignore_errors=True)
    for old in out_dir.glob(".old-documents-*"):  # left by the first version of this module
        shutil.rmtree(old, ignore_errors=True)


class RunWriter:
    """Stages one run's outputs under ``out_dir`` and publishes them on ``commit``."""

    def __init__(self, out_dir: Path, formats: Iterable[str] = FORMATS) -> None:
        self.out_dir = Path(out_dir)
        self.formats = set(formats) | {"csv"}  # CSV is the staging format and the contract
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.out_dir)
        try:
            recover(self.out_dir)
            self.stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))
            (self.stage / "documents").mkdir()
            self._files: dict[str, IO[str]] = {}
            for t in TABLES:
                self._files[t] = (self.stage / f"{t}.csv").open("w", newline="", encoding="utf-8",
                                                                 errors="replace")  # lone surrogates
        except BaseException:
            self._close()
            self._unlock()
            raise
        for t, fh in self._files.items():
            fh.write(_csv_text(columns(t), [], header=True))
        self.counts = {t: 0 for t in TABLES}
        self._old = self._manifest()
        self._old_docs: dict[str, str] = self._old.get("documents", {})
        self._doc_keys: dict[str, str] = {}

    def _manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.out_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _reuse(self, doc_id: str, key: str, target: Path) -> bool:
        """Hard-link the published per-document table when it was made from the very same rows."""
        if self._old_docs.get(doc_id) != key:
            return False
        src = self.out_dir / "documents" / f"{doc_id}.csv"
        try:
            os.link(src, target)
        except OSError:
            try:
                shutil.copyfile(src, target)
            except OSError:
                return False
        return True

    def add(self, rows: Tables | Rendered, key: str | None = None) -> None:
        """Append one document's rows (as tables, or already rendered by a worker or the cache).

        ``key`` names the rows' provenance (file hash, pipeline version, source path): a published
        per-document table with the same key is reused."""
        r = rows if isinstance(rows, Rendered) else Rendered.from_tables(rows)
        self._files["documents"].write(_csv_text(columns("documents"), r.documents))
        for t, text in r.csv.items():
            if t in self._files:
                self._files[t].write(text)
        for t, n in r.counts.items():
            if t in self.counts:
                self.counts[t] += n
        doc = r.documents[0]
        if doc["status"] == "ok":
            target = self.stage / "documents" / f"{doc['doc_id']}.csv"
            if key is not None:
                key = f"{_LONG_FORMAT}|{key}"
                self._doc_keys[doc["doc_id"]] = key
            if key is None or not self._reuse(doc["doc_id"], key, target):
                target.write_text(r.long_csv(), encoding="utf-8", errors="replace", newline="")

    def _derive(self) -> None:
        import duckdb

        con = duckdb.connect(str(self.stage / DB_NAME)) if "duckdb" in self.formats else duckdb.connect()
        try:
            for t, cols in TABLES.items():
                spec = ", ".join(f"'{c.name}': '{_DUCK_TYPES[c.type]}'" for c in cols)
                src = str(self.stage / f"{t}.csv").replace("'", "''")
                con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{src}', header=true, "
                            f"columns={{{spec}}}, nullstr='', quote='\"', escape='\"', auto_detect=false)")
                if "parquet" in self.formats:
                    dst = str(self.stage / f"{t}.parquet").replace("'", "''")
                    con.execute(f"COPY {t} TO '{dst}' (FORMAT parquet)")
        finally:
            con.close()

    def _unchanged(self, hashes: dict[str, str], derived: list[str]) -> bool:
        """True when the published tables already are exactly these, with their derived files."""
        old = self._old
        return (bool(old) and old.get("tables") == hashes and set(old.get("formats", [])) >= self.formats
                and all((self.out_dir / n).exists() for n in derived))

    def commit(self) -> None:
        self._close()
        try:
            hashes = {t: file_sha256(self.stage / f"{t}.csv") for t in TABLES}
            derived = [n for f in sorted(self.formats) for n in _derived_names(f)]
            if not self._unchanged(hashes, derived):
                self._derive()
            stale = [n for f in FORMATS if f not in self.formats for n in _derived_names(f)]
            (self.stage / ".remove").write_text("\n".join(stale) + "\n", encoding="utf-8")
            (self.stage / "datapackage.json").write_text(
                json.dumps(datapackage(self.formats), indent=2) + "\n", encoding="utf-8")
            (self.stage / MANIFEST).write_text(json.dumps(
                {"version": __version__, "formats": sorted(self.formats), "tables": hashes,
                 "documents": self._doc_keys}, indent=1, sort_keys=True) + "\n",
                encoding="utf-8")
            (self.stage / _COMPLETE).touch()  # from here on, a killed run is rolled forward
            _fault("publish")
            _publish(self.stage, self.out_dir)
        finally:
            self._unlock()

    def abort(self) -> None:
        """Discard the staged run, unless it was already being published (then the next run finishes it)."""
        self._close()
        if not (self.stage / _COMPLETE).exists():
            shutil.rmtree(self.stage, ignore_errors=True)
        self._unlock()

    def _close(self) -> None:
        for fh in getattr(self, "_files", {}).values():
            fh.close()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _lock(out_dir: Path) -> IO[bytes] | None:
    """An exclusive, non-blocking lock on the output folder, released when the file closes."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        return None
    fh = (out_dir / ".lock").open("a+b")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise OutputLocked(f"another run is writing to {out_dir}") from None
    return fh


def _fault(point: str) -> None:
    """Test hook: PIPELINE_TEST_FAULTS containing ``die@<point>`` ends the process right here."""
    if f"die@{point}" in os.environ.get("PIPELINE_TEST_FAULTS", "").split(","):
        os._exit(70)


class Cache:
    """Finished documents' rows, keyed by file hash, doc_id and the pipeline's version."""

    def __init__(self, out_dir: Path, version_key: str) -> None:
        self.dir = Path(out_dir) / ".cache"
        self.key = version_key

    def _path(self, sha256: str, doc_id: str) -> Path:
        safe = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.dir / sha256[:2] / f"{sha256}-{safe}-{self.key}-{_CACHE_FORMAT}.json.gz"

    def get(self, sha256: str, doc_id: str) -> Rendered | None:
        try:
            data = self._path(sha256, doc_id).read_bytes()
        except OSError:  # missing: compute
            return None
        return Rendered.decode(data)

    def put(self, sha256: str, doc_id: str, rows: Rendered | Tables | bytes) -> None:
        if isinstance(rows, bytes):
            data = rows
        else:
            data = (rows if isinstance(rows, Rendered) else Rendered.from_tables(rows)).encode()
        p = self._path(sha256, doc_id)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, p)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:  # a full disk or read-only cache costs speed next time, never the run
            pass
