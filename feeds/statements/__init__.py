"""Statements: an article's text becomes quotations with speaker, actor, spans and key scores.

`extractor.extract` is the entry point; quotes finds quotation marks (en/ru/fr), attribution and
discourse tie each quote to a speaker, actors maps speakers to the bodies they speak for, keyquotes
scores them. Imports only the bottom modules (models, config); never ingest, store or newsroom.
"""

from .extractor import EXTRACTOR_VERSION, extract

__all__ = ["EXTRACTOR_VERSION", "extract"]
