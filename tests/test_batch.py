"""The batch runner: discovery, doc_ids, caching, idempotence, worker crashes and timeouts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline import batch
from pipeline.batch import Options, discover, run_batch

LETTER = """Dear Chief Executive,

Best value: Harlowmere District Council

On 14 October 2022 the Secretary of State issued directions under section 15(5) of the
Local Government Act 1999. The Council must publish an improvement plan by 31 January 2023.

Yours sincerely,
Priya Ramaswamy
"""

QUICK = {"only": set()}  # structure only: the batch mechanics without model loading


@pytest.fixture(autouse=True)
def _pinned_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache key hashes the package's source: pin it so that edits made while tests run don't count."""
    monkeypatch.setattr(batch, "version_key", lambda: "test")


def make_corpus(d: Path, n: int) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = d / f"letter_{i:02d}.txt"
        p.write_text(LETTER.replace("Harlowmere", f"Harlowmere {i}"), encoding="utf-8")
        paths.append(p)
    return paths


def tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def doc_rows(out: Path) -> dict[str, dict[str, str]]:
    import csv

    with (out / "documents.csv").open(newline="", encoding="utf-8") as fh:
        return {r["doc_id"]: r for r in csv.DictReader(fh)}


# --- discovery -------------------------------------------------------------------------------


def test_discover_order_ids_and_duplicates(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    for rel in ("b/notice.txt", "a/notice.txt", "a/notice.pdf", "a/notice~2.txt", "z.html", "skip.png",
                ".hidden.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    items = discover([tmp_path, tmp_path / "a" / "notice.txt"])  # the second names a file already found
    assert [str(i.path.relative_to(tmp_path)) for i in items] == [
        "a/notice.pdf", "a/notice.txt", "a/notice~2.txt", "b/notice.txt", "z.html"]
    ids = [i.doc_id for i in items]
    assert len(set(ids)) == len(ids) == 5
    assert ids[0] == "notice" and all(i.startswith("notice") for i in ids[:4])


def test_discover_loops_fifos_and_folder_links(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "docs" / "back").symlink_to(tmp_path)  # a loop through a folder link
    (tmp_path / "linked").symlink_to(tmp_path / "docs")  # a second way to the same folder
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    os.mkfifo(tmp_path / "pipe.pdf")
    items = {i.doc_id: i for i in discover([tmp_path])}
    assert set(items) == {"a", "self", "pipe"}
    assert items["a"].error is None
    assert "loop" in (items["self"].error or "") and "regular file" in (items["pipe"].error or "")


def test_discover_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "nope.pdf"])


