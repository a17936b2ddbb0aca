"""The national, province and LAO dashboards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, lru_cache
from typing import Any

import msgspec
from sqlalchemy import Connection, Select, bindparam, func, select

from budget.domain.authority_types import AuthorityType
from budget.domain.calendar import today as thai_today
from budget.projections.queries.budgets import year_money, year_money_of
from budget.projections.queries.figures import (
    Sums,
    Targets,
    against,
    by_group,
    progress,
    progress_of,
    running,
    target_of,
    target_quarter,
    targets,
    targets_of,
)
from budget.projections.queries.funding import others, split_of
from budget.projections.queries.models import (
    AreaProgress,
    Filters,
    LaoDashboard,
    NationalDashboard,
    ProvinceDashboard,
    ReportCounts,
)
from budget.projections.queries.parts import Parts, one_statement, read_parts
from budget.projections.queries.reports import (
    authority_of,
    lao_authority,
    lao_reports,
    reports_from,
)
from budget.projections.queries.revenue import (
    area_categories,
    area_of,
    lao_categories,
    lao_months,
    lao_of,
)
from budget.projections.queries.rollups import (
    Fine,
    fine,
    lao_fine,
    province_laos,
    provinces,
    through,
)
from budget.projections.queries.shapes import PROGRESS, PROJECTS, Shape, parameters
from budget.projections.queries.stages import (
    DEFAULT_STUCK_DAYS,
    counts,
    lao_projects,
    lao_projects_of,
    stage_counts,
    stuck_before,
)
from budget.projections.tables import report_state
from budget.registry.geography import province_name_th


def _type_name(value: str) -> str:
    try:
        return AuthorityType(value).name_th
    except ValueError:
        return value


# the registry's names never change while the process runs: the nation's dashboard names
# 77 on every read; bounded, since a province dashboard's code comes from its request
@lru_cache(maxsize=256)
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
    target = target_of(targets, quarter, group)  # the same for every area
    return [
        AreaProgress(key=key, name=names.get(key, key), progress=against(s, target))
        for key, s in sorted(sums.items())
    ]


def _area_rows(
    rows: list[tuple[Any, ...]], names: dict[str, str], targets: Targets, quarter: int, group: str
) -> list[AreaProgress]:
    """`_areas` straight from an area part's rows (its key, then its three sums; one row a
    key), without a Sums of each: a province's LAOs, the nation's provinces."""
    target = target_of(targets, quarter, group)  # the same for every area
    found = []
    for key, allocated, obligated, disbursed, *_ in sorted(rows, key=_key):
        code = str(key)
        progress = progress_of(allocated, obligated, disbursed, target)
        found.append(AreaProgress(key=code, name=names.get(code, code), progress=progress))
    return found


def _key(row: tuple[Any, ...]) -> str:
    return str(row[0])


def national_dashboard(connection: Connection, filters: Filters) -> NationalDashboard:
    """The nation (or what `filters` narrow it to) from the running sums, in one statement
    with its money by source (the year's lines of other sources than own revenue) and its
    revenue (running sums)."""
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    progress_shape, projects_shape = _shapes(filters)
    statement = _national(progress_shape, projects_shape)
    values = _values(filters) | {
        "in_type": filters.lao_type or "all",
        "in_group": group,
        "through": through(filters.quarter),
    }
    parts = read_parts(connection, statement, values)
    targets = targets_of(parts["targets"])
    fine = Fine(parts["fine"])
    provinces = parts["provinces"]
    province_names = {str(k): _province_name(str(k)) for k, *_ in provinces}
    return NationalDashboard(
        filters=filters,
        total=progress(fine.total, targets, quarter, group),
        by_group=by_group(fine.groups, targets, quarter),
        by_quarter=running(fine.quarters, targets, group),
        by_province=_area_rows(provinces, province_names, targets, quarter, group),
        by_lao_type=_types(fine.types, targets, quarter, group),
        stages=counts(parts["stages"]),
        funding=split_of(parts["funding"], _whole_year(parts, fine)),
        revenue=area_of(parts["revenue"]),
    )


@cache
def _national(progress_shape: Shape, projects_shape: Shape) -> Parts:
    return one_statement(
        {
            "targets": targets(),
            "fine": fine(progress_shape),
            "provinces": provinces(),
            "stages": stage_counts(projects_shape),
            **_money_parts(progress_shape, fine),
        }
    )


def province_dashboard(
    connection: Connection, province_code: str, filters: Filters
) -> ProvinceDashboard:
    """One province: its LAOs side by side, its stages and its reports, from the running
    sums kept per province and per LAO, its money by source and its revenue, in one
    statement."""
    filters = msgspec.structs.replace(filters, province_code=province_code)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    progress_shape, projects_shape = _shapes(filters)
    statement = _province(progress_shape, projects_shape)
    values = _values(filters) | {"in_group": group, "through": through(filters.quarter)}
    parts = read_parts(connection, statement, values)
    targets = targets_of(parts["targets"])
    fine = Fine(parts["fine"])
    names = {str(code): name for code, *_, name in parts["laos"] if name is not None}
    counts_by_status = ReportCounts(**{str(status): int(n) for status, n in parts["reports"]})
    return ProvinceDashboard(
        province_code=province_code,
        province_name=_province_name(province_code),
        filters=filters,
        total=progress(fine.total, targets, quarter, group),
        by_group=by_group(fine.groups, targets, quarter),
        by_quarter=running(fine.quarters, targets, group),
        by_lao_type=_types(fine.types, targets, quarter, group),
        by_lao=_area_rows(parts["laos"], names, targets, quarter, group),
        stages=counts(parts["stages"]),
        reports=counts_by_status,
        awaiting_review=counts_by_status.submitted,
        funding=split_of(parts["funding"], _whole_year(parts, fine)),
        revenue=area_of(parts["revenue"]),
    )


@cache
def _province(progress_shape: Shape, projects_shape: Shape) -> Parts:
    return one_statement(
        {
            "targets": targets(),
            "fine": fine(progress_shape),
            "laos": province_laos(progress_shape),
            "reports": _report_counts(),
            "stages": stage_counts(projects_shape),
            **_money_parts(progress_shape, fine),
        }
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
    projects count as stuck (default: the real today). One statement: the LAO, its
    reports, sums, projects, year's money, sources and revenue."""
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    progress_shape, projects_shape = _shapes(filters)
    statement = _lao(progress_shape, projects_shape)
    stuck = stuck_before(today or thai_today(), stuck_days)
    values = _values(filters) | {"lao_code": lao_code, "stuck_before": stuck}
    parts = read_parts(connection, statement, values)
    found = authority_of(parts["authority"], lao_code)
    targets = targets_of(parts["targets"])
    fine = Fine(parts["fine"])
    projects = lao_projects_of(parts["projects"])
    before, counted, lapsed = year_money_of(parts["money"])
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
        reports=reports_from(parts["reports"], found.name_th or lao_code),
        spent_before_enactment=before,
        not_yet_counted=before - counted,
        lapsed=lapsed,
        funding=split_of(parts["funding"], _whole_year(parts, fine), lapsed),
        revenue=lao_of(parts["revenue"], parts["revenue_months"]),
    )


