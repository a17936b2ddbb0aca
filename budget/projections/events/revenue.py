"""The AnnualBudget's revenue events as the revenue projection reads them
(budget/domain/budget.py, budget/domain/revenue.py); it also reads each budget's Drafted
(events/annual_budget.py) for whose budget it is."""

from __future__ import annotations

from budget.domain.budget import AnnualBudget
from budget.projections.events.wire import Event, Member, Money, topics_of


class RevenueEstimated(Event, frozen=True, gc=False):
    estimate: dict[str, Money]


class RevenueReceived(Event, frozen=True, gc=False):
    category: Member
    amount: Money
    reference: str


class RevenueCorrected(Event, frozen=True, gc=False):
    corrects_version: int
    old_amount: Money
    amount: Money


TOPICS = topics_of(AnnualBudget, RevenueEstimated, RevenueReceived, RevenueCorrected)
