"""feeds.ingest.feed_dates: every date form feeds write, read to the right UTC moment (issue 14, cause 9)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.ingest.feed_dates import parse_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(("value", "moment"), [
    # US zones and their daylight forms were read as UTC.
    ("Tue, 03 Jun 2025 10:15:00 EST", utc(2025, 6, 3, 15, 15)),
    ("Tue, 03 Jun 2025 10:15:00 EDT", utc(2025, 6, 3, 14, 15)),
    ("Tue, 03 Jun 2025 10:15:00 CST", utc(2025, 6, 3, 16, 15)),
    ("Tue, 03 Jun 2025 10:15:00 CDT", utc(2025, 6, 3, 15, 15)),
    ("Tue, 03 Jun 2025 10:15:00 MST", utc(2025, 6, 3, 17, 15)),
    ("Tue, 03 Jun 2025 10:15:00 MDT", utc(2025, 6, 3, 16, 15)),
    ("Tue, 03 Jun 2025 10:15:00 PST", utc(2025, 6, 3, 18, 15)),
    ("Tue, 03 Jun 2025 10:15:00 PDT", utc(2025, 6, 3, 17, 15)),
    ("Tue, 03 Jun 2025 10:15:00 AT", utc(2025, 6, 3, 14, 15)),
    ("Tue, 03 Jun 2025 10:15:00 MET", utc(2025, 6, 3, 9, 15)),
    ("Tue, 03 Jun 2025 10:15:00 MEST", utc(2025, 6, 3, 8, 15)),
    # Zones feedparser does not know, which spacewatch read right already: kept.
    ("Tue, 03 Jun 2025 10:15:00 MSK", utc(2025, 6, 3, 7, 15)),
    ("Tue, 03 Jun 2025 10:15:00 CET", utc(2025, 6, 3, 9, 15)),
    ("Tue, 03 Jun 2025 10:15:00 JST", utc(2025, 6, 3, 1, 15)),
    ("Tue, 03 Jun 2025 10:15:00 +0300", utc(2025, 6, 3, 7, 15)),
    ("Tue, 03 Jun 2025 10:15:00 GMT", utc(2025, 6, 3, 10, 15)),
    ("3 Jun 2025 10:15 -0500", utc(2025, 6, 3, 15, 15)),
    # Italian (and other) month and day names.
    ("mar, 03 giu 2025 10:15:00 +0200", utc(2025, 6, 3, 8, 15)),
    ("Mer, 04 Dic 2024 09:00:00 +0100", utc(2024, 12, 4, 8, 0)),
    # Day first when dots separate the parts: 2 June, not 6 February.
    ("02.06.2020 10:00 +0300", utc(2020, 6, 2, 7, 0)),
    # Year only and year-month: the first of the period, not today's day and month.
    ("2003", utc(2003, 1, 1)),
    ("2003-12", utc(2003, 12, 1)),
    ("2025-06-03T10:15:00Z", utc(2025, 6, 3, 10, 15)),
    ("2025-06-03T10:15:00+03:00", utc(2025, 6, 3, 7, 15)),
    ("2025-06-03 10:15:00", utc(2025, 6, 3, 10, 15)),
    # Korean, Greek and Hungarian forms (feedparser's own test values).
    ("2004-05-25 \uc624\uc804 11:23:17", utc(2004, 5, 25, 2, 23, 17)),
    ("\u039a\u03c5\u03c1, 11 \u0399\u03bf\u03cd\u03bb 2004 12:00:00 EST", utc(2004, 7, 11, 17)),
    ("2004-j\u00falius-13T9:15-05:00", utc(2004, 7, 13, 14, 15)),
    ("Sun Jan  4 16:29:06 2004", utc(2004, 1, 4, 16, 29, 6)),
    ("Tue, 03 Jun 2025 24:00:00 GMT", utc(2025, 6, 4)),
    ("Tue, 03 Jun 2025 10:15:00 XYZQ", utc(2025, 6, 3, 10, 15)),  # an unknown zone reads as UTC, as in feedparser
])
def test_date_forms(value: str, moment: datetime) -> None:
    assert parse_date(value) == moment


@pytest.mark.parametrize("value", ["", "   ", "not a date", "June", "June 5", "Tue, 31 Feb 2025 10:00:00 GMT",
                                   "9" * 300, None])
def test_no_date_is_invented(value: str | None) -> None:
    assert parse_date(value) is None
