"""The demo year holds a project carried with the council's approval and contracted in
November of the next year (issue 14 item 2, budget/demo/carried.py): last year's road of
each LAO whose last year's ordinance the demo records, carried in September, signed after
30 September and paid out of the carried money; the views equal their rebuild after the
demo, and the project's API and page show its carry-over beside its contract."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from sqlalchemy import delete

from budget.application import BudgetOffice
from budget.cli import main
from budget.config import Settings
from budget.demo import DemoOptions, record_year
from budget.demo.carried import CODE
from budget.domain.budget_lines import CarryOverKind
from budget.domain.carry_over import council_carry_limit
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import budget_id, project_id
from budget.domain.procurement import Stage
from budget.projections import queries
from budget.projections.carry_over import ProjectCarryOver
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.registry import all_projections
from budget.projections.tables import project_carry_over, projection_tracking
from budget.projections.verify import verify
from budget.registry import AuthorityRecord, generate_authorities
from tests.builders import cancel_carried, close_year, enacted_office
from tests.http_world import PEOPLE, Api, open_people, serving, settings_for
from tests.test_pages import log_in
from tests.test_rules_carry_over import carried_uncommitted

FY = 2570
SEED = 7
TODAY = date(2027, 3, 31)
OPTIONS = DemoOptions(projects=4, today=TODAY)
LAOS = generate_authorities(["50"])[3:6]  # two of them enact late: last year is recorded


def carried_laos(office: BudgetOffice, laos: list[AuthorityRecord]) -> list[AuthorityRecord]:
    """The LAOs whose last year's ordinance the demo recorded."""
    found = [lao for lao in laos if office.exists(budget_id(lao.code, FY - 1))]
    assert found, "no demo LAO records last year"
    return found


def test_the_demo_carries_a_road_with_the_council_and_contracts_it_next_november(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    record_year(office, LAOS, FY, SEED, OPTIONS)
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    catch_up(office, views, all_projections())
    assert verify(office, views, lanes=False).equal
    last_year = FiscalYear(FY - 1)
    for lao in carried_laos(office, LAOS):
        project = office.project(project_id(lao.code, FY - 1, CODE))
        budget = office.budget(lao.code, FY - 1)
        (carried,) = [
            e for e in office.events.get(budget.id) if type(e).__name__ == "FundsCarriedOver"
        ]
        assert carried.kind is CarryOverKind.COUNCIL_APPROVED
        assert carried.council_approval is not None
        assert carried.council_approval.approved_on <= carried.business_date <= last_year.ends_on
        assert carried.deadline == council_carry_limit(last_year)
        signed = project.stage_dates[Stage.CONTRACT_SIGNED]
        assert (signed.year, signed.month) == (last_year.ends_on.year, 11)
        assert last_year.ends_on < signed <= TODAY
        contract = project.contract
        assert contract is not None
        pid = str(project.id)
        ledger = budget.ledger(project.line_code)
        assert ledger.committed[pid] == contract.amount <= carried.amount
        assert project.paid > 0  # out of the carried money, in the demo's year
        assert ledger.carried[pid] == contract.amount - project.paid
        with views.connect() as connection:
            detail = queries.project(connection, pid, today=TODAY)
        assert detail.fiscal_year == FY - 1
        assert detail.contract is not None
        assert detail.contract.amount == contract.amount
        shown = detail.carry_over
        assert shown is not None
        assert (shown.kind, shown.amount, shown.deadline) == (
            "council_approved",
            carried.amount,
            carried.deadline,
        )
        assert (shown.carried_on, shown.still_carried) == (
            carried.business_date,
            ledger.carried[pid],
        )
        assert shown.council_resolution == carried.council_approval.resolution
        assert shown.council_approved_on == carried.council_approval.approved_on
        assert (shown.cancelled, shown.cancelled_on) == (None, None)
    views.dispose()


def seeded_with_the_demo(office: BudgetOffice) -> UUID:
    """The demo's LAOs, DLA's executive to read them; returns a carried project's id."""
    record_year(office, LAOS, FY, SEED, OPTIONS)
    open_people(office, {"dla": PEOPLE["dla"]})
    return project_id(carried_laos(office, LAOS)[0].code, FY - 1, CODE)


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Api]:
    with serving(settings_for(store_url, tmp_path), seeded_with_the_demo) as api:
        yield api


def test_the_carried_projects_api_and_page_show_its_carry_over_and_its_contract(
    site: Api,
) -> None:
    project = site.office.project(site.project)
    assert project.contract is not None
    answer = site.get(f"/api/projects/{site.project}", "dla")
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert body["contract"]["number"] == project.contract.number
    carried = body["carry_over"]
    assert carried["kind"] == "council_approved"
    assert Decimal(carried["still_carried"]) == project.contract.amount - project.paid
    log_in(site, "dla")
    page = site.client.get(f"/projects/{site.project}").text
    assert 'data-testid="carry-over"' in page
    assert "ยังไม่ได้ก่อหนี้ผูกพัน ได้รับอนุมัติจากสภาท้องถิ่น" in page
    assert project.contract.number in page


def test_carried_money_cancelled_after_its_deadline_shows_on_the_project(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    """The unpaid rest cancelled after the deadline: the project's carry-over says how much
    and when, and nothing is still carried (project_carry_over, budget_line_project); views
    kept before project_carry_over fill it from the first event."""
    enacted_office(office)
    project = carried_uncommitted(office, "300000.00")
    close_year(office)
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    catch_up(office, views, all_projections())
    with views.connect() as connection:
        before = queries.project(connection, str(project)).carry_over
    cancel_carried(office, project, on=date(2028, 10, 3))
    catch_up(office, views, all_projections())
    with views.connect() as connection:
        after = queries.project(connection, str(project)).carry_over
    assert verify(office, views, lanes=False).equal
    with views.begin() as connection:  # views kept before the table: it fills by itself
        connection.execute(delete(project_carry_over))
        mine = projection_tracking.c.name == ProjectCarryOver.name
        connection.execute(delete(projection_tracking).where(mine))
    catch_up(office, views, all_projections())
    with views.connect() as connection:
        assert queries.project(connection, str(project)).carry_over == after
    views.dispose()
    assert before is not None
    assert (before.kind, before.amount, before.still_carried, before.cancelled) == (
        "council_approved",
        Decimal("300000.00"),
        Decimal("300000.00"),
        None,
    )
    assert (before.council_resolution, before.council_approved_on) == (
        "สมัยวิสามัญ 2/2570",
        date(2027, 9, 20),
    )
    assert after is not None
    assert (after.amount, after.still_carried, after.cancelled, after.cancelled_on) == (
        Decimal("300000.00"),
        Decimal(0),
        Decimal("300000.00"),
        date(2028, 10, 3),
    )


def test_budget_projections_verify_finds_the_views_equal_after_budget_demo(
    file_store_url: str, tmp_path: Path
) -> None:
    """The two commands as people run them, on SQLite and PostgreSQL (its lanes, one
    process each): the demo of five LAOs (two of them carry last year's road), then
    verify."""
    env = {"BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": file_store_url}
    demo = ["demo", "--limit", "5", "--projects", "3", "--fiscal-year", str(FY)]
    recorded = CliRunner().invoke(main, [*demo, "--today", TODAY.isoformat()], env=env)
    assert recorded.exit_code == 0, recorded.output
    verified = CliRunner().invoke(main, ["projections", "verify"], env=env)
    assert verified.exit_code == 0, verified.output
    assert "project_carry_over: equal (2 rows)" in verified.stdout
    assert "Every view equals its rebuild" in verified.stdout
