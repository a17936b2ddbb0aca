"""Spending before the year's ordinance is enacted: recurring items are paid under last
year's ordinance, on the matching lines (budget/domain/before_enactment.py), and the
enactment counts them against the new lines by an event of its own. On every store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftBudget,
    EnactBudget,
    RecordExpenditure,
    RegisterAuthority,
)
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.budget import AnnualBudget
from budget.domain.classification import Category, Programme
from budget.domain.money import ZERO
from budget.projections.engine import views_engine
from budget.projections.follow import rebuild
from budget.projections.queries import Filters, budget_lines, lao_dashboard
from budget.projections.registry import all_projections
from tests.builders import FINANCE, FY, LAO, correct_spending, line, record, refused
from tests.given_when_then import then_recorded, then_recorded_only, when

BUDGET: type = AnnualBudget  # its event classes are made by @event (mypy cannot see them)
SALARIES = line("SAL", "1200000.00", Category.SALARIES, Programme.GENERAL_ADMINISTRATION)
POWER = line("POWER", "60000.00", Category.UTILITIES, Programme.GENERAL_ADMINISTRATION)
ROAD = line("ROAD", "2000000.00", Category.LAND_AND_CONSTRUCTION)
ORDINANCE_DAY = date(2026, 11, 20)  # FY 2570's ordinance passes late, in November


def _year(office: BudgetOffice, fiscal_year: int, *lines: object, enacted_on: date | None) -> None:
    office.execute(
        DraftBudget(
            lao_code=LAO,
            fiscal_year=fiscal_year,
            lines=list(lines),  # type: ignore[arg-type]
            business_date=date(fiscal_year - 543 - 1, 8, 10),
        ),
        actor=SYSTEM_ACTOR,
    )
    if enacted_on is not None:
        _enact(office, fiscal_year, enacted_on)


def _enact(office: BudgetOffice, fiscal_year: int, on: date) -> None:
    office.execute(
        EnactBudget(
            lao_code=LAO,
            fiscal_year=fiscal_year,
            ordinance_date=on,
            approved_by="นายอำเภอเมือง",
        ),
        actor=SYSTEM_ACTOR,
    )


def given_last_year_enacted_and_this_year_drafted(office: BudgetOffice) -> BudgetOffice:
    office.execute(
        RegisterAuthority(authority=record(), business_date=date(2025, 8, 1)), actor=SYSTEM_ACTOR
    )
    last_salaries = line("SAL", "1000000.00", Category.SALARIES, Programme.GENERAL_ADMINISTRATION)
    last_power = line("POWER", "50000.00", Category.UTILITIES, Programme.GENERAL_ADMINISTRATION)
    _year(office, FY - 1, last_salaries, last_power, ROAD, enacted_on=date(2025, 9, 20))
    _year(office, FY, SALARIES, POWER, ROAD, enacted_on=None)
    return office


def pay_out(office: BudgetOffice, code: str, amount: str, on: date, voucher: str = "") -> int:
    return office.execute(
        RecordExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            line_code=code,
            amount=Decimal(amount),
            voucher=voucher or f"{code}/{on}/{amount}",
            description="เงินเดือนพนักงาน เดือนตุลาคม",
            business_date=on,
        ),
        actor=FINANCE,
    ).version


def test_october_salaries_are_paid_under_last_years_ordinance(office: BudgetOffice) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    with when(office) as recorded:
        pay_out(office, "SAL", "95000.00", date(2026, 10, 25))
    then_recorded_only(recorded, BUDGET.SpentBeforeEnactment)
    then_recorded(
        recorded,
        BUDGET.SpentBeforeEnactment,
        line_code="SAL",
        amount=Decimal("95000.00"),
        under_fiscal_year=FY - 1,
        ceiling=Decimal("1000000.00"),
        description="เงินเดือนพนักงาน เดือนตุลาคม",
        actor=FINANCE,
        business_date=date(2026, 10, 25),
    )
    budget = office.budget(LAO, FY)
    assert budget.ledger("SAL").spent == Decimal("95000.00")
    assert budget.before_enactment.not_yet_counted == {"SAL": Decimal("95000.00")}


def test_the_enactment_counts_them_against_the_new_lines(office: BudgetOffice) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    pay_out(office, "SAL", "95000.00", date(2026, 10, 25))
    pay_out(office, "POWER", "4100.00", date(2026, 10, 31))
    pay_out(office, "SAL", "95000.00", date(2026, 11, 1), voucher="second")
    with when(office) as recorded:
        _enact(office, FY, ORDINANCE_DAY)
    then_recorded_only(recorded, BUDGET.Enacted, BUDGET.SpendingBeforeEnactmentCounted)
    then_recorded(
        recorded,
        BUDGET.SpendingBeforeEnactmentCounted,
        counted={"SAL": Decimal("190000.00"), "POWER": Decimal("4100.00")},
        ordinance_date=ORDINANCE_DAY,
        actor=SYSTEM_ACTOR,
    )
    budget = office.budget(LAO, FY)
    assert budget.before_enactment.not_yet_counted == {}
    assert budget.ledger("SAL").available == Decimal("1010000.00")
    # after the enactment the same command is an ordinary expenditure on the new line
    with when(office) as later:
        pay_out(office, "SAL", "95000.00", date(2026, 11, 25))
    then_recorded_only(later, BUDGET.ExpenditureRecorded)


def test_only_recurring_items_are_paid_before_the_ordinance(office: BudgetOffice) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    with refused(office, "not_spendable_before_enactment", line="ROAD", fiscal_year=FY):
        pay_out(office, "ROAD", "1000.00", date(2026, 10, 25))


def test_no_more_than_last_years_matching_line(office: BudgetOffice) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    pay_out(office, "POWER", "49000.00", date(2026, 10, 25))
    with refused(
        office, "exceeds_previous_ordinance", line="POWER", left="1,000.00", amount="1,000.01"
    ):
        pay_out(office, "POWER", "1000.01", date(2026, 10, 26))
    pay_out(office, "POWER", "1000.00", date(2026, 10, 26))


def test_a_line_last_year_did_not_have_is_not_paid_before_the_ordinance(
    office: BudgetOffice,
) -> None:
    office.execute(
        RegisterAuthority(authority=record(), business_date=date(2025, 8, 1)), actor=SYSTEM_ACTOR
    )
    _year(office, FY - 1, ROAD, enacted_on=date(2025, 9, 20))
    _year(office, FY, SALARIES, ROAD, enacted_on=None)
    with refused(office, "exceeds_previous_ordinance", line="SAL", left="0.00"):
        pay_out(office, "SAL", "1.00", date(2026, 10, 25))


def test_without_last_years_enacted_ordinance_nothing_is_paid(office: BudgetOffice) -> None:
    office.execute(
        RegisterAuthority(authority=record(), business_date=date(2025, 8, 1)), actor=SYSTEM_ACTOR
    )
    _year(office, FY, SALARIES, enacted_on=None)
    with refused(office, "no_previous_ordinance", fiscal_year=FY, previous=FY - 1):
        pay_out(office, "SAL", "1.00", date(2026, 10, 25))
    _year(office, FY - 1, SALARIES, enacted_on=None)  # drafted, never enacted
    with refused(office, "no_previous_ordinance"):
        pay_out(office, "SAL", "1.00", date(2026, 10, 25))


def test_never_more_than_the_draft_line_holds(office: BudgetOffice) -> None:
    office.execute(
        RegisterAuthority(authority=record(), business_date=date(2025, 8, 1)), actor=SYSTEM_ACTOR
    )
    small = line("SAL", "100.00", Category.SALARIES, Programme.GENERAL_ADMINISTRATION)
    _year(office, FY - 1, SALARIES, enacted_on=date(2025, 9, 20))
    _year(office, FY, small, enacted_on=None)
    with refused(office, "insufficient_funds", line="SAL"):
        pay_out(office, "SAL", "100.01", date(2026, 10, 25))


def test_dated_outside_the_year_or_twice_is_refused(office: BudgetOffice) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    with refused(office, "date_outside_fiscal_year"):
        pay_out(office, "SAL", "1.00", date(2026, 9, 30))
    pay_out(office, "SAL", "1.00", date(2026, 10, 1), voucher="V1")
    with refused(office, "duplicate_voucher"):
        pay_out(office, "SAL", "2.00", date(2026, 10, 2), voucher="V1")


def test_an_ordinance_dated_before_spending_under_last_years_is_refused(
    office: BudgetOffice,
) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    pay_out(office, "SAL", "1.00", date(2026, 10, 25))
    with refused(
        office,
        "invalid_input",
        problem="spending of 2026-10-25 was recorded under last year's ordinance: "
        "this one passed after it",
    ):
        _enact(office, FY, date(2026, 10, 25))
    _enact(office, FY, date(2026, 10, 26))


def test_a_late_entry_dated_before_the_ordinance_is_counted_at_once(
    office: BudgetOffice,
) -> None:
    """Keyed in after the enactment, an October salary was still paid under last year's."""
    given_last_year_enacted_and_this_year_drafted(office)
    _enact(office, FY, ORDINANCE_DAY)
    with refused(office, "not_spendable_before_enactment"):
        pay_out(office, "ROAD", "1.00", date(2026, 10, 25))
    with when(office) as recorded:
        pay_out(office, "SAL", "95000.00", date(2026, 10, 25))
    then_recorded_only(recorded, BUDGET.SpentBeforeEnactment)
    assert office.budget(LAO, FY).before_enactment.not_yet_counted == {}
    with when(office) as on_the_day:
        pay_out(office, "ROAD", "1.00", ORDINANCE_DAY)
    then_recorded_only(on_the_day, BUDGET.ExpenditureRecorded)


