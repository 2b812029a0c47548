"""The one place that wires the stages: a feed URL from the config to statements in the store.

pipeline.py downloads every feed on the event loop (ingest.fetch), hands each body to a process
pool as it arrives (workers.py: ingest.parse, then statements.extract, then the rows the store
writes), reads the article pages of teaser items (full_text.py), tells speakers whom the refresh
itself taught about (people.py), and writes each feed all-or-nothing from one writer thread
(store). pages_since.py is the same page pass over stored articles (`fetch --pages-since`).
"""

from .pipeline import (
    POOL_MIN_FEEDS,
    FeedSource,
    fill_demo,
    refresh_all,
    refresh_all_sync,
    refresh_demo,
    refresh_feeds,
)

__all__ = ["POOL_MIN_FEEDS", "FeedSource", "fill_demo", "refresh_all", "refresh_all_sync", "refresh_demo",
           "refresh_feeds"]
