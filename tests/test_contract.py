"""The table contract holds end to end for awkward but valid facts."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from pipeline.batch import Options, run_batch

MONTH_ONLY = """Terms of Reference: Commissioner for Children's Services in Anytown

Issued: March 2019

1. The Commissioner will:

(a) review the Council's children's services; and

(b) report to the Secretary of State by 30 June 2019.
"""


def test_a_month_only_issue_date_is_kept_in_every_format(tmp_path: Path) -> None:
    src = tmp_path / "in" / "anytown_2019_terms_of_reference.txt"
    src.parent.mkdir()
    src.write_text(MONTH_ONLY, encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch([src.parent], out, Options(workers=0))
    assert summary.failed == 0
    with (out / "documents.csv").open(newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["issued_date"] == "2019-03"
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT issued_date FROM documents").fetchone() == ("2019-03",)
    finally:
        con.close()
    assert duckdb.sql(f"SELECT issued_date FROM '{out / 'documents.parquet'}'").fetchall() == [("2019-03",)]
