"""spacewatch engine: fetch, parse, extract statements, store and query. Never imports Textual.

The house by stage (ARCHITECTURE.md has the map):
  models, records, urls, dedupe, config   the bottom: records and helpers every stage shares
  ingest/      feed URL -> parsed articles (fetch, decode, parse, html_text; article pages)
  statements/  article text -> statements (quotes, speakers, actors, key quotes, transcripts)
  store/       the only SQL
  refresh/     wires the stages: one refresh of every feed (its process pool in workers.py)
  newsroom/    alerts, exports, OPML, config edits, volume and topics, the watch loop
"""

__version__ = "0.1.0"
