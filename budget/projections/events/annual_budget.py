"""The AnnualBudget events as the budget-lines projection reads them (budget/domain/budget.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.budget import AnnualBudget
from budget.projections.events.wire import Day, Event, Member, Money, Valued, topics_of


class ApprovalSpec(Struct, frozen=True, gc=False):
    """A CouncilApproval value object."""

    resolution: str
    approved_on: Day


class SourceSpec(Struct, frozen=True, gc=False):
    """A FundingSource value object (budget/domain/funding.py)."""

    kind: Member
    grantor: str
    unused: Member | None
    council_approval: Valued[ApprovalSpec] | None


class LineSpec(Struct, frozen=True, gc=False):
    """A BudgetLine value object; a line stored before lines had a source has none (the
    LAO's own revenue)."""

    code: str
    programme: Member
    work_unit: str
    group: Member
    category: Member
    description: str
    amount: Money
    source: Valued[SourceSpec] | None = None


class DraftedHead(Event, frozen=True, gc=False):
    """A drafted budget without its lines: what a projection that reads no line needs
    (`HEADS`: events.positioned decodes this where no projection of the pass reads them)."""

    lao_code: str
    province_code: str
    lao_type: Member
    fiscal_year: int


class Drafted(DraftedHead, frozen=True, gc=False):
    lines: list[Valued[LineSpec]]


class DraftLineAdded(Event, frozen=True, gc=False):
    line: Valued[LineSpec]


class Enacted(Event, frozen=True, gc=False):
    ordinance_date: Day


class FundsTransferred(Event, frozen=True, gc=False):
    from_line: str
    to_line: str
    amount: Money
    new_line: Valued[LineSpec] | None


class TransferReported(Event, frozen=True, gc=False):
    transfer_version: int
    reported_on: Day


class SupplementaryBudgetEnacted(Event, frozen=True, gc=False):
    additions: dict[str, Money]
    new_lines: list[Valued[LineSpec]]


class FundedLineAdded(Event, frozen=True, gc=False):
    """A line of money outside the ordinance (a grant, accumulated funds, a loan)."""

    new_line: Valued[LineSpec]
    reference: str


class ProjectEntry(Event, frozen=True, gc=False):
    """An event naming one project on one line."""

    project_id: str
    line_code: str


class FundsReserved(ProjectEntry, frozen=True, gc=False):
    amount: Money


class ContractCommitted(ProjectEntry, frozen=True, gc=False):
    amount: Money


class CommitmentAmended(ProjectEntry, frozen=True, gc=False):
    amount: Money


class Disbursed(ProjectEntry, frozen=True, gc=False):
    amount: Money


class DisbursementCorrected(ProjectEntry, frozen=True, gc=False):
    old_amount: Money
    new_amount: Money


class FundsReleased(ProjectEntry, frozen=True, gc=False):
    kept: Money


class FundsCarriedOver(ProjectEntry, frozen=True, gc=False):
    kind: Member
    amount: Money
    deadline: Day
    council_approval: Valued[ApprovalSpec] | None = None


class CarriedFundsCancelled(ProjectEntry, frozen=True, gc=False):
    amount: Money


class ExpenditureRecorded(Event, frozen=True, gc=False):
    line_code: str
    amount: Money


class SpentBeforeEnactment(Event, frozen=True, gc=False):
    """Paid under last year's ordinance before this year's was enacted."""

    line_code: str
    amount: Money
    under_fiscal_year: int


class SpendingBeforeEnactmentCounted(Event, frozen=True, gc=False):
    counted: dict[str, Money]


class ExpenditureCorrected(Event, frozen=True, gc=False):
    corrects_version: int
    old_amount: Money
    amount: Money


class YearClosed(Event, frozen=True, gc=False):
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
    CommitmentAmended,
    Disbursed,
    DisbursementCorrected,
    FundsReleased,
    FundsCarriedOver,
    ExpenditureRecorded,
    ExpenditureCorrected,
    YearClosed,
    SpentBeforeEnactment,
    SpendingBeforeEnactmentCounted,
    CarriedFundsCancelled,
    FundedLineAdded,
)
# Facts of a budget that move no money (read by the deadlines, not the budget lines).
REPORTED = topics_of(AnnualBudget, TransferReported)
# The topics whose events a projection may read without their bulk (its `heads`), and
# the Struct decoded then: a national year opens with 7,861 budgets drafted, ~100 KB of
# lines each, which the lanes that read no line built into objects only to drop them.
HEADS: dict[str, type[Event]] = {
    topic: DraftedHead for topic, kind in TOPICS.items() if kind is Drafted
}
