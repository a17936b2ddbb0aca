"""The one wrapper around every routed HTTP request: its log line, its Prometheus figures
and the security headers, in one pure-ASGI middleware (three wrappers cost a write about a
fifth of its service CPU: docs/benchmarks.md, issue 17).

- One JSON line per request on the logger `budget.http.requests`: its id, the user, the
  method, the route (its template, so ids do not scatter it), the status and the seconds it
  took. The id is the proxy's `X-Request-ID` when it sends a plain one, else a new one, and
  goes back in the answer's `X-Request-ID`, so a person's report finds its line.
- `budget_requests_total`, `budget_request_duration_seconds` (a histogram),
  `budget_requests_in_progress` and `budget_requests_error_total` (5xx), labelled by
  method, route template (`path`), `status_code` and `app_name` (the names and labels of
  Litestar's Prometheus middleware, which this replaces); /metrics and /static are not
  counted.
- The security headers of the pages (budget.http.pages.security) on every answer, and the
  refusal of a cross-site API write that rides on the session cookie.

Litestar applies app middleware after routing, so the route template is in the scope.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import time
from typing import Any

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import Counter, Gauge, Histogram

from budget.http.pages.security import cross_site_refusal, security_headers

logger = logging.getLogger("budget.http.requests")
HEADER = "x-request-id"
HEADER_BYTES = HEADER.encode()
PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
APP_NAME = "budget"
NOT_COUNTED = ("/metrics", "/static")
LABELS = ["method", "path", "status_code", "app_name"]

REQUESTS = Counter("budget_requests_total", "Total requests", LABELS)
DURATION = Histogram("budget_request_duration_seconds", "Request duration, in seconds", LABELS)
IN_PROGRESS = Gauge(
    "budget_requests_in_progress",
    "Total requests currently in progress",
    LABELS,
    multiprocess_mode="livesum",
)
ERRORS = Counter("budget_requests_error_total", "Total errors in requests", LABELS)


class _NewIds:
    """Request ids of 32 hex digits: 16 random to this process, then a count (a uuid4 each
    read the kernel's random source: 6 % of the event loop's time on a read, issue 17)."""

    def __init__(self) -> None:
        self.renew()
        os.register_at_fork(after_in_child=self.renew)

    def renew(self) -> None:
        self.prefix = os.urandom(8).hex()
        self.count = itertools.count(1)

    def __call__(self) -> str:
        return f"{self.prefix}{next(self.count):016x}"


new_id = _NewIds()


def request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == HEADER_BYTES:
            given = value.decode("latin-1")
            if PLAIN_ID.match(given):
                return given
    return new_id()


class _Figures:
    """A route's labelled metrics, looked up once per (method, route, status)."""

    def __init__(self) -> None:
        self.done: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}
        self.going: dict[tuple[str, str], Any] = {}

    def in_progress(self, method: str, route: str) -> Any:
        gauge = self.going.get((method, route))
        if gauge is None:
            gauge = IN_PROGRESS.labels(method, route, "200", APP_NAME)
            self.going[(method, route)] = gauge
        return gauge

    def count(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self.done.get(key)
        if children is None:
            values = (method, route, str(status), APP_NAME)
            children = (
                REQUESTS.labels(*values),
                DURATION.labels(*values),
                ERRORS.labels(*values) if status >= 500 else None,
            )
            self.done[key] = children
        requests, duration, errors = children
        requests.inc()
        duration.observe(seconds)
        if errors is not None:
            errors.inc()


class RequestMiddleware:
    """Logs, counts and adds the security headers to each HTTP request, in one wrapper."""

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in security_headers(https).items()]
        self.figures = _Figures()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        the_id = request_id(scope)
        own = self.headers
        status = 500
        method: str = scope.get("method", "GET")
        route: str = scope.get("path_template") or scope.get("path", "")
        counted = not route.startswith(NOT_COUNTED)

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [h for h in message.get("headers") or () if h[0].lower() != HEADER_BYTES]
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in own if h[0] not in present)
                headers.append((HEADER_BYTES, the_id.encode()))
                message["headers"] = headers
            await send(message)

        going = self.figures.in_progress(method, route) if counted else None
        if going is not None:
            going.inc()
        try:
            refusal = cross_site_refusal(scope)
            if refusal is None:
                await self.app(scope, receive, sending)
            else:
                for message in refusal:
                    await sending(message)
        finally:
            seconds = time.perf_counter() - started
            if going is not None:
                going.dec()
                self.figures.count(method, route, status, seconds)
            if logger.isEnabledFor(logging.INFO):
                user: Any = scope.get("user")
                line = {
                    "id": the_id,
                    "user": getattr(user, "username", None),
                    "method": method,
                    "route": route,
                    "status": status,
                    "seconds": round(seconds, 6),
                }
                logger.info(msgspec.json.encode(line).decode())
