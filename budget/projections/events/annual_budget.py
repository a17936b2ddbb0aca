"""The AnnualBudget events as the budget-lines projection reads them (budget/domain/budget.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.budget import AnnualBudget
from budget.projections.events.wire import Day, Event, Member, Money, Valued, topics_of


class LineSpec(Struct, frozen=True):
    """A BudgetLine value object."""

    code: str
    programme: Member
    work_unit: str
    group: Member
    category: Member
    description: str
    amount: Money


class Drafted(Event, frozen=True):
    lao_code: str
    province_code: str
    lao_type: Member
    fiscal_year: int
    lines: list[Valued[LineSpec]]


class DraftLineAdded(Event, frozen=True):
    line: Valued[LineSpec]


class Enacted(Event, frozen=True):
    ordinance_date: Day


class FundsTransferred(Event, frozen=True):
    from_line: str
    to_line: str
    amount: Money
    new_line: Valued[LineSpec] | None


class SupplementaryBudgetEnacted(Event, frozen=True):
    additions: dict[str, Money]
    new_lines: list[Valued[LineSpec]]


class ProjectEntry(Event, frozen=True):
    """An event naming one project on one line."""

    project_id: str
    line_code: str


class FundsReserved(ProjectEntry, frozen=True):
    amount: Money


class ContractCommitted(ProjectEntry, frozen=True):
    amount: Money


class Disbursed(ProjectEntry, frozen=True):
    amount: Money


class DisbursementCorrected(ProjectEntry, frozen=True):
    old_amount: Money
    new_amount: Money


class FundsReleased(ProjectEntry, frozen=True):
    kept: Money


class FundsCarriedOver(ProjectEntry, frozen=True):
    amount: Money


class CarriedFundsCancelled(ProjectEntry, frozen=True):
    amount: Money


class ExpenditureRecorded(Event, frozen=True):
    line_code: str
    amount: Money


class ExpenditureCorrected(Event, frozen=True):
    corrects_version: int
    old_amount: Money
    amount: Money


class YearClosed(Event, frozen=True):
    lapsed: dict[str, Money]


TOPICS = topics_of(
    AnnualBudget,
    Drafted,
    DraftLineAdded,
    Enacted,
    FundsTransferred,
    SupplementaryBudgetEnacted,
    FundsReserved,
    ContractCommitted,
    Disbursed,
    DisbursementCorrected,
    FundsReleased,
    FundsCarriedOver,
    ExpenditureRecorded,
    ExpenditureCorrected,
    YearClosed,
    CarriedFundsCancelled,
)
