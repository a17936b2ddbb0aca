"""The benchmarks' synthetic stream: LAO years as commands, decided up front.

Each LAO: its registration, its budget drafted and enacted, and projects that go
through every procurement step, a contract, inspections and payments (the long
project of the replay measure has a payment corrected every tenth installment) to their
closing. The commands are the application's own, run by `BudgetOffice.execute` one by
one or in a batch (`BudgetOffice.batch`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from budget.application.commands import (
    BidsEvaluated,
    CloseProject,
    Command,
    CorrectPayment,
    DraftBudget,
    EnactBudget,
    InspectInstallment,
    InstallmentIn,
    InvitationAnnounced,
    LineIn,
    PlanProject,
    PlanPublished,
    ProcurementStep,
    RecordPayment,
    RecordProcurementStep,
    RegisterAuthority,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.demo.steps import finance_actor
from budget.domain.access import SYSTEM_ACTOR, Actor
from budget.domain.calendar import appeal_window_end
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.ids import project_id
from budget.domain.procurement import Method, has_appeal_window, needs_public_hearing
from budget.registry.records import AuthorityRecord

FISCAL_YEAR = 2569  # 1 October 2025 - 30 September 2026
FY_START = date(2025, 10, 1)
FY_END = date(2026, 9, 30)
ENACTED_ON = date(2025, 9, 20)
LINE_CODE = "00310-INV-1"
PROJECTS_PER_LAO = 20
INSTALLMENTS = 3
CORRECT_EVERY = 10  # in the long project, every tenth payment is corrected
WINNER = "ห้างหุ้นส่วนจำกัด ช่างไทยก่อสร้าง"
CORRECTION_REASON = "บันทึกจำนวนเงินผิด"
Run = tuple[Command, Actor]  # a command and who runs it


@dataclass(frozen=True, slots=True)
class ProjectScript:
    """One project's life, dates and amounts decided up front."""

    lao_code: str
    code: str
    method: Method
    installment_amount: Decimal
    installments: int
    planned_on: date
    correct_every: int = 0

    @property
    def id(self) -> uuid.UUID:
        return project_id(self.lao_code, FISCAL_YEAR, self.code)

    @property
    def amount(self) -> Decimal:
        return self.installment_amount * self.installments

    @property
    def name(self) -> str:
        return f"ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายที่ {self.code}"

    @property
    def method_reason(self) -> str:
        return "" if self.method is Method.SPECIFIC else "ราคาเกินห้าแสนบาท"

    def day(self, offset: int) -> date:
        return self.planned_on + timedelta(days=offset)

    @property
    def signed_on(self) -> date:
        winner_on = self.day(6)
        if has_appeal_window(self.method):
            return appeal_window_end(winner_on) + timedelta(days=1)
        return winner_on + timedelta(days=1)

    def inspected_on(self, number: int) -> date:
        span = (FY_END - self.signed_on).days - 3
        return self.signed_on + timedelta(days=1 + (number - 1) * span // self.installments)

    def paid_on(self, number: int) -> date:
        return self.inspected_on(number) + timedelta(days=1)

    def contract(self) -> SignContract:
        return SignContract(
            project_id=self.id,
            number=f"สัญญาจ้างเลขที่ {self.code}/{FISCAL_YEAR}",
            contractor=WINNER,
            contractor_tax_id="0103540000001",
            amount=self.amount,
            installments=[
                InstallmentIn(
                    number=n,
                    amount=self.installment_amount,
                    due_on=self.inspected_on(n),
                    description=f"งวดที่ {n}",
                )
                for n in range(1, self.installments + 1)
            ],
            business_date=self.signed_on,
        )

    def payment_version(self, number: int) -> int:
        """The project's version its payment of installment `number` makes (the version
        a correction of that payment names)."""
        contract = (6 if self.method is Method.SPECIFIC else 7) + 1  # plan .. winner, contract
        corrected = sum(1 for earlier in range(1, number) if self.corrects(earlier))
        return contract + 2 * number + corrected

    def corrects(self, number: int) -> bool:
        return self.correct_every > 0 and number % self.correct_every == 0


def project_scripts(lao_code: str, count: int, first: int = 0) -> list[ProjectScript]:
    """`count` projects of an LAO: alternately a specific purchase and an e-bidding."""
    scripts = []
    for index in range(first, first + count):
        specific = index % 2 == 0
        scripts.append(
            ProjectScript(
                lao_code=lao_code,
                code=f"P{index + 1:04d}",
                method=Method.SPECIFIC if specific else Method.E_BIDDING,
                installment_amount=Decimal("100000.00") if specific else Decimal("800000.00"),
                installments=INSTALLMENTS,
                planned_on=FY_START + timedelta(days=index % 20),
            )
        )
    return scripts


def long_project_script(lao_code: str, installments: int) -> ProjectScript:
    return ProjectScript(
        lao_code=lao_code,
        code="LONG-1",
        method=Method.E_BIDDING,
        installment_amount=Decimal("10000.00"),
        installments=installments,
        planned_on=FY_START,
        correct_every=CORRECT_EVERY,
    )


def budget_lines(money_needed: Decimal) -> list[LineIn]:
    return [
        LineIn(
            code=LINE_CODE,
            programme=Programme.INDUSTRY_AND_PUBLIC_WORKS,
            work_unit="กองช่าง",
            budget_group=BudgetGroup.INVESTMENT,
            category=Category.LAND_AND_CONSTRUCTION,
            description="ค่าก่อสร้างสิ่งสาธารณูปโภค",
            amount=max(money_needed, Decimal("1000000.00")),
        ),
        LineIn(
            code="00110-OPS-1",
            programme=Programme.GENERAL_ADMINISTRATION,
            work_unit="สำนักปลัด",
            budget_group=BudgetGroup.OPERATING,
            category=Category.MATERIALS,
            description="ค่าวัสดุสำนักงาน",
            amount=Decimal("250000.00"),
        ),
    ]


def registration(record: AuthorityRecord) -> Run:
    on = ENACTED_ON - timedelta(days=30)
    return RegisterAuthority(authority=record, business_date=on), SYSTEM_ACTOR


def enacted_budget(record: AuthorityRecord, scripts: Sequence[ProjectScript]) -> list[Run]:
    """The year's budget, drafted and enacted, with money for every project."""
    lao, needed = record.code, sum((s.amount for s in scripts), Decimal("0.00"))
    drafted = DraftBudget(
        lao_code=lao,
        fiscal_year=FISCAL_YEAR,
        lines=budget_lines(needed),
        business_date=ENACTED_ON - timedelta(days=20),
    )
    enacted = EnactBudget(
        lao_code=lao,
        fiscal_year=FISCAL_YEAR,
        ordinance_date=ENACTED_ON,
        approved_by="นายอำเภอ",
        business_date=ENACTED_ON,
    )
    return [(drafted, SYSTEM_ACTOR), (enacted, SYSTEM_ACTOR)]


def project_commands(script: ProjectScript) -> Iterator[Command]:
    """The whole life of a project, a command per step, as finance staff would enter it."""
    pid = script.id

    def step(made: ProcurementStep) -> Command:
        return RecordProcurementStep(project_id=pid, step=made)

    yield PlanProject(
        lao_code=script.lao_code,
        fiscal_year=FISCAL_YEAR,
        code=script.code,
        name=script.name,
        line_code=LINE_CODE,
        method=script.method,
        amount=script.amount,
        method_reason=script.method_reason,
        business_date=script.planned_on,
    )
    yield step(PlanPublished(business_date=script.day(1)))
    # The TOR and reference price (cl. 21), then the report that states it (cl. 22).
    hearing = script.day(2) if needs_public_hearing(script.method, script.amount) else None
    yield step(
        TermsSet(
            reference_price=script.amount,
            public_hearing_ended_on=hearing,
            business_date=script.day(2),
        )
    )
    yield step(ReportApproved(estimate=script.amount, business_date=script.day(3)))
    if script.method is not Method.SPECIFIC:
        yield step(InvitationAnnounced(business_date=script.day(4)))
    yield step(BidsEvaluated(bids_received=3, business_date=script.day(5)))
    yield step(
        WinnerAnnounced(winner=WINNER, offered_amount=script.amount, business_date=script.day(6))
    )
    yield script.contract()
    for number in range(1, script.installments + 1):
        yield InspectInstallment(
            project_id=pid,
            installment=number,
            committee_note="ตรวจรับถูกต้องครบถ้วน",
            business_date=script.inspected_on(number),
        )
        amount = script.installment_amount
        if script.corrects(number):
            amount -= Decimal("100.00")
        yield RecordPayment(
            project_id=pid,
            installment=number,
            amount=amount,
            voucher=f"ฎ{number:05d}/{FISCAL_YEAR}",
            business_date=script.paid_on(number),
        )
        if script.corrects(number):
            yield CorrectPayment(
                project_id=pid,
                corrects_version=script.payment_version(number),
                amount=script.installment_amount,
                reason=CORRECTION_REASON,
                business_date=script.paid_on(number),
            )
    yield CloseProject(project_id=pid, business_date=script.paid_on(script.installments))


def lao_year(record: AuthorityRecord, scripts: Sequence[ProjectScript]) -> Iterator[Run]:
    """An LAO's registration, its year's budget and every project's life."""
    yield registration(record)
    yield from enacted_budget(record, scripts)
    finance = finance_actor(record.code)
    for script in scripts:
        for command in project_commands(script):
            yield command, finance
