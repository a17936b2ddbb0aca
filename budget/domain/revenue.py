"""Revenue: the ordinance's estimate (ประมาณการรายรับ) and what is received, month by month.

An LAO's budget ordinance estimates its revenue by category in three parts (the layout of
the estimate LAOs publish with their ordinance, MoI regulation on LAO budget methods
B.E. 2563): the revenue it collects itself (รายได้ที่ อปท. จัดเก็บเอง: taxes, fees, fines
and licences, property, utilities and commerce, miscellaneous, capital), the taxes the
state collects and shares with it (รายได้ที่รัฐบาลเก็บแล้วจัดสรรให้ อปท.: ภาษีจัดสรร) and
the general subsidy (รายได้ที่รัฐบาลอุดหนุนให้ อปท.: เงินอุดหนุนทั่วไป). Specific grants are
not estimated: each is a line of its own when it comes (budget/domain/funding.py).

The estimate is the ordinance's: recorded while the budget is a draft (each time in
whole), and once more only where none was recorded before the ordinance passed (an
ordinance keyed late). What is received is recorded as it comes, each receipt with its
reference (a receipt or a transfer's letter: never the same one twice), dated inside the
fiscal year; a receipt is corrected by a later, reasoned event naming it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budget.domain.checks import check_given, check_positive
from budget.domain.errors import DuplicateReceipt, InvalidInput
from budget.domain.money import ZERO, baht
from budget.domain.worded import Worded


class RevenueGroup(Worded):
    COLLECTED = "collected", "รายได้ที่ อปท. จัดเก็บเอง"
    SHARED = "shared", "รายได้ที่รัฐบาลเก็บแล้วจัดสรรให้ อปท."
    SUBSIDY = "subsidy", "รายได้ที่รัฐบาลอุดหนุนให้ อปท."


class RevenueCategory(Worded):
    """หมวดรายรับ of the estimate, each in one of the three groups."""

    TAXES = "taxes", "หมวดภาษีอากร"
    FEES_FINES_LICENCES = "fees_fines_licences", "หมวดค่าธรรมเนียม ค่าปรับ และใบอนุญาต"
    PROPERTY = "property", "หมวดรายได้จากทรัพย์สิน"
    UTILITIES_COMMERCE = "utilities_commerce", "หมวดรายได้จากสาธารณูปโภคและการพาณิชย์"
    MISCELLANEOUS = "miscellaneous", "หมวดรายได้เบ็ดเตล็ด"
    CAPITAL = "capital", "หมวดรายได้จากทุน"
    SHARED_TAXES = "shared_taxes", "หมวดภาษีจัดสรร"
    GENERAL_SUBSIDY = "general_subsidy", "หมวดเงินอุดหนุนทั่วไป"

    @property
    def group(self) -> RevenueGroup:
        if self is RevenueCategory.SHARED_TAXES:
            return RevenueGroup.SHARED
        if self is RevenueCategory.GENERAL_SUBSIDY:
            return RevenueGroup.SUBSIDY
        return RevenueGroup.COLLECTED


@dataclass(slots=True)
class Receipt:
    category: RevenueCategory
    amount: Decimal
    reference: str
    received_on: date


@dataclass(slots=True)
class RevenueBook:
    """A budget's revenue: the estimate by category and the receipts by the version that
    recorded each. Mutable state of the AnnualBudget."""

    estimate: dict[RevenueCategory, Decimal] = field(default_factory=dict)
    estimated_on: date | None = None  # when the estimate was last recorded
    receipts: dict[int, Receipt] = field(default_factory=dict)

    def received(self) -> dict[RevenueCategory, Decimal]:
        found: dict[RevenueCategory, Decimal] = {}
        for receipt in self.receipts.values():
            found[receipt.category] = found.get(receipt.category, ZERO) + receipt.amount
        return found

    def check_reference_unused(self, reference: str) -> None:
        if any(r.reference == reference for r in self.receipts.values()):
            raise DuplicateReceipt(reference=reference)


def clean_estimate(estimate: dict[RevenueCategory, Decimal]) -> dict[RevenueCategory, Decimal]:
    """The estimate in baht, by category: none negative, some revenue in all."""
    cleaned = {category: baht(amount) for category, amount in estimate.items()}
    if any(amount < 0 for amount in cleaned.values()):
        raise InvalidInput(
            problem="an estimate is never negative", problem_th="ประมาณการรายรับต้องไม่ติดลบ"
        )
    if sum(cleaned.values(), ZERO) <= 0:
        raise InvalidInput(
            problem="a revenue estimate estimates some revenue",
            problem_th="ประมาณการรายรับต้องมีรายรับ",
        )
    return {category: cleaned[category] for category in RevenueCategory if category in cleaned}


def check_receipt(amount: Decimal, reference: str) -> Decimal:
    amount = check_positive(
        amount, problem="revenue received is a positive amount", problem_th="รายรับต้องมากกว่าศูนย์"
    )
    check_given(
        reference,
        problem="revenue received needs its receipt or letter reference",
        problem_th="รายรับต้องมีเลขที่ใบเสร็จหรือหนังสือแจ้งการโอน",
    )
    return amount
