"""Progress reports as the views hold them: an LAO's, a province's, one by its period,
their review steps and the reviewers' inbox."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, select

from budget.domain.errors import NotFound
from budget.domain.fiscal import ReportingPeriod
from budget.projections.queries.lists import _authority
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


def _report(row: Any, prefix: str = "") -> ReportRow:
    """A report from a row of `_report_statement` (or of one naming report_state's
    columns `prefix` + name, the LAO's name still `name_th`)."""
    columns = row._mapping.items()
    r = {name.removeprefix(prefix): v for name, v in columns if name.startswith(prefix)}
    first = r["first_submitted_on"]
    late = None if first is None else max(0, (first - r["period_ends_on"]).days)
    return struct_from(ReportRow, r, lao_name=row.name_th or r["lao_code"], days_late=late)


def authority_and_reports(
    connection: Connection, lao_code: str, fiscal_year: int
) -> tuple[Authority, list[ReportRow]]:
    """An LAO and its reports of the year (as `authority` and `reports_of`), in one
    statement: the LAO dashboard's."""
    values = {"lao_code": lao_code, "fiscal_year": fiscal_year}
    rows = connection.execute(_authority_and_reports(), values).all()
    if not rows:
        raise NotFound(what="LocalAuthority", key=lao_code)
    reports = [_report(row, "report_") for row in rows if row.report_report_id is not None]
    return _authority(rows[0]), reports


@cache
def _authority_and_reports() -> Select[Any]:
    a, r = authority_table, report_state
    of_the_year = (r.c.lao_code == a.c.lao_code) & (r.c.fiscal_year == bindparam("fiscal_year"))
    return (
        select(a, *(c.label(f"report_{c.name}") for c in r.c))
        .select_from(a.outerjoin(r, of_the_year))
        .where(a.c.lao_code == bindparam("lao_code"))
        .order_by(r.c.period_ends_on, r.c.period_kind)
    )


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
