"""Who is missing: for a fiscal year as it stands on a day, every LAO (never left out)
that has no budget, a budget not enacted, no report submitted, a report overdue (by the
year's reporting calendar, on Thai working days), or no entry for `quiet_days` days;
listed, and counted per province and for the nation.

Set-based: one query per view for the whole country (the registry, the budgets, the
reports, the projects' latest stage dates), the rest in Python per LAO.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from enum import Enum

import msgspec
from sqlalchemy import Connection, func, select

from budget.domain.calendar import WorkingCalendar
from budget.domain.deadlines import RULES, DeadlineKind, Standing, due_date, standing
from budget.domain.fiscal import ReportingPeriod
from budget.projections.queries.deadlines import reporting_rules, working_calendar
from budget.projections.tables import authority, budget_state, project_state, report_state

DEFAULT_QUIET_DAYS = 30


class Missing(Enum):
    NO_BUDGET = "no_budget"
    NOT_ENACTED = "not_enacted"
    NO_REPORT = "no_report"  # nothing submitted this year though a period has ended
    REPORT_OVERDUE = "report_overdue"
    QUIET = "quiet"  # no entry for `quiet_days` days (a budget, a project step, a report)


class MissingLao(msgspec.Struct, kw_only=True):
    lao_code: str
    name_th: str
    province_code: str
    lao_type: str
    missing: list[Missing]
    overdue_reports: int
    last_entry_on: date | None


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
    a = authority
    where = [a.c.merged_into == ""]
    if province_code is not None:
        where.append(a.c.province_code == province_code)
    laos = connection.execute(
        select(a.c.lao_code, a.c.name_th, a.c.province_code, a.c.lao_type).where(*where)
    ).all()
    budgets = _budgets(connection, fiscal_year, province_code)
    submitted, drafted_on = _reports(connection, fiscal_year, province_code, as_of)
    stage_on = _latest_stage(connection, fiscal_year, province_code)
    owed = _owed(connection, fiscal_year, as_of, working_calendar(connection))
    late = [period for period, is_late in owed.items() if is_late]
    quiet_since = as_of - timedelta(days=quiet_days)
    found = []
    for lao in laos:
        code = lao.lao_code
        budget = budgets.get(code)
        sent = submitted.get(code, {})
        misses: list[Missing] = []
        overdue = 0
        if budget is None:
            misses.append(Missing.NO_BUDGET)
        else:
            _, enacted = budget
            if enacted is None or enacted > as_of:
                misses.append(Missing.NOT_ENACTED)
            if owed and not sent:
                misses.append(Missing.NO_REPORT)
            overdue = sum(1 for period in late if period not in sent)
            if overdue:
                misses.append(Missing.REPORT_OVERDUE)
        entries = [
            d
            for d in (
                *(budget or ()),
                stage_on.get(code),
                drafted_on.get(code),
                *sent.values(),
            )
            if d is not None and d <= as_of
        ]
        last = max(entries, default=None)
        if last is None or last < quiet_since:
            misses.append(Missing.QUIET)
        found.append(
            MissingLao(
                lao_code=code,
                name_th=lao.name_th,
                province_code=lao.province_code,
                lao_type=lao.lao_type,
                missing=misses,
                overdue_reports=overdue,
                last_entry_on=last,
            )
        )
    found.sort(key=lambda m: (-len(m.missing), -m.overdue_reports, m.province_code, m.lao_code))
    return found


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
) -> dict[str, bool]:
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
                owed[period.key] = unmet.standing is Standing.OVERDUE
    return owed


def _budgets(
    connection: Connection, fiscal_year: int, province_code: str | None
) -> dict[str, tuple[date, date | None]]:
    b = budget_state
    where = [b.c.fiscal_year == fiscal_year]
    if province_code is not None:
        where.append(b.c.province_code == province_code)
    rows = connection.execute(select(b.c.lao_code, b.c.drafted_on, b.c.enacted_on).where(*where))
    return {r.lao_code: (r.drafted_on, r.enacted_on) for r in rows}


def _reports(
    connection: Connection, fiscal_year: int, province_code: str | None, as_of: date
) -> tuple[dict[str, dict[str, date]], dict[str, date]]:
    """Each LAO's first submission day by period (up to `as_of`), and its latest draft."""
    r = report_state
    where = [r.c.fiscal_year == fiscal_year]
    if province_code is not None:
        where.append(r.c.province_code == province_code)
    rows = connection.execute(
        select(r.c.lao_code, r.c.period, r.c.first_submitted_on, r.c.drafted_on).where(*where)
    )
    submitted: dict[str, dict[str, date]] = defaultdict(dict)
    drafted: dict[str, date] = {}
    for row in rows:
        if row.first_submitted_on is not None and row.first_submitted_on <= as_of:
            submitted[row.lao_code][row.period] = row.first_submitted_on
        if row.drafted_on <= as_of:
            drafted[row.lao_code] = max(row.drafted_on, drafted.get(row.lao_code, row.drafted_on))
    return submitted, drafted


def _latest_stage(
    connection: Connection, fiscal_year: int, province_code: str | None
) -> dict[str, date]:
    p = project_state
    where = [p.c.fiscal_year == fiscal_year]
    if province_code is not None:
        where.append(p.c.province_code == province_code)
    rows = connection.execute(
        select(p.c.lao_code, func.max(p.c.stage_entered_on)).where(*where).group_by(p.c.lao_code)
    )
    return {str(row[0]): row[1] for row in rows}
