"""Logging in and out: POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me."""

from __future__ import annotations

import logging
import math
import os
import threading
from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.concurrency import sync_to_thread
from litestar.datastructures import Cookie
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from budget.application.fields import Password, ShortCode, Username
from budget.application.passwords import spend_verification_time, verify_password
from budget.domain.access import Action, Actor, Role
from budget.domain.account import UserAccount
from budget.domain.errors import NotFound
from budget.domain.ids import normal_username
from budget.http.guards import COOKIE, presented_token, services_of
from budget.http.problems import HttpProblem
from budget.http.routing import PROBLEMS, action
from budget.http.services import Services
from budget.http.sessions import Session

logger = logging.getLogger(__name__)


class Login(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    username: Username
    password: Password
    role: Role | None = None  # needed only by an account holding several roles
    acting_for: ShortCode | None = None


class Me(msgspec.Struct, kw_only=True):
    username: str
    display_name: str
    role: Role
    acting_for: str
    expires_at: datetime


class LoggedIn(msgspec.Struct, kw_only=True):
    token: str
    token_type: str
    expires_at: datetime
    user: Me


def me(session: Session) -> Me:
    return Me(
        username=session.username,
        display_name=session.display_name,
        role=session.actor.role,
        acting_for=session.actor.acting_for,
        expires_at=session.expires,
    )


def login_failed() -> HttpProblem:
    return HttpProblem(
        401,
        "login_failed",
        "Wrong username or password",
        "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        {"WWW-Authenticate": 'Bearer realm="budget"'},
    )


def locked_out(seconds: float) -> HttpProblem:
    wait = math.ceil(seconds)
    return HttpProblem(
        429,
        "too_many_login_attempts",
        f"Too many failed logins: try again in {wait} s",
        f"เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป กรุณาลองใหม่ในอีก {wait} วินาที",
        {"Retry-After": str(wait)},
    )


def busy() -> HttpProblem:
    return HttpProblem(
        503,
        "login_busy",
        "Too many logins are being checked at once: try again in a moment",
        "มีผู้เข้าสู่ระบบพร้อมกันมากเกินไป กรุณาลองใหม่อีกครั้ง",
        {"Retry-After": "1"},
    )


# argon2id takes 64 MiB and most of a core per check: at most one check per core runs at
# once (the others wait, up to VERIFY_WAIT seconds, then get 503), so a flood of logins
# costs a bounded amount of memory and leaves the service its other work.
VERIFYING = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
VERIFY_WAIT = 10.0


def password_matches(password_hash: str | None, password: str) -> bool:
    """The password checked against the hash, one check per core at a time. No hash (an
    unknown username, an account without a password) costs the same time as a check."""
    if not VERIFYING.acquire(timeout=VERIFY_WAIT):
        raise busy()
    try:
        if not password_hash:
            spend_verification_time(password)
            return False
        return verify_password(password_hash, password)
    finally:
        VERIFYING.release()


def _role_problem(code: str, detail: str, detail_th: str) -> HttpProblem:
    return HttpProblem(403 if code == "no_role" else 422, code, detail, detail_th)


def choose_actor(account: UserAccount, data: Login) -> Actor:
    """The role (and scope) the session acts in: the one asked for, or the only one."""
    grants = sorted(account.grants, key=lambda g: (g[0].value, g[1]))
    if data.role is not None:
        wanted = (data.role, data.acting_for or "")
        if wanted not in account.grants:
            raise _role_problem(
                "role_not_granted",
                f"The account does not hold role {data.role.value} for "
                f"{data.acting_for or 'the nation'}",
                "บัญชีนี้ไม่ได้รับบทบาทที่ขอ",
            )
        return Actor(account.username, *wanted)
    if not grants:
        raise _role_problem("no_role", "The account holds no role", "บัญชีนี้ยังไม่ได้รับบทบาทใด")
    if len(grants) > 1:
        held = ", ".join(f"{r.value}/{s or 'nation'}" for r, s in grants)
        raise _role_problem(
            "role_choice_required",
            f"The account holds several roles: name one with role and acting_for ({held})",
            f"บัญชีนี้มีหลายบทบาท กรุณาระบุบทบาท ({held})",
        )
    role, acting_for = grants[0]
    return Actor(account.username, role, acting_for)


def check_login(services: Services, data: Login, client: str) -> tuple[str, Session]:
    """The password checked (slowed down after failures, every failure logged). The
    username is put in its one normal form first: the brake counts what is looked up."""
    username = normal_username(data.username)
    wait = services.logins.locked_for(username, client)
    if wait > 0:
        logger.warning("login of %r from %s refused: locked out", username, client)
        raise locked_out(wait)
    try:
        account: UserAccount | None = services.office.account(username) if username else None
    except NotFound:
        account = None
    ok = password_matches(account.password_hash if account else None, data.password)
    if not ok or account is None:
        failures = services.logins.failed(username, client)
        logger.warning("failed login of %r from %s (%d in a row)", username, client, failures)
        raise login_failed()
    services.logins.succeeded(username, client)
    actor = choose_actor(account, data)
    token, session = services.sessions.open(
        account.username, account.display_name, actor, account.password_hash, account.version
    )
    logger.info(
        "%s logged in from %s as %s for %s", account.username, client, actor.role.value, actor.scope
    )
    return token, session


def session_cookie(request: Request[Any, Any, Any], token: str) -> Cookie:
    """The session cookie the pages use after a login (HTTP-only; secure over HTTPS)."""
    services = services_of(request)
    return Cookie(
        key=COOKIE,
        value=token,
        path="/",
        httponly=True,
        samesite="lax",
        secure=services.settings.https or request.url.scheme == "https",
        max_age=int(services.sessions.lifetime.total_seconds()),
    )


class AuthController(Controller):
    path = "/api/auth"
    tags = ["auth"]  # noqa: RUF012 - Litestar's own attribute

    @post(
        "/login",
        operation_id="login",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=PROBLEMS,
        security=[],
        opt={"public": True},
    )
    def login(self, request: Request[Any, Any, Any], data: JSONBody[Login]) -> Response[LoggedIn]:
        """Log in: a bearer token for API clients, and a session cookie for pages."""
        services = services_of(request)
        client = request.client.host if request.client else "unknown"
        token, session = check_login(services, data, client)
        cookie = session_cookie(request, token)
        body = LoggedIn(
            token=token, token_type="bearer", expires_at=session.expires, user=me(session)
        )
        return Response(body, cookies=[cookie])

    @post(
        "/logout",
        operation_id="logout",
        status_code=HTTP_204_NO_CONTENT,
        responses=PROBLEMS,
        opt=action(Action.READ, scope="own"),
    )
    async def logout(self, request: Request[Session, str, Any]) -> Response[None]:
        """End the session of the token or cookie presented."""
        token = presented_token(request)
        if token:
            await sync_to_thread(services_of(request).sessions.close, token)
        return Response(
            None,
            status_code=HTTP_204_NO_CONTENT,
            cookies=[Cookie(key=COOKIE, value="", path="/", max_age=0, httponly=True)],
        )

    @get(
        "/me",
        operation_id="me",
        responses=PROBLEMS,
        opt=action(Action.READ, scope="own"),
    )
    async def who_am_i(self, request: Request[Session, str, Any]) -> Me:
        """The session's user, role and scope."""
        return me(request.user)
