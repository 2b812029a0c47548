"""Dates as feeds write them -> aware UTC datetimes: RFC 822 with every zone name seen, ISO 8601, the rest.

The usual two forms are read here directly (fast, and with more zone names than feedparser knows:
MSK, CET, JST...); anything else goes to feedparser's own date parsers (W3DTF partial dates,
Korean, Greek, Hungarian, asctime, Perforce...), then to dateutil, whose answer is kept only
when the string named a whole date (dateutil fills a missing day or month from today).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta

_MAX_CHARS = 256  # longer is not a date; dateutil's tokenizer is quadratic

# Offsets in minutes. feedparser's RFC 822 zones (US zones, UT/GMT/Z, military letters) and the
# others feeds use; where a name is ambiguous (CST, IST) the common reading in feeds wins.
_ZONES: dict[str, int] = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60,
    "at": -240, "ast": -240, "adt": -180, "et": -300, "est": -300, "edt": -240,
    "ct": -360, "cst": -360, "cdt": -300, "mt": -420, "mst": -420, "mdt": -360,
    "pt": -480, "pst": -480, "pdt": -420, "akst": -540, "akdt": -480, "hst": -600, "hast": -600,
    "hadt": -540, "nst": -210, "ndt": -150,
    "cet": 60, "cest": 120, "met": 60, "mest": 120, "mez": 60, "mesz": 120, "eet": 120, "eest": 180,
    "msk": 180, "msd": 240, "ist": 330, "pkt": 300, "ict": 420, "wib": 420, "sgt": 480, "hkt": 480,
    "awst": 480, "jst": 540, "kst": 540, "acst": 570, "acdt": 630, "aest": 600, "aedt": 660,
    "nzst": 720, "nzdt": 780,
}
# Military single letters (RFC 822): A-I, K-M east, N-Y west; Z is UTC (above).
_ZONES.update({c: 60 * (i + 1) for i, c in enumerate("abcdefghi")})
_ZONES.update({c: 60 * (i + 10) for i, c in enumerate("klm")})
_ZONES.update({c: -60 * (i + 1) for i, c in enumerate("nopqrstuvwxy")})

# Month names: English, and the languages of feeds spacewatch reads (Italian, French, German,
# Spanish, Russian in transliteration is not seen in dates). Keys are the first three letters.
_MONTHS: dict[str, int] = {}
for _names in ("jan feb mar apr may jun jul aug sep oct nov dec",
               "gen feb mar apr mag giu lug ago set ott nov dic",  # Italian
               "jan fév mar avr mai jui jui aoû sep oct nov déc",  # French (juin/juillet below)
               "jan feb mär apr mai jun jul aug sep okt nov dez",  # German
               "ene feb mar abr may jun jul ago sep oct nov dic"):  # Spanish
    for _number, _name in enumerate(_names.split(), 1):
        _MONTHS.setdefault(_name, _number)
_MONTH_WORDS = {"juin": 6, "juil": 7, "juillet": 7, "fev": 2, "aou": 8, "dec": 12, "mrz": 3, "maerz": 3,
                "sept": 9}

_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:[Zz]|[+-]\d\d(?::?\d\d)?)?)?")
_RFC822 = re.compile(
    r"(?:[^\W\d_]+\.?,?\s*)?(\d{1,2})[\s-]+([^\W\d_]+)\.?[\s-]+(\d{2,4}),?"
    r"(?:\s+(\d{1,2}):(\d\d)(?::(\d\d))?(?:\.\d+)?)?"
    r"\s*(?:([+-]\d{2}:?\d{2}|[+-]\d{1,2})|\(?([A-Za-z]{1,5})\)?)?(?:\s*\(.*\))?\s*")
# 02.06.2020 10:00 +0300 -- day first, as everywhere that writes dots.
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2}):(\d\d)(?::(\d\d))?)?"
                     r"\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?\s*")


def parse_date(value: str | None) -> datetime | None:
    """The moment a feed's date string names, in UTC; None when it names none."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > _MAX_CHARS:
        return None
    if len(value) == 31 and value[3] == "," and value[26] in "+-":
        found = _fixed_rfc822(value)  # "Mon, 02 Jun 2025 07:43:00 +0000": most RSS dates
        if found is not None:
            return found
    if value[:4].isdigit() and _ISO.fullmatch(value):
        try:
            dt = datetime.fromisoformat(value.replace("z", "Z").replace(",", "."))
        except ValueError:
            pass
        else:
            return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    if (m := _RFC822.fullmatch(value)) is not None:
        found = _rfc822(m)
        if found is not None:
            return found
    if (m := _DOTTED.fullmatch(value)) is not None:
        found = _moment(int(m[3]), int(m[2]), int(m[1]), m[4], m[5], m[6], m[7])
        if found is not None:
            return found
    return _feedparser_date(value) or _dateutil_date(value)


