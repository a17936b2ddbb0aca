"""Commands of an annual budget: the draft and its lines, the enactment, and the changes
after it (transfers, supplementary budgets, spending straight from a line and its
corrections, the year's closing). Each is dated by the business (default: today in
Thailand, or the ordinance's date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import msgspec

from budget.application.commands.base import Body, Command, CouncilApprovalIn, Dated, Noted
from budget.application.fields import (
    Code,
    FiscalYearBE,
    Money,
    Name,
    OptionalName,
    Text,
    Version,
    check_once_each,
)
from budget.domain.budget_lines import BudgetLine, CouncilApproval
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.funding import FundingKind, FundingSource, UnusedGrant
from budget.domain.oversight import OrdinanceApprover

MAX_LINES = 5000


class LineIn(Body, kw_only=True, frozen=True):
    """A budget line and where its money comes from (budget/domain/funding.py): `source`
    (default: the LAO's own revenue and general subsidy); a specific grant's `grantor` and
    what its letter says of its unused money (`grant_unused`, default: returned); the
    council's resolution (`source_resolution`, `source_approved_on`) for accumulated
    funds or a loan."""

    code: Code
    programme: Programme
    work_unit: Name
    budget_group: BudgetGroup
    category: Category
    description: Name
    amount: Money
    source: FundingKind = FundingKind.OWN_REVENUE
    grantor: OptionalName = ""
    grant_unused: UnusedGrant | None = None
    source_resolution: OptionalName = ""
    source_approved_on: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if bool(self.source_resolution.strip()) != (self.source_approved_on is not None):
            msg = "source_resolution: give the resolution with its date (source_approved_on)"
            raise ValueError(msg)

    def funding(self) -> FundingSource:
        approval = None
        if self.source_approved_on is not None:
            approval = CouncilApproval(self.source_resolution, self.source_approved_on)
        return FundingSource(self.source, self.grantor, self.grant_unused, approval)

    def line(self) -> BudgetLine:
        return BudgetLine(
            code=self.code,
            programme=self.programme,
            work_unit=self.work_unit,
            group=self.budget_group,
            category=self.category,
            description=self.description,
            amount=self.amount,
            source=self.funding(),
        )


Lines = Annotated[list[LineIn], msgspec.Meta(max_length=MAX_LINES)]


class BudgetDraft(Noted, kw_only=True, frozen=True):
    fiscal_year: Annotated[int, msgspec.Meta(ge=2500, le=2700)]
    lines: Lines
    business_date: date | None = None


class DraftBudget(BudgetDraft, Command, kw_only=True, frozen=True):
    """Draft the year's budget with its lines (ร่างข้อบัญญัติ)."""

    lao_code: Code


class DraftLineIn(LineIn, kw_only=True, frozen=True):
    """One more line of a budget still in draft."""

    business_date: date | None = None


class AddDraftLine(DraftLineIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class Enactment(Noted, kw_only=True, frozen=True):
    """The ordinance's date, who approved it as the paper names them (`approved_by`) and the
    office they hold (`approver`: the district chief for an SAO, the governor for the
    others, Bangkok's governor for the BMA; budget/domain/oversight.py). Left out, the
    office the law names for the LAO's type is recorded; another one is refused."""

    ordinance_date: date
    approved_by: Name
    approver: OrdinanceApprover | None = None
    business_date: date | None = None


class EnactBudget(Enactment, Command, kw_only=True, frozen=True):
    """The ordinance passed and approved (ประกาศใช้ข้อบัญญัติ)."""

    lao_code: Code
    fiscal_year: FiscalYearBE


# -- changes after enactment ---------------------------------------------------------


class TransferIn(Dated, kw_only=True, frozen=True):
    """โอนงบประมาณ between two lines (or to a new line, `new_line`, whose code is
    `to_line`). An investment transfer that changes an item (`changes_item`) or makes
    a new one needs the council's approval (ข้อ 27); others the executive's (ข้อ 26)."""

    from_line: Code
    to_line: Code
    amount: Money
    changes_item: bool = False
    new_line: LineIn | None = None
    council_approval: CouncilApprovalIn | None = None


class TransferFunds(TransferIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class TransferReportIn(Dated, kw_only=True, frozen=True):
    """The transfer of version `transfer_version` reported to the governor (or district
    chief) on `reported_on`, with the letter's reference (within 15 days: see
    budget/domain/deadlines.py)."""

    transfer_version: Version
    reported_on: date
    letter: Name


class ReportTransfer(TransferReportIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class AdditionIn(Body, kw_only=True, frozen=True):
    line_code: Code
    amount: Money


class SupplementaryIn(Dated, kw_only=True, frozen=True):
    """งบประมาณรายจ่ายเพิ่มเติม: more money on existing lines, and new lines."""

    ordinance_date: date
    additions: Annotated[list[AdditionIn], msgspec.Meta(max_length=MAX_LINES)] = msgspec.field(
        default_factory=list
    )
    new_lines: Lines = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        check_once_each("additions", [a.line_code for a in self.additions], "a line")

    def additions_by_line(self) -> dict[str, Decimal]:
        return {a.line_code: a.amount for a in self.additions}


class AddSupplementaryBudget(SupplementaryIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class ExpenditureIn(Dated, kw_only=True, frozen=True):
    """Spending straight from a line, without a project (salaries, utilities, ...)."""

    line_code: Code
    amount: Money
    voucher: Code
    description: Text = ""


class RecordExpenditure(ExpenditureIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class ExpenditureCorrectionIn(Dated, kw_only=True, frozen=True):
    """The recorded expenditure's right amount (0 voids it), with the reason."""

    amount: Money
    reason: Text


class CorrectExpenditure(ExpenditureCorrectionIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE
    corrects_version: Version


class YearClosingIn(Dated, kw_only=True, frozen=True):
    """Year-end (after 30 September): what was neither paid nor carried over lapses."""


class CloseYear(YearClosingIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE


class FundedLineIn(LineIn, kw_only=True, frozen=True):
    """A line of money outside the ordinance, added to the enacted budget: a specific
    grant received, accumulated funds the council approved spending, a loan (its `source`
    is not the LAO's own revenue), with the grant's allocation letter or the resolution it
    comes with (`reference`), dated when it came."""

    reference: Name
    business_date: date | None = None


class AddFundedLine(FundedLineIn, Command, kw_only=True, frozen=True):
    lao_code: Code
    fiscal_year: FiscalYearBE
