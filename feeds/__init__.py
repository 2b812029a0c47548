"""spacewatch engine: fetch, parse, extract statements, store and query. Never imports Textual."""

__version__ = "0.1.0"
