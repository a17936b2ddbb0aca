"""The value objects the rules are made of: money, fiscal years and periods, contracts and their
installments, procurement methods and the amounts they fit (MoF regulation B.E. 2560)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from budget.domain.budget_lines import CouncilApproval
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.contract import Contract, Installment
from budget.domain.fiscal import FiscalYear, PeriodKind, ReportingPeriod
from budget.domain.money import baht, format_baht, total
from budget.domain.procurement import Method, check_method_fits_amount
from tests.builders import budget_line
from tests.given_when_then import refused_by


@pytest.mark.parametrize(
    ("given", "expected"),
    [("0", "0.00"), ("1234567.8", "1234567.80"), (Decimal("0.01"), "0.01"), (7, "7.00")],
)
def test_baht_is_exact_with_two_places(given: object, expected: str) -> None:
    amount = baht(given)  # type: ignore[arg-type]
    assert amount == Decimal(expected)
    assert str(amount) == expected


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (0.1, "0.1"),
        (True, "True"),
        ("abc", "'abc'"),
        ("-0.01", "-0.01"),
        ("1.005", "1.005"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        (None, "None"),
    ],
)
def test_baht_refuses_floats_negatives_and_fractions_of_a_satang(given: object, shown: str) -> None:
    with refused_by(None, "invalid_amount", amount=shown):
        baht(given)  # type: ignore[arg-type]


def test_money_sums_and_prints_as_thai_documents_do() -> None:
    assert total([]) == Decimal("0.00")
    assert str(total([])) == "0.00"
    assert total([Decimal("1.10"), Decimal("2.20")]) == Decimal("3.30")
    assert format_baht(Decimal("1234567.89")) == "1,234,567.89"


@pytest.mark.parametrize("year", [2400, 2800])
def test_a_fiscal_year_is_named_by_a_buddhist_era_year(year: int) -> None:
    assert FiscalYear(year).be_year == year
    assert str(FiscalYear(year)) == str(year)


@pytest.mark.parametrize("year", [2399, 2801])
def test_a_fiscal_year_outside_the_era_is_refused(year: int) -> None:
    with refused_by(None, "invalid_input", problem=f"fiscal year {year} is not a B.E. year"):
        FiscalYear(year)


def test_a_fiscal_year_has_four_quarters_of_three_months() -> None:
    year = FiscalYear(2570)
    assert year.contains(date(2026, 10, 1))
    assert year.contains(date(2027, 9, 30))
    assert not year.contains(date(2026, 9, 30))
    assert not year.contains(date(2027, 10, 1))
    assert [year.quarter_range(q) for q in (1, 2, 3, 4)] == [
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)),
    ]
    assert [year.quarter_of(date(2026, 10, 1)), year.quarter_of(date(2027, 9, 30))] == [1, 4]
    with refused_by(None, "invalid_input", problem="2027-10-01 is not in fiscal year 2570"):
        year.quarter_of(date(2027, 10, 1))
    for quarter in (0, 5):
        with refused_by(None, "invalid_input", problem=f"quarter {quarter} is not 1 to 4"):
            year.quarter_range(quarter)


def test_a_reporting_period_is_a_month_or_a_quarter_of_the_year() -> None:
    assert ReportingPeriod(2570, PeriodKind.MONTH, 12).number == 12
    with refused_by(None, "invalid_input", problem="period number 13 is not 1 to 12"):
        ReportingPeriod(2570, PeriodKind.MONTH, 13)
    with refused_by(None, "invalid_input", problem="period number 0 is not 1 to 4"):
        ReportingPeriod(2570, PeriodKind.QUARTER, 0)
    with refused_by(
        None, "invalid_input", problem="period '2570-X1' is not like 2570-Q1 or 2570-M10"
    ):
        ReportingPeriod.parse("2570-X1")
    assert ReportingPeriod.parse(" 2570-M12 ").date_range == (date(2026, 12, 1), date(2026, 12, 31))


def test_installments_are_numbered_from_one_each_with_a_positive_amount() -> None:
    with refused_by(None, "invalid_input", problem="installments are numbered from 1"):
        Installment(0, Decimal(1), date(2027, 1, 1))
    with refused_by(None, "invalid_input", problem="installment 2 needs a positive amount"):
        Installment(2, Decimal(0), date(2027, 1, 1))
    assert Installment(1, Decimal("0.01"), date(2027, 1, 1)).amount == Decimal("0.01")


def contract_of(*amounts: str, number: str = "12/2570", contractor: str = "หจก. ก") -> Contract:
    parts = [Installment(i + 1, Decimal(a), date(2027, 1, 1)) for i, a in enumerate(amounts)]
    return Contract(number, contractor, "0503561000123", sum(map(Decimal, amounts)), parts)


def test_a_contract_has_a_number_a_contractor_and_installments_that_add_up() -> None:
    for number, contractor in ((" ", "หจก. ก"), ("1/70", " ")):
        with refused_by(
            None, "invalid_input", problem="a contract needs its number and contractor"
        ):
            contract_of("1", number=number, contractor=contractor)
    with refused_by(None, "invalid_input", problem="a contract needs a positive amount"):
        Contract("1", "ก", "", Decimal(0), [])
    with refused_by(
        None, "invalid_input", problem="installments must be numbered 1, 2, 3 … without gaps"
    ):
        Contract("1", "ก", "", Decimal(2), [Installment(2, Decimal(2), date(2027, 1, 1))])
    with refused_by(
        None, "invalid_input", problem="installments must be numbered 1, 2, 3 … without gaps"
    ):
        Contract("1", "ก", "", Decimal(2), [])
    with refused_by(None, "installments_do_not_add_up", total="60.00", amount="100.00"):
        Contract("1", "ก", "", Decimal(100), [Installment(1, Decimal(60), date(2027, 1, 1))])
    assert contract_of("0.50").amount == Decimal("0.50")
    three = contract_of("1", "2", "3")
    assert three.amount == Decimal("6.00")
    assert [three.installment(n) for n in (0, 4)] == [None, None]
    assert [three.installment(n).amount for n in (1, 2, 3)] == [1, 2, 3]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("method", "amount"),
    [
        (Method.SPECIFIC, "0.01"),
        (Method.SPECIFIC, "500000.00"),
        (Method.E_MARKET, "500000.01"),
        (Method.E_MARKET, "5000000.00"),
        (Method.E_BIDDING, "500000.01"),
        (Method.E_BIDDING, "900000000.00"),
    ],
)
def test_a_method_fits_amounts_in_its_range_without_a_reason(method: Method, amount: str) -> None:
    check_method_fits_amount(method, Decimal(amount), "")
    check_method_fits_amount(method, Decimal(amount), None)


@pytest.mark.parametrize(
    ("method", "amount", "rule"),
    [
        (Method.SPECIFIC, "500000.01", "cl. 79: up to 500,000"),
        (Method.E_MARKET, "500000.00", "cl. 30: e-catalogue goods"),
        (Method.E_MARKET, "5000000.01", "cl. 30: e-catalogue goods"),
        (Method.E_BIDDING, "500000.00", "cl. 31: above 500,000"),
        (Method.PRICE_QUOTATION, "1000000.00", "cl. 32: limited internet access"),
        (Method.SELECTION, "0.01", "sec. 56: specialised work"),
    ],
)
def test_a_method_outside_its_range_or_always_reasoned_needs_the_reason(
    method: Method, amount: str, rule: str
) -> None:
    with refused_by(
        None,
        "method_does_not_fit_amount",
        method=method.value,
        method_th=method.name_th,
        amount=f"{Decimal(amount):,.2f}",
        rule=rule,
    ):
        check_method_fits_amount(method, Decimal(amount), " ")
    check_method_fits_amount(method, Decimal(amount), "เหตุผลตามระเบียบ")


def test_a_budget_line_and_a_council_approval_say_what_they_are() -> None:
    with refused_by(None, "invalid_input", problem="a budget line needs a code"):
        budget_line(" ", "1")
    with refused_by(None, "invalid_input", problem="budget line X needs a description"):
        from dataclasses import replace

        replace(budget_line("X", "1"), description=" ")
    with refused_by(
        None,
        "invalid_input",
        problem="category equipment belongs to budget group investment, not operating",
    ):
        from budget.domain.budget_lines import BudgetLine

        BudgetLine(
            code="X", programme=Programme.EDUCATION, work_unit="ก", group=BudgetGroup.OPERATING,
            category=Category.EQUIPMENT, description="คอมพิวเตอร์", amount=Decimal(1),
        )  # fmt: skip
    with refused_by(
        None, "invalid_input", problem="a council approval needs its resolution reference"
    ):
        CouncilApproval(" ", date(2027, 1, 1))
