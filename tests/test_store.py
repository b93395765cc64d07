"""The store: staged writes, atomic publishing with roll-forward, the output lock, the cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline import store
from pipeline.normalise import Tables, error_tables
from pipeline.schema import TABLES
from pipeline.store import MANIFEST, Cache, OutputLocked, Rendered, RunWriter


def ok_tables(doc_id: str, when: str = "2020-06-01") -> Tables:
    t: Tables = {name: [] for name in TABLES}
    t["documents"].append({"doc_id": doc_id, "source": f"in/{doc_id}.txt", "sha256": "ab" * 32, "input_type": "text",
                           "pages": 1, "status": "ok", "error": None, "chars": 40})
    t["dates"].append({"row_id": f"r-{doc_id}", "doc_id": doc_id, "date": when, "precision": "day",
                       "role": "issued", "is_range": False, "text": "1 June 2020", "page": 1, "start": 3, "end": 14})
    return t


def write_run(out: Path, docs: list[Tables], formats: tuple[str, ...] = store.FORMATS) -> RunWriter:
    w = RunWriter(out, formats)
    for t in docs:
        w.add(t)
    w.commit()
    return w


def csvs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def test_commit_writes_every_table_and_format(tmp_path: Path) -> None:
    write_run(tmp_path, [ok_tables("alpha"), error_tables("beta", "in/beta.pdf", "encrypted PDF")])
    for t in TABLES:
        assert (tmp_path / f"{t}.csv").exists() and (tmp_path / f"{t}.parquet").exists()
    assert (tmp_path / store.DB_NAME).exists()
    assert (tmp_path / "documents" / "alpha.csv").exists()
    assert not (tmp_path / "documents" / "beta.csv").exists()  # failures have no facts
    pkg = json.loads((tmp_path / "datapackage.json").read_text())
    assert {r["name"] for r in pkg["resources"]} >= set(TABLES)
    doc = (tmp_path / "documents.csv").read_text().splitlines()
    assert len(doc) == 3 and "encrypted PDF" in doc[2] and doc[1].startswith("alpha,")
    assert not list(tmp_path.glob(".staging-*"))


def test_duckdb_types_and_rows(tmp_path: Path) -> None:
    import duckdb

    write_run(tmp_path, [ok_tables("alpha"), ok_tables("gamma", "2021-02-03")])
    con = duckdb.connect(str(tmp_path / store.DB_NAME), read_only=True)
    try:
        assert con.execute("SELECT count(*), max(start) FROM dates").fetchone() == (2, 3)
        assert str(con.execute("SELECT typeof(start) FROM dates LIMIT 1").fetchone()[0]) == "BIGINT"
    finally:
        con.close()


def test_csv_only_removes_stale_derived_files(tmp_path: Path) -> None:
    write_run(tmp_path, [ok_tables("alpha")])
    write_run(tmp_path, [ok_tables("alpha", "2022-01-01")], formats=("csv",))
    assert not list(tmp_path.glob("*.parquet")) and not (tmp_path / store.DB_NAME).exists()
    assert "2022-01-01" in (tmp_path / "dates.csv").read_text()


def test_abort_leaves_previous_outputs(tmp_path: Path) -> None:
    write_run(tmp_path, [ok_tables("alpha")])
    before = csvs(tmp_path)
    w = RunWriter(tmp_path)
    w.add(ok_tables("delta"))
    w.abort()
    assert csvs(tmp_path) == before
    assert not list(tmp_path.glob(".staging-*"))


def test_unchanged_tables_skip_duckdb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_run(tmp_path, [ok_tables("alpha")])

    def boom(self: RunWriter) -> None:
        raise AssertionError("re-derived unchanged tables")

    monkeypatch.setattr(RunWriter, "_derive", boom)
    write_run(tmp_path, [ok_tables("alpha")])  # same rows: no DuckDB work
    (tmp_path / "people.parquet").unlink()
    with pytest.raises(AssertionError):  # a derived file is missing: must re-derive
        write_run(tmp_path, [ok_tables("alpha")])


def test_interrupted_publish_is_rolled_forward(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_run(tmp_path, [ok_tables("alpha")])
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # as if killed between two renames
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", flaky)
    w = RunWriter(tmp_path)
    w.add(ok_tables("alpha", "2023-03-03"))
    w.add(ok_tables("omega", "2023-04-04"))
    with pytest.raises(KeyboardInterrupt):
        w.commit()
    w.abort()  # what run_batch does: must keep a staging folder that is being published
    monkeypatch.setattr(store.os, "replace", real_replace)
    assert list(tmp_path.glob(".staging-*"))
    store.recover(tmp_path)  # the next run's first step
    docs = (tmp_path / "documents.csv").read_text()
    assert "omega" in docs and "2023-04-04" in (tmp_path / "dates.csv").read_text()
    assert json.loads((tmp_path / MANIFEST).read_text())["tables"]
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == ["alpha.csv", "omega.csv"]
    assert not list(tmp_path.glob(".staging-*"))


def test_incomplete_staging_is_discarded(tmp_path: Path) -> None:
    write_run(tmp_path, [ok_tables("alpha")])
    before = csvs(tmp_path)
    stale = tmp_path / ".staging-deadbeef"
    stale.mkdir()
    (stale / "documents.csv").write_text("doc_id\nhalf-written\n")
    write_run(tmp_path, [ok_tables("alpha")])
    assert csvs(tmp_path) == before and not stale.exists()


def test_second_writer_is_locked_out(tmp_path: Path) -> None:
    w = RunWriter(tmp_path)
    with pytest.raises(OutputLocked):
        RunWriter(tmp_path)
    w.abort()
    RunWriter(tmp_path).abort()  # released


def test_lone_surrogates_do_not_break_csv(tmp_path: Path) -> None:
    t = ok_tables("alpha")
    t["dates"][0]["text"] = "1 June \udce9 2020"
    write_run(tmp_path, [t], formats=("csv",))
    assert "1 June ? 2020" in (tmp_path / "dates.csv").read_text(encoding="utf-8")


def test_cache_roundtrip_and_damage(tmp_path: Path) -> None:
    c = Cache(tmp_path, "v1")
    sha = "cd" * 32
    assert c.get(sha, "alpha") is None
    c.put(sha, "alpha", ok_tables("alpha"))
    hit = c.get(sha, "alpha")
    assert hit == Rendered.from_tables(json.loads(json.dumps(ok_tables("alpha"))))
    assert hit.documents == [ok_tables("alpha")["documents"][0]]
    assert Cache(tmp_path, "v2").get(sha, "alpha") is None  # another pipeline version
    assert c.get(sha, "beta") is None  # another doc_id (rows carry it)
    path = next((tmp_path / ".cache").rglob("*.json.gz"))
    path.write_bytes(path.read_bytes()[:20])  # truncated by a crash
    assert c.get(sha, "alpha") is None
    c.put(sha, "a/b\\c:odd name", ok_tables("x"))  # any doc_id is a safe file name
    assert c.get(sha, "a/b\\c:odd name") is not None


def test_per_document_tables_are_reused_only_for_the_same_key(tmp_path: Path) -> None:
    def run(key: str) -> str:
        w = RunWriter(tmp_path, ("csv",))
        w.add(ok_tables("alpha"), key=key)
        w.commit()
        return (tmp_path / "documents" / "alpha.csv").read_text()

    fresh = run("sha1|v1|in/alpha.txt")
    assert fresh.startswith("doc_id,table,row_id,field,value")
    (tmp_path / "documents" / "alpha.csv").write_text("reused\n")  # mark the published file
    assert run("sha1|v1|in/alpha.txt") == "reused\n"  # same rows: linked, not rewritten
    assert run("sha1|v2|in/alpha.txt") == fresh  # another pipeline version: written again


def test_rendered_rows_write_what_the_tables_write(tmp_path: Path) -> None:
    """Rows that went through a cache entry (JSON, gzip) write byte for byte what the rows write."""
    tables = [ok_tables("alpha", "2023-03-03"), ok_tables("omega", "2023-04-04")]
    write_run(tmp_path / "rows", tables, formats=("csv",))
    w = RunWriter(tmp_path / "text", ("csv",))
    for t in tables:
        w.add(Rendered.decode(Rendered.from_tables(t).encode()))
    w.commit()
    for name in ("dates.csv", "documents.csv", "documents/alpha.csv", "documents/omega.csv"):
        assert (tmp_path / "text" / name).read_bytes() == (tmp_path / "rows" / name).read_bytes(), name


def test_a_cached_document_read_from_a_new_path_says_so(tmp_path: Path) -> None:
    rendered = Rendered.from_tables(ok_tables("alpha"))
    rendered.documents[0]["source"] = "moved/alpha.txt"
    w = RunWriter(tmp_path, ("csv",))
    w.add(rendered)
    w.commit()
    assert "moved/alpha.txt" in (tmp_path / "documents.csv").read_text()
    assert "source,moved/alpha.txt" in (tmp_path / "documents" / "alpha.csv").read_text()
