"""A project's delivery and payment: inspection of an installment (ตรวจรับ), payments
(เบิกจ่าย) within what was inspected and inside the year or its carry-over, and their
corrections by a later reasoned event. The Project binds each as its method; its events stay
the aggregate's own (budget/domain/project.py), so their stored topics do not change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.corrections import entry_to_correct
from budget.domain.errors import (
    DateBeforePreviousStage,
    InstallmentAlreadyInspected,
    InstallmentNotInspected,
    InvalidInput,
    PaymentDateNotAllowed,
    check_reason,
)
from budget.domain.fiscal import FiscalYear
from budget.domain.money import baht
from budget.domain.procurement import (
    Stage,
)

if TYPE_CHECKING:
    from budget.domain.project import Project


def inspect(
    project: Project,
    *,
    installment: int,
    committee_note: str = "",
    actor: Actor,
    business_date: date,
) -> None:
    """The inspection committee accepted the work of an installment (ตรวจรับ)."""
    project._check_open()
    project._installment(installment)
    if installment in project.inspected:
        raise InstallmentAlreadyInspected(number=installment)
    signed_on = project.stage_dates[Stage.CONTRACT_SIGNED]
    if business_date < signed_on:
        raise DateBeforePreviousStage(date=business_date, previous=signed_on)
    project._inspected(
        installment=installment,
        committee_note=committee_note,
        actor=actor,
        business_date=business_date,
    )


def check_payment_date(project: Project, paid_on: date) -> None:
    """Inside the fiscal year, or until the carry-over deadline (after 30 September)."""
    year = FiscalYear(project.fiscal_year)
    last_day = project.carried_until or year.ends_on
    if not year.starts_on <= paid_on <= last_day:
        raise PaymentDateNotAllowed(date=paid_on, fiscal_year=project.fiscal_year)


def record_payment(
    project: Project,
    *,
    installment: int,
    amount: Decimal,
    voucher: str,
    actor: Actor,
    business_date: date,
) -> None:
    """เบิกจ่าย: a payment voucher (ฎีกา) for an inspected installment."""
    project._check_open()
    amount = baht(amount)
    if amount <= 0:
        raise InvalidInput(
            problem="a payment is a positive amount", problem_th="จำนวนเงินที่เบิกจ่ายต้องมากกว่าศูนย์"
        )
    if not voucher.strip():
        raise InvalidInput(
            problem="a payment needs its voucher number", problem_th="การเบิกจ่ายต้องมีเลขที่ฎีกา"
        )
    project._installment(installment)
    inspected_on = project.inspected.get(installment)
    if inspected_on is None:
        raise InstallmentNotInspected(number=installment)
    project._check_voucher_unused(voucher.strip())
    project.check_payment_date(business_date)
    if business_date < inspected_on:
        raise DateBeforePreviousStage(date=business_date, previous=inspected_on)
    project._check_within_installment(installment, amount)
    project._payment_recorded(
        installment=installment,
        amount=amount,
        voucher=voucher.strip(),
        actor=actor,
        business_date=business_date,
    )


def correct_payment(
    project: Project,
    *,
    corrects_version: int,
    amount: Decimal,
    reason: str,
    actor: Actor,
    business_date: date,
) -> Decimal:
    """A later, reasoned event sets a recorded payment's amount (0 voids it).

    Returns the amount it had, for the budget's ledger.
    """
    project._check_open()
    check_reason(reason)
    entry, amount = entry_to_correct(
        project.payments,
        corrects_version,
        amount,
        not_one=("รายการนั้นไม่ใช่การเบิกจ่าย", "it is not a payment"),
    )
    project._check_within_installment(entry.installment, amount - entry.amount)
    old_amount = entry.amount
    project._payment_corrected(
        corrects_version=corrects_version,
        old_amount=old_amount,
        amount=amount,
        reason=reason.strip(),
        actor=actor,
        business_date=business_date,
    )
    return old_amount
