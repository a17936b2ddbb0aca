"""Money sums over the quarterly progress tables, and the targets they are measured by."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, bindparam, func, select

from budget.domain.money import ZERO
from budget.projections.queries.models import (
    Filters,
    GroupProgress,
    Progress,
    QuarterPoint,
)
from budget.projections.queries.shapes import equal_to
from budget.projections.tables import disbursement_target

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
NO_PERCENT = Decimal("0.00")
ALL_GROUPS = "all"
LAST_QUARTER = 4
Targets = dict[tuple[int, str], tuple[Decimal, Decimal | None]]


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a percentage of `whole`, to two places; 0 of nothing is 0%."""
    if not whole:
        return NO_PERCENT
    return (part * HUNDRED / whole).quantize(CENT)


@dataclass(slots=True)
class Sums:
    allocated: Decimal = ZERO
    obligated: Decimal = ZERO
    disbursed: Decimal = ZERO

    def add(self, allocated: Decimal, obligated: Decimal, disbursed: Decimal) -> None:
        self.allocated += allocated
        self.obligated += obligated
        self.disbursed += disbursed

    def plus(self, other: Sums) -> None:
        self.add(other.allocated, other.obligated, other.disbursed)


def read_targets(connection: Connection, fiscal_year: int) -> Targets:
    return targets_of(connection.execute(targets(), {"fiscal_year": fiscal_year}).all())


@cache
def targets() -> Select[Any]:
    """The year's targets (also a part of a dashboard's statement, parts.py)."""
    t = disbursement_target
    return select(t.c.quarter, t.c.budget_group, t.c.percent, t.c.obligated_percent).where(
        t.c.fiscal_year == bindparam("fiscal_year")
    )


def targets_of(rows: Sequence[tuple[Any, ...]]) -> Targets:
    """The rows of `targets`, by quarter and group."""
    return {
        (quarter, group): (Decimal(percent), _decimal(obligated))
        for quarter, group, percent, obligated in rows
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def target_quarter(filters: Filters) -> int:
    """The quarter whose targets the figures are measured by (the year's end by default)."""
    return min(filters.quarter or LAST_QUARTER, LAST_QUARTER)


def progress(sums: Sums, targets: Targets, quarter: int, group: str = ALL_GROUPS) -> Progress:
    return against(sums, target_of(targets, quarter, group))


def target_of(
    targets: Targets, quarter: int, group: str = ALL_GROUPS
) -> tuple[Decimal | None, Decimal | None]:
    """The targets (disbursed, obligated) of the quarter for the group, else for all groups."""
    target = targets.get((quarter, group)) or targets.get((quarter, ALL_GROUPS))
    return target or (None, None)


def against(sums: Sums, target: tuple[Decimal | None, Decimal | None]) -> Progress:
    """The sums with their percentages, against `target` (from `target_of`)."""
    return progress_of(sums.allocated, sums.obligated, sums.disbursed, target)


def progress_of(
    allocated: Decimal,
    obligated: Decimal,
    disbursed: Decimal,
    target: tuple[Decimal | None, Decimal | None],
) -> Progress:
    """Three sums with their percentages (`percent`'s, written out: a province's dashboard
    makes one for each of its up to 310 LAOs), against `target` (from `target_of`)."""
    if allocated:
        obligated_percent = (obligated * HUNDRED / allocated).quantize(CENT)
        disbursed_percent = (disbursed * HUNDRED / allocated).quantize(CENT)
    else:
        obligated_percent = disbursed_percent = NO_PERCENT
    return Progress(
        allocated=allocated,
        obligated=obligated,
        disbursed=disbursed,
        obligated_percent=obligated_percent,
        disbursed_percent=disbursed_percent,
        target_percent=target[0],
        target_obligated_percent=target[1],
    )


def money_sums(table: Table) -> list[ColumnElement[Any]]:
    return [
        func.coalesce(func.sum(table.c[name]), ZERO).label(name)
        for name in ("allocated", "obligated", "disbursed")
    ]


def progress_conditions(table: Table, filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions on a progress table (lao_progress or province_progress) for `filters`."""
    conditions = [table.c.fiscal_year == filters.fiscal_year]
    if filters.quarter is not None:
        conditions.append(table.c.quarter <= filters.quarter)
    return conditions + equal_to(
        table,
        lao_type=filters.lao_type,
        budget_group=filters.budget_group,
        province_code=filters.province_code,
    )


def running(flows: Mapping[int, Sums], targets: Targets, group: str) -> list[QuarterPoint]:
    """The cumulative figures at the end of each quarter that has flows."""
    total = Sums()
    points = []
    for quarter in sorted(flows):
        total.plus(flows[quarter])
        figures = Sums(total.allocated, total.obligated, total.disbursed)
        points.append(
            QuarterPoint(
                quarter=quarter,
                progress=progress(figures, targets, min(quarter, LAST_QUARTER), group),
            )
        )
    return points


def by_group(sums: dict[str, Sums], targets: Targets, quarter: int) -> list[GroupProgress]:
    return [
        GroupProgress(budget_group=group, progress=progress(s, targets, quarter, group))
        for group, s in sorted(sums.items())
    ]
