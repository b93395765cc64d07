"""``pipeline evaluate GOLD OUT``: precision/recall/F1 per table against gold annotations.

Implements the rules of the shared gold format (GOLD_FORMAT.md) and agrees with its reference
scorer (tests check this on the dev set): statute references as unique (act, section,
subsection) per document; people one row per person, matched by name or alias with titles
ignored; dates by unique ISO value; obligations by their first six words; labels and document
fields as accuracy. ``--ablation`` re-runs the gold documents with the trained models switched
off, to show what the rules alone score and what the models add.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

KINDS = ("statute_refs", "people", "commissioners", "dates", "obligations")

# Words that are not part of a name when names are compared (titles, post-nominals).
NAME_NOISE = frozenset("""
lord lady sir dame professor prof dr mr mrs ms miss councillor cllr mp the rt hon baroness baron
right honourable cbe obe mbe kbe dbe cb kcb dcb gcb qc kc frsa dl jp
""".split())


def _fold(s: str | None) -> str:
    s = (s or "").replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(s.split()).lower()


def _roman(s: str) -> int:
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    out = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        out += -vals[a] if vals.get(b, 0) > vals[a] else vals[a]
    return out


def act_key(s: str | None) -> str:
    return re.sub(r"^the ", "", _fold(s))


def section_key(s: str | None) -> str:
    s = _fold(s)
    s = re.sub(r"^(sections?|ss?\.?|clause|paragraph)\s*(?=\d)", "", s)
    s = re.sub(r"\s*(to|\u2013|\u2014|-)\s*", "-", s)
    m = re.fullmatch(r"(part|schedule)\s*([ivxlc]+|\d+[a-z]?)", s)
    if m and re.fullmatch(r"[ivxlc]+", m.group(2)):
        return f"{m.group(1)}{_roman(m.group(2))}"
    return s.replace(" ", "")


def subsection_key(s: str | None) -> str:
    s = _fold(s)
    parts = re.findall(r"\(([^)]*)\)", s)
    return "/".join(p.strip() for p in parts) if parts else s.strip("() ")


def name_key(s: str | None) -> str:
    s = re.sub(r"[^a-z' -]", " ", _fold(s))
    words = [w for w in s.replace("-", " - ").split() if w not in NAME_NOISE]
    return " ".join(words).replace(" - ", "-")


def date_key(s: str | None) -> str | None:
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", (s or "").strip())
    if not m:
        return None
    y, mo, d = m.groups()
    return f"{y}-{mo}-{d}" if d else f"{y}-{mo}"


def obligation_key(s: str | None, n: int = 6) -> str:
    s = re.sub(r"^\(?[0-9ivxlcdm]+[.)]|^\(?[a-z][.)]", "", _fold(s))
    return " ".join(re.findall(r"[a-z0-9]+", s)[:n])


def label_key(s: str | None) -> str:
    segs = [x for x in re.split(r"[.:/ ]+", _fold(s)) if x]
    return segs[-1].strip("()") if segs else ""


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _counts(gold: Counter, pred: Counter) -> tuple[int, int, int]:
    tp = sum((gold & pred).values())
    return tp, sum(pred.values()) - tp, sum(gold.values()) - tp


def _people(gold: list[dict], predicted: list[str]) -> tuple[tuple[int, int, int], list[str], list[str]]:
    """Each predicted name (deduplicated) claims at most one gold person, by name or alias."""
    remaining = list(gold)
    tp = 0
    extra: list[str] = []
    for name in dict.fromkeys(k for k in map(name_key, predicted) if k):
        hit = next((g for g in remaining if name in {name_key(a) for a in [g["name"], *g.get("aliases", [])]}), None)
        if hit is None:
            extra.append(name)
        else:
            remaining.remove(hit)
            tp += 1
    return (tp, len(extra), len(remaining)), [g["name"] for g in remaining], extra


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _by_doc(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r.get("doc_id", ""), []).append(r)
    return out


def score(gold_dir: Path, out_dir: Path, only: set[str] | None = None) -> dict[str, Any]:
    """Score a run folder against gold files; the same figures as the shared scorer."""
    golds: dict[str, dict] = {}
    for p in sorted(Path(gold_dir).glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        doc_id = g.get("doc_id") or p.stem
        if only is None or doc_id in only:
            golds[doc_id] = g
    out_dir = Path(out_dir)
    docs = {r.get("doc_id"): r for r in _read(out_dir / "documents.csv")}
    tables = {t: _by_doc(_read(out_dir / f"{t}.csv")) for t in ("statute_refs", "people", "dates", "obligations")}

    totals = {k: [0, 0, 0] for k in KINDS}
    labels = [0, 0]
    fields = {"kind": [0, 0], "authority": [0, 0], "issued_date": [0, 0]}
    per_doc: dict[str, dict[str, Any]] = {}
    for doc_id, g in golds.items():
        rep: dict[str, Any] = {}
        gs = Counter({(act_key(s["act"]), section_key(s.get("section")), subsection_key(s.get("subsection")))
                      for s in g.get("statute_refs", [])})
        ps = Counter({(act_key(r.get("act_title")), section_key(r.get("section")), subsection_key(r.get("subsection")))
                      for r in tables["statute_refs"].get(doc_id, [])})
        rep["statute_refs"] = _counts(gs, ps)
        rep["statute_refs_missing"] = sorted(map(list, gs - ps))
        rep["statute_refs_extra"] = sorted(map(list, ps - gs))

        people = g.get("people", [])
        prow = tables["people"].get(doc_id, [])
        rep["people"], rep["people_missing"], rep["people_extra"] = _people(people, [r.get("name", "") for r in prow])
        rep["commissioners"], rep["commissioners_missing"], rep["commissioners_extra"] = _people(
            [p for p in people if p.get("role") == "commissioner"],
            [r.get("name", "") for r in prow if _fold(r.get("role")) == "commissioner"])

        gd = Counter({d for d in map(date_key, g.get("dates", [])) if d})
        pd_ = Counter({d for d in (date_key(r.get("date")) for r in tables["dates"].get(doc_id, [])) if d})
        rep["dates"] = _counts(gd, pd_)
        rep["dates_missing"], rep["dates_extra"] = sorted(gd - pd_), sorted(pd_ - gd)

        gold_obl = [(obligation_key(o["text"]), o["id"]) for o in g.get("obligations", [])]
        pred_obl = [(obligation_key(r.get("text")), r.get("obligation_id"))
                    for r in tables["obligations"].get(doc_id, [])]
        go = Counter(k for k, _ in gold_obl)
        po = Counter(k for k, _ in pred_obl if k)
        rep["obligations"] = _counts(go, po)
        rep["obligations_missing"], rep["obligations_extra"] = sorted(go - po), sorted(po - go)
        pred_ids: dict[str, list[str | None]] = {}
        for k, i in pred_obl:
            pred_ids.setdefault(k, []).append(i)
        for k, i in gold_obl:
            if pred_ids.get(k):
                labels[1] += 1
                labels[0] += label_key(pred_ids[k].pop(0)) == label_key(i)

        drow = docs.get(doc_id, {})
        for f, norm in (("kind", _fold), ("authority", _fold), ("issued_date", date_key)):
            if g.get(f) is not None:
                fields[f][1] += 1
                ok = norm(drow.get(f)) == norm(g[f])
                fields[f][0] += ok
                if not ok:
                    rep[f"{f}_wrong"] = [drow.get(f), g[f]]
        for k in KINDS:
            for i in range(3):
                totals[k][i] += rep[k][i]
        per_doc[doc_id] = rep

    summary: dict[str, Any] = {k: _prf(*v) for k, v in totals.items()}
    summary["obligation_labels"] = {"correct": labels[0], "total": labels[1],
                                    "accuracy": round(labels[0] / labels[1], 4) if labels[1] else None}
    for f, (hit, tot) in fields.items():
        summary[f"doc_{f}"] = {"correct": hit, "total": tot, "accuracy": round(hit / tot, 4) if tot else None}
    summary["macro_f1"] = round(sum(summary[k]["f1"] for k in KINDS) / len(KINDS), 4)
    summary["documents"] = len(golds)
    summary["documents_missing_from_output"] = sorted(set(golds) - set(docs))
    return {"summary": summary, "per_doc": per_doc}


def format_summary(s: dict[str, Any], title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"documents scored: {s['documents']}  missing from output: {s['documents_missing_from_output']}")
    lines.append(f"{'kind':16} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for k in KINDS:
        v = s[k]
        lines.append(f"{k:16} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} "
                     f"{v['tp']:4} {v['fp']:3} {v['fn']:3}")
    ol = s["obligation_labels"]
    lines.append(f"obligation labels correct: {ol['correct']}/{ol['total']}")
    for f in ("kind", "authority", "issued_date"):
        v = s[f"doc_{f}"]
        lines.append(f"document {f}: {v['correct']}/{v['total']}")
    lines.append(f"macro_f1 {s['macro_f1']:.4f}")
    return "\n".join(lines)


def _rules_only_run(gold_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Re-extract the scored documents with the models off and score that run."""
    import os
    import tempfile

    from pipeline.batch import Options, run_batch
    from pipeline.config import settings

    gold_ids = {p.stem for p in Path(gold_dir).glob("*.json")}
    sources = [r["source"] for r in _read(Path(out_dir) / "documents.csv")
               if r.get("doc_id") in gold_ids and r.get("source") and Path(r["source"]).exists()]
    before = settings.use_models, os.environ.get("PIPELINE_RULES_ONLY")
    settings.use_models = False
    os.environ["PIPELINE_RULES_ONLY"] = "1"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run_batch(sources, tmp, Options(workers=0, formats=("csv",), force=True))
            return score(gold_dir, Path(tmp))
    finally:
        settings.use_models = before[0]
        if before[1] is None:
            os.environ.pop("PIPELINE_RULES_ONLY", None)
        else:
            os.environ["PIPELINE_RULES_ONLY"] = before[1]


