"""Never lose anything: a folder of bad files beside good ones, killed runs, and their re-runs.

The bad files are generated here (truncated, corrupt, encrypted, image-only, page-count and
decompression bombs, images/archives/HTML named .pdf, bad encodings, loops, FIFOs, duplicate
stems). Every input must get exactly one documents row, failures a one-line reason, and the run
must exit 1 without a traceback. The kill tests run the real command line in a subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE_NAMES = ("documents", "statute_refs", "people", "dates", "obligations")
ONLY = ("--only", "statutes,dates")  # kill/resume tests: publishing is the subject, not extraction

NOTICE = """Improvement Notice to Wexcombe Borough Council

Issued under section 15 of the Local Government Act 1999 on 3 March 2021.

1. The Council must prepare an improvement plan within three months.
2. The Council shall report progress to the Secretary of State every quarter.

Signed: Harriet Pemberton-Oakes, Deputy Director
"""

DIRECTION = """Direction to Thornbury Metropolitan Borough Council

The Secretary of State, in exercise of the powers under section 497A(4B) of the Education Act 1996,
directs as follows.

1. The Council shall co-operate with the Children's Services Commissioner, Mr Alan Fenwick.
2. This Direction comes into force on 12 September 2019.
"""


# --- file builders (also used by test_fuzz and test_batch) ----------------------------------


def text_pdf(pages: list[str], user_password: str | None = None) -> bytes:
    """A PDF with a text layer, one page per string; encrypted when ``user_password`` is given."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, page)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return bytes(pdf.output())


def png_bytes() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(img).rectangle((40, 40, 360, 160), outline="black", width=4)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def image_pdf() -> bytes:
    """A scan: one page holding only an image, no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(png_bytes()), x=10, y=10, w=180)
    return bytes(pdf.output())


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from raw object bodies (object n is objects[n-1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def page_bomb_pdf(depth: int = 40) -> bytes:
    """A few hundred bytes claiming 2**depth pages: each Pages node lists its child twice."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        n = 2 + level
        objs.append(b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count %d >>" % (n + 1, n + 1, 2 ** (depth - level)))
    objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] >>" % (depth + 1))
    return raw_pdf(objs)


