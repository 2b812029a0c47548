"""The store: the only SQL — schema and migrations, transactional writes, queries and full-text search.

One face, `Store`, made of one mixin per responsibility (add a method to the module of its table
or task): base (connections, transactions, migration), schema, feeds_table (feed health and
backoff), writes (a refresh's articles and statements), clusters (one statement, many outlets),
speakers (statements whose speaker a later article told), queries (what panes and exports
read), search (FTS5), pages (where each article's text came from). Imports only the bottom
modules (models, records, dedupe); never ingest, statements or newsroom.
"""

from .pages import ArticlePages
from .queries import Queries
from .search import Search
from .speakers import SpeakerUpdates


class Store(SpeakerUpdates, ArticlePages, Queries, Search):
    """A spacewatch database. Safe to share between threads: each thread gets its own connection."""


__all__ = ["Store"]
