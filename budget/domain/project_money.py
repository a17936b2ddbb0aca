"""What a project's money stands at, read from its state: the cash paid (the installments'
payments, the advance, the retention returned), what inspections withheld (the advance
taken back, retention, fines) and what the project still owes. A mixin of the Project
(budget/domain/project.py), whose events keep the state it reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from budget.domain.contract import Contract
from budget.domain.contract_terms import Deductions
from budget.domain.errors import InstallmentNotFound
from budget.domain.money import ZERO, total


@dataclass(slots=True)
class PaymentEntry:
    installment: int  # 0: paid outside the installments (the advance, the retention returned)
    amount: Decimal
    voucher: str
    paid_on: date


class ProjectMoney:
    """The money figures of a Project (its state is set by its events)."""

    amount: Decimal
    contract: Contract | None
    payments: dict[int, PaymentEntry]
    advance: PaymentEntry | None
    deductions: dict[int, Deductions]
    retention_release: PaymentEntry | None

    def _installment(self, number: int) -> Decimal:
        """An installment's amount; refused when the contract has no such installment."""
        installment = self.contract.installment(number) if self.contract else None
        if installment is None:
            raise InstallmentNotFound(number=number)
        return installment.amount

    @property
    def lump_sums(self) -> list[PaymentEntry]:
        """What was paid outside the installments: the advance, the retention returned."""
        return [p for p in (self.advance, self.retention_release) if p is not None]

    @property
    def paid(self) -> Decimal:
        """Cash paid: the installments' payments, the advance and the retention returned."""
        return total(p.amount for p in [*self.payments.values(), *self.lump_sums])

    @property
    def fines(self) -> Decimal:
        return total(d.fine for d in self.deductions.values())

    @property
    def unpaid(self) -> Decimal:
        """What the project still owes: its contract (or budget), less the cash paid and
        the fines withheld (never owed)."""
        committed = self.contract.amount if self.contract else self.amount
        return committed - self.paid - self.fines

    @property
    def advance_outstanding(self) -> Decimal:
        """The advance paid and not yet taken back from an installment."""
        paid = self.advance.amount if self.advance else ZERO
        return paid - total(d.advance for d in self.deductions.values())

    @property
    def retention_held(self) -> Decimal:
        withheld = total(d.retention for d in self.deductions.values())
        return withheld - (self.retention_release.amount if self.retention_release else ZERO)

    def paid_on(self, installment: int) -> Decimal:
        return total(p.amount for p in self.payments.values() if p.installment == installment)

    def payable(self, installment: int) -> Decimal:
        """An installment's cash due: its amount less what was withheld when inspected."""
        withheld = self.deductions.get(installment)
        return self._installment(installment) - (withheld.total if withheld else ZERO)
