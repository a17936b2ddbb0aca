"""What a contract says of its money beyond the installments: an advance (เงินล่วงหน้า)
paid against a guarantee and taken back from the installments, retention (เงินประกันผลงาน)
withheld from each installment until the warranty ends, and a daily fine (ค่าปรับ) for late
delivery; and the arithmetic of each, written once here.

Regulation of the Ministry of Finance on Public Procurement and Supplies Administration
B.E. 2560 (ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560):

- cl. 141-143, the advance: paid only where the procurement documents and the contract
  provide for it; for a purchase by invitation, selection or the specific method at most
  15 % of the price, and only against a guarantee of the advance (หลักประกันเงินล่วงหน้า,
  cl. 168) of the same amount. The wording of cl. 141-143 could not be read while this was
  written (no copy of the text was at hand): the 15 % and the guarantee's amount are the
  figures the regulation is commonly cited for, kept as data (`ADVANCE_LIMIT`,
  `GUARANTEE_SHARE`), not constants inside a rule.
- cl. 162, the fine: a fixed daily rate of 0.01-0.20 % of the price of what is not yet
  delivered; for construction whose whole work is needed at once, 0.01-0.10 % of the
  contract price and at least 100 baht a day. These figures are the ones contracts and
  purchase orders quote (``ค่าปรับเป็นรายวันในอัตราร้อยละ 0.20 ของราคาพัสดุที่ยังไม่ได้รับมอบ``,
  ``... ร้อยละ 0.10 ของราคางานจ้าง แต่ต้องไม่ต่ำกว่าวันละ 100 บาท``); the clause's own text was
  not read. They are data (`FINE_RULES`). Days count on the calendar, from the day after
  the installment was due to the day it was delivered.
- Retention and the advance's recovery are the contract's own terms, as the standard
  contract forms write them: retention a rate of each installment, returned when the
  contractor is free of its obligations (the warranty, ระยะเวลารับประกันความชำรุดบกพร่อง,
  has ended); the advance taken back from each installment at a rate of its amount until
  all of it is back, the last installment taking what is left. The regulation sets no
  retention rate we could find: `RETENTION_LIMIT` only bounds input, and is data.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import Enum

from budget.domain.errors import InvalidInput
from budget.domain.money import SATANG, ZERO, baht
from budget.domain.values import ValueObject

HUNDRED = Decimal(100)
ADVANCE_LIMIT = Decimal(15)  # percent of the contract price (cl. 141)
GUARANTEE_SHARE = Decimal(100)  # the guarantee, in percent of the advance (cl. 143)
RETENTION_LIMIT = Decimal(10)  # percent of an installment: a bound on input, not the law's
MAX_WARRANTY_MONTHS = 120


class FineBasis(Enum):
    """What the daily rate of a fine is a share of (cl. 162)."""

    UNDELIVERED = "undelivered"  # the price of what is not yet delivered: the installment's
    WHOLE_WORK = "whole_work"  # the contract price: construction needed whole at once


@dataclass(frozen=True, slots=True)
class FineRule:
    """The daily rate a contract may set (percent), and the least fine a day (baht)."""

    lowest: Decimal
    highest: Decimal
    least_a_day: Decimal


FINE_RULES = {
    FineBasis.UNDELIVERED: FineRule(Decimal("0.01"), Decimal("0.20"), ZERO),
    FineBasis.WHOLE_WORK: FineRule(Decimal("0.01"), Decimal("0.10"), Decimal(100)),
}


def _rate(name: str, value: Decimal, highest: Decimal) -> Decimal:
    """A percentage with at most two decimals, from 0 to `highest`."""
    rate = Decimal(value)
    if not rate.is_finite() or rate != rate.quantize(SATANG) or not ZERO <= rate <= highest:
        raise InvalidInput(
            problem=f"{name} must be a percentage from 0 to {highest} with at most two decimals",
            problem_th=f"อัตรา{_NAMES_TH[name]}ต้องเป็นร้อยละ 0 ถึง {highest} ทศนิยมไม่เกินสองตำแหน่ง",
        )
    return rate.quantize(SATANG)


_NAMES_TH = {
    "the advance": "เงินล่วงหน้า",
    "the advance's recovery": "การหักคืนเงินล่วงหน้า",
    "retention": "เงินประกันผลงาน",
    "the fine": "ค่าปรับ",
}


@dataclass(frozen=True, slots=True)
class PaymentTerms(ValueObject):
    """A contract's terms on its money, as percentages (0: the contract has none)."""

    advance_rate: Decimal = ZERO  # of the contract price, paid ahead (cl. 141)
    advance_recovery_rate: Decimal = ZERO  # of each installment, until the advance is back
    retention_rate: Decimal = ZERO  # of each installment, held until the warranty ends
    warranty_months: int = 0  # from the last installment's inspection
    fine_rate: Decimal = ZERO  # a day late (cl. 162)
    fine_basis: FineBasis = FineBasis.UNDELIVERED

    def __post_init__(self) -> None:
        advance = _rate("the advance", self.advance_rate, ADVANCE_LIMIT)
        recovery = _rate("the advance's recovery", self.advance_recovery_rate, HUNDRED)
        retention = _rate("retention", self.retention_rate, RETENTION_LIMIT)
        fine = _rate("the fine", self.fine_rate, FINE_RULES[self.fine_basis].highest)
        if advance and not recovery:
            raise InvalidInput(
                problem="an advance needs the rate at which installments repay it",
                problem_th="สัญญาที่มีเงินล่วงหน้าต้องระบุอัตราการหักคืนจากแต่ละงวด",
            )
        rule = FINE_RULES[self.fine_basis]
        if fine and fine < rule.lowest:
            raise InvalidInput(
                problem=f"a fine's daily rate is from {rule.lowest} to {rule.highest} percent",
                problem_th=f"อัตราค่าปรับรายวันต้องอยู่ระหว่างร้อยละ {rule.lowest} ถึง {rule.highest}",
            )
        if not 0 <= self.warranty_months <= MAX_WARRANTY_MONTHS:
            raise InvalidInput(
                problem=f"the warranty runs 0 to {MAX_WARRANTY_MONTHS} months",
                problem_th=f"ระยะเวลารับประกันต้องอยู่ระหว่าง 0 ถึง {MAX_WARRANTY_MONTHS} เดือน",
            )
        for name, value in (
            ("advance_rate", advance),
            ("advance_recovery_rate", recovery),
            ("retention_rate", retention),
            ("fine_rate", fine),
        ):
            object.__setattr__(self, name, value)


