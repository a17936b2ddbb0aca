"""uvicorn's HTTP/1.1 protocol (httptools) with each answer written in one system call.

uvicorn writes an answer's head when the app starts it and its body when the app sends
it, and uvloop writes each at once: two `write` calls on the socket per request, each
delivering a segment to the client (on loopback, in the service's own CPU time). A kept
dashboard read spent ~17 % of the service's samples in those two writes (py-spy, issue
17). Here what is written while the event loop turns once is written together at the end
of that turn: the head and the body of an answer in one call, in the order written.
`budget serve` names this protocol as uvicorn's `http`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class GatheredWrites:
    """`transport` as the protocol sees it: its writes gathered until the loop's next turn
    (`call_soon`), then written in one call; closing writes what gathered first. Anything
    else is the transport's own."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self.transport = transport
        self.loop = loop
        self._gathered: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._gathered:
            self.loop.call_soon(self.flush)
        self._gathered.append(data)

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        """Write what gathered, in one call."""
        gathered = self._gathered
        if not gathered:
            return
        self._gathered = []
        if not self.transport.is_closing():
            self.transport.write(gathered[0] if len(gathered) == 1 else b"".join(gathered))

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def abort(self) -> None:
        self._gathered = []
        self.transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


class OneWriteProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol on a transport whose writes are gathered per turn of
    the loop (`GatheredWrites`)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        gathered: Any = GatheredWrites(transport, self.loop)
        super().connection_made(gathered)
