"""The demo's contract as contracts are: one project of each LAO (its first competitive
purchase that reaches inspection, budget/demo/plan.py) is signed with an advance of 15 %
paid against a bank's guarantee (MoF procurement regulation cl. 141-143), 5 % retention
held for a 12-month warranty and a fine of 0.10 % a day of the late installment's price
(cl. 162); the executive extends its first installment's time (cl. 165), and the work is
delivered a few days late anyway. Each payment is what is left after the inspection's
deductions, worked out by the domain itself (`Contract.withheld`, budget/domain/contract.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from random import Random

from budget.application.commands import AdvanceIn, GuaranteeIn, InstallmentIn, PaymentTermsIn
from budget.demo.draw import days_after
from budget.demo.specs import ProjectSpec
from budget.domain.contract import Contract
from budget.domain.contract_terms import advance_limit
from budget.domain.procurement import Method, Stage

DEMO_TERMS = PaymentTermsIn(
    advance_rate=Decimal(15),
    retention_rate=Decimal(5),
    warranty_months=12,
    fine_rate=Decimal("0.10"),
)
EXTENSION_DAYS = (5, 10)  # the first installment's time extended by
LATE_DAYS = (3, 8)  # and delivered this many days after even that
EXTENSION_REASON = "ฝนตกหนักต่อเนื่อง พื้นที่ก่อสร้างน้ำท่วมขัง ทำงานไม่ได้ (ข้อ 182)"
BANKS = ("ธนาคารกรุงไทย", "ธนาคารออมสิน", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร")


def chosen(specs: Sequence[ProjectSpec]) -> str | None:
    """The code of the LAO's project whose contract has the terms: the first (by code)
    competitive purchase reaching inspection or full payment (not closing: its retention
    is held past the year), else the first of any method that does."""
    reaching = [s for s in specs if s.outcome in (Stage.INSPECTED, Stage.PAID)]
    competitive = [s for s in reaching if s.method is not Method.SPECIFIC]
    found = sorted(competitive or reaching, key=lambda s: s.code)
    return found[0].code if found else None


def advance(rng: Random, price: Decimal, code: str) -> AdvanceIn:
    """The advance: all the contract allows, guaranteed by a bank for as much."""
    amount = advance_limit(price, DEMO_TERMS.terms())
    guarantee = GuaranteeIn(
        issuer=rng.choice(BANKS), reference=f"LG-{code}-{rng.randint(1000, 9999)}", amount=amount
    )
    return AdvanceIn(amount=amount, voucher=f"ล{code}", guarantee=guarantee)


def extended(rng: Random, installments: list[InstallmentIn]) -> list[InstallmentIn]:
    """The installments with the first one's due date moved later."""
    first = installments[0]
    moved = first.due_on + timedelta(days=rng.randint(*EXTENSION_DAYS))
    moved_first = InstallmentIn(
        number=1, amount=first.amount, due_on=moved, description=first.description
    )
    return [moved_first, *installments[1:]]


def delivered_late(rng: Random, due_on: date) -> date:
    return days_after(rng, due_on, *LATE_DAYS)


class Settlement:
    """What each inspection withholds, as the domain works it out, so each payment is
    what is left to pay."""

    def __init__(self, contract: Contract, advance_paid: Decimal) -> None:
        self.contract = contract
        self.outstanding = advance_paid
        self.inspected: set[int] = set()

    def payable(self, number: int, delivered_on: date) -> Decimal:
        self.inspected.add(number)
        withheld = self.contract.withheld(
            number,
            delivered_on=delivered_on,
            inspected=self.inspected,
            outstanding=self.outstanding,
        )
        self.outstanding -= withheld.advance
        return self.contract.installments[number - 1].amount - withheld.total
