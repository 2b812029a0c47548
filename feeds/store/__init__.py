"""The store: the only SQL — schema and migrations, transactional writes, queries and full-text search.

One face, `Store`, made of one mixin per responsibility (add a method to the module of its table
or task): base (connections, transactions, migration), schema, feeds_table (feed health and
backoff), writes (a refresh's articles and statements), clusters (one statement, many outlets),
speakers (statements whose speaker a later article told), queries (what panes and exports
read), search (FTS5), pages (where each article's text came from), marks (stars, read
marks, panes' last look), volume (statements per day), compare (one topic, every actor).
Imports only the bottom modules (models, records, dedupe); never ingest, statements or newsroom.
"""

from .compare import Compare
from .pages import ArticlePages
from .search import Search
from .speakers import SpeakerUpdates
from .volume import Volume


class Store(SpeakerUpdates, ArticlePages, Compare, Search, Volume):  # Compare reads through Queries, which reads marks
    """A spacewatch database. Safe to share between threads: each thread gets its own connection."""


__all__ = ["Store"]
