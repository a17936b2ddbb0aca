"""What the LAO progress report shows, gathered from the queries over one snapshot of
the views (and the report's own text, which the views do not keep)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from budget.domain.money import ZERO
from budget.projections.queries import (
    Filters,
    LaoDashboard,
    LineBalance,
    ProjectRow,
    ReportRow,
    ReportStep,
    budget_lines,
    lao_dashboard,
    projects,
    report_steps,
)
from budget.projections.queries.amendments import ProjectAmendment, lao_amendments
from budget.projections.queries.figures import percent
from budget.reports.sources import Snapshot, every_item

# The narrative and the problems of a report (by its id), as they stood when the
# snapshot's figures did; None when there is no such report.
ReportTexts = Callable[[str], tuple[str, str] | None]


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A budget group's money, as the summary table prints it."""

    budget_group: str
    appropriated: Decimal  # as enacted
    transferred: Decimal  # transfers in and out and supplementary budgets, net
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal
    available: Decimal  # allocated, less what is obligated
    disbursed_percent: Decimal


@dataclass(frozen=True, slots=True)
class LaoReportData:
    dashboard: LaoDashboard
    groups: list[GroupRow]
    total: GroupRow
    projects: list[ProjectRow]
    amendments: list[ProjectAmendment]  # of the year's contracts (cl. 165)
    report: ReportRow | None  # the report of the period (the year's latest, for a year)
    steps: list[ReportStep]
    narrative: str
    problems: str
    position: int


def group_rows(dashboard: LaoDashboard, lines: list[LineBalance]) -> list[GroupRow]:
    appropriated: dict[str, Decimal] = {}
    for line in lines:
        appropriated[line.budget_group] = appropriated.get(line.budget_group, ZERO) + (
            line.appropriated
        )
    rows = []
    for group in dashboard.by_group:
        p = group.progress
        enacted = appropriated.get(group.budget_group, ZERO)
        rows.append(
            GroupRow(
                budget_group=group.budget_group,
                appropriated=enacted,
                transferred=p.allocated - enacted,
                allocated=p.allocated,
                obligated=p.obligated,
                disbursed=p.disbursed,
                available=p.allocated - p.obligated,
                disbursed_percent=p.disbursed_percent,
            )
        )
    return rows


def total_row(rows: list[GroupRow]) -> GroupRow:
    def add(name: str) -> Decimal:
        return sum((getattr(r, name) for r in rows), ZERO)

    allocated, disbursed = add("allocated"), add("disbursed")
    return GroupRow(
        budget_group="total",
        appropriated=add("appropriated"),
        transferred=add("transferred"),
        allocated=allocated,
        obligated=add("obligated"),
        disbursed=disbursed,
        available=add("available"),
        disbursed_percent=percent(disbursed, allocated),
    )


def all_projects(snapshot: Snapshot, lao_code: str, fiscal_year: int) -> list[ProjectRow]:
    filters = Filters(fiscal_year=fiscal_year)
    return every_item(
        lambda page: projects(
            snapshot.connection, filters, page, lao_code=lao_code, today=snapshot.today
        )
    )


def period_report(
    reports: list[ReportRow], fiscal_year: int, quarter: int | None
) -> ReportRow | None:
    """The quarter's report; for the whole year, the latest quarter's."""
    quarterly = [r for r in reports if r.period.startswith(f"{fiscal_year}-Q")]
    if quarter is not None:
        wanted = f"{fiscal_year}-Q{quarter}"
        return next((r for r in quarterly if r.period == wanted), None)
    return max(quarterly, key=lambda r: r.period_ends_on, default=None)


def gather_lao(
    snapshot: Snapshot,
    lao_code: str,
    fiscal_year: int,
    quarter: int | None,
    texts: ReportTexts,
) -> LaoReportData:
    connection = snapshot.connection
    filters = Filters(fiscal_year=fiscal_year, quarter=quarter)
    dashboard = lao_dashboard(connection, lao_code, filters, today=snapshot.today)
    groups = group_rows(
        dashboard, budget_lines(connection, lao_code, fiscal_year, as_of=snapshot.today)
    )
    chosen = period_report(dashboard.reports, fiscal_year, quarter)
    narrative, problems = ("", "")
    if chosen is not None:
        narrative, problems = texts(chosen.report_id) or ("", "")
    return LaoReportData(
        dashboard=dashboard,
        groups=groups,
        total=total_row(groups),
        projects=all_projects(snapshot, lao_code, fiscal_year),
        amendments=lao_amendments(connection, lao_code, fiscal_year),
        report=chosen,
        steps=report_steps(connection, chosen.report_id) if chosen else [],
        narrative=narrative,
        problems=problems,
        position=snapshot.position,
    )
