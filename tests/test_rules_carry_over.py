"""Carry-over that works past 30 September (budget/domain/carry_over.py): money carried with
the council's approval is contracted after the year until its deadline, then lapses; lapsed
money goes to the accumulated funds, on every store."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from budget.application import BudgetOffice
from budget.application.commands import (
    BidsEvaluated,
    CancelProject,
    PlanPublished,
    RecordProcurementStep,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.config import Settings
from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import CarryOverKind
from budget.domain.carry_over import (
    COUNCIL_CARRY_YEARS,
    check_contract_on_carried,
    council_carry_limit,
)
from budget.domain.fiscal import FiscalYear
from budget.domain.money import ZERO
from budget.projections.engine import views_engine
from budget.projections.follow import rebuild
from budget.projections.queries import Filters, budget_lines, lao_dashboard
from budget.projections.registry import all_projections
from tests.builders import (
    FINANCE,
    FY,
    LAO,
    cancel_carried,
    carry,
    close_year,
    contract,
    contracted_project,
    council,
    enacted_office,
    inspect,
    pay,
    plan,
    refused,
)
from tests.given_when_then import refused_by, then_recorded, when

BUDGET: type = AnnualBudget
COUNCIL = CarryOverKind.COUNCIL_APPROVED
LIMIT = date(2028, 9, 30)  # FY 2570's money carried with the council: to the end of FY 2571
NOVEMBER = date(2027, 11, 16)  # the next year's November


def carried_uncommitted(office: BudgetOffice, amount: str = "400000.00") -> UUID:
    """A 450,000 project on ROAD with no contract by 30 September, its 400,000 (or
    `amount`) carried with the council's approval until the limit."""
    project = plan(office, "P1", "450000.00")
    carry(office, project, amount, kind=COUNCIL, council_approval=council(), deadline=LIMIT)
    return project


def procured_after_the_year(
    office: BudgetOffice, project: UUID, offered: str, start: date = date(2027, 10, 4)
) -> None:
    """The steps before the contract, the first on `start`, the winner by `start` + 6 weeks."""
    steps = (
        PlanPublished(business_date=start),
        TermsSet(reference_price=Decimal(offered), business_date=start + timedelta(days=2)),
        ReportApproved(estimate=Decimal(offered), business_date=start + timedelta(days=4)),
        BidsEvaluated(bids_received=1, business_date=start + timedelta(days=14)),
        WinnerAnnounced(
            winner="ร้านค้า",
            offered_amount=Decimal(offered),
            business_date=min(NOVEMBER, start + timedelta(days=20)),
        ),
    )
    for step in steps:
        office.execute(RecordProcurementStep(project_id=project, step=step), actor=FINANCE)


def sign_on(office: BudgetOffice, project: UUID, amount: str, on: date = NOVEMBER) -> int:
    signing = SignContract.of(contract(amount, 1), project_id=project, business_date=on)
    return office.execute(signing, actor=FINANCE).version


