"""Use cases of a budget's money outside the ordinance and of its revenue: a funded line
added (a specific grant, accumulated funds, a loan), the revenue estimate, revenue received
and its correction."""

from __future__ import annotations

from budget.application.budget_cases import BudgetCases
from budget.application.commands import (
    AddFundedLine,
    CorrectRevenue,
    EstimateRevenue,
    RecordRevenue,
)
from budget.application.handlers import handles
from budget.application.results import Recorded
from budget.domain.access import Actor


class FundingCases(BudgetCases):
    @handles(AddFundedLine)
    def _add_funded_line(self, c: AddFundedLine, actor: Actor, expected: int | None) -> Recorded:
        """The LAO records the money it was given or its council approved spending."""
        budget = self._budget_for_change(c, actor, expected)
        budget.add_funded_line(new_line=c.line(), reference=c.reference, **c.stamp(actor))
        return self.record(budget)

    @handles(EstimateRevenue)
    def _estimate_revenue(self, c: EstimateRevenue, actor: Actor, expected: int | None) -> Recorded:
        budget = self._budget_for_change(c, actor, expected)
        budget.estimate_revenue(estimate=c.by_category(), **c.stamp(actor))
        return self.record(budget)

    @handles(RecordRevenue)
    def _record_revenue(self, c: RecordRevenue, actor: Actor, expected: int | None) -> Recorded:
        budget = self._budget_for_change(c, actor, expected)
        budget.record_revenue(
            category=c.category, amount=c.amount, reference=c.reference, **c.stamp(actor)
        )
        return self.record(budget)

    @handles(CorrectRevenue)
    def _correct_revenue(self, c: CorrectRevenue, actor: Actor, expected: int | None) -> Recorded:
        budget = self._budget_for_change(c, actor, expected)
        budget.correct_revenue(
            corrects_version=c.corrects_version, amount=c.amount, reason=c.reason, **c.stamp(actor)
        )
        return self.record(budget)
