"""feeds.ingest.decode, through a real loopback server: stacked encodings capped as they are decoded."""

from __future__ import annotations

import gzip
import zlib

import pytest
from conftest import FeedServer, Route, rss, rss_item

from feeds.ingest.decode import ACCEPT_ENCODING, STEP, BodyDecoder, DecodeError, TooLarge
from feeds.ingest.fetch import Fetcher, FetchResult
from feeds.models import FetchSettings

LIMIT = 256 * 1024
SETTINGS = FetchSettings(concurrency=4, per_host=4, connect_timeout=2.0, read_timeout=10.0,
                         max_bytes=LIMIT, max_redirects=3, user_agent="spacewatch-test/1")

try:
    import brotli  # type: ignore[import-not-found, import-untyped, unused-ignore]
    HAVE_BR = hasattr(brotli.Decompressor, "can_accept_more_data")
except ImportError:
    HAVE_BR = False
needs_br = pytest.mark.skipif(not HAVE_BR, reason="brotli >= 1.2 is not installed: br is not offered")


def gzip_bomb(members: int = 100) -> bytes:
    """`Content-Encoding: gzip, gzip`: ~1.6 KB that inflates to `members` x 10 MB of zeros.

    The inner layer is `members` gzip members of 10 MB each (RFC 1952 allows a concatenation),
    so the bomb is made in milliseconds instead of compressing a gigabyte.
    """
    member = gzip.compress(b"\0" * 10_000_000, mtime=0)
    return gzip.compress(member * members, compresslevel=9, mtime=0)


def deflate(data: bytes, raw: bool = False) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return c.compress(data) + c.flush()


async def get(feed_server: FeedServer, body: bytes, encoding: str) -> FetchResult:
    url = feed_server.add("/enc.xml", Route(body=body, headers={"Content-Encoding": encoding,
                                                                "Content-Type": "application/rss+xml"}))
    async with Fetcher(SETTINGS) as f:
        return await f.fetch(url)


async def test_gzip_gzip_bomb_is_refused_at_the_cap(feed_server: FeedServer) -> None:
    bomb = gzip_bomb()
    assert len(bomb) < 4096  # 1 GB of zeros behind it
    result = await get(feed_server, bomb, "gzip, gzip")
    assert result.status == "error" and result.error == "body larger than 256 KiB"


def test_a_bomb_in_one_chunk_decodes_no_more_than_a_step_past_the_cap() -> None:
    # The whole bomb arrives as one network chunk: decoding still stops just past the cap,
    # it does not inflate the chunk first and count afterwards.
    decoder = BodyDecoder("gzip, gzip", LIMIT)
    with pytest.raises(TooLarge):
        decoder.feed(gzip_bomb())
    assert LIMIT < decoder.size <= LIMIT + STEP


async def test_stacked_encodings_decode_to_the_document(feed_server: FeedServer) -> None:
    doc = rss([rss_item(i) for i in range(40)])
    twice = await get(feed_server, gzip.compress(gzip.compress(doc)), "gzip, gzip")
    assert twice.status == "ok" and twice.body == doc
    mixed = await get(feed_server, gzip.compress(deflate(doc)), "deflate, gzip")
    assert mixed.status == "ok" and mixed.body == doc
    raw = await get(feed_server, deflate(doc, raw=True), "deflate")  # raw deflate, as some servers send
    assert raw.status == "ok" and raw.body == doc
    members = await get(feed_server, gzip.compress(doc[:500]) + gzip.compress(doc[500:]), "x-gzip")
    assert members.status == "ok" and members.body == doc


async def test_deflate_bomb_under_gzip_is_refused(feed_server: FeedServer) -> None:
    inner = deflate(b"<rss>" + b" " * 50_000_000)
    result = await get(feed_server, gzip.compress(inner), "deflate, gzip")
    assert result.status == "error" and result.error == "body larger than 256 KiB"


@needs_br
async def test_brotli_layers(feed_server: FeedServer) -> None:
    doc = rss([rss_item(i) for i in range(40)])
    ok = await get(feed_server, brotli.compress(gzip.compress(doc)), "gzip, br")
    assert ok.status == "ok" and ok.body == doc
    bomb = brotli.compress(gzip.compress(b"\0" * 10_000_000, mtime=0) * 100, quality=5)  # br over 1 GB of gzip
    assert len(bomb) < 4096
    refused = await get(feed_server, bomb, "gzip, br")
    assert refused.status == "error" and refused.error == "body larger than 256 KiB"
    decoder = BodyDecoder("br", LIMIT)
    with pytest.raises(TooLarge):
        decoder.feed(brotli.compress(b"\0" * 20_000_000, quality=5))
    assert decoder.size <= LIMIT + STEP
    assert "br" in ACCEPT_ENCODING


async def test_too_deep_or_unknown_encodings_are_clear_errors(feed_server: FeedServer) -> None:
    doc = rss([rss_item(1)])
    deep = await get(feed_server, gzip.compress(gzip.compress(gzip.compress(doc))), "gzip, gzip, gzip")
    assert deep.status == "error"
    assert deep.error == "Content-Encoding stacks 3 codings (at most 2 are decoded)"
    unknown = await get(feed_server, doc, "compress")
    assert unknown.status == "error" and unknown.error == "unsupported Content-Encoding 'compress'"
    hostile = await get(feed_server, doc, "x\x1b]52;c;aGk=\x07")
    assert hostile.status == "error" and "\x1b" not in (hostile.error or "")
    broken = await get(feed_server, b"\x1f\x8b\x08\x00garbage-not-gzip", "gzip")
    assert broken.status == "error" and (broken.error or "").startswith("the compressed body could not be decoded")


async def test_requests_offer_only_what_can_be_decoded(feed_server: FeedServer) -> None:
    url = feed_server.feed("/plain.xml", rss([rss_item(1)]))
    async with Fetcher(SETTINGS) as f:
        assert (await f.fetch(url)).status == "ok"
    offered = feed_server.requests_to("/plain.xml")[0].headers["accept-encoding"]
    assert offered == ACCEPT_ENCODING
    assert {c.strip() for c in offered.split(",")} <= {"gzip", "deflate", "br"}


def test_an_unknown_layer_is_refused_before_any_decoding() -> None:
    with pytest.raises(DecodeError, match="unsupported Content-Encoding 'zstd'"):
        BodyDecoder("gzip, zstd", LIMIT)
