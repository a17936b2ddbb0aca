"""The calendar page: the extra holidays the cabinet announced, and a fiscal year's
reporting calendar and disbursement targets, as set. For a DLA administrator the forms
that record a holiday (with its resolution), withdraw one (with a reason) and set the
reporting calendar; for a DLA administrator or executive, the targets' form (every group
and the investment budget, per quarter). Each form runs its command once (its hidden
key), like every page form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Template

from budget.application.commands import (
    AddHoliday,
    Command,
    SetReportingCalendar,
    SetTargets,
    WithdrawHoliday,
)
from budget.application.from_text import Checker
from budget.domain.access import Action, may
from budget.domain.classification import BudgetGroup
from budget.domain.deadlines import Counting
from budget.domain.fiscal import PeriodKind
from budget.domain.reporting import MAX_DAYS, ReportDueRule
from budget.domain.targets import Target
from budget.http.calendar.routes import DayPath
from budget.http.guards import services_of
from budget.http.pages.filters import Chosen
from budget.http.pages.forms import Form, submit_form
from budget.http.pages.render import page
from budget.http.routing import action
from budget.http.sessions import Session
from budget.projections.queries.deadlines import holidays_recorded, reporting_rules
from budget.projections.queries.figures import read_targets

MANAGE = action(Action.MANAGE_CALENDAR)
DONE = {  # the notice after a write (`?done=`), as the project and report pages have
    "added": ("บันทึกวันหยุดแล้ว", "The holiday is recorded"),
    "reporting": ("บันทึกปฏิทินการรายงานแล้ว", "The reporting calendar is set"),
    "targets": ("บันทึกเป้าหมายการเบิกจ่ายแล้ว", "The targets are set"),
    "withdrawn": ("ยกเลิกวันหยุดแล้ว", "The holiday is withdrawn"),
}
KINDS = (("monthly", PeriodKind.MONTH), ("quarterly", PeriodKind.QUARTER))
QUARTERS = (1, 2, 3, 4)


def _year(c: Checker) -> int | None:
    return c.number("fiscal_year", least=2500, most=2700)


def build_reporting(c: Checker) -> Command | None:
    """A rule for each kind whose days are given (a tick: working days)."""
    rules = []
    for name, kind in KINDS:
        days = c.number(f"{name}_days", required=False, least=1, most=MAX_DAYS)
        if days is not None:
            working = c.flag(f"{name}_working")
            rules.append(
                ReportDueRule(kind, days, Counting.WORKING if working else Counting.CALENDAR)
            )
    if not rules and "monthly_days" not in c.errors:
        c.fail("monthly_days", "กรุณากรอกจำนวนวันอย่างน้อยหนึ่งแบบ", "Give the days of one kind at least")
    return c.command(SetReportingCalendar, given={"fiscal_year": _year(c), "rules": rules})


def build_targets(c: Checker) -> Command | None:
    """Every group's and the investment budget's target of each quarter given."""
    chosen = []
    for prefix, group in (("all", None), ("investment", BudgetGroup.INVESTMENT)):
        for quarter in QUARTERS:
            percent = c.amount(f"{prefix}_q{quarter}", required=False)
            if percent is not None:
                chosen.append(Target(quarter, percent, group))
    if not chosen and "all_q1" not in c.errors:
        c.fail("all_q1", "กรุณากรอกเป้าหมายอย่างน้อยหนึ่งไตรมาส", "Give one quarter's target at least")
    return c.command(SetTargets, given={"fiscal_year": _year(c), "targets": chosen})


class CalendarPages(Controller):
    path = "/calendar"
    include_in_schema = False

    @get("/", opt=action(Action.READ, scope="own"), sync_to_thread=True)
    def calendar(self, request: Request[Session, Any, Any]) -> Template:
        done = request.query_params.get("done")
        return _page(request, {}, 200, notice=DONE.get(done or ""))

    @post("/holidays", opt=MANAGE, status_code=303)
    async def add(self, request: Request[Session, Any, Any]) -> Response[Any]:
        return await _submit(request, "add", lambda c: c.command(AddHoliday), "added")

    @post("/reporting-calendar", opt=MANAGE, status_code=303)
    async def set_reporting(self, request: Request[Session, Any, Any]) -> Response[Any]:
        return await _submit(request, "reporting", build_reporting, "reporting")

    @post("/targets", opt=action(Action.SET_TARGETS), status_code=303)
    async def set_targets(self, request: Request[Session, Any, Any]) -> Response[Any]:
        return await _submit(request, "targets", build_targets, "targets")

    @post("/holidays/{day:date}/withdrawal", opt=MANAGE, status_code=303)
    async def withdraw(self, request: Request[Session, Any, Any], day: DayPath) -> Response[Any]:
        def build(c: Checker) -> Command | None:
            return c.command(WithdrawHoliday, given={"day": day})

        return await _submit(request, "withdraw", build, "withdrawn")


async def _submit(
    request: Request[Session, Any, Any],
    name: str,
    build: Callable[[Checker], Command | None],
    done: str,
) -> Response[Any]:
    def back(values: dict[str, str]) -> str:
        year = values.get("fiscal_year", "")
        return f"/calendar?done={done}" + (f"&fiscal_year={year}" if year.isdigit() else "")

    return await submit_form(
        request, build, done=back, again=lambda form, status: _page(request, {name: form}, status)
    )


def _page(
    request: Request[Session, Any, Any],
    forms: dict[str, Form],
    status: int,
    notice: tuple[str, str] | None = None,
) -> Template:
    year = Chosen.of(request).fiscal_year
    with services_of(request).read() as connection:
        holidays = holidays_recorded(connection)
        rules = {rule.kind.value: rule for rule in reporting_rules(connection, year)}
        targets = read_targets(connection, year)
    actor = request.user.actor
    return page(
        request,
        "calendar.html",
        status=status,
        holidays=holidays,
        fiscal_year=year,
        rules=rules,
        targets={f"{group}_q{q}": pct for (q, group), (pct, _) in targets.items()},
        may_manage=may(actor, Action.MANAGE_CALENDAR),
        may_set_targets=may(actor, Action.SET_TARGETS),
        forms=forms,
        notice=notice,
    )
