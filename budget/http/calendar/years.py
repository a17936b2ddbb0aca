"""What DLA sets for a fiscal year: the reporting calendar (when each kind of progress
report is due; a DLA administrator) and the disbursement targets (per quarter, for all
budget groups or one; a DLA administrator or executive). Each setting replaces the last
one as an audited event; the deadlines and the dashboards follow it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from litestar import Controller, Request
from sqlalchemy import select

from budget.application.commands import (
    SetReportingCalendar,
    SetTargets,
)
from budget.domain.access import Action
from budget.domain.reporting import ReportDueRule
from budget.http.guards import services_of
from budget.http.params import YEAR, FiscalYearPath
from budget.http.routing import action, command_write, reads
from budget.http.sessions import Session
from budget.http.writes import WRITE
from budget.projections.queries.deadlines import reporting_rules
from budget.projections.tables import disbursement_target, reporting_rule

READ = action(Action.READ, scope="own")  # the same for everyone who may read anything


class ReportingCalendarOut(msgspec.Struct, kw_only=True):
    fiscal_year: int
    rules: list[ReportDueRule]
    source: str


class TargetOut(msgspec.Struct, kw_only=True):
    quarter: int
    budget_group: str  # "all": every group together
    percent: Decimal
    obligated_percent: Decimal | None


class TargetsOut(msgspec.Struct, kw_only=True):
    fiscal_year: int
    targets: list[TargetOut]
    source: str


class FiscalYearController(Controller):
    path = "/api/fiscal-years/{fiscal_year:int}"
    tags = ["calendar"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @reads("/reporting-calendar", "getReportingCalendar", READ)
    def reporting_calendar(
        self, request: Request[Session, str, Any], fiscal_year: FiscalYearPath
    ) -> ReportingCalendarOut:
        """When each kind of report is due that year (no rules: none set yet)."""
        with services_of(request).read() as connection:
            rules = reporting_rules(connection, fiscal_year)
            source = connection.scalar(
                select(reporting_rule.c.source)
                .where(reporting_rule.c.fiscal_year == fiscal_year)
                .limit(1)
            )
        return ReportingCalendarOut(fiscal_year=fiscal_year, rules=rules, source=source or "")

    @command_write(
        "/reporting-calendar",
        "setReportingCalendar",
        action(Action.MANAGE_CALENDAR),
        SetReportingCalendar,
        at=YEAR,
    )
    def set_reporting_calendar() -> None:
        """Set the year's reporting calendar (`rules`: `{"kind": "M" | "Q", "days",
        "counting": "calendar" | "working"}`), replacing the last one."""

    @reads("/targets", "getTargets", READ)
    def targets(
        self, request: Request[Session, str, Any], fiscal_year: FiscalYearPath
    ) -> TargetsOut:
        """The year's disbursement targets as set last (none: not set yet)."""
        t = disbursement_target
        with services_of(request).read() as connection:
            rows = connection.execute(
                select(t)
                .where(t.c.fiscal_year == fiscal_year)
                .order_by(t.c.quarter, t.c.budget_group)
            ).all()
        return TargetsOut(
            fiscal_year=fiscal_year,
            targets=[
                TargetOut(
                    quarter=r.quarter,
                    budget_group=r.budget_group,
                    percent=Decimal(r.percent),
                    obligated_percent=None
                    if r.obligated_percent is None
                    else Decimal(r.obligated_percent),
                )
                for r in rows
            ],
            source=rows[0].source if rows else "",
        )

    @command_write("/targets", "setTargets", action(Action.SET_TARGETS), SetTargets, at=YEAR)
    def set_targets() -> None:
        """Set the year's targets (`targets`: `{"quarter", "percent", "group" (null: every
        group), "obligated_percent"}`), replacing the last ones; the dashboards measure
        progress against them."""
