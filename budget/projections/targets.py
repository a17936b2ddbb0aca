"""The disbursement targets of each fiscal year, as DLA set them last."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Connection, Table, delete, insert

from budget.domain.fiscal import FIRST_YEAR, LAST_YEAR
from budget.domain.ids import targets_id
from budget.projections.events import targets
from budget.projections.follow import Positioned
from budget.projections.tables import disbursement_target

ALL_GROUPS = "all"


@cache
def _fiscal_years() -> dict[str, int]:
    """Fiscal year by targets id (TargetsSet names only its aggregate)."""
    return {str(targets_id(year)): year for year in range(FIRST_YEAR, LAST_YEAR + 1)}


class DisbursementTargetsView:
    name = "disbursement_target"
    tables: tuple[Table, ...] = (disbursement_target,)
    topics = frozenset(targets.TOPICS)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        latest: dict[int, targets.TargetsSet] = {}  # by fiscal year: its last in the batch
        for positioned in events:
            match positioned.event:
                case targets.TargetsSet() as event:
                    latest[_fiscal_years()[positioned.originator_id]] = event
        if not latest:
            return
        connection.execute(
            delete(disbursement_target).where(disbursement_target.c.fiscal_year.in_(latest))
        )
        rows = [
            {
                "fiscal_year": year,
                "quarter": target.quarter,
                "budget_group": ALL_GROUPS if target.group is None else target.group.value,
                "percent": target.percent.value,
                "obligated_percent": (
                    None if target.obligated_percent is None else target.obligated_percent.value
                ),
                "source": event.source,
            }
            for year, event in latest.items()
            for target in (t.value for t in event.targets)
        ]
        if rows:
            connection.execute(insert(disbursement_target), rows)
