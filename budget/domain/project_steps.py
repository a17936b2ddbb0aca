"""A project's procurement steps in the order of the Public Procurement Act B.E. 2560 and
the Regulation of the Ministry of Finance on Public Procurement B.E. 2560: terms of
reference and reference price (cl. 21), the procurement report that states them (cl. 22;
simplified for a small purchase, cl. 79 para. 2), the invitation, the bids, the winner and
its appeal window, the contract, and the correction of a step's date. The Project binds
each as its method; its events stay the aggregate's own (budget/domain/project.py), so
their stored topics do not change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.calendar import THAI, WorkingCalendar, appeal_window_end
from budget.domain.checks import check_given, check_not_before, check_reason
from budget.domain.contract import Contract
from budget.domain.errors import (
    EventNotCorrectable,
    InsideAppealWindow,
    InvalidInput,
    PublicHearingRequired,
    TooFewInvitedFirms,
)
from budget.domain.money import baht
from budget.domain.procurement import (
    MIN_INVITED_FOR_SELECTION,
    Method,
    Stage,
    has_appeal_window,
    needs_public_hearing,
    simplified_report,
)

CORRECTABLE_STEPS = frozenset(
    {
        Stage.PLAN_PUBLISHED,
        Stage.REPORT_APPROVED,
        Stage.TOR_SET,
        Stage.INVITATION_ANNOUNCED,
        Stage.BIDS_EVALUATED,
    }
)

if TYPE_CHECKING:
    from budget.domain.project import Project


def publish_plan(project: Project, *, actor: Actor, business_date: date) -> None:
    """The year's procurement plan published (regulation cl. 11), the first step."""
    project._check_next_step(Stage.PLAN_PUBLISHED, business_date)
    project._plan_published(actor=actor, business_date=business_date)


def set_terms_of_reference(
    project: Project,
    *,
    reference_price: Decimal,
    public_hearing_ended_on: date | None = None,
    actor: Actor,
    business_date: date,
) -> None:
    """The TOR or specification and the reference price (regulation cl. 21), before the
    procurement report; the public hearing of the drafts where the rules require it
    (cl. 45-47, `procurement.PUBLIC_HEARING`)."""
    project._check_next_step(Stage.TOR_SET, business_date)
    if needs_public_hearing(project.method, project.amount) and public_hearing_ended_on is None:
        raise PublicHearingRequired()
    project._terms_set(
        reference_price=baht(reference_price),
        public_hearing_ended_on=public_hearing_ended_on,
        actor=actor,
        business_date=business_date,
    )


def approve_procurement_report(
    project: Project,
    *,
    estimate: Decimal,
    reference_price: Decimal | None = None,
    actor: Actor,
    business_date: date,
) -> None:
    """The procurement report (regulation cl. 22) states the reference price the TOR set
    (cl. 22 (3)); a report that names another is refused. A small purchase's simplified
    report (cl. 79 para. 2, no TOR step) states its own: `reference_price`, or the
    estimate when none is given."""
    project._check_next_step(Stage.REPORT_APPROVED, business_date)
    stated = project.reference_price
    if stated is None:
        stated = baht(estimate if reference_price is None else reference_price)
    elif reference_price is not None and baht(reference_price) != stated:
        raise InvalidInput(
            problem=f"the report states the TOR's reference price, {stated:,.2f}",
            problem_th=f"รายงานขอซื้อขอจ้างต้องระบุราคากลางตาม TOR คือ {stated:,.2f} บาท",
        )
    project._report_approved(
        estimate=baht(estimate),
        reference_price=stated,
        simplified=simplified_report(project.method, project.amount, project.stage_dates),
        actor=actor,
        business_date=business_date,
    )


def announce_invitation(
    project: Project, *, invited_firms: int = 0, actor: Actor, business_date: date
) -> None:
    project._check_next_step(Stage.INVITATION_ANNOUNCED, business_date)
    if project.method is Method.SELECTION and invited_firms < MIN_INVITED_FOR_SELECTION:
        raise TooFewInvitedFirms(invited=invited_firms)
    project._invitation_announced(
        invited_firms=invited_firms, actor=actor, business_date=business_date
    )


def evaluate_bids(
    project: Project, *, bids_received: int, actor: Actor, business_date: date
) -> None:
    project._check_next_step(Stage.BIDS_EVALUATED, business_date)
    if bids_received < 1:
        raise InvalidInput(
            problem="bids can be evaluated only when at least one arrived",
            problem_th="พิจารณาข้อเสนอได้เมื่อมีผู้ยื่นอย่างน้อยหนึ่งราย",
        )
    project._bids_evaluated(bids_received=bids_received, actor=actor, business_date=business_date)


def announce_winner(
    project: Project,
    *,
    winner: str,
    offered_amount: Decimal,
    calendar: WorkingCalendar = THAI,
    actor: Actor,
    business_date: date,
) -> None:
    """The appeal window runs on `calendar` (the cabinet's extra holidays too)."""
    project._check_next_step(Stage.WINNER_ANNOUNCED, business_date)
    check_given(winner, problem="name the winner", problem_th="ต้องระบุผู้ชนะ")
    appeal_ends_on = (
        appeal_window_end(business_date, calendar) if has_appeal_window(project.method) else None
    )
    project._winner_announced(
        winner=winner.strip(),
        offered_amount=baht(offered_amount),
        appeal_ends_on=appeal_ends_on,
        actor=actor,
        business_date=business_date,
    )


def sign_contract(
    project: Project, *, contract: Contract, actor: Actor, business_date: date
) -> None:
    """The budget checks the line's money; this checks the legal order and dates."""
    project._check_next_step(Stage.CONTRACT_SIGNED, business_date)
    if project.appeal_ends_on is not None and business_date <= project.appeal_ends_on:
        raise InsideAppealWindow(appeal_ends_on=project.appeal_ends_on)
    project._contract_signed(contract=contract, actor=actor, business_date=business_date)


def correct_stage_date(
    project: Project,
    *,
    stage: Stage,
    corrected_date: date,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    """The date a procurement step happened was entered wrong.

    Only the steps before the winner's announcement: that date and the contract's
    set the appeal window and what follows, so they are not moved afterwards.
    """
    check_reason(reason)
    if stage not in CORRECTABLE_STEPS:
        raise EventNotCorrectable(
            version=0,
            problem=f"the date of {stage.value} sets legal deadlines",
            problem_th=f"วันที่ของขั้นตอน{stage.name_th}กำหนดระยะเวลาตามกฎหมาย",
        )
    if stage not in project.stage_dates:
        raise EventNotCorrectable(
            version=0,
            problem=f"stage {stage.value} was not recorded",
            problem_th=f"ยังไม่ได้บันทึกขั้นตอน{stage.name_th}",
        )
    order = [Stage.PLANNED, *project.steps_done]
    index = order.index(stage)
    before = project.stage_dates[order[index - 1]]
    check_not_before(corrected_date, before)
    if index + 1 < len(order) and corrected_date > project.stage_dates[order[index + 1]]:
        raise InvalidInput(
            problem="the corrected date falls after the next stage's date",
            problem_th="วันที่ที่แก้ไขอยู่หลังวันที่ของขั้นตอนถัดไป",
        )
    project._stage_date_corrected(
        stage=stage,
        old_date=project.stage_dates[stage],
        corrected_date=corrected_date,
        reason=reason.strip(),
        actor=actor,
        business_date=business_date,
    )
