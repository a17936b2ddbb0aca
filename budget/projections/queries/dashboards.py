"""The national, province and LAO dashboards."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any, cast

import msgspec
from sqlalchemy import Connection, Select, bindparam, func, select

from budget.domain.authority_types import AuthorityType
from budget.domain.calendar import today as thai_today
from budget.projections.queries.budgets import year_money
from budget.projections.queries.figures import (
    Sums,
    Targets,
    by_group,
    progress,
    read_targets,
    running,
    target_quarter,
)
from budget.projections.queries.funding import funding_split
from budget.projections.queries.models import (
    AreaProgress,
    Filters,
    LaoDashboard,
    NationalDashboard,
    ProvinceDashboard,
    ReportCounts,
)
from budget.projections.queries.reports import authority_and_reports
from budget.projections.queries.revenue import area_revenue, lao_revenue
from budget.projections.queries.rollups import (
    LAO,
    NATIONAL,
    PROVINCE,
    PROVINCES,
    Fine,
    areas,
    lao_sums,
    nation_sums,
    national_sums,
    province_sums,
    province_totals,
    read,
)
from budget.projections.queries.shapes import PROGRESS, parameters
from budget.projections.queries.stages import (
    DEFAULT_STUCK_DAYS,
    lao_projects,
    stage_counts,
)
from budget.projections.tables import report_state
from budget.registry.geography import province_name_th


def _type_name(value: str) -> str:
    try:
        return AuthorityType(value).name_th
    except ValueError:
        return value


def _province_name(code: str) -> str:
    try:
        return province_name_th(code)
    except (KeyError, ValueError):
        return code


def _types(sums: dict[str, Sums], targets: Targets, quarter: int, group: str) -> list[AreaProgress]:
    return _areas(sums, {k: _type_name(k) for k in sums}, targets, quarter, group)


def _areas(
    sums: dict[str, Sums], names: dict[str, str], targets: Targets, quarter: int, group: str
) -> list[AreaProgress]:
    return [
        AreaProgress(
            key=key, name=names.get(key, key), progress=progress(s, targets, quarter, group)
        )
        for key, s in sorted(sums.items())
    ]


def national_dashboard(connection: Connection, filters: Filters) -> NationalDashboard:
    """The nation (or what `filters` narrow it to) from the per-province running sums; its
    money by source from the year's budget lines, its revenue from the running sums."""
    targets = read_targets(connection, filters.fiscal_year)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    values = parameters(filters, PROGRESS)
    dialect, shape = connection.dialect.name, tuple(values)
    if "province_code" in values:
        rows = read(connection, national_sums(dialect, shape), NATIONAL, values)
    else:  # the nation's own running sums, and the provinces' totals beside them
        rows = read(connection, nation_sums(dialect, shape), LAO, values)
        rows |= read(connection, province_totals(dialect, shape), PROVINCES, values)
    fine = Fine(rows["fine"])
    year = _whole_year(connection, filters, fine, {})
    provinces = areas(rows["province"])
    return NationalDashboard(
        filters=filters,
        total=progress(fine.total, targets, quarter, group),
        by_group=by_group(fine.groups, targets, quarter),
        by_quarter=running(fine.quarters, targets, group),
        by_province=_areas(
            provinces, {k: _province_name(k) for k in provinces}, targets, quarter, group
        ),
        by_lao_type=_types(fine.types, targets, quarter, group),
        stages=stage_counts(connection, filters),
        funding=funding_split(connection, filters, year),
        revenue=area_revenue(connection, filters),
    )


