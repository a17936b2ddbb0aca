"""The demo year through every projection: the dashboards say what the aggregates say,
whole-year and as of each quarter end, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.config import Settings
from budget.demo import DemoOptions, LaoPlan, plan_year, record_year
from budget.domain.budget_lines import GroupFigures
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import project_id
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.queries import (
    Filters,
    PageRequest,
    lao_dashboard,
    national_dashboard,
    projects,
    province_dashboard,
)
from budget.projections.registry import all_projections
from budget.registry import generate_authorities

FY = 2570
SEED = 11
OPTIONS = DemoOptions(projects=6, today=date(2027, 8, 31))
TODAY = date(2027, 8, 31)


@dataclass
class Demo:
    office: BudgetOffice
    views: Engine
    plans: list[LaoPlan]


@pytest.fixture
def demo(file_store_url: str, tmp_path: Path) -> Iterator[Demo]:
    url = file_store_url
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    records = generate_authorities(["50"])[:4]
    record_year(office, records, FY, SEED, OPTIONS)
    views = views_engine(settings)
    catch_up(office, views, all_projections(), batch_size=700)
    yield Demo(office, views, list(plan_year(records, FY, SEED, OPTIONS)))
    views.dispose()
    office.close()


def sums(figures: list[GroupFigures]) -> tuple[Decimal, Decimal, Decimal]:
    return (
        sum((f.allocated for f in figures), Decimal(0)),
        sum((f.obligated for f in figures), Decimal(0)),
        sum((f.disbursed for f in figures), Decimal(0)),
    )


def test_dashboards_equal_the_budgets_figures(demo: Demo) -> None:
    totals = [Decimal(0)] * 3
    with demo.views.connect() as connection:
        for plan in demo.plans:
            budget = demo.office.budget(plan.code, FY)
            board = lao_dashboard(connection, plan.code, Filters(fiscal_year=FY), today=TODAY)
            shown = (board.total.allocated, board.total.obligated, board.total.disbursed)
            assert shown == sums(budget.figures_by_group()), plan.code
            assert {g.budget_group: g.progress.disbursed for g in board.by_group} == {
                f.group.value: f.disbursed for f in budget.figures_by_group()
            }
            totals = [a + b for a, b in zip(totals, shown, strict=True)]
            for quarter in (1, 2, 3, 4):
                day = FiscalYear(FY).quarter_range(quarter)[1]
                as_of = lao_dashboard(
                    connection, plan.code, Filters(fiscal_year=FY, quarter=quarter), today=TODAY
                )
                expected = sums(demo.office.figures_as_of(plan.code, FY, day))
                assert (as_of.total.allocated, as_of.total.obligated, as_of.total.disbursed) == (
                    expected
                ), (plan.code, quarter)
        province = province_dashboard(connection, "50", Filters(fiscal_year=FY))
        nation = national_dashboard(connection, Filters(fiscal_year=FY))
    for board in (province.total, nation.total):
        assert [board.allocated, board.obligated, board.disbursed] == totals
    assert board.target_percent == Decimal(80)  # the demo's year-end target
    assert len(province.by_lao) == len(demo.plans)


def test_a_provinces_laos_are_each_lao_dashboards_figures_under_every_filter(
    demo: Demo,
) -> None:
    """The province dashboard lists its LAOs from the sums kept per LAO through each
    quarter (province_lao_progress); each must be what the LAO's own dashboard shows
    (from lao_progress), and the province's total the sum of its LAOs, for the year,
    each quarter, each budget group and each LAO type."""
    year = Filters(fiscal_year=FY)
    with demo.views.connect() as connection:
        whole = province_dashboard(connection, "50", year)
        groups = sorted({g.budget_group for g in whole.by_group})
        types = sorted({t.key for t in whole.by_lao_type})
        narrowings = [
            *(Filters(fiscal_year=FY, quarter=q) for q in (1, 2, 3, 4)),
            *(Filters(fiscal_year=FY, budget_group=g) for g in groups),
            *(Filters(fiscal_year=FY, lao_type=t) for t in types),
            Filters(fiscal_year=FY, quarter=2, budget_group=groups[0], lao_type=types[0]),
        ]
        assert len(groups) > 1
        for filters in [year, *narrowings]:
            province = province_dashboard(connection, "50", filters)
            listed = {a.key: a.progress for a in province.by_lao}
            for plan in demo.plans:
                own = lao_dashboard(connection, plan.code, filters, today=TODAY)
                if plan.code in listed:
                    assert listed[plan.code] == own.total, (plan.code, filters)
                else:  # a type narrowed away, or nothing in the group
                    assert not own.by_group, (plan.code, filters)
            summed = [sum((p.disbursed for p in listed.values()), Decimal(0))]
            assert summed == [province.total.disbursed], filters


def test_project_rows_equal_the_projects(demo: Demo) -> None:
    with demo.views.connect() as connection:
        rows = projects(connection, Filters(fiscal_year=FY), PageRequest(limit=500), today=TODAY)
        nation = national_dashboard(connection, Filters(fiscal_year=FY))
    expected = {}
    for plan in demo.plans:
        for code in plan.project_codes:
            project = demo.office.project(project_id(plan.code, FY, code))
            money = (project.paid, project.retention_held, project.fines)
            expected[str(project.id)] = (project.stage.value, money, project.advance_outstanding)
    shown = {
        r.project_id: (r.stage, (r.paid, r.retention_held, r.fines), r.advance_outstanding)
        for r in rows.items
    }
    assert shown == expected
    assert any(fines for _, (_, _, fines), _ in expected.values())  # the demo's late delivery
    by_stage: dict[str, int] = {}
    for stage, _, _ in expected.values():
        by_stage[stage] = by_stage.get(stage, 0) + 1
    counted: dict[str, int] = {}
    for count in nation.stages:
        counted[count.stage] = counted.get(count.stage, 0) + count.projects
    assert counted == by_stage


def test_the_nations_running_sums_are_the_provinces_summed(demo: Demo) -> None:
    """national_progress and national_stage_count hold what province_progress and
    stage_count hold, summed over the provinces, with no row left at zero projects."""
    progress = (
        "SELECT lao_type, fiscal_year, quarter, budget_group, "
        "sum(allocated), sum(obligated), sum(disbursed) FROM {} GROUP BY 1, 2, 3, 4"
    )
    counts = (
        "SELECT lao_type, fiscal_year, budget_group, method, stage, sum(projects), "
        "sum(budget_amount), sum(contract_amount), sum(paid) FROM {} GROUP BY 1, 2, 3, 4, 5"
    )
    with demo.views.connect() as connection:
        for statement, national, provinces in (
            (progress, "national_progress", "province_progress"),
            (counts, "national_stage_count", "stage_count"),
        ):
            kept = set(connection.exec_driver_sql(statement.format(national)).all())
            summed = set(connection.exec_driver_sql(statement.format(provinces)).all())
            assert kept == summed, national
            assert kept, national
        zero = connection.exec_driver_sql(
            "SELECT count(*) FROM national_stage_count WHERE projects = 0"
        )
        assert zero.scalar() == 0
