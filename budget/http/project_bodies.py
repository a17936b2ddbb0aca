"""What a project's writes carry: the procurement steps before the contract (one tagged
body, `"step": ...`), the contract, inspections, payments, corrections, cancellation
and closing. Each is dated by the business (default: today in Thailand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec

from budget.application import BudgetOffice, Recorded
from budget.domain.access import Actor
from budget.domain.budget_lines import CarryOverKind, CouncilApproval
from budget.domain.contract import Contract, Installment
from budget.domain.procurement import Stage
from budget.http.fields import (
    Code,
    Count,
    Name,
    Number,
    ShortCode,
    Text,
    check_amount,
    check_day,
)


class Dated(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A fact of the business, on the date it happened (default: today in Thailand)."""

    business_date: date | None = None

    def __post_init__(self) -> None:
        check_day("business_date", self.business_date)


class CouncilApprovalIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A resolution of the local council (มติสภาท้องถิ่น): its reference and date."""

    resolution: Name
    approved_on: date

    def __post_init__(self) -> None:
        check_day("approved_on", self.approved_on)

    def approval(self) -> CouncilApproval:
        return CouncilApproval(resolution=self.resolution, approved_on=self.approved_on)


def approval_of(given: CouncilApprovalIn | None) -> CouncilApproval | None:
    return given.approval() if given is not None else None


# -- the procurement steps before the contract, one tag each ------------------------


class PlanPublished(Dated, tag="plan_published", tag_field="step"):
    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.publish_procurement_plan(
            project, actor=actor, business_date=self.business_date, expected_version=v
        )


class ReportApproved(Dated, tag="report_approved", tag_field="step"):
    estimate: Decimal

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("estimate", self.estimate)

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.approve_procurement_report(
            project,
            estimate=self.estimate,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class TermsSet(Dated, tag="tor_set", tag_field="step"):
    reference_price: Decimal
    public_hearing_ended_on: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("reference_price", self.reference_price)
        check_day("public_hearing_ended_on", self.public_hearing_ended_on)

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.set_terms_of_reference(
            project,
            reference_price=self.reference_price,
            public_hearing_ended_on=self.public_hearing_ended_on,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class InvitationAnnounced(Dated, tag="invitation_announced", tag_field="step"):
    invited_firms: Count = 0

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.announce_invitation(
            project,
            invited_firms=self.invited_firms,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class BidsEvaluated(Dated, tag="bids_evaluated", tag_field="step"):
    bids_received: Count

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.evaluate_bids(
            project,
            bids_received=self.bids_received,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class WinnerAnnounced(Dated, tag="winner_announced", tag_field="step"):
    winner: Name
    offered_amount: Decimal

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("offered_amount", self.offered_amount)

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.announce_winner(
            project,
            winner=self.winner,
            offered_amount=self.offered_amount,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


ProcurementStep = (
    PlanPublished
    | ReportApproved
    | TermsSet
    | InvitationAnnounced
    | BidsEvaluated
    | WinnerAnnounced
)


# -- contract and after ---------------------------------------------------------------


class InstallmentIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    number: Number
    amount: Decimal
    due_on: date
    description: Text = ""

    def __post_init__(self) -> None:
        check_amount("amount", self.amount)
        check_day("due_on", self.due_on)


class ContractIn(Dated):
    number: Code
    contractor: Name
    contractor_tax_id: ShortCode
    amount: Decimal
    installments: Annotated[list[InstallmentIn], msgspec.Meta(min_length=1, max_length=120)]

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)

    def contract(self) -> Contract:
        return Contract(
            number=self.number,
            contractor=self.contractor,
            contractor_tax_id=self.contractor_tax_id,
            amount=self.amount,
            installments=[
                Installment(i.number, i.amount, i.due_on, i.description) for i in self.installments
            ],
        )


class InspectionIn(Dated):
    installment: Number
    committee_note: Text = ""


class PaymentIn(Dated):
    installment: Number
    amount: Decimal
    voucher: Code

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class CorrectionIn(Dated):
    amount: Decimal
    reason: Text

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class CancellationIn(Dated):
    reason: Text


class ClosingIn(Dated):
    pass


# -- corrections and the year's end ---------------------------------------------------


class StageDateCorrectionIn(Dated):
    """A procurement step's date was entered wrong: the right date, with the reason."""

    stage: Stage
    corrected_date: date
    reason: Text

    def __post_init__(self) -> None:
        super().__post_init__()
        check_day("corrected_date", self.corrected_date)


class CarryOverIn(Dated):
    """กันเงิน: keep unpaid money of the project past 30 September, until `deadline`:
    money committed by a contract, or (with the council's approval) not yet committed."""

    kind: CarryOverKind
    amount: Decimal
    deadline: date
    council_approval: CouncilApprovalIn | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)
        check_day("deadline", self.deadline)


class CarriedFundsCancellationIn(Dated):
    """After the carry-over deadline, what is still unpaid is cancelled."""
