"""The deterministic demo: a realistic fiscal year for the LAOs of a province.

The *plan* (`plan_year`, `plan_lao`: data, one `Step` per BudgetOffice call) is
kept apart from *recording* (`record_year`, `record_lao`: applies the steps
through the office, once), so benchmarks can plan a nation and record it their
own way. Same authorities, year, seed and options: same events.
"""

from budget.demo.accounts import (
    DEMO_PASSWORD,
    DemoAccount,
    demo_accounts,
    demo_usernames,
    open_demo_accounts,
    present_demo_accounts,
)
from budget.demo.plan import (
    DemoOptions,
    current_fiscal_year,
    demo_targets,
    plan_lao,
    plan_year,
    registration_date,
)
from budget.demo.record import (
    DemoPlanError,
    DemoResult,
    LaoOutcome,
    LaoStatus,
    lao_status,
    record_lao,
    record_year,
)
from budget.demo.steps import (
    LaoPlan,
    Step,
    executive_actor,
    finance_actor,
    reviewer_actor,
)
from budget.demo.summary import LaoSummary, summarize, totals

__all__ = [
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoOptions",
    "DemoPlanError",
    "DemoResult",
    "LaoOutcome",
    "LaoPlan",
    "LaoStatus",
    "LaoSummary",
    "Step",
    "current_fiscal_year",
    "demo_accounts",
    "demo_targets",
    "demo_usernames",
    "executive_actor",
    "finance_actor",
    "lao_status",
    "open_demo_accounts",
    "plan_lao",
    "plan_year",
    "present_demo_accounts",
    "record_lao",
    "record_year",
    "registration_date",
    "reviewer_actor",
    "summarize",
    "totals",
]
