"""RFC 9457 problem details: every error the API returns, domain or HTTP.

A broken domain rule keeps its stable code and its Thai and English messages; the
status says what kind of refusal it is. Nothing a client sends becomes a 500: bad
input is a 400 naming the field, and anything unexpected is logged and answered
with a 500 problem that reveals nothing of the server.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_412_PRECONDITION_FAILED,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
)
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import OperationalError

from budget.application.field_thai import in_thai
from budget.domain.errors import DomainError
from budget.projections.queries import PagingError

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "/problems/"

NOT_FOUND = frozenset({"not_found", "authority_not_found", "budget_not_found"})
CONFLICT = frozenset({"already_exists", "concurrent_update"})


class FieldError(msgspec.Struct, kw_only=True):
    field: str
    message: str
    source: str


class Problem(msgspec.Struct, kw_only=True, omit_defaults=True):
    """application/problem+json (RFC 9457), with the domain's code and Thai message."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    detail_th: str
    instance: str = ""
    errors: list[FieldError] = []


class HttpProblem(Exception):  # noqa: N818 - raised like the domain's errors
    """A refusal of the HTTP layer (authentication, idempotency, preconditions)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        detail_th: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.detail_th = detail_th
        self.headers = headers or {}


def unauthenticated() -> HttpProblem:
    return HttpProblem(
        HTTP_401_UNAUTHORIZED,
        "unauthenticated",
        "Log in first: send the bearer token or the session cookie of a login",
        "กรุณาเข้าสู่ระบบก่อน",
        {"WWW-Authenticate": 'Bearer realm="budget"'},
    )


def status_of(error: DomainError) -> int:
    if error.code in NOT_FOUND:
        return HTTP_404_NOT_FOUND
    if error.code in CONFLICT:
        return HTTP_409_CONFLICT
    if error.code == "stale_version":
        return HTTP_412_PRECONDITION_FAILED
    if error.code == "not_permitted":
        return HTTP_403_FORBIDDEN
    return HTTP_422_UNPROCESSABLE_ENTITY


def title_of(code: str) -> str:
    return code.replace("_", " ").capitalize()


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    detail: str,
    detail_th: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Problem]:
    problem = Problem(
        type=TYPE_BASE + code,
        title=title_of(code),
        status=status,
        detail=" ".join(detail.split()),
        code=code,
        detail_th=" ".join(detail_th.split()),
        instance=request.url.path,
        errors=errors or [],
    )
    return Response(problem, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[Problem]:
    return problem_response(
        request,
        status=status_of(error),
        code=error.code,
        detail=error.english,
        detail_th=error.thai,
    )


def http_problem(request: Request[Any, Any, Any], error: HttpProblem) -> Response[Problem]:
    return problem_response(
        request,
        status=error.status,
        code=error.code,
        detail=error.detail,
        detail_th=error.detail_th,
        headers=error.headers,
    )


_NAMED_FIELD = re.compile(r"field `([^`]+)`")
_NAMING_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*): (.+)$", re.DOTALL)


def _field_error(item: dict[str, Any]) -> FieldError:
    """Where msgspec found the problem, as a dotted path into the body or a parameter's
    name: a whole-object complaint names its field in the message."""
    message = str(item.get("message", ""))
    key = str(item.get("key", ""))
    path = "" if key in {"data", ""} else key
    named = _NAMING_PREFIX.match(message) or None
    if named is not None:  # our own checks: "amount: must be ..."
        path, message = ".".join(p for p in (path, named.group(1)) if p), named.group(2)
    elif (found := _NAMED_FIELD.search(message)) is not None:  # missing or unknown field
        path = ".".join(p for p in (path, found.group(1)) if p)
    elif message == "'data'":
        message = "a JSON body is required"
    source = str(getattr(item.get("source", ""), "value", item.get("source", "")))
    if source == "header":
        path = HEADERS.get(path, path)
    return FieldError(field=path or "body", message=message, source=source)


HEADERS = {"idempotency_key": "Idempotency-Key", "if_match": "If-Match"}
_MISSING = re.compile(r"Missing required (query|header|path|cookie) parameter '([^']+)'")


def _field_errors(error: ValidationException) -> list[FieldError]:
    items = error.extra if isinstance(error.extra, list) else []
    found = [_field_error(item) for item in items if isinstance(item, dict)]
    missing = _MISSING.search(str(error.detail))
    if not found and missing is not None:
        source, name = missing.groups()
        found.append(FieldError(field=name, message="required", source=source))
    return found


def invalid_request(
    request: Request[Any, Any, Any], error: ValidationException
) -> Response[Problem]:
    errors = _field_errors(error)
    named = "; ".join(f"{e.field}: {e.message}" for e in errors) or str(error.detail)
    named_th = "; ".join(f"{e.field}: {in_thai(e.message)}" for e in errors)
    return problem_response(
        request,
        status=HTTP_400_BAD_REQUEST,
        code="invalid_request",
        detail=f"The request is malformed: {named}",
        detail_th=f"คำขอไม่ถูกต้อง: {named_th}" if named_th else "คำขอไม่ถูกต้อง",
        errors=errors,
    )


HTTP_CODES = {
    400: ("bad_request", "คำขอไม่ถูกต้อง"),
    401: ("unauthenticated", "กรุณาเข้าสู่ระบบก่อน"),
    403: ("forbidden", "ไม่มีสิทธิ์"),
    404: ("no_such_resource", "ไม่พบสิ่งที่ขอ"),
    405: ("method_not_allowed", "ไม่รองรับวิธีการเรียกนี้"),
    413: ("request_too_large", "คำขอมีขนาดใหญ่เกินไป"),
    415: ("unsupported_media_type", "ไม่รองรับชนิดข้อมูลนี้"),
    429: ("too_many_requests", "มีคำขอมากเกินไป"),
}


def http_exception(request: Request[Any, Any, Any], error: HTTPException) -> Response[Problem]:
    if isinstance(error, ValidationException):
        return invalid_request(request, error)
    status = error.status_code
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        return server_error(request, error)
    if status == HTTP_400_BAD_REQUEST:  # the body is not JSON at all
        message = str(error.detail)
        return problem_response(
            request,
            status=status,
            code="invalid_request",
            detail=f"The request is malformed: body: {message}",
            detail_th="คำขอไม่ถูกต้อง: ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง",
            errors=[FieldError(field="body", message=message, source="body")],
        )
    code, thai = HTTP_CODES.get(status, ("http_error", "คำขอไม่สำเร็จ"))
    headers = dict(error.headers or {})
    return problem_response(
        request, status=status, code=code, detail=str(error.detail), detail_th=thai, headers=headers
    )


def paging_error(request: Request[Any, Any, Any], error: PagingError) -> Response[Problem]:
    message = str(error)
    field = "offset" if message.startswith("offset") else "limit"
    return problem_response(
        request,
        status=HTTP_400_BAD_REQUEST,
        code="invalid_request",
        detail=f"The request is malformed: {field}: {message}",
        detail_th=f"คำขอไม่ถูกต้อง: {field}: {in_thai(message)}",
        errors=[FieldError(field=field, message=message, source="query")],
    )


def server_error(request: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
    logger.error("%s %s failed", request.method, request.url.path, exc_info=error)
    return problem_response(
        request,
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal_error",
        detail="The server failed to answer; the error is logged",
        detail_th="ระบบขัดข้อง ได้บันทึกข้อผิดพลาดไว้แล้ว",
    )


def database_unavailable(request: Request[Any, Any, Any], error: OperationalError) -> HttpProblem:
    """A database that cannot be reached (down, restarting, locked too long): 503, logged."""
    logger.warning("%s %s: the database failed: %s", request.method, request.url.path, error)
    return HttpProblem(
        503,
        "database_unavailable",
        "The database cannot be reached just now: try again in a moment",
        "ขณะนี้ติดต่อฐานข้อมูลไม่ได้ กรุณาลองใหม่อีกครั้ง",
        {"Retry-After": "5"},
    )


def database_error(request: Request[Any, Any, Any], error: OperationalError) -> Response[Problem]:
    """The API's answer to a database that cannot be reached (database_unavailable)."""
    return http_problem(request, database_unavailable(request, error))


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: domain_error,
    HttpProblem: http_problem,
    HTTPException: http_exception,
    PagingError: paging_error,
    OperationalError: database_error,
    Exception: server_error,
}
