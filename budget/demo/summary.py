"""Where each LAO stands in the demo year: the two curves, projects and reports.

Read from the aggregates through the office (the read models come later).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from budget.application import BudgetOffice
from budget.domain.errors import NotFound
from budget.domain.fiscal import PeriodKind, ReportingPeriod
from budget.domain.ids import budget_id, report_id
from budget.domain.money import ZERO, total
from budget.domain.report import ReportStatus
from budget.registry.records import AuthorityRecord

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class LaoSummary:
    code: str
    name_th: str
    type_abbreviation: str
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal
    projects: int
    reports: int
    reports_accepted: int

    @property
    def disbursed_percent(self) -> Decimal:
        """Disbursed as a percentage of the allocation, to one decimal place."""
        if self.allocated == 0:
            return ZERO
        return (self.disbursed * HUNDRED / self.allocated).quantize(Decimal("0.1"))


def summarize(
    office: BudgetOffice, authorities: Iterable[AuthorityRecord], fiscal_year: int
) -> list[LaoSummary]:
    """One line per LAO that has a budget for the year."""
    summaries = []
    for authority in authorities:
        if not office.exists(budget_id(authority.code, fiscal_year)):
            continue
        budget = office.budget(authority.code, fiscal_year)
        figures = budget.figures_by_group()
        projects = {p for ledger in budget.ledgers.values() for p in ledger.reserved}
        reports, accepted = _reports(office, authority.code, fiscal_year)
        summaries.append(
            LaoSummary(
                code=authority.code,
                name_th=authority.name_th,
                type_abbreviation=authority.type.abbreviation_th,
                allocated=total(f.allocated for f in figures),
                obligated=total(f.obligated for f in figures),
                disbursed=total(f.disbursed for f in figures),
                projects=len(projects),
                reports=reports,
                reports_accepted=accepted,
            )
        )
    return summaries


def _reports(office: BudgetOffice, lao_code: str, fiscal_year: int) -> tuple[int, int]:
    found = accepted = 0
    for quarter in (1, 2, 3, 4):
        period = ReportingPeriod(fiscal_year, PeriodKind.QUARTER, quarter)
        try:
            report = office.report(report_id(lao_code, period.key))
        except NotFound:
            continue
        found += 1
        accepted += report.status is ReportStatus.ACCEPTED
    return found, accepted


def totals(summaries: list[LaoSummary]) -> LaoSummary:
    """All the LAOs together."""
    return LaoSummary(
        code="",
        name_th=f"รวม {len(summaries)} อปท.",
        type_abbreviation="",
        allocated=total(s.allocated for s in summaries),
        obligated=total(s.obligated for s in summaries),
        disbursed=total(s.disbursed for s in summaries),
        projects=sum(s.projects for s in summaries),
        reports=sum(s.reports for s in summaries),
        reports_accepted=sum(s.reports_accepted for s in summaries),
    )
