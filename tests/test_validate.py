"""``pipeline validate``: a clean run passes; each kind of damage is reported and exits 1.

Also the end-to-end check on real extractions: the pipeline run over three short invented
documents validates, feeds ``query`` and ``report``, and keeps every row_id across a forced re-run.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.cli import main as cli
from pipeline.query import NAMED
from pipeline.schema import TABLES
from tests.test_query import make_run

Rows = list[list[str]]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("clean"))


@pytest.fixture
def run(clean: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "run"
    shutil.copytree(clean, dst)
    return dst


def edit(path: Path, change: Callable[[Rows], Rows]) -> None:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(change(rows))


def set_cell(table: str, column: str, value: str, line: int = 1) -> Callable[[Rows], Rows]:
    def change(rows: Rows) -> Rows:
        rows[line][rows[0].index(column)] = value
        return rows
    return change


def problems(run: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli(["validate", str(run)]) == 1
    return capsys.readouterr().out


def test_clean_run_passes(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["validate", str(clean)]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_dictionary_documents_every_column(clean: Path) -> None:
    """Every column has a type, a meaning and an example, and each example passes its own type check."""
    from pipeline.validate import _TYPES, ISO_STRING_COLUMNS, _is_iso_partial

    pkg = json.loads((clean / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in pkg["resources"]}
    assert set(TABLES) <= set(resources)
    for name, cols in TABLES.items():
        fields = resources[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in cols]
        for f in fields:
            assert f["type"] in _TYPES and f["description"] and f.get("example"), (name, f["name"])
            assert _TYPES[f["type"]](f["example"]), (name, f["name"], f["example"])
            if (name, f["name"]) in ISO_STRING_COLUMNS:
                assert _is_iso_partial(f["example"])


def test_not_a_run_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["validate", str(tmp_path)]) == 2
    assert "no datapackage.json" in capsys.readouterr().err


def test_missing_column(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "people.csv", lambda rows: [r[:-1] for r in rows])
    assert "people.csv: missing column(s) snippet" in problems(run, capsys)


def test_columns_out_of_order(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "dates.csv", lambda rows: [[r[1], r[0], *r[2:]] for r in rows])
    assert "dates.csv: columns out of order" in problems(run, capsys)


def test_extra_column(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "relations.csv", lambda rows: [[*r, "x"] for r in rows])
    assert "not in the dictionary" in problems(run, capsys)


@pytest.mark.parametrize(("table", "column", "value", "expected"), [
    ("pages", "page", "two", "page='two' is not a valid integer"),
    ("statute_refs", "fuzzy", "yes", "fuzzy='yes' is not a valid boolean"),
    ("statute_refs", "row_id", "", "required field row_id is empty"),
    ("documents", "status", "", "required field status is empty"),
    ("documents", "issued_date", "2019-02-30", "issued_date='2019-02-30' is not an ISO date"),
    ("documents", "issued_date", "14/03/2019", "is not an ISO date"),
    ("dates", "date", "March 2019", "date='March 2019' is not an ISO date"),
    ("obligations", "deadline", "2019-13", "deadline='2019-13' is not an ISO date"),
    ("relations", "target_date", "19-03-14", "is not an ISO date"),
    ("people", "start", "9999", "start 9999 is after end"),
])
def test_bad_value(run: Path, capsys: pytest.CaptureFixture[str], table: str, column: str, value: str,
                   expected: str) -> None:
    edit(run / f"{table}.csv", set_cell(table, column, value))
    assert expected in problems(run, capsys)


def test_partial_iso_dates_are_fine(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "dates.csv", set_cell("dates", "date", "2019"))
    edit(run / "obligations.csv", set_cell("obligations", "deadline", "2019-02-28"))
    assert cli(["validate", str(run)]) == 0, capsys.readouterr().out


def test_duplicate_row_id(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "obligations.csv", lambda rows: [*rows, rows[1]])
    assert "duplicate row_id" in problems(run, capsys)


def test_duplicate_doc_id_in_documents(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "documents.csv", lambda rows: [*rows, rows[1]])
    assert "appears twice" in problems(run, capsys)


def test_fact_of_unknown_document(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "durations.csv", set_cell("durations", "doc_id", "ghost_2020_letter"))
    assert "doc_id 'ghost_2020_letter' is not in documents.csv" in problems(run, capsys)


def test_ragged_row(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "people.csv", lambda rows: [*rows[:2], rows[2][:3], *rows[3:]])
    assert "values for" in problems(run, capsys)


def test_missing_table_file(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (run / "relations.csv").unlink()
    assert "relations.csv: missing" in problems(run, capsys)


def test_database_out_of_step_with_csv(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "pages.csv", lambda rows: rows[:-1])
    assert "pages has 6 rows, pages.csv has 5" in problems(run, capsys)


def test_long_table_problems(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    longs = sorted((run / "documents").glob("*.csv"))
    assert longs
    shutil.copy(longs[0], run / "documents" / "stray_doc.csv")
    out = problems(run, capsys)
    assert "no documents.csv row for 'stray_doc'" in out and "in stray_doc's file" in out


def test_many_problems_are_summarised(run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(run / "pages.csv", lambda rows: [rows[0], *([r[0], "x", *r[2:]] for r in rows[1:])])
    out = problems(run, capsys)
    assert "... and 1 more like this" in out and out.count("is not a valid integer") == 5


# --- the real pipeline on invented documents -------------------------------------------------------

DOCS = {
    "halverton_2018_direction.txt": """Direction issued to Halverton County Council
