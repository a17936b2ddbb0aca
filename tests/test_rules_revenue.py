"""Revenue against its estimate (issue 14, item 6): the ordinance's revenue estimate by
category, revenue received as it comes (each receipt once, inside the fiscal year, before
the ordinance too) and a receipt's reasoned correction (budget/domain/revenue.py).
Given/when/then on every store: allowed, and refused with nothing recorded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftBudget,
    EstimateLineIn,
    EstimateRevenue,
    RegisterAuthority,
)
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.budget import AnnualBudget
from budget.domain.revenue import RevenueCategory, RevenueGroup
from tests.builders import FY, LAO, close_year, enacted_office, line, record, refused
from tests.funding_world import ESTIMATE, correct_receipt, estimate, receive
from tests.given_when_then import then_recorded, when

TAXES = RevenueCategory.TAXES
SHARED = RevenueCategory.SHARED_TAXES


def drafted(office: BudgetOffice) -> BudgetOffice:
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        DraftBudget(
            lao_code=LAO,
            fiscal_year=FY,
            lines=[line("ROAD", "2000000.00")],
            business_date=date(2026, 8, 15),
        ),
        actor=SYSTEM_ACTOR,
    )
    return office


def test_the_categories_fall_in_the_estimates_three_parts() -> None:
    groups = {category: category.group for category in RevenueCategory}
    assert groups[TAXES] is RevenueGroup.COLLECTED
    assert groups[SHARED] is RevenueGroup.SHARED
    assert groups[RevenueCategory.GENERAL_SUBSIDY] is RevenueGroup.SUBSIDY
    assert all(category.name_th.startswith("หมวด") for category in RevenueCategory)


def test_a_drafts_estimate_is_recorded_again_and_the_latest_stands(office: BudgetOffice) -> None:
    drafted(office)
    estimate(office, {TAXES: "100.00"}, on=date(2026, 8, 16))
    with when(office) as recorded:
        estimate(office, on=date(2026, 8, 20))
    then_recorded(
        recorded,
        AnnualBudget.RevenueEstimated,  # type: ignore[attr-defined]
        estimate={c.value: Decimal(a) for c, a in ESTIMATE.items()},
    )
    book = office.budget(LAO, FY).revenue
    assert book.estimate == {c: Decimal(a) for c, a in ESTIMATE.items()}


def test_the_enacted_ordinances_estimate_is_recorded_once(office: BudgetOffice) -> None:
    """Keyed late, after the ordinance: once; then it changes only with the council."""
    enacted_office(office)
    with when(office) as recorded:
        estimate(office, on=date(2026, 10, 3))
    then_recorded(recorded, AnnualBudget.RevenueEstimated)  # type: ignore[attr-defined]
    with refused(office, "revenue_estimate_enacted", fiscal_year=FY):
        estimate(office, {TAXES: "1.00"}, on=date(2026, 10, 4))


def test_an_estimate_of_nothing_is_refused(office: BudgetOffice) -> None:
    drafted(office)
    with refused(office, "invalid_input", problem="a revenue estimate estimates some revenue"):
        estimate(office, {TAXES: "0.00", SHARED: "0"}, on=date(2026, 8, 16))


def test_revenue_received_is_recorded_before_the_ordinance_too(office: BudgetOffice) -> None:
    drafted(office)
    with when(office) as recorded:
        receive(office, SHARED, "410000.50", on=date(2026, 10, 15), reference="กค 0419/123")
    then_recorded(
        recorded,
        AnnualBudget.RevenueReceived,  # type: ignore[attr-defined]
        category=SHARED,
        amount=Decimal("410000.50"),
        reference="กค 0419/123",
        business_date=date(2026, 10, 15),
    )
    assert office.budget(LAO, FY).revenue.received() == {SHARED: Decimal("410000.50")}


def test_revenue_received_is_refused_twice_outside_the_year_or_without_a_reference(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    receive(office, TAXES, "1000.00", reference="R-1")
    with refused(office, "duplicate_receipt", reference="R-1"):
        receive(office, TAXES, "2000.00", reference="R-1", on=date(2026, 11, 30))
    with refused(office, "date_outside_fiscal_year"):
        receive(office, TAXES, "1000.00", on=date(2026, 9, 30))
    with refused(office, "invalid_input"):
        receive(office, TAXES, "0.00")
    with refused(office, "invalid_input"):
        receive(office, TAXES, "5.00", reference="   ")


def test_a_receipt_is_corrected_with_a_reason(office: BudgetOffice) -> None:
    enacted_office(office)
    version = receive(office, TAXES, "1000.00", reference="R-1").version
    with refused(office, "reason_required"):
        correct_receipt(office, version, "900.00", reason="  ")
    with refused(office, "event_not_correctable"):
        correct_receipt(office, version, "1000.00")  # the same amount
    with refused(office, "event_not_correctable"):
        correct_receipt(office, version - 1, "900.00")  # not a receipt
    with when(office) as recorded:
        correct_receipt(office, version, "900.00")
    then_recorded(
        recorded,
        AnnualBudget.RevenueCorrected,  # type: ignore[attr-defined]
        corrects_version=version,
        old_amount=Decimal("1000.00"),
        amount=Decimal("900.00"),
        reason="บันทึกผิดงวด",
    )
    assert office.budget(LAO, FY).revenue.received() == {TAXES: Decimal("900.00")}


def test_nothing_of_a_closed_year_is_received_or_corrected(office: BudgetOffice) -> None:
    enacted_office(office)
    version = receive(office, TAXES, "1000.00", reference="R-1").version
    close_year(office)
    with refused(office, "budget_year_closed"):
        receive(office, TAXES, "1000.00", on=date(2027, 9, 30))
    with refused(office, "budget_year_closed"):
        correct_receipt(office, version, "1.00")
    with refused(office, "budget_year_closed"):
        estimate(office, on=date(2027, 10, 2))


def test_an_estimate_names_each_category_once() -> None:
    """Refused when decoded (fields.check_once_each): two amounts for one category."""
    twice = [EstimateLineIn(category=TAXES, amount=Decimal(1))] * 2
    with pytest.raises(ValueError, match="estimates: a category may appear once"):
        EstimateRevenue(lao_code=LAO, fiscal_year=FY, estimates=twice)
