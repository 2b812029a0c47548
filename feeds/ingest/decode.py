"""Content-Encoding undone as the bytes arrive, with the decoded size capped at every step.

httpx decodes a whole network chunk at once, and a stacked `Content-Encoding: gzip, gzip` of
2 KB inflates to gigabytes inside one call. Here every layer is asked for at most STEP bytes
at a time (zlib's max_length, brotli's output_buffer_limit), and each piece is passed through
the next layers and counted before the next piece is made: no layer holds more than STEP bytes
of output, and decoding stops the moment the body passes the cap. A bomb costs the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, Protocol

# Output asked of one layer per call: small enough that a bomb never makes a large buffer,
# large enough that a 10 MB feed takes few calls.
STEP = 64 * 1024
# Real servers compress once; "gzip, gzip" happens by mistake (a proxy compressing again).
# Anything deeper is an attack or a broken server, refused before a byte is decoded.
MAX_LAYERS = 2


class TooLarge(Exception):
    """The body, compressed or decoded, passed the size cap."""


class DecodeError(Exception):
    """The Content-Encoding cannot be undone; the message says why, for the feed's error."""


class _Layer(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...


class _Zlib:
    """gzip (several members too), zlib-wrapped deflate, or raw deflate for servers that send it."""

    def __init__(self, wbits: int, raw_fallback: bool = False) -> None:
        self.wbits = wbits
        self.raw_fallback = raw_fallback
        self.obj = zlib.decompressobj(wbits)
        self.started = False  # any input accepted yet: after that, an error is an error
        self.members = 0  # gzip members finished
        self.ignoring = False

    def _decompress(self, data: bytes) -> bytes:
        try:
            out = self.obj.decompress(data, STEP)
        except zlib.error as exc:
            if not self.started and self.raw_fallback:
                # "deflate" is meant to be zlib-wrapped; many servers send raw deflate instead.
                self.raw_fallback = False
                self.wbits = -zlib.MAX_WBITS
                self.obj = zlib.decompressobj(self.wbits)
                return self._decompress(data)
            if self.members and not self.started:
                self.ignoring = True  # bytes after the last member: ignored, as browsers do
                return b""
            raise DecodeError(f"the compressed body could not be decoded ({exc})") from None
        self.started = True
        return out

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self.ignoring:
            if self.obj.eof:  # another gzip member follows (RFC 1952 allows several)
                self.members += 1
                self.obj = zlib.decompressobj(self.wbits)
                self.started = False
            out = self._decompress(data)
            if out:
                yield out
            if self.obj.eof:
                data = self.obj.unused_data
            else:
                data = self.obj.unconsumed_tail
                # All input taken but the output was cut at STEP: zlib may hold more of it.
                while not data and len(out) == STEP and not self.obj.eof:
                    out = self._decompress(b"")
                    if out:
                        yield out


class _Brotli:
    """brotli >= 1.2, whose decoder can stop at an output limit and keep the rest of its input."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self.obj = module.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self.obj.process(data, output_buffer_limit=STEP)
            if out:
                yield out
            while not self.obj.can_accept_more_data():
                out = self.obj.process(b"", output_buffer_limit=STEP)
                if not out:
                    break
                yield out
        except self.module.error as exc:
            raise DecodeError(f"the compressed body could not be decoded ({exc})") from None


def _brotli_module() -> Any:
    try:
        import brotli  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    # An older brotli inflates a whole chunk in one call: as unsafe as no cap, so br is not offered.
    return brotli if hasattr(brotli.Decompressor, "can_accept_more_data") else None


_BROTLI = _brotli_module()
CODINGS = ("gzip", "x-gzip", "deflate") + (("br",) if _BROTLI is not None else ())
# What requests advertise: exactly what can be decoded here, under the cap.
ACCEPT_ENCODING = ", ".join(c for c in CODINGS if c != "x-gzip")


def _make(coding: str) -> _Layer:
    if coding in ("gzip", "x-gzip"):  # RFC 9110: x-gzip is gzip
        return _Zlib(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return _Zlib(zlib.MAX_WBITS, raw_fallback=True)
    return _Brotli(_BROTLI)


def parse_encodings(header: str | None) -> list[str]:
    """The codings of a Content-Encoding header, in the order they were applied; identity dropped.

    Raises DecodeError for a coding this module cannot undo or a stack deeper than MAX_LAYERS.
    """
    codings = [c.strip().lower() for c in (header or "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    for coding in codings:
        if coding not in CODINGS:
            shown = "".join(ch if ch.isprintable() and ch.isascii() else "?" for ch in coding[:40])
            raise DecodeError(f"unsupported Content-Encoding {shown!r}")
    if len(codings) > MAX_LAYERS:
        raise DecodeError(f"Content-Encoding stacks {len(codings)} codings (at most {MAX_LAYERS} are decoded)")
    return codings


class BodyDecoder:
    """Takes a body's raw (still encoded) chunks and keeps the decoded bytes, up to `limit`.

    `feed` raises TooLarge as soon as the raw or the decoded size passes `limit` (having decoded
    at most STEP bytes beyond it), DecodeError for a body that cannot be decoded; `body()`
    returns what was decoded.
    """

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        self.limit = limit
        codings = parse_encodings(content_encoding)
        # The last coding applied is undone first.
        self.layers: list[_Layer] = [_make(c) for c in reversed(codings)]
        self.raw_size = 0
        self.size = 0
        self._chunks: list[bytes] = []

    def _push(self, depth: int, data: bytes) -> None:
        if depth == len(self.layers):
            self.size += len(data)
            if self.size > self.limit:
                raise TooLarge
            self._chunks.append(data)
            return
        for piece in self.layers[depth].feed(data):
            self._push(depth + 1, piece)

    def feed(self, raw: bytes) -> None:
        self.raw_size += len(raw)
        if self.raw_size > self.limit:
            raise TooLarge
        if raw:
            self._push(0, raw)

    def body(self) -> bytes:
        return b"".join(self._chunks)
