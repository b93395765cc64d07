"""``pipeline query``: named queries give the expected answers, free SQL works, the database stays
untouched, and bad SQL or a missing database exit 2. Also runs every example in docs/QUERIES.md.

The run is built with the real store (RunWriter) from hand-written rows of invented documents, so
the expected answers do not depend on how far the extractors have got. ``make_run`` is shared
with the report and validate tests.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main as cli
from pipeline.normalise import row_id
from pipeline.schema import TABLES
from pipeline.store import RunWriter

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)">'


def _fact(doc: str, table: str, text: str, start: int, page: int = 1, **values: Any) -> dict[str, Any]:
    return {"row_id": row_id(doc, table, start, text), "doc_id": doc, "text": text, "page": page,
            "start": start, "end": start + len(text), "snippet": f"... {text} ...", **values}


def _doc(doc: str, kind: str | None, authority: str | None, issued: str | None, status: str = "ok") -> dict:
    return {"doc_id": doc, "source": f"in/{doc}.txt", "sha256": hashlib.sha256(doc.encode()).hexdigest(),
            "input_type": "text", "pages": 2, "kind": kind, "authority": authority, "issued_date": issued,
            "status": status, "error": "unreadable file" if status == "error" else None, "chars": 4000,
            "pipeline_version": "test"}


def fixture_tables() -> list[dict[str, list[dict[str, Any]]]]:
    """Three invented documents (two councils) and one failed file, one ``Tables`` dict each."""
    w, r, t = "wexcombe_2019_direction", "wexcombe_2021_revocation", "thornbury_2020_notice"
    ea, lga = "Education Act 1996", "Local Government Act 1999"
    docs = [
        {"documents": [_doc(w, "statutory_direction", "Wexcombe Borough Council", "2019-03-14")],
         "statute_refs": [
             _fact(w, "statute_refs", "section 497A(4B) of the Education Act 1996", 40, act_title=ea, act_year=1996,
                   section="497A", subsection="(4B)", uri="http://www.legislation.gov.uk/id/ukpga/1996/56/section/497A/4B"),
             _fact(w, "statute_refs", "section 15(6)(a) of the Local Government Act 1999", 300, act_title=lga,
                   act_year=1999, section="15", subsection="(6)(a)")],
         "people": [
             _fact(w, "people", "Dame Priya Halloran", 500, name="Dame Priya Halloran", role="commissioner",
                   honorific="Dame", mentions=2),
             _fact(w, "people", "Martin Eccleston", 3900, page=2, name="Martin Eccleston", role="signatory")],
         "dates": [_fact(w, "dates", "14 March 2019", 3950, page=2, date="2019-03-14", precision="day",
                         role="issued", is_range=False)],
         "obligations": [
             _fact(w, "obligations", "The Council shall submit an improvement plan by September 2019", 1200,
                   obligation_id="3", level=1, label="3.", actor="the Council", modal="shall", deadline="2019-09"),
             _fact(w, "obligations", "The Council shall report on progress by 31 January 2020", 1400,
                   obligation_id="4", level=1, label="4.", actor="the Council", modal="shall",
                   deadline="2020-01-31"),
             _fact(w, "obligations", "The Council shall co-operate with the Commissioner", 1600,
                   obligation_id="5", level=1, label="5.", actor="the Council", modal="shall")]},
        {"documents": [_doc(r, "revocation", "Wexcombe Borough Council", "2021-06-02")],
         "statute_refs": [_fact(r, "statute_refs", "section 497A(4B) of the Education Act 1996", 90, act_title=ea,
                                act_year=1996, section="497A", subsection="(4B)")],
         "people": [_fact(r, "people", "Priya Halloran", 200, name="Dame Priya Halloran", role="commissioner")],
         "relations": [_fact(r, "relations", "the Direction issued on 14 March 2019", 150, relation="revokes",
                             target_kind="statutory_direction", target_date="2019-03-14")]},
        {"documents": [_doc(t, "improvement_notice", "Thornbury Metropolitan Borough Council", "2020-11-05")],
         "statute_refs": [_fact(t, "statute_refs", "section 15 of the Local Government Act 1999", 60,
                                act_title=lga, act_year=1999, section="15")],
         "people": [_fact(t, "people", "Owen Tremlett", 700, name="Owen Tremlett", role="commissioner",
                          job_title=HOSTILE)],
         "durations": [_fact(t, "durations", "within three months", 800, duration="P3M", kind="within")],
         "obligations": [_fact(t, "obligations", f"The Council must publish {HOSTILE} by March 2021", 900,
                               obligation_id="2.a", parent_id="2", level=2, label="(a)", actor="the Council",
                               modal="must", deadline="2021-03")]},
        {"documents": [_doc("broken_file", None, None, None, status="error")]},
    ]
    for tables in docs:
        for name in TABLES:
            tables.setdefault(name, [])
        d = tables["documents"][0]
        if d["status"] == "ok":
            tables["pages"] = [{"doc_id": d["doc_id"], "page": p, "start": (p - 1) * 2000, "end": p * 2000,
                                "source": "text"} for p in (1, 2)]
    return docs


def make_run(out: Path, formats: tuple[str, ...] = ("csv", "parquet", "duckdb")) -> Path:
    """A complete run folder (CSVs, DuckDB, datapackage.json, per-document tables) of the fixture."""
    w = RunWriter(out, formats)
    for tables in fixture_tables():
        w.add(tables)
    w.commit()
    return out


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("run"))


def query_csv(capsys: pytest.CaptureFixture[str], out: Path, sql: str) -> list[dict[str, str]]:
    assert cli(["query", str(out), sql, "--csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_directions_per_council(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = query_csv(capsys, run_dir, "directions-per-council")
    got = {(r["council"], r["year"]): (r["directions"], r["documents"]) for r in rows}
    assert got == {("Wexcombe Borough Council", "2019"): ("1", "1"),
                   ("Wexcombe Borough Council", "2021"): ("0", "1"),
                   ("Thornbury Metropolitan Borough Council", "2020"): ("0", "1")}


def test_statutes_used(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = query_csv(capsys, run_dir, "statutes-used")
    assert (rows[0]["act"], rows[0]["section"], rows[0]["subsection"], rows[0]["documents"]) == \
        ("Education Act 1996", "497A", "(4B)", "2")
    assert {(r["act"], r["section"], r["subsection"]) for r in rows[1:]} == {
        ("Local Government Act 1999", "15", "(6)(a)"), ("Local Government Act 1999", "15", "")}


def test_commissioners(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = query_csv(capsys, run_dir, "commissioners")
    got = {(r["commissioner"], r["council"]): r for r in rows}
    assert set(got) == {("Dame Priya Halloran", "Wexcombe Borough Council"),
                        ("Owen Tremlett", "Thornbury Metropolitan Borough Council")}
    halloran = got["Dame Priya Halloran", "Wexcombe Borough Council"]
    assert (halloran["documents"], halloran["first_document"], halloran["last_document"]) == \
        ("2", "2019-03-14", "2021-06-02")


@pytest.mark.parametrize(("params", "expected"), [
    ("", ["2019-09", "2020-01-31", "2021-03"]),
    ("from=2020-01-01 to=2020-12-31", ["2020-01-31"]),
    ("from=2019-09-20 to=2021-03-01", ["2019-09", "2020-01-31", "2021-03"]),  # month deadlines overlap the ends
    ("from=2019-10-01 to=2020-01-30", []),
])
def test_obligations_with_deadlines(run_dir: Path, capsys: pytest.CaptureFixture[str], params: str,
                                    expected: list[str]) -> None:
    rows = query_csv(capsys, run_dir, f"obligations-with-deadlines {params}".strip())
    assert [r["deadline"] for r in rows] == expected


def test_free_sql_table_and_csv(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["query", str(run_dir), "SELECT doc_id, status FROM documents ORDER BY doc_id"]) == 0
    out = capsys.readouterr().out
    assert "broken_file" in out and "thornbury_2020_notice" in out and "4 rows" in out
    rows = query_csv(capsys, run_dir, "SELECT count(*) AS n FROM obligations WHERE text LIKE '%<script>%'")
    assert rows == [{"n": "1"}]  # document text comes back as written, not escaped or marked up


def test_markup_in_cells_is_printed_verbatim(run_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["query", str(run_dir), "SELECT '[bold]x[/bold]' AS t"]) == 0
    assert "[bold]x[/bold]" in capsys.readouterr().out


@pytest.mark.parametrize("sql", ["SELEC * FROM documents", "SELECT * FROM no_such_table", "DELETE FROM documents",
                                 "CREATE TABLE x (a INT)", "obligations-with-deadlines since=2020-01-01",
                                 "obligations-with-deadlines from=not-a-date", "  "])
def test_bad_sql_exits_2_and_db_unchanged(run_dir: Path, capsys: pytest.CaptureFixture[str], sql: str) -> None:
    db = run_dir / "pipeline.duckdb"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert cli(["query", str(run_dir), sql]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_missing_database_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["query", str(tmp_path), "SELECT 1"]) == 2
    assert "no database" in capsys.readouterr().err
    csv_only = make_run(tmp_path / "csv_only", formats=("csv",))
    assert cli(["query", str(csv_only), "statutes-used"]) == 2


def test_list_names_every_query(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from pipeline.query import NAMED

    assert cli(["query", str(tmp_path), "list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in NAMED)


def _documented_commands() -> list[str]:
    """Every ``python -m pipeline query`` line of the shell blocks in docs/QUERIES.md and README.md."""
    text = "\n".join((ROOT / f).read_text(encoding="utf-8") for f in ("docs/QUERIES.md", "README.md"))
    blocks = re.findall(r"```(?:sh|bash|shell)\n(.*?)```", text, flags=re.S)
    lines = []
    for b in blocks:
        b = b.replace("\\\n", " ")
        lines += [ln.strip() for ln in b.splitlines() if ln.strip().startswith("python -m pipeline query outputs ")]
    return lines


def test_queries_md_has_examples() -> None:
    cmds = _documented_commands()
    assert len(cmds) >= 8
    from pipeline.query import NAMED

    assert all(any(f" {name}" in c for c in cmds) for name in NAMED)


@pytest.mark.parametrize("command", _documented_commands())
def test_queries_md_examples_run_as_written(run_dir: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    """The documented examples run against a run folder (``outputs`` in the docs is the run's folder)."""
    argv = shlex.split(command, comments=True)[3:]  # drop "python -m pipeline"
    assert argv[0] == "query" and argv[1] == "outputs"
    argv[1] = str(run_dir)
    assert cli(argv) == 0, capsys.readouterr().err
