"""What keeps the pages safe in a browser: CSRF tokens on every form, the usual security
headers on every response, and a cross-site check on the cookie-authenticated API.

- CSRF: Litestar's CSRF middleware (a signed token in an HttpOnly cookie, the same token
  in each form's hidden `_csrf_token`). The JSON API is left out of it: API clients send
  a bearer token, which a browser never attaches by itself; a browser request to the API
  that rides on the session cookie instead must come from this site (`Origin` /
  `Sec-Fetch-Site`), else it is refused before it reaches a route.
- Headers: a Content-Security-Policy allowing only this site's own scripts, styles and
  fonts (no inline script), no framing, no MIME sniffing, no referrer to other sites.
- The CSRF secret is the service's secret key (:mod:`budget.http.secret`).
- With `BUDGET_PUBLIC_URL` on https, every cookie is Secure and HSTS is sent.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import msgspec
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Scope

from budget.config import Settings
from budget.http.secret import secret_key

CSRF_COOKIE = "budget_csrf"
CSRF_FIELD = "_csrf_token"  # Litestar's name for the form field
NOT_PAGES = [r"^/api/", r"^/schema", r"^/static/", r"^/fonts/"]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def csrf_config(settings: Settings) -> CSRFConfig:
    return CSRFConfig(
        secret=secret_key(settings),
        cookie_name=CSRF_COOKIE,
        cookie_httponly=True,  # the server writes the token into each form itself
        cookie_samesite="lax",
        cookie_secure=settings.https,
        header_name="x-csrf-token",
        exclude=NOT_PAGES,
    )


def _same_site(headers: MutableScopeHeaders) -> bool:
    """A browser says where a request comes from: `Sec-Fetch-Site`, or `Origin`."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return str(fetch_site) in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site request (browsers send Origin on POST)
    host = headers.get("host", "")
    return bool(urlsplit(str(origin)).netloc == host)


def _refusal() -> list[Any]:
    body = msgspec.json.encode(
        {
            "type": "/problems/cross_site_request",
            "title": "Cross site request",
            "status": 403,
            "detail": "A request from another site may not use the session cookie: "
            "send a bearer token",
            "code": "cross_site_request",
            "detail_th": "ปฏิเสธคำขอจากเว็บไซต์อื่น",
        }
    )
    return [
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        },
        {"type": "http.response.body", "body": body},
    ]


HSTS = "max-age=31536000; includeSubDomains"


def security_headers(https: bool) -> dict[str, str]:
    """The headers every response carries (and Strict-Transport-Security when people reach
    the service over https); added by budget.http.request_log where a response lacks them."""
    headers = dict(SECURITY_HEADERS)
    if https:
        headers["strict-transport-security"] = HSTS
    return headers


def cross_site_refusal(scope: Scope) -> list[Any] | None:
    """The answer to a cross-site API write that relies on the session cookie (None: the
    request may go on)."""
    if scope.get("method", "GET") in SAFE_METHODS or not scope["path"].startswith("/api/"):
        return None
    headers = MutableScopeHeaders(scope)
    if "authorization" in headers or _same_site(headers):
        return None
    return _refusal()
