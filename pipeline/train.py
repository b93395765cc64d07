"""``pipeline train``: rebuild the shipped models in models/ from corpus/ (offline, seeded)."""

from __future__ import annotations

from pathlib import Path


def main(what: str, corpus: Path, models: Path, seed: int = 0) -> int:
    if what in ("people", "all"):
        from pipeline.training.people import train as train_people

        train_people(corpus, models, seed=seed)
    if what in ("kind", "all"):
        from pipeline.training.kind import train as train_kind

        train_kind(corpus, models, seed=seed)
    return 0
