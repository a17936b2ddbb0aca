"""The DisbursementTargets events as the targets projection reads them
(budget/domain/targets.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.targets import DisbursementTargets
from budget.projections.events.wire import Event, Member, Money, Valued, topics_of


class Target(Struct, frozen=True, gc=False):
    """A Target value object."""

    quarter: int
    percent: Money
    group: Member | None
    obligated_percent: Money | None


class TargetsSet(Event, frozen=True, gc=False):
    targets: list[Valued[Target]]
    source: str


TOPICS = topics_of(DisbursementTargets, TargetsSet)
