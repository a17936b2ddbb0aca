"""Procurement methods and stages (Public Procurement Act B.E. 2560 and the Regulation of
the Ministry of Finance on Public Procurement B.E. 2560, "the regulation").

The thresholds and the stage order are the regulation's, simplified; they live here and
nowhere else. The order is the regulation's: the terms of reference (or specification)
and the reference price are set (cl. 21) before the procurement report, which states
that reference price (cl. 22 (3)). An earlier version of the project's design put the
report first; histories recorded in that order still load (the report's upcaster in
budget/domain/project.py, and `open_steps`, which lets a TOR missed under the old order
follow its report).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from budget.domain.errors import MethodDoesNotFitAmount
from budget.domain.worded import Worded


class Method(Worded):
    E_MARKET = "e_market", "ตลาดอิเล็กทรอนิกส์ (e-market)"
    E_BIDDING = "e_bidding", "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)"
    PRICE_QUOTATION = "price_quotation", "สอบราคา"
    SELECTION = "selection", "คัดเลือก"
    SPECIFIC = "specific", "เฉพาะเจาะจง"


class Stage(Worded):
    """Where a project stands; the declaration order is the legal order."""

    PLANNED = "planned", "ได้รับงบประมาณ"
    PLAN_PUBLISHED = "plan_published", "ประกาศแผนการจัดซื้อจัดจ้าง"
    TOR_SET = "tor_set", "ร่างขอบเขตงานและราคากลาง"  # ร่างขอบเขตงานและราคากลาง (cl. 21)
    REPORT_APPROVED = "report_approved", "รายงานขอซื้อขอจ้าง"  # รายงานขอซื้อขอจ้าง (cl. 22)
    INVITATION_ANNOUNCED = "invitation_announced", "ประกาศเชิญชวน"
    BIDS_EVALUATED = "bids_evaluated", "ยื่นและพิจารณาข้อเสนอ"
    WINNER_ANNOUNCED = "winner_announced", "ประกาศผู้ชนะการเสนอราคา"
    CONTRACT_SIGNED = "contract_signed", "ลงนามในสัญญา"
    # (some installment inspected)
    INSPECTED = "inspected", "ส่งมอบงาน/ตรวจรับพัสดุ"
    PAID = "paid", "เบิกจ่ายครบ"  # เบิกจ่ายครบทุกงวด
    CLOSED = "closed", "ดำเนินการแล้วเสร็จ"
    CANCELLED = "cancelled", "ยกเลิก"


# The steps a person records, in order, before the contract.
PROCUREMENT_STEPS = (
    Stage.PLAN_PUBLISHED,
    Stage.TOR_SET,
    Stage.REPORT_APPROVED,
    Stage.INVITATION_ANNOUNCED,
    Stage.BIDS_EVALUATED,
    Stage.WINNER_ANNOUNCED,
    Stage.CONTRACT_SIGNED,
)


def steps_for(method: Method) -> tuple[Stage, ...]:
    """The pre-contract steps of a method in the regulation's order (the contract
    included); the specific method has no invitation (cl. 79)."""
    if method is Method.SPECIFIC:
        return tuple(s for s in PROCUREMENT_STEPS if s is not Stage.INVITATION_ANNOUNCED)
    return PROCUREMENT_STEPS


@dataclass(frozen=True, slots=True)
class SmallPurchase:
    """The small-purchase path of the specific method (Public Procurement Act B.E. 2560,
    sec. 56 para. 1 (2) (b): a purchase up to the amount of the ministerial rule on the
    specific method, 500,000 baht).

    - `plan_exempt_up_to`: such a purchase need not be in the published annual plan (Act
      sec. 11; regulation cl. 11 exempts purchases under sec. 56 (2) (b));
    - `simplified_up_to`: the officer makes a simplified procurement report (regulation
      cl. 79 para. 2) which itself states the specification and price, so the separate
      TOR step and the evaluation of bids (one firm is negotiated with) may be skipped.

    The exact text and amounts of these clauses (and of the circulars that changed them)
    could not be confirmed here, so they are data, not constants: a deployment sets its
    own. Skipping is allowed, never forced: a step recorded anyway counts.
    """

    plan_exempt_up_to: Decimal
    simplified_up_to: Decimal


SMALL_PURCHASE = SmallPurchase(
    plan_exempt_up_to=Decimal("500000.00"), simplified_up_to=Decimal("100000.00")
)


def optional_steps(
    method: Method, amount: Decimal, rules: SmallPurchase = SMALL_PURCHASE
) -> frozenset[Stage]:
    """The steps a purchase of `amount` by `method` may skip (`SmallPurchase`)."""
    if method is not Method.SPECIFIC:
        return frozenset()
    skippable: set[Stage] = set()
    if amount <= rules.plan_exempt_up_to:
        skippable.add(Stage.PLAN_PUBLISHED)
    if amount <= rules.simplified_up_to:
        skippable |= {Stage.TOR_SET, Stage.BIDS_EVALUATED}
    return frozenset(skippable)


def simplified_report(method: Method, amount: Decimal, reached: Collection[Stage]) -> bool:
    """A procurement report made without a TOR step: the small-purchase path's simplified
    report (regulation cl. 79 para. 2), which states the price itself."""
    return Stage.TOR_SET not in reached and Stage.TOR_SET in optional_steps(method, amount)


def open_steps(
    method: Method, amount: Decimal, reached: Collection[Stage], *, ended: bool = False
) -> tuple[Stage, ...]:
    """The procurement steps that may be recorded now, in order (the contract included):
    after the furthest step reached, each step the purchase may skip (`optional_steps`),
    up to and including the first one it may not. A step it may not skip and has not
    reached comes first wherever it stands: a history recorded in the old order (the
    report before the TOR) sets its TOR after the report. None once the project has
    `ended` (closed or cancelled) or its contract is signed."""
    if ended:
        return ()
    path = steps_for(method)
    skippable = optional_steps(method, amount)
    furthest = max((path.index(s) for s in reached if s in path), default=-1)
    opened: list[Stage] = []
    for index, step in enumerate(path):
        if step in reached:
            continue
        if step not in skippable:
            opened.append(step)
            break
        if index > furthest:
            opened.append(step)
    return tuple(opened)


def next_step(
    method: Method, amount: Decimal, reached: Collection[Stage], *, ended: bool = False
) -> Stage | None:
    """The procurement step that must be recorded next (the contract included): the last
    of `open_steps`, the first the purchase may not skip; none once the project has
    `ended` or its contract is signed."""
    opened = open_steps(method, amount, reached, ended=ended)
    return opened[-1] if opened else None


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


@dataclass(frozen=True, slots=True)
class PublicHearingRule:
    """Which purchases hear the public on their draft TOR and documents before they go on
    (regulation cl. 45-47 for e-bidding): those by one of `methods` above `above` baht.

    The regulation leaves the hearing to the agency in some cases and the circulars have
    changed the amount; the exact current text could not be confirmed here, so the rule
    is data. The default keeps what the project always did: every e-bidding.
    """

    methods: frozenset[Method]
    above: Decimal


PUBLIC_HEARING = PublicHearingRule(frozenset({Method.E_BIDDING}), Decimal(0))


def needs_public_hearing(
    method: Method, amount: Decimal, rule: PublicHearingRule = PUBLIC_HEARING
) -> bool:
    return method in rule.methods and amount > rule.above


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