def test_spending_before_the_ordinance_is_corrected_once_it_is_enacted(
    office: BudgetOffice,
) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    version = pay_out(office, "SAL", "95000.00", date(2026, 10, 25))
    with refused(office, "budget_not_enacted"):
        correct_spending(office, version, "90000.00")
    _enact(office, FY, ORDINANCE_DAY)
    correct_spending(office, version, "90000.00")
    assert office.budget(LAO, FY).ledger("SAL").spent == Decimal("90000.00")


def test_the_views_show_it_as_paid_under_last_years_ordinance_until_counted(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    given_last_year_enacted_and_this_year_drafted(office)
    pay_out(office, "SAL", "95000.00", date(2026, 10, 25))
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    rebuild(office, views, all_projections())
    with views.connect() as connection:
        lines = {x.line_code: x for x in budget_lines(connection, LAO, FY)}
    assert (lines["SAL"].spent, lines["SAL"].spent_before_enactment) == (Decimal(95000),) * 2
    assert lines["SAL"].not_yet_counted == Decimal("95000.00")
    assert lines["POWER"].spent_before_enactment == ZERO
    assert lines["SAL"].available == Decimal("1105000.00")
    with views.connect() as connection:
        dashboard = lao_dashboard(connection, LAO, Filters(fiscal_year=FY))
    assert (dashboard.spent_before_enactment, dashboard.not_yet_counted) == (Decimal(95000),) * 2
    _enact(office, FY, ORDINANCE_DAY)
    rebuild(office, views, all_projections())
    with views.connect() as connection:
        lines = {x.line_code: x for x in budget_lines(connection, LAO, FY)}
    assert lines["SAL"].spent_before_enactment == Decimal("95000.00")
    assert lines["SAL"].not_yet_counted == ZERO
    with views.connect() as connection:
        dashboard = lao_dashboard(connection, LAO, Filters(fiscal_year=FY))
        investment = lao_dashboard(
            connection, LAO, Filters(fiscal_year=FY, budget_group="investment")
        )
    assert (dashboard.spent_before_enactment, dashboard.not_yet_counted) == (Decimal(95000), ZERO)
    assert investment.spent_before_enactment == ZERO
    # the curves count the October salary in October's quarter
    figures = {f.group.value: f for f in office.figures_as_of(LAO, FY, date(2026, 10, 31))}
    assert figures["personnel"].disbursed == Decimal("95000.00")
    views.dispose()
