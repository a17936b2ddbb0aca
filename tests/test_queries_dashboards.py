"""The dashboards narrowed by filters, over the hand-written view rows of test_queries:
each dashboard reads its sums per area, type, group and quarter in one statement, and an
LAO's stages with its project counts in another; both must still honour every filter, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, text, update
from sqlalchemy.exc import OperationalError

from budget.config import Settings
from budget.domain.errors import NotFound
from budget.projections.engine import reading, views_engine
from budget.projections.queries import Filters, lao_dashboard, province_dashboard
from budget.projections.queries.budgets import year_money
from budget.projections.queries.figures import targets
from budget.projections.queries.funding import others
from budget.projections.queries.models import StageCount
from budget.projections.queries.parts import one_statement, read_parts
from budget.projections.queries.reports import lao_authority, lao_reports
from budget.projections.queries.revenue import lao_categories, lao_months
from budget.projections.queries.rollups import lao_fine
from budget.projections.queries.stages import lao_projects
from budget.projections.tables import province_lao_progress, province_progress
from tests.test_queries import FY, TODAY, fill

D = Decimal


@pytest.fixture
def views(file_store_url: str, tmp_path: Path) -> Iterator[Engine]:
    yield from _filled_views(file_store_url, tmp_path)


@pytest.fixture
def postgres_views(postgres_url: str, tmp_path: Path) -> Iterator[Engine]:
    """The filled views on PostgreSQL alone (what runs on psycopg's raw cursor)."""
    yield from _filled_views(postgres_url, tmp_path)


def _filled_views(url: str, tmp_path: Path) -> Iterator[Engine]:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(tmp_path)})
    engine = views_engine(settings)
    with engine.begin() as connection:
        fill(connection)
    yield engine
    engine.dispose()


def test_lao_dashboard_narrows_its_stages_but_counts_every_project_of_the_year(
    views: Engine,
) -> None:
    with views.connect() as connection:
        paid = lao_dashboard(connection, "A", Filters(fiscal_year=FY, stage="paid"), today=TODAY)
        other_method = lao_dashboard(
            connection, "A", Filters(fiscal_year=FY, method="specific"), today=TODAY
        )
        personnel = lao_dashboard(
            connection,
            "A",
            Filters(fiscal_year=FY, quarter=2, budget_group="personnel"),
            today=TODAY,
        )
    assert paid.stages == [
        StageCount(
            stage="paid",
            method="e_bidding",
            projects=1,
            budget_amount=D("300000.00"),
            contract_amount=D("290000.00"),
            paid=D("290000.00"),
        )
    ]
    assert (paid.projects, paid.stuck_projects) == (3, 1)  # the year's, not the stage's
    assert other_method.stages == []
    assert (other_method.projects, other_method.stuck_projects) == (3, 1)
    assert personnel.stages == []  # A's projects are all investment
    assert personnel.total.allocated == D("500000.00")
    assert (personnel.total.obligated, personnel.total.disbursed) == (
        D("250000.00"), D("250000.00"),
    )  # fmt: skip
    assert [g.budget_group for g in personnel.by_group] == ["personnel"]
    assert [(p.quarter, p.progress.disbursed) for p in personnel.by_quarter] == [
        (1, D("100000.00")), (2, D("250000.00")),
    ]  # fmt: skip
    assert personnel.by_quarter[1].progress.target_percent == D(45)


def test_lao_dashboard_sums_the_groups_and_runs_the_quarters(views: Engine) -> None:
    with views.connect() as connection:
        board = lao_dashboard(connection, "A", Filters(fiscal_year=FY), today=TODAY)
    groups = {g.budget_group: g.progress for g in board.by_group}
    assert groups["investment"].allocated == D("1000000.00")
    assert groups["investment"].disbursed == D("250000.00")  # 0.2m in Q2, 0.05m after
    assert groups["personnel"].obligated == D("250000.00")
    assert [(p.quarter, p.progress.obligated, p.progress.disbursed) for p in board.by_quarter] == [
        (1, D("100000.00"), D("100000.00")),
        (2, D("850000.00"), D("450000.00")),
        (5, D("850000.00"), D("500000.00")),
    ]  # fmt: skip
    assert board.by_quarter[-1].progress.target_percent == D(80)  # after the year: Q4's


def test_province_dashboard_narrowed_to_a_type(views: Engine) -> None:
    with views.connect() as connection:
        saos = province_dashboard(connection, "50", Filters(fiscal_year=FY, lao_type="sao"))
    assert [a.key for a in saos.by_lao] == ["A", "B"]
    assert [t.key for t in saos.by_lao_type] == ["sao"]
    assert saos.by_lao_type[0].name == "องค์การบริหารส่วนตำบล"
    assert saos.total.allocated == D("3500000.00")
    assert [(p.quarter, p.progress.disbursed) for p in saos.by_quarter] == [
        (1, D("100000.00")), (2, D("1950000.00")), (5, D("2000000.00")),
    ]  # fmt: skip
    assert {g.budget_group: g.progress.allocated for g in saos.by_group} == {
        "investment": D("3000000.00"), "personnel": D("500000.00"),
    }  # fmt: skip


