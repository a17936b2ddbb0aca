"""The demo year's revenue (budget/domain/revenue.py): the ordinance's estimate, recorded
with the draft and equal to what the ordinance spends (a balanced budget), and the revenue
received at each month's end: the shared taxes and the general subsidy every month, the
LAO's own taxes mostly in April to June (the land and buildings tax falls due in April),
fees every month, property and other income each quarter; in one LAO in eight a receipt
keyed wrong and corrected the next month. Its own random source, so the rest of the LAO's
year draws what it always drew.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from random import Random
from typing import TYPE_CHECKING

import msgspec

from budget.application.commands import (
    CorrectRevenue,
    EstimateLineIn,
    EstimateRevenue,
    LineIn,
    RecordRevenue,
)
from budget.demo.spending import month_ends
from budget.demo.steps import BUDGET_STREAM, LaoContext, Step
from budget.domain.revenue import RevenueCategory as R

if TYPE_CHECKING:
    from budget.application import BudgetOffice, Recorded

# the share of the estimate of each category but the general subsidy, which takes the rest
SHARES = {
    R.TAXES: Decimal("0.06"),
    R.FEES_FINES_LICENCES: Decimal("0.02"),
    R.PROPERTY: Decimal("0.01"),
    R.MISCELLANEOUS: Decimal("0.005"),
    R.SHARED_TAXES: Decimal("0.45"),
}
TAX_SEASON = (4, 5, 6)  # ภาษีที่ดินและสิ่งปลูกสร้าง: most of it paid in April to June
QUARTER_ENDS = (12, 3, 6, 9)
CORRECTED_ONE_IN = 8
THOUSAND = Decimal(1000)


def estimate_of(lines: list[LineIn]) -> dict[R, Decimal]:
    """The revenue the ordinance estimates: what its lines spend, by category."""
    total = sum((line.amount for line in lines), Decimal(0))
    found = {
        category: (total * share / THOUSAND).quantize(Decimal(1), ROUND_DOWN) * THOUSAND
        for category, share in SHARES.items()
    }
    found[R.GENERAL_SUBSIDY] = total - sum(found.values(), Decimal(0))
    return found


def _monthly(category: R, estimate: Decimal, month: int) -> Decimal | None:
    """The share of a year's estimate a month's receipts hold (before the draw), or None."""
    if category is R.TAXES:
        return estimate * (Decimal("0.7") / 3 if month in TAX_SEASON else Decimal("0.3") / 9)
    if category in (R.PROPERTY, R.MISCELLANEOUS):
        return estimate / 4 if month in QUARTER_ENDS else None
    return estimate / 12


def revenue_steps(ctx: LaoContext, rng: Random, lines: list[LineIn], drafted: date) -> list[Step]:
    """The estimate with the draft, then each month's receipts up to the demo's today."""
    estimate = estimate_of(lines)
    lao, year = ctx.code, ctx.fiscal_year
    estimating = EstimateRevenue(
        lao_code=lao,
        fiscal_year=year,
        estimates=[EstimateLineIn(category=c, amount=a) for c, a in estimate.items()],
        business_date=drafted,
    )
    steps = [Step(estimating, drafted, ctx.finance, stream=BUDGET_STREAM)]
    first: Step | None = None
    for paid_on in month_ends(year, ctx.today):
        for category, planned in estimate.items():
            share = _monthly(category, planned, paid_on.month)
            if not share:
                continue
            amount = (share * Decimal(rng.randint(80, 120)) / 100).quantize(Decimal("0.01"))
            receipt = RecordRevenue(
                lao_code=lao,
                fiscal_year=year,
                category=category,
                amount=amount,
                reference=f"{category.value}/{paid_on:%Y-%m}",
                business_date=paid_on,
            )
            steps.append(Step(receipt, paid_on, ctx.finance, stream=BUDGET_STREAM))
            if first is None and category is R.FEES_FINES_LICENCES:
                first = steps[-1]
    if first is not None and rng.randrange(CORRECTED_ONE_IN) == 0:
        steps += _correction(ctx, first)
    return steps


@dataclass(frozen=True, slots=True)
class ReceiptCorrection(Step):
    """A receipt's correction, which names the budget version that recorded the receipt:
    not known while the year is planned (every stream's steps move the budget), so found
    by the receipt's reference when the step is recorded."""

    reference: str = ""

    def apply(self, office: BudgetOffice) -> Recorded:
        assert isinstance(self.command, CorrectRevenue)
        receipts = office.budget(self.command.lao_code, self.command.fiscal_year).revenue
        version = next(v for v, r in receipts.receipts.items() if r.reference == self.reference)
        named = msgspec.structs.replace(self.command, corrects_version=version)
        return office.execute(named, actor=self.actor)


def _correction(ctx: LaoContext, wrong: Step) -> list[Step]:
    """The first fees receipt was keyed twenty per cent high: corrected a month later."""
    on = wrong.on + timedelta(days=30)
    if on > ctx.today:
        return []
    assert isinstance(wrong.command, RecordRevenue)
    right = (wrong.command.amount / Decimal("1.2")).quantize(Decimal("0.01"))
    correction = CorrectRevenue(
        lao_code=ctx.code,
        fiscal_year=ctx.fiscal_year,
        corrects_version=1,  # the receipt's, found when recorded (ReceiptCorrection)
        amount=right,
        reason="บันทึกจำนวนเงินผิด แก้ไขตามใบนำส่งเงิน",
        business_date=on,
    )
    step = ReceiptCorrection(
        correction, on, ctx.finance, stream=BUDGET_STREAM, reference=wrong.command.reference
    )
    return [step]
