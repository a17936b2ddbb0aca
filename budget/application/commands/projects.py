"""Commands of a project: its plan, the procurement steps before the contract (one
tagged payload, `"step": ...`), the contract, inspections, payments and their
corrections, money carried past the year's end, cancellation and closing. Each is
dated by the business (default: today in Thailand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec

from budget.application.commands.base import Body, Command, CouncilApprovalIn, Dated, Noted
from budget.application.fields import (
    Code,
    Count,
    FiscalYearBE,
    Money,
    Name,
    Number,
    ShortCode,
    Text,
    Version,
)
from budget.domain.budget_lines import CarryOverKind
from budget.domain.contract import Contract, Installment
from budget.domain.contract_terms import NO_TERMS, FineBasis, PaymentTerms
from budget.domain.procurement import Method, Stage


class ProjectPlan(Noted, kw_only=True, frozen=True):
    code: Code
    name: Name
    line_code: Code
    method: Method
    amount: Money
    method_reason: Text = ""
    business_date: date | None = None


class PlanProject(ProjectPlan, Command, kw_only=True, frozen=True):
    """A project on a line of the enacted budget; its money is set aside on the line."""

    lao_code: Code
    fiscal_year: FiscalYearBE


# -- the procurement steps before the contract, one tag each ------------------------


class PlanPublished(Dated, tag="plan_published", tag_field="step", kw_only=True, frozen=True):
    pass


class TermsSet(Dated, tag="tor_set", tag_field="step", kw_only=True, frozen=True):
    """The TOR or specification and the reference price (regulation cl. 21), before the
    report; the public hearing's end where the rules require one."""

    reference_price: Money
    public_hearing_ended_on: date | None = None


class ReportApproved(Dated, tag="report_approved", tag_field="step", kw_only=True, frozen=True):
    """The procurement report (cl. 22), stating the TOR's reference price; a small
    purchase's simplified report (cl. 79 para. 2) gives its own `reference_price`
    (default: the estimate)."""

    estimate: Money
    reference_price: Money | None = None


class InvitationAnnounced(
    Dated, tag="invitation_announced", tag_field="step", kw_only=True, frozen=True
):
    invited_firms: Count = 0


class BidsEvaluated(Dated, tag="bids_evaluated", tag_field="step", kw_only=True, frozen=True):
    bids_received: Count


class WinnerAnnounced(Dated, tag="winner_announced", tag_field="step", kw_only=True, frozen=True):
    winner: Name
    offered_amount: Money


ProcurementStep = (
    PlanPublished
    | TermsSet
    | ReportApproved
    | InvitationAnnounced
    | BidsEvaluated
    | WinnerAnnounced
)


class RecordProcurementStep(Body, Command, kw_only=True, frozen=True):
    """The next procurement step before the contract (its payload's `step`)."""

    project_id: UUID
    step: ProcurementStep


# -- contract and after ---------------------------------------------------------------


class InstallmentIn(Body, kw_only=True, frozen=True):
    number: Number
    amount: Money
    due_on: date
    description: Text = ""

    def installment(self) -> Installment:
        return Installment(self.number, self.amount, self.due_on, self.description)


Installments = Annotated[list[InstallmentIn], msgspec.Meta(min_length=1, max_length=120)]


class PaymentTermsIn(Body, kw_only=True, frozen=True):
    """What the contract says of its money, in percent (budget/domain/contract_terms.py):
    an advance of the price (at most 15, regulation cl. 141) and the rate of each
    installment that takes it back (default: the advance's own, in proportion); retention
    of each installment, returned `warranty_months` after the last inspection; a daily
    fine for late delivery (cl. 162) of the late installment's price (`undelivered`) or of
    the whole price (`whole_work`, at least 100 baht a day)."""

    advance_rate: Money = Decimal(0)
    advance_recovery_rate: Money | None = None
    retention_rate: Money = Decimal(0)
    warranty_months: Count = 0
    fine_rate: Money = Decimal(0)
    fine_basis: FineBasis = FineBasis.UNDELIVERED

    def terms(self) -> PaymentTerms:
        recovery = self.advance_recovery_rate
        return PaymentTerms(
            advance_rate=self.advance_rate,
            advance_recovery_rate=self.advance_rate if recovery is None else recovery,
            retention_rate=self.retention_rate,
            warranty_months=self.warranty_months,
            fine_rate=self.fine_rate,
            fine_basis=self.fine_basis,
        )


