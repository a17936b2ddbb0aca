"""DisbursementTargets: the government's targets for one fiscal year, as data.

Targets are never constants in code: DLA enters them per fiscal year, per
quarter, for all budget groups together or for one group (e.g. investment).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.checks import check_given, check_once_each
from budget.domain.classification import BudgetGroup
from budget.domain.errors import InvalidInput
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import targets_id
from budget.domain.values import ValueObject

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Target(ValueObject):
    """By the end of `quarter`, `percent` of the allocation should be disbursed
    (and `obligated_percent` committed). `group` None means all groups."""

    quarter: int
    percent: Decimal
    group: BudgetGroup | None = None
    obligated_percent: Decimal | None = None

    def __post_init__(self) -> None:
        if self.quarter not in (1, 2, 3, 4):
            raise InvalidInput(
                problem=f"quarter {self.quarter} is not 1 to 4",
                problem_th=f"ไตรมาส {self.quarter} ต้องเป็น 1 ถึง 4",
            )
        for value in (self.percent, self.obligated_percent):
            if value is not None and not Decimal(0) <= value <= HUNDRED:
                raise InvalidInput(
                    problem=f"target {value}% is not between 0 and 100",
                    problem_th=f"เป้าหมาย {value}% ต้องอยู่ระหว่าง 0 ถึง 100",
                )


class DisbursementTargets(Aggregate):
    @staticmethod
    def create_id(fiscal_year: int) -> UUID:
        return targets_id(fiscal_year)

    @event("Created")
    def __init__(self, *, fiscal_year: int, actor: Actor, business_date: date) -> None:
        self.fiscal_year = fiscal_year
        self.targets: list[Target] = []

    @classmethod
    def for_year(
        cls, *, fiscal_year: int, actor: Actor, business_date: date
    ) -> DisbursementTargets:
        FiscalYear(fiscal_year)
        created: DisbursementTargets = cls(
            fiscal_year=fiscal_year, actor=actor, business_date=business_date
        )
        return created

    def set(self, *, targets: list[Target], source: str, actor: Actor, business_date: date) -> None:
        """Replace the year's targets; `source` names the cabinet resolution or letter."""
        check_once_each(
            [(t.quarter, t.group) for t in targets],
            problem="two targets for the same quarter and budget group",
            problem_th="มีเป้าหมายซ้ำสำหรับไตรมาสและงบเดียวกัน",
        )
        check_given(
            source, problem="say where the targets come from", problem_th="ต้องระบุที่มาของเป้าหมาย"
        )
        self._set(
            targets=list(targets), source=source.strip(), actor=actor, business_date=business_date
        )

    @event("TargetsSet")
    def _set(self, targets: list[Target], source: str, actor: Actor, business_date: date) -> None:
        self.targets = targets
