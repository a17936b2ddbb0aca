"""BudgetOffice: one eventsourcing Application with one method per use case."""

from __future__ import annotations

from budget.application.calendar_cases import CalendarCases
from budget.application.contract_cases import ContractCases
from budget.application.funding_cases import FundingCases
from budget.application.history import HistoryCases
from budget.application.project_cases import ProjectCases
from budget.application.registry_cases import RegistryCases
from budget.application.report_cases import ReportCases


class BudgetOffice(
    RegistryCases,
    ContractCases,
    ProjectCases,
    ReportCases,
    FundingCases,
    CalendarCases,
    HistoryCases,
):
    """The only door to the domain, for HTTP, CLI, demo and benchmarks alike."""
