"""The budget's revenue: the ordinance's estimate by category, each receipt as it comes,
and a receipt's correction (budget/domain/revenue.py). The AnnualBudget binds each as its
method; its events stay the aggregate's own (budget/domain/budget.py), so their stored
topics do not move.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.corrections import correction
from budget.domain.errors import RevenueEstimateEnacted
from budget.domain.revenue import Receipt, RevenueCategory, check_receipt, clean_estimate

if TYPE_CHECKING:
    from budget.domain.budget import AnnualBudget


def estimate_revenue(
    budget: AnnualBudget,
    *,
    estimate: dict[RevenueCategory, Decimal],
    actor: Actor,
    business_date: date,
) -> None:
    """ประมาณการรายรับ: the whole estimate, by category. A draft's may be recorded again
    (the latest stands); once the ordinance is enacted it is recorded only if it never
    was (an ordinance keyed late), since the council passed it with the ordinance."""
    budget.check_not_closed()
    if budget.is_enacted and budget.revenue.estimated_on is not None:
        raise RevenueEstimateEnacted(fiscal_year=budget.fiscal_year)
    cleaned = clean_estimate(estimate)
    budget._revenue_estimated(
        estimate={category.value: amount for category, amount in cleaned.items()},
        actor=actor,
        business_date=business_date,
    )


def record_revenue(
    budget: AnnualBudget,
    *,
    category: RevenueCategory,
    amount: Decimal,
    reference: str,
    actor: Actor,
    business_date: date,
) -> None:
    """Revenue received on `business_date`, inside the fiscal year, with its receipt's or
    transfer letter's reference (never recorded twice). Revenue comes in before the
    ordinance is enacted too."""
    budget.check_not_closed()
    amount = check_receipt(amount, reference)
    budget._check_in_year(business_date)
    budget.revenue.check_reference_unused(reference.strip())
    budget._revenue_received(
        category=category,
        amount=amount,
        reference=reference.strip(),
        actor=actor,
        business_date=business_date,
    )


def correct_revenue(
    budget: AnnualBudget,
    *,
    corrects_version: int,
    amount: Decimal,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    """A later, reasoned event sets a recorded receipt's amount (0 voids it)."""
    budget.check_not_closed()
    _, fields = correction(
        budget.revenue.receipts,
        corrects_version,
        amount,
        reason,
        not_one=("รายการนั้นไม่ใช่การรับเงิน", "it is not revenue received"),
    )
    budget._revenue_corrected(**fields, actor=actor, business_date=business_date)


# -- the events' appliers: bound as the aggregate's methods (budget/domain/budget.py), so
# each event stays `AnnualBudget.<Name>`; the library names the aggregate `self` in them.
def revenue_estimated(
    self: AnnualBudget, estimate: dict[str, Decimal], actor: Actor, business_date: date
) -> None:
    self.revenue.estimate = {RevenueCategory(k): v for k, v in estimate.items()}
    self.revenue.estimated_on = business_date


def revenue_received(
    self: AnnualBudget,
    category: RevenueCategory,
    amount: Decimal,
    reference: str,
    actor: Actor,
    business_date: date,
) -> None:
    receipt = Receipt(category, amount, reference, business_date)
    self.revenue.receipts[self.version + 1] = receipt


def revenue_corrected(
    self: AnnualBudget,
    corrects_version: int,
    old_amount: Decimal,
    amount: Decimal,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    self.revenue.receipts[corrects_version].amount = amount
