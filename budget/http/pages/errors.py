"""What a person sees when a page cannot be shown: the login page if they are not
logged in, else a page saying why (no right to it, no such record, a stale form), in
their language. The API keeps its problem details."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import OperationalError

from budget.domain.errors import DomainError
from budget.http.pages.i18n import lang_of
from budget.http.pages.render import here, page
from budget.http.pages.security import CSRF_COOKIE
from budget.http.problems import HttpProblem, database_unavailable, http_exception, status_of
from budget.wording import refusal_in_english

logger = logging.getLogger(__name__)

CSRF_FAILED = (
    "แบบฟอร์มหมดอายุหรือไม่ได้ส่งมาจากหน้านี้ กรุณาเปิดหน้าใหม่แล้วส่งอีกครั้ง",
    "The form has expired or did not come from this site: open the page again and resend it",
)
GENERIC = {
    400: ("คำขอไม่ถูกต้อง", "Bad request"),
    403: ("ไม่มีสิทธิ์เปิดหน้านี้", "You may not open this page"),
    404: ("ไม่พบหน้าที่ขอ", "No such page"),
    405: ("ไม่รองรับวิธีการเรียกนี้", "Method not allowed"),
    500: ("ระบบขัดข้อง ได้บันทึกข้อผิดพลาดไว้แล้ว", "The server failed; the error is logged"),
}


def is_page(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    return not path.startswith(("/api/", "/schema", "/static/", "/fonts/"))


def error_page(
    request: Request[Any, Any, Any], status: int, th: str, en: str, detail: str = ""
) -> Response[Any]:
    message = en if lang_of(dict(request.cookies)) == "en" else th
    return page(
        request, "error.html", status=status, status_code=status, message=message, detail=detail
    )


def to_login(request: Request[Any, Any, Any]) -> Response[Any]:
    return Redirect(path=f"/login?next={quote(here(request), safe='')}", status_code=303)


FORBIDDEN = (
    "ไม่มีสิทธิ์เปิดหน้านี้: หน้านี้เป็นของหน่วยงานอื่น หรือบทบาทของท่านไม่ได้รับอนุญาต",
    "You may not open this page: it belongs to another office, or your role does not allow it",
)


def domain_error_page(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    status = status_of(error)
    if error.code == "not_permitted":
        d = {k: str(v) for k, v in error.details.items()}
        english = lang_of(dict(request.cookies)) == "en"
        why = refusal_in_english(d["user"], d["role"], d["action"], d["scope"])
        return error_page(request, status, *FORBIDDEN, why if english else error.thai)
    return error_page(request, status, error.thai, error.english)


def problem_page(request: Request[Any, Any, Any], error: HttpProblem) -> Response[Any]:
    if error.status == 401:
        return to_login(request)
    return error_page(request, error.status, error.detail_th, error.detail)


def http_error_page(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    """Litestar's own refusals: a failed CSRF check, a bad path, no such page."""
    if not is_page(request):
        return http_exception(request, error)
    status = error.status_code
    if isinstance(error, NotAuthorizedException):
        return to_login(request)
    if isinstance(error, PermissionDeniedException) and "CSRF" in str(error.detail):
        response = error_page(request, 403, *CSRF_FAILED)
        response.delete_cookie(CSRF_COOKIE)  # a fresh token comes with the next page
        return response
    if isinstance(error, ValidationException):
        status = 400
    if status >= 500:
        logger.error("%s %s failed", request.method, request.url.path, exc_info=error)
        status = 500
    th, en = GENERIC.get(status, GENERIC[400])
    return error_page(request, status, th, en)


def server_error_page(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    logger.error("%s %s failed", request.method, request.url.path, exc_info=error)
    return error_page(request, 500, *GENERIC[500])


def database_error_page(request: Request[Any, Any, Any], error: OperationalError) -> Response[Any]:
    return problem_page(request, database_unavailable(request, error))


PAGE_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: domain_error_page,
    HttpProblem: problem_page,
    OperationalError: database_error_page,
    HTTPException: http_error_page,
    Exception: server_error_page,
}
# App-wide: a failed CSRF check is raised by the middleware, before a page's own handlers.
# A path that matches no route is refused before any router: a page there too, outside /api.
APP_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    PermissionDeniedException: http_error_page,
    NotFoundException: http_error_page,
    MethodNotAllowedException: http_error_page,
}