NO_TERMS = PaymentTerms()


@dataclass(frozen=True, slots=True)
class AdvanceGuarantee(ValueObject):
    """The guarantee of an advance (หลักประกันเงินล่วงหน้า): a bank's letter of guarantee or
    government bonds (cl. 168), by its reference and amount."""

    issuer: str
    reference: str
    amount: Decimal

    def __post_init__(self) -> None:
        if not self.issuer.strip() or not self.reference.strip():
            raise InvalidInput(
                problem="a guarantee names its issuer and its reference",
                problem_th="หลักประกันต้องระบุผู้ออกและเลขที่",
            )
        object.__setattr__(self, "amount", baht(self.amount))


def share(amount: Decimal, rate: Decimal) -> Decimal:
    """`rate` percent of `amount`, to the satang (half up)."""
    return (amount * rate / HUNDRED).quantize(SATANG, rounding=ROUND_HALF_UP)


def advance_limit(price: Decimal, terms: PaymentTerms) -> Decimal:
    """The most the contract lets be paid ahead: its rate of the price, never rounded up."""
    return (price * terms.advance_rate / HUNDRED).quantize(SATANG, rounding=ROUND_DOWN)


def guarantee_needed(advance: Decimal) -> Decimal:
    return share(advance, GUARANTEE_SHARE)


def days_late(due_on: date, delivered_on: date) -> int:
    """Calendar days from the day after the due date to the delivery (0 when on time)."""
    return max(0, (delivered_on - due_on).days)


def fine_for(terms: PaymentTerms, *, installment: Decimal, price: Decimal, days: int) -> Decimal:
    """The fine of an installment delivered `days` late (cl. 162): the daily rate of the
    undelivered installment's price, or of the whole price (with the least fine a day)."""
    if not days or not terms.fine_rate:
        return ZERO
    rule = FINE_RULES[terms.fine_basis]
    base = installment if terms.fine_basis is FineBasis.UNDELIVERED else price
    return max(share(base, terms.fine_rate), rule.least_a_day) * days


@dataclass(frozen=True, slots=True)
class Deductions:
    """What is withheld from an installment's payment when it is inspected."""

    advance: Decimal = ZERO  # taken back of the advance
    retention: Decimal = ZERO  # held until the warranty ends
    fine: Decimal = ZERO  # for late delivery, kept
    days_late: int = 0

    @property
    def total(self) -> Decimal:
        return self.advance + self.retention + self.fine

    def __bool__(self) -> bool:
        """Whether anything is withheld (a delivery late under a contract with no fine
        withholds nothing, and records nothing)."""
        return bool(self.total)


def capacity(amount: Decimal, terms: PaymentTerms) -> Decimal:
    """What an installment can give back of the advance: its amount less its retention."""
    return amount - share(amount, terms.retention_rate)


def deductions(
    terms: PaymentTerms,
    *,
    amount: Decimal,
    price: Decimal,
    days: int,
    outstanding: Decimal,
    others_capacity: Decimal,
) -> Deductions:
    """An inspected installment's deductions: its retention; of the advance still out
    (`outstanding`), the contract's rate of its amount, and more where the installments not
    yet inspected (`others_capacity`) could not take back the rest, so the last one takes
    all that is left; then the fine, never more than what is left to pay."""
    retention = share(amount, terms.retention_rate)
    room = amount - retention
    wanted = max(share(amount, terms.advance_recovery_rate), outstanding - others_capacity)
    advance = min(wanted, outstanding, room)
    fine = min(fine_for(terms, installment=amount, price=price, days=days), room - advance)
    return Deductions(advance=advance, retention=retention, fine=fine, days_late=days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
