"""Project: one purchase from planning through procurement, contract,
inspection and payment to closing or cancellation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import CarryOverKind
from budget.domain.calendar import THAI, WorkingCalendar, appeal_window_end
from budget.domain.classification import BudgetGroup
from budget.domain.contract import Contract
from budget.domain.errors import (
    DateBeforePreviousStage,
    DomainError,
    DuplicateVoucher,
    EventNotCorrectable,
    InsideAppealWindow,
    InstallmentAlreadyInspected,
    InstallmentNotFound,
    InstallmentNotInspected,
    InvalidInput,
    PaymentDateNotAllowed,
    PaymentExceedsInstallment,
    ProjectClosed,
    ProjectNotFinished,
    PublicHearingRequired,
    ReasonRequired,
    StageOutOfOrder,
    TooFewInvitedFirms,
)
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import project_id
from budget.domain.money import baht, total
from budget.domain.procurement import (
    MIN_INVITED_FOR_SELECTION,
    Method,
    Stage,
    check_method_fits_amount,
    has_appeal_window,
    needs_public_hearing,
    next_step,
    stage_of,
    steps_for,
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


@dataclass(slots=True)
class PaymentEntry:
    installment: int
    amount: Decimal
    voucher: str
    paid_on: date


class Project(Aggregate):
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
        amount = baht(amount)
        if amount <= 0:
            raise InvalidInput(
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
        self.contract: Contract | None = None
        self.inspected: dict[int, date] = {}
        self.payments: dict[int, PaymentEntry] = {}  # by the version of PaymentRecorded
        self.carried_until: date | None = None
        self.closed = False
        self.cancelled = False

    # -- reading ---------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        installments = self.contract.installments if self.contract is not None else []
        done = self.steps_done
        return stage_of(
            closed=self.closed,
            cancelled=self.cancelled,
            last_step=done[-1] if done else None,
            installments=len(installments),
            inspected=len(self.inspected),
            paid_in_full=sum(self.paid_on(i.number) == i.amount for i in installments),
        )

    @property
    def steps_done(self) -> list[Stage]:
        return [s for s in steps_for(self.method) if s in self.stage_dates]

    @property
    def paid(self) -> Decimal:
        return total(p.amount for p in self.payments.values())

    @property
    def unpaid(self) -> Decimal:
        committed = self.contract.amount if self.contract else self.amount
        return committed - self.paid

    def paid_on(self, installment: int) -> Decimal:
        return total(p.amount for p in self.payments.values() if p.installment == installment)

    def _check_open(self) -> None:
        if self.closed or self.cancelled:
            state = "closed" if self.closed else "cancelled"
            raise ProjectClosed(state=self.stage.name_th, state_en=state)

    @property
    def next_step(self) -> Stage | None:
        """The procurement step to record next (the contract included): none once the
        project is closed, cancelled or under contract."""
        return next_step(self.method, self.stage_dates, ended=self.closed or self.cancelled)

    def _check_next_step(self, stage: Stage, on: date) -> None:
        self._check_open()
        expected = next_step(self.method, self.stage_dates)
        if stage is not expected:
            raise self._out_of_order(stage, expected)
        done = self.steps_done
        previous = self.stage_dates[done[-1] if done else Stage.PLANNED]
        if on < previous:
            raise DateBeforePreviousStage(date=on, previous=previous)

    def _out_of_order(self, stage: Stage, expected: Stage | None) -> DomainError:
        """The refusal of a step that is not next, saying what is (after the steps, the
        contract; after the contract, an installment's inspection)."""
        if expected is not None:
            next_en = f"the next stage must be {expected.value}"
            next_th = f"ขั้นตอนถัดไปต้องเป็น{expected.name_th}"
        elif self.contract is None:
            expected = Stage.CONTRACT_SIGNED
            next_en = "the procurement steps are done: sign the contract next"
            next_th = "ขั้นตอนจัดหาครบแล้ว ขั้นต่อไปคือลงนามในสัญญา"
        else:
            expected = Stage.INSPECTED
            next_en = "the contract is signed: next, inspect an installment's delivery"
            next_th = "ลงนามในสัญญาแล้ว ขั้นต่อไปคือตรวจรับงานงวดที่ส่งมอบ"
        return StageOutOfOrder(
            stage=stage.value,
            expected=expected.value,
            stage_th=stage.name_th,
            next_en=next_en,
            next_th=next_th,
        )

    # -- procurement steps -----------------------------------------------------

    def publish_plan(self, *, actor: Actor, business_date: date) -> None:
        self._check_next_step(Stage.PLAN_PUBLISHED, business_date)
        self._plan_published(actor=actor, business_date=business_date)

    @event("ProcurementPlanPublished")
    def _plan_published(self, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.PLAN_PUBLISHED] = business_date

    def approve_procurement_report(
        self, *, estimate: Decimal, actor: Actor, business_date: date
    ) -> None:
        self._check_next_step(Stage.REPORT_APPROVED, business_date)
        self._report_approved(estimate=baht(estimate), actor=actor, business_date=business_date)

    @event("ProcurementReportApproved")
    def _report_approved(self, estimate: Decimal, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.REPORT_APPROVED] = business_date

    def set_terms_of_reference(
        self,
        *,
        reference_price: Decimal,
        public_hearing_ended_on: date | None = None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self._check_next_step(Stage.TOR_SET, business_date)
        if needs_public_hearing(self.method) and public_hearing_ended_on is None:
            raise PublicHearingRequired()
        self._terms_set(
            reference_price=baht(reference_price),
            public_hearing_ended_on=public_hearing_ended_on,
            actor=actor,
            business_date=business_date,
        )

    @event("TermsOfReferenceSet")
    def _terms_set(
        self,
        reference_price: Decimal,
        public_hearing_ended_on: date | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.stage_dates[Stage.TOR_SET] = business_date

    def announce_invitation(
        self, *, invited_firms: int = 0, actor: Actor, business_date: date
    ) -> None:
        self._check_next_step(Stage.INVITATION_ANNOUNCED, business_date)
        if self.method is Method.SELECTION and invited_firms < MIN_INVITED_FOR_SELECTION:
            raise TooFewInvitedFirms(invited=invited_firms)
        self._invitation_announced(
            invited_firms=invited_firms, actor=actor, business_date=business_date
        )

    @event("InvitationAnnounced")
    def _invitation_announced(self, invited_firms: int, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.INVITATION_ANNOUNCED] = business_date

    def evaluate_bids(self, *, bids_received: int, actor: Actor, business_date: date) -> None:
        self._check_next_step(Stage.BIDS_EVALUATED, business_date)
        if bids_received < 1:
            raise InvalidInput(
                problem="bids can be evaluated only when at least one arrived",
                problem_th="พิจารณาข้อเสนอได้เมื่อมีผู้ยื่นอย่างน้อยหนึ่งราย",
            )
        self._bids_evaluated(bids_received=bids_received, actor=actor, business_date=business_date)

    @event("BidsEvaluated")
    def _bids_evaluated(self, bids_received: int, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.BIDS_EVALUATED] = business_date

    def announce_winner(
        self,
        *,
        winner: str,
        offered_amount: Decimal,
        calendar: WorkingCalendar = THAI,
        actor: Actor,
        business_date: date,
    ) -> None:
        """The appeal window runs on `calendar` (the cabinet's extra holidays too)."""
        self._check_next_step(Stage.WINNER_ANNOUNCED, business_date)
        if not winner.strip():
            raise InvalidInput(problem="name the winner", problem_th="ต้องระบุผู้ชนะ")
        appeal_ends_on = (
            appeal_window_end(business_date, calendar) if has_appeal_window(self.method) else None
        )
        self._winner_announced(
            winner=winner.strip(),
            offered_amount=baht(offered_amount),
            appeal_ends_on=appeal_ends_on,
            actor=actor,
            business_date=business_date,
        )

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

    def sign_contract(self, *, contract: Contract, actor: Actor, business_date: date) -> None:
        """The budget checks the line's money; this checks the legal order and dates."""
        self._check_next_step(Stage.CONTRACT_SIGNED, business_date)
        if self.appeal_ends_on is not None and business_date <= self.appeal_ends_on:
            raise InsideAppealWindow(appeal_ends_on=self.appeal_ends_on)
        self._contract_signed(contract=contract, actor=actor, business_date=business_date)

    @event("ContractSigned")
    def _contract_signed(self, contract: Contract, actor: Actor, business_date: date) -> None:
        self.stage_dates[Stage.CONTRACT_SIGNED] = business_date
        self.contract = contract

    # -- delivery and payment --------------------------------------------------

    def _installment(self, number: int) -> Decimal:
        installment = self.contract.installment(number) if self.contract else None
        if installment is None:
            raise InstallmentNotFound(number=number)
        return installment.amount

    def inspect(
        self, *, installment: int, committee_note: str = "", actor: Actor, business_date: date
    ) -> None:
        """The inspection committee accepted the work of an installment (ตรวจรับ)."""
        self._check_open()
        self._installment(installment)
        if installment in self.inspected:
            raise InstallmentAlreadyInspected(number=installment)
        signed_on = self.stage_dates[Stage.CONTRACT_SIGNED]
        if business_date < signed_on:
            raise DateBeforePreviousStage(date=business_date, previous=signed_on)
        self._inspected(
            installment=installment,
            committee_note=committee_note,
            actor=actor,
            business_date=business_date,
        )

    @event("InstallmentInspected")
    def _inspected(
        self, installment: int, committee_note: str, actor: Actor, business_date: date
    ) -> None:
        self.inspected[installment] = business_date

    def check_payment_date(self, paid_on: date) -> None:
        """Inside the fiscal year, or until the carry-over deadline (after 30 September)."""
        year = FiscalYear(self.fiscal_year)
        last_day = self.carried_until or year.ends_on
        if not year.starts_on <= paid_on <= last_day:
            raise PaymentDateNotAllowed(date=paid_on, fiscal_year=self.fiscal_year)

    def _check_within_installment(self, installment: int, change: Decimal) -> None:
        """What is paid on an installment, all its payments together, never exceeds it.

        The installments add up to the contract (contract.py), so the sum paid never exceeds
        the contract amount either (DOMAIN.md, "Rules that hold at every moment").
        """
        limit = self._installment(installment)
        new_total = self.paid_on(installment) + change
        if new_total > limit:
            raise PaymentExceedsInstallment(
                number=installment, total=f"{new_total:,.2f}", amount=f"{limit:,.2f}"
            )

    def _check_voucher_unused(self, voucher: str) -> None:
        if any(p.voucher == voucher for p in self.payments.values()):
            raise DuplicateVoucher(voucher=voucher)

    def record_payment(
        self, *, installment: int, amount: Decimal, voucher: str, actor: Actor, business_date: date
    ) -> None:
        """เบิกจ่าย: a payment voucher (ฎีกา) for an inspected installment."""
        self._check_open()
        amount = baht(amount)
        if amount <= 0:
            raise InvalidInput(
                problem="a payment is a positive amount", problem_th="จำนวนเงินที่เบิกจ่ายต้องมากกว่าศูนย์"
            )
        if not voucher.strip():
            raise InvalidInput(
                problem="a payment needs its voucher number", problem_th="การเบิกจ่ายต้องมีเลขที่ฎีกา"
            )
        self._installment(installment)
        inspected_on = self.inspected.get(installment)
        if inspected_on is None:
            raise InstallmentNotInspected(number=installment)
        self._check_voucher_unused(voucher.strip())
        self.check_payment_date(business_date)
        if business_date < inspected_on:
            raise DateBeforePreviousStage(date=business_date, previous=inspected_on)
        self._check_within_installment(installment, amount)
        self._payment_recorded(
            installment=installment,
            amount=amount,
            voucher=voucher.strip(),
            actor=actor,
            business_date=business_date,
        )

    @event("PaymentRecorded")
    def _payment_recorded(
        self, installment: int, amount: Decimal, voucher: str, actor: Actor, business_date: date
    ) -> None:
        self.payments[self.version + 1] = PaymentEntry(installment, amount, voucher, business_date)

    # -- corrections -----------------------------------------------------------

    def correct_payment(
        self,
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
        self._check_open()
        _check_reason(reason)
        entry = self.payments.get(corrects_version)
        if entry is None:
            raise EventNotCorrectable(
                version=corrects_version,
                problem="it is not a payment",
                problem_th="รายการนั้นไม่ใช่การเบิกจ่าย",
            )
        amount = baht(amount)
        if amount == entry.amount:
            raise EventNotCorrectable(
                version=corrects_version,
                problem="the amount is the same",
                problem_th="จำนวนเงินเท่าเดิม",
            )
        self._check_within_installment(entry.installment, amount - entry.amount)
        old_amount = entry.amount
        self._payment_corrected(
            corrects_version=corrects_version,
            old_amount=old_amount,
            amount=amount,
            reason=reason.strip(),
            actor=actor,
            business_date=business_date,
        )
        return old_amount

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

    def correct_stage_date(
        self, *, stage: Stage, corrected_date: date, reason: str, actor: Actor, business_date: date
    ) -> None:
        """The date a procurement step happened was entered wrong.

        Only the steps before the winner's announcement: that date and the contract's
        set the appeal window and what follows, so they are not moved afterwards.
        """
        _check_reason(reason)
        if stage not in CORRECTABLE_STEPS:
            raise EventNotCorrectable(
                version=0,
                problem=f"the date of {stage.value} sets legal deadlines",
                problem_th=f"วันที่ของขั้นตอน{stage.name_th}กำหนดระยะเวลาตามกฎหมาย",
            )
        if stage not in self.stage_dates:
            raise EventNotCorrectable(
                version=0,
                problem=f"stage {stage.value} was not recorded",
                problem_th=f"ยังไม่ได้บันทึกขั้นตอน{stage.name_th}",
            )
        order = [Stage.PLANNED, *self.steps_done]
        index = order.index(stage)
        before = self.stage_dates[order[index - 1]]
        if corrected_date < before:
            raise DateBeforePreviousStage(date=corrected_date, previous=before)
        if index + 1 < len(order) and corrected_date > self.stage_dates[order[index + 1]]:
            raise InvalidInput(
                problem="the corrected date falls after the next stage's date",
                problem_th="วันที่ที่แก้ไขอยู่หลังวันที่ของขั้นตอนถัดไป",
            )
        self._stage_date_corrected(
            stage=stage,
            old_date=self.stage_dates[stage],
            corrected_date=corrected_date,
            reason=reason.strip(),
            actor=actor,
            business_date=business_date,
        )

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

    def carry_over(
        self,
        *,
        kind: CarryOverKind,
        amount: Decimal,
        deadline: date,
        actor: Actor,
        business_date: date,
    ) -> None:
        """Mirror of the budget's กันเงิน: payments may follow until the deadline."""
        self._check_open()
        self._carried_over(
            kind=kind, amount=amount, deadline=deadline, actor=actor, business_date=business_date
        )

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

    def cancel_carried_funds(self, *, actor: Actor, business_date: date) -> Decimal:
        """Past the carry-over deadline the unpaid rest is cancelled; returns how much."""
        self._check_open()
        if self.carried_until is None or business_date <= self.carried_until:
            raise InvalidInput(
                problem="carried money is cancelled only after its deadline",
                problem_th="ยกเลิกเงินกันได้หลังครบกำหนดเท่านั้น",
            )
        unpaid = self.unpaid
        self._carried_funds_cancelled(unpaid=unpaid, actor=actor, business_date=business_date)
        return unpaid

    @event("CarriedFundsCancelled")
    def _carried_funds_cancelled(self, unpaid: Decimal, actor: Actor, business_date: date) -> None:
        self.cancelled = True
        self.stage_dates[Stage.CANCELLED] = business_date

    @property
    def last_recorded_on(self) -> date:
        """The latest business date of anything that happened to the project."""
        return max(
            [*self.stage_dates.values(), *self.inspected.values()]
            + [p.paid_on for p in self.payments.values()]
        )

    def _check_not_before_the_last_fact(self, on: date) -> None:
        if on < self.last_recorded_on:
            raise DateBeforePreviousStage(date=on, previous=self.last_recorded_on)

    def cancel(self, *, reason: str, actor: Actor, business_date: date) -> None:
        self._check_open()
        _check_reason(reason)
        self._check_not_before_the_last_fact(business_date)
        self._cancelled(reason=reason.strip(), actor=actor, business_date=business_date)

    @event("Cancelled")
    def _cancelled(self, reason: str, actor: Actor, business_date: date) -> None:
        self.cancelled = True
        self.stage_dates[Stage.CANCELLED] = business_date

    def close(self, *, actor: Actor, business_date: date) -> None:
        self._check_open()
        if self.stage is not Stage.PAID:
            raise ProjectNotFinished(
                problem="every installment must be inspected and paid",
                problem_th="ทุกงวดต้องตรวจรับและเบิกจ่ายแล้ว",
            )
        self._check_not_before_the_last_fact(business_date)
        self._closed(actor=actor, business_date=business_date)

    @event("Closed")
    def _closed(self, actor: Actor, business_date: date) -> None:
        self.closed = True
        self.stage_dates[Stage.CLOSED] = business_date


def _check_reason(reason: str) -> None:
    if not reason.strip():
        raise ReasonRequired()