def main(gold_dir: Path, out_dir: Path, as_json: bool = False, ablation: bool = False) -> int:
    if not Path(gold_dir).is_dir() or not (Path(out_dir) / "documents.csv").exists():
        print("error: GOLD_DIR must be a folder of gold JSON files and OUT_DIR a run folder with documents.csv",
              file=sys.stderr)
        return 2
    result = score(gold_dir, out_dir)
    if ablation:
        result["rules_only"] = _rules_only_run(gold_dir, out_dir)["summary"]
    if as_json:
        print(json.dumps(result, indent=1, default=list))
        return 0
    print(format_summary(result["summary"], "rules + models (this run)" if ablation else ""))
    if ablation:
        full, rules = result["summary"], result["rules_only"]
        print()
        print(format_summary(rules, "rules only (models switched off)"))
        print()
        print(f"{'what the models add':22} {'rules':>7} {'+models':>8} {'delta':>7}")
        for k in (*KINDS, "macro_f1"):
            a = rules[k] if k == "macro_f1" else rules[k]["f1"]
            b = full[k] if k == "macro_f1" else full[k]["f1"]
            print(f"{k + ' F1':22} {a:7.3f} {b:8.3f} {b - a:+7.3f}")
        for f in ("kind", "authority", "issued_date"):
            a, b = rules[f"doc_{f}"], full[f"doc_{f}"]
            print(f"{'document ' + f:22} {a['correct']:>4}/{a['total']:<2} {b['correct']:>5}/{b['total']:<2}")
    return 0
