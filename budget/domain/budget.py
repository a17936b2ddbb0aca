"""AnnualBudget: one LAO's expenditure budget for one fiscal year.

It keeps the ledger of each line (budget/domain/line_ledger.py): what projects hold, what
contracts commit, what has been paid and what is carried over, so the rule "a contract never
exceeds the money available on its line" is checked where the money is. The changes after
enactment follow the MoI regulation on LAO budget methods B.E. 2563 (transfers ข้อ 26-27,
supplementary budgets, carry-over).

The aggregate holds the state, the named checks and the events; the commands that decide
are written by subject beside it (budget_changes.py: transfers, supplementary budgets,
carry-over, the year's end; budget_spending.py: money for projects and spending from a
line; budget_funding.py: money outside the ordinance; budget_revenue.py: the revenue
estimate and receipts) and bound here as its methods, so each event stays
`AnnualBudget.<Name>` (its stored topic, tests/stored_topics.txt); so are the appliers of
the revenue's and the expenditures' events, written beside their commands.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain import (
    budget_changes,
    budget_enactment,
    budget_funding,
    budget_revenue,
    budget_spending,
)
from budget.domain.access import Actor
from budget.domain.authority_types import AuthorityType
from budget.domain.before_enactment import SpendingBeforeEnactment
from budget.domain.budget_lines import (
    ApprovalLevel,
    BudgetLine,
    CarryOverKind,
    CouncilApproval,
    check_unique_codes,
)
from budget.domain.budget_reading import BudgetReading
from budget.domain.budget_spending import Expenditure
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import budget_id
from budget.domain.line_ledger import LineLedger
from budget.domain.money import ZERO
from budget.domain.oversight import OrdinanceApprover
from budget.domain.revenue import RevenueBook


class AnnualBudget(Aggregate, BudgetReading):
    @staticmethod
    def create_id(lao_code: str, fiscal_year: int) -> UUID:
        return budget_id(lao_code, fiscal_year)

    @classmethod
    def draft(
        cls,
        *,
        lao_code: str,
        province_code: str,
        lao_type: AuthorityType,
        fiscal_year: int,
        lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> AnnualBudget:
        FiscalYear(fiscal_year)
        check_unique_codes(lines)
        created: AnnualBudget = cls(
            lao_code=lao_code,
            province_code=province_code,
            lao_type=lao_type,
            fiscal_year=fiscal_year,
            lines=list(lines),
            actor=actor,
            business_date=business_date,
        )
        return created

    @event("Drafted")
    def __init__(
        self,
        *,
        lao_code: str,
        province_code: str,
        lao_type: AuthorityType,
        fiscal_year: int,
        lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> None:
        self.lao_code = lao_code
        self.province_code = province_code
        self.lao_type = lao_type
        self.fiscal_year = fiscal_year
        self.ledgers: dict[str, LineLedger] = {
            line.code: LineLedger(line, line.amount) for line in lines
        }
        self.enacted_on: date | None = None
        self.closed_on: date | None = None
        self.expenditures: dict[int, Expenditure] = {}  # by the version that recorded it
        self.transfers_reported: dict[int, date | None] = {}  # by the transfer's version
        self.before_enactment = SpendingBeforeEnactment()  # under last year's ordinance
        self.carry_terms: dict[str, tuple[CarryOverKind, date]] = {}  # by project id
        self.revenue = RevenueBook()

    # -- the draft and its enactment ------------------------------------------

    add_draft_line = budget_enactment.add_draft_line

    @event("DraftLineAdded")
    def _draft_line_added(self, line: BudgetLine, actor: Actor, business_date: date) -> None:
        self.ledgers[line.code] = LineLedger(line, line.amount)

    enact = budget_enactment.enact

    class Enacted(Aggregate.Event):
        """The ordinance passed and approved: by whom (`approved_by`, as the paper names
        them) and by which office the law names (`approver`, budget/domain/oversight.py).
        Version 1 named no office: it reads as `approver` None. Stored events never change."""

        class_version = 2
        ordinance_date: date
        approved_by: str
        approver: OrdinanceApprover | None
        actor: Actor
        business_date: date

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["approver"] = None

    @event(Enacted)
    def _enacted(
        self,
        ordinance_date: date,
        approved_by: str,
        approver: OrdinanceApprover | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.enacted_on = ordinance_date

    @event("SpendingBeforeEnactmentCounted")
    def _spending_before_enactment_counted(
        self, counted: dict[str, Decimal], ordinance_date: date, actor: Actor, business_date: date
    ) -> None:
        """The ordinance, passed, counts what was spent under last year's against its lines
        (the ledger has held it on them since it was spent: nothing moves but the mark)."""
        self.before_enactment.not_yet_counted = {}

    # -- changes after enactment -----------------------------------------------

    transfer = budget_changes.transfer

    @event("FundsTransferred")
    def _funds_transferred(
        self,
        from_line: str,
        to_line: str,
        amount: Decimal,
        new_line: BudgetLine | None,
        approval_level: ApprovalLevel,
        council_approval: CouncilApproval | None,
        report_due_on: date,
        actor: Actor,
        business_date: date,
    ) -> None:
        if new_line is not None:
            self.ledgers[new_line.code] = LineLedger(new_line, ZERO)
        self.ledgers[from_line].move_out(amount)
        self.ledgers[to_line].move_in(amount)
        self.transfers_reported[self.version + 1] = None

    report_transfer = budget_changes.report_transfer

    @event("TransferReported")
    def _transfer_reported(
        self,
        transfer_version: int,
        reported_on: date,
        letter: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.transfers_reported[transfer_version] = reported_on

    add_supplementary = budget_changes.add_supplementary

    @event("SupplementaryBudgetEnacted")
    def _supplementary_enacted(
        self,
        ordinance_date: date,
        additions: dict[str, Decimal],
        new_lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> None:
        for code, amount in additions.items():
            self.ledgers[code].add_supplementary(amount)
        for line in new_lines:
            self.ledgers[line.code] = LineLedger(line, ZERO, supplementary=line.amount)

    add_funded_line = budget_funding.add_funded_line

    @event("FundedLineAdded")
    def _funded_line_added(
        self, new_line: BudgetLine, reference: str, actor: Actor, business_date: date
    ) -> None:
        self.ledgers[new_line.code] = LineLedger(new_line, ZERO, supplementary=new_line.amount)

    # -- revenue -----------------------------------------------------------------

    estimate_revenue = budget_revenue.estimate_revenue
    _revenue_estimated = event("RevenueEstimated")(budget_revenue.revenue_estimated)

    record_revenue = budget_revenue.record_revenue
    _revenue_received = event("RevenueReceived")(budget_revenue.revenue_received)

    correct_revenue = budget_revenue.correct_revenue
    _revenue_corrected = event("RevenueCorrected")(budget_revenue.revenue_corrected)

    # -- the ledger kept for projects ------------------------------------------

    reserve = budget_spending.reserve

    @event("FundsReserved")
    def _funds_reserved(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        self.ledgers[line_code].reserve(project_id, amount)

    commit = budget_spending.commit

    @event("ContractCommitted")
    def _contract_committed(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        if self.year.is_over_on(business_date):
            self.ledgers[line_code].commit_carried(project_id, amount)
        else:
            self.ledgers[line_code].commit(project_id, amount)

    amend_commitment = budget_spending.amend_commitment

    @event("CommitmentAmended")
    def _commitment_amended(
        self,
        project_id: str,
        line_code: str,
        old_amount: Decimal,
        amount: Decimal,
        actor: Actor,
        business_date: date,
    ) -> None:
        """A contract's amount amended (cl. 165): the line now holds `amount` for it."""
        self.ledgers[line_code].amend_commitment(project_id, amount)

    disburse = budget_spending.disburse

    @event("Disbursed")
    def _disbursed(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        after_year_end = self.year.is_over_on(business_date)
        self.ledgers[line_code].pay(project_id, amount, after_year_end=after_year_end)

    correct_disbursement = budget_spending.correct_disbursement

    @event("DisbursementCorrected")
    def _disbursement_corrected(
        self,
        project_id: str,
        line_code: str,
        old_amount: Decimal,
        new_amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        after_year_end = self.year.is_over_on(business_date)
        self.ledgers[line_code].pay(
            project_id, new_amount - old_amount, after_year_end=after_year_end
        )

    release = budget_spending.release

    @event("FundsReleased")
    def _funds_released(
        self,
        project_id: str,
        line_code: str,
        kept: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        after_year_end = self.year.is_over_on(business_date)
        self.ledgers[line_code].release(project_id, kept, after_year_end=after_year_end)

    carry_over = budget_changes.carry_over

    @event("FundsCarriedOver")
    def _carried_over(
        self,
        project_id: str,
        line_code: str,
        kind: CarryOverKind,
        amount: Decimal,
        deadline: date,
        council_approval: CouncilApproval | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.ledgers[line_code].carry(project_id, amount)
        self.carry_terms[project_id] = (kind, deadline)

    # -- spending without a project --------------------------------------------

    record_expenditure = budget_spending.record_expenditure
    _spent_before_enactment = event("SpentBeforeEnactment")(budget_spending.spent_before_enactment)
    _expenditure_recorded = event("ExpenditureRecorded")(budget_spending.expenditure_recorded)

    correct_expenditure = budget_spending.correct_expenditure
    _expenditure_corrected = event("ExpenditureCorrected")(budget_spending.expenditure_corrected)

    # -- the end of the year ---------------------------------------------------

    close_year = budget_changes.close_year

    @event("YearClosed")
    def _year_closed(self, lapsed: dict[str, Decimal], actor: Actor, business_date: date) -> None:
        self.closed_on = business_date
        for code, amount in lapsed.items():
            self.ledgers[code].close(amount)

    cancel_carried = budget_changes.cancel_carried

    @event("CarriedFundsCancelled")
    def _carried_cancelled(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        self.ledgers[line_code].cancel_carried(project_id, amount)
