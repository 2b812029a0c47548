"""One module per `spacewatch` subcommand; each exposes `register(subparsers)`.

Commands never import Textual at module level: `spacewatch fetch` runs from cron and must start fast.
"""
