"""The running sums of money by source (province_funding, national_funding; issue 16) hold
what the lines of other sources than own revenue hold, after each event that moves their
money and after batches of any size, on every store; views kept before them get them made
from the lines; the province and national dashboards read them and answer as the lines
joined to their sources did."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, text

from budget.application import BudgetOffice
from budget.domain.funding import UnusedGrant
from budget.projections import queries
from budget.projections.engine import create_tables
from budget.projections.follow import catch_up
from budget.projections.funding_sums import FROM_THE_LINES, NATIONAL_FROM_PROVINCES
from budget.projections.queries import Filters
from budget.projections.registry import all_projections
from budget.projections.tables import (
    metadata,
    national_funding,
    national_province_progress,
    province_funding,
)
from tests.builders import (
    FY,
    LAO,
    close_year,
    inspect,
    pay,
    planned_project,
    procured_until_winner,
    sign,
    spend,
)
from tests.funding_world import add_funded, grant_line, office_with_sources


def a_year_of_grants(office: BudgetOffice) -> None:
    """Lines of a grant, accumulated funds and own revenue; a grant line added outside the
    ordinance; a contract on the grant, an installment paid; spent from accumulated funds
    and from own revenue; the year closed (what is left lapses)."""
    office_with_sources(office)
    add_funded(office, grant_line("KEEP", "100000.00", unused=UnusedGrant.CARRY))
    project = planned_project(office, code="G1", line_code="GRANT", amount="700000.00")
    procured_until_winner(office, project, offered="650000.00")
    sign(office, project, "650000.00")
    inspect(office, project, 1, date(2027, 1, 10))
    pay(office, project, 1, "325000.00")
    spend(office, "WELL", "120000.00")
    spend(office, "SUPPLIES", "12000.00")
    close_year(office)


def kept(connection: Connection, table: Any) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in connection.execute(select(table))}


def summed(connection: Connection, sql: str) -> set[tuple[Any, ...]]:
    """The rows of `sql`, money as Decimal whatever the store keeps it as."""
    found = set()
    for row in connection.execute(text(sql)):
        *key, allocated, obligated, disbursed, lapsed = row
        sums = (allocated, obligated, disbursed, lapsed)
        found.add((*key, *(Decimal(s) / (100 if isinstance(s, int) else 1) for s in sums)))
    return found


def as_money(rows: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    return {(*row[:-4], *(Decimal(s) for s in row[-4:])) for row in rows}


def test_the_running_sums_equal_the_lines_money_after_each_event(
    office: BudgetOffice, views: Engine
) -> None:
    a_year_of_grants(office)
    seen: list[set[tuple[Any, ...]]] = []

    def compare(_position: int, _read: int) -> None:
        with views.connect() as connection:
            province = as_money(kept(connection, province_funding))
            assert province == summed(connection, FROM_THE_LINES)
            nation = as_money(kept(connection, national_funding))
            assert nation == summed(connection, NATIONAL_FROM_PROVINCES)
        if not seen or seen[-1] != province:
            seen.append(province)

    catch_up(office, views, all_projections(), batch_size=1, on_batch=compare)
    assert len(seen) >= 6  # drafted, enacted... each move of a grant's or the funds' money
    last = {row[4:] for row in seen[-1]}
    assert last == {
        # kind, grantor, unused; allocated, obligated, disbursed, lapsed
        ("accumulated_funds", "", "", Decimal("450000.00"), Decimal("120000.00"),
         Decimal("120000.00"), Decimal("330000.00")),
        ("specific_grant", "กรมส่งเสริมการปกครองท้องถิ่น", "return", Decimal("800000.00"),
         Decimal("650000.00"), Decimal("325000.00"), Decimal("475000.00")),
        ("specific_grant", "กรมส่งเสริมการปกครองท้องถิ่น", "carry", Decimal("100000.00"),
         Decimal("0.00"), Decimal("0.00"), Decimal("100000.00")),
    }  # fmt: skip


@pytest.mark.parametrize("batch_size", [3, 1000])
def test_batches_of_any_size_keep_the_same_sums(
    office: BudgetOffice, views: Engine, batch_size: int
) -> None:
    a_year_of_grants(office)
    catch_up(office, views, all_projections(), batch_size=batch_size)
    with views.connect() as connection:
        assert as_money(kept(connection, province_funding)) == summed(connection, FROM_THE_LINES)
        assert len(kept(connection, national_funding)) == 3


def test_views_kept_before_the_sums_get_them_made_from_the_lines(
    office: BudgetOffice, views: Engine
) -> None:
    """Views kept before schema 0015 gain its sums when next opened (views_engine
    creates the tables), equal to what the projection keeps."""
    a_year_of_grants(office)
    catch_up(office, views, all_projections(), batch_size=5)
    added = (province_funding, national_funding, national_province_progress)
    with views.connect() as connection:
        before = [kept(connection, table) for table in added]
    assert all(before)
    with views.begin() as connection:
        for table in added:
            connection.execute(text(f"DROP TABLE {table.name}"))
    create_tables(views, metadata)
    with views.connect() as connection:
        assert [kept(connection, table) for table in added] == before
    create_tables(views, metadata)  # once there, left alone
    with views.connect() as connection:
        assert [kept(connection, table) for table in added] == before


def test_the_area_dashboards_split_by_source_from_the_sums(
    office: BudgetOffice, views: Engine
) -> None:
    """Narrowed by LAO type and budget group too, the nation's and the province's split
    are the LAO's (one LAO), but for its own revenue's lapse; a sum left wrong shows."""
    a_year_of_grants(office)
    catch_up(office, views, all_projections())
    with views.connect() as connection:
        lao = queries.lao_dashboard(connection, LAO, Filters(fiscal_year=FY))
        province, lao_type = lao.authority.province_code, lao.authority.lao_type
        for narrowed in ({}, {"lao_type": lao_type}, {"budget_group": "investment"}):
            filters = Filters(fiscal_year=FY, **narrowed)
            mine = queries.lao_dashboard(connection, LAO, filters).funding
            nation = queries.national_dashboard(connection, filters).funding
            area = queries.province_dashboard(connection, province, filters).funding
            others = [(r.kind, r.grantor, r.unused_goes_to, r.allocated, r.lapsed) for r in mine]
            for found in (nation, area):
                assert [(r.kind, r.grantor, r.unused_goes_to, r.allocated, r.lapsed)
                        for r in found][1:] == others[1:]  # fmt: skip
        assert len(others) == 4  # own revenue, the funds, both grants
    with views.begin() as connection:
        connection.execute(national_funding.update().values(allocated=Decimal("1.00")))
    with views.connect() as connection:
        nation = queries.national_dashboard(connection, Filters(fiscal_year=FY)).funding
    assert {r.allocated for r in nation if r.kind != "own_revenue"} == {Decimal("1.00")}
