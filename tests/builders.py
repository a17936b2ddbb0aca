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
from budget.application.commands import (
    AdditionIn,
    AddSupplementaryBudget,
    BidsEvaluated,
    CancelCarriedFunds,
    CancelProject,
    CarryOver,
    CloseProject,
    CloseYear,
    ContractIn,
    CorrectExpenditure,
    CorrectPayment,
    CorrectStageDate,
    CouncilApprovalIn,
    DraftBudget,
    EnactBudget,
    InspectInstallment,
    InstallmentIn,
    InvitationAnnounced,
    LineIn,
    PlanProject,
    PlanPublished,
    RecordExpenditure,
    RecordPayment,
    RecordProcurementStep,
    RegisterAuthority,
    ReportApproved,
    SignContract,
    TermsSet,
    TransferFunds,
    WinnerAnnounced,
)
from budget.application.results import Recorded
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import BudgetLine, CarryOverKind
from budget.domain.classification import Category, Programme
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


def budget_line(
    code: str, amount: str, category: Category = Category.LAND_AND_CONSTRUCTION
) -> BudgetLine:
    """The domain's line (for the tests at the domain's own door)."""
    return line(code, amount, category).line()


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
    method = office.project(project).method
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=TermsSet(
                reference_price=Decimal(offered),
                public_hearing_ended_on=date(2026, 10, 14) if method is Method.E_BIDDING else None,
                business_date=date(2026, 10, 15),
            ),
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=ReportApproved(estimate=Decimal(offered), business_date=date(2026, 10, 21)),
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
    sign(office, project, amount)
    return project


def sign(office: BudgetOffice, project: UUID, amount: str) -> Recorded:
    """The contract (two equal installments) signed on 18 Nov 2026, after the appeal window."""
    return office.execute(
        SignContract.of(contract(amount), project_id=project, business_date=date(2026, 11, 18)),
        actor=FINANCE,
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


def inspect(
    office: BudgetOffice, project: UUID, installment: int, on: date, *, note: str = ""
) -> Recorded:
    """The committee accepted the work of `installment` on `on`."""
    return office.execute(
        InspectInstallment(
            project_id=project, installment=installment, committee_note=note, business_date=on
        ),
        actor=FINANCE,
    )


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
    return office.execute(
        RecordPayment(
            project_id=project,
            installment=installment,
            amount=Decimal(amount),
            voucher=voucher or f"ฎ{installment}/{on.isoformat()}/{amount}",
            business_date=on,
        ),
        actor=FINANCE,
    )


def correct(
    office: BudgetOffice,
    project: UUID,
    payment: int,
    amount: str | int,
    *,
    on: date = date(2027, 1, 25),
    reason: str = "บันทึกจำนวนเงินผิด",
) -> Recorded:
    """A reasoned correction sets the amount of the payment recorded at version `payment`."""
    return office.execute(
        CorrectPayment(
            project_id=project,
            corrects_version=payment,
            amount=Decimal(amount),
            reason=reason,
            business_date=on,
        ),
        actor=FINANCE,
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
    return office.execute(
        RecordExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            line_code=line_code,
            amount=Decimal(amount),
            voucher=voucher or f"จ{line_code}/{on.isoformat()}/{amount}",
            description="ค่าวัสดุสำนักงาน",
            business_date=on,
        ),
        actor=FINANCE,
    )


def correct_spending(
    office: BudgetOffice, version: int, amount: str, *, reason: str = "ใส่จำนวนเงินผิด"
) -> Recorded:
    return office.execute(
        CorrectExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            corrects_version=version,
            amount=Decimal(amount),
            reason=reason,
            business_date=date(2026, 12, 1),
        ),
        actor=FINANCE,
    )


def council(resolution: str = "สมัยวิสามัญ 2/2570", on: date = date(2027, 9, 20)) -> CouncilApprovalIn:
    """A recorded resolution of the local council."""
    return CouncilApprovalIn(resolution=resolution, approved_on=on)


def transfer(
    office: BudgetOffice,
    from_line: str,
    to_line: str,
    amount: str,
    *,
    on: date = date(2026, 12, 1),
    changes_item: bool = False,
    new_line: LineIn | None = None,
    council_approval: CouncilApprovalIn | None = None,
) -> Recorded:
    """A transfer approved by the executive (with the council's approval where ข้อ 27 asks)."""
    return office.execute(
        TransferFunds(
            lao_code=LAO,
            fiscal_year=FY,
            from_line=from_line,
            to_line=to_line,
            amount=Decimal(amount),
            changes_item=changes_item,
            new_line=new_line,
            council_approval=council_approval,
            business_date=on,
        ),
        actor=EXECUTIVE,
    )


def supplement(
    office: BudgetOffice,
    additions: dict[str, str],
    *,
    new_lines: list[LineIn] | None = None,
    ordinance_date: date = date(2027, 3, 1),
    on: date | None = None,
) -> Recorded:
    """A supplementary budget adding money to lines (and new lines)."""
    return office.execute(
        AddSupplementaryBudget(
            lao_code=LAO,
            fiscal_year=FY,
            ordinance_date=ordinance_date,
            additions=[AdditionIn(line_code=c, amount=Decimal(a)) for c, a in additions.items()],
            new_lines=new_lines or [],
            business_date=on,
        ),
        actor=FINANCE,
    )


def carry(
    office: BudgetOffice,
    project: UUID,
    amount: str,
    *,
    kind: CarryOverKind = CarryOverKind.COMMITTED,
    deadline: date = date(2028, 3, 31),
    on: date = date(2027, 9, 25),
    council_approval: CouncilApprovalIn | None = None,
) -> Recorded:
    """กันเงิน of a project's unpaid money past 30 September 2027."""
    return office.execute(
        CarryOver(
            project_id=project,
            kind=kind,
            amount=Decimal(amount),
            deadline=deadline,
            council_approval=council_approval,
            business_date=on,
        ),
        actor=FINANCE,
    )


def cancel_carried(office: BudgetOffice, project: UUID, on: date) -> Recorded:
    return office.execute(CancelCarriedFunds(project_id=project, business_date=on), actor=FINANCE)


def close_year(office: BudgetOffice, on: date = date(2027, 10, 1)) -> Recorded:
    return office.execute(CloseYear(lao_code=LAO, fiscal_year=FY, business_date=on), actor=FINANCE)


STEPS: dict[str, Callable[..., Any]] = {
    "publish": PlanPublished,
    "approve_report": ReportApproved,
    "set_tor": TermsSet,
    "invite": InvitationAnnounced,
    "evaluate_bids": BidsEvaluated,
    "announce_winner": WinnerAnnounced,
}
ACTS: dict[str, Callable[..., Any]] = {
    "correct_stage_date": CorrectStageDate,
    "close": CloseProject,
    "cancel": CancelProject,
}


def step(office: BudgetOffice, project: UUID, command: str, on: date, **details: Any) -> Recorded:
    """A project's step by finance staff: a procurement step (`publish`, `approve_report`,
    `set_tor`, `invite`, `evaluate_bids`, `announce_winner`) or `correct_stage_date`, `close`,
    `cancel`, with the fields the command takes."""
    if command in STEPS:
        payload = RecordProcurementStep(
            project_id=project, step=STEPS[command](business_date=on, **details)
        )
    else:
        payload = ACTS[command](project_id=project, business_date=on, **details)
    result: Recorded = office.execute(payload, actor=FINANCE)
    return result
