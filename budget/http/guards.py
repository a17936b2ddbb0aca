"""Who is asking, and may they: one guard on every route of the API.

The guard finds the session of the request's bearer token or session cookie (401
without one), then checks the route's declared Action with the domain's own rule,
:func:`budget.domain.access.authorize`, in the scope the path names: an LAO
(`lao_code`), a province (`province_code`), a project (`project_id`) or a progress
report (`report_id`), whose LAO and province are looked up (and, for a district office,
the district that oversees that LAO), or a district (`district_code`, in its province).
A route without a place in its path is either nationwide (`scope="nation"`, the
default) or narrows its answer to the caller's own scope itself (`scope="own"`).
Commands are authorized again by the application, on the records they change.

The session is read on every request (a logout or a changed account anywhere ends it at
once). For a route run in a worker thread and a token this process has seen, the guard
authorizes with the session it remembers and the read happens in the handler's own thread,
before the handler (`SessionCheck`): one hand-over to a thread per request instead of two.
For an async route on PostgreSQL, a token whose account this process knows is read on the
event loop, on connections of its own, with the other sessions asked for meanwhile
(budget.http.prepared_reads `session_row_on_loop`): no thread at all, so a kept dashboard
read never leaves the event loop (issue 17).
A refusal by the guard checks the session first (an ended one is told 401); a request whose
own input is refused before its handler runs (400, 415, 422) is told so even if its session
had ended meanwhile: it did nothing, and learnt only what the OpenAPI document says.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from litestar import Litestar
from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.routes import HTTPRoute
from litestar.utils.sync import AsyncCallable

from budget.domain.access import (
    ANY_RECORD,
    EVERY_PROVINCE,
    PERMISSIONS,
    Action,
    Actor,
    ScopeKind,
    authorize,
    may,
    not_permitted,
)
from budget.domain.errors import NotFound, NotPermitted
from budget.domain.ids import account_id
from budget.http.problems import HttpProblem, unauthenticated
from budget.http.services import Place, Services
from budget.http.sessions import Session, password_mark

logger = logging.getLogger(__name__)

COOKIE = "budget_session"
SCOPES = ("nation", "own")
T = TypeVar("T")


def services_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Services:
    services: Services = connection.app.state.services
    return services


def presented_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return connection.cookies.get(COOKIE) or None


def _still_allowed(services: Services, token: str, session: Session, version: int | None) -> bool:
    """The account still has the password and the role the session was opened with: False
    only when it definitely changed or is gone. Its version (`version`) is read on every
    request (one indexed read, with the session's where the events share its database), the
    account itself only when the version moved. A store that cannot be read raises (the
    caller answers 503): a blip logs nobody out."""
    if version is None:
        return False
    if version == session.account_version:
        return True
    try:
        account = services.office.account(session.username)
    except NotFound:
        return False
    actor = session.actor
    allowed = (
        password_mark(account.password_hash) == session.password_mark
        and (actor.role, actor.acting_for) in account.grants
    )
    if allowed:
        session.account_version = account.version
        services.sessions.saw(token, account.version)
    return allowed


def _session_allowed(services: Services, token: str) -> Session | None:
    """The token's live session, if its account still allows it (else it is closed)."""
    found = services.sessions.find_with_version(token)
    if found is None:
        return None
    session, version = found
    if version is None:  # the events are in another database
        version = services.version_of(account_id(session.username))
    if not _still_allowed(services, token, session, version):
        services.sessions.close(token)
        return None
    return session


def store_unavailable() -> HttpProblem:
    return HttpProblem(
        503,
        "store_unavailable",
        "The store cannot be reached just now: try again in a moment (you are still logged in)",
        "ขณะนี้ติดต่อฐานข้อมูลไม่ได้ กรุณาลองใหม่อีกครั้ง (ยังอยู่ในระบบ)",
        {"Retry-After": "5"},
    )


def _checked_session(services: Services, token: str) -> Session | None:
    """`_session_allowed`, with a store that cannot be read answered 503 (logged)."""
    try:
        return _session_allowed(services, token)
    except Exception:
        logger.exception("could not look at a session or its account")
        raise store_unavailable() from None


@dataclass(slots=True)
class SessionCheck:
    """The read of a session known to this process, left by the guard to the handler's
    worker thread (one hand-over to a thread per request instead of two: issue 17)."""

    services: Services
    token: str
    done: bool = False

    def confirm(self) -> None:
        """The session is still open and its account still allows it, else 401 (503 if
        the store cannot be read). Runs once, before the handler."""
        if self.done:
            return
        self.done = True
        if _checked_session(self.services, self.token) is None:
            raise unauthenticated()


PENDING: ContextVar[SessionCheck | None] = ContextVar("budget_session_check", default=None)


def checks_session_first(fn: Callable[..., T]) -> Callable[..., T]:
    """`fn` (a sync handler run in a worker thread) after the session check its guard left
    pending (the thread runs in a copy of the request's context, so it sees it)."""

    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> T:
        pending = PENDING.get()
        if pending is not None:
            pending.confirm()
        return fn(*args, **kwargs)

    checked.checks_session = True  # type: ignore[attr-defined]
    return checked


def check_sessions_in_handler_threads(app: Litestar) -> None:
    """Every sync handler run in a worker thread checks its request's session there first
    (`checks_session_first`), so its guard need not hand the check to a thread of its own."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler, _ in route.route_handler_map.values():
            fn = handler.fn
            if isinstance(fn, AsyncCallable) and not _checks_session(handler):
                fn.func = checks_session_first(fn.func)


def _checks_session(handler: BaseRouteHandler) -> bool:
    """Does `handler` check a pending session check itself (`checks_session_first`, or an
    async handler declaring `opt={"checks_session": True}` that does it before its answer)?"""
    return handler.opt.get("checks_session") is True or _thread_checks_session(handler)


def _thread_checks_session(handler: BaseRouteHandler) -> bool:
    """Is `handler` run in a worker thread that checks the session first?"""
    fn = handler.fn
    return isinstance(fn, AsyncCallable) and getattr(fn.func, "checks_session", False) is True


async def authenticate(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler | None = None
) -> tuple[Session, SessionCheck | None]:
    """The request's session, and the check of it left to the handler's thread (None: it
    was checked here). A session this process has seen is taken from memory when `handler`
    runs in a worker thread that checks it first; for an async handler, a token whose
    account this process knows is read on the event loop where its statement is open there
    (PostgreSQL: no thread at all), else taken from memory if the handler checks it in the
    thread it hands work to; any other is read now, in a thread."""
    services = services_of(connection)
    token = presented_token(connection)
    if token is None:
        raise unauthenticated()
    check: SessionCheck | None = None
    # a handler run in a thread anyway reads it there (a sync read costs less than the
    # loop's); an async one, on the loop where it can
    in_thread = handler is not None and _thread_checks_session(handler)
    account = None if in_thread else services.sessions.account_on_loop(token)
    if account is not None:
        session: Session | None = await _session_on_loop(services, token, account)
    else:
        session = services.sessions.seen(token) if handler and _checks_session(handler) else None
        if session is not None:
            check = SessionCheck(services, token)
        else:
            session = await sync_to_thread(_checked_session, services, token)
    PENDING.set(check)
    if session is None:
        raise unauthenticated()
    connection.scope["user"] = session
    connection.scope["auth"] = token
    return session, check


async def _session_on_loop(services: Services, token: str, account: UUID) -> Session | None:
    """The token's live session read on the event loop, if its account still allows it: at
    the version the session last saw, else looked at again in a thread (`_checked_session`:
    the account changed or is gone)."""
    try:
        found = await services.sessions.find_on_loop(token, account)
    except Exception:
        logger.exception("could not look at a session")
        raise store_unavailable() from None
    if found is None:
        return None
    session, version = found
    if version is not None and version == session.account_version:
        return session
    return await sync_to_thread(_checked_session, services, token)


async def place_of(services: Services, params: dict[str, Any]) -> Place | None:
    """The LAO and province the path names, if it names one: from memory when it was read
    before (a place never changes), else read once in a worker thread."""
    asked = _named_place(params)
    if asked is None:
        return None
    known = services.places.known(*asked)
    if known is not None:
        return known
    return await sync_to_thread(services.places.of, *asked)


def _named_place(params: dict[str, Any]) -> tuple[str, str] | None:
    if "lao_code" in params:
        return "lao", str(params["lao_code"])
    for kind in ("project", "report"):
        if isinstance(params.get(f"{kind}_id"), UUID):
            return kind, str(params[f"{kind}_id"])
    return None


async def district_of(services: Services, actor: Actor, lao_code: str) -> str:
    """The district whose office oversees the LAO, looked up for district offices only (the
    scope nobody else has): "" for everyone else."""
    if actor.role.scope_kind is not ScopeKind.DISTRICT:
        return ""
    return await sync_to_thread(services.places.district_of, lao_code)


HIDDEN = {"project_id": "Project", "report_id": "ProgressReport"}


def hidden(params: dict[str, Any]) -> NotFound | None:
    """A project or report outside the caller's scope is answered as a missing one would be
    (404, the same body): their ids derive from codes (uuid5), so a 403 would tell who has
    what. An LAO's code is no secret (the registry is public): its refusal stays 403; so
    does the refusal of one who may read the record (DLA asked to review a province's
    report, which only the BMA's they review: budget/domain/access.py)."""
    for name, kind in HIDDEN.items():
        if name in params:
            return NotFound(what=kind, key=str(params[name]))
    return None


async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Authenticate, then authorize the route's Action in the scope of its path. A refusal
    of a session whose check was left to the handler's thread checks it first: an ended
    session is told 401, as it would have been before any authorization."""
    if handler.opt.get("public") is True or connection.scope.get("method") == "OPTIONS":
        return
    session, check = await authenticate(connection, handler)
    try:
        await _authorize(connection, handler, session)
    except Exception:
        if check is not None:
            await sync_to_thread(check.confirm)
        raise


async def _authorize(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler, session: Session
) -> None:
    action = handler.opt.get("action")
    scope = handler.opt.get("scope", "nation")
    if not isinstance(action, Action) or scope not in SCOPES:
        msg = f"route {handler.handler_name} declares no Action (opt action=, scope=)"
        raise TypeError(msg)
    actor = session.actor
    if action not in PERMISSIONS[actor.role]:
        raise not_permitted(actor, action, where=ANY_RECORD)
    params = connection.path_params
    if "province_code" in params:
        authorize(actor, action, province=str(params["province_code"]))
        return
    if "district_code" in params:  # a district's code starts with its province's
        district = str(params["district_code"])
        authorize(actor, action, province=district[:2], district=district)
        return
    services = services_of(connection)
    place = await place_of(services, params)
    if place is not None:
        district = await district_of(services, actor, place.lao_code)
        try:
            authorize(
                actor, action, lao=place.lao_code, province=place.province_code, district=district
            )
        except NotPermitted:
            missing = hidden(params)
            readable = may(
                actor,
                Action.READ,
                lao=place.lao_code,
                province=place.province_code,
                district=district,
            )
            if missing is None or readable:  # no secret from one who reads it anyway
                raise
            raise missing from None
    elif scope == "nation":
        authorize(actor, action)


def own_province(actor: Actor, action: Action, requested: str | None) -> str | None:
    """The province a list may show: a reviewer's own (asking for another is refused);
    for national roles the one requested (None: all). LAO roles are refused: their
    lists are their LAO's."""
    kind = actor.role.scope_kind
    if kind is ScopeKind.NATION:
        return requested
    if kind is ScopeKind.PROVINCE and requested in (None, actor.acting_for):
        return actor.acting_for
    if requested:
        raise not_permitted(actor, action, province=requested)
    raise not_permitted(actor, action, where=EVERY_PROVINCE)
