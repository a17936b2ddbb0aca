"""Every dashboard, ranking, inbox and audit query: plain functions over the views that
return msgspec Structs. HTTP, pages and PDFs call only these."""

from budget.projections.queries.audit import search_audit_log
from budget.projections.queries.dashboards import (
    lao_dashboard,
    national_dashboard,
    province_dashboard,
)
from budget.projections.queries.lists import (
    authority,
    budget_lines,
    projects,
    report,
    reports_of,
    review_inbox,
)
from budget.projections.queries.models import (
    AuditEntry,
    AuditSearch,
    Filters,
    LaoDashboard,
    NationalDashboard,
    Page,
    PageRequest,
    ProvinceDashboard,
)
from budget.projections.queries.paging import PagingError
from budget.projections.queries.ranking import peer_ranking

__all__ = [
    "AuditEntry",
    "AuditSearch",
    "Filters",
    "LaoDashboard",
    "NationalDashboard",
    "Page",
    "PageRequest",
    "PagingError",
    "ProvinceDashboard",
    "authority",
    "budget_lines",
    "lao_dashboard",
    "national_dashboard",
    "peer_ranking",
    "projects",
    "province_dashboard",
    "report",
    "reports_of",
    "review_inbox",
    "search_audit_log",
]
