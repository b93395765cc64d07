"""``pipeline validate DIR``: check a run's tables against its data dictionary (datapackage.json).

Checks, per table: the file exists; the header has the dictionary's columns in its order; every
value parses as its column's type; required fields are filled; the primary key (row_id) is
unique; every fact row's doc_id is in documents.csv; date columns (and the ISO-date strings of
partial precision, such as dates.date or obligations.deadline) are ISO; start <= end. The
per-document long tables and the DuckDB copy (row counts) are checked too.

Plain Python over the CSVs, streamed row by row: the checks are few and the dictionary is ours,
so a validation library would add a dependency without adding checks.

Exit codes: 0 clean, 1 problems found (each printed), 2 nothing to validate (no folder or
datapackage.json).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DB_NAME = "pipeline.duckdb"
_SHOW = 5  # problems of one kind printed per column before they are only counted

_INT = re.compile(r"[+-]?\d+")
_NUM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_ISO_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# ISO date strings of partial precision: string-typed in the dictionary because "2016-04" is not a
# date, so they are named here. Columns of type "date" are checked from the dictionary itself.
ISO_STRING_COLUMNS = {("dates", "date"), ("obligations", "deadline"), ("relations", "target_date"),
                      ("documents", "issued_date")}


def _is_date(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


def _is_iso_partial(v: str) -> bool:
    if not _ISO_PARTIAL.fullmatch(v):
        return False
    padded = v + "-01-01"[len(v) - 4:] if len(v) < 10 else v
    return _is_date(padded)


_TYPES: dict[str, Callable[[str], bool]] = {
    "string": lambda v: True,
    "integer": lambda v: bool(_INT.fullmatch(v)),
    "number": lambda v: bool(_NUM.fullmatch(v)) or v in {"NaN", "INF", "-INF"},
    "boolean": lambda v: v in {"true", "false"},
    "date": _is_date,
}


class Report:
    """Problems grouped by kind, so a systematic fault prints a few examples and a count."""

    def __init__(self) -> None:
        self.groups: dict[str, list[str]] = defaultdict(list)
        self.order: list[str] = []

    def add(self, group: str, message: str) -> None:
        if group not in self.groups:
            self.order.append(group)
        self.groups[group].append(message)

    def __len__(self) -> int:
        return sum(len(v) for v in self.groups.values())

    def lines(self) -> Iterator[str]:
        for g in self.order:
            msgs = self.groups[g]
            yield from msgs[:_SHOW]
            if len(msgs) > _SHOW:
                yield f"{g}: ... and {len(msgs) - _SHOW} more like this"


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        yield from csv.reader(fh)


def _check_header(where: str, header: list[str], names: list[str], rep: Report) -> bool:
    """True when the header is exactly the dictionary's columns in order."""
    if header == names:
        return True
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    if missing:
        rep.add(f"{where}:missing", f"{where}: missing column(s) {', '.join(missing)}")
    if extra:
        rep.add(f"{where}:extra", f"{where}: column(s) not in the dictionary {', '.join(extra)}")
    if not missing and not extra:
        rep.add(f"{where}:order", f"{where}: columns out of order: {', '.join(header)} (expected {', '.join(names)})")
    return False


