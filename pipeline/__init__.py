"""Extraction of statutes, people, dates, obligations and document facts from UK intervention documents."""

__version__ = "0.1.0"
