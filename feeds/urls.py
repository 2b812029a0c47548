"""URL hygiene: canonical article URLs (one story, many feeds) and which links may be opened."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader; the same story carries different ones per outlet.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
_TRACKING_KEYS = frozenset({
    "fbclid", "gclid", "dclid", "yclid", "msclkid", "igshid", "ref", "ref_src", "cmpid", "ocid",
    "rss", "from", "spm", "_ga", "mkt_tok", "smid", "taid", "at_medium", "at_campaign",
})

# Most links already look like this: an http(s) URL with a plain host and no query. Both
# functions below answer those without urlsplit (a refresh asks about 10,000 links), and
# tests/test_urls.py checks the short way gives what the long way would.
_PLAIN_WEB_URL = re.compile(r"(?i:https?)://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?:/[^?#\s\x00]*)?")
_PLAIN_CANONICAL = re.compile(r"https?://(?!www\.)([a-z0-9-]+(?:\.[a-z0-9-]+)*)(/[^?#\s\x00]*)?")


def is_web_url(url: str | None) -> bool:
    """True only for absolute http(s) URLs: the only links spacewatch opens or follows."""
    if not url:
        return False
    if _PLAIN_WEB_URL.fullmatch(url):
        return True
    if any(ch in url for ch in "\x00\r\n\t "):
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def canonical_url(url: str | None) -> str | None:
    """A stable form of an article URL: same story, same string, whichever feed carried it.

    Lowercases scheme and host, drops "www.", default ports, fragments, tracking parameters,
    a trailing slash and AMP suffixes; keeps the rest of the query (sorted). Non-web URLs: None.
    """
    if url and (plain := _PLAIN_CANONICAL.fullmatch(url)):
        path = plain[2] or "/"
        if not path.endswith(("/amp", "/amp/", ".amp")):
            return f"https://{plain[1]}{path.rstrip('/') if len(path) > 1 else path}"
    if not is_web_url(url):
        return None
    assert url is not None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path or "/"
    for suffix in ("/amp", "/amp/", ".amp"):
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)]
    if len(path) > 1:
        path = path.rstrip("/")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_KEYS]
    return urlunsplit(("https" if parts.scheme.lower() in ("http", "https") else parts.scheme,
                       netloc, path, urlencode(sorted(query)), ""))
