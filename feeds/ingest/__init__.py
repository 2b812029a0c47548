"""Ingest: a feed URL becomes parsed articles — fetch (HTTP), parse (RSS/Atom/RDF), html_text (HTML to paragraphs).

Imports only the bottom modules (models, urls, config); never statements, store or newsroom.
"""
