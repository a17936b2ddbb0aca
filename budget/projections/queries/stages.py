"""Projects by procurement stage and method, as they stand now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, and_, bindparam, func, select

from budget.domain.money import ZERO
from budget.domain.procurement import Stage
from budget.projections.queries.models import Filters, StageCount
from budget.projections.queries.shapes import PROJECTS, Shape, equal_to, parameters, where
from budget.projections.tables import national_stage_count, project_state, stage_count

FINISHED = (Stage.PAID.value, Stage.CLOSED.value, Stage.CANCELLED.value)
STAGE_ORDER = {stage.value: n for n, stage in enumerate(Stage)}
DEFAULT_STUCK_DAYS = 60


def stage_conditions(table: Table, filters: Filters) -> list[ColumnElement[bool]]:
    narrowed = {name: getattr(filters, name) for name in PROJECTS}
    return [table.c.fiscal_year == filters.fiscal_year, *equal_to(table, **narrowed)]


def stage_counts(connection: Connection, filters: Filters) -> list[StageCount]:
    """From the running sums kept per province, or for the whole nation when no province
    is asked (a few hundred rows, not tens of thousands)."""
    values = parameters(filters, PROJECTS)
    return _counts(connection.execute(_stage_counts(tuple(values)), values))


@cache
def _stage_counts(shape: Shape) -> Select[Any]:
    t = stage_count if "province_code" in shape else national_stage_count
    return (
        select(
            t.c.stage,
            t.c.method,
            func.sum(t.c.projects),
            *(func.coalesce(func.sum(t.c[n]), ZERO) for n in _MONEY),
        )
        .where(*where(t, shape))
        .group_by(t.c.stage, t.c.method)
        .having(func.sum(t.c.projects) > 0)
    )


@dataclass(frozen=True, slots=True)
class LaoProjects:
    stages: list[StageCount]  # those `filters` narrow to
    projects: int  # of the year, whatever the other filters
    stuck: int  # of the year, whatever the other filters


def lao_projects(
    connection: Connection, lao_code: str, filters: Filters, today: date, stuck_days: int
) -> LaoProjects:
    """One LAO's projects of the year by stage, counted from their rows (an LAO has a few
    hundred at most) in one statement: the stages and methods of those `filters` narrow
    to, and how many the year has and how many of them are stuck by `today`."""
    values = parameters(filters, PROJECTS)
    statement = _lao_projects(tuple(values))
    values |= {"lao_code": lao_code, "stuck_before": today - timedelta(days=stuck_days)}
    rows = connection.execute(statement, values).all()
    return LaoProjects(
        stages=_counts(row for row in rows if row[2]),
        projects=sum(int(row[6]) for row in rows),
        stuck=sum(int(row[7]) for row in rows),
    )


@cache
def _lao_projects(shape: Shape) -> Select[Any]:
    t = project_state
    narrowed = where(t, (name for name in shape if name != "fiscal_year"))

    def of_narrowed(aggregate: Any) -> Any:
        return aggregate.filter(and_(*narrowed)) if narrowed else aggregate

    stuck = (t.c.stage_entered_on < bindparam("stuck_before")) & t.c.stage.not_in(FINISHED)
    return (
        select(
            t.c.stage,
            t.c.method,
            of_narrowed(func.count()),
            func.coalesce(of_narrowed(func.sum(t.c.budget_amount)), ZERO),
            func.coalesce(of_narrowed(func.sum(t.c.contract_amount)), ZERO),
            func.coalesce(of_narrowed(func.sum(t.c.paid)), ZERO),
            func.count(),
            func.count().filter(stuck),
        )
        .where(t.c.lao_code == bindparam("lao_code"), *where(t, ["fiscal_year"]))
        .group_by(t.c.stage, t.c.method)
    )


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
