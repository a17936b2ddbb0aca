"""Small builders for the tests: a registered LAO, an enacted budget, a project at a stage."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.application.commands import (
    BidsEvaluated,
    ContractIn,
    DraftBudget,
    EnactBudget,
    InstallmentIn,
    InvitationAnnounced,
    LineIn,
    PlanProject,
    PlanPublished,
    RecordProcurementStep,
    RegisterAuthority,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.classification import Category, Programme
from budget.domain.errors import DomainError
from budget.domain.procurement import Method
from budget.registry.records import AuthorityRecord

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
) -> LineIn:
    return LineIn(
        code=code,
        programme=programme,
        work_unit="งานก่อสร้างโครงสร้างพื้นฐาน",
        budget_group=category.group,
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
    office.execute(
        RegisterAuthority(authority=record(lao), business_date=date(2026, 8, 1)), actor=SYSTEM_ACTOR
    )
    lines = [line(code, amount, category) for code, amount, category in STANDARD_LINES]
    office.execute(
        DraftBudget(lao_code=lao, fiscal_year=FY, lines=lines, business_date=date(2026, 8, 15)),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        EnactBudget(
            lao_code=lao,
            fiscal_year=FY,
            ordinance_date=date(2026, 9, 20),
            approved_by="นายอำเภอเมือง",
        ),
        actor=SYSTEM_ACTOR,
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
    return office.execute(
        PlanProject(
            lao_code=LAO,
            fiscal_year=FY,
            code=code,
            name=f"โครงการ {code}",
            line_code=line_code,
            method=method,
            amount=Decimal(amount),
            method_reason=reason,
            business_date=date(2026, 10, 5),
        ),
        actor=FINANCE,
    ).id


def procured_until_winner(office: BudgetOffice, project: UUID, *, offered: str) -> None:
    """Plan published … winner announced on Fri 6 Nov 2026 (appeal window to 17 Nov)."""
    office.execute(
        RecordProcurementStep(
            project_id=project, step=PlanPublished(business_date=date(2026, 10, 10))
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=ReportApproved(estimate=Decimal(offered), business_date=date(2026, 10, 15)),
        ),
        actor=FINANCE,
    )
    method = office.project(project).method
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=TermsSet(
                reference_price=Decimal(offered),
                public_hearing_ended_on=date(2026, 10, 20) if method is Method.E_BIDDING else None,
                business_date=date(2026, 10, 21),
            ),
        ),
        actor=FINANCE,
    )
    if method is not Method.SPECIFIC:
        office.execute(
            RecordProcurementStep(
                project_id=project,
                step=InvitationAnnounced(invited_firms=3, business_date=date(2026, 10, 22)),
            ),
            actor=FINANCE,
        )
    office.execute(
        RecordProcurementStep(
            project_id=project, step=BidsEvaluated(bids_received=3, business_date=date(2026, 11, 5))
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=WinnerAnnounced(
                winner="หจก. ทดสอบก่อสร้าง",
                offered_amount=Decimal(offered),
                business_date=date(2026, 11, 6),
            ),
        ),
        actor=FINANCE,
    )


def contract(amount: str, installments: int = 2) -> ContractIn:
    total = Decimal(amount)
    each = (total / installments).quantize(Decimal("0.01"))
    parts = [each] * (installments - 1) + [total - each * (installments - 1)]
    return ContractIn(
        number="12/2570",
        contractor="หจก. ทดสอบก่อสร้าง",
        contractor_tax_id="0503561000123",
        amount=total,
        installments=[
            InstallmentIn(number=i + 1, amount=part, due_on=date(2027, 1 + 2 * i, 15))
            for i, part in enumerate(parts)
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
    office.execute(
        SignContract.of(contract(amount), project_id=project, business_date=date(2026, 11, 18)),
        actor=FINANCE,
    )
    return project


@contextmanager
def refused(office: BudgetOffice, code: str) -> Iterator[None]:
    """Then the command is refused with `code`, and nothing is recorded."""
    before = office.recorder.max_notification_id()
    with pytest.raises(DomainError) as raised:
        yield
    assert raised.value.code == code, f"expected {code}, got {raised.value.code}: {raised.value}"
    assert raised.value.thai
    assert raised.value.english
    assert office.recorder.max_notification_id() == before, "a refused command recorded events"
