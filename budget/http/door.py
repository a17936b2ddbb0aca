"""What a JSON body must be before the API reads it (issue 13, items 1 and 2): sent as
`application/json` (any other media type, or none, is a 415), and nested at most
:data:`MAX_DEPTH` arrays and objects deep (a 400: msgspec would otherwise recurse until
Python's limit and the request would end in a 500).

Checked by the `before_request` hook of the API's router (budget.http.app
`before_handler`), which runs after the guard and before the body is decoded, on the
routes that read a JSON body (the workbook upload takes multipart). The pages' forms are
not under it: they post forms.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType

from budget.http.problems import HttpProblem

JSON = "application/json"
# The deepest body the API takes is a budget's supplementary lines or a contract's
# installments: four levels. Far more is allowed; 2,000 is what broke the decoder.
MAX_DEPTH = 32
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # a whole string, or a bracket


def nesting_depth(body: bytes, limit: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings do not
    count), counting no further than `limit` + 1."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return min(limit, body.count(b"[") + body.count(b"{"))
    depth = deepest = 0
    for token in _TOKEN.finditer(body):
        kind = token.group()
        if kind in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        elif kind in (b"]", b"}"):
            depth -= 1
    return deepest


def unsupported_media_type(given: str) -> HttpProblem:
    shown = given or "none"
    return HttpProblem(
        415,
        "unsupported_media_type",
        f"Send the body as {JSON} (Content-Type: {shown})",
        f"ต้องส่งข้อมูลเป็น {JSON} (Content-Type ที่ส่งมา: {shown})",
        {"Accept-Post": JSON},
    )


def too_deep() -> HttpProblem:
    return HttpProblem(
        400,
        "body_too_deeply_nested",
        f"The JSON body nests arrays or objects more than {MAX_DEPTH} levels deep",
        f"ข้อมูล JSON ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น",
    )


def _has_body(request: Request[Any, Any, Any]) -> bool:
    length = request.headers.get("content-length")
    if length is not None:
        return length.strip() not in {"", "0"}
    return "transfer-encoding" in request.headers


def _takes_json(request: Request[Any, Any, Any]) -> bool:
    """Whether the route reads a JSON body (`data`, JSON unless it declares otherwise,
    as the workbook upload declares multipart)."""
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return False
    media_type = getattr(data.kwarg_definition, "media_type", RequestEncodingType.JSON)
    return bool(media_type == RequestEncodingType.JSON)


async def check_json_body(request: Request[Any, Any, Any]) -> None:
    """415 for a body that is not JSON, 400 for one nested too deep, on a route that
    reads JSON; a request without a body goes on (the route says if it needs one)."""
    if not _has_body(request) or not _takes_json(request):
        return
    media_type = request.headers.get("content-type", "")
    if media_type.split(";", 1)[0].strip().lower() != JSON:
        raise unsupported_media_type(media_type)
    if nesting_depth(await request.body()) > MAX_DEPTH:
        raise too_deep()
