"""The world the HTTP benchmark loads: LAOs with enacted budgets and a clerk each, a DLA
executive, and the bodies of one project's whole life as its clerk posts them.

Each client of the load works on its own LAO (a clerk writes only their own books), so
writes from different clients never contend on one aggregate; its projects go from
planning through the procurement steps, the contract and every inspection and payment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftBudget,
    EnactBudget,
    GrantRole,
    LineIn,
    OpenAccount,
    RegisterAuthority,
    SetPassword,
)
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.classification import Category, Programme
from budget.registry.records import AuthorityRecord

FISCAL_YEAR = 2570
PROVINCE = "50"
PASSWORD = "bench-password"
READER = "dla-bench"
SET_UP_ON = date(2026, 8, 1)
# The service's date (BUDGET_TODAY) while the load runs: the synthetic year's facts are
# dated up to May 2027, and no door records a fact dated after its today.
SERVICE_TODAY = date(2027, 9, 30)
INSTALLMENTS = 4
PROJECT_AMOUNT = Decimal("1400000.00")
LINE_AMOUNT = Decimal("100000000000.00")  # room for every project a run can plan


def lao_code(number: int) -> str:
    return f"{PROVINCE}{number:06d}"


def clerk_name(number: int) -> str:
    return f"clerk-{number}"


def _record(code: str) -> AuthorityRecord:
    return AuthorityRecord(
        code=code,
        name_th=f"องค์การบริหารส่วนตำบลทดสอบ {code}",
        name_en=f"Bench SAO {code}",
        type=AuthorityType.SAO,
        province_code=PROVINCE,
        district_code=PROVINCE + code[-4:-2],
        subdistrict_code=PROVINCE + code[-4:],
    )


def _lines() -> list[LineIn]:
    return [
        LineIn(
            code="ROAD",
            programme=Programme.INDUSTRY_AND_PUBLIC_WORKS,
            work_unit="งานก่อสร้างโครงสร้างพื้นฐาน",
            budget_group=Category.LAND_AND_CONSTRUCTION.group,
            category=Category.LAND_AND_CONSTRUCTION,
            description="ถนนคอนกรีตเสริมเหล็ก",
            amount=LINE_AMOUNT,
        )
    ]


def _open(office: BudgetOffice, username: str, role: Role, acting_for: str) -> None:
    office.execute(OpenAccount(username=username, display_name=username), actor=SYSTEM_ACTOR)
    office.execute(
        GrantRole(username=username, role=role, acting_for=acting_for, business_date=SET_UP_ON),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        SetPassword(username=username, password=PASSWORD, business_date=SET_UP_ON),
        actor=SYSTEM_ACTOR,
    )


def set_up(office: BudgetOffice, clients: int, *, first: int = 1) -> list[str]:
    """`clients` LAOs of province 50 (numbered from `first`), each with an enacted budget
    and a clerk; the executive who reads (with the first LAO); returns the LAO codes."""
    codes = [lao_code(number) for number in range(first, first + clients)]
    for number, code in enumerate(codes, start=first):
        office.execute(
            RegisterAuthority(authority=_record(code), business_date=SET_UP_ON), actor=SYSTEM_ACTOR
        )
        office.execute(
            DraftBudget(
                lao_code=code,
                fiscal_year=FISCAL_YEAR,
                lines=_lines(),
                business_date=date(2026, 8, 15),
            ),
            actor=SYSTEM_ACTOR,
        )
        office.execute(
            EnactBudget(
                lao_code=code,
                fiscal_year=FISCAL_YEAR,
                ordinance_date=date(2026, 9, 20),
                approved_by="นายอำเภอเมือง",
            ),
            actor=SYSTEM_ACTOR,
        )
        _open(office, clerk_name(number), Role.LAO_FINANCE, code)
    if first == 1:
        _open(office, READER, Role.DLA_EXECUTIVE, "")
    return codes


@dataclass(frozen=True, slots=True)
class Write:
    """One POST of a project's life: the endpoint's name for the figures, the path
    below the project (empty: planning, below the budget), and the body."""

    endpoint: str
    path: str
    body: dict[str, Any]


_STEPS: list[dict[str, Any]] = [
    {"step": "plan_published", "business_date": "2026-10-10"},
    {
        "step": "tor_set",
        "reference_price": "1450000.00",
        "public_hearing_ended_on": "2026-10-14",
        "business_date": "2026-10-15",
    },
    {"step": "report_approved", "estimate": "1450000.00", "business_date": "2026-10-21"},
    {"step": "invitation_announced", "invited_firms": 0, "business_date": "2026-10-22"},
    {"step": "bids_evaluated", "bids_received": 4, "business_date": "2026-11-05"},
    {
        "step": "winner_announced",
        "winner": "หจก. เชียงใหม่ก่อสร้าง",
        "offered_amount": str(PROJECT_AMOUNT),
        "business_date": "2026-11-06",
    },
]


def project_life(client: int, number: int, tag: str = "B") -> Iterator[Write]:
    """Project `tag`client/number: planning, the six procurement steps, the contract,
    then an inspection and a payment per installment: 8 + 2 × INSTALLMENTS writes."""
    yield Write(
        "plan project",
        "",
        {
            "code": f"{tag}{client}/{number:05d}",
            "name": f"ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายที่ {number}",
            "line_code": "ROAD",
            "method": "e_bidding",
            "amount": "1500000.00",
            "business_date": "2026-10-05",
        },
    )
    for step in _STEPS:
        yield Write("procurement step", "/steps", step)
    share = PROJECT_AMOUNT / INSTALLMENTS
    yield Write(
        "sign contract",
        "/contract",
        {
            "number": f"{tag}{client}-{number}/2570",
            "contractor": "หจก. เชียงใหม่ก่อสร้าง",
            "contractor_tax_id": "0503561000123",
            "amount": str(PROJECT_AMOUNT),
            "installments": [
                {
                    "number": n,
                    "amount": str(share),
                    "due_on": f"2027-0{n + 1}-15",
                    "description": f"งวดที่ {n}",
                }
                for n in range(1, INSTALLMENTS + 1)
            ],
            "business_date": "2026-11-18",
        },
    )
    for n in range(1, INSTALLMENTS + 1):
        yield Write(
            "record inspection",
            "/inspections",
            {"installment": n, "business_date": f"2027-0{n + 1}-20"},
        )
        yield Write(
            "record payment",
            "/payments",
            {
                "installment": n,
                "amount": str(share),
                "voucher": f"ฎ {tag}{client}-{number}-{n}/2570",
                "business_date": f"2027-0{n + 1}-25",
            },
        )
