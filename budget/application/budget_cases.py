"""Use cases of the annual budget: draft, enact, transfer, supplement, spend, close."""

from __future__ import annotations

from typing import Protocol

from budget.application.base import OfficeBase
from budget.application.commands import (
    AddDraftLine,
    AddSupplementaryBudget,
    CloseYear,
    CorrectExpenditure,
    DraftBudget,
    EnactBudget,
    RecordExpenditure,
    ReportTransfer,
    TransferFunds,
    approval_of,
)
from budget.application.handlers import handles
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.authority import LocalAuthority
from budget.domain.before_enactment import PreviousOrdinance
from budget.domain.budget import AnnualBudget
from budget.domain.errors import BudgetNotFound, NotFound, StaleVersion
from budget.domain.ids import authority_id, budget_id
from budget.domain.oversight import ordinance_approver


class OfBudget(Protocol):
    """A command about one LAO's budget of one year."""

    @property
    def lao_code(self) -> str: ...
    @property
    def fiscal_year(self) -> int: ...


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
        c: OfBudget,
        actor: Actor,
        expected_version: int | None,
        action: Action = Action.ENTER_BUDGET,
    ) -> AnnualBudget:
        """The budget a command changes, taken for it once `actor` may do `action` there."""
        budget = self.budget(c.lao_code, c.fiscal_year, for_change=True)
        authorize(actor, action, lao=c.lao_code, province=budget.province_code)
        if expected_version is not None and budget.version != expected_version:
            raise StaleVersion(expected=expected_version, actual=budget.version)
        return budget

    @handles(DraftBudget)
    def _draft_budget(self, c: DraftBudget, actor: Actor, _expected: int | None) -> Recorded:
        authority = self.load(LocalAuthority, authority_id(c.lao_code), c.lao_code)
        authorize(actor, Action.ENTER_BUDGET, lao=c.lao_code, province=authority.province_code)
        authority.check_active()
        budget = AnnualBudget.draft(
            lao_code=c.lao_code,
            province_code=authority.province_code,
            lao_type=authority.type,
            fiscal_year=c.fiscal_year,
            lines=[line.line() for line in c.lines],
            **c.stamp(actor),
        )
        return self.record(budget, key=f"{c.lao_code}/{c.fiscal_year}")

    @handles(AddDraftLine)
    def _add_draft_line(self, c: AddDraftLine, actor: Actor, expected: int | None) -> Recorded:
        budget = self._budget_for_change(c, actor, expected)
        budget.add_draft_line(line=c.line(), **c.stamp(actor))
        return self.record(budget)

    @handles(EnactBudget)
    def _enact_budget(self, c: EnactBudget, actor: Actor, expected: int | None) -> Recorded:
        """The ordinance as approved: by the office the command names, else by the one the
        law names for the LAO's type (budget/domain/oversight.py), recorded either way."""
        budget = self._budget_for_change(c, actor, expected)
        budget.enact(
            ordinance_date=c.ordinance_date,
            approved_by=c.approved_by,
            approver=c.approver or ordinance_approver(budget.lao_type),
            actor=actor,
            business_date=c.business_date or c.ordinance_date,
        )
        return self.record(budget)

    @handles(TransferFunds)
    def _transfer_funds(self, c: TransferFunds, actor: Actor, expected: int | None) -> Recorded:
        """The executive approves (ข้อ 26); the council's approval is recorded (ข้อ 27)."""
        budget = self._budget_for_change(c, actor, expected, Action.APPROVE_TRANSFER)
        budget.transfer(
            from_line=c.from_line,
            to_line=c.to_line,
            amount=c.amount,
            changes_item=c.changes_item,
            new_line=c.new_line.line() if c.new_line is not None else None,
            council_approval=approval_of(c.council_approval),
            **c.stamp(actor),
        )
        return self.record(budget)

    @handles(ReportTransfer)
    def _report_transfer(self, c: ReportTransfer, actor: Actor, expected: int | None) -> Recorded:
        """The transfer reported to the governor or district chief (within 15 days)."""
        budget = self._budget_for_change(c, actor, expected)
        budget.report_transfer(
            transfer_version=c.transfer_version,
            reported_on=c.reported_on,
            letter=c.letter,
            **c.stamp(actor),
        )
        return self.record(budget)

    @handles(AddSupplementaryBudget)
    def _add_supplementary_budget(
        self, c: AddSupplementaryBudget, actor: Actor, expected: int | None
    ) -> Recorded:
        budget = self._budget_for_change(c, actor, expected)
        budget.add_supplementary(
            ordinance_date=c.ordinance_date,
            additions=c.additions_by_line(),
            new_lines=[line.line() for line in c.new_lines],
            actor=actor,
            business_date=c.business_date or c.ordinance_date,
        )
        return self.record(budget)

    @handles(RecordExpenditure)
    def _record_expenditure(
        self, c: RecordExpenditure, actor: Actor, expected: int | None
    ) -> Recorded:
        """Spending straight from a line, without a project (salaries, utilities, ...)."""
        budget = self._budget_for_change(c, actor, expected)
        day = c.happened_on
        previous = None
        if budget.is_before_enactment(day):  # paid under last year's ordinance
            previous = self._previous_ordinance(c.lao_code, c.fiscal_year)
        budget.record_expenditure(
            line_code=c.line_code,
            amount=c.amount,
            voucher=c.voucher,
            description=c.description,
            actor=actor,
            business_date=day,
            previous=previous,
        )
        return self.record(budget)

    def _previous_ordinance(self, lao_code: str, fiscal_year: int) -> PreviousOrdinance | None:
        """Last year's ordinance, if the store holds it enacted."""
        try:
            return self.budget(lao_code, fiscal_year - 1).ordinance()
        except BudgetNotFound:
            return None

    @handles(CorrectExpenditure)
    def _correct_expenditure(
        self, c: CorrectExpenditure, actor: Actor, expected: int | None
    ) -> Recorded:
        budget = self._budget_for_change(c, actor, expected)
        budget.correct_expenditure(
            corrects_version=c.corrects_version, amount=c.amount, reason=c.reason, **c.stamp(actor)
        )
        return self.record(budget)

    @handles(CloseYear)
    def _close_year(self, c: CloseYear, actor: Actor, expected: int | None) -> Recorded:
        """Year-end: what was neither paid nor carried over lapses."""
        budget = self._budget_for_change(c, actor, expected)
        budget.close_year(**c.stamp(actor))
        return self.record(budget)
