"""The national, province and LAO dashboards."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import cast

import msgspec
from sqlalchemy import Connection, func, select

from budget.domain.authority_types import AuthorityType
from budget.domain.calendar import today as thai_today
from budget.projections.queries.figures import (
    Sums,
    Targets,
    by_group,
    curve,
    grouped_sums,
    progress,
    progress_conditions,
    read_targets,
    target_quarter,
)
from budget.projections.queries.lists import authority, reports_of
from budget.projections.queries.models import (
    AreaProgress,
    Filters,
    LaoDashboard,
    NationalDashboard,
    ProvinceDashboard,
    ReportCounts,
)
from budget.projections.queries.stages import (
    DEFAULT_STUCK_DAYS,
    lao_stage_counts,
    stage_counts,
    stuck_condition,
)
from budget.projections.tables import (
    authority as authority_table,
)
from budget.projections.tables import (
    lao_progress,
    project_state,
    province_progress,
    report_state,
)
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


def _areas(
    sums: dict[str, Sums], names: dict[str, str], targets: Targets, quarter: int, group: str
) -> list[AreaProgress]:
    return [
        AreaProgress(
            key=key, name=names.get(key, key), progress=progress(s, targets, quarter, group)
        )
        for key, s in sorted(sums.items())
    ]


class _Rollup:
    """Sums of rows keyed (area, lao_type, budget_group) folded every way a dashboard shows."""

    def __init__(self, rows: list[tuple[tuple[str, ...], Sums]]) -> None:
        self.total = Sums()
        self.groups: dict[str, Sums] = defaultdict(Sums)
        self.areas: dict[str, Sums] = defaultdict(Sums)
        self.types: dict[str, Sums] = defaultdict(Sums)
        for (area, lao_type, group), sums in rows:
            for bucket in (self.total, self.groups[group], self.areas[area], self.types[lao_type]):
                bucket.plus(sums)


def national_dashboard(connection: Connection, filters: Filters) -> NationalDashboard:
    """The nation (or what `filters` narrow it to) from the per-province running sums."""
    targets = read_targets(connection, filters.fiscal_year)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    t = province_progress
    keys = ["province_code", "lao_type", "budget_group"]
    rollup = _Rollup(grouped_sums(connection, t, keys, progress_conditions(t, filters)))
    provinces = {code: _province_name(code) for code in rollup.areas}
    types = {code: _type_name(code) for code in rollup.types}
    return NationalDashboard(
        filters=filters,
        total=progress(rollup.total, targets, quarter, group),
        by_group=by_group(rollup.groups, targets, quarter),
        by_quarter=curve(connection, t, filters, targets),
        by_province=_areas(rollup.areas, provinces, targets, quarter, group),
        by_lao_type=_areas(rollup.types, types, targets, quarter, group),
        stages=stage_counts(connection, filters),
    )


def province_dashboard(
    connection: Connection, province_code: str, filters: Filters
) -> ProvinceDashboard:
    """One province: its LAOs side by side, its stages and its reports."""
    filters = msgspec.structs.replace(filters, province_code=province_code)
    targets = read_targets(connection, filters.fiscal_year)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    t = lao_progress
    keys = ["lao_code", "lao_type", "budget_group"]
    rollup = _Rollup(grouped_sums(connection, t, keys, progress_conditions(t, filters)))
    names = {
        str(code): str(name)
        for code, name in connection.execute(
            select(authority_table.c.lao_code, authority_table.c.name_th).where(
                authority_table.c.province_code == province_code
            )
        )
    }
    counts = _report_counts(connection, province_code, filters.fiscal_year)
    return ProvinceDashboard(
        province_code=province_code,
        province_name=_province_name(province_code),
        filters=filters,
        total=progress(rollup.total, targets, quarter, group),
        by_group=by_group(rollup.groups, targets, quarter),
        by_quarter=curve(connection, t, filters, targets),
        by_lao_type=_areas(
            rollup.types, {k: _type_name(k) for k in rollup.types}, targets, quarter, group
        ),
        by_lao=_areas(rollup.areas, names, targets, quarter, group),
        stages=stage_counts(connection, filters),
        reports=counts,
        awaiting_review=counts.submitted,
    )


def lao_dashboard(
    connection: Connection,
    lao_code: str,
    filters: Filters,
    *,
    today: date | None = None,
    stuck_days: int = DEFAULT_STUCK_DAYS,
) -> LaoDashboard:
    """One LAO: its two curves against the targets, its projects by stage, its reports.
    `today` decides which projects count as stuck (default: the real today)."""
    found = authority(connection, lao_code)
    targets = read_targets(connection, filters.fiscal_year)
    quarter = target_quarter(filters)
    group = filters.budget_group or "all"
    t = lao_progress
    conditions = [t.c.lao_code == lao_code, *progress_conditions(t, filters)]
    groups = {key[0]: s for key, s in grouped_sums(connection, t, ["budget_group"], conditions)}
    total = Sums()
    for sums in groups.values():
        total.plus(sums)
    p = project_state
    own = [p.c.lao_code == lao_code, p.c.fiscal_year == filters.fiscal_year]
    projects, stuck = connection.execute(
        select(
            func.count(),
            func.count().filter(stuck_condition(today or thai_today(), stuck_days)),
        ).where(*own)
    ).one()
    return LaoDashboard(
        authority=found,
        filters=filters,
        total=progress(total, targets, quarter, group),
        by_group=by_group(groups, targets, quarter),
        by_quarter=curve(connection, t, filters, targets, t.c.lao_code == lao_code),
        stages=lao_stage_counts(connection, lao_code, filters),
        projects=int(projects),
        stuck_projects=int(stuck),
        stuck_days=stuck_days,
        reports=reports_of(connection, lao_code, filters.fiscal_year),
    )


def _report_counts(connection: Connection, province_code: str, fiscal_year: int) -> ReportCounts:
    r = report_state
    rows = connection.execute(
        select(r.c.status, func.count())
        .where(r.c.province_code == province_code, r.c.fiscal_year == fiscal_year)
        .group_by(r.c.status)
    )
    return ReportCounts(**{str(status): cast(int, n) for status, n in rows.all()})
