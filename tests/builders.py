"""Small builders for the tests: a registered LAO, an enacted budget, a project at a stage."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.application.results import Recorded
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import BudgetLine, CarryOverKind, CouncilApproval
from budget.domain.classification import Category, Programme
from budget.domain.contract import Contract, Installment
from budget.domain.errors import DomainError
from budget.domain.procurement import Method
from budget.registry.records import AuthorityRecord

# scripts/test --deep: the property tests draw new random examples instead of CI's fixed ones
DEEP = os.environ.get("BUDGET_TEST_DEEP") == "1"

LAO = "75001020"
OTHER_LAO = "75001030"
PROVINCE = "50"
FY = 2570
FINANCE = Actor(f"finance.{LAO}", Role.LAO_FINANCE, LAO)
EXECUTIVE = Actor(f"exec.{LAO}", Role.LAO_EXECUTIVE, LAO)
REVIEWER = Actor("reviewer.50", Role.PROVINCIAL_REVIEWER, PROVINCE)
ADMIN = Actor("admin", Role.DLA_ADMINISTRATOR)
AUDITOR = Actor("auditor.sao", Role.AUDITOR)


def memory_office() -> BudgetOffice:
    return BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))


def record(code: str = LAO, province: str = PROVINCE) -> AuthorityRecord:
    return AuthorityRecord(
        code=code,
        name_th=f"องค์การบริหารส่วนตำบลทดสอบ {code}",
        name_en=f"Test SAO {code}",
        type=AuthorityType.SAO,
        province_code=province,
        district_code=province + "01",
        subdistrict_code=province + "0102",
    )


def line(
    code: str,
    amount: str,
    category: Category = Category.LAND_AND_CONSTRUCTION,
    programme: Programme = Programme.INDUSTRY_AND_PUBLIC_WORKS,
) -> BudgetLine:
    return BudgetLine(
        code=code,
        programme=programme,
        work_unit="งานก่อสร้างโครงสร้างพื้นฐาน",
        group=category.group,
        category=category,
        description=f"รายการ {code}",
        amount=Decimal(amount),
    )


STANDARD_LINES = (
    ("ROAD", "2000000.00", Category.LAND_AND_CONSTRUCTION),
    ("BRIDGE", "6000000.00", Category.LAND_AND_CONSTRUCTION),
    ("EQUIP", "300000.00", Category.EQUIPMENT),
    ("SUPPLIES", "400000.00", Category.MATERIALS),
    ("SERVICES", "500000.00", Category.SERVICES),
)


def enacted_office(office: BudgetOffice | None = None, lao: str = LAO) -> BudgetOffice:
    """An office with the LAO registered and its FY 2570 budget enacted."""
    office = office or memory_office()
    office.register_authority(record(lao), actor=SYSTEM_ACTOR, business_date=date(2026, 8, 1))
    lines = [line(code, amount, category) for code, amount, category in STANDARD_LINES]
    office.draft_budget(lao, FY, lines, actor=SYSTEM_ACTOR, business_date=date(2026, 8, 15))
    office.enact_budget(
        lao, FY, ordinance_date=date(2026, 9, 20), approved_by="นายอำเภอเมือง", actor=SYSTEM_ACTOR
    )
    return office


def planned_project(
    office: BudgetOffice,
    *,
    code: str = "P1",
    line_code: str = "ROAD",
    method: Method = Method.E_BIDDING,
    amount: str = "1500000.00",
    reason: str = "",
) -> UUID:
    return office.plan_project(
        LAO,
        FY,
        code=code,
        name=f"โครงการ {code}",
        line_code=line_code,
        method=method,
        amount=Decimal(amount),
        method_reason=reason,
        actor=FINANCE,
        business_date=date(2026, 10, 5),
    ).id


def procured_until_winner(office: BudgetOffice, project: UUID, *, offered: str) -> None:
    """Plan published … winner announced on Fri 6 Nov 2026 (appeal window to 17 Nov)."""
    office.publish_procurement_plan(project, actor=FINANCE, business_date=date(2026, 10, 10))
    office.approve_procurement_report(
        project, estimate=Decimal(offered), actor=FINANCE, business_date=date(2026, 10, 15)
    )
    method = office.project(project).method
    office.set_terms_of_reference(
        project,
        reference_price=Decimal(offered),
        public_hearing_ended_on=date(2026, 10, 20) if method is Method.E_BIDDING else None,
        actor=FINANCE,
        business_date=date(2026, 10, 21),
    )
    if method is not Method.SPECIFIC:
        office.announce_invitation(
            project, invited_firms=3, actor=FINANCE, business_date=date(2026, 10, 22)
        )
    office.evaluate_bids(project, bids_received=3, actor=FINANCE, business_date=date(2026, 11, 5))
    office.announce_winner(
        project,
        winner="หจก. ทดสอบก่อสร้าง",
        offered_amount=Decimal(offered),
        actor=FINANCE,
        business_date=date(2026, 11, 6),
    )


def contract(amount: str, installments: int = 2) -> Contract:
    total = Decimal(amount)
    each = (total / installments).quantize(Decimal("0.01"))
    parts = [each] * (installments - 1) + [total - each * (installments - 1)]
    return Contract(
        number="12/2570",
        contractor="หจก. ทดสอบก่อสร้าง",
        contractor_tax_id="0503561000123",
        amount=total,
        installments=[
            Installment(i + 1, part, date(2027, 1 + 2 * i, 15)) for i, part in enumerate(parts)
        ],
    )


def contracted_project(
    office: BudgetOffice,
    *,
    amount: str = "1400000.00",
    code: str = "P1",
    budget: str = "1500000.00",
) -> UUID:
    project = planned_project(office, code=code, amount=budget)
    procured_until_winner(office, project, offered=amount)
    sign(office, project, amount)
    return project


def sign(office: BudgetOffice, project: UUID, amount: str) -> Recorded:
    """The contract (two equal installments) signed on 18 Nov 2026, after the appeal window."""
    return office.sign_contract(
        project, contract(amount), actor=FINANCE, business_date=date(2026, 11, 18)
    )


@contextmanager
def refused(office: BudgetOffice, code: str, **details: object) -> Iterator[None]:
    """Then the command is refused with `code` (and these details, the figures and words its
    message shows), and nothing is recorded."""
    before = office.recorder.max_notification_id()
    with pytest.raises(DomainError) as raised:
        yield
    error = raised.value
    assert error.code == code, f"expected {code}, got {error.code}: {error}"
    assert error.thai
    assert error.english
    assert None not in error.details.values(), f"a message shows None: {error.details}"
    for name, value in details.items():
        assert error.details.get(name) == value, f"{code}.{name}: {error.details.get(name)!r}"
    assert office.recorder.max_notification_id() == before, "a refused command recorded events"


def inspect(office: BudgetOffice, project: UUID, installment: int, on: date) -> None:
    """The committee accepted the work of `installment` on `on`."""
    office.inspect_installment(project, installment, actor=FINANCE, business_date=on)


def pay(
    office: BudgetOffice,
    project: UUID,
    installment: int,
    amount: str | int,
    *,
    on: date = date(2027, 1, 20),
    voucher: str = "",
) -> Recorded:
    """A payment voucher on `installment` (its PaymentRecorded is `.version`)."""
    return office.record_payment(
        project,
        installment,
        amount=Decimal(amount),
        voucher=voucher or f"ฎ{installment}/{on.isoformat()}/{amount}",
        actor=FINANCE,
        business_date=on,
    )


def correct(
    office: BudgetOffice,
    project: UUID,
    payment: int,
    amount: str | int,
    *,
    on: date = date(2027, 1, 25),
    reason: str = "บันทึกจำนวนเงินผิด",
) -> None:
    """A reasoned correction sets the amount of the payment recorded at version `payment`."""
    office.correct_payment(
        project,
        corrects_version=payment,
        amount=Decimal(amount),
        reason=reason,
        actor=FINANCE,
        business_date=on,
    )


def plan(office: BudgetOffice, code: str, amount: str, *, line_code: str = "ROAD") -> UUID:
    """A project bought by the specific method (up to 500,000) or e-bidding (above)."""
    method = Method.SPECIFIC if Decimal(amount) <= 500000 else Method.E_BIDDING
    return planned_project(office, code=code, line_code=line_code, method=method, amount=amount)


def spend(
    office: BudgetOffice,
    line_code: str,
    amount: str,
    *,
    voucher: str = "",
    on: date = date(2026, 11, 30),
) -> Recorded:
    """A payment straight from a line, without a project."""
    return office.record_expenditure(
        LAO,
        FY,
        line_code=line_code,
        amount=Decimal(amount),
        voucher=voucher or f"จ{line_code}/{on.isoformat()}/{amount}",
        description="ค่าวัสดุสำนักงาน",
        actor=FINANCE,
        business_date=on,
    )


def correct_spending(
    office: BudgetOffice, version: int, amount: str, *, reason: str = "ใส่จำนวนเงินผิด"
) -> Recorded:
    return office.correct_expenditure(
        LAO,
        FY,
        corrects_version=version,
        amount=Decimal(amount),
        reason=reason,
        actor=FINANCE,
        business_date=date(2026, 12, 1),
    )


def transfer(
    office: BudgetOffice,
    from_line: str,
    to_line: str,
    amount: str,
    *,
    on: date = date(2026, 12, 1),
    **details: Any,
) -> Recorded:
    """A transfer approved by the executive (with `council_approval=` where ข้อ 27 asks)."""
    return office.transfer_funds(
        LAO,
        FY,
        from_line=from_line,
        to_line=to_line,
        amount=Decimal(amount),
        actor=EXECUTIVE,
        business_date=on,
        **details,
    )


def carry(
    office: BudgetOffice,
    project: UUID,
    amount: str,
    *,
    kind: CarryOverKind = CarryOverKind.COMMITTED,
    deadline: date = date(2028, 3, 31),
    on: date = date(2027, 9, 25),
    council_approval: CouncilApproval | None = None,
) -> Recorded:
    """กันเงิน of a project's unpaid money past 30 September 2027."""
    return office.carry_over(
        project,
        kind=kind,
        amount=Decimal(amount),
        deadline=deadline,
        council_approval=council_approval,
        actor=FINANCE,
        business_date=on,
    )


def close_year(office: BudgetOffice, on: date = date(2027, 10, 1)) -> Recorded:
    return office.close_year(LAO, FY, actor=FINANCE, business_date=on)


def step(office: BudgetOffice, project: UUID, command: str, on: date, **details: Any) -> Recorded:
    """One procurement step of a project by finance staff, e.g. step(..., "evaluate_bids",
    on, bids_received=3); `command` names the use case."""
    run: dict[str, Callable[..., Recorded]] = {
        "publish": office.publish_procurement_plan,
        "approve_report": office.approve_procurement_report,
        "set_tor": office.set_terms_of_reference,
        "invite": office.announce_invitation,
        "evaluate_bids": office.evaluate_bids,
        "announce_winner": office.announce_winner,
        "correct_stage_date": office.correct_stage_date,
        "close": office.close_project,
        "cancel": office.cancel_project,
    }
    return run[command](project, actor=FINANCE, business_date=on, **details)
