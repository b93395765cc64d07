"""notebooks/explore.ipynb runs end to end against a run on the bundled corpus.

The notebook is executed with nbclient in a fresh kernel, pointed at the run through
PIPELINE_OUT, and must finish without an error, draw its two charts and answer the
directions-per-council question with the councils of the run. The committed notebook must carry
no outputs, so that diffs stay readable and no document text is committed twice.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_committed_notebook_has_no_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    assert all(c.get("outputs") == [] and c.get("execution_count") is None for c in code)


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.batch import Options, run_batch

    out = tmp_path_factory.mktemp("corpus_run")
    summary = run_batch([ROOT / "corpus"], out, Options(workers=0))
    assert summary.ok > 0
    return out


def test_notebook_runs_on_the_bundled_corpus(corpus_run: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")

    monkeypatch.setenv("PIPELINE_OUT", str(corpus_run))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the kernel's inline backend captures the charts
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(images) == 2  # the timeline per council and the statute-use chart

    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert str(corpus_run) in text  # it read the run it was pointed at, not ../outputs
    with (corpus_run / "documents.csv").open(newline="", encoding="utf-8") as fh:
        councils = {r["authority"] for r in csv.DictReader(fh) if r["authority"]}
    assert not councils or any(c[:30] in text for c in councils)
