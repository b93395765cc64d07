"""Writing a run's tables: streamed, then published atomically; a cache of finished documents.

Rows are appended to CSV files in a staging folder as each document finishes, so memory does
not grow with the corpus. ``commit`` derives Parquet and DuckDB from the staged CSVs (DuckDB
streams them), writes ``datapackage.json``, and only then moves each file into place with an
atomic rename: a run killed at any point leaves the previous outputs as they were.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.normalise import Row, Tables, long_table
from pipeline.schema import DOCUMENT_LONG, TABLES, Column, columns

FORMATS = ("csv", "parquet", "duckdb")
DB_NAME = "pipeline.duckdb"
_DUCK_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_csv(path: Path, cols: list[str], rows: Iterable[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])


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


class RunWriter:
    """Stages one run's outputs under ``out_dir`` and publishes them on ``commit``."""

    def __init__(self, out_dir: Path, formats: Iterable[str] = FORMATS) -> None:
        self.out_dir = Path(out_dir)
        self.formats = set(formats) | {"csv"}  # CSV is the staging format and the contract
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))
        (self.stage / "documents").mkdir()
        self._files = {t: (self.stage / f"{t}.csv").open("w", newline="", encoding="utf-8") for t in TABLES}
        self._writers = {t: csv.writer(fh, lineterminator="\n") for t, fh in self._files.items()}
        for t, w in self._writers.items():
            w.writerow(columns(t))
        self.counts = {t: 0 for t in TABLES}
        self.doc_ids: set[str] = set()

    def add(self, tables: Tables) -> None:
        for t, rows in tables.items():
            cols = columns(t)
            for r in rows:
                self._writers[t].writerow([_cell(r.get(c)) for c in cols])
            self.counts[t] += len(rows)
        doc = tables["documents"][0]
        self.doc_ids.add(doc["doc_id"])
        if doc["status"] == "ok":
            write_csv(self.stage / "documents" / f"{doc['doc_id']}.csv", [c.name for c in DOCUMENT_LONG],
                      long_table(tables))

    def _derive(self) -> None:
        import duckdb

        con = duckdb.connect(str(self.stage / DB_NAME)) if "duckdb" in self.formats else duckdb.connect()
        try:
            for t, cols in TABLES.items():
                spec = ", ".join(f"'{c.name}': '{_DUCK_TYPES[c.type]}'" for c in cols)
                src = str(self.stage / f"{t}.csv")
                con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{src}', header=true, "
                            f"columns={{{spec}}}, nullstr='', quote='\"', escape='\"', auto_detect=false)")
                if "parquet" in self.formats:
                    con.execute(f"COPY {t} TO '{self.stage / (t + '.parquet')}' (FORMAT parquet)")
        finally:
            con.close()

    def commit(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._derive()
        (self.stage / "datapackage.json").write_text(json.dumps(datapackage(self.formats), indent=2) + "\n",
                                                     encoding="utf-8")
        # Publish: per-document tables first (a fresh folder swapped in), then the corpus tables.
        docs_final = self.out_dir / "documents"
        old = self.out_dir / f".old-documents-{os.getpid()}"
        if docs_final.exists():
            os.replace(docs_final, old)
        os.replace(self.stage / "documents", docs_final)
        shutil.rmtree(old, ignore_errors=True)
        for p in sorted(self.stage.iterdir()):
            os.replace(p, self.out_dir / p.name)
        shutil.rmtree(self.stage, ignore_errors=True)

    def abort(self) -> None:
        for fh in self._files.values():
            fh.close()
        shutil.rmtree(self.stage, ignore_errors=True)


class Cache:
    """Finished documents' rows, keyed by file hash, doc_id and the pipeline's version."""

    def __init__(self, out_dir: Path, version_key: str) -> None:
        self.dir = Path(out_dir) / ".cache"
        self.key = version_key

    def _path(self, sha256: str, doc_id: str) -> Path:
        return self.dir / f"{sha256[:2]}" / f"{sha256}-{doc_id}-{self.key}.json.gz"

    def get(self, sha256: str, doc_id: str) -> Tables | None:
        p = self._path(sha256, doc_id)
        try:
            with gzip.open(p, "rt", encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError):
            return None

    def put(self, sha256: str, doc_id: str, tables: Tables) -> None:
        p = self._path(sha256, doc_id)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
            fh.write(json.dumps(tables, ensure_ascii=False).encode("utf-8"))
        os.replace(tmp, p)
