"""The demo year has money from every kind of source an LAO lives with and its revenue
month by month (issue 14, items 5 and 6): specific grants and accumulated funds added after
the ordinance, each with a project on it, the revenue estimate with the draft, receipts at
every month's end, a correction here and there; recorded, the dashboards show them."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from budget.application import BudgetOffice
from budget.application.commands import (
    AddFundedLine,
    CorrectRevenue,
    DraftBudget,
    EnactBudget,
    EstimateRevenue,
    PlanProject,
    RecordRevenue,
)
from budget.config import Settings
from budget.demo import DemoOptions, plan_year, record_year
from budget.domain.funding import FundingKind
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.queries import Filters, lao_dashboard, national_dashboard
from budget.projections.registry import all_projections
from budget.projections.verify import verify
from budget.registry import generate_authorities

FY = 2570
TODAY = date(2027, 3, 31)
OPTIONS = DemoOptions(projects=8, today=TODAY)


def test_the_demo_plans_grants_accumulated_funds_and_monthly_revenue() -> None:
    kinds: Counter[FundingKind] = Counter()
    corrections = 0
    for plan in plan_year(generate_authorities(["50"])[:60], FY, 7, OPTIONS):
        commands = [step.command for step in plan.steps]
        enacted = next(
            c.ordinance_date for c in commands if isinstance(c, EnactBudget) and c.fiscal_year == FY
        )
        for index, command in enumerate(commands):
            if not isinstance(command, AddFundedLine):
                continue
            kinds[command.source] += 1
            assert command.business_date is not None
            assert command.business_date > enacted  # outside an ordinance in force
            assert any(
                isinstance(later, PlanProject) and later.line_code == command.code
                for later in commands[index:]
            )
        drafted = [c for c in commands if isinstance(c, DraftBudget) and c.fiscal_year == FY]
        estimate = next(c for c in commands if isinstance(c, EstimateRevenue))
        assert sum(e.amount for e in estimate.estimates) == sum(
            line.amount for line in drafted[0].lines
        )  # a balanced budget
        months = {c.business_date.month for c in commands if isinstance(c, RecordRevenue)}
        assert months == {10, 11, 12, 1, 2, 3}
        corrections += sum(isinstance(c, CorrectRevenue) for c in commands)
    assert kinds[FundingKind.SPECIFIC_GRANT] >= 20
    assert kinds[FundingKind.ACCUMULATED_FUNDS] >= 10
    assert corrections >= 1


def test_the_recorded_demo_shows_its_sources_and_revenue_and_verifies(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    """On every store; `budget projections verify` finds the views equal to their rebuild."""
    laos = generate_authorities(["50"])[:6]
    record_year(office, laos, FY, 7, OPTIONS)
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    catch_up(office, views, all_projections())
    assert verify(office, views, lanes=False).equal
    with views.connect() as connection:
        nation = national_dashboard(connection, Filters(fiscal_year=FY))
        boards = [lao_dashboard(connection, lao.code, Filters(fiscal_year=FY)) for lao in laos]
    assert {row.kind for row in nation.funding} >= {"own_revenue", "specific_grant"}
    assert nation.revenue is not None
    assert nation.revenue.received > 0
    assert nation.revenue.estimated == sum(
        (b.revenue.estimated for b in boards if b.revenue is not None), Decimal(0)
    )
    for board in boards:
        assert board.revenue is not None
        assert [m.month.month for m in board.revenue.by_month] == [10, 11, 12, 1, 2, 3]
    views.dispose()
