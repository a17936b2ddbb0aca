"""Every projection the service keeps, in the order the follow loop applies them."""

from __future__ import annotations

from budget.projections.audit import AuditLog
from budget.projections.authorities import Authorities
from budget.projections.budget_lines import BudgetLines
from budget.projections.carry_over import ProjectCarryOver
from budget.projections.compliance import Compliance
from budget.projections.deadlines import Deadlines
from budget.projections.follow import Projection
from budget.projections.line_funding import LineFunding
from budget.projections.missing_rows import MissingRows
from budget.projections.project_record import ProjectRecord
from budget.projections.project_state import ProjectState
from budget.projections.reports import Reports
from budget.projections.revenue import Revenue
from budget.projections.targets import DisbursementTargetsView


def all_projections() -> tuple[Projection, ...]:
    """A fresh instance of every projection (projections hold no state between batches),
    in the order each batch applies them: Compliance reads what ProjectState and Reports
    wrote of the same batch, MissingRows what Compliance wrote, BudgetLines the lines'
    sources LineFunding wrote (where LineFunding was behind, as in views older than it)."""
    return (
        AuditLog(),
        Authorities(),
        LineFunding(),
        BudgetLines(),
        Deadlines(),
        DisbursementTargetsView(),
        ProjectState(),
        ProjectRecord(),
        ProjectCarryOver(),
        Reports(),
        Compliance(),
        MissingRows(),
        Revenue(),
    )
