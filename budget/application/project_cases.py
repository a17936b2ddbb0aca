"""Use cases of a project: plan, procure, contract, inspect, pay, correct, end.

A project's money lives on its budget line, so every command that moves money
changes the project and its AnnualBudget in one transaction.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from budget.application.base import OfficeBase
from budget.application.budget_cases import BudgetCases
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import CarryOverKind, CouncilApproval
from budget.domain.calendar import today
from budget.domain.contract import Contract
from budget.domain.procurement import Method, Stage
from budget.domain.project import Project


class ProjectCases(BudgetCases, OfficeBase):
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

    def plan_project(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        code: str,
        name: str,
        line_code: str,
        method: Method,
        amount: Decimal,
        method_reason: str = "",
        actor: Actor,
        business_date: date | None = None,
    ) -> Recorded:
        """A project on an enacted budget line; its budget is set aside on the line."""
        budget = self.budget(lao_code, fiscal_year, for_change=True)
        authorize(actor, Action.ENTER_PROJECT, lao=lao_code, province=budget.province_code)
        budget.check_open_for_spending()
        on = business_date or today()
        project = Project.plan(
            lao_code=lao_code,
            province_code=budget.province_code,
            lao_type=budget.lao_type,
            fiscal_year=fiscal_year,
            code=code,
            name=name,
            budget_id=budget.id,
            line_code=line_code,
            budget_group=budget.ledger(line_code).line.group,
            method=method,
            amount=amount,
            method_reason=method_reason,
            actor=actor,
            business_date=on,
        )
        budget.reserve(
            project_id=str(project.id),
            line_code=line_code,
            amount=project.amount,
            actor=actor,
            business_date=on,
        )
        return self.record(project, budget, key=f"{lao_code}/{fiscal_year}/{code}")

    def _step(
        self,
        project_id: UUID,
        command: str,
        actor: Actor,
        business_date: date | None,
        expected_version: int | None,
        **details: Any,
    ) -> Recorded:
        project = self._for_change(project_id, actor, expected_version)
        getattr(project, command)(actor=actor, business_date=business_date or today(), **details)
        return self.record(project)

    def publish_procurement_plan(
        self,
        project_id: UUID,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(project_id, "publish_plan", actor, business_date, expected_version)

    def approve_procurement_report(
        self,
        project_id: UUID,
        *,
        estimate: Decimal,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "approve_procurement_report",
            actor,
            business_date,
            expected_version,
            estimate=estimate,
        )

    def set_terms_of_reference(
        self,
        project_id: UUID,
        *,
        reference_price: Decimal,
        public_hearing_ended_on: date | None = None,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "set_terms_of_reference",
            actor,
            business_date,
            expected_version,
            reference_price=reference_price,
            public_hearing_ended_on=public_hearing_ended_on,
        )

    def announce_invitation(
        self,
        project_id: UUID,
        *,
        invited_firms: int = 0,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "announce_invitation",
            actor,
            business_date,
            expected_version,
            invited_firms=invited_firms,
        )

    def evaluate_bids(
        self,
        project_id: UUID,
        *,
        bids_received: int,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "evaluate_bids",
            actor,
            business_date,
            expected_version,
            bids_received=bids_received,
        )

    def announce_winner(
        self,
        project_id: UUID,
        *,
        winner: str,
        offered_amount: Decimal,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "announce_winner",
            actor,
            business_date,
            expected_version,
            winner=winner,
            offered_amount=offered_amount,
        )

    def sign_contract(
        self,
        project_id: UUID,
        contract: Contract,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """The contract holds its amount on the line; never more than is available."""
        project, budget = self._with_budget(project_id, actor, expected_version)
        on = business_date or today()
        project.sign_contract(contract=contract, actor=actor, business_date=on)
        budget.commit(
            project_id=str(project.id),
            line_code=project.line_code,
            amount=contract.amount,
            actor=actor,
            business_date=on,
        )
        return self.record(project, budget)

    def inspect_installment(
        self,
        project_id: UUID,
        installment: int,
        *,
        committee_note: str = "",
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "inspect",
            actor,
            business_date,
            expected_version,
            installment=installment,
            committee_note=committee_note,
        )

    def record_payment(
        self,
        project_id: UUID,
        installment: int,
        *,
        amount: Decimal,
        voucher: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        project, budget = self._with_budget(project_id, actor, expected_version)
        on = business_date or today()
        project.record_payment(
            installment=installment, amount=amount, voucher=voucher, actor=actor, business_date=on
        )
        budget.disburse(
            project_id=str(project.id),
            line_code=project.line_code,
            amount=project.payments[project.version].amount,
            actor=actor,
            business_date=on,
        )
        return self.record(project, budget)

    def correct_payment(
        self,
        project_id: UUID,
        *,
        corrects_version: int,
        amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        project, budget = self._with_budget(project_id, actor, expected_version)
        on = business_date or today()
        old_amount = project.correct_payment(
            corrects_version=corrects_version,
            amount=amount,
            reason=reason,
            actor=actor,
            business_date=on,
        )
        budget.correct_disbursement(
            project_id=str(project.id),
            line_code=project.line_code,
            old_amount=old_amount,
            new_amount=project.payments[corrects_version].amount,
            reason=reason,
            actor=actor,
            business_date=on,
        )
        return self.record(project, budget)

    def correct_stage_date(
        self,
        project_id: UUID,
        *,
        stage: Stage,
        corrected_date: date,
        reason: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(
            project_id,
            "correct_stage_date",
            actor,
            business_date,
            expected_version,
            stage=stage,
            corrected_date=corrected_date,
            reason=reason,
        )

    def carry_over(
        self,
        project_id: UUID,
        *,
        kind: CarryOverKind,
        amount: Decimal,
        deadline: date,
        council_approval: CouncilApproval | None = None,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """กันเงิน: tracked on the budget's line and on the project."""
        project, budget = self._with_budget(project_id, actor, expected_version)
        on = business_date or today()
        budget.carry_over(
            project_id=str(project.id),
            line_code=project.line_code,
            kind=kind,
            amount=amount,
            deadline=deadline,
            council_approval=council_approval,
            actor=actor,
            business_date=on,
        )
        project.carry_over(
            kind=kind, amount=amount, deadline=deadline, actor=actor, business_date=on
        )
        return self.record(project, budget)

    def cancel_carried_funds(
        self,
        project_id: UUID,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """After the carry-over deadline, what is still unpaid is cancelled."""
        project, budget = self._with_budget(project_id, actor, expected_version)
        on = business_date or today()
        unpaid = project.cancel_carried_funds(actor=actor, business_date=on)
        carried = budget.ledger(project.line_code).carried.get(str(project.id))
        budget.cancel_carried(
            project_id=str(project.id),
            line_code=project.line_code,
            amount=min(unpaid, carried if carried is not None else unpaid),
            actor=actor,
            business_date=on,
        )
        return self.record(project, budget)

    def cancel_project(
        self,
        project_id: UUID,
        *,
        reason: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """What was not paid returns to the line."""
        project, budget = self._with_budget(project_id, actor, expected_version)
        on = business_date or today()
        project.cancel(reason=reason, actor=actor, business_date=on)
        budget.release(
            project_id=str(project.id),
            line_code=project.line_code,
            reason=reason,
            actor=actor,
            business_date=on,
        )
        return self.record(project, budget)

    def close_project(
        self,
        project_id: UUID,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        return self._step(project_id, "close", actor, business_date, expected_version)
