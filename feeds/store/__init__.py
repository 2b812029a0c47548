"""The store: the only SQL — schema and migrations, transactional writes, queries and full-text search.

Imports only the bottom modules (models, records, dedupe); never ingest, statements or newsroom.
"""

from .core import Store

__all__ = ["Store"]
