"""Project: one purchase from planning through procurement, contract (its advance, its
amendments), inspection (retention and fines withheld) and payment to closing or
cancellation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain import contract_amendments, project_end, project_payments, project_steps
from budget.domain.access import Actor
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import CarryOverKind
from budget.domain.checks import check_not_before, check_positive
from budget.domain.classification import BudgetGroup
from budget.domain.contract import Contract
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.contract_terms import AdvanceGuarantee, Deductions
from budget.domain.errors import InvalidInput
from budget.domain.ids import project_id
from budget.domain.procurement import (
    Method,
    Stage,
    check_method_fits_amount,
)
from budget.domain.project_money import PaymentEntry
from budget.domain.project_progress import ProjectProgress


class Project(Aggregate, ProjectProgress):
    @staticmethod
    def create_id(lao_code: str, fiscal_year: int, code: str) -> UUID:
        return project_id(lao_code, fiscal_year, code)

    @classmethod
    def plan(
        cls,
        *,
        lao_code: str,
        province_code: str,
        lao_type: AuthorityType,
        fiscal_year: int,
        code: str,
        name: str,
        budget_id: UUID,
        line_code: str,
        budget_group: BudgetGroup,
        method: Method,
        amount: Decimal,
        method_reason: str = "",
        actor: Actor,
        business_date: date,
    ) -> Project:
        if not code.strip() or not name.strip():
            raise InvalidInput(
                problem="a project needs a code and a name", problem_th="โครงการต้องมีรหัสและชื่อ"
            )
        amount = check_positive(
            amount,
            problem="a project needs a positive budget",
            problem_th="งบประมาณโครงการต้องมากกว่าศูนย์",
        )
        check_method_fits_amount(method, amount, method_reason)
        created: Project = cls(
            lao_code=lao_code,
            province_code=province_code,
            lao_type=lao_type,
            fiscal_year=fiscal_year,
            code=code.strip(),
            name=name.strip(),
            budget_id=budget_id,
            line_code=line_code,
            budget_group=budget_group,
            method=method,
            amount=amount,
            method_reason=method_reason.strip(),
            actor=actor,
            business_date=business_date,
        )
        return created

    @event("Planned")
    def __init__(
        self,
        *,
        lao_code: str,
        province_code: str,
        lao_type: AuthorityType,
        fiscal_year: int,
        code: str,
        name: str,
        budget_id: UUID,
        line_code: str,
        budget_group: BudgetGroup,
        method: Method,
        amount: Decimal,
        method_reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.lao_code = lao_code
        self.province_code = province_code
        self.fiscal_year = fiscal_year
        self.code = code
        self.name = name
        self.budget_id = budget_id
        self.line_code = line_code
        self.budget_group = budget_group
        self.method = method
        self.amount = amount
        self.stage_dates: dict[Stage, date] = {Stage.PLANNED: business_date}
        self.appeal_ends_on: date | None = None
        self.reference_price: Decimal | None = None  # the TOR's (cl. 21)
        self.contract: Contract | None = None
        self.inspected: dict[int, date] = {}
        self.payments: dict[int, PaymentEntry] = {}  # by the version of PaymentRecorded
        self.advance: PaymentEntry | None = None  # paid ahead (installment 0)
        self.deductions: dict[int, Deductions] = {}  # by installment, set when inspected
        self.retention_release: PaymentEntry | None = None  # after the warranty (installment 0)
        self.carried_until: date | None = None
        self.closed = False
        self.cancelled = False

    # -- procurement steps -----------------------------------------------------

    publish_plan = project_steps.publish_plan

    @event("ProcurementPlanPublished")
    def _plan_published(self, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.PLAN_PUBLISHED] = business_date

    approve_procurement_report = project_steps.approve_procurement_report

    class ProcurementReportApproved(Aggregate.Event):
        """The procurement report approved (regulation cl. 22): the amount to buy for
        (`estimate`), the reference price it states (cl. 22 (3): the TOR's, or its own
        when `simplified`, cl. 79 para. 2).

        Version 1 (the old order, report before the TOR) stated no reference price: it
        reads as `reference_price` None, not simplified. Stored events are never edited.
        """

        class_version = 2
        estimate: Decimal
        reference_price: Decimal | None
        simplified: bool
        actor: Actor
        business_date: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["reference_price"] = None
            state["simplified"] = False

    @event(ProcurementReportApproved)
    def _report_approved(
        self,
        estimate: Decimal,
        reference_price: Decimal | None,
        simplified: bool,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.stage_dates[Stage.REPORT_APPROVED] = business_date

    set_terms_of_reference = project_steps.set_terms_of_reference

    @event("TermsOfReferenceSet")
    def _terms_set(
        self,
        reference_price: Decimal,
        public_hearing_ended_on: date | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.stage_dates[Stage.TOR_SET] = business_date
        self.reference_price = reference_price

    announce_invitation = project_steps.announce_invitation

    @event("InvitationAnnounced")
    def _invitation_announced(self, invited_firms: int, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.INVITATION_ANNOUNCED] = business_date

    evaluate_bids = project_steps.evaluate_bids

    @event("BidsEvaluated")
    def _bids_evaluated(self, bids_received: int, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.BIDS_EVALUATED] = business_date

    announce_winner = project_steps.announce_winner

    @event("WinnerAnnounced")
    def _winner_announced(
        self,
        winner: str,
        offered_amount: Decimal,
        appeal_ends_on: date | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.stage_dates[Stage.WINNER_ANNOUNCED] = business_date
        self.appeal_ends_on = appeal_ends_on

    sign_contract = project_steps.sign_contract

    @event("ContractSigned")
    def _contract_signed(self, contract: Contract, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.CONTRACT_SIGNED] = business_date
        self.contract = contract

    amend_contract = contract_amendments.amend_contract

    @event("ContractAmended")
    def _contract_amended(
        self,
        kind: AmendmentKind,
        contract: Contract,
        previous_amount: Decimal,
        approved_by: str,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        """Approved by `approved_by` for `reason` (cl. 165): the contract as it now stands."""
        self.contract = contract

    pay_advance = project_payments.pay_advance

    @event("AdvancePaid")
    def _advance_paid(
        self,
        amount: Decimal,
        guarantee: AdvanceGuarantee,
        voucher: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.advance = PaymentEntry(0, amount, voucher, business_date)

    # -- delivery and payment --------------------------------------------------

    inspect = project_payments.inspect

    @event("InstallmentInspected")
    def _inspected(
        self, installment: int, committee_note: str, actor: Actor, business_date: date
    ) -> None:
        self.inspected[installment] = business_date

    @event("DeductionsAssessed")
    def _deductions_assessed(
        self,
        installment: int,
        delivered_on: date,
        days_late: int,
        advance: Decimal,
        retention: Decimal,
        fine: Decimal,
        actor: Actor,
        business_date: date,
    ) -> None:
        """Withheld from the installment's payment when it was inspected: the advance taken
        back, retention, the fine for `days_late` days (budget/domain/contract_terms.py)."""
        self.deductions[installment] = Deductions(advance, retention, fine, days_late)

    check_payment_date = project_payments.check_payment_date
    _check_within_installment = project_payments.check_within_installment
    _check_voucher_unused = project_payments.check_voucher_unused

    record_payment = project_payments.record_payment

    @event("PaymentRecorded")
    def _payment_recorded(
        self, installment: int, amount: Decimal, voucher: str, actor: Actor, business_date: date
    ) -> None:
        self.payments[self.version + 1] = PaymentEntry(installment, amount, voucher, business_date)

    release_retention = project_payments.release_retention

    @event("RetentionReleased")
    def _retention_released(
        self,
        amount: Decimal,
        voucher: str,
        warranty_ended_on: date,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.retention_release = PaymentEntry(0, amount, voucher, business_date)

    # -- corrections -----------------------------------------------------------

    correct_payment = project_payments.correct_payment

    @event("PaymentCorrected")
    def _payment_corrected(
        self,
        corrects_version: int,
        old_amount: Decimal,
        amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.payments[corrects_version].amount = amount

    correct_stage_date = project_steps.correct_stage_date

    @event("StageDateCorrected")
    def _stage_date_corrected(
        self,
        stage: Stage,
        old_date: date,
        corrected_date: date,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.stage_dates[stage] = corrected_date

    # -- the end of a project --------------------------------------------------

    carry_over = project_end.carry_over

    @event("CarriedOver")
    def _carried_over(
        self,
        kind: CarryOverKind,
        amount: Decimal,
        deadline: date,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.carried_until = deadline

    cancel_carried_funds = project_end.cancel_carried_funds

    @event("CarriedFundsCancelled")
    def _carried_funds_cancelled(self, unpaid: Decimal, actor: Actor, business_date: date) -> None:
        self._ends_cancelled(business_date)

    @property
    def last_recorded_on(self) -> date:
        """The latest business date of anything that happened to the project."""
        return max(
            [*self.stage_dates.values(), *self.inspected.values()]
            + [p.paid_on for p in [*self.payments.values(), *self.lump_sums]]
        )

    def _check_not_before_the_last_fact(self, on: date) -> None:
        check_not_before(on, self.last_recorded_on)

    cancel = project_end.cancel

    @event("Cancelled")
    def _cancelled(self, reason: str, actor: Actor, business_date: date) -> None:
        self._ends_cancelled(business_date)

    def _ends_cancelled(self, on: date) -> None:
        """Both ways a project is cancelled end it alike (a reasoned cancellation at any
        stage before closing, DOMAIN.md; the unpaid rest of carried money past its
        deadline): cancelled on `on`, it takes no further step."""
        self.cancelled = True
        self.stage_dates[Stage.CANCELLED] = on

    close = project_end.close

    @event("Closed")
    def _closed(self, actor: Actor, business_date: date) -> None:
        self.closed = True
        self.stage_dates[Stage.CLOSED] = business_date
