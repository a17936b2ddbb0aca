"""What an annual budget's writes carry: the draft and its lines, the enactment, a
project's plan, and the changes after enactment (transfers, supplementary budgets,
spending straight from a line and its corrections, the year's closing). Each is dated
by the business (default: today in Thailand, or the ordinance's date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import msgspec

from budget.domain.budget_lines import BudgetLine
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.procurement import Method
from budget.http.fields import Code, Name, Text, check_amount, check_day
from budget.http.project_bodies import CouncilApprovalIn, Dated

MAX_LINES = 5000


class LineIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    code: Code
    programme: Programme
    work_unit: Name
    budget_group: BudgetGroup
    category: Category
    description: Name
    amount: Decimal

    def __post_init__(self) -> None:
        check_amount("amount", self.amount)

    def line(self) -> BudgetLine:
        return BudgetLine(
            code=self.code,
            programme=self.programme,
            work_unit=self.work_unit,
            group=self.budget_group,
            category=self.category,
            description=self.description,
            amount=self.amount,
        )


class BudgetDraft(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    fiscal_year: Annotated[int, msgspec.Meta(ge=2500, le=2700)]
    lines: Annotated[list[LineIn], msgspec.Meta(max_length=MAX_LINES)]
    business_date: date | None = None

    def __post_init__(self) -> None:
        check_day("business_date", self.business_date)


class DraftLineIn(LineIn):
    """One more line of a budget still in draft."""

    business_date: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_day("business_date", self.business_date)


class Enactment(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    ordinance_date: date
    approved_by: Name
    business_date: date | None = None

    def __post_init__(self) -> None:
        check_day("ordinance_date", self.ordinance_date)
        check_day("business_date", self.business_date)


class ProjectPlan(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    code: Code
    name: Name
    line_code: Code
    method: Method
    amount: Decimal
    method_reason: Text = ""
    business_date: date | None = None

    def __post_init__(self) -> None:
        check_amount("amount", self.amount)
        check_day("business_date", self.business_date)


# -- changes after enactment ---------------------------------------------------------


class TransferIn(Dated):
    """โอนงบประมาณ between two lines (or to a new line, `new_line`, whose code is
    `to_line`). An investment transfer that changes an item (`changes_item`) or makes
    a new one needs the council's approval (ข้อ 27); others the executive's (ข้อ 26)."""

    from_line: Code
    to_line: Code
    amount: Decimal
    changes_item: bool = False
    new_line: LineIn | None = None
    council_approval: CouncilApprovalIn | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class AdditionIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    line_code: Code
    amount: Decimal

    def __post_init__(self) -> None:
        check_amount("amount", self.amount)


class SupplementaryIn(Dated):
    """งบประมาณรายจ่ายเพิ่มเติม: more money on existing lines, and new lines."""

    ordinance_date: date
    additions: Annotated[list[AdditionIn], msgspec.Meta(max_length=MAX_LINES)] = msgspec.field(
        default_factory=list
    )
    new_lines: Annotated[list[LineIn], msgspec.Meta(max_length=MAX_LINES)] = msgspec.field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        check_day("ordinance_date", self.ordinance_date)
        codes = [a.line_code for a in self.additions]
        if len(set(codes)) != len(codes):
            msg = "additions: a line may appear once"
            raise ValueError(msg)

    def additions_by_line(self) -> dict[str, Decimal]:
        return {a.line_code: a.amount for a in self.additions}


class ExpenditureIn(Dated):
    """Spending straight from a line, without a project (salaries, utilities, ...)."""

    line_code: Code
    amount: Decimal
    voucher: Code
    description: Text = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class ExpenditureCorrectionIn(Dated):
    """The recorded expenditure's right amount (0 voids it), with the reason."""

    amount: Decimal
    reason: Text

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class YearClosingIn(Dated):
    """Year-end (after 30 September): what was neither paid nor carried over lapses."""
