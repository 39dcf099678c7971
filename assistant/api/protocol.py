"""The HTTP protocol the server runs: uvicorn's h11 protocol with a deadline for request headers.

uvicorn times out idle keep-alive connections, but not a client that opens a connection and sends its headers
a byte at a time: a thousand such clients hold every connection. Here each request's headers must arrive
within `header_timeout` seconds of the connection opening (or of the previous response); otherwise the
connection is closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["HeaderDeadlineProtocol", "protocol_with_deadline"]


class HeaderDeadlineProtocol(H11Protocol):
    """H11Protocol that closes a connection whose request headers are not complete in time."""

    header_timeout: float = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._too_slow)

    def _disarm(self) -> None:
        handle = getattr(self, "_header_deadline", None)
        if handle is not None:
            handle.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE:  # still waiting for (the rest of) a request's headers
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the request line and headers are in
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def protocol_with_deadline(seconds: float) -> type[HeaderDeadlineProtocol]:
    """The protocol class with this header deadline."""
    return type("HeaderDeadline", (HeaderDeadlineProtocol,), {"header_timeout": float(seconds)})

