"""Builders for the tests of funding sources and revenue (issue 14, items 5 and 6): lines of
each source, a specific grant added after enactment, revenue estimated and received."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.application import BudgetOffice
from budget.application.commands import (
    AddFundedLine,
    CorrectRevenue,
    DraftBudget,
    EnactBudget,
    EstimateLineIn,
    EstimateRevenue,
    LineIn,
    RecordRevenue,
    RegisterAuthority,
)
from budget.application.results import Recorded
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.classification import Category
from budget.domain.funding import FundingKind, UnusedGrant
from budget.domain.revenue import RevenueCategory
from tests.builders import FINANCE, FY, LAO, STANDARD_LINES, line, memory_office, record

DLA = "กรมส่งเสริมการปกครองท้องถิ่น"
ESTIMATE = {
    RevenueCategory.TAXES: "1200000.00",
    RevenueCategory.FEES_FINES_LICENCES: "300000.00",
    RevenueCategory.SHARED_TAXES: "5000000.00",
    RevenueCategory.GENERAL_SUBSIDY: "3700000.00",
}


def grant_line(
    code: str = "GRANT",
    amount: str = "800000.00",
    *,
    grantor: str = DLA,
    unused: UnusedGrant | None = None,
    category: Category = Category.LAND_AND_CONSTRUCTION,
) -> LineIn:
    """A line funded by a specific grant (เงินอุดหนุนเฉพาะกิจ)."""
    return _with(
        line(code, amount, category),
        source=FundingKind.SPECIFIC_GRANT,
        grantor=grantor,
        grant_unused=unused,
    )


def accumulated_line(
    code: str = "WELL",
    amount: str = "450000.00",
    *,
    category: Category = Category.LAND_AND_CONSTRUCTION,
    resolution: str = "มติสภา สมัยวิสามัญ 1/2569",
    approved_on: date | None = date(2026, 9, 10),
) -> LineIn:
    """A line spent from accumulated funds (จ่ายขาดเงินสะสม) with the council's approval."""
    return _with(
        line(code, amount, category),
        source=FundingKind.ACCUMULATED_FUNDS,
        source_resolution=resolution,
        source_approved_on=approved_on,
    )


def _with(base: LineIn, **changes: object) -> LineIn:
    values = {name: getattr(base, name) for name in base.__struct_fields__}
    return LineIn(**{**values, **changes})  # type: ignore[arg-type]


def office_with_sources(office: BudgetOffice | None = None, *, lao: str = LAO) -> BudgetOffice:
    """`lao` (the LAO of tests/builders.py unless named) registered, with the standard lines
    (own revenue), a grant line and an accumulated funds line in its FY 2570 ordinance,
    enacted on 20 Sep 2026."""
    office = office or memory_office()
    office.execute(
        RegisterAuthority(authority=record(lao), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    lines = [line(code, amount, category) for code, amount, category in STANDARD_LINES]
    lines += [grant_line(), accumulated_line()]
    office.execute(
        DraftBudget(lao_code=lao, fiscal_year=FY, lines=lines, business_date=date(2026, 8, 15)),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        EnactBudget(
            lao_code=lao, fiscal_year=FY, ordinance_date=date(2026, 9, 20), approved_by="นายอำเภอ"
        ),
        actor=SYSTEM_ACTOR,
    )
    return office


def add_funded(
    office: BudgetOffice,
    new_line: LineIn,
    *,
    reference: str = "มท 0808.2/ว 1234",
    on: date = date(2026, 12, 10),
) -> Recorded:
    values = {name: getattr(new_line, name) for name in new_line.__struct_fields__}
    return office.execute(
        AddFundedLine(
            **values, reference=reference, lao_code=LAO, fiscal_year=FY, business_date=on
        ),  # type: ignore[arg-type]
        actor=FINANCE,
    )


def estimate(
    office: BudgetOffice, amounts: dict[RevenueCategory, str] | None = None, *, on: date
) -> Recorded:
    given = ESTIMATE if amounts is None else amounts
    return office.execute(
        EstimateRevenue(
            lao_code=LAO,
            fiscal_year=FY,
            estimates=[EstimateLineIn(category=c, amount=Decimal(a)) for c, a in given.items()],
            business_date=on,
        ),
        actor=FINANCE,
    )


def receive(
    office: BudgetOffice,
    category: RevenueCategory,
    amount: str,
    *,
    on: date = date(2026, 10, 31),
    reference: str = "",
) -> Recorded:
    return office.execute(
        RecordRevenue(
            lao_code=LAO,
            fiscal_year=FY,
            category=category,
            amount=Decimal(amount),
            reference=reference or f"ใบเสร็จ {category.value}/{on.isoformat()}/{amount}",
            business_date=on,
        ),
        actor=FINANCE,
    )


def correct_receipt(
    office: BudgetOffice, version: int, amount: str, *, reason: str = "บันทึกผิดงวด"
) -> Recorded:
    return office.execute(
        CorrectRevenue(
            lao_code=LAO,
            fiscal_year=FY,
            corrects_version=version,
            amount=Decimal(amount),
            reason=reason,
            business_date=date(2026, 12, 5),
        ),
        actor=FINANCE,
    )