def flate_bomb_pdf(megabytes: int = 64) -> bytes:
    """One page whose content stream inflates from a few hundred KB to ``megabytes`` MB."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ])


def zip_bytes() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def has_pdf_reader() -> bool:
    try:
        import pipeline.ingest.pdf  # noqa: F401
    except ImportError:
        return False
    return True


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180,
            python_args: bool = False) -> subprocess.CompletedProcess:
    """``python -m pipeline ARGS`` (or ``python ARGS`` with ``python_args``) in a subprocess."""
    cmd = [sys.executable, *args] if python_args else [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=timeout)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


# --- the bad folder --------------------------------------------------------------------------


def build_bad_folder(d: Path) -> dict[str, str]:
    """Write good and bad inputs; returns doc_id -> expectation ("ok", "error" or "any")."""
    good_pdf = text_pdf([NOTICE, DIRECTION])
    files: dict[str, tuple[bytes, str]] = {
        "good_notice.txt": (NOTICE.encode("utf-8"), "ok"),
        "good_bom.txt": (b"\xef\xbb\xbf" + DIRECTION.encode("utf-8"), "ok"),
        "good_cp1252.txt": (NOTICE.replace("Deputy", "\u2018Deputy\u2019 \u2013").encode("cp1252"), "ok"),
        "good_direction.pdf": (good_pdf, "ok" if has_pdf_reader() else "error"),
        "empty_password.pdf": (text_pdf([NOTICE], user_password=""), "any"),
        "encrypted.pdf": (text_pdf([NOTICE], user_password="letmein"), "error"),
        "truncated.pdf": (good_pdf[: len(good_pdf) // 3], "any"),
        "corrupt.pdf": (b"%PDF-1.4\n" + bytes(range(256)) * 20, "error"),
        "zero.pdf": (b"", "error"),
        "zero.txt": (b"", "error"),
        "scan.pdf": (image_pdf(), "error"),
        "page_bomb.pdf": (page_bomb_pdf(), "error"),
        "flate_bomb.pdf": (flate_bomb_pdf(), "error"),
        "picture.pdf": (png_bytes(), "error"),
        "archive.pdf": (zip_bytes(), "error"),
        "webpage.pdf": (b"<!DOCTYPE html><html><body><p>" + NOTICE.encode() + b"</p></body></html>", "any"),
        "undecodable.txt": (b"Notice \x81\x8d\x8f\x90\x9d \xff\xfe\xc3(", "error"),
        "binary.txt": (b"\x00\x01\x02\x03" * 64, "error"),
        "locked.txt": (DIRECTION.encode(), "error"),  # permission denied (simulated: tests run as root)
        "crashing.txt": (DIRECTION.encode(), "error"),  # its worker dies (test hook)
    }
    expect: dict[str, str] = {}
    for name, (data, outcome) in files.items():
        (d / name).write_bytes(data)
        expect[Path(name).stem if name != "zero.txt" else "zero~2"] = outcome
    # duplicate stems in sub-folders; a symlink loop; a dangling link; a FIFO; a hidden file (skipped)
    for sub in ("east", "west"):
        (d / sub).mkdir()
        (d / sub / "good_notice.txt").write_text(NOTICE.replace("Wexcombe", sub.title()), encoding="utf-8")
    expect["good_notice~2"] = "ok"
    expect["good_notice~3"] = "ok"
    (d / "loop_a.txt").symlink_to(d / "loop_b.txt")
    (d / "loop_b.txt").symlink_to(d / "loop_a.txt")
    (d / "dangling.pdf").symlink_to(d / "nowhere.pdf")
    (d / "east" / "up").symlink_to(d)  # folder symlink back up the tree: must not loop
    os.mkfifo(d / "pipe.txt")
    (d / ".hidden.txt").write_text("ignored", encoding="utf-8")
    expect.update({"loop_a": "error", "loop_b": "error", "dangling": "error", "pipe": "error"})
    return expect


def test_bad_folder_gives_one_row_per_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    expect = build_bad_folder(src)
    out = tmp_path / "out"
    res = run_cli("extract", str(src), "--out", str(out), "-j", "2", "--timeout", "20", "-q",
                  env={"PIPELINE_TEST_FAULTS": "eperm@locked,crash@crashing"})
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == 1, res.stderr
    rows = read_rows(out / "documents.csv")
    ids = [r["doc_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(expect), (set(ids) ^ set(expect))
    by_id = {r["doc_id"]: r for r in rows}
    for doc_id, outcome in expect.items():
        r = by_id[doc_id]
        if outcome != "any":
            assert r["status"] == outcome, (doc_id, r["error"])
        if r["status"] == "error":
            assert r["error"].strip() and "\n" not in r["error"] and len(r["error"]) <= 300, (doc_id, r["error"])
            assert "Traceback" not in r["error"]
    assert by_id["locked"]["error"] == "permission denied"
    assert by_id["crashing"]["error"].startswith("worker crashed")
    assert "PNG" in by_id["picture"]["error"] and "ZIP" in by_id["archive"]["error"]
    assert "empty" in by_id["zero"]["error"]
    assert "PDF bomb" in by_id["page_bomb"]["error"] and "password" in by_id["encrypted"]["error"]
    assert "loop" in by_id["loop_a"]["error"] and "regular file" in by_id["pipe"]["error"]
    assert by_id["good_cp1252"]["status"] == "ok"
    # the good ones produced their per-document tables; every table was written
    for doc_id in ("good_notice", "good_notice~2", "good_cp1252"):
        assert (out / "documents" / f"{doc_id}.csv").exists()
    for t in TABLE_NAMES:
        assert (out / f"{t}.csv").exists() and (out / f"{t}.parquet").exists()
    assert (out / "pipeline.duckdb").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod 000 files; the simulated case is tested above")
def test_real_unreadable_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text(NOTICE, encoding="utf-8")
    (src / "secret.txt").write_text(NOTICE, encoding="utf-8")
    (src / "secret.txt").chmod(0)
    res = run_cli("extract", str(src), "--out", str(tmp_path / "out"), "-j", "0", "-q")
    assert res.returncode == 1
    rows = {r["doc_id"]: r for r in read_rows(tmp_path / "out" / "documents.csv")}
    assert rows["secret"]["error"] == "permission denied" and rows["ok"]["status"] == "ok"


# --- killed runs -----------------------------------------------------------------------------


def _corpus(d: Path, n: int, tag: str = "") -> None:
    d.mkdir(exist_ok=True)
    for i in range(n):
        council = ["Ashdown", "Brackwell", "Corrin", "Dunmere", "Eastleigh Vale", "Fallowfield", "Grange"][i % 7]
        text = NOTICE.replace("Wexcombe", f"{council}{tag}").replace("3 March 2021", f"{i + 1} June 2020")
        (d / f"notice_{i:02d}.txt").write_text(text, encoding="utf-8")


def _wait_for(log: Path, doc_id: str, limit: float = 60) -> None:
    end = time.time() + limit
    while time.time() < end:
        if log.exists() and f'"doc_id": "{doc_id}"' in log.read_text(encoding="utf-8"):
            return
        time.sleep(0.05)
    raise AssertionError(f"{doc_id} never finished")


def test_kill_mid_run_then_rerun_completes(tmp_path: Path) -> None:
    src, out, fresh = tmp_path / "in", tmp_path / "out", tmp_path / "fresh"
    _corpus(src, 4)
    assert run_cli("extract", str(src), "--out", str(out), "-j", "0", "-q", *ONLY).returncode == 0
    before = snapshot(out)
    assert before["documents.csv"].count(b"\n") == 5
    # new and changed documents; the new ones are slow so that the kill lands mid-run
    _corpus(src, 7, tag=" Upon Tyne")
    log = tmp_path / "log.jsonl"
    slow = ",".join(f"slow@notice_{i:02d}" for i in range(4, 7))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "-j", "1",
                             "-q", "--log-json", str(log), *ONLY], cwd=ROOT, start_new_session=True,
                            env={**os.environ, "PIPELINE_TEST_FAULTS": slow},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(log, "notice_04")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert snapshot(out) == before, "a killed run changed the published tables"
    # the next run completes them, and matches a clean run byte for byte
    res = run_cli("extract", str(src), "--out", str(out), "-j", "1", "-q", *ONLY)
    assert res.returncode == 0, res.stderr
    assert run_cli("extract", str(src), "--out", str(fresh), "-j", "0", "-q", *ONLY).returncode == 0
    assert snapshot(out) == snapshot(fresh)
    assert len(read_rows(out / "documents.csv")) == 7
    assert not list(out.glob(".staging-*"))


def test_killed_while_publishing_is_rolled_forward(tmp_path: Path) -> None:
    src, out, fresh = tmp_path / "in", tmp_path / "out", tmp_path / "fresh"
    _corpus(src, 2)
    assert run_cli("extract", str(src), "--out", str(out), "-j", "0", "-q", *ONLY).returncode == 0
    before = snapshot(out)
    _corpus(src, 3, tag=" Magna")
    res = run_cli("extract", str(src), "--out", str(out), "-j", "0", "-q", *ONLY,
                  env={"PIPELINE_TEST_FAULTS": "die@publish"})
    assert res.returncode == 70  # died after staging, before publishing
    assert snapshot(out) == before
    assert run_cli("extract", str(src), "--out", str(fresh), "-j", "0", "-q", *ONLY).returncode == 0
    # the next run first finishes the interrupted publish, then writes its own (identical) tables
    res = run_cli("extract", str(src), "--out", str(out), "-j", "0", "-q", *ONLY,
                  "--log-json", str(tmp_path / "l.jsonl"))
    assert res.returncode == 0
    assert snapshot(out) == snapshot(fresh)
    events = [json.loads(line) for line in (tmp_path / "l.jsonl").read_text().splitlines()]
    assert [e["status"] for e in events if e["event"] == "document"] == ["ok"] * 3
