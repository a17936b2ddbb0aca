"""Random sequences of commands never let paid exceed the contract, nor a contract
exceed the money available on its line; the money views, followed in batches that end
anywhere, hold what the aggregate holds (hypothesis state machine)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from uuid import UUID

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from budget.application.commands import (
    BidsEvaluated,
    CancelProject,
    CarryOver,
    CloseYear,
    Command,
    CorrectPayment,
    InspectInstallment,
    PlanProject,
    PlanPublished,
    RecordPayment,
    RecordProcurementStep,
    ReportApproved,
    SignContract,
    TermsSet,
    TransferFunds,
    WinnerAnnounced,
)
from budget.config import Settings
from budget.domain.access import Actor
from budget.domain.budget_lines import CarryOverKind
from budget.domain.errors import DomainError
from budget.domain.money import ZERO
from budget.domain.procurement import Method
from budget.domain.project import Project
from budget.projections.budget_lines import BudgetLines
from budget.projections.engine import views_engine
from budget.projections.follow import rebuild
from budget.projections.queries import budget_lines
from budget.projections.tables import lao_progress
from tests.builders import EXECUTIVE, FINANCE, FY, LAO, STANDARD_LINES, contract, enacted_office
from tests.test_projections_money import assert_lines_match_the_ledgers, balances, rows

LINES = [code for code, _, _ in STANDARD_LINES]
DAY = date(2026, 11, 2)
# the ends of quarters 1 to 4, and a day after every carried payment (quarter 5)
QUARTER_ENDS = (
    date(2026, 12, 31),
    date(2027, 3, 31),
    date(2027, 6, 30),
    date(2027, 9, 30),
    date(2099, 1, 1),
)
VIEWS = cache(lambda: views_engine(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"})))
amounts = st.integers(min_value=1, max_value=3_000_000_00).map(lambda s: Decimal(s) / 100)


class MoneyMachine(RuleBasedStateMachine):
    projects = Bundle("projects")

    def __init__(self) -> None:
        super().__init__()
        self.office = enacted_office()
        self.count = 0

    def attempt(self, command: Command, actor: Actor = FINANCE) -> None:
        step = command.step if isinstance(command, RecordProcurementStep) else command
        name = type(step).__name__
        try:
            self.office.execute(command, actor=actor)
        except DomainError as error:
            event(f"{name} refused: {error.code}")  # the invariants below must still hold
        else:
            event(f"{name} recorded")

    @rule(
        target=projects,
        line_code=st.sampled_from(LINES),
        budget_share=st.integers(1, 110),
        contract_share=st.integers(0, 130),
        installments=st.integers(1, 3),
    )
    def plan(
        self, line_code: str, budget_share: int, contract_share: int, installments: int
    ) -> UUID | None:
        """Plan a project on a share of what the line has free (sometimes more than all of
        it), and mostly go straight on to a contract near its budget (sometimes above)."""
        self.count += 1
        free = self.office.budget(LAO, FY).ledger(line_code).available
        amount = max((free * budget_share / 100).quantize(Decimal("0.01")), Decimal(1))
        try:
            project = self.office.execute(
                PlanProject(
                    lao_code=LAO,
                    fiscal_year=FY,
                    code=f"P{self.count}",
                    name="โครงการ",
                    line_code=line_code,
                    method=Method.SPECIFIC,
                    amount=amount,
                    method_reason="กรณีตามกฎหมายกำหนด",
                    business_date=DAY,
                ),
                actor=FINANCE,
            ).id
        except DomainError:
            return None
        if contract_share:
            share = max((amount * contract_share / 100).quantize(Decimal("0.01")), Decimal(1))
            self.sign(project, share, installments)
        return project

    @rule(project=projects, amount=amounts, installments=st.integers(1, 3))
    def sign(self, project: UUID | None, amount: Decimal, installments: int) -> None:
        if project is None or self.office.project(project).contract is not None:
            return
        for step in (
            PlanPublished(business_date=DAY),
            ReportApproved(estimate=amount, business_date=DAY),
            TermsSet(reference_price=amount, business_date=DAY),
            BidsEvaluated(bids_received=1, business_date=DAY),
            WinnerAnnounced(winner="ร้านค้า", offered_amount=amount, business_date=DAY),
        ):
            self.attempt(RecordProcurementStep(project_id=project, step=step))
        terms = contract(str(amount), installments)  # an installment of 0.00 baht is refused
        self.attempt(SignContract.of(terms, project_id=project, business_date=DAY))

    @rule(project=projects, pick=st.integers(1, 3))
    def inspect(self, project: UUID | None, pick: int) -> None:
        if project is not None:
            self.attempt(
                InspectInstallment(
                    project_id=project,
                    installment=self._existing(project, pick),
                    business_date=date(2027, 2, 1),
                )
            )

    def _share_of_installment(self, project: UUID, installment: int, share: int) -> Decimal:
        """Mostly amounts near what is due, so payments land as often as they are refused."""
        found = self.office.project(project).contract
        due = found.installment(installment) if found else None
        base = due.amount if due else Decimal(1000)
        return max((base * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))

    def _existing(self, project: UUID, pick: int) -> int:
        found = self.office.project(project).contract
        return (pick - 1) % len(found.installments) + 1 if found else pick

    @rule(project=projects, pick=st.integers(1, 3), share=st.integers(1, 130))
    def pay(self, project: UUID | None, pick: int, share: int) -> None:
        if project is not None:
            self.count += 1
            installment = self._existing(project, pick)
            if installment not in self.office.project(project).inspected:
                self.inspect(project, installment)
            self.attempt(
                RecordPayment(
                    project_id=project,
                    installment=installment,
                    amount=self._share_of_installment(project, installment, share),
                    voucher=f"V{self.count}",
                    business_date=date(2027, 2, 2),
                )
            )

    @rule(project=projects, share=st.integers(0, 130))
    def correct_last_payment(self, project: UUID | None, share: int) -> None:
        if project is None or not self.office.project(project).payments:
            return
        version = max(self.office.project(project).payments)
        installment = self.office.project(project).payments[version].installment
        self.attempt(
            CorrectPayment(
                project_id=project,
                corrects_version=version,
                amount=self._share_of_installment(project, installment, share)
                if share
                else Decimal(0),
                reason="แก้ไขตามเอกสาร",
                business_date=date(2027, 2, 3),
            )
        )

    @rule(project=projects, share=st.integers(1, 120))
    def carry_over(self, project: UUID | None, share: int) -> None:
        if project is None:
            return
        unpaid = self.office.project(project).unpaid
        amount = max((unpaid * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))
        self.attempt(
            CarryOver(
                project_id=project,
                kind=CarryOverKind.COMMITTED,
                amount=amount,
                deadline=date(2028, 3, 31),
                business_date=date(2027, 9, 20),
            )
        )

    @rule(dice=st.integers(0, 9))
    def close_year(self, dice: int) -> None:
        if dice == 0:
            self.attempt(CloseYear(lao_code=LAO, fiscal_year=FY, business_date=date(2027, 10, 1)))

    @rule(project=projects, pick=st.integers(1, 3), share=st.integers(1, 130))
    def pay_after_the_year(self, project: UUID | None, pick: int, share: int) -> None:
        if project is None:
            return
        self.count += 1
        installment = self._existing(project, pick)
        if installment not in self.office.project(project).inspected:
            self.attempt(
                InspectInstallment(
                    project_id=project, installment=installment, business_date=date(2027, 11, 1)
                )
            )
        ledger = self.office.budget(LAO, FY).ledger(self.office.project(project).line_code)
        carried = ledger.carried.get(str(project), ZERO)
        amount = (carried * share / 100).quantize(Decimal("0.01"))  # around what is carried
        self.attempt(
            RecordPayment(
                project_id=project,
                installment=installment,
                amount=amount
                if amount > 0
                else self._share_of_installment(project, installment, share),
                voucher=f"V{self.count}",
                business_date=date(2027, 11, 15),
            )
        )

    @rule(project=projects, dice=st.integers(0, 5))
    def cancel(self, project: UUID | None, dice: int) -> None:
        if project is not None and dice == 0:
            self.attempt(CancelProject(project_id=project, reason="ยกเลิก"))

    @rule(source=st.sampled_from(LINES), destination=st.sampled_from(LINES), amount=amounts)
    def transfer(self, source: str, destination: str, amount: Decimal) -> None:
        self.attempt(
            TransferFunds(
                lao_code=LAO,
                fiscal_year=FY,
                from_line=source,
                to_line=destination,
                amount=amount,
                business_date=DAY,
            ),
            EXECUTIVE,
        )

    def teardown(self) -> None:
        """The views, followed from the first event in batches that end anywhere (their
        size varies with the run), hold what the aggregate holds."""
        rebuild(self.office, VIEWS(), [BudgetLines()], batch_size=1 + self.count % 23)
        self._check_the_views()

    def _check_the_views(self) -> None:
        budget = self.office.budget(LAO, FY)
        assert_lines_match_the_ledgers(VIEWS(), budget)
        saved = dict.fromkeys(budget.ledgers, ZERO)  # a project's budget - its contract
        for project in self._projects():
            if project.contract is not None:
                saved[project.line_code] += project.amount - project.contract.amount
        assert {code: row["savings"] for code, row in balances(VIEWS()).items()} == saved
        with VIEWS().connect() as connection:  # what people see: never above the allocation
            for line in budget_lines(connection, LAO, FY):
                assert line.savings <= line.available <= line.allocated, line.line_code
                assert line.savings == min(saved[line.line_code], line.available)
        flows = rows(VIEWS(), lao_progress)
        for last, day in enumerate(QUARTER_ENDS, start=1):
            as_of = {
                f.group.value: (f.allocated, f.obligated, f.disbursed)
                for f in self.office.figures_as_of(LAO, FY, day)
            }
            projected = dict.fromkeys(as_of, (ZERO, ZERO, ZERO))
            for r in flows:
                if r["quarter"] <= last:
                    was = projected[r["budget_group"]]
                    now = (r["allocated"], r["obligated"], r["disbursed"])
                    projected[r["budget_group"]] = tuple(
                        a + b for a, b in zip(was, now, strict=True)
                    )
            assert projected == as_of, day

    @invariant()
    def paid_never_exceeds_the_contract(self) -> None:
        for project in self._projects():
            if project.contract is None:
                assert project.paid == ZERO
                continue
            assert project.paid <= project.contract.amount
            for installment in project.contract.installments:
                assert project.paid_on(installment.number) <= installment.amount

    @invariant()
    def contracts_never_exceed_the_money_on_the_line(self) -> None:
        budget = self.office.budget(LAO, FY)
        for ledger in budget.ledgers.values():
            assert ledger.total_committed <= ledger.allocated
            assert ledger.available >= ZERO
            assert ledger.total_paid <= ledger.total_committed

    @invariant()
    def carried_money_is_never_more_than_what_is_unpaid(self) -> None:
        for ledger in self.office.budget(LAO, FY).ledgers.values():
            for project_id, carried in ledger.carried.items():
                unpaid = ledger.reserved.get(project_id, ZERO) - ledger.paid.get(project_id, ZERO)
                assert ZERO <= carried <= unpaid
            assert ledger.disbursed + sum(ledger.carried.values(), ZERO) <= ledger.allocated

    @invariant()
    def figures_dated_to_the_end_equal_the_figures_now(self) -> None:
        budget = self.office.budget(LAO, FY)
        everything = self.office.figures_as_of(LAO, FY, date(2099, 1, 1))
        assert everything == budget.figures_by_group()

    @invariant()
    def the_budget_ledger_agrees_with_the_projects(self) -> None:
        budget = self.office.budget(LAO, FY)
        for project in self._projects():
            ledger = budget.ledger(project.line_code)
            assert ledger.paid.get(str(project.id), ZERO) == project.paid

    def _projects(self) -> list[Project]:
        notifications = self.office.recorder.select_notifications(start=1, limit=100_000)
        return [
            self.office.project(UUID(str(n.originator_id)))
            for n in notifications
            if n.topic.endswith("Project.Planned")
        ]


MoneyMachine.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestMoneyInvariants = MoneyMachine.TestCase
