"""What the queries return: msgspec Structs that HTTP, pages and PDFs share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

import msgspec

from budget.projections.queries.funding_models import (
    OWN,
    FundingRow,
    LineSource,
    RevenueFigures,
)

T = TypeVar("T")
S = TypeVar("S", bound=msgspec.Struct)


def struct_from(kind: type[S], source: Any, /, **computed: Any) -> S:
    """A `kind` whose fields are `computed`'s, else the same-named ones of `source`: of
    a mapping (a row's `_mapping`) by key, of any other object by attribute. A field
    that neither gives keeps its default."""
    fields = [name for name in kind.__struct_fields__ if name not in computed]
    if isinstance(source, Mapping):
        given = {name: source[name] for name in fields if name in source}
    else:
        given = {name: getattr(source, name) for name in fields if hasattr(source, name)}
    return kind(**given, **computed)


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    """What a dashboard or list is narrowed to. `quarter` q gives the figures as they
    stood at the end of quarter q (everything dated up to then); None: the whole year,
    including what was paid after it out of carried-over money."""

    fiscal_year: int
    quarter: int | None = None
    province_code: str | None = None
    lao_type: str | None = None
    budget_group: str | None = None
    stage: str | None = None
    method: str | None = None


class PageRequest(msgspec.Struct, frozen=True, kw_only=True):
    offset: int = 0
    limit: int = 50


class Page(msgspec.Struct, Generic[T], kw_only=True):
    items: list[T]
    total: int
    offset: int
    limit: int


class Progress(msgspec.Struct, kw_only=True):
    """The two curves against the allocation, and the targets they are measured by."""

    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal
    obligated_percent: Decimal
    disbursed_percent: Decimal
    target_percent: Decimal | None = None
    target_obligated_percent: Decimal | None = None


class GroupProgress(msgspec.Struct, kw_only=True):
    budget_group: str
    progress: Progress


class QuarterPoint(msgspec.Struct, kw_only=True):
    """Cumulative figures at the end of a quarter (5: after the year, carried money)."""

    quarter: int
    progress: Progress


class AreaProgress(msgspec.Struct, kw_only=True):
    """One province, LAO type or LAO of a rollup."""

    key: str
    name: str
    progress: Progress


class StageCount(msgspec.Struct, kw_only=True):
    stage: str
    method: str
    projects: int
    budget_amount: Decimal
    contract_amount: Decimal
    paid: Decimal


class ReportCounts(msgspec.Struct, kw_only=True):
    """Progress reports by status (draft, submitted, returned, accepted)."""

    draft: int = 0
    submitted: int = 0
    returned: int = 0
    accepted: int = 0


class NationalDashboard(msgspec.Struct, kw_only=True):
    filters: Filters
    total: Progress
    by_group: list[GroupProgress]
    by_quarter: list[QuarterPoint]
    by_province: list[AreaProgress]
    by_lao_type: list[AreaProgress]
    stages: list[StageCount]
    # the year's money by source, and revenue against its estimate (the year as it stands)
    funding: list[FundingRow] = msgspec.field(default_factory=list)
    revenue: RevenueFigures | None = None


class ProvinceDashboard(msgspec.Struct, kw_only=True):
    province_code: str
    province_name: str
    filters: Filters
    total: Progress
    by_group: list[GroupProgress]
    by_quarter: list[QuarterPoint]
    by_lao_type: list[AreaProgress]
    by_lao: list[AreaProgress]
    stages: list[StageCount]
    reports: ReportCounts
    awaiting_review: int
    funding: list[FundingRow] = msgspec.field(default_factory=list)
    revenue: RevenueFigures | None = None


class Authority(msgspec.Struct, kw_only=True):
    lao_code: str
    name_th: str
    name_en: str
    lao_type: str
    province_code: str
    province_name: str
    district_code: str
    merged_into: str


class ProjectRow(msgspec.Struct, kw_only=True):
    project_id: str
    lao_code: str
    code: str
    name: str
    line_code: str
    budget_group: str
    method: str
    stage: str
    stage_entered_on: date
    days_in_stage: int
    budget_amount: Decimal
    contract_amount: Decimal | None
    paid: Decimal
    installments_total: int
    installments_inspected: int
    installments_paid: int
    stuck: bool
    # the contract's money kept apart from `paid` (cash): retention withheld and not yet
    # returned, and fines withheld (never paid)
    retention_held: Decimal = Decimal("0.00")
    fines: Decimal = Decimal("0.00")
    advance_outstanding: Decimal = Decimal("0.00")  # paid ahead, not yet taken back
    source: str = OWN  # where its money comes from: its line's (LineSource.kind)


class ReportRow(msgspec.Struct, kw_only=True):
    report_id: str
    lao_code: str
    lao_name: str
    province_code: str
    period: str
    period_ends_on: date
    status: str
    drafted_on: date
    signed_off_by: str
    first_submitted_on: date | None
    last_submitted_on: date | None
    submissions: int
    returns: int
    reviewed_on: date | None
    reviewed_by: str
    accepted_on: date | None
    last_comments: str
    days_late: int | None


class ReportStep(msgspec.Struct, kw_only=True):
    """One step of a report's review: drafted, revised, signed off, submitted,
    resubmitted, returned (with comments) or accepted; who, and when."""

    version: int
    step: str
    user_id: str
    role: str
    business_date: date
    recorded_at: datetime
    comments: str


class LaoDashboard(msgspec.Struct, kw_only=True):
    authority: Authority
    filters: Filters
    total: Progress
    by_group: list[GroupProgress]
    by_quarter: list[QuarterPoint]
    stages: list[StageCount]
    projects: int
    stuck_projects: int
    stuck_days: int
    reports: list[ReportRow]
    # paid under last year's ordinance before this year's was enacted (and what of it the
    # enactment has not counted yet); what lapsed to the accumulated funds (เงินสะสม)
    spent_before_enactment: Decimal = Decimal("0.00")
    not_yet_counted: Decimal = Decimal("0.00")
    lapsed: Decimal = Decimal("0.00")
    # the year's money by source, and revenue against its estimate (None: no budget)
    funding: list[FundingRow] = msgspec.field(default_factory=list)
    revenue: RevenueFigures | None = None


class BudgetHeader(msgspec.Struct, kw_only=True):
    """An annual budget's state, as far as the views know it."""

    budget_id: str
    lao_code: str
    fiscal_year: int
    drafted_on: date
    enacted_on: date | None
    closed_on: date | None


class LineBalance(msgspec.Struct, kw_only=True):
    """A budget line's money; `savings` (เงินเหลือจ่าย): what its projects' contracts
    saved below their budgets and no other project has reserved again (at most
    `available`)."""

    line_code: str
    programme: str
    work_unit: str
    budget_group: str
    category: str
    description: str
    appropriated: Decimal
    transferred_in: Decimal
    transferred_out: Decimal
    supplementary: Decimal
    allocated: Decimal
    reserved: Decimal
    committed: Decimal
    paid: Decimal
    spent: Decimal
    carried: Decimal
    savings: Decimal
    lapsed: Decimal
    available: Decimal
    # of `spent`: paid under last year's ordinance before this year's was enacted, and
    # what of it is not counted against this line yet (zero once the ordinance passed)
    spent_before_enactment: Decimal = Decimal("0.00")
    not_yet_counted: Decimal = Decimal("0.00")
    source: LineSource = msgspec.field(default_factory=LineSource)  # where its money comes from


class RankedLao(msgspec.Struct, kw_only=True):
    """An LAO's place among its peers (same type, same budget size band); rank 1 is best."""

    lao_code: str
    name: str
    province_code: str
    lao_type: str
    size_band: str
    peers: int
    allocated: Decimal
    disbursed_percent: Decimal
    average_days_late: Decimal | None
    stuck_projects: int
    disbursement_rank: int
    timeliness_rank: int
    stuck_rank: int
    rank: int
    no_data: bool = False  # no budget that year: listed, never ranked (ranks 0, peers 0)


class AuditEntry(msgspec.Struct, kw_only=True):
    position: int
    recorded_at: datetime
    business_date: date | None
    user_id: str
    role: str
    acting_for: str
    event_type: str
    aggregate_id: str
    version: int
    reason: str
    summary: str


class AuditSearch(msgspec.Struct, frozen=True, kw_only=True):
    """Audit log filters: who, which LAO's aggregates, what kind of event, when recorded."""

    user_id: str | None = None
    lao_code: str | None = None
    event_type: str | None = None
    aggregate_id: str | None = None
    recorded_from: datetime | None = None
    recorded_until: datetime | None = None