def test_province_dashboard_names_an_lao_missing_from_the_registry_by_its_code(
    views: Engine,
) -> None:
    with views.begin() as connection:  # E's flow of 100 in Q1, as the running sums keep it
        connection.execute(
            insert(province_lao_progress),
            [
                dict(province_code="50", fiscal_year=FY, budget_group=group, quarter=quarter,
                     lao_code="E", lao_type="sao",
                     allocated=D(100), obligated=D(0), disbursed=D(0))
                for group in ("investment", "all")
                for quarter in range(1, 6)
            ],
        )  # fmt: skip
        p = province_progress
        connection.execute(
            update(p)
            .where(p.c.province_code == "50", p.c.lao_type == "sao", p.c.quarter == 1,
                   p.c.budget_group == "investment")
            .values(allocated=p.c.allocated + D(100))
        )  # fmt: skip
        board = province_dashboard(connection, "50", Filters(fiscal_year=FY))
    names = {a.key: a.name for a in board.by_lao}
    assert names == {"A": "อบต.เอ", "B": "อบต.บี", "C": "ทม.ซี", "E": "E"}
    assert board.total.allocated == D("3900100.00")


def test_lao_dashboard_of_an_lao_without_reports_and_of_an_unknown_one(views: Engine) -> None:
    with views.connect() as connection:
        town = lao_dashboard(connection, "C", Filters(fiscal_year=FY), today=TODAY)
        earlier = lao_dashboard(connection, "A", Filters(fiscal_year=FY - 1), today=TODAY)
        with pytest.raises(NotFound):
            lao_dashboard(connection, "Z", Filters(fiscal_year=FY), today=TODAY)
    assert (town.authority.name_th, town.authority.province_code) == ("ทม.ซี", "50")
    assert town.reports == []
    assert (earlier.authority.lao_code, earlier.reports, earlier.by_quarter) == ("A", [], [])
    assert (earlier.projects, earlier.stages) == (0, [])


def test_a_statements_rows_are_its_typed_rows_value_for_value(views: Engine) -> None:
    """read_parts runs a dashboard's statement as the driver's text on PostgreSQL and
    takes its values as psycopg reads them: they must be SQLAlchemy's typed rows, value
    for value and Decimal for Decimal to the exponent (what the answers' JSON shows), for
    every kind of column: text, an id, days, counts, money sums, percentages."""
    values = {"fiscal_year": FY, "lao_code": "A", "stuck_before": TODAY}
    parts = {
        "authority": lao_authority(),
        "reports": lao_reports(),
        "targets": targets(),
        "fine": lao_fine(()),
        "projects": lao_projects(()),
        "money": year_money(()),
        "funding": others((), of_lao=True),
        "revenue": lao_categories(),
        "revenue_months": lao_months(),
    }
    statement = one_statement(parts)
    with views.connect() as connection:
        typed = connection.execute(statement.statement, values).all()
        in_a_transaction = read_parts(connection, statement, values)
    with reading(views) as connection:  # as the service reads: outside a transaction
        found = read_parts(connection, statement, values)
    with views.connect() as connection:  # none begun: read as SQLAlchemy's, which begins one
        first = read_parts(connection, statement, values)
        assert connection.in_transaction()
    # every kind of column read: text, an id and days, percentages, money sums and counts
    assert all(found[name] for name in ("authority", "reports", "targets", "fine", "projects"))
    expected = _exactly(
        {name: [statement.columns[name](row) for row in typed if row[0] == name] for name in parts}
    )
    assert _exactly(found) == _exactly(in_a_transaction) == _exactly(first) == expected


def _exactly(rows: dict[str, list[tuple[object, ...]]]) -> dict[str, list[str]]:
    return {name: sorted(repr(row) for row in found) for name, found in rows.items()}


def test_a_dashboard_read_whose_server_went_away_fails_as_sqlalchemys(
    postgres_views: Engine,
) -> None:
    """On PostgreSQL a dashboard's statement runs on psycopg's own connection: a server
    that went away must still fail as SQLAlchemy's OperationalError (the service's 503,
    not a 500) with the connection invalidated, so the pool drops it."""
    views = postgres_views
    with reading(views) as connection:
        lao_dashboard(connection, "A", Filters(fiscal_year=FY), today=TODAY)
        backend = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with views.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        with pytest.raises(OperationalError):
            lao_dashboard(connection, "A", Filters(fiscal_year=FY), today=TODAY)
        assert connection.invalidated
