"""Use cases of the annual budget: draft, enact, transfer, supplement, carry over."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.application.base import OfficeBase
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.authority import LocalAuthority
from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import BudgetLine, CouncilApproval
from budget.domain.calendar import today
from budget.domain.errors import BudgetNotFound, NotFound, StaleVersion
from budget.domain.ids import authority_id, budget_id


class BudgetCases(OfficeBase):
    def budget(self, lao_code: str, fiscal_year: int, *, for_change: bool = False) -> AnnualBudget:
        try:
            return self.load(
                AnnualBudget, budget_id(lao_code, fiscal_year), lao_code, for_change=for_change
            )
        except NotFound:
            raise BudgetNotFound(lao=lao_code, fiscal_year=fiscal_year) from None

    def _budget_for_change(
        self,
        lao_code: str,
        fiscal_year: int,
        actor: Actor,
        action: Action,
        expected_version: int | None,
    ) -> AnnualBudget:
        budget = self.budget(lao_code, fiscal_year, for_change=True)
        authorize(actor, action, lao=lao_code, province=budget.province_code)
        if expected_version is not None and budget.version != expected_version:
            raise StaleVersion(expected=expected_version, actual=budget.version)
        return budget

    def draft_budget(
        self,
        lao_code: str,
        fiscal_year: int,
        lines: list[BudgetLine],
        *,
        actor: Actor,
        business_date: date | None = None,
    ) -> Recorded:
        authority = self.load(LocalAuthority, authority_id(lao_code), lao_code)
        authorize(actor, Action.ENTER_BUDGET, lao=lao_code, province=authority.province_code)
        authority.check_active()
        budget = AnnualBudget.draft(
            lao_code=lao_code,
            province_code=authority.province_code,
            lao_type=authority.type,
            fiscal_year=fiscal_year,
            lines=lines,
            actor=actor,
            business_date=business_date or today(),
        )
        return self.record(budget, key=f"{lao_code}/{fiscal_year}")

    def add_draft_line(
        self,
        lao_code: str,
        fiscal_year: int,
        line: BudgetLine,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.ENTER_BUDGET, expected_version
        )
        budget.add_draft_line(line=line, actor=actor, business_date=business_date or today())
        return self.record(budget)

    def enact_budget(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        ordinance_date: date,
        approved_by: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.ENTER_BUDGET, expected_version
        )
        budget.enact(
            ordinance_date=ordinance_date,
            approved_by=approved_by,
            actor=actor,
            business_date=business_date or ordinance_date,
        )
        return self.record(budget)

    def transfer_funds(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        from_line: str,
        to_line: str,
        amount: Decimal,
        changes_item: bool = False,
        new_line: BudgetLine | None = None,
        council_approval: CouncilApproval | None = None,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """The executive approves (ข้อ 26); the council's approval is recorded (ข้อ 27)."""
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.APPROVE_TRANSFER, expected_version
        )
        budget.transfer(
            from_line=from_line,
            to_line=to_line,
            amount=amount,
            changes_item=changes_item,
            new_line=new_line,
            council_approval=council_approval,
            actor=actor,
            business_date=business_date or today(),
        )
        return self.record(budget)

    def add_supplementary_budget(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        ordinance_date: date,
        additions: dict[str, Decimal] | None = None,
        new_lines: list[BudgetLine] | None = None,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.ENTER_BUDGET, expected_version
        )
        budget.add_supplementary(
            ordinance_date=ordinance_date,
            additions=additions or {},
            new_lines=new_lines or [],
            actor=actor,
            business_date=business_date or ordinance_date,
        )
        return self.record(budget)

    def record_expenditure(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        line_code: str,
        amount: Decimal,
        voucher: str,
        description: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """Spending straight from a line, without a project (salaries, utilities, ...)."""
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.ENTER_BUDGET, expected_version
        )
        budget.record_expenditure(
            line_code=line_code,
            amount=amount,
            voucher=voucher,
            description=description,
            actor=actor,
            business_date=business_date or today(),
        )
        return self.record(budget)

    def correct_expenditure(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        corrects_version: int,
        amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.ENTER_BUDGET, expected_version
        )
        budget.correct_expenditure(
            corrects_version=corrects_version,
            amount=amount,
            reason=reason,
            actor=actor,
            business_date=business_date or today(),
        )
        return self.record(budget)

    def close_year(
        self,
        lao_code: str,
        fiscal_year: int,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """Year-end: what was neither paid nor carried over lapses."""
        budget = self._budget_for_change(
            lao_code, fiscal_year, actor, Action.ENTER_BUDGET, expected_version
        )
        budget.close_year(actor=actor, business_date=business_date or today())
        return self.record(budget)
