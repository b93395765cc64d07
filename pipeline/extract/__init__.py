"""Extractors: plain functions over the shared document model, listed in a registry.

Each extractor reads a :class:`~pipeline.document.Extraction` (the document, its outline and
whatever earlier extractors found) and returns the facts for one field of it. The runner
assigns the result, so an extractor never mutates shared state and can be tested alone:

    >>> from pipeline.extract import REGISTRY
    >>> [e.name for e in REGISTRY]  # doctest: +SKIP
    ['statutes', 'dates', 'people', 'obligations', 'document_facts']
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.document import Document, Extraction


@dataclass(frozen=True)
class Extractor:
    name: str
    field: str  # the Extraction attribute it fills
    func: Callable[[Extraction], Any]


REGISTRY: list[Extractor] = []

# Registry order is dependency order: obligations read dates (deadlines), document facts read
# dates, people and statutes.
_MODULES = ("statutes", "dates", "people", "obligations", "document_facts")


def register(name: str, field: str) -> Callable[[Callable[[Extraction], Any]], Callable[[Extraction], Any]]:
    """Decorator: add ``func`` to the registry under ``name``, filling ``Extraction.<field>``."""

    def deco(func: Callable[[Extraction], Any]) -> Callable[[Extraction], Any]:
        REGISTRY[:] = [e for e in REGISTRY if e.name != name]
        REGISTRY.append(Extractor(name, field, func))
        return func

    return deco


def load_all() -> list[Extractor]:
    """Import the extractor modules (registering them) and return them in dependency order."""
    for mod in _MODULES:
        importlib.import_module(f"pipeline.extract.{mod}")
    order = {m: i for i, m in enumerate(_MODULES)}
    return sorted(REGISTRY, key=lambda e: order.get(e.name, len(order)))


def warm_all(only: set[str] | None = None) -> None:
    """Load what the extractors load lazily (trained models), for a parent process about to fork.

    An extractor module may define ``warm()``; it is called here so that forked workers share
    the loaded models instead of each paying for spaCy's import and the model load.
    """
    for extractor in load_all():
        if only is not None and extractor.name not in only:
            continue
        warm = getattr(importlib.import_module(extractor.func.__module__), "warm", None)
        if callable(warm):
            warm()


def run(document: Document, only: set[str] | None = None) -> Extraction:
    """Structure the document, then run every (or only the named) extractor in order."""
    from pipeline.structure import parse_outline

    ex = Extraction(document=document, outline=parse_outline(document.text))
    for extractor in load_all():
        if only is not None and extractor.name not in only:
            continue
        setattr(ex, extractor.field, extractor.func(ex))
    return ex