class ContractIn(Dated, kw_only=True, frozen=True):
    number: Code
    contractor: Name
    contractor_tax_id: ShortCode
    amount: Money
    installments: Installments
    terms: PaymentTermsIn | None = None  # none: no advance, retention or fine

    def contract(self) -> Contract:
        return Contract(
            number=self.number,
            contractor=self.contractor,
            contractor_tax_id=self.contractor_tax_id,
            amount=self.amount,
            installments=[i.installment() for i in self.installments],
            terms=self.terms.terms() if self.terms is not None else NO_TERMS,
        )


class SignContract(ContractIn, Command, kw_only=True, frozen=True):
    """The contract holds its amount on the line; never more than is available."""

    project_id: UUID


class InspectionIn(Dated, kw_only=True, frozen=True):
    """`delivered_on`: the day the work was delivered (default: the inspection's); the
    days after its due date count for the contract's fine."""

    installment: Number
    committee_note: Text = ""
    delivered_on: date | None = None


class InspectInstallment(InspectionIn, Command, kw_only=True, frozen=True):
    """The committee inspected an installment's delivery (ตรวจรับ)."""

    project_id: UUID


class PaymentIn(Dated, kw_only=True, frozen=True):
    installment: Number
    amount: Money
    voucher: Code


class RecordPayment(PaymentIn, Command, kw_only=True, frozen=True):
    """Pay an inspected installment (เบิกจ่าย)."""

    project_id: UUID


class CorrectionIn(Dated, kw_only=True, frozen=True):
    amount: Money
    reason: Text


class CorrectPayment(CorrectionIn, Command, kw_only=True, frozen=True):
    """A recorded payment's right amount, with the reason (nothing is edited)."""

    project_id: UUID
    corrects_version: Version


class CancellationIn(Dated, kw_only=True, frozen=True):
    reason: Text


class CancelProject(CancellationIn, Command, kw_only=True, frozen=True):
    """What was not paid returns to the line."""

    project_id: UUID


class ClosingIn(Dated, kw_only=True, frozen=True):
    pass


class CloseProject(ClosingIn, Command, kw_only=True, frozen=True):
    """A finished project (ดำเนินการแล้วเสร็จ)."""

    project_id: UUID


# -- corrections and the year's end ---------------------------------------------------


class StageDateCorrectionIn(Dated, kw_only=True, frozen=True):
    """A procurement step's date was entered wrong: the right date, with the reason."""

    stage: Stage
    corrected_date: date
    reason: Text


class CorrectStageDate(StageDateCorrectionIn, Command, kw_only=True, frozen=True):
    project_id: UUID


class CarryOverIn(Dated, kw_only=True, frozen=True):
    """กันเงิน: keep unpaid money of the project past 30 September, until `deadline`:
    money committed by a contract, or (with the council's approval) not yet committed."""

    kind: CarryOverKind
    amount: Money
    deadline: date
    council_approval: CouncilApprovalIn | None = None


class CarryOver(CarryOverIn, Command, kw_only=True, frozen=True):
    project_id: UUID


class CarriedFundsCancellationIn(Dated, kw_only=True, frozen=True):
    """After the carry-over deadline, what is still unpaid is cancelled."""


class CancelCarriedFunds(CarriedFundsCancellationIn, Command, kw_only=True, frozen=True):
    project_id: UUID