def test_odd_file_names_become_safe_ids(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9 notice\n" + b"x" * 200 + b".txt")
    (tmp_path / name).write_text(LETTER, encoding="utf-8")
    [item] = discover([tmp_path])
    assert item.doc_id.isprintable() and len(item.doc_id) <= 150
    item.doc_id.encode("utf-8")  # no lone surrogates
    s = run_batch([tmp_path], tmp_path / "out", Options(workers=0, formats=("csv",), **QUICK))
    assert s.ok == 1 and (tmp_path / "out" / "documents" / f"{item.doc_id}.csv").exists()


# --- caching and idempotence -----------------------------------------------------------------


def test_rerun_is_cached_and_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_corpus(src, 4)
    first = run_batch([src], out, Options(workers=0, **QUICK))
    assert (first.ok, first.cached) == (4, 0)
    before = tables(out)

    def never(*a: object, **k: object) -> object:
        raise AssertionError("a cached document was processed again")

    monkeypatch.setattr(batch, "_process", never)
    second = run_batch([src], out, Options(workers=2, **QUICK))  # no pool is ever started
    assert (second.ok, second.cached) == (4, 4)
    assert tables(out) == before
    with pytest.raises(AssertionError, match="processed again"):
        run_batch([src], out, Options(workers=0, force=True, **QUICK))
    assert tables(out) == before  # the failed run left the tables alone


def test_changed_and_new_files_are_recomputed(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_corpus(src, 3)
    run_batch([src], out, Options(workers=0, **QUICK))
    paths = make_corpus(src, 4)  # a new file; the others rewritten unchanged
    paths[1].write_text(LETTER + "\nAnnex A\n", encoding="utf-8")
    s = run_batch([src], out, Options(workers=0, **QUICK))
    assert (s.ok, s.cached) == (4, 2)


def test_cache_key_follows_engine_and_models(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.config import settings

    base = batch.cache_key(Options())
    assert batch.cache_key(Options(pdf_engine="pdfplumber")) != base
    assert batch.cache_key(Options(only={"dates"})) != base
    monkeypatch.setattr(settings, "use_models", not settings.use_models)
    assert batch.cache_key(Options()) != base


def test_pinned_code_version_replaces_the_source_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real version_key, not the fixture's
    monkeypatch.delenv(batch.CODE_VERSION_ENV, raising=False)
    monkeypatch.setenv(batch.CODE_VERSION_ENV, "release-1")
    one = batch.version_key()
    monkeypatch.setenv(batch.CODE_VERSION_ENV, "release-2")
    assert batch.version_key() != one and len(one) == 12


def test_log_json_and_progress_off_the_terminal(tmp_path: Path) -> None:
    import io

    src = tmp_path / "in"
    make_corpus(src, 2)
    (src / "broken.pdf").write_bytes(b"GIF89a...")
    log = io.StringIO()
    s = run_batch([src], tmp_path / "out", Options(workers=0, formats=("csv",), **QUICK), progress=True, log=log)
    events = [json.loads(line) for line in log.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["document"] * 3 + ["summary"]
    assert events[0]["doc_id"] == "broken" and "GIF" in events[0]["error"]
    assert events[-1]["failed"] == 1 and events[-1]["rows"]["documents"] == 3
    assert (s.ok, s.failed) == (2, 1)


# --- isolation: crashes, hangs, exceptions ---------------------------------------------------


def test_worker_crash_segfault_hang_and_bug_do_not_end_the_batch(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    make_corpus(src, 6)
    monkeypatch.setenv(batch.FAULTS_ENV, "crash@letter_01,segv@letter_02,hang@letter_03,raise@letter_04")
    s = run_batch([src], out, Options(workers=2, timeout=3, formats=("csv",), **QUICK))
    rows = doc_rows(out)
    assert list(rows) == [f"letter_{i:02d}" for i in range(6)]
    assert rows["letter_00"]["status"] == rows["letter_05"]["status"] == "ok"
    assert rows["letter_01"]["error"] == "worker crashed (exit code 13)"
    assert rows["letter_02"]["error"] == "worker crashed (killed by signal 11)"
    assert rows["letter_03"]["error"] == "timed out after 3 s"
    assert rows["letter_04"]["error"].startswith("internal error in ingestion: RuntimeError")
    assert all(len(rows[d]["sha256"]) == 64 for d in rows)
    assert (s.ok, s.failed) == (2, 4)
    # failures that may be transient are not cached: without the faults they now succeed
    monkeypatch.delenv(batch.FAULTS_ENV)
    s = run_batch([src], out, Options(workers=1, formats=("csv",), **QUICK))
    assert (s.ok, s.cached) == (6, 2)


def test_permission_denied_is_one_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    make_corpus(src, 2)
    monkeypatch.setenv(batch.FAULTS_ENV, "eperm@letter_00")  # root can read chmod 000 files
    s = run_batch([src], tmp_path / "out", Options(workers=0, formats=("csv",), **QUICK))
    assert doc_rows(tmp_path / "out")["letter_00"]["error"] == "permission denied"
    assert (s.ok, s.failed) == (1, 1)


def test_too_large_files_are_refused_unread(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, 1)
    with (src / "huge.txt").open("wb") as fh:  # sparse: costs no disk
        fh.truncate(3 << 20)
    s = run_batch([src], tmp_path / "out", Options(workers=0, formats=("csv",), max_file_mb=2, **QUICK))
    assert doc_rows(tmp_path / "out")["huge"]["error"].startswith("file too large (3 MB")
    assert s.failed == 1


def test_extractor_bug_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.extract

    def broken(doc: object, only: object = None) -> object:
        raise KeyError("outline")

    monkeypatch.setattr(pipeline.extract, "run", broken)
    src = tmp_path / "in"
    make_corpus(src, 1)
    s = run_batch([src], tmp_path / "out", Options(workers=0, formats=("csv",)))
    row = doc_rows(tmp_path / "out")["letter_00"]
    assert row["error"] == "internal error in extraction: KeyError: 'outline'" and row["input_type"] == "text"
    assert s.failed == 1


def test_memory_use_does_not_grow_with_documents(tmp_path: Path) -> None:
    """Rows stream to disk: the runner holds paths, not results (tracemalloc, in-process)."""
    import tracemalloc

    def peak(n: int) -> int:
        src, out = tmp_path / f"in{n}", tmp_path / f"out{n}"
        make_corpus(src, n)
        tracemalloc.start()
        run_batch([src], out, Options(workers=0, formats=("csv",), **QUICK))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(10), peak(80)
    assert large < small * 2, (small, large)


def test_a_large_pdf_gets_time_for_ocr_page_by_page(tmp_path: Path) -> None:
    from pipeline.batch import OCR_SECONDS_PER_PAGE, timeout_for

    scan = tmp_path / "scan.pdf"
    body = b"".join(b"%d 0 obj << /Type /Page /Parent 2 0 R >> endobj\n" % i for i in range(60))
    scan.write_bytes(b"%PDF-1.4\n" + body + b"<< /Type /Pages /Count 60 >>\n" + b"0" * (3 << 20) + b"\n%%EOF\n")
    assert timeout_for(scan, 120.0) == 60 * OCR_SECONDS_PER_PAGE
    small = tmp_path / "small.pdf"
    small.write_bytes(b"%PDF-1.4\n" + body + b"%%EOF\n")
    assert timeout_for(small, 120.0) == 120.0
