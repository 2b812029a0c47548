"""Newsroom: what a desk does with stored statements — alerts, exports and citations, OPML, config edits, watch.

The top stage: may use every other part of feeds/ (never Textual).
"""
