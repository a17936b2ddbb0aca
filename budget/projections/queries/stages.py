"""Projects by procurement stage and method, as they stand now."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    bindparam,
    func,
    literal_column,
    select,
)

from budget.domain.money import ZERO
from budget.domain.procurement import Stage
from budget.projections.queries.models import Filters, StageCount
from budget.projections.queries.shapes import PROJECTS, Shape, equal_to, where
from budget.projections.tables import national_stage_count, project_state, stage_count

FINISHED = (Stage.PAID.value, Stage.CLOSED.value, Stage.CANCELLED.value)
STAGE_ORDER = {stage.value: n for n, stage in enumerate(Stage)}
DEFAULT_STUCK_DAYS = 60


def stage_conditions(table: Table, filters: Filters) -> list[ColumnElement[bool]]:
    narrowed = {name: getattr(filters, name) for name in PROJECTS}
    return [table.c.fiscal_year == filters.fiscal_year, *equal_to(table, **narrowed)]


@cache
def stage_counts(shape: Shape) -> Select[Any]:
    """Projects by stage and method from the running sums kept per province, or for the
    whole nation when no province is asked (a few hundred rows, not tens of thousands):
    a part of a dashboard's statement (parts.py), read back by `counts`."""
    t = stage_count if "province_code" in shape else national_stage_count
    return (
        select(
            t.c.stage,
            t.c.method,
            func.sum(t.c.projects).label("projects"),
            *(func.coalesce(func.sum(t.c[n]), ZERO).label(n) for n in _MONEY),
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


def stuck_before(today: date, stuck_days: int) -> date:
    """A project open in the same stage since before this day is stuck (`lao_projects`'s
    parameter `stuck_before`)."""
    return today - timedelta(days=stuck_days)


@cache
def lao_projects(shape: Shape) -> Select[Any]:
    """One LAO's projects of the year by stage, counted from their rows (an LAO has a few
    hundred at most): the stages and methods of those the shape's filters narrow to, and
    how many the year has and how many of them are stuck (`stuck_before`). A part of the
    LAO dashboard's statement, read back by `lao_projects_of`."""
    t = project_state
    narrowed = where(t, (name for name in shape if name != "fiscal_year"))

    def of_narrowed(aggregate: Any) -> Any:
        return aggregate.filter(and_(*narrowed)) if narrowed else aggregate

    # the finished stages written into the statement: an IN of parameters is expanded
    # (the statement's text made again) on every run
    finished = [literal_column(f"'{stage}'", String()) for stage in FINISHED]
    stuck = (t.c.stage_entered_on < bindparam("stuck_before")) & t.c.stage.not_in(finished)
    return (
        select(
            t.c.stage,
            t.c.method,
            of_narrowed(func.count()).label("projects"),
            func.coalesce(of_narrowed(func.sum(t.c.budget_amount)), ZERO).label("budget_amount"),
            func.coalesce(of_narrowed(func.sum(t.c.contract_amount)), ZERO).label(
                "contract_amount"
            ),
            func.coalesce(of_narrowed(func.sum(t.c.paid)), ZERO).label("paid"),
            func.count().label("of_the_year"),
            func.count().filter(stuck).label("stuck"),
        )
        .where(t.c.lao_code == bindparam("lao_code"), *where(t, ["fiscal_year"]))
        .group_by(t.c.stage, t.c.method)
    )


def lao_projects_of(rows: Sequence[tuple[Any, ...]]) -> LaoProjects:
    """The rows of a `lao_projects` part."""
    return LaoProjects(
        stages=counts(row for row in rows if row[2]),
        projects=sum(int(row[6]) for row in rows),
        stuck=sum(int(row[7]) for row in rows),
    )


_MONEY = ("budget_amount", "contract_amount", "paid")


def counts(rows: Any) -> list[StageCount]:
    """Rows of a `stage_counts` part (stage, method, projects and the three sums), in the
    order of the stages."""
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