_FIXED_MONTHS = {name.capitalize(): number for name, number in _MONTHS.items() if name.isascii()}
_FIXED_MONTHS.update({name: number for name, number in _MONTHS.items() if name.isascii()})


def _fixed_rfc822(value: str) -> datetime | None:
    """The usual RFC 822 layout read by position; None for anything else (read by _RFC822)."""
    month = _FIXED_MONTHS.get(value[8:11])
    digits = value[5:7] + value[12:16] + value[17:19] + value[20:22] + value[23:25] + value[27:31]
    if (month is None or not digits.isdigit() or not digits.isascii() or value[4] != " " or value[7] != " "
            or value[11] != " " or value[16] != " " or value[19] != ":" or value[22] != ":" or value[25] != " "):
        return None
    hour = int(value[17:19])
    offset = int(value[27:29]) * 60 + int(value[29:31])
    if hour > 23 or offset >= 24 * 60:
        return None
    try:
        local = datetime(int(value[12:16]), month, int(value[5:7]), hour, int(value[20:22]), int(value[23:25]),
                         tzinfo=UTC)
    except ValueError:
        return None
    return local - timedelta(minutes=offset if value[26] == "+" else -offset) if offset else local


def _offset(zone: str | None) -> int | None:
    """Minutes east of UTC for a numeric or named zone; 0 when absent; None when unknown."""
    if not zone:
        return 0
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        if len(digits) <= 2:
            minutes = int(digits) * 60
        else:
            minutes = int(digits[:-2]) * 60 + int(digits[-2:])
        return -minutes if zone[0] == "-" else minutes
    return _ZONES.get(zone.lower())


def _month(name: str) -> int | None:
    name = name.lower()
    return _MONTH_WORDS.get(name) or _MONTHS.get(name[:3]) if len(name) >= 3 else None


def _rfc822(m: re.Match[str]) -> datetime | None:
    month = _month(m[2])
    if month is None:
        return None
    year = int(m[3])
    if len(m[3]) == 2:
        year += 2000 if year < 70 else 1900  # RFC 2822's rule for two-digit years
    return _moment(year, month, int(m[1]), m[4], m[5], m[6], m[7] or m[8])


def _moment(year: int, month: int, day: int, hour: str | None, minute: str | None, second: str | None,
            zone: str | None) -> datetime | None:
    offset = _offset(zone)
    if offset is None or abs(offset) >= 24 * 60:
        return None
    h = int(hour or 0)
    try:
        # Hour 24 is midnight at the end of the day (feeds write it; datetime refuses it).
        local = datetime(year, month, day, 0 if h == 24 else h, int(minute or 0), int(second or 0), tzinfo=UTC)
        return local + timedelta(days=h == 24) - timedelta(minutes=offset)
    except (ValueError, OverflowError):
        return None


def _feedparser_date(value: str) -> datetime | None:
    # Loaded only for the forms not read above. feedparser's general _parse_date tries its
    # W3DTF reader before the Korean and Hungarian ones, and takes "2004-05-25 오전 11:23:17"
    # for midnight: for text beyond ASCII the language-specific readers go first.
    from feedparser import datetimes

    readers = [datetimes._parse_date]
    if not value.isascii():
        readers[:0] = [datetimes._parse_date_nate, datetimes._parse_date_onblog, datetimes._parse_date_greek,
                       datetimes._parse_date_hungarian]
    parsed = None
    for reader in readers:
        try:
            parsed = reader(value)
        except (ValueError, OverflowError, IndexError, TypeError, KeyError):
            parsed = None
        if parsed is not None:
            break
    if parsed is None:
        return None
    try:
        year, month, day, hour, minute, second = parsed[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _dateutil_date(value: str) -> datetime | None:
    """dateutil's reading, but only of a string that names year, month and day itself."""
    from dateutil import parser as dateutil_parser

    tzinfos = {name.upper(): minutes * 60 for name, minutes in _ZONES.items() if len(name) > 1}
    try:
        with warnings.catch_warnings():
            # An unknown zone name reads as UTC, as feedparser reads it; dateutil says so loudly.
            warnings.simplefilter("ignore")
            # Parsed twice with different defaults: any field taken from a default differs.
            first = dateutil_parser.parse(value, default=datetime(2001, 1, 1), tzinfos=tzinfos)
            second = dateutil_parser.parse(value, default=datetime(2002, 2, 2), tzinfos=tzinfos)
    except (ValueError, OverflowError, ArithmeticError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    try:
        return first.replace(tzinfo=UTC) if first.tzinfo is None else first.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
