"""Budget lines as the ordinance declares them, and the approvals that change them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from budget.domain.checks import check_given
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.errors import DuplicateBudgetLine, InvalidInput
from budget.domain.funding import OWN_REVENUE, FundingSource, check_line_funding
from budget.domain.money import baht
from budget.domain.values import ValueObject


@dataclass(frozen=True, slots=True)
class BudgetLine(ValueObject):
    """A line of the budget ordinance: programme › work unit › group › category › item,
    and where its money comes from (budget/domain/funding.py). A line stored before
    lines had a source reads as the LAO's own revenue (the field's default)."""

    code: str
    programme: Programme
    work_unit: str
    group: BudgetGroup
    category: Category
    description: str
    amount: Decimal
    source: FundingSource = OWN_REVENUE

    def __post_init__(self) -> None:
        check_given(
            self.code, problem="a budget line needs a code", problem_th="รายการงบประมาณต้องมีรหัส"
        )
        check_given(
            self.description,
            problem=f"budget line {self.code} needs a description",
            problem_th=f"รายการงบประมาณ {self.code} ต้องมีคำอธิบาย",
        )
        if self.category.group is not self.group:
            raise InvalidInput(
                problem=f"category {self.category.value} belongs to budget group "
                f"{self.category.group.value}, not {self.group.value}",
                problem_th=f"หมวด{self.category.name_th}อยู่ใน{self.category.group.name_th} "
                f"ไม่ใช่{self.group.name_th}",
            )
        object.__setattr__(self, "amount", baht(self.amount))
        check_line_funding(self.source, self.group)


class ApprovalLevel(Enum):
    EXECUTIVE = "executive"  # ข้อ 26: the local executive approves
    COUNCIL = "council"  # ข้อ 27: the local council approves


class CarryOverKind(Enum):
    COMMITTED = "committed"  # ก่อหนี้ผูกพันแล้ว: contract or purchase order before 30 Sep
    COUNCIL_APPROVED = "council_approved"  # not yet committed, with the council's approval


@dataclass(frozen=True, slots=True)
class CouncilApproval(ValueObject):
    """A recorded resolution of the local council (มติสภาท้องถิ่น)."""

    resolution: str
    approved_on: date

    def __post_init__(self) -> None:
        check_given(
            self.resolution,
            problem="a council approval needs its resolution reference",
            problem_th="มติสภาต้องระบุเลขที่มติ",
        )


@dataclass(frozen=True, slots=True)
class GroupFigures(ValueObject):
    """One budget group's figures as they stood: the two curves and the base."""

    group: BudgetGroup
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal


def check_unique_codes(lines: list[BudgetLine]) -> None:
    """Each line of a budget has its own code."""
    seen: set[str] = set()
    for line in lines:
        if line.code in seen:
            raise DuplicateBudgetLine(line=line.code)
        seen.add(line.code)
