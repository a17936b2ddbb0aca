"""Funding sources and revenue on the pages (Litestar's TestClient): the LAO's page shows its
money by source and its revenue against the estimate, month by month; the budget page each
line's source; the project page its line's; the national page sums the revenue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.domain.funding import UnusedGrant
from budget.domain.revenue import RevenueCategory
from tests.builders import FY, LAO, close_year, planned_project
from tests.funding_world import add_funded, estimate, grant_line, receive
from tests.http_world import Api, build_world, serving, settings_for
from tests.test_pages import log_in


def world_with_a_grant_and_revenue(office: BudgetOffice) -> UUID:
    build_world(office)
    add_funded(office, grant_line("GRANT", "900000.00", unused=UnusedGrant.CARRY))
    project = planned_project(office, code="G1", line_code="GRANT", amount="800000.00")
    estimate(office, on=date(2026, 10, 3))
    receive(office, RevenueCategory.SHARED_TAXES, "410000.00", on=date(2026, 10, 30))
    receive(office, RevenueCategory.TAXES, "12345.00", on=date(2026, 11, 30))
    close_year(office)  # the grant's 100,000 not planned: kept for its purpose
    return project


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Api]:
    settings = settings_for(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)
    with serving(settings, world_with_a_grant_and_revenue) as api:
        yield api


def test_the_lao_page_shows_its_money_by_source_and_its_revenue(site: Api) -> None:
    log_in(site, "clerk")
    html = site.client.get(f"/laos/{LAO}?fiscal_year={FY}").text
    funding = html[html.index('data-testid="funding"') :]
    assert "เงินอุดหนุนเฉพาะกิจ" in funding
    assert "กรมส่งเสริมการปกครองท้องถิ่น" in funding
    assert "900,000.00" in funding
    assert "กันไว้ตามวัตถุประสงค์ของเงินอุดหนุน" in funding  # where its unused money goes
    revenue = html[html.index('data-testid="revenue"') :]
    assert "422,345.00" in revenue  # collected: 410,000 + 12,345
    assert "10,200,000.00" in revenue  # the estimate
    assert "หมวดภาษีจัดสรร" in revenue
    assert "ตุลาคม 2569" in revenue
    assert "พฤศจิกายน 2569" in revenue
    kept = html[html.index('data-testid="lapsed-carried"') :]
    assert kept.startswith('data-testid="lapsed-carried">กันไว้ตามวัตถุประสงค์ของเงินอุดหนุน')
    assert "900,000.00" in kept[:200]  # the grant's line: nothing paid by the year's end
    assert 'data-testid="lapsed-accumulated_funds"' in html


def test_the_budget_and_project_pages_say_where_the_money_comes_from(site: Api) -> None:
    project = world_project(site)  # by the API, before the pages' login
    log_in(site, "clerk")
    budget = site.client.get(f"/laos/{LAO}/budget?fiscal_year={FY}").text
    assert 'data-testid="line-source"' in budget
    assert "มท 0808.2/ว 1234" in budget
    page = site.client.get(f"/projects/{project}").text
    assert "เงินอุดหนุนเฉพาะกิจ จาก กรมส่งเสริมการปกครองท้องถิ่น" in page


def world_project(site: Api) -> str:
    listed = site.get(f"/api/authorities/{LAO}/projects", "clerk", fiscal_year=FY).json()
    return next(p["project_id"] for p in listed["items"] if p["code"] == "G1")


def test_the_national_page_sums_the_revenue(site: Api) -> None:
    log_in(site, "dla")
    html = site.client.get(f"/nation?fiscal_year={FY}").text
    revenue = html[html.index('data-testid="revenue"') :]
    assert "422,345.00" in revenue
    site.client.get("/language/en?next=/nation", follow_redirects=False)
    english = site.client.get(f"/nation?fiscal_year={FY}").text
    assert "Revenue collected against the estimate" in english
