"""Every dashboard, ranking, inbox and audit query: plain functions over the views that
return msgspec Structs. HTTP, pages and PDFs call only these."""

from budget.projections.queries.audit import search_audit_log
from budget.projections.queries.budgets import budget_header, budget_lines
from budget.projections.queries.dashboards import (
    lao_dashboard,
    national_dashboard,
    province_dashboard,
)
from budget.projections.queries.funding import funding_split
from budget.projections.queries.funding_models import (
    FundingRow,
    LineSource,
    RevenueFigures,
    RevenueMonth,
    RevenueRow,
)
from budget.projections.queries.lists import authorities, authority, project, projects
from budget.projections.queries.models import (
    AuditEntry,
    AuditSearch,
    Authority,
    BudgetHeader,
    Filters,
    LaoDashboard,
    LineBalance,
    NationalDashboard,
    Page,
    PageRequest,
    ProjectRow,
    ProvinceDashboard,
    RankedLao,
    ReportRow,
    ReportStep,
)
from budget.projections.queries.paging import PagingError
from budget.projections.queries.project_models import ProjectDetail
from budget.projections.queries.ranking import peer_ranking
from budget.projections.queries.reports import (
    report,
    report_steps,
    reports_in_province,
    reports_of,
    review_inbox,
)
from budget.projections.queries.revenue import area_revenue, lao_revenue
from budget.projections.queries.reviews import (
    ReportReview,
    lao_reports,
    report_review,
)

__all__ = [
    "AuditEntry",
    "AuditSearch",
    "Authority",
    "BudgetHeader",
    "Filters",
    "FundingRow",
    "LaoDashboard",
    "LineBalance",
    "LineSource",
    "NationalDashboard",
    "Page",
    "PageRequest",
    "PagingError",
    "ProjectDetail",
    "ProjectRow",
    "ProvinceDashboard",
    "RankedLao",
    "ReportReview",
    "ReportRow",
    "ReportStep",
    "RevenueFigures",
    "RevenueMonth",
    "RevenueRow",
    "area_revenue",
    "authorities",
    "authority",
    "budget_header",
    "budget_lines",
    "funding_split",
    "lao_dashboard",
    "lao_reports",
    "lao_revenue",
    "national_dashboard",
    "peer_ranking",
    "project",
    "projects",
    "province_dashboard",
    "report",
    "report_review",
    "report_steps",
    "reports_in_province",
    "reports_of",
    "review_inbox",
    "search_audit_log",
]
