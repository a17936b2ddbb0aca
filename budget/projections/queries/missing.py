"""Who is missing: for a fiscal year as it stands on a day, every LAO (never left out)
that has no budget, a budget not enacted, no report submitted, a report overdue (by the
year's reporting calendar, on Thai working days), or no entry for `quiet_days` days;
counted per province and for the nation, and listed a page at a time with the LAO's
contact.

One row per LAO and year (lao_missing, kept by budget/projections/missing_rows.py: its
province, its budget's days and what its year holds of the entries counted), so the
nation is ~7,850 rows whatever the number of reports and projects; what each misses
is worked out in SQL (budget/projections/queries/missing_sql.py), counted by GROUP BY
and cut to the page asked, so only the page comes to Python. As of a day before an LAO's
latest report entry, that LAO's reports are read to see which came after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

import msgspec
from sqlalchemy import Connection

from budget.domain.calendar import WorkingCalendar
from budget.domain.deadlines import RULES, DeadlineKind, Standing, due_date, standing
from budget.domain.fiscal import ReportingPeriod
from budget.projections.compliance import period_bit
from budget.projections.queries.deadlines import reporting_rules, working_calendar
from budget.projections.queries.missing_sql import REASONS, answer_statement
from budget.projections.queries.models import Page, PageRequest, struct_from
from budget.projections.queries.paging import check

DEFAULT_QUIET_DAYS = 30


class Missing(Enum):
    NO_BUDGET = "no_budget"
    NOT_ENACTED = "not_enacted"
    NO_REPORT = "no_report"  # nothing submitted this year though a period has ended
    REPORT_OVERDUE = "report_overdue"
    QUIET = "quiet"  # no entry for `quiet_days` days (a budget, a project step, a report)


class MissingLao(msgspec.Struct, kw_only=True):
    """An LAO and what it misses; how to reach it (`officer`, `phone`, `email`: "" where
    the registry holds none)."""

    lao_code: str
    name_th: str
    province_code: str
    lao_type: str
    missing: list[Missing]
    overdue_reports: int
    last_entry_on: date | None
    officer: str = ""
    phone: str = ""
    email: str = ""


class MissingCount(msgspec.Struct, kw_only=True):
    """LAOs of a province (None: the nation) and how many miss each thing."""

    province_code: str | None
    laos: int
    no_budget: int = 0
    not_enacted: int = 0
    no_report: int = 0
    report_overdue: int = 0
    quiet: int = 0
    any_missing: int = 0


class MissingAnswer(msgspec.Struct, kw_only=True):
    """Who is missing on a day: the counts (per province, then the nation's or the
    province's total last) and a page of the LAOs missing something, the most first
    (`laos.total`: all of them)."""

    counts: list[MissingCount]
    laos: Page[MissingLao]


def who_is_missing(
    connection: Connection,
    fiscal_year: int,
    as_of: date,
    page: PageRequest,
    *,
    province_code: str | None = None,
    quiet_days: int = DEFAULT_QUIET_DAYS,
) -> MissingAnswer:
    """Every LAO of the registry (of a province) counted by what it misses on `as_of`,
    and the page asked of those missing something, the ones missing the most first: two
    statements over one row per LAO (budget/projections/queries/missing_sql.py)."""
    check(page)
    of_province = province_code is not None
    bound = _bound(connection, fiscal_year, as_of, province_code, quiet_days)
    cut = {"offset": page.offset, "limit": page.limit}
    rows = connection.execute(answer_statement(of_province), bound | cut).all()
    counts = missing_counts(sorted((r for r in rows if r.part == "count"), key=_by_province))
    listed = sorted((r for r in rows if r.part == "lao"), key=_most_missing)
    return MissingAnswer(
        counts=counts,
        laos=Page(
            items=[_missing_lao(row, as_of) for row in listed],
            total=counts[-1].any_missing,
            offset=page.offset,
            limit=page.limit,
        ),
    )


def _by_province(row: Any) -> str:
    return str(row.province_code)


def _most_missing(row: Any) -> tuple[int, int, str, str]:
    """The list's order (missing_sql's `_page`): the most reasons, the most reports
    overdue, then by province and code."""
    return (-row.misses, -row.overdue, row.province_code, row.lao_code)


def _bound(
    connection: Connection,
    fiscal_year: int,
    as_of: date,
    province_code: str | None,
    quiet_days: int,
) -> dict[str, Any]:
    """The statements' parameters: the periods owed and those overdue if unsent (the
    same for every LAO, so worked out once per period, not once per LAO and period)."""
    owed = _owed(connection, fiscal_year, as_of, working_calendar(connection))
    late = 0
    for period, is_late in owed.items():
        late |= period_bit(period.kind.value, period.number) if is_late else 0
    return {
        "fiscal_year": fiscal_year,
        "as_of": as_of,
        "quiet_since": as_of - timedelta(days=quiet_days),
        "owed": 1 if owed else 0,
        "late": late,
        "province_code": province_code,
    }


def _missing_lao(row: Any, as_of: date) -> MissingLao:
    days = (row.drafted_on, row.enacted_on, row.latest_stage_on, row.last_report_on)
    return MissingLao(
        lao_code=row.lao_code,
        name_th=row.name_th,
        province_code=row.province_code,
        lao_type=row.lao_type,
        missing=[reason for reason in Missing if getattr(row, reason.value)],
        overdue_reports=row.overdue,
        last_entry_on=_latest(as_of, *days, row.submitted_then, row.drafted_then),
        officer=row.officer,
        phone=row.phone,
        email=row.email,
    )


def _latest(as_of: date, *days: date | None) -> date | None:
    """The latest of `days` on or before `as_of` (an entry's day: a budget drafted or
    enacted, a project's stage, a report drafted or first submitted)."""
    latest = None
    for day in days:
        if day is not None and day <= as_of and (latest is None or day > latest):
            latest = day
    return latest


def missing_counts(rows: Iterable[Any]) -> list[MissingCount]:
    """The counts per province (answer_statement's count rows, by province code), then
    their sum (province_code None) last: the nation's, or the one province's total."""
    counts = [struct_from(MissingCount, row._mapping) for row in rows]
    total = MissingCount(province_code=None, laos=sum(c.laos for c in counts))
    for name in (*REASONS, "any_missing"):
        setattr(total, name, sum(getattr(c, name) for c in counts))
    return [*counts, total]


def _owed(
    connection: Connection, fiscal_year: int, as_of: date, calendar: WorkingCalendar
) -> dict[ReportingPeriod, bool]:
    """Each period that has ended by `as_of` under the year's reporting calendar, and
    whether its report, if still not submitted, is overdue on `as_of`: the same for every
    LAO, so worked out once per period, not once per LAO and period."""
    base = RULES[DeadlineKind.PROGRESS_REPORT]
    owed = {}
    for due_rule in reporting_rules(connection, fiscal_year):
        rule = replace(base, days=due_rule.days, counting=due_rule.counting)
        limit = 12 if due_rule.kind.value == "M" else 4
        for number in range(1, limit + 1):
            period = ReportingPeriod(fiscal_year, due_rule.kind, number)
            if period.ends_on <= as_of:
                due = due_date(rule, period.ends_on, calendar)
                unmet = standing(
                    rule, due, met_on=None, cancelled_on=None, as_of=as_of, calendar=calendar
                )
                owed[period] = unmet.standing is Standing.OVERDUE
    return owed
