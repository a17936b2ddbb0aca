"""What is due, met and overdue: the deadlines of an LAO's year as they stand on a day,
counted on Thai working days with the cabinet's extra holidays known now. The progress
reports' deadlines come from DLA's reporting calendar of the year and the reports'
first submissions (the reports view), worked out when asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import msgspec
from sqlalchemy import Connection, RowMapping, select

from budget.domain.calendar import WorkingCalendar
from budget.domain.deadlines import RULES, Counting, DeadlineKind, Standing, due_date, standing
from budget.domain.fiscal import PeriodKind, ReportingPeriod
from budget.domain.ids import report_id
from budget.domain.reporting import ReportDueRule
from budget.projections.tables import (
    cabinet_holiday,
    deadline,
    deadline_budget,
    report_state,
    reporting_rule,
)


class Holiday(msgspec.Struct, kw_only=True):
    day: date
    name: str
    source: str


class Deadline(msgspec.Struct, kw_only=True):
    """One deadline on `as_of`: due (on `due_on`), met (on `met_on`, by the event
    `met_by`, `late_working_days` after its day), overdue by `late_working_days`, a
    window open or ended, or cancelled. `basis_th`/`basis_en` give its legal basis."""

    kind: DeadlineKind
    lao_code: str
    province_code: str
    fiscal_year: int
    subject_id: str
    subject: str
    number: int
    opened_on: date
    due_on: date
    standing: Standing
    late_working_days: int
    met_on: date | None
    met_by: str
    basis_th: str
    basis_en: str


def holidays_recorded(connection: Connection) -> list[Holiday]:
    rows = connection.execute(select(cabinet_holiday).order_by(cabinet_holiday.c.day))
    return [Holiday(day=r.day, name=r.name, source=r.source) for r in rows]


def working_calendar(connection: Connection) -> WorkingCalendar:
    """Thai working days with the cabinet's extra holidays as the views hold them."""
    return WorkingCalendar.with_extra(h.day for h in holidays_recorded(connection))


def lao_deadlines(
    connection: Connection, lao_code: str, fiscal_year: int, as_of: date
) -> list[Deadline]:
    """Every deadline of an LAO's fiscal year as it stands on `as_of` (what was recorded
    after that day is not counted as met), the soonest due first."""
    d = deadline
    statement = (
        select(d)
        .where(d.c.lao_code == lao_code, d.c.fiscal_year == fiscal_year, d.c.opened_on <= as_of)
        .order_by(d.c.kind, d.c.subject, d.c.number)
    )
    calendar = working_calendar(connection)
    found = [_deadline(row._mapping, as_of, calendar) for row in connection.execute(statement)]
    found += report_deadlines(connection, lao_code, fiscal_year, as_of, calendar)
    return sorted(found, key=lambda x: (x.due_on, x.kind.value, x.subject))


def reporting_rules(connection: Connection, fiscal_year: int) -> list[ReportDueRule]:
    """DLA's reporting calendar of the year as set last (empty: none set)."""
    r = reporting_rule
    rows = connection.execute(
        select(r).where(r.c.fiscal_year == fiscal_year).order_by(r.c.period_kind)
    )
    return [
        ReportDueRule(PeriodKind(row.period_kind), row.days, Counting(row.counting)) for row in rows
    ]


def _periods(fiscal_year: int, kind: PeriodKind) -> list[ReportingPeriod]:
    numbers = (10, 11, 12, *range(1, 10)) if kind is PeriodKind.MONTH else range(1, 5)
    return [ReportingPeriod(fiscal_year, kind, n) for n in numbers]


def report_deadlines(
    connection: Connection,
    lao_code: str,
    fiscal_year: int,
    as_of: date,
    calendar: WorkingCalendar,
) -> list[Deadline]:
    """The progress reports an LAO with a budget that year owes by `as_of` (each period
    that has ended), by DLA's reporting calendar; met by the report's first submission."""
    rules = reporting_rules(connection, fiscal_year)
    b = deadline_budget
    budget = connection.execute(
        select(b).where(b.c.lao_code == lao_code, b.c.fiscal_year == fiscal_year)
    ).one_or_none()
    if not rules or budget is None:
        return []
    r = report_state
    submitted = {
        row.period: row.first_submitted_on
        for row in connection.execute(
            select(r.c.period, r.c.first_submitted_on).where(
                r.c.lao_code == lao_code, r.c.fiscal_year == fiscal_year
            )
        )
    }
    base = RULES[DeadlineKind.PROGRESS_REPORT]
    found = []
    for due_rule in rules:
        rule = replace(base, days=due_rule.days, counting=due_rule.counting)
        for period in _periods(fiscal_year, due_rule.kind):
            ends = period.ends_on
            if ends > as_of:
                continue
            due = due_date(rule, ends, calendar)
            met_on = submitted.get(period.key)
            status = standing(
                rule, due, met_on=met_on, cancelled_on=None, as_of=as_of, calendar=calendar
            )
            met = met_on is not None and met_on <= as_of
            found.append(
                Deadline(
                    kind=rule.kind,
                    lao_code=lao_code,
                    province_code=budget.province_code,
                    fiscal_year=fiscal_year,
                    subject_id=str(report_id(lao_code, period.key)),
                    subject=period.key,
                    number=0,
                    opened_on=ends,
                    due_on=due,
                    standing=status.standing,
                    late_working_days=status.late_working_days,
                    met_on=met_on if met else None,
                    met_by="Submitted" if met else "",
                    basis_th=rule.basis_th,
                    basis_en=rule.basis_en,
                )
            )
    return found


def _deadline(r: RowMapping, as_of: date, calendar: WorkingCalendar) -> Deadline:
    rule = RULES[DeadlineKind(r["kind"])]
    due = due_date(rule, r["starts_on"], calendar, r["fixed_due_on"])
    status = standing(
        rule,
        due,
        met_on=r["met_on"],
        cancelled_on=r["cancelled_on"],
        as_of=as_of,
        calendar=calendar,
    )
    met = r["met_on"] is not None and r["met_on"] <= as_of
    return Deadline(
        kind=rule.kind,
        lao_code=r["lao_code"],
        province_code=r["province_code"],
        fiscal_year=r["fiscal_year"],
        subject_id=r["subject_id"],
        subject=r["subject"],
        number=r["number"],
        opened_on=r["opened_on"],
        due_on=due,
        standing=status.standing,
        late_working_days=status.late_working_days,
        met_on=r["met_on"] if met else None,
        met_by=f"{rule.met_by} v{r['met_version']}" if met else "",  # schema 0024
        basis_th=rule.basis_th,
        basis_en=rule.basis_en,
    )
