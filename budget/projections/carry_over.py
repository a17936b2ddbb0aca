"""Money carried over past 30 September for a project (กันเงิน, budget/domain/carry_over.py),
as its page shows it: the kind (committed by a contract, or not yet committed with the
council's approval, and its resolution), the amount, the day carried, the deadline, and the
unpaid rest cancelled after it (which lapsed to the accumulated funds). From the budget's
own events, which name the project; what of it is still carried is its line's ledger's
(budget_line_project). Its own tracking position lets views older than it fill the table
from the first event by themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

from budget.projections.events import annual_budget as ab
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.tables import project_carry_over
from budget.projections.upsert import AsRead, as_read, rows_by_keys, save

Row = dict[str, Any]


class ProjectCarryOver:
    name = "project_carry_over"
    tables: tuple[Table, ...] = (project_carry_over,)
    topics = frozenset(
        t
        for t, kind in ab.TOPICS.items()
        if kind in (ab.FundsCarriedOver, ab.CarriedFundsCancelled)
    )

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, _Batch.load)


class _Batch:
    """The rows a batch touches: those carried over in it, and those it cancels (loaded)."""

    def __init__(self, rows: dict[str, Row], read: AsRead) -> None:
        self.rows = rows  # by project
        self.read = read

    @classmethod
    def load(cls, connection: Connection, events: Sequence[Positioned]) -> _Batch:
        cancelled = {
            (e.event.project_id,) for e in events if isinstance(e.event, ab.CarriedFundsCancelled)
        }
        rows = rows_by_keys(connection, project_carry_over, ["project_id"], cancelled)
        return cls({r["project_id"]: r for r in rows}, as_read(project_carry_over, rows))

    def save(self, connection: Connection) -> None:
        save(connection, project_carry_over, self.rows.values(), self.read)

    def apply(self, positioned: Positioned) -> None:
        event = positioned.event
        match event:
            case ab.FundsCarriedOver(council_approval=approval):
                council = approval.value if approval is not None else None
                self.rows[event.project_id] = {
                    "project_id": event.project_id,
                    "budget_id": positioned.originator_id,
                    "line_code": event.line_code,
                    "kind": event.kind.value,
                    "amount": event.amount.value,
                    "carried_on": event.business_date.value,
                    "deadline": event.deadline.value,
                    "council_resolution": council.resolution if council else None,
                    "council_approved_on": council.approved_on.value if council else None,
                    "cancelled": None,
                    "cancelled_on": None,
                }
            case ab.CarriedFundsCancelled(amount=amount):
                row = self.rows[event.project_id]
                row["cancelled"] = amount.value
                row["cancelled_on"] = event.business_date.value
