"""A project's contract (or purchase order), its installments (งวดงาน) and its terms on
money (an advance, retention, a fine for late delivery: budget/domain/contract_terms.py).
A contract stored before it had terms reads as one with none."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budget.domain.checks import check_positive
from budget.domain.contract_terms import (
    NO_TERMS,
    Deductions,
    PaymentTerms,
    capacity,
    days_late,
    deductions,
)
from budget.domain.errors import InstallmentsDoNotAddUp, InvalidInput
from budget.domain.money import total
from budget.domain.values import ValueObject


@dataclass(frozen=True, slots=True)
class Installment(ValueObject):
    number: int
    amount: Decimal
    due_on: date
    description: str = ""

    def __post_init__(self) -> None:
        if self.number < 1:
            raise InvalidInput(
                problem="installments are numbered from 1", problem_th="งวดงานเริ่มนับจากงวดที่ 1"
            )
        amount = check_positive(
            self.amount,
            problem=f"installment {self.number} needs a positive amount",
            problem_th=f"งวดที่ {self.number} ต้องมีจำนวนเงินมากกว่าศูนย์",
        )
        object.__setattr__(self, "amount", amount)


@dataclass(frozen=True, slots=True)
class Contract(ValueObject):
    number: str
    contractor: str
    contractor_tax_id: str
    amount: Decimal
    installments: list[Installment]
    terms: PaymentTerms = NO_TERMS

    def __post_init__(self) -> None:
        if not self.number.strip() or not self.contractor.strip():
            raise InvalidInput(
                problem="a contract needs its number and contractor",
                problem_th="สัญญาต้องมีเลขที่และคู่สัญญา",
            )
        amount = check_positive(
            self.amount,
            problem="a contract needs a positive amount",
            problem_th="วงเงินสัญญาต้องมากกว่าศูนย์",
        )
        object.__setattr__(self, "amount", amount)
        numbers = [i.number for i in self.installments]
        if not numbers or numbers != list(range(1, len(numbers) + 1)):
            raise InvalidInput(
                problem="installments must be numbered 1, 2, 3 … without gaps",
                problem_th="งวดงานต้องเรียงเลข 1, 2, 3 … ไม่ข้าม",
            )
        installments_total = total(i.amount for i in self.installments)
        if installments_total != self.amount:
            raise InstallmentsDoNotAddUp(
                total=f"{installments_total:,.2f}", amount=f"{self.amount:,.2f}"
            )

    def installment(self, number: int) -> Installment | None:
        if 1 <= number <= len(self.installments):
            return self.installments[number - 1]
        return None

    def withheld(
        self, number: int, *, delivered_on: date, inspected: Collection[int], outstanding: Decimal
    ) -> Deductions:
        """What the payment of installment `number`, delivered on `delivered_on` and now
        inspected, withholds under the contract's terms (contract_terms.deductions): the
        installments not in `inspected` (this one is) are those left to take back the rest
        of the advance still out (`outstanding`)."""
        part = self.installments[number - 1]
        others = total(
            capacity(i.amount, self.terms) for i in self.installments if i.number not in inspected
        )
        return deductions(
            self.terms,
            amount=part.amount,
            price=self.amount,
            days=days_late(part.due_on, delivered_on),
            outstanding=outstanding,
            others_capacity=others,
        )


def open_for_payment(*, inspected: bool, paid: Decimal, amount: Decimal) -> bool:
    """May an installment take a payment? Once its delivery is inspected, and while less
    than its amount is paid (Regulation of the Ministry of Finance on Public Procurement
    B.E. 2560, clauses 175-176: the committee inspects, then the installment is paid; the
    project never pays an installment beyond its amount, `Project.record_payment`)."""
    return inspected and paid < amount
