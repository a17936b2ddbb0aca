"""The views and the tracking table, described once for SQLite and PostgreSQL, by subject:
base.py (exact money, UTC moments, the MetaData), projects.py, budgets.py, reports.py,
deadlines.py, missing.py and funding.py (funding sources and revenue). Everything is
imported from here: `from budget.projections.tables import project_state`."""

from budget.projections.tables.base import (
    CENT,
    Money,
    UtcDateTime,
    metadata,
    money,
    whole_satang,
)
from budget.projections.tables.budgets import (
    budget_expenditure,
    budget_line_balance,
    budget_line_before_enactment,
    budget_line_project,
    budget_state,
    disbursement_target,
    lao_progress,
    national_progress,
    province_progress,
)
from budget.projections.tables.deadlines import (
    cabinet_holiday,
    deadline,
    deadline_budget,
    reporting_rule,
)
from budget.projections.tables.funding import (
    budget_line_source,
    line_funding_budget,
    revenue_category,
    revenue_month,
    revenue_receipt,
    revenue_rollup,
)
from budget.projections.tables.missing import lao_compliance
from budget.projections.tables.projects import (
    audit_log,
    authority,
    authority_contact,
    national_stage_count,
    project_installment,
    project_payment,
    project_record,
    project_record_installment,
    project_record_payment,
    project_stage_date,
    project_state,
    projection_tracking,
    stage_count,
)
from budget.projections.tables.reports import (
    report_state,
    report_step,
)

__all__ = [
    "CENT",
    "Money",
    "UtcDateTime",
    "audit_log",
    "authority",
    "authority_contact",
    "budget_expenditure",
    "budget_line_balance",
    "budget_line_before_enactment",
    "budget_line_project",
    "budget_line_source",
    "budget_state",
    "cabinet_holiday",
    "deadline",
    "deadline_budget",
    "disbursement_target",
    "lao_compliance",
    "lao_progress",
    "line_funding_budget",
    "metadata",
    "money",
    "national_progress",
    "national_stage_count",
    "project_installment",
    "project_payment",
    "project_record",
    "project_record_installment",
    "project_record_payment",
    "project_stage_date",
    "project_state",
    "projection_tracking",
    "province_progress",
    "report_state",
    "report_step",
    "reporting_rule",
    "revenue_category",
    "revenue_month",
    "revenue_receipt",
    "revenue_rollup",
    "stage_count",
    "whole_satang",
]
