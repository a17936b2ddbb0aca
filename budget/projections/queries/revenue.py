"""Revenue against its estimate: an LAO's by category and by month (revenue_category,
revenue_month), an area's by category from the running sums per province and LAO type
(revenue_rollup: the nation reads a few hundred rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from budget.domain.money import ZERO
from budget.domain.revenue import RevenueCategory
from budget.projections.queries.figures import percent
from budget.projections.queries.funding_models import RevenueFigures, RevenueMonth, RevenueRow
from budget.projections.queries.models import Filters
from budget.projections.tables import revenue_category, revenue_month, revenue_rollup


def lao_revenue(connection: Connection, lao_code: str, fiscal_year: int) -> RevenueFigures | None:
    """An LAO's year: each category's estimate and receipts, and the receipts month by
    month; None when it has no budget that year."""
    c, m = revenue_category, revenue_month
    rows = connection.execute(
        select(c.c.category, c.c.estimated, c.c.received).where(
            c.c.lao_code == lao_code, c.c.fiscal_year == fiscal_year
        )
    ).all()
    if not rows:
        return None
    months = connection.execute(
        select(m.c.month, func.sum(m.c.received).label("received"))
        .where(m.c.lao_code == lao_code, m.c.fiscal_year == fiscal_year)
        .group_by(m.c.month)
        .order_by(m.c.month)
    )
    figures = _figures({r.category: (r.estimated, r.received) for r in rows})
    running = ZERO
    for month in months:
        running += _money(month.received)
        figures.by_month.append(
            RevenueMonth(
                month=month.month,
                received=_money(month.received),
                cumulative=running,
                cumulative_percent=percent(running, figures.estimated),
            )
        )
    return figures


def area_revenue(connection: Connection, filters: Filters) -> RevenueFigures:
    """The nation's (or a province's, an LAO type's) revenue by category."""
    r = revenue_rollup
    conditions: list[ColumnElement[bool]] = [r.c.fiscal_year == filters.fiscal_year]
    for name in ("province_code", "lao_type"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(r.c[name] == value)
    rows = connection.execute(
        select(r.c.category, func.sum(r.c.estimated), func.sum(r.c.received))
        .where(*conditions)
        .group_by(r.c.category)
    )
    return _figures({row[0]: (row[1], row[2]) for row in rows})


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