def province_dashboard(
    connection: Connection, province_code: str, filters: Filters
) -> ProvinceDashboard:
    """One province: its LAOs side by side, its stages and its reports."""
    filters = msgspec.structs.replace(filters, province_code=province_code)
    targets = read_targets(connection, filters.fiscal_year)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    values = parameters(filters, PROGRESS)
    statement = province_sums(connection.dialect.name, tuple(values))
    rows = read(connection, statement, PROVINCE, values)
    fine = Fine(rows["fine"])
    year = _whole_year(connection, filters, fine, {})
    names = {str(lao.keys[0]): lao.more[0] for lao in rows["lao"] if lao.more[0] is not None}
    counts = _report_counts(connection, province_code, filters.fiscal_year)
    return ProvinceDashboard(
        province_code=province_code,
        province_name=_province_name(province_code),
        filters=filters,
        total=progress(fine.total, targets, quarter, group),
        by_group=by_group(fine.groups, targets, quarter),
        by_quarter=running(fine.quarters, targets, group),
        by_lao_type=_types(fine.types, targets, quarter, group),
        by_lao=_areas(areas(rows["lao"]), names, targets, quarter, group),
        stages=stage_counts(connection, filters),
        reports=counts,
        awaiting_review=counts.submitted,
        funding=funding_split(connection, filters, year),
        revenue=area_revenue(connection, filters),
    )


def lao_dashboard(
    connection: Connection,
    lao_code: str,
    filters: Filters,
    *,
    today: date | None = None,
    stuck_days: int = DEFAULT_STUCK_DAYS,
) -> LaoDashboard:
    """One LAO: its two curves against the targets, its projects by stage, its reports,
    its money by source and its revenue against the estimate. `today` decides which
    projects count as stuck (default: the real today)."""
    found, reports = authority_and_reports(connection, lao_code, filters.fiscal_year)
    targets = read_targets(connection, filters.fiscal_year)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    values = parameters(filters, PROGRESS)
    statement = lao_sums(connection.dialect.name, tuple(values))
    fine = Fine(read(connection, statement, LAO, {**values, "lao_code": lao_code})["fine"])
    year = _whole_year(connection, filters, fine, {"lao_code": lao_code})
    projects = lao_projects(connection, lao_code, filters, today or thai_today(), stuck_days)
    before, counted, lapsed = year_money(connection, lao_code, filters)
    return LaoDashboard(
        authority=found,
        filters=filters,
        total=progress(fine.total, targets, quarter, group),
        by_group=by_group(fine.groups, targets, quarter),
        by_quarter=running(fine.quarters, targets, group),
        stages=projects.stages,
        projects=projects.projects,
        stuck_projects=projects.stuck,
        stuck_days=stuck_days,
        reports=reports,
        spent_before_enactment=before,
        not_yet_counted=before - counted,
        lapsed=lapsed,
        funding=funding_split(connection, filters, year, lao_code=lao_code, lapsed=lapsed),
        revenue=lao_revenue(connection, lao_code, filters.fiscal_year),
    )


def _whole_year(connection: Connection, filters: Filters, fine: Fine, more: dict[str, Any]) -> Sums:
    """The year's totals as they stand (what the money split by source measures against):
    the dashboard's own when no quarter narrows it, else read again without the quarter
    (the LAO's own sums with `more`, its code; a province's or the nation's otherwise)."""
    if filters.quarter is None:
        return fine.total
    whole = msgspec.structs.replace(filters, quarter=None)
    values = parameters(whole, PROGRESS)
    dialect, shape = connection.dialect.name, tuple(values)
    if more:
        statement = lao_sums(dialect, shape)
    elif "province_code" in values:
        statement = national_sums(dialect, shape)
    else:
        statement = nation_sums(dialect, shape)
    groupings = NATIONAL if "province_code" in values and not more else LAO
    return Fine(read(connection, statement, groupings, {**values, **more})["fine"]).total


def _report_counts(connection: Connection, province_code: str, fiscal_year: int) -> ReportCounts:
    values = {"province_code": province_code, "fiscal_year": fiscal_year}
    rows = connection.execute(_report_counts_statement(), values)
    return ReportCounts(**{str(status): cast(int, n) for status, n in rows.all()})


@cache
def _report_counts_statement() -> Select[Any]:
    r = report_state
    return (
        select(r.c.status, func.count())
        .where(r.c.province_code == bindparam("province_code"))
        .where(r.c.fiscal_year == bindparam("fiscal_year"))
        .group_by(r.c.status)
    )
