"""Who is missing: for a fiscal year as it stands on a day, every LAO (never left out)
that has no budget, a budget not enacted, no report submitted, a report overdue (by the
year's reporting calendar, on Thai working days), or no entry for `quiet_days` days;
listed with the LAO's contact, and counted per province and for the nation.

One row per LAO: the registry joined to its budget, its contact and what its year holds
of the entries counted (lao_compliance, kept by budget/projections/compliance.py), so
the nation is ~7,850 rows whatever the number of reports and projects. As of a day
before an LAO's latest report entry, that LAO's reports are read to see which came
after; the rest is worked out in Python per LAO.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import date, timedelta
from enum import Enum
from functools import cache
from typing import Any, NamedTuple, cast

import msgspec
from sqlalchemy import Connection, Integer, Select, and_, bindparam, select

from budget.domain.calendar import WorkingCalendar
from budget.domain.deadlines import RULES, DeadlineKind, Standing, due_date, standing
from budget.domain.fiscal import ReportingPeriod
from budget.projections.compliance import period_bit
from budget.projections.queries.deadlines import reporting_rules, working_calendar
from budget.projections.tables import (
    authority,
    authority_contact,
    budget_state,
    lao_compliance,
    report_state,
)

DEFAULT_QUIET_DAYS = 30
FEW_LAOS = 500  # named in an IN list; more: the year's reports are read and sorted out here


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


def missing_laos(
    connection: Connection,
    fiscal_year: int,
    as_of: date,
    *,
    province_code: str | None = None,
    quiet_days: int = DEFAULT_QUIET_DAYS,
) -> list[MissingLao]:
    """Every LAO of the registry (of a province) with what it misses on `as_of`, the
    ones missing the most first; LAOs missing nothing are listed too (`missing` empty)."""
    owed = _owed(connection, fiscal_year, as_of, working_calendar(connection))
    late = 0
    for period, is_late in owed.items():
        late |= period_bit(period.kind.value, period.number) if is_late else 0
    statement = _statement(province_code is not None)
    selected = connection.execute(
        statement, {"fiscal_year": fiscal_year, "province_code": province_code}
    )
    laos = cast("list[_Lao]", selected.all())  # rows of _Lao's columns, in its order
    after = [lao.lao_code for lao in laos if lao.last_report_on and lao.last_report_on > as_of]
    reported_then = _reports(connection, fiscal_year, after, as_of)
    quiet_since = as_of - timedelta(days=quiet_days)
    found = []
    for lao in laos:
        code, name_th, province, lao_type, drafted, enacted, stage_on, sent, reported, *contact = (
            lao
        )
        if code in reported_then:
            sent, reported = reported_then[code]
        misses: list[Missing] = []
        overdue = 0
        if drafted is None:
            misses.append(Missing.NO_BUDGET)
        else:
            if enacted is None or enacted > as_of:
                misses.append(Missing.NOT_ENACTED)
            if owed and not sent:
                misses.append(Missing.NO_REPORT)
            overdue = (late & ~(sent or 0)).bit_count()
            if overdue:
                misses.append(Missing.REPORT_OVERDUE)
        last = _latest(as_of, drafted, enacted, stage_on, reported)
        if last is None or last < quiet_since:
            misses.append(Missing.QUIET)
        officer, phone, email = (text or "" for text in contact)
        found.append(
            MissingLao(
                lao_code=code,
                name_th=name_th,
                province_code=province,
                lao_type=lao_type,
                missing=misses,
                overdue_reports=overdue,
                last_entry_on=last,
                officer=officer,
                phone=phone,
                email=email,
            )
        )
    found.sort(key=lambda m: (-len(m.missing), -m.overdue_reports, m.province_code, m.lao_code))
    return found


class _Lao(NamedTuple):
    """A row of `_statement`: an LAO, its budget, its lao_compliance row, its contact."""

    lao_code: str
    name_th: str
    province_code: str
    lao_type: str
    drafted_on: date | None
    enacted_on: date | None
    latest_stage_on: date | None
    reports_submitted: int | None
    last_report_on: date | None
    officer: str | None
    phone: str | None
    email: str | None


def _latest(as_of: date, *days: date | None) -> date | None:
    """The latest of `days` on or before `as_of` (an entry's day: a budget drafted or
    enacted, a project's stage, a report drafted or first submitted)."""
    latest = None
    for day in days:
        if day is not None and day <= as_of and (latest is None or day > latest):
            latest = day
    return latest


@cache  # built once per shape: every dashboard of DLA and the provinces asks
def _statement(of_province: bool) -> Select[Any]:
    """Each LAO of the registry not merged away (of a province) with its budget of the
    year, what its year holds (lao_compliance) and its contact."""
    a, b, c, k = authority, budget_state, lao_compliance, authority_contact
    year = bindparam("fiscal_year", type_=Integer)
    statement = (
        select(
            a.c.lao_code,
            a.c.name_th,
            a.c.province_code,
            a.c.lao_type,
            b.c.drafted_on,
            b.c.enacted_on,
            c.c.latest_stage_on,
            c.c.reports_submitted,
            c.c.last_report_on,
            k.c.officer,
            k.c.phone,
            k.c.email,
        )
        .select_from(
            a.outerjoin(b, and_(b.c.lao_code == a.c.lao_code, b.c.fiscal_year == year))
            .outerjoin(c, and_(c.c.lao_code == a.c.lao_code, c.c.fiscal_year == year))
            .outerjoin(k, k.c.lao_code == a.c.lao_code)
        )
        .where(a.c.merged_into == "")
    )
    if of_province:
        statement = statement.where(a.c.province_code == bindparam("province_code"))
    return statement


def missing_counts(found: list[MissingLao]) -> list[MissingCount]:
    """Counts per province, then the nation's (province_code None) last."""
    counts: dict[str | None, MissingCount] = {}
    for lao in found:
        for key in (lao.province_code, None):
            count = counts.setdefault(key, MissingCount(province_code=key, laos=0))
            count.laos += 1
            for reason in lao.missing:
                setattr(count, reason.value, getattr(count, reason.value) + 1)
            count.any_missing += 1 if lao.missing else 0
    nation = counts.pop(None, MissingCount(province_code=None, laos=0))
    return [counts[k] for k in sorted(k for k in counts if k is not None)] + [nation]


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


def _reports(
    connection: Connection, fiscal_year: int, lao_codes: Collection[str], as_of: date
) -> dict[str, tuple[int, date | None]]:
    """For LAOs with a report entry after `as_of`: the periods (lao_compliance's bits)
    whose report was first submitted by then, and the latest day one of its reports was
    drafted or first submitted by then."""
    if not lao_codes:
        return {}
    r = report_state
    statement = select(
        r.c.lao_code, r.c.period_kind, r.c.period_number, r.c.first_submitted_on, r.c.drafted_on
    ).where(r.c.fiscal_year == fiscal_year)
    if len(lao_codes) <= FEW_LAOS:
        statement = statement.where(r.c.lao_code.in_(sorted(lao_codes)))
    sent: dict[str, int] = defaultdict(int)
    last: dict[str, date | None] = dict.fromkeys(lao_codes)
    for row in connection.execute(statement):
        code = row.lao_code
        if code not in last:
            continue
        for day in (row.first_submitted_on, row.drafted_on):
            if day is not None and day <= as_of and (last[code] is None or day > last[code]):
                last[code] = day
        if row.first_submitted_on is not None and row.first_submitted_on <= as_of:
            sent[code] |= period_bit(row.period_kind, row.period_number)
    return {code: (sent[code], last[code]) for code in lao_codes}
