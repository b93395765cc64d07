"""``pipeline report``: a self-contained, escaped dashboard that renders in headless Chromium.

The HTML checks run everywhere; the browser test runs when Debian's ``chromium`` is installed
(scripts/setup-system.sh) and is skipped otherwise. It loads the page offline, requires that the
page's script ran (a marker and the counts it computes from the DOM), that the browser logged
nothing from the page (no errors, no blocked loads, no CSP violations), and that the hostile text
of the fixture stayed text. The screenshot goes to a temporary folder, never into the repository.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main as cli
from pipeline.report import FACT_TABLES, fact_anchor
from tests.test_query import fixture_tables, make_run

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0"]


def _facts() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {t: [] for t in FACT_TABLES}
    for tables in fixture_tables():
        for t in FACT_TABLES:
            out[t] += tables[t]
    return out


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = make_run(tmp_path_factory.mktemp("run"))
    assert cli(["report", str(run)]) == 0
    return run / "dashboard.html"


def test_missing_run_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["report", str(tmp_path / "nowhere")]) == 2
    assert "no documents.csv" in capsys.readouterr().err


def test_totals_show_expected_counts(dashboard: Path) -> None:
    page = dashboard.read_text(encoding="utf-8")
    totals = dict(re.findall(r'data-total="(\w+)"><b>(\d+)</b>', page))
    assert totals == {"documents": "4", "councils": "2", "statute_refs": "4", "people": "4", "dates": "1",
                      "obligations": "4", "relations": "1", "pages": "8"}
    assert "3 ok, 1 failed" in page and "3 with deadlines" in page


def test_every_fact_has_an_anchor_with_page_offsets_and_snippet(dashboard: Path) -> None:
    page = dashboard.read_text(encoding="utf-8")
    for table, rows in _facts().items():
        for r in rows:
            m = re.search(rf'<tr class="fact" id="{fact_anchor(table, r["row_id"])}".*?</tr>', page)
            assert m, (table, r["text"])
            assert f"p. {r['page']}, {r['start']}–{r['end']}" in m.group(0)
            assert "<mark>" in m.group(0)
    # summary tables link to the facts: every obligation with a deadline, every commissioner mention
    for o in _facts()["obligations"]:
        if o.get("deadline"):
            assert f'href="#{fact_anchor("obligations", o["row_id"])}"' in page
    for p in _facts()["people"]:
        if p["role"] == "commissioner":
            assert f'href="#{fact_anchor("people", p["row_id"])}"' in page


def test_sections_present(dashboard: Path) -> None:
    page = dashboard.read_text(encoding="utf-8")
    for section in ("totals", "timeline", "statutes", "commissioners", "obligations", "documents"):
        assert f'<section id="{section}">' in page
    assert page.count("<circle ") == 3  # one dot per dated document on the timeline
    assert "Education Act 1996 s497A(4B)" in page and "Dame Priya Halloran" in page


def test_document_text_is_escaped_and_page_is_self_contained(dashboard: Path) -> None:
    page = dashboard.read_text(encoding="utf-8")
    assert page.count("<script") == 1  # ours only
    assert "<img" not in page and 'onerror="' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not re.search(r"<(link|iframe|object|embed)\b", page)
    assert not re.search(r'\ssrc=["\']', page)  # nothing loaded from anywhere
    script = re.search(r"<script>(.*?)</script>", page, flags=re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (scripts/setup-system.sh installs it)")
def test_renders_in_headless_chromium(dashboard: Path, tmp_path: Path) -> None:
    url = dashboard.resolve().as_uri()
    res = _chromium(tmp_path, "--dump-dom", url)
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    console = [ln for ln in res.stderr.splitlines() if ":CONSOLE" in ln]
    assert console == [], console  # the page logs nothing: no JS error, no blocked load, no CSP report
    assert 'data-ready="ok"' in dom
    n_facts = sum(len(v) for v in _facts().values())
    assert f'data-documents="4" data-facts="{n_facts}"' in dom
    assert f"rendered 4 documents, {n_facts} facts" in dom
    assert "<img" not in dom and "alert(1)" in dom  # the hostile markup is text, not elements

    shot = tmp_path / "dashboard.png"
    res = _chromium(tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", url)
    assert res.returncode == 0 and shot.stat().st_size > 10_000


def test_snippet_marks_text_that_spans_lines() -> None:
    from pipeline.report import _snippet

    r = {"text": "section 15 of the\nLocal Government Act 1999", "snippet": "powers under section 15 of the Local "
         "Government Act 1999 <b>"}
    assert _snippet(r) == "powers under <mark>section 15 of the Local Government Act 1999</mark> &lt;b&gt;"
