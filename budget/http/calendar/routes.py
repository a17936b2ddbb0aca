"""The calendar of working days and the deadlines counted on it: the cabinet's extra
holidays (listed to everyone who reads, recorded and withdrawn by a DLA administrator,
each an audited event), and an LAO's deadlines of a fiscal year as they stand on a day
(due, met or overdue by N working days, with the legal basis of each). Both lists are
also files (`?format=csv|xlsx`, budget.http.exports)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from budget.application.commands import AddHoliday, WithdrawHoliday
from budget.application.fields import FIRST_DAY, LAST_DAY
from budget.domain.access import Action
from budget.domain.calendar import today
from budget.exports.answers import deadline_tables, holiday_tables
from budget.http.exports import EXPORTS, Export
from budget.http.guards import services_of
from budget.http.params import FiscalYearQuery, LaoCodePath
from budget.http.problems import HttpProblem
from budget.http.routing import action, command_write, reads
from budget.http.sessions import Session
from budget.http.writes import WRITE
from budget.projections.queries.deadlines import Deadline, Holiday, holidays_recorded, lao_deadlines

MANAGE = action(Action.MANAGE_CALENDAR)
DayPath = Annotated[date, PathParameter(description="the holiday, ISO 8601 (CE)")]
AsOfQuery = Annotated[
    date | None,
    QueryParameter(
        required=False, description="the day to count from (default: today in Thailand)"
    ),
]


class CalendarController(Controller):
    path = "/api/calendar"
    tags = ["calendar"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @reads(
        "/holidays",
        "listHolidays",
        action(Action.READ, scope="own"),
        exported=True,
        dependencies=EXPORTS,
    )
    def list_holidays(
        self, request: Request[Session, str, Any], export: NamedDependency[Export]
    ) -> Response[list[Holiday]]:
        """The extra holidays the cabinet announced, as recorded (the public holidays of
        the Thai calendar are not listed: every deadline counts them too). The same for
        everyone who may read anything; as a file with `format=csv|xlsx`."""
        with services_of(request).read() as connection:
            found = holidays_recorded(connection)
        return export.answer(found, holiday_tables, "holidays")

    @command_write("/holidays", "addHoliday", MANAGE, AddHoliday, at={}, created=True)
    def add_holiday() -> None:
        """Record a day the cabinet made a holiday, with its resolution: every deadline
        counted in working days skips it from now on."""

    @command_write(
        "/holidays/{day:date}/withdrawal",
        "withdrawHoliday",
        MANAGE,
        WithdrawHoliday,
        at={"day": DayPath},
    )
    def withdraw_holiday() -> None:
        """A day recorded in error (or a resolution revoked) is a working day again."""


def day_asked(as_of: date | None) -> date:
    """The day `as_of` names (none: today in Thailand), within the dates a record may hold."""
    day = as_of or today()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise HttpProblem(
            400,
            "invalid_query",
            f"as_of: a date must fall between {FIRST_DAY} and {LAST_DAY}",
            f"as_of: วันที่ต้องอยู่ระหว่าง {FIRST_DAY} ถึง {LAST_DAY}",
        )
    return day


class DeadlinesController(Controller):
    path = "/api/authorities/{lao_code:str}/deadlines"
    tags = ["calendar"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = EXPORTS

    @reads("/", "listDeadlines", action(Action.READ), exported=True)
    def list_deadlines(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearQuery,
        export: NamedDependency[Export],
        as_of: AsOfQuery = None,
    ) -> Response[list[Deadline]]:
        """The LAO's deadlines of the fiscal year as they stand on `as_of`, the soonest
        due first: due, met (when, by which event) or overdue by N working days; as a
        file with `format=csv|xlsx` (every deadline, as the JSON lists them)."""
        day = day_asked(as_of)
        with services_of(request).read() as connection:
            found = lao_deadlines(connection, lao_code, fiscal_year, day)
        name = f"deadlines-{lao_code}-{fiscal_year}-{day.isoformat()}"
        return export.answer(found, deadline_tables, name)
