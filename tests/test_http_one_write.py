"""`budget serve`'s HTTP protocol writes each answer's head and body in one call on the
socket (budget.http.one_write, issue 17): uvicorn's own writes them in two."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from budget.http.one_write import OneWriteProtocol

REQUEST = b"GET /answer HTTP/1.1\r\nHost: test\r\n\r\n"


async def app(scope: Any, receive: Any, send: Any) -> None:
    body = b'{"answer": 42}'
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Socket(asyncio.Transport):
    """What the protocol writes to the connection's socket, call by call."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def served(protocol_class: type[HttpToolsProtocol], requests: int = 2) -> Socket:
    """`requests` GETs on one keep-alive connection, answered by `protocol_class`."""

    async def serve() -> Socket:
        config = Config(app, http=protocol_class, log_config=None, access_log=False)
        config.load()
        socket = Socket()
        protocol = protocol_class(config=config, server_state=ServerState(), app_state={})
        protocol.connection_made(socket)
        for _ in range(requests):
            protocol.data_received(REQUEST)
            for _ in range(20):  # the answer's task, then the gathered write
                await asyncio.sleep(0)
        protocol.connection_lost(None)
        return socket

    return asyncio.run(serve())


def test_each_answer_is_one_write_of_its_head_and_body() -> None:
    writes = served(OneWriteProtocol).writes
    assert len(writes) == 2, writes
    for written in writes:
        assert written.startswith(b"HTTP/1.1 200 OK\r\n")
        assert written.endswith(b'\r\n\r\n{"answer": 42}')


def test_the_same_bytes_as_uvicorns_own_protocol() -> None:
    own = served(HttpToolsProtocol).writes
    assert len(own) == 4  # head, body, head, body
    assert b"".join(served(OneWriteProtocol).writes) == b"".join(own)
