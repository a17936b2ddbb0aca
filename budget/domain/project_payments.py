"""A project's delivery and payment: the advance paid against its guarantee, inspection of
an installment (ตรวจรับ) with what is withheld from its payment (the advance taken back,
retention, a fine for late delivery: budget/domain/contract_terms.py), payments (เบิกจ่าย)
within what is left to pay and inside the year or its carry-over, their corrections by a
later reasoned event, and the retention returned after the warranty. The Project binds each
as its method; its events stay the aggregate's own (budget/domain/project.py), so their
stored topics do not change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.checks import check_given, check_not_before, check_positive
from budget.domain.contract_terms import (
    AdvanceGuarantee,
    add_months,
    advance_limit,
    guarantee_needed,
)
from budget.domain.corrections import correction
from budget.domain.errors import (
    AdvanceNotAllowed,
    DuplicateVoucher,
    InstallmentAlreadyInspected,
    InstallmentNotInspected,
    InvalidInput,
    PaymentDateNotAllowed,
    PaymentExceedsInstallment,
    RetentionNotReleasable,
)
from budget.domain.fiscal import FiscalYear
from budget.domain.money import ZERO, baht
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
    delivered_on: date | None = None,
    actor: Actor,
    business_date: date,
) -> None:
    """The inspection committee accepted the work of an installment (ตรวจรับ), delivered on
    `delivered_on` (default: the day of the inspection). What its payment withholds under
    the contract's terms is recorded with it (`DeductionsAssessed`)."""
    project._check_open()
    project._installment(installment)
    contract = project.contract
    assert contract is not None  # _installment refuses a project without one
    if installment in project.inspected:
        raise InstallmentAlreadyInspected(number=installment)
    signed_on = project.stage_dates[Stage.CONTRACT_SIGNED]
    check_not_before(business_date, signed_on)
    delivered = delivered_on or business_date
    if not signed_on <= delivered <= business_date:
        raise InvalidInput(
            problem="the work is delivered after the contract and by its inspection",
            problem_th="วันส่งมอบงานต้องอยู่หลังวันลงนามในสัญญาและไม่หลังวันตรวจรับ",
        )
    project._inspected(
        installment=installment,
        committee_note=committee_note,
        actor=actor,
        business_date=business_date,
    )
    withheld = contract.withheld(  # project.inspected holds this one now, and those before
        installment,
        delivered_on=delivered,
        inspected=project.inspected,
        outstanding=project.advance_outstanding,
    )
    if withheld:
        project._deductions_assessed(
            installment=installment,
            delivered_on=delivered,
            days_late=withheld.days_late,
            advance=withheld.advance,
            retention=withheld.retention,
            fine=withheld.fine,
            actor=actor,
            business_date=business_date,
        )


def pay_advance(
    project: Project,
    *,
    amount: Decimal,
    guarantee: AdvanceGuarantee,
    voucher: str,
    actor: Actor,
    business_date: date,
) -> None:
    """เงินล่วงหน้า (regulation cl. 141-143): paid once, where the contract provides for it,
    at most its rate of the price, against a guarantee of as much, before any work is
    inspected (the installments then take it back)."""
    project._check_open()
    contract = project.contract
    if contract is None or not contract.terms.advance_rate:
        raise AdvanceNotAllowed(
            problem="the contract provides for no advance", problem_th="สัญญาไม่ได้กำหนดเงินล่วงหน้า"
        )
    if project.advance is not None:
        raise AdvanceNotAllowed(
            problem="the advance is paid already", problem_th="จ่ายเงินล่วงหน้าไปแล้ว"
        )
    if project.inspected:
        raise AdvanceNotAllowed(
            problem="work is inspected already: an advance comes before it",
            problem_th="มีการตรวจรับงานแล้ว เงินล่วงหน้าต้องจ่ายก่อนการตรวจรับ",
        )
    amount = baht(amount)
    limit = advance_limit(contract.amount, contract.terms)
    if not ZERO < amount <= limit:
        raise AdvanceNotAllowed(
            problem=f"{amount:,.2f} is not within the contract's {limit:,.2f}",
            problem_th=f"{amount:,.2f} บาท ไม่อยู่ในวงเงินล่วงหน้าตามสัญญา {limit:,.2f} บาท",
        )
    needed = guarantee_needed(amount)
    if guarantee.amount < needed:
        raise AdvanceNotAllowed(
            problem=f"the guarantee of {guarantee.amount:,.2f} is less than {needed:,.2f}",
            problem_th=f"หลักประกันเงินล่วงหน้า {guarantee.amount:,.2f} บาท น้อยกว่า {needed:,.2f} บาท",
        )
    voucher = _voucher(project, voucher)
    _check_paid_on(project, business_date, project.stage_dates[Stage.CONTRACT_SIGNED])
    project._advance_paid(
        amount=amount,
        guarantee=guarantee,
        voucher=voucher,
        actor=actor,
        business_date=business_date,
    )


