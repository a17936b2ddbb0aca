"""Progress reports as the views hold them: an LAO's, a province's, one by its period,
their review steps and the reviewers' inbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, String, bindparam, cast, select

from budget.domain.errors import NotFound
from budget.domain.fiscal import ReportingPeriod
from budget.projections.queries.lists import _province_name
from budget.projections.queries.models import (
    Authority,
    Page,
    PageRequest,
    ReportRow,
    ReportStep,
    struct_from,
)
from budget.projections.queries.paging import paged
from budget.projections.tables import (
    authority as authority_table,
)
from budget.projections.tables import (
    report_state,
    report_step,
)


def _report_statement() -> Any:
    r = report_state
    return select(r, authority_table.c.name_th).join(
        authority_table, authority_table.c.lao_code == r.c.lao_code, isouter=True
    )


def _report(row: Any) -> ReportRow:
    """A report from a row of `_report_statement`."""
    late = _days_late(row.first_submitted_on, row.period_ends_on)
    return struct_from(
        ReportRow, row._mapping, lao_name=row.name_th or row.lao_code, days_late=late
    )


def _days_late(first_submitted_on: date | None, period_ends_on: date) -> int | None:
    if first_submitted_on is None:
        return None
    return max(0, (first_submitted_on - period_ends_on).days)


@cache
def lao_authority() -> Select[Any]:
    """The LAO (`lao_code`) as `Authority` shows it: a part of the LAO dashboard's
    statement (parts.py), read back by `authority_of`."""
    a = authority_table
    return select(*(a.c[name] for name in AUTHORITY)).where(a.c.lao_code == bindparam("lao_code"))


# authority's columns an Authority shows
AUTHORITY = (
    *("lao_code", "name_th", "name_en", "lao_type", "province_code", "district_code"),
    "merged_into",
)


def authority_of(rows: Sequence[tuple[Any, ...]], lao_code: str) -> Authority:
    """The row of a `lao_authority` part; NotFound without one."""
    if not rows:
        raise NotFound(what="LocalAuthority", key=lao_code)
    found = dict(zip(AUTHORITY, rows[0], strict=True))
    return Authority(**found, province_name=_province_name(found["province_code"]))


@cache
def lao_reports() -> Select[Any]:
    """An LAO's (`lao_code`) reports of the year: a part of the LAO dashboard's statement
    (parts.py; in no order: `reports_from` sorts), read back by `reports_from`."""
    r = report_state
    columns = (r.c[name] for name in REPORT)  # the id as text, as AggregateId reads it
    as_text = (cast(c, String()).label(c.name) if c.name == "report_id" else c for c in columns)
    return select(*as_text).where(
        r.c.lao_code == bindparam("lao_code"), r.c.fiscal_year == bindparam("fiscal_year")
    )


# report_state's columns a ReportRow shows, with the period's kind (what sorts them)
REPORT = (
    *("period_ends_on", "period_kind", "report_id", "lao_code", "province_code", "period"),
    *("status", "drafted_on", "signed_off_by", "first_submitted_on", "last_submitted_on"),
    *("submissions", "returns", "reviewed_on", "reviewed_by", "accepted_on", "last_comments"),
)


def reports_from(rows: Sequence[tuple[Any, ...]], lao_name: str) -> list[ReportRow]:
    """The rows of a `lao_reports` part as `reports_of` gives them, by period."""
    reports = []
    for row in sorted(rows, key=lambda row: (row[0], row[1])):
        r = dict(zip(REPORT, row, strict=True))
        del r["period_kind"]
        late = _days_late(r["first_submitted_on"], r["period_ends_on"])
        reports.append(ReportRow(**r, lao_name=lao_name, days_late=late))
    return reports


def reports_of(connection: Connection, lao_code: str, fiscal_year: int) -> list[ReportRow]:
    values = {"lao_code": lao_code, "fiscal_year": fiscal_year}
    return [_report(row) for row in connection.execute(_reports_of_statement(), values)]


@cache  # built once: every LAO dashboard lists the LAO's reports
def _reports_of_statement() -> Select[Any]:
    r = report_state
    statement: Select[Any] = (
        _report_statement()
        .where(r.c.lao_code == bindparam("lao_code"), r.c.fiscal_year == bindparam("fiscal_year"))
        .order_by(r.c.period_ends_on, r.c.period_kind)
    )
    return statement


def reports_in_province(
    connection: Connection, province_code: str, fiscal_year: int
) -> list[ReportRow]:
    """Every report of a province's LAOs for a year, by LAO and period."""
    r = report_state
    statement = (
        _report_statement()
        .where(r.c.province_code == province_code, r.c.fiscal_year == fiscal_year)
        .order_by(r.c.lao_code, r.c.period_ends_on, r.c.period_kind)
    )
    return [_report(row) for row in connection.execute(statement)]


def report_steps(connection: Connection, report_id: str) -> list[ReportStep]:
    """A report's review history, oldest step first."""
    s = report_step
    rows = connection.execute(select(s).where(s.c.report_id == report_id).order_by(s.c.version))
    return [struct_from(ReportStep, row._mapping) for row in rows]


def report(connection: Connection, lao_code: str, period: ReportingPeriod) -> ReportRow:
    r = report_state
    row = connection.execute(
        _report_statement().where(r.c.lao_code == lao_code, r.c.period == period.key)
    ).one_or_none()
    if row is None:
        raise NotFound(what="ProgressReport", key=f"{lao_code} {period.key}")
    return _report(row)


def review_inbox(
    connection: Connection, province_code: str | None, page: PageRequest
) -> Page[ReportRow]:
    """Reports awaiting review (submitted or resubmitted), the longest waiting first."""
    r = report_state
    conditions = [r.c.status == "submitted"]
    if province_code is not None:
        conditions.append(r.c.province_code == province_code)
    statement = (
        _report_statement()
        .where(*conditions)
        .order_by(r.c.last_submitted_on, r.c.lao_code, r.c.period)
    )
    return paged(connection, statement, page, _report)
