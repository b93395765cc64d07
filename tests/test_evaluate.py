"""The evaluator follows the gold rules and agrees with the shared reference scorer."""

from __future__ import annotations

import csv
import importlib.util
import json
import random
from pathlib import Path

import pytest

from pipeline import evaluate as ev

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "dev" / "gold"
SHARED_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def test_keys_normalise_as_the_gold_rules_say() -> None:
    assert ev.section_key("Part I") == ev.section_key("Part 1") == "part1"
    assert ev.section_key("sections 23C to 24D") == ev.section_key("23C–24D") == "23c-24d"
    assert ev.subsection_key("(6)(a)") == "6/a"
    assert ev.name_key("The Rt Hon Jane Doe MP") == ev.name_key("Jane Doe") == "jane doe"
    assert ev.date_key("2016-04") == "2016-04" and ev.date_key("2016") is None
    assert ev.obligation_key("(b) to any document relating to the Authority; and") == \
        "to any document relating to the"
    assert ev.label_key("A.1.b") == "b"


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    cols = sorted({k for r in rows for k in r}) or ["doc_id"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, cols)
        w.writeheader()
        w.writerows(rows)


def _noisy_run(out: Path, seed: int) -> None:
    """A plausible run: gold facts with some dropped, some duplicated and some invented."""
    rng = random.Random(seed)
    docs, st, pe, da, ob = [], [], [], [], []
    for p in sorted(GOLD.glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        d = g["doc_id"]
        docs.append({"doc_id": d, "kind": g["kind"] if rng.random() < 0.8 else "other",
                     "authority": g.get("authority") or "", "issued_date": g.get("issued_date") or ""})
        for s in g["statute_refs"]:
            if rng.random() < 0.85:
                st.append({"doc_id": d, "act_title": s["act"], "section": s["section"] or "",
                           "subsection": s["subsection"] or ""})
        st.append({"doc_id": d, "act_title": "Imaginary Act 2001", "section": "9", "subsection": ""})
        for person in g["people"]:
            if rng.random() < 0.9:
                name = rng.choice([person["name"], *person.get("aliases", [])])
                pe.append({"doc_id": d, "name": name, "role": person["role"] if rng.random() < 0.9 else "other"})
                if rng.random() < 0.1:
                    pe.append({"doc_id": d, "name": person["name"], "role": "other"})
        for x in g["dates"]:
            if rng.random() < 0.9:
                da.append({"doc_id": d, "date": x})
        da.append({"doc_id": d, "date": "1999-01-01"})
        for o in g["obligations"]:
            if rng.random() < 0.9:
                label = o["id"] if rng.random() < 0.9 else o["id"] + "x"
                ob.append({"doc_id": d, "obligation_id": label, "text": o["text"]})
    for name, rows in (("documents", docs), ("statute_refs", st), ("people", pe), ("dates", da),
                       ("obligations", ob)):
        _write(out / f"{name}.csv", rows)


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the shared reference scorer is not beside the project")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_the_reference_scorer(tmp_path: Path, seed: int) -> None:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    assert spec and spec.loader
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    _noisy_run(tmp_path, seed)
    ours = ev.score(GOLD, tmp_path)["summary"]
    theirs = ref.score(GOLD, tmp_path)["summary"]
    assert ours == theirs


def test_noisy_run_is_scored_between_nothing_and_everything(tmp_path: Path) -> None:
    _noisy_run(tmp_path, 0)
    s = ev.score(GOLD, tmp_path)["summary"]
    assert 0.5 < s["macro_f1"] < 1
    assert s["statute_refs"]["fp"] >= s["documents"]  # one invented Act per document


def test_cli_refuses_a_folder_without_a_run(tmp_path: Path) -> None:
    assert ev.main(GOLD, tmp_path) == 2
