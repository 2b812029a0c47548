"""Demo feeds shipped inside the package (fictional news) and the offline source that serves them."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime
from importlib import resources
from urllib.parse import urlsplit

from ..config import packaged_config_text, parse_config
from ..ingest.fetch import FetchResult
from ..models import Config, FeedSpec

# .invalid never resolves (RFC 2606): these URLs can only ever be answered by PackagedFeeds.
DEMO_BASE = "https://demo.spacewatch.invalid/"

DEMO_FEEDS = (
    FeedSpec(url=DEMO_BASE + "orbital-dispatch.xml", title="Orbital Dispatch (demo)"),
    FeedSpec(url=DEMO_BASE + "briefing-room.xml", title="The Briefing Room (demo)"),
    FeedSpec(url=DEMO_BASE + "kosmos-vestnik.xml", title="Космический вестник (демо)", lang="ru"),
)

_TYPES = {".xml": "application/xml"}  # no charset: the documents declare their own (one is windows-1251)


def demo_config() -> Config:
    """The packaged default config (actors, people, settings) with the demo feeds in place of real ones."""
    base = parse_config(packaged_config_text(), None)
    return dataclasses.replace(base, feeds=DEMO_FEEDS)


def demo_files() -> dict[str, bytes]:
    """File name -> bytes of every packaged demo feed."""
    root = resources.files(__name__)
    return {spec.url.rsplit("/", 1)[1]: root.joinpath(spec.url.rsplit("/", 1)[1]).read_bytes()
            for spec in DEMO_FEEDS}


class PackagedFeeds:
    """A feed source for refresh_all that answers demo URLs from the package, offline.

    It speaks like a server: an ETag per file and "not modified" when asked with it again.
    """

    def __init__(self) -> None:
        self._files = demo_files()

    async def __aenter__(self) -> PackagedFeeds:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> FetchResult:
        started = datetime.now(UTC)
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        body = self._files.get(name) if url.startswith(DEMO_BASE) else None
        if body is None:
            return FetchResult(url, "error", started, 0, http_status=404, error="HTTP 404 Not Found")
        tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if etag == tag:
            return FetchResult(url, "not-modified", started, 0, http_status=304, etag=tag)
        return FetchResult(url, "ok", started, 0, http_status=200, body=body, final_url=url,
                           content_type=_TYPES.get(name[name.rfind("."):]), etag=tag)
