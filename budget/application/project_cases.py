"""Use cases of a project: plan, procure, contract, inspect, pay, correct, end.

A project's money lives on its budget line, so every command that moves money
changes the project and its AnnualBudget in one transaction.
"""

from __future__ import annotations

from uuid import UUID

from budget.application.base import OfficeBase
from budget.application.budget_cases import BudgetCases
from budget.application.calendar_cases import CalendarCases
from budget.application.commands import (
    BidsEvaluated,
    CancelCarriedFunds,
    CancelProject,
    CarryOver,
    CloseProject,
    CorrectPayment,
    CorrectStageDate,
    InspectInstallment,
    InvitationAnnounced,
    PlanProject,
    PlanPublished,
    RecordPayment,
    RecordProcurementStep,
    ReportApproved,
    SignContract,
    Stamp,
    TermsSet,
    WinnerAnnounced,
    approval_of,
)
from budget.application.handlers import handles
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.budget import AnnualBudget
from budget.domain.calendar import today
from budget.domain.project import Project


class ProjectCases(BudgetCases, CalendarCases, OfficeBase):
    def project(self, project_id: UUID, expected_version: int | None = None) -> Project:
        return self.load(Project, project_id, str(project_id), expected_version)

    def _for_change(self, project_id: UUID, actor: Actor, expected_version: int | None) -> Project:
        project = self.load(Project, project_id, str(project_id), expected_version, for_change=True)
        authorize(actor, Action.ENTER_PROJECT, lao=project.lao_code, province=project.province_code)
        return project

    def _with_budget(
        self, project_id: UUID, actor: Actor, expected_version: int | None
    ) -> tuple[Project, AnnualBudget]:
        """A project and its budget, both taken for a command that moves money."""
        project = self._for_change(project_id, actor, expected_version)
        return project, self.budget(project.lao_code, project.fiscal_year, for_change=True)

    @handles(PlanProject)
    def _plan_project(self, c: PlanProject, actor: Actor, _expected: int | None) -> Recorded:
        """A project on an enacted budget line; its budget is set aside on the line."""
        budget = self.budget(c.lao_code, c.fiscal_year, for_change=True)
        authorize(actor, Action.ENTER_PROJECT, lao=c.lao_code, province=budget.province_code)
        budget.check_open_for_spending()
        by = c.stamp(actor)
        project = Project.plan(
            lao_code=c.lao_code,
            province_code=budget.province_code,
            lao_type=budget.lao_type,
            fiscal_year=c.fiscal_year,
            code=c.code,
            name=c.name,
            budget_id=budget.id,
            line_code=c.line_code,
            budget_group=budget.ledger(c.line_code).line.group,
            method=c.method,
            amount=c.amount,
            method_reason=c.method_reason,
            **by,
        )
        budget.reserve(
            project_id=str(project.id), line_code=c.line_code, amount=project.amount, **by
        )
        return self.record(project, budget, key=f"{c.lao_code}/{c.fiscal_year}/{c.code}")

    @handles(RecordProcurementStep)
    def _record_step(
        self, c: RecordProcurementStep, actor: Actor, expected: int | None
    ) -> Recorded:
        """A procurement step before the contract, in the order the regulation sets."""
        project = self._for_change(c.project_id, actor, expected)
        by: Stamp = {"actor": actor, "business_date": c.step.business_date or today()}
        match c.step:
            case PlanPublished():
                project.publish_plan(**by)
            case TermsSet(reference_price=price, public_hearing_ended_on=hearing):
                project.set_terms_of_reference(
                    reference_price=price, public_hearing_ended_on=hearing, **by
                )
            case ReportApproved(estimate=estimate, reference_price=stated):
                project.approve_procurement_report(estimate=estimate, reference_price=stated, **by)
            case InvitationAnnounced(invited_firms=firms):
                project.announce_invitation(invited_firms=firms, **by)
            case BidsEvaluated(bids_received=bids):
                project.evaluate_bids(bids_received=bids, **by)
            case WinnerAnnounced(winner=winner, offered_amount=offered):
                project.announce_winner(
                    winner=winner, offered_amount=offered, calendar=self.working_calendar(), **by
                )
        return self.record(project)

    @handles(SignContract)
    def _sign_contract(self, c: SignContract, actor: Actor, expected: int | None) -> Recorded:
        """The contract holds its amount on the line; never more than is available."""
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        contract = c.contract()
        project.sign_contract(contract=contract, **by)
        budget.commit(
            project_id=str(project.id), line_code=project.line_code, amount=contract.amount, **by
        )
        return self.record(project, budget)

    @handles(InspectInstallment)
    def _inspect(self, c: InspectInstallment, actor: Actor, expected: int | None) -> Recorded:
        project = self._for_change(c.project_id, actor, expected)
        project.inspect(
            installment=c.installment,
            committee_note=c.committee_note,
            delivered_on=c.delivered_on,
            **c.stamp(actor),
        )
        return self.record(project)

    @handles(RecordPayment)
    def _record_payment(self, c: RecordPayment, actor: Actor, expected: int | None) -> Recorded:
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        project.record_payment(installment=c.installment, amount=c.amount, voucher=c.voucher, **by)
        budget.disburse(
            project_id=str(project.id),
            line_code=project.line_code,
            amount=project.payments[project.version].amount,
            **by,
        )
        return self.record(project, budget)

    @handles(CorrectPayment)
    def _correct_payment(self, c: CorrectPayment, actor: Actor, expected: int | None) -> Recorded:
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        old_amount = project.correct_payment(
            corrects_version=c.corrects_version, amount=c.amount, reason=c.reason, **by
        )
        budget.correct_disbursement(
            project_id=str(project.id),
            line_code=project.line_code,
            old_amount=old_amount,
            new_amount=project.payments[c.corrects_version].amount,
            reason=c.reason,
            **by,
        )
        return self.record(project, budget)

    @handles(CorrectStageDate)
    def _correct_stage_date(
        self, c: CorrectStageDate, actor: Actor, expected: int | None
    ) -> Recorded:
        project = self._for_change(c.project_id, actor, expected)
        project.correct_stage_date(
            stage=c.stage, corrected_date=c.corrected_date, reason=c.reason, **c.stamp(actor)
        )
        return self.record(project)

    @handles(CarryOver)
    def _carry_over(self, c: CarryOver, actor: Actor, expected: int | None) -> Recorded:
        """กันเงิน: tracked on the budget's line and on the project."""
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        budget.carry_over(
            project_id=str(project.id),
            line_code=project.line_code,
            kind=c.kind,
            amount=c.amount,
            deadline=c.deadline,
            council_approval=approval_of(c.council_approval),
            **by,
        )
        project.carry_over(kind=c.kind, amount=c.amount, deadline=c.deadline, **by)
        return self.record(project, budget)

    @handles(CancelCarriedFunds)
    def _cancel_carried_funds(
        self, c: CancelCarriedFunds, actor: Actor, expected: int | None
    ) -> Recorded:
        """After the carry-over deadline, what is still unpaid is cancelled."""
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        unpaid = project.cancel_carried_funds(**by)
        carried = budget.ledger(project.line_code).carried.get(str(project.id))
        budget.cancel_carried(
            project_id=str(project.id),
            line_code=project.line_code,
            amount=min(unpaid, carried if carried is not None else unpaid),
            **by,
        )
        return self.record(project, budget)

    @handles(CancelProject)
    def _cancel_project(self, c: CancelProject, actor: Actor, expected: int | None) -> Recorded:
        """What was not paid returns to the line."""
        project, budget = self._with_budget(c.project_id, actor, expected)
        by = c.stamp(actor)
        project.cancel(reason=c.reason, **by)
        budget.release(
            project_id=str(project.id), line_code=project.line_code, reason=c.reason, **by
        )
        return self.record(project, budget)

    @handles(CloseProject)
    def _close_project(self, c: CloseProject, actor: Actor, expected: int | None) -> Recorded:
        project = self._for_change(c.project_id, actor, expected)
        project.close(**c.stamp(actor))
        return self.record(project)
