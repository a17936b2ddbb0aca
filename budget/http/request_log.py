"""One JSON line per request on the logger `budget.http.requests`: its id, the user, the
method, the route (its template, so ids do not scatter it), the status and the seconds it
took. The id is the proxy's `X-Request-ID` when it sends a plain one, else a new one, and
goes back in the answer's `X-Request-ID`, so a person's report finds its line.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

import msgspec
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("budget.http.requests")
HEADER = "x-request-id"
PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == HEADER.encode():
            given = value.decode("latin-1")
            if PLAIN_ID.match(given):
                return given
    return uuid.uuid4().hex


def request_log(app: ASGIApp) -> ASGIApp:
    """The middleware: logs each HTTP request once it has answered."""

    async def logged(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        the_id = request_id(scope)
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                MutableScopeHeaders.from_message(message)[HEADER] = the_id
            await send(message)

        try:
            await app(scope, receive, sending)
        finally:
            user: Any = scope.get("user")
            line = {
                "id": the_id,
                "user": getattr(user, "username", None),
                "method": scope.get("method"),
                "route": scope.get("path_template") or scope.get("path"),
                "status": status,
                "seconds": round(time.perf_counter() - started, 6),
            }
            logger.info(msgspec.json.encode(line).decode())

    return logged
