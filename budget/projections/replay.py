"""One LAO's own events replayed apart from the rest of the log: its registration, its
budgets, their projects, its reports (and the year's targets). The LAO's rows come out as
a full replay makes them, at a fraction of the cost: a report as of a past moment
(budget.reports.sources) and a verification of a sample of LAOs (sample.py) use it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.domain.fiscal import PeriodKind, ReportingPeriod
from budget.domain.ids import authority_id, budget_id, report_id, targets_id
from budget.projections.follow import Projection
from budget.projections.stored import from_domain

REPLAY_BATCH = 500


def lao_aggregate_ids(lao_code: str, fiscal_year: int) -> list[UUID]:
    """The aggregates an LAO's year is made of, but its projects (its budget names them)."""
    periods = [ReportingPeriod(fiscal_year, PeriodKind.QUARTER, n) for n in range(1, 5)]
    periods += [ReportingPeriod(fiscal_year, PeriodKind.MONTH, n) for n in range(1, 13)]
    return [
        authority_id(lao_code),
        targets_id(fiscal_year),
        budget_id(lao_code, fiscal_year),
        *(report_id(lao_code, p.key) for p in periods),
    ]


def lao_events(
    office: BudgetOffice, lao_code: str, fiscal_year: int, moment: datetime
) -> list[Any]:
    """The LAO's events of the year recorded at or before `moment`, in recorded order."""

    def until_moment(aggregate: UUID) -> list[Any]:
        events: list[Any] = list(office.events.get(aggregate))
        return [e for e in events if e.timestamp <= moment]

    streams = [until_moment(a) for a in lao_aggregate_ids(lao_code, fiscal_year)]
    projects = {
        str(e.project_id) for e in streams[2] if isinstance(getattr(e, "project_id", None), str)
    }
    streams += [until_moment(UUID(project)) for project in sorted(projects)]
    ordered = [(e.timestamp, n, e.originator_version, e) for n, s in enumerate(streams) for e in s]
    ordered.sort(key=lambda item: item[:3])
    return [item[3] for item in ordered]


def replay_into(
    office: BudgetOffice, engine: Engine, events: Sequence[Any], projections: Sequence[Projection]
) -> None:
    """Apply `events` (numbered in their order) to `projections` in `engine`."""
    numbered = [from_domain(office, n, event) for n, event in enumerate(events, start=1)]
    with engine.begin() as connection:
        for start in range(0, len(numbered), REPLAY_BATCH):
            batch = numbered[start : start + REPLAY_BATCH]
            for projection in projections:
                projection.apply(connection, batch)
