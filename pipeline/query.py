"""``pipeline query DIR "SQL"|NAME [--csv]``: SQL over a run's DuckDB database, read-only.

The database ``DIR/pipeline.duckdb`` holds one table per CSV (documents, statute_refs, people,
dates, durations, obligations, relations, pages). Besides free SQL, a few named queries answer
the questions researchers ask first; ``list`` prints them. A named query may take parameters,
given after the name as ``key=value`` words (bound as SQL parameters, never pasted into SQL):

    python -m pipeline query outputs "obligations-with-deadlines from=2016-01-01 to=2016-12-31"

Exit codes: 0 success, 2 for a missing database, bad SQL or an unknown parameter.
"""

from __future__ import annotations

import csv
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DB_NAME = "pipeline.duckdb"


@dataclass(frozen=True)
class Named:
    description: str
    sql: str
    params: dict[str, str] = field(default_factory=dict)  # name -> default value


# A deadline is written at day, month or year precision ("2016-04"); it falls in a range when the
# period it names overlaps the range, so "2016-04" is inside from=2016-04-15.
_DEADLINE_START = ("CAST(CASE length(o.deadline) WHEN 4 THEN o.deadline || '-01-01' "
                   "WHEN 7 THEN o.deadline || '-01' ELSE o.deadline END AS DATE)")
_DEADLINE_END = (f"CAST(CASE length(o.deadline) WHEN 4 THEN {_DEADLINE_START} + INTERVAL 1 YEAR - INTERVAL 1 DAY "
                 f"WHEN 7 THEN {_DEADLINE_START} + INTERVAL 1 MONTH - INTERVAL 1 DAY "
                 f"ELSE {_DEADLINE_START} END AS DATE)")

NAMED: dict[str, Named] = {
    "directions-per-council": Named(
        "Statutory directions per council per year (with all intervention documents for comparison).",
        """SELECT coalesce(authority, '(unknown)') AS council,
       try_cast(left(issued_date, 4) AS INTEGER) AS year,
       count(*) FILTER (WHERE kind = 'statutory_direction') AS directions,
       count(*) FILTER (WHERE kind = 'improvement_notice') AS improvement_notices,
       count(*) AS documents
FROM documents
WHERE status = 'ok'
GROUP BY ALL
ORDER BY council, year NULLS LAST"""),
    "statutes-used": Named(
        "Which sections of which Acts were used: references and documents per provision.",
        """SELECT act_title AS act, coalesce(section, '') AS section, coalesce(subsection, '') AS subsection,
       count(*) AS refs, count(DISTINCT doc_id) AS documents, any_value(uri) AS uri
FROM statute_refs
GROUP BY ALL
ORDER BY documents DESC, refs DESC, act, section, subsection"""),
    "commissioners": Named(
        "Commissioners and the councils they served, with the span of the documents naming them.",
        """SELECT p.name AS commissioner, coalesce(d.authority, '(unknown)') AS council,
       min(d.issued_date) AS first_document, max(d.issued_date) AS last_document,
       count(DISTINCT p.doc_id) AS documents, string_agg(DISTINCT p.doc_id, '; ' ORDER BY p.doc_id) AS doc_ids
FROM people p JOIN documents d USING (doc_id)
WHERE p.role = 'commissioner'
GROUP BY ALL
ORDER BY council, commissioner"""),
    "obligations-with-deadlines": Named(
        "Obligations whose deadline falls in a date range (parameters from=YYYY-MM-DD to=YYYY-MM-DD).",
        f"""SELECT o.doc_id, d.authority AS council, o.obligation_id, o.deadline, o.actor, o.modal,
       o.text, o.page, o.start, o."end"
FROM obligations o JOIN documents d USING (doc_id)
WHERE o.deadline IS NOT NULL AND o.deadline <> ''
  AND {_DEADLINE_START} <= CAST($to AS DATE) AND {_DEADLINE_END} >= CAST($from AS DATE)
ORDER BY {_DEADLINE_START}, o.doc_id, o.start""",
        {"from": "1990-01-01", "to": "2099-12-31"}),
}


class QueryError(Exception):
    """A usage problem: reported in one line, exit code 2."""


def resolve(text: str) -> tuple[str, dict[str, Any] | None]:
    """SQL and its parameters for a named query (with ``key=value`` words) or free SQL."""
    words = text.split(None, 1)
    if not words or words[0] not in NAMED:
        return text, None
    q = NAMED[words[0]]
    params = dict(q.params)
    try:
        extra = shlex.split(words[1]) if len(words) > 1 else []
    except ValueError as err:
        raise QueryError(f"cannot read the parameters of {words[0]}: {err}") from None
    for w in extra:
        key, sep, value = w.partition("=")
        if not sep or key not in params:
            known = ", ".join(f"{k}=" for k in params) or "none"
            raise QueryError(f"unknown parameter {w!r} for {words[0]} (parameters: {known})")
        params[key] = value
    return q.sql, params or None


def run(db: Path, sql: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``sql`` over the database, opened read-only."""
    import duckdb

    if not db.is_file():
        raise QueryError(f"no database at {db} (run `pipeline extract ... --out DIR` with the duckdb format)")
    try:
        # nothing is downloaded at run time: an extension a query needs is not fetched behind the user's back
        con = duckdb.connect(str(db), read_only=True, config={"autoinstall_known_extensions": False})
    except duckdb.Error as err:
        raise QueryError(f"cannot open {db}: {_one_line(err)}") from None
    try:
        cur = con.execute(sql, params) if params else con.execute(sql)
        if cur.description is None:  # a statement without a result (SET, PRAGMA ...)
            return [], []
        cols = [d[0] for d in cur.description]
        return cols, cur.fetchall()
    except duckdb.Error as err:
        raise QueryError(_one_line(err)) from None
    finally:
        con.close()


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _print_list() -> None:
    for name, q in NAMED.items():
        defaults = " ".join(f"{k}={v}" for k, v in q.params.items())
        print(f"{name}{' [' + defaults + ']' if defaults else ''}\n    {q.description}")


def main(dir: Path, sql: str, csv_out: bool = False) -> int:
    """Run ``sql`` (or a named query) over ``dir``'s database; print a table, or CSV to stdout."""
    if sql.strip() in {"list", "help"}:
        _print_list()
        return 0
    if not sql.strip():
        print("error: empty query; give SQL or one of: list, " + ", ".join(NAMED), file=sys.stderr)
        return 2
    try:
        text, params = resolve(sql.strip())
        cols, rows = run(Path(dir) / DB_NAME, text, params)
    except QueryError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if csv_out:
        w = csv.writer(sys.stdout, lineterminator="\n")
        if cols:
            w.writerow(cols)
        w.writerows([_cell(v) for v in r] for r in rows)
        return 0
    from rich.console import Console
    from rich.table import Table

    t = Table(show_header=True, header_style="bold", caption=f"{len(rows)} row{'s' * (len(rows) != 1)}")
    for c in cols:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(_cell(v) for v in r))
    # Cells are document text, so no rich markup; piped output gets room instead of rich's 80 columns.
    Console(markup=False, highlight=False, width=None if sys.stdout.isatty() else 200).print(t)
    return 0