def test_money_carried_with_the_council_is_contracted_in_the_next_years_november(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = carried_uncommitted(office)
    close_year(office)
    procured_after_the_year(office, project, "380000.00")
    with when(office) as recorded:
        sign_on(office, project, "380000.00")
    then_recorded(
        recorded, BUDGET.ContractCommitted, amount=Decimal("380000.00"), business_date=NOVEMBER
    )
    ledger = office.budget(LAO, FY).ledger("ROAD")
    pid = str(project)
    assert (ledger.committed[pid], ledger.carried[pid]) == (Decimal("380000.00"),) * 2
    assert ledger.reserved[pid] == Decimal("380000.00")
    # what the year's closing let lapse, and the 20,000 carried beyond the contract
    assert ledger.lapsed == ledger.allocated - ledger.disbursed - ledger.carried[pid]
    inspect(office, project, 1, date(2028, 1, 10))
    pay(office, project, 1, "380000.00", on=date(2028, 1, 20))
    assert office.budget(LAO, FY).ledger("ROAD").carried[pid] == ZERO


def test_after_the_year_only_money_carried_with_the_council_is_contracted(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    never_carried = plan(office, "P2", "300000.00")
    procured_after_the_year(office, never_carried, "300000.00")
    with refused(office, "carry_over_not_allowed"):
        sign_on(office, never_carried, "300000.00")
    project = carried_uncommitted(office)
    procured_after_the_year(office, project, "400000.00")
    with refused(
        office,
        "carry_over_not_allowed",
        problem="the contract's 400,000.01 is more than the carried 400,000.00",
    ):
        sign_on(office, project, "400000.01")
    with refused(office, "carry_over_not_allowed", problem=f"the carried money lapsed on {LIMIT}"):
        sign_on(office, project, "400000.00", on=date(2028, 10, 2))
    sign_on(office, project, "400000.00", on=LIMIT)


def test_only_investment_items_are_carried_uncommitted_and_not_past_the_limit(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    supplies = plan(office, "P3", "100000.00", line_code="SUPPLIES")
    with refused(office, "carry_over_not_allowed"):
        carry(office, supplies, "1.00", kind=COUNCIL, council_approval=council(), deadline=LIMIT)
    road = plan(office, "P1", "450000.00")
    with refused(
        office,
        "carry_over_not_allowed",
        problem=f"the deadline 2028-10-01 is after the limit {LIMIT}",
    ):
        carry(
            office,
            road,
            "1.00",
            kind=COUNCIL,
            council_approval=council(),
            deadline=date(2028, 10, 1),
        )
    carry(office, road, "1.00", kind=COUNCIL, council_approval=council(), deadline=LIMIT)


def test_a_contract_on_30_september_is_the_years_own(office: BudgetOffice) -> None:
    enacted_office(office)
    project = plan(office, "P1", "450000.00")
    procured_after_the_year(office, project, "400000.00", start=date(2027, 9, 1))
    with when(office) as recorded:
        sign_on(office, project, "400000.00", on=date(2027, 9, 30))
    then_recorded(recorded, BUDGET.ContractCommitted, amount=Decimal("400000.00"))


def test_a_contract_signed_in_the_year_on_money_carried_with_the_council_caps_what_is_carried(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    """Carried money is never more than what is unpaid: 400,000 carried with the council,
    then a 300,000 contract signed before 30 September (keyed after the carry-over) leaves
    300,000 carried, and the closing lets the rest lapse."""
    enacted_office(office)
    project = carried_uncommitted(office)
    procured_after_the_year(office, project, "300000.00", start=date(2027, 9, 1))
    sign_on(office, project, "300000.00", on=date(2027, 9, 28))
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.carried[str(project)] == Decimal("300000.00")
    close_year(office)
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.lapsed + ledger.disbursed + ledger.carried[str(project)] == ledger.allocated
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    rebuild(office, views, all_projections())
    with views.connect() as connection:
        lines = {x.line_code: x for x in budget_lines(connection, LAO, FY)}
    views.dispose()
    assert (lines["ROAD"].carried, lines["ROAD"].lapsed) == (Decimal("300000.00"), ledger.lapsed)


def test_money_carried_committed_is_not_contracted_again_after_the_year() -> None:
    """At the rule's own door: only the council's kind of carry-over signs after the year."""
    terms = (CarryOverKind.COMMITTED, LIMIT)
    with refused_by(None, "carry_over_not_allowed"):
        check_contract_on_carried(terms, {"p": Decimal(1)}, "p", Decimal(1), NOVEMBER)
    with refused_by(None, "carry_over_not_allowed"):
        check_contract_on_carried(None, {}, "p", Decimal(1), NOVEMBER)
    check_contract_on_carried((COUNCIL, LIMIT), {"p": Decimal(1)}, "p", Decimal(1), NOVEMBER)


def test_the_limit_is_data() -> None:
    assert COUNCIL_CARRY_YEARS == 1
    assert council_carry_limit(FiscalYear(FY)) == LIMIT


def test_a_committed_carry_over_keeps_its_contract_and_pays_out_of_it(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = contracted_project(office)  # 1,400,000 in two installments
    inspect(office, project, 1, date(2027, 1, 15))
    pay(office, project, 1, "700000.00")
    carry(office, project, "700000.00")
    close_year(office)
    inspect(office, project, 2, date(2027, 11, 1))
    pay(office, project, 2, "700000.00", on=date(2027, 11, 20))
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.committed[str(project)] == Decimal("1400000.00")
    assert ledger.paid[str(project)] == Decimal("1400000.00")


def test_carried_money_past_its_deadline_lapses_to_the_accumulated_funds(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    enacted_office(office)
    project = carried_uncommitted(office, "300000.00")
    close_year(office)
    at_close = office.budget(LAO, FY).ledger("ROAD").lapsed
    with when(office) as recorded:
        cancel_carried(office, project, on=date(2028, 10, 3))
    then_recorded(recorded, BUDGET.CarriedFundsCancelled, amount=Decimal("300000.00"))
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.lapsed == at_close + Decimal("300000.00")
    assert ledger.lapsed + ledger.disbursed + ledger.carried[str(project)] == ledger.allocated
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    rebuild(office, views, all_projections())
    with views.connect() as connection:
        lines = {x.line_code: x for x in budget_lines(connection, LAO, FY)}
        dashboard = lao_dashboard(connection, LAO, Filters(fiscal_year=FY))
    views.dispose()
    assert lines["ROAD"].lapsed == ledger.lapsed
    budget = office.budget(LAO, FY)
    assert dashboard.lapsed == sum(x.lapsed for x in budget.ledgers.values())


def test_a_carried_project_cancelled_after_the_year_lets_its_carried_money_lapse(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = carried_uncommitted(office, "300000.00")
    before = office.budget(LAO, FY).ledger("ROAD").lapsed
    office.execute(
        CancelProject(project_id=project, reason="ยกเลิก", business_date=date(2027, 12, 1)),
        actor=FINANCE,
    )
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.lapsed == before + Decimal("300000.00")
    # the closing then counts only what had not lapsed yet
    close_year(office, on=date(2027, 12, 2))
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.lapsed + ledger.disbursed == ledger.allocated


def test_carried_money_of_a_project_cancelled_after_the_closing_lapses_too(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = carried_uncommitted(office, "300000.00")
    close_year(office)
    at_close = office.budget(LAO, FY).ledger("ROAD").lapsed
    office.execute(
        CancelProject(project_id=project, reason="ยกเลิก", business_date=date(2027, 12, 1)),
        actor=FINANCE,
    )
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.lapsed == at_close + Decimal("300000.00")
    assert ledger.lapsed + ledger.disbursed == ledger.allocated
