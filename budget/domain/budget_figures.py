"""A budget's figures as they stood on a business date.

Late entry is normal (payments keyed in months after they were made), so the
figures "as of 31 December" are not the figures of the budget recorded until
31 December: they add up every event *dated* on or before that day, whenever
it was recorded. Each event's share is what it changed in the figures of the
lines it touched when it was applied, so the ledger's own rules stay the only
arithmetic.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import GroupFigures
from budget.domain.classification import BudgetGroup
from budget.domain.money import ZERO

_LineSums = dict[str, tuple[BudgetGroup, Decimal, Decimal, Decimal]]


def _line_sums(budget: AnnualBudget | None, codes: Iterable[str] | None) -> _LineSums:
    """(group, allocated, obligated, disbursed) of the lines `codes` (None: every line)."""
    if budget is None:
        return {}
    ledgers = budget.ledgers
    wanted = ledgers if codes is None else [c for c in codes if c in ledgers]
    sums: _LineSums = {}
    for code in wanted:
        ledger = ledgers[code]
        sums[code] = (ledger.line.group, ledger.allocated, ledger.obligated, ledger.disbursed)
    return sums


def _lines_touched(budget: AnnualBudget | None, event: Any) -> set[str] | None:
    """The codes of the lines `event` names; None when it names none (it may touch any)."""
    codes: set[str] = set()
    for name in ("line_code", "from_line", "to_line"):
        value = getattr(event, name, None)
        if isinstance(value, str):
            codes.add(value)
    for name in ("additions", "lapsed"):
        codes.update(getattr(event, name, None) or ())
    for name in ("lines", "new_lines"):
        codes.update(line.code for line in getattr(event, name, None) or ())
    new_line = getattr(event, "new_line", None)
    if new_line is not None:
        codes.add(new_line.code)
    corrects = getattr(event, "corrects_version", None)
    if budget is not None and corrects in budget.expenditures:
        codes.add(budget.expenditures[corrects].line_code)
    return codes or None


def figures_as_of(events: Iterable[Any], day: date) -> list[GroupFigures]:
    """The figures by budget group counting only events dated on or before `day`."""
    return figures_on_days(events, [day])[0]


def figures_on_days(events: Iterable[Any], days: Sequence[date]) -> list[list[GroupFigures]]:
    """The figures by budget group as they stood on each of `days` (in order), from one
    pass over the events: each event's share counts from the first day on or after its
    business date (a month's curve is its month ends)."""
    ends = sorted(days)
    budget: AnnualBudget | None = None
    counted: list[dict[BudgetGroup, list[Decimal]]] = [{} for _ in ends]
    for event in events:
        bucket = bisect_left(ends, event.business_date)
        if bucket == len(ends):
            budget = event.mutate(budget)
            continue
        touched = _lines_touched(budget, event)
        before = _line_sums(budget, touched)
        budget = event.mutate(budget)
        after = _line_sums(budget, touched)
        for code, (group, *sums_after) in after.items():
            was = before.get(code, (group, ZERO, ZERO, ZERO))[1:]
            sums = counted[bucket].setdefault(group, [ZERO, ZERO, ZERO])
            for i in range(3):
                sums[i] += sums_after[i] - was[i]
    found: list[list[GroupFigures]] = []
    running: dict[BudgetGroup, list[Decimal]] = {}
    for deltas in counted:
        for group, sums in deltas.items():
            total = running.setdefault(group, [ZERO, ZERO, ZERO])
            for i in range(3):
                total[i] += sums[i]
        found.append([GroupFigures(g, *running[g]) for g in BudgetGroup if g in running])
    return found


def is_enacted(events: Iterable[Any]) -> bool:
    """Whether a budget's events include its enactment."""
    enactment: type = AnnualBudget.Enacted
    return any(isinstance(event, enactment) for event in events)
