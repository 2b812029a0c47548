"""Opening the database for a command, and the one line every command prints when it cannot.

Commands that write (`fetch`, `reextract`, the dashboard) open it read-write, creating and
migrating it; commands that only read (`quotes`, `feeds`, `feeds export`) open it read-only
and never create it. Either way a database that cannot be used raises DatabaseUnusable, which
tui/cli.py prints as one line and turns into exit status 1.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from feeds.config import default_db_path

if TYPE_CHECKING:
    from feeds.store import Store



class DatabaseUnusable(Exception):
    """The database cannot be opened or used; str() is the line to print."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot open the database {path}: {reason}")


def reason(exc: BaseException) -> str:
    """What went wrong, in words a user can act on."""
    text = str(exc)
    if isinstance(exc, sqlite3.Error):
        low = text.lower()
        if "file is not a database" in low:
            return "it is not a SQLite database"
        if "readonly" in low or "read-only" in low:
            return "it is read-only, and this command writes to it"
        if "unable to open" in low:
            return "it cannot be opened (check that its folder exists and that you may write there)"
        if "disk i/o" in low or "database or disk is full" in low:
            return f"the disk refused it ({text})"
        return text
    if isinstance(exc, OSError):
        return exc.strerror or text
    return text


def db_path(arg: Path | None) -> Path:
    return arg or default_db_path()


def open_store(arg: Path | None, *, readonly: bool = False) -> Store:
    """The store at --db (or the default path); read-only commands never create or migrate it."""
    from feeds.store import Store  # here, not at the top: `spacewatch --help` stays instant

    path = db_path(arg)
    if path.is_dir():
        raise DatabaseUnusable(path, "it is a directory")
    if not readonly and path.exists() and not os.access(path, os.W_OK):
        # SQLite opens such a file read-only without a word and fails at the first write, midway.
        raise DatabaseUnusable(path, "it is read-only, and this command writes to it")
    try:
        return Store.open_readonly(path) if readonly else Store.open(path)
    except FileNotFoundError:
        if readonly:
            raise DatabaseUnusable(path, "there is no such file yet (run `spacewatch fetch` first)") from None
        raise DatabaseUnusable(path, "its folder cannot be created") from None
    except (sqlite3.Error, OSError) as exc:
        why = reason(exc)
        if why.startswith(f"{path} "):  # the store's own messages name the file already
            why = "it " + why[len(str(path)) + 1:]
        raise DatabaseUnusable(path, why) from None