def release_retention(
    project: Project, *, voucher: str, actor: Actor, business_date: date
) -> Decimal:
    """เงินประกันผลงาน returned, all of it at once, once every installment is inspected and
    the warranty counted from the last inspection has ended. Returns the amount."""
    project._check_open()
    held = project.retention_held
    contract = project.contract
    if contract is None or not held:
        raise RetentionNotReleasable(
            problem="no retention is held", problem_th="ไม่มีเงินประกันผลงานที่หักไว้"
        )
    if len(project.inspected) < len(contract.installments):
        raise RetentionNotReleasable(
            problem="every installment must be inspected first", problem_th="ต้องตรวจรับครบทุกงวดก่อน"
        )
    ends_on = add_months(max(project.inspected.values()), contract.terms.warranty_months)
    if business_date <= ends_on:
        raise RetentionNotReleasable(
            problem=f"the warranty runs until {ends_on}",
            problem_th=f"ยังอยู่ในระยะเวลารับประกันถึงวันที่ {ends_on}",
        )
    voucher = _voucher(project, voucher)
    _check_paid_on(project, business_date, ends_on)
    project._retention_released(
        amount=held,
        voucher=voucher,
        warranty_ended_on=ends_on,
        actor=actor,
        business_date=business_date,
    )
    return held


def _voucher(project: Project, voucher: str) -> str:
    """A payment's voucher number (ฎีกา), without its spaces: given, and on no other payment
    of the project (an installment's, the advance, the retention returned)."""
    voucher = check_given(
        voucher, problem="a payment needs its voucher number", problem_th="การเบิกจ่ายต้องมีเลขที่ฎีกา"
    )
    project._check_voucher_unused(voucher)
    return voucher


def _check_paid_on(project: Project, day: date, not_before: date) -> None:
    """A payment's date: one money may be paid on (check_payment_date), not before what
    it pays for (the contract signed, the installment inspected, the warranty's end)."""
    project.check_payment_date(day)
    check_not_before(day, not_before)


def check_within_installment(project: Project, installment: int, change: Decimal) -> None:
    """What is paid on an installment, all its payments together, never exceeds what is
    left to pay on it: its amount less what was withheld when it was inspected.

    The installments add up to the contract (contract.py), so the cash paid never exceeds
    the contract amount either (DOMAIN.md, "Rules that hold at every moment"): paid,
    retention held and fines together are at most the contract, the advance not yet taken
    back counting against the installments not yet inspected.
    """
    limit = project.payable(installment)
    new_total = project.paid_on(installment) + change
    if new_total > limit:
        raise PaymentExceedsInstallment(
            number=installment, total=f"{new_total:,.2f}", amount=f"{limit:,.2f}"
        )


def check_voucher_unused(project: Project, voucher: str) -> None:
    if any(p.voucher == voucher for p in [*project.payments.values(), *project.lump_sums]):
        raise DuplicateVoucher(voucher=voucher)


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
    amount = check_positive(
        amount, problem="a payment is a positive amount", problem_th="จำนวนเงินที่เบิกจ่ายต้องมากกว่าศูนย์"
    )
    project._installment(installment)
    inspected_on = project.inspected.get(installment)
    if inspected_on is None:
        raise InstallmentNotInspected(number=installment)
    voucher = _voucher(project, voucher)
    _check_paid_on(project, business_date, inspected_on)
    project._check_within_installment(installment, amount)
    project._payment_recorded(
        installment=installment,
        amount=amount,
        voucher=voucher,
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
    entry, fields = correction(
        project.payments,
        corrects_version,
        amount,
        reason,
        not_one=("รายการนั้นไม่ใช่การเบิกจ่าย", "it is not a payment"),
    )
    project._check_within_installment(entry.installment, fields["amount"] - entry.amount)
    project._payment_corrected(**fields, actor=actor, business_date=business_date)
    return fields["old_amount"]
