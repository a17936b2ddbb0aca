"""The views of funding sources and revenue hold what the AnnualBudget holds, on every store:
each line's and project's source, the year's money split by source for the LAO and the
nation, revenue by category and by month against the estimate (with a correction); a
history stored before lines had a source projects as the LAO's own revenue; a rebuild from
the first event equals the live views (`budget projections verify`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial

import msgspec
from sqlalchemy import Engine, event, func, select

from budget.application import BudgetOffice
from budget.application.commands import RegisterAuthority
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.funding import FundingKind, UnusedGoesTo, UnusedGrant, figures_by_source
from budget.domain.revenue import RevenueCategory
from budget.projections import queries
from budget.projections.follow import catch_up
from budget.projections.queries import Filters, PageRequest
from budget.projections.queries.revenue import area_revenue, lao_revenue
from budget.projections.registry import all_projections
from budget.projections.tables import budget_line_source, revenue_category
from budget.projections.verify import verify
from tests.builders import FY, LAO, close_year, planned_project, record, spend
from tests.funding_world import (
    DLA,
    ESTIMATE,
    add_funded,
    correct_receipt,
    estimate,
    grant_line,
    office_with_sources,
    receive,
)
from tests.test_rules_funding import store_a_draft_without_sources

TAXES, SHARED = RevenueCategory.TAXES, RevenueCategory.SHARED_TAXES


def a_year_of_sources_and_revenue(office: BudgetOffice) -> None:
    office_with_sources(office)
    add_funded(office, grant_line("KEEP", "100000.00", unused=UnusedGrant.CARRY))
    planned_project(office, code="G1", line_code="GRANT", amount="700000.00")
    planned_project(office, code="P1", line_code="ROAD", amount="1500000.00")
    spend(office, "SUPPLIES", "12000.00")
    estimate(office, on=date(2026, 10, 3))
    receive(office, SHARED, "410000.00", on=date(2026, 10, 30), reference="R-1")
    wrong = receive(office, TAXES, "9000.00", on=date(2026, 11, 30), reference="R-2").version
    receive(office, TAXES, "1000.00", on=date(2026, 11, 30), reference="R-3")
    correct_receipt(office, wrong, "900.00")


def test_the_views_hold_each_source_and_the_split_the_budget_holds(
    office: BudgetOffice, views: Engine
) -> None:
    a_year_of_sources_and_revenue(office)
    close_year(office)  # the grants' unused money: returned, or kept for the grant's purpose
    catch_up(office, views, all_projections(), batch_size=4)
    budget = office.budget(LAO, FY)
    with views.connect() as connection:
        lines = {line.line_code: line for line in queries.budget_lines(connection, LAO, FY)}
        split = queries.lao_dashboard(connection, LAO, Filters(fiscal_year=FY)).funding
        nation = queries.national_dashboard(connection, Filters(fiscal_year=FY)).funding
        projects = queries.projects(connection, Filters(fiscal_year=FY), PageRequest())
        grant_project = next(p for p in projects.items if p.code == "G1")
        detail = queries.project(connection, grant_project.project_id)
    assert lines["ROAD"].source.kind == FundingKind.OWN_REVENUE.value
    assert (lines["GRANT"].source.kind, lines["GRANT"].source.grantor) == ("specific_grant", DLA)
    assert lines["GRANT"].source.unused_goes_to == UnusedGoesTo.GRANTOR.value
    assert lines["KEEP"].source.unused_goes_to == UnusedGoesTo.CARRIED.value
    assert lines["KEEP"].source.reference == "มท 0808.2/ว 1234"
    assert lines["KEEP"].source.added_on == date(2026, 12, 10)
    assert lines["WELL"].source.council_resolution == "มติสภา สมัยวิสามัญ 1/2569"
    assert lines["WELL"].source.council_approved_on == date(2026, 9, 10)
    assert {p.code: p.source for p in projects.items} == {
        "G1": "specific_grant",
        "P1": "own_revenue",
    }
    assert detail.source.grantor == DLA
    by_kind: dict[str, list[Decimal]] = {}
    for row in split:
        sums = by_kind.setdefault(row.kind, [Decimal(0)] * 4)
        for i, value in enumerate((row.allocated, row.obligated, row.disbursed, row.lapsed)):
            assert value is not None  # one LAO's: every source's lapse summed
            sums[i] += value
    expected = figures_by_source(budget.ledgers.values())
    assert by_kind == {kind.value: list(sums) for kind, sums in expected.items()}
    grants = {row.unused_goes_to: row.lapsed for row in split if row.kind == "specific_grant"}
    assert grants == {"grantor": Decimal("800000.00"), "carried": Decimal("100000.00")}
    # one LAO: the nation is this LAO (but the own revenue's lapse, not summed nationwide)
    assert [msgspec.structs.replace(row, lapsed=None) for row in nation] == [
        msgspec.structs.replace(row, lapsed=None) for row in split
    ]
    assert [row.lapsed for row in nation if row.kind != "own_revenue"] == [
        row.lapsed for row in split if row.kind != "own_revenue"
    ]
    with views.connect() as connection:  # as of a quarter's end: the year as it stands still
        at_q1 = queries.lao_dashboard(connection, LAO, Filters(fiscal_year=FY, quarter=1))
        nation_q1 = queries.national_dashboard(connection, Filters(fiscal_year=FY, quarter=1))
    assert at_q1.funding == split
    assert nation_q1.funding == nation


def test_revenue_is_collected_against_the_estimate_by_category_and_month(
    office: BudgetOffice, views: Engine
) -> None:
    a_year_of_sources_and_revenue(office)
    catch_up(office, views, all_projections(), batch_size=3)
    book = office.budget(LAO, FY).revenue
    with views.connect() as connection:
        mine = lao_revenue(connection, LAO, FY)
        nation = area_revenue(connection, Filters(fiscal_year=FY))
        board = queries.lao_dashboard(connection, LAO, Filters(fiscal_year=FY))
    assert mine is not None
    assert board.revenue == mine
    received = book.received()
    for row in mine.by_category:
        category = RevenueCategory(row.category)
        assert row.estimated == book.estimate.get(category, Decimal("0.00"))
        assert row.received == received.get(category, Decimal("0.00"))
    assert mine.estimated == sum((Decimal(a) for a in ESTIMATE.values()), Decimal(0))
    assert mine.received == Decimal("411900.00")  # 410,000 + 900 (corrected) + 1,000
    assert [(m.month, m.received, m.cumulative) for m in mine.by_month] == [
        (date(2026, 10, 1), Decimal("410000.00"), Decimal("410000.00")),
        (date(2026, 11, 1), Decimal("1900.00"), Decimal("411900.00")),
    ]
    assert (nation.estimated, nation.received) == (mine.estimated, mine.received)
    assert nation.by_category == mine.by_category


def test_each_dashboard_asks_its_sources_and_revenue_in_its_one_statement(
    office: BudgetOffice, views: Engine
) -> None:
    """Issue 16: the money by source, the revenue and (narrowed to a quarter) the year's
    sums are parts of the dashboard's one statement (the LAO's with the LAO and its
    reports), with the answers they give asked alone."""
    a_year_of_sources_and_revenue(office)
    catch_up(office, views, all_projections(), batch_size=5)
    statements: list[str] = []

    def count(*executed: object) -> None:
        statements.append(str(executed[2]))

    with views.connect() as connection:
        province_code = queries.lao_dashboard(
            connection, LAO, Filters(fiscal_year=FY)
        ).authority.province_code
        boards = {
            "national": queries.national_dashboard,
            "province": partial(queries.province_dashboard, province_code=province_code),
            "lao": partial(queries.lao_dashboard, lao_code=LAO),
        }
        asked: dict[tuple[str, int | None], tuple[int, object, object]] = {}
        event.listen(connection, "before_cursor_execute", count)
        for quarter in (None, 1):
            for name, board in boards.items():
                before = len(statements)
                found = board(connection, filters=Filters(fiscal_year=FY, quarter=quarter))
                asked[name, quarter] = (len(statements) - before, found.funding, found.revenue)
        event.remove(connection, "before_cursor_execute", count)
        year = queries.lao_dashboard(connection, LAO, Filters(fiscal_year=FY)).total
        alone = (
            queries.funding_split(connection, Filters(fiscal_year=FY), year),
            area_revenue(connection, Filters(fiscal_year=FY)),
        )
    assert {key: n for key, (n, _, _) in asked.items()} == {
        ("national", None): 1, ("province", None): 1, ("lao", None): 1,
        ("national", 1): 1, ("province", 1): 1, ("lao", 1): 1,
    }  # fmt: skip
    for quarter in (None, 1):  # one LAO: its province and the nation are it
        assert asked["national", quarter][1:] == alone
        assert asked["province", quarter][1:] == alone
    assert asked["lao", 1] == asked["lao", None]


def test_every_budget_has_its_revenue_rows_from_its_draft(
    office: BudgetOffice, views: Engine
) -> None:
    office_with_sources(office)
    catch_up(office, views, all_projections())
    with views.connect() as connection:
        count = connection.execute(select(func.count()).select_from(revenue_category)).scalar()
        found = lao_revenue(connection, LAO, FY)
        none = lao_revenue(connection, LAO, FY + 1)
    assert count == len(RevenueCategory)
    assert found is not None
    assert found.estimated == found.received == Decimal("0.00")
    assert none is None


def test_a_history_without_sources_projects_as_own_revenue(
    office: BudgetOffice, views: Engine
) -> None:
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    store_a_draft_without_sources(office)
    catch_up(office, views, all_projections())
    with views.connect() as connection:
        rows = connection.execute(select(budget_line_source)).all()
        lines = queries.budget_lines(connection, LAO, FY)
        split = queries.lao_dashboard(connection, LAO, Filters(fiscal_year=FY)).funding
    assert rows == []
    assert {line.source.kind for line in lines} == {"own_revenue"}
    assert [(r.kind, r.allocated) for r in split] == [("own_revenue", Decimal("2300000.00"))]
    assert verify(office, views, lanes=False).equal


def test_a_rebuild_of_the_funding_and_revenue_views_equals_the_live_ones(
    office: BudgetOffice, views: Engine
) -> None:
    a_year_of_sources_and_revenue(office)
    catch_up(office, views, all_projections(), batch_size=2)
    result = verify(office, views, lanes=False)
    assert result.equal, result
    assert {"budget_line_source", "revenue_category", "revenue_month", "revenue_receipt",
            "revenue_rollup", "province_funding", "national_funding"} <= {
        t.table for t in result.tables if t.rows}  # fmt: skip
