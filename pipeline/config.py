"""Run-wide settings read from the environment, so that worker processes inherit them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _models_dir() -> Path:
    return Path(os.environ.get("PIPELINE_MODELS", Path(__file__).resolve().parent.parent / "models"))


@dataclass
class Settings:
    # PIPELINE_RULES_ONLY=1 switches the trained models off, so the evaluation can show what
    # the rules alone score and what the models add.
    use_models: bool = field(default_factory=lambda: os.environ.get("PIPELINE_RULES_ONLY", "") != "1")
    models_dir: Path = field(default_factory=_models_dir)


settings = Settings()