@cache
def _lao(progress_shape: Shape, projects_shape: Shape) -> Parts:
    return one_statement(
        {
            "authority": lao_authority(),
            "reports": lao_reports(),
            "targets": targets(),
            "fine": lao_fine(progress_shape),
            "projects": lao_projects(projects_shape),
            "money": year_money(projects_shape),
            "funding": others(progress_shape, of_lao=True),
            **({"year": lao_fine(_year(progress_shape))} if "quarter" in progress_shape else {}),
            "revenue": lao_categories(),
            "revenue_months": lao_months(),
        }
    )


def _money_parts(shape: Shape, fine_of: Callable[[Shape], Select[Any]]) -> dict[str, Any]:
    """An area's parts of money by source and revenue, with its year's running sums by
    `fine_of` when a quarter narrows the dashboard (what the split measures against)."""
    return {
        "funding": others(shape, of_lao=False),
        **({"year": fine_of(_year(shape))} if "quarter" in shape else {}),
        "revenue": area_categories(shape),
    }


def _year(shape: Shape) -> Shape:
    """The shape of the whole year: `shape` without its quarter."""
    return tuple(name for name in shape if name != "quarter")


def _whole_year(parts: dict[str, list[tuple[Any, ...]]], fine: Fine) -> Sums:
    """The year's totals as they stand (what the money split by source measures against):
    the dashboard's own when no quarter narrows it, else its `year` part's (the same
    running sums without the quarter)."""
    return Fine(parts["year"]).total if "year" in parts else fine.total


def _shapes(filters: Filters) -> tuple[Shape, Shape]:
    """The shapes (which filters are set) of the progress and the projects parts."""
    return tuple(parameters(filters, PROGRESS)), tuple(parameters(filters, PROJECTS))


def _values(filters: Filters) -> dict[str, Any]:
    """The values of every filter set, by name (each part takes those of its shape)."""
    return parameters(filters, PROGRESS) | parameters(filters, PROJECTS)


@cache
def _report_counts() -> Select[Any]:
    """A province's reports of the year by status."""
    r = report_state
    return (
        select(r.c.status, func.count().label("reports"))
        .where(r.c.province_code == bindparam("province_code"))
        .where(r.c.fiscal_year == bindparam("fiscal_year"))
        .group_by(r.c.status)
    )
