"""The calendar page: the extra holidays the cabinet announced, as recorded, and for a DLA
administrator the forms that record one (with its resolution) or withdraw one (with a
reason). Each form runs its command once (its hidden key), like every page form."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from budget.application.commands import AddHoliday, Command, WithdrawHoliday
from budget.application.from_text import Checker
from budget.domain.access import Action, may
from budget.domain.errors import DomainError
from budget.http.calendar.routes import DayPath
from budget.http.guards import services_of
from budget.http.pages.forms import (
    KEY_FIELD,
    Form,
    failed,
    place_error,
    place_problem,
    read_form,
    run_once,
)
from budget.http.pages.i18n import lang_of
from budget.http.pages.render import page, see_other
from budget.http.problems import HttpProblem
from budget.http.routing import action
from budget.http.sessions import Session
from budget.projections.queries.deadlines import holidays_recorded

MANAGE = action(Action.MANAGE_CALENDAR)


class CalendarPages(Controller):
    path = "/calendar"
    include_in_schema = False

    @get("/", opt=action(Action.READ, scope="own"), sync_to_thread=True)
    def calendar(self, request: Request[Session, Any, Any]) -> Template:
        done = request.query_params.get("done")
        return _page(request, {}, 200, notice=done if done in {"added", "withdrawn"} else None)

    @post("/holidays", opt=MANAGE, status_code=303)
    async def add(self, request: Request[Session, Any, Any]) -> Response[Any]:
        return await _submit(request, "add", lambda c: c.command(AddHoliday), "added")

    @post("/holidays/{day:date}/withdrawal", opt=MANAGE, status_code=303)
    async def withdraw(self, request: Request[Session, Any, Any], day: DayPath) -> Response[Any]:
        def build(c: Checker) -> Command | None:
            return c.command(WithdrawHoliday, given={"day": day})

        return await _submit(request, "withdraw", build, "withdrawn")


async def _submit(
    request: Request[Session, Any, Any], name: str, build: Any, done: str
) -> Response[Any]:
    values = await read_form(request)
    lang = lang_of(dict(request.cookies))
    services = services_of(request)

    def work() -> Response[Any]:
        checker = Checker(values, lang)
        form = Form(values=values, key=values.get(KEY_FIELD) or Form().key)
        command = build(checker)
        if checker.errors or command is None:
            return _page(request, {name: failed(form, checker)}, 422)
        try:
            url = run_once(services, request, values, command, lambda _: f"/calendar?done={done}")
        except DomainError as error:
            place_error(form, error, lang)
            return _page(request, {name: form}, 422)
        except HttpProblem as problem:
            place_problem(form, problem, lang)
            return _page(request, {name: form}, problem.status)
        return see_other(url)

    return await to_thread.run_sync(work)


def _page(
    request: Request[Session, Any, Any],
    forms: dict[str, Form],
    status: int,
    notice: str | None = None,
) -> Template:
    with services_of(request).read() as connection:
        holidays = holidays_recorded(connection)
    return page(
        request,
        "calendar.html",
        status=status,
        holidays=holidays,
        may_manage=may(request.user.actor, Action.MANAGE_CALENDAR),
        forms=forms,
        notice=notice,
    )