def _check_table(path: Path, where: str, fields: list[dict[str, Any]], table: str, pkey: list[str],
                 rep: Report, doc_ids: set[str] | None, on_row: Callable[[dict[str, str]], None] | None = None,
                 ) -> int:
    """Check one CSV against its fields; return the number of data rows."""
    names = [f["name"] for f in fields]
    rows = _rows(path)
    header = next(rows, None)
    if header is None:
        rep.add(f"{where}:empty", f"{where}: empty file (no header)")
        return 0
    _check_header(where, header, names, rep)
    idx = {h: i for i, h in enumerate(header)}
    checks = []
    for f in fields:
        if f["name"] not in idx:
            continue
        iso = (table, f["name"]) in ISO_STRING_COLUMNS
        checks.append((f["name"], idx[f["name"]], _TYPES.get(f.get("type", "string"), _TYPES["string"]),
                       f.get("type", "string"), bool(f.get("constraints", {}).get("required")), iso))
    seen: Counter[tuple[str, ...]] = Counter()
    n = 0
    for lineno, r in enumerate(rows, start=2):
        n += 1
        at = f"{where} line {lineno}"
        if len(r) != len(header):
            rep.add(f"{where}:width", f"{at}: {len(r)} values for {len(header)} columns")
            continue
        for name, i, ok, type_, required, iso in checks:
            v = r[i]
            if v == "":
                if required:
                    rep.add(f"{where}:{name}:required", f"{at}: required field {name} is empty")
                continue
            if not ok(v):
                rep.add(f"{where}:{name}:type", f"{at}: {name}={v!r} is not a valid {type_}")
            elif iso and not _is_iso_partial(v):
                rep.add(f"{where}:{name}:iso", f"{at}: {name}={v!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        row = dict(zip(header, r, strict=True))
        if pkey and all(k in row for k in pkey):
            key = tuple(row[k] for k in pkey)
            seen[key] += 1
            if seen[key] == 2:
                rep.add(f"{where}:pkey", f"{at}: duplicate {'/'.join(pkey)} {'/'.join(key)}")
        if doc_ids is not None and row.get("doc_id") and row["doc_id"] not in doc_ids:
            rep.add(f"{where}:doc_id", f"{at}: doc_id {row['doc_id']!r} is not in documents.csv")
        s, e = row.get("start", ""), row.get("end", "")
        if _INT.fullmatch(s) and _INT.fullmatch(e) and int(s) > int(e):
            rep.add(f"{where}:span", f"{at}: start {s} is after end {e}")
        if on_row is not None:
            on_row(row)
    return n


def validate(out_dir: Path) -> Report:
    """Every problem found in the run under ``out_dir``."""
    rep = Report()
    pkg = json.loads((out_dir / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in pkg.get("resources", [])}
    counts: dict[str, int] = {}
    doc_ids: set[str] = set()

    def note_doc(row: dict[str, str]) -> None:
        if row.get("doc_id") in doc_ids:
            rep.add("documents.csv:doc_id:dup", f"documents.csv: doc_id {row['doc_id']!r} appears twice")
        doc_ids.add(row.get("doc_id", ""))

    # documents first: every other table's doc_ids are checked against it
    names = sorted(resources, key=lambda n: n != "documents")
    for name in names:
        res = resources[name]
        path_spec = res.get("path", "")
        fields = res.get("schema", {}).get("fields", [])
        pkey = res.get("schema", {}).get("primaryKey", [])
        if isinstance(pkey, str):
            pkey = [pkey]
        if "*" in path_spec:
            _check_long(out_dir, path_spec, fields, name, rep, doc_ids)
            continue
        path = out_dir / path_spec
        if not path.is_file():
            rep.add(f"{path_spec}:file", f"{path_spec}: missing")
            continue
        counts[name] = _check_table(path, path_spec, fields, name, pkey, rep,
                                    None if name == "documents" else doc_ids,
                                    note_doc if name == "documents" else None)
    if "duckdb" in pkg.get("formats", []):
        _check_duckdb(out_dir / DB_NAME, counts, rep)
    return rep


def _check_long(out_dir: Path, pattern: str, fields: list[dict[str, Any]], name: str, rep: Report,
                doc_ids: set[str]) -> None:
    """The per-document long tables: dictionary columns, and each file holds its own document only."""
    for path in sorted(out_dir.glob(pattern)):
        where = str(path.relative_to(out_dir))
        stem = path.stem
        if stem not in doc_ids:
            rep.add(f"{name}:orphan", f"{where}: no documents.csv row for {stem!r}")

        def own(row: dict[str, str], where: str = where, stem: str = stem) -> None:
            if row.get("doc_id") != stem:
                rep.add(f"{name}:foreign", f"{where}: row of doc_id {row.get('doc_id')!r} in {stem}'s file")

        _check_table(path, where, fields, name, [], rep, None, own)


def _check_duckdb(db: Path, counts: dict[str, int], rep: Report) -> None:
    """The database must hold the same rows as the CSVs (it is derived from them)."""
    if not db.is_file():
        rep.add("duckdb:file", f"{DB_NAME}: missing (datapackage.json lists the duckdb format)")
        return
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as err:
        rep.add("duckdb:open", f"{DB_NAME}: cannot open: {err}")
        return
    try:
        for table, n in counts.items():
            try:
                (m,) = con.execute(f'SELECT count(*) FROM "{table}"').fetchone() or (0,)
            except duckdb.Error:
                rep.add("duckdb:table", f"{DB_NAME}: no table {table}")
                continue
            if m != n:
                rep.add("duckdb:count", f"{DB_NAME}: {table} has {m} rows, {table}.csv has {n}")
    finally:
        con.close()


def main(dir: Path) -> int:
    out_dir = Path(dir)
    pkg = out_dir / "datapackage.json"
    if not pkg.is_file():
        print(f"error: no datapackage.json in {out_dir} (is it the output folder of a run?)", file=sys.stderr)
        return 2
    try:
        rep = validate(out_dir)
    except (ValueError, KeyError, TypeError) as err:  # a damaged datapackage.json
        print(f"error: cannot read {pkg}: {err}", file=sys.stderr)
        return 2
    if not len(rep):
        print(f"ok: {out_dir} matches its datapackage.json")
        return 0
    for line in rep.lines():
        print(line)
    print(f"{len(rep)} problem{'s' * (len(rep) != 1)} in {out_dir}", file=sys.stderr)
    return 1
