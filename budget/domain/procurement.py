"""Procurement methods and stages (Public Procurement Act B.E. 2560).

The thresholds and the stage order are the regulation's, simplified; they
live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from budget.domain.errors import MethodDoesNotFitAmount


class Method(Enum):
    E_MARKET = "e_market"
    E_BIDDING = "e_bidding"
    PRICE_QUOTATION = "price_quotation"
    SELECTION = "selection"
    SPECIFIC = "specific"

    @property
    def name_th(self) -> str:
        return _METHOD_TH[self]


class Stage(Enum):
    """Where a project stands; the declaration order is the legal order."""

    PLANNED = "planned"  # ได้รับงบประมาณ
    PLAN_PUBLISHED = "plan_published"  # ประกาศแผนการจัดซื้อจัดจ้าง
    REPORT_APPROVED = "report_approved"  # รายงานขอซื้อขอจ้าง
    TOR_SET = "tor_set"  # ร่างขอบเขตงานและราคากลาง
    INVITATION_ANNOUNCED = "invitation_announced"  # ประกาศเชิญชวน
    BIDS_EVALUATED = "bids_evaluated"  # ยื่นและพิจารณาข้อเสนอ
    WINNER_ANNOUNCED = "winner_announced"  # ประกาศผู้ชนะการเสนอราคา
    CONTRACT_SIGNED = "contract_signed"  # ลงนามในสัญญา
    INSPECTED = "inspected"  # ส่งมอบงาน / ตรวจรับพัสดุ (some installment inspected)
    PAID = "paid"  # เบิกจ่ายครบทุกงวด
    CLOSED = "closed"  # ดำเนินการแล้วเสร็จ
    CANCELLED = "cancelled"  # ยกเลิก

    @property
    def name_th(self) -> str:
        return _STAGE_TH[self]


# The steps a person records, in order, before the contract.
PROCUREMENT_STEPS = (
    Stage.PLAN_PUBLISHED,
    Stage.REPORT_APPROVED,
    Stage.TOR_SET,
    Stage.INVITATION_ANNOUNCED,
    Stage.BIDS_EVALUATED,
    Stage.WINNER_ANNOUNCED,
    Stage.CONTRACT_SIGNED,
)


def steps_for(method: Method) -> tuple[Stage, ...]:
    """The pre-contract steps of a method; the specific method has no invitation."""
    if method is Method.SPECIFIC:
        return tuple(s for s in PROCUREMENT_STEPS if s is not Stage.INVITATION_ANNOUNCED)
    return PROCUREMENT_STEPS


def next_step(method: Method, reached: Collection[Stage], *, ended: bool = False) -> Stage | None:
    """The procurement step to record next, the contract included (Public Procurement Act
    B.E. 2560, its steps in their legal order: `steps_for`): the first of the method's
    steps not yet `reached`; none once the project has `ended` (closed or cancelled) or
    its contract is signed."""
    if ended:
        return None
    return next((step for step in steps_for(method) if step not in reached), None)


def stage_of(
    *,
    closed: bool,
    cancelled: bool,
    last_step: Stage | None,
    installments: int,
    inspected: int,
    paid_in_full: int,
) -> Stage:
    """Where a project stands (Regulation of the Ministry of Finance on Public Procurement
    B.E. 2560, clauses 175-176: an installment is inspected, then paid): closed or
    cancelled above all; under a contract (`installments` > 0), paid once every
    installment is paid in full, inspected once any is inspected, else signed; before
    one, its last procurement step done, else planned."""
    if closed:
        return Stage.CLOSED
    if cancelled:
        return Stage.CANCELLED
    if installments:
        if paid_in_full == installments:
            return Stage.PAID
        return Stage.INSPECTED if inspected else Stage.CONTRACT_SIGNED
    return last_step or Stage.PLANNED


def has_appeal_window(method: Method) -> bool:
    return method is not Method.SPECIFIC


def needs_public_hearing(method: Method) -> bool:
    return method is Method.E_BIDDING


MIN_INVITED_FOR_SELECTION = 3


@dataclass(frozen=True, slots=True)
class MethodRule:
    """A method fits amounts above `above` and up to `up_to` (None: no limit).

    `reason_always` means the regulation asks for a recorded reason whatever
    the amount (price quotation: limited internet; selection: specialised work).
    """

    above: Decimal
    up_to: Decimal | None
    reason_always: bool
    clause: str


THRESHOLD_SPECIFIC = Decimal("500000.00")
THRESHOLD_E_MARKET_MAX = Decimal("5000000.00")

METHOD_RULES = {
    Method.SPECIFIC: MethodRule(Decimal(0), THRESHOLD_SPECIFIC, False, "cl. 79: up to 500,000"),
    Method.E_MARKET: MethodRule(
        THRESHOLD_SPECIFIC, THRESHOLD_E_MARKET_MAX, False, "cl. 30: e-catalogue goods"
    ),
    Method.E_BIDDING: MethodRule(THRESHOLD_SPECIFIC, None, False, "cl. 31: above 500,000"),
    Method.PRICE_QUOTATION: MethodRule(
        THRESHOLD_SPECIFIC, THRESHOLD_E_MARKET_MAX, True, "cl. 32: limited internet access"
    ),
    Method.SELECTION: MethodRule(Decimal(0), None, True, "sec. 56: specialised work"),
}


def check_method_fits_amount(method: Method, amount: Decimal, reason: str | None) -> None:
    """Refuse a method that does not fit the (positive) amount unless the reason is recorded."""
    rule = METHOD_RULES[method]
    fits = amount > rule.above and (rule.up_to is None or amount <= rule.up_to)
    needs_reason = rule.reason_always or not fits
    if needs_reason and not (reason and reason.strip()):
        raise MethodDoesNotFitAmount(
            method=method.value, method_th=method.name_th, amount=f"{amount:,.2f}", rule=rule.clause
        )


_METHOD_TH = {
    Method.E_MARKET: "ตลาดอิเล็กทรอนิกส์ (e-market)",
    Method.E_BIDDING: "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
    Method.PRICE_QUOTATION: "สอบราคา",
    Method.SELECTION: "คัดเลือก",
    Method.SPECIFIC: "เฉพาะเจาะจง",
}


_STAGE_TH = {
    Stage.PLANNED: "ได้รับงบประมาณ",
    Stage.PLAN_PUBLISHED: "ประกาศแผนการจัดซื้อจัดจ้าง",
    Stage.REPORT_APPROVED: "รายงานขอซื้อขอจ้าง",
    Stage.TOR_SET: "ร่างขอบเขตงานและราคากลาง",
    Stage.INVITATION_ANNOUNCED: "ประกาศเชิญชวน",
    Stage.BIDS_EVALUATED: "ยื่นและพิจารณาข้อเสนอ",
    Stage.WINNER_ANNOUNCED: "ประกาศผู้ชนะการเสนอราคา",
    Stage.CONTRACT_SIGNED: "ลงนามในสัญญา",
    Stage.INSPECTED: "ส่งมอบงาน/ตรวจรับพัสดุ",
    Stage.PAID: "เบิกจ่ายครบ",
    Stage.CLOSED: "ดำเนินการแล้วเสร็จ",
    Stage.CANCELLED: "ยกเลิก",
}
