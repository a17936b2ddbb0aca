"""Budget lines: how a line is declared, and the ledger kept for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.errors import InsufficientFunds, InvalidInput
from budget.domain.money import ZERO, baht, total
from budget.domain.values import ValueObject


@dataclass(frozen=True, slots=True)
class BudgetLine(ValueObject):
    """A line of the budget ordinance: programme › work unit › group › category › item."""

    code: str
    programme: Programme
    work_unit: str
    group: BudgetGroup
    category: Category
    description: str
    amount: Decimal

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise InvalidInput(
                problem="a budget line needs a code", problem_th="รายการงบประมาณต้องมีรหัส"
            )
        if not self.description.strip():
            raise InvalidInput(
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
        if not self.resolution.strip():
            raise InvalidInput(
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


@dataclass(slots=True)
class LineLedger:
    """What a budget has done with one line. Mutable state of the aggregate."""

    line: BudgetLine
    appropriated: Decimal
    transferred_in: Decimal = ZERO
    transferred_out: Decimal = ZERO
    supplementary: Decimal = ZERO
    # per project id: money set aside (the project's budget until a contract,
    # then the contract amount; after cancellation what was paid)
    reserved: dict[str, Decimal] = field(default_factory=dict)
    committed: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    # per project id: carried-over money not yet paid (paid after 30 Sep comes out of it)
    carried: dict[str, Decimal] = field(default_factory=dict)
    # paid straight from the line, without a project (salaries, allowances, utilities):
    # obligated and disbursed at once
    spent: Decimal = ZERO

    @property
    def allocated(self) -> Decimal:
        return self.appropriated + self.transferred_in - self.transferred_out + self.supplementary

    @property
    def total_reserved(self) -> Decimal:
        return total(self.reserved.values())

    @property
    def total_committed(self) -> Decimal:
        return total(self.committed.values())

    @property
    def total_paid(self) -> Decimal:
        return total(self.paid.values())

    @property
    def available(self) -> Decimal:
        return self.allocated - self.total_reserved - self.spent

    @property
    def obligated(self) -> Decimal:
        return self.total_committed + self.spent

    @property
    def disbursed(self) -> Decimal:
        return self.total_paid + self.spent

    def available_to(self, project_id: str) -> Decimal:
        """Money a project could take: what is free plus what it already holds."""
        return self.available + self.reserved.get(project_id, ZERO)

    def cap_carried(self, project_id: str) -> None:
        """Never carry more of a project's money than is still unpaid."""
        if project_id in self.carried:
            unpaid = self.reserved.get(project_id, ZERO) - self.paid.get(project_id, ZERO)
            self.carried[project_id] = max(ZERO, min(self.carried[project_id], unpaid))

    def check_can_take(self, amount: Decimal, project_id: str = "") -> None:
        available = self.available_to(project_id) if project_id else self.available
        if amount > available:
            raise InsufficientFunds(
                line=self.line.code, available=f"{available:,.2f}", amount=f"{amount:,.2f}"
            )
