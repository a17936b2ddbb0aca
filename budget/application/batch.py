"""Many commands, one transaction: a back-fill from a workbook, a benchmark's bulk load.

Inside `office.batch()`, every command runs through the same handlers as a single
write, but loads see the batch's own state (an identity map: an LAO's budget is loaded
once however many payments move it) and nothing is saved until `commit`, which saves
every event of the batch in one transaction, all or nothing. A refused command leaves
the batch as it was before it: the aggregates it touched are rebuilt from their state
when the batch loaded them and the events of the commands that were accepted, so the
commands after it are checked against a consistent state (an importer can list every
refused row, not only the first).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from budget.application.commands import Command
from budget.application.results import Recorded
from budget.domain.access import Actor

if TYPE_CHECKING:
    from budget.application.base import OfficeBase


@dataclass(slots=True)
class UnitOfWork:
    """The batch's aggregates as they stand now, what they were when loaded (None:
    created in the batch), and the events recorded so far, per aggregate and in all."""

    aggregates: dict[UUID, Any] = field(default_factory=dict)
    bases: dict[UUID, Any] = field(default_factory=dict)
    events: dict[UUID, list[Any]] = field(default_factory=dict)
    order: list[Any] = field(default_factory=list)
    touched: set[UUID] = field(default_factory=set)

    def loaded(self, aggregate: Any) -> None:
        """An aggregate read from the store joins the batch."""
        self.aggregates[aggregate.id] = aggregate
        self.bases[aggregate.id] = copy.deepcopy(aggregate)
        self.touched.add(aggregate.id)

    def recorded(self, aggregate: Any) -> None:
        """An aggregate's new events (it may be new) are the batch's."""
        if aggregate.id not in self.aggregates:
            self.aggregates[aggregate.id] = aggregate
            self.bases[aggregate.id] = None
        self.touched.add(aggregate.id)
        events = aggregate.collect_events()
        self.events.setdefault(aggregate.id, []).extend(events)
        self.order.extend(events)

    def roll_back(self) -> None:
        """The aggregates the refused command touched, as the accepted commands left them."""
        for aggregate_id in self.touched:
            events = self.events.get(aggregate_id, [])
            base = self.bases.get(aggregate_id)
            if base is None and not events:
                self.aggregates.pop(aggregate_id, None)
                self.bases.pop(aggregate_id, None)
                continue
            state = copy.deepcopy(base)
            for event in events:
                state = event.mutate(state)
            self.aggregates[aggregate_id] = state
        self.touched = set()


class Batch:
    """Commands run now, saved together by `commit` (see the module's docstring)."""

    def __init__(self, office: OfficeBase, work: UnitOfWork) -> None:
        self.office = office
        self.work = work

    @property
    def pending(self) -> int:
        """Events recorded since the last commit."""
        return len(self.work.order)

    def execute(
        self, command: Command, *, actor: Actor, expected_version: int | None = None
    ) -> Recorded:
        """Run a command in the batch (its position is 0 until the batch commits)."""
        self.work.touched = set()
        try:
            return self.office.execute(command, actor=actor, expected_version=expected_version)
        except BaseException:
            self.work.roll_back()
            raise

    def commit(self) -> int:
        """Save every event of the batch in one transaction; the last position (0: none)."""
        if not self.work.order:
            return 0
        work = self.work
        position = self.office.save_events(work.order, list(work.aggregates.values()))
        # saved: the aggregates are the cache's again, and later loads start afresh
        work.aggregates, work.bases, work.events, work.order = {}, {}, {}, []
        return position