under section 497A(4B) of the Education Act 1996

WHEREAS
1. On 9 January 2018 Ofsted judged the Council's children's services inadequate.
2. The Secretary of State has appointed Ms Rosalind Achterberg as Children's Services Commissioner.

DIRECTION
3. The Council shall co-operate with the Commissioner and provide her with access to its premises.
4. The Council shall submit an improvement plan to the Secretary of State by 30 June 2018.

Signed on behalf of the Secretary of State for Education
Gareth Penhaligon
Deputy Director
12 February 2018
""",
    "marlowe_2022_notice.txt": """Improvement Notice: Marlowe Metropolitan Borough Council

Issued under section 15 of the Local Government Act 1999 on 4 April 2022.

1. The Council must prepare a financial recovery plan within three months.
2. The Council must report progress to the Department by October 2022.

Signed: Imogen Stallybrass, Director of Local Government Stewardship
""",
    "halverton_2020_revocation.txt": """Revocation of the Direction to Halverton County Council

The Direction issued to Halverton County Council on 12 February 2018 under section 497A(4B) of the
Education Act 1996 is revoked with effect from 1 September 2020.

Signed: Gareth Penhaligon, Deputy Director, 28 August 2020
""",
}


def _extract(src: Path, out: Path) -> None:
    from pipeline.batch import Options, run_batch

    summary = run_batch([src], out, Options(workers=0, force=True))
    assert summary.ok == len(DOCS) and summary.failed == 0


def _row_ids(out: Path) -> dict[str, list[str]]:
    ids = {}
    for t, cols in TABLES.items():
        if cols[0].name != "row_id":
            continue
        with (out / f"{t}.csv").open(newline="", encoding="utf-8") as fh:
            ids[t] = sorted(r["row_id"] for r in csv.DictReader(fh))
    return ids


def test_real_run_validates_queries_reports_and_keeps_row_ids(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in DOCS.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    _extract(src, out)
    first = _row_ids(out)
    assert sum(map(len, first.values())) > 0  # the extractors found something to identify
    assert cli(["validate", str(out)]) == 0, capsys.readouterr().out
    for name in NAMED:
        assert cli(["query", str(out), name, "--csv"]) == 0, capsys.readouterr().err
    assert cli(["report", str(out)]) == 0

    _extract(src, out)  # forced: everything recomputed, nothing from the cache
    assert _row_ids(out) == first
    assert cli(["validate", str(out)]) == 0
