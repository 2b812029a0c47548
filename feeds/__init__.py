"""spacewatch engine: fetch, parse, extract statements, store and query. Never imports Textual.

The house by stage (ARCHITECTURE.md has the map):
  models, records, urls, dedupe, config   the bottom: records and helpers every stage shares
  ingest/      feed URL -> parsed articles (fetch, parse, html_text)
  statements/  article text -> statements (quotes, speakers, actors, key quotes)
  store/       the only SQL
  refresh.py   wires the stages (workers.py is its process-pool half)
  newsroom/    alerts, exports, OPML, config edits, the watch loop
"""

__version__ = "0.1.0"
