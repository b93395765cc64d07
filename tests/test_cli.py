"""The command line: every output, the summary, --format, --quiet, exit codes 0/1/2, start-up cost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.test_robustness import DIRECTION, NOTICE, read_rows, run_cli, snapshot

TABLE_NAMES = ("documents", "statute_refs", "people", "dates", "durations", "obligations", "relations", "pages")
PINNED = {"PIPELINE_CODE_VERSION": "test-cli"}  # source edits made while the test runs must not void the cache
HEAVY = ("spacy", "dateparser", "duckdb", "pandas", "pebble", "pdfplumber", "pypdfium2")


@pytest.mark.parametrize("argv", [
    [],
    ["extract"],
    ["extract", "nowhere/at/all.pdf", "--out", "x"],
    ["extract", ".", "--out", "x", "--format", "csv,xlsx"],
    ["extract", ".", "--out", "x", "--workers", "-1"],
    ["extract", ".", "--out", "x", "--bogus-option"],
])
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert not (tmp_path / "x" / "documents.csv").exists()


def test_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "-q"]) == 2


def test_extract_writes_everything_then_reruns_cached(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "wexcombe_notice.txt").write_text(NOTICE, encoding="utf-8")
    (src / "thornbury_direction.txt").write_text(DIRECTION, encoding="utf-8")

    res = run_cli("extract", str(src), "--out", str(out), "-j", "1", env=PINNED)
    assert res.returncode == 0, res.stderr
    assert "documents: 2 ok, 0 failed" in res.stderr and "statute_refs" in res.stderr  # the summary
    for t in TABLE_NAMES:
        assert (out / f"{t}.csv").exists() and (out / f"{t}.parquet").exists(), t
    assert {p.name for p in (out / "documents").iterdir()} == {"wexcombe_notice.csv", "thornbury_direction.csv"}
    assert [r["status"] for r in read_rows(out / "documents.csv")] == ["ok", "ok"]
    pkg = json.loads((out / "datapackage.json").read_text())
    assert {r["name"] for r in pkg["resources"]} >= set(TABLE_NAMES)
    import duckdb

    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone() == (2,)
    finally:
        con.close()
    first = snapshot(out)

    # unchanged folder: served from the cache without importing anything heavy
    res = run_cli("-X", "importtime", "-m", "pipeline", "extract", str(src), "--out", str(out), "-q",
                  python_args=True, env=PINNED)
    assert res.returncode == 0 and snapshot(out) == first
    imported = {line.split("|")[-1].strip().split(".")[0] for line in res.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY), imported & set(HEAVY)

    # a bad file: exit 1, nothing printed with -q, CSV only (stale Parquet/DuckDB removed)
    (src / "scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    res = run_cli("extract", str(src), "--out", str(out), "-q", "-j", "0", "--format", "csv")
    assert res.returncode == 1 and res.stdout == "" and res.stderr == ""
    rows = {r["doc_id"]: r for r in read_rows(out / "documents.csv")}
    assert rows["scan"]["error"] == "not a document: a PNG image named .pdf"
    assert not list(out.glob("*.parquet")) and not (out / "pipeline.duckdb").exists()

    # and the summary names it when not quiet
    res = run_cli("extract", str(src), "--out", str(out), "-j", "0", "--format", "csv")
    assert res.returncode == 1 and "2 ok, 1 failed" in res.stderr and "scan" in res.stderr
