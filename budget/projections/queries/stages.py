"""Projects by procurement stage and method, as they stand now."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, func, select

from budget.domain.money import ZERO
from budget.domain.procurement import Stage
from budget.projections.queries.models import Filters, StageCount
from budget.projections.tables import project_state, stage_count

FINISHED = (Stage.PAID.value, Stage.CLOSED.value, Stage.CANCELLED.value)
STAGE_ORDER = {stage.value: n for n, stage in enumerate(Stage)}
DEFAULT_STUCK_DAYS = 60


def stage_conditions(table: Table, filters: Filters) -> list[ColumnElement[bool]]:
    conditions = [table.c.fiscal_year == filters.fiscal_year]
    for name in ("province_code", "lao_type", "budget_group", "stage", "method"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(table.c[name] == value)
    return conditions


def stage_counts(connection: Connection, filters: Filters) -> list[StageCount]:
    """From the running sums kept per province (fast at national scale)."""
    t = stage_count
    statement = (
        select(
            t.c.stage,
            t.c.method,
            func.sum(t.c.projects),
            *(func.coalesce(func.sum(t.c[n]), ZERO) for n in _MONEY),
        )
        .where(*stage_conditions(t, filters))
        .group_by(t.c.stage, t.c.method)
        .having(func.sum(t.c.projects) > 0)
    )
    return _counts(connection.execute(statement))


def lao_stage_counts(connection: Connection, lao_code: str, filters: Filters) -> list[StageCount]:
    """One LAO's projects (counted from their rows: an LAO has a few hundred at most)."""
    t = project_state
    statement = (
        select(
            t.c.stage,
            t.c.method,
            func.count(),
            func.coalesce(func.sum(t.c.budget_amount), ZERO),
            func.coalesce(func.sum(t.c.contract_amount), ZERO),
            func.coalesce(func.sum(t.c.paid), ZERO),
        )
        .where(t.c.lao_code == lao_code, *stage_conditions(t, filters))
        .group_by(t.c.stage, t.c.method)
    )
    return _counts(connection.execute(statement))


_MONEY = ("budget_amount", "contract_amount", "paid")


def _counts(rows: Any) -> list[StageCount]:
    counts = [
        StageCount(
            stage=row[0],
            method=row[1],
            projects=int(row[2]),
            budget_amount=row[3],
            contract_amount=row[4],
            paid=row[5],
        )
        for row in rows
    ]
    counts.sort(key=lambda c: (STAGE_ORDER.get(c.stage, 99), c.method))
    return counts


def stuck_condition(today: date, days: int) -> ColumnElement[bool]:
    """Still open and in the same stage for more than `days` days by `today`."""
    return (project_state.c.stage_entered_on < today - timedelta(days=days)) & (
        project_state.c.stage.not_in(FINISHED)
    )
