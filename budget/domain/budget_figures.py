"""A budget's figures as they stood on a business date.

Late entry is normal (payments keyed in months after they were made), so the
figures "as of 31 December" are not the figures of the budget recorded until
31 December: they add up every event *dated* on or before that day, whenever
it was recorded. Each event's share is what it changed in the figures when it
was applied, so the ledger's own rules stay the only arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import GroupFigures
from budget.domain.classification import BudgetGroup
from budget.domain.money import ZERO

_Sums = dict[BudgetGroup, tuple[Decimal, Decimal, Decimal]]


def _sums(budget: AnnualBudget | None) -> _Sums:
    if budget is None:
        return {}
    return {f.group: (f.allocated, f.obligated, f.disbursed) for f in budget.figures_by_group()}


def figures_as_of(events: Iterable[Any], day: date) -> list[GroupFigures]:
    """The figures by budget group counting only events dated on or before `day`."""
    budget: AnnualBudget | None = None
    counted: dict[BudgetGroup, list[Decimal]] = {}
    before: _Sums | None = None  # the sums of `budget` as it stands, when known
    for event in events:
        if event.business_date > day:
            budget = event.mutate(budget)
            before = None
            continue
        if before is None:
            before = _sums(budget)
        budget = event.mutate(budget)
        after = _sums(budget)
        for group, sums_after in after.items():
            was = before.get(group, (ZERO, ZERO, ZERO))
            sums = counted.setdefault(group, [ZERO, ZERO, ZERO])
            for i in range(3):
                sums[i] += sums_after[i] - was[i]
        before = after
    return [GroupFigures(group, *counted[group]) for group in BudgetGroup if group in counted]


def is_enacted(events: Iterable[Any]) -> bool:
    """Whether a budget's events include its enactment."""
    enactment: type = AnnualBudget.Enacted  # type: ignore[attr-defined]  # made by @event
    return any(isinstance(event, enactment) for event in events)
