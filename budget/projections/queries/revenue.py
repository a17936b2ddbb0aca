"""Revenue against its estimate: an LAO's by category and by month (revenue_category,
revenue_month), an area's by category from the running sums per province and LAO type
(revenue_rollup: the nation reads a few hundred rows)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, select

from budget.domain.money import ZERO
from budget.domain.revenue import RevenueCategory
from budget.projections.queries.figures import percent
from budget.projections.queries.funding_models import RevenueFigures, RevenueMonth, RevenueRow
from budget.projections.queries.models import Filters
from budget.projections.queries.parts import Parts, one_statement, read_parts
from budget.projections.queries.shapes import Shape, parameters
from budget.projections.tables import revenue_category, revenue_month, revenue_rollup

# What narrows an area's revenue (its running sums are kept per province and LAO type).
AREA = ("province_code", "lao_type")
Row = tuple[Any, ...]


def lao_revenue(connection: Connection, lao_code: str, fiscal_year: int) -> RevenueFigures | None:
    """An LAO's year: each category's estimate and receipts, and the receipts month by
    month; None when it has no budget that year (its two parts asked alone; the LAO
    dashboard asks them in its one statement)."""
    values = {"lao_code": lao_code, "fiscal_year": fiscal_year}
    found = read_parts(connection, _lao_alone(), values)
    return lao_of(found["revenue"], found["revenue_months"])


@cache
def _lao_alone() -> Parts:
    return one_statement({"revenue": lao_categories(), "revenue_months": lao_months()})


@cache
def lao_categories() -> Select[Any]:
    """An LAO's (`lao_code`) estimate and receipts by category (parts.py)."""
    c = revenue_category
    return select(c.c.category, c.c.estimated, c.c.received).where(
        c.c.lao_code == bindparam("lao_code"), c.c.fiscal_year == bindparam("fiscal_year")
    )


@cache
def lao_months() -> Select[Any]:
    """An LAO's (`lao_code`) receipts by month (parts.py; in no order: `lao_of` sorts)."""
    m = revenue_month
    return (
        select(m.c.month, func.sum(m.c.received).label("received"))
        .where(m.c.lao_code == bindparam("lao_code"), m.c.fiscal_year == bindparam("fiscal_year"))
        .group_by(m.c.month)
    )


def lao_of(categories: Sequence[Row], months: Sequence[Row]) -> RevenueFigures | None:
    """An LAO's revenue from the rows of its `lao_categories` and `lao_months` parts."""
    if not categories:
        return None
    figures = _figures(
        {category: (estimated, received) for category, estimated, received in categories}
    )
    running = ZERO
    for month, received in sorted(months):
        running += _money(received)
        figures.by_month.append(
            RevenueMonth(
                month=month,
                received=_money(received),
                cumulative=running,
                cumulative_percent=percent(running, figures.estimated),
            )
        )
    return figures


def area_revenue(connection: Connection, filters: Filters) -> RevenueFigures:
    """The nation's (or a province's, an LAO type's) revenue by category (its part asked
    alone; a dashboard asks it in its one statement)."""
    shape = tuple(parameters(filters, AREA))
    statement = _area_alone(shape)
    return area_of(read_parts(connection, statement, parameters(filters, AREA))["revenue"])


@cache
def _area_alone(shape: Shape) -> Parts:
    return one_statement({"revenue": area_categories(shape)})


@cache
def area_categories(shape: Shape) -> Select[Any]:
    """An area's estimate and receipts by category from the running sums (parts.py): the
    year's, in the province and LAO type of the shape (its other filters narrow nothing)."""
    r = revenue_rollup
    conditions = [r.c.fiscal_year == bindparam("fiscal_year")]
    conditions += [r.c[name] == bindparam(name) for name in AREA if name in shape]
    return (
        select(
            r.c.category,
            func.sum(r.c.estimated).label("estimated"),
            func.sum(r.c.received).label("received"),
        )
        .where(*conditions)
        .group_by(r.c.category)
    )


def area_of(rows: Sequence[Row]) -> RevenueFigures:
    """An area's revenue from the rows of its `area_categories` part."""
    return _figures({category: (estimated, received) for category, estimated, received in rows})


def _figures(sums: dict[str, tuple[Any, Any]]) -> RevenueFigures:
    """Every category, in the estimate's order, from its (estimated, received)."""
    by_category = []
    for category in RevenueCategory:
        estimated, received = (_money(v) for v in sums.get(category.value, (None, None)))
        by_category.append(
            RevenueRow(
                category=category.value,
                group=category.group.value,
                estimated=estimated,
                received=received,
                received_percent=percent(received, estimated),
            )
        )
    estimated = sum((row.estimated for row in by_category), ZERO)
    received = sum((row.received for row in by_category), ZERO)
    return RevenueFigures(
        estimated=estimated,
        received=received,
        received_percent=percent(received, estimated),
        by_category=by_category,
    )


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)
