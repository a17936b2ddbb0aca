"""Random sequences of commands never let paid exceed the contract, nor a contract
exceed the money available on its line; the money views, followed in batches that end
anywhere, hold what the aggregate holds (hypothesis state machine).

Contracts come with or without terms (an advance, retention, a daily fine), pay their
advance, have their time, amount or installments amended, and return their retention. For
every installment, the cash paid on it and what its inspection withheld (the advance taken
back, retention, the fine) add up to at most its amount, exactly its amount once paid in
full; and for every project, the cash paid (the advance and retention returned included),
the retention held and the fines are the installments' cash and withholdings plus the
advance not yet taken back, at most the contract amount.

The machine keeps its own small model of the money rules (`Rules` below): before each command it
predicts whether the command is legal, and asserts the office accepted exactly the legal ones.
So a rule that refuses what the law allows fails here as surely as one that lets money through.
The model's sums are checked against the ledger after every step.

The run is derandomized (the same examples every time, as CI needs); `scripts/test --deep`
(BUDGET_TEST_DEEP=1) draws new random examples, ten times as many.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any
from uuid import UUID

import msgspec
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from budget.application.commands import (
    AddFundedLine,
    AmendContract,
    BidsEvaluated,
    CancelProject,
    CarryOver,
    CloseYear,
    Command,
    CorrectPayment,
    CorrectRevenue,
    CouncilApprovalIn,
    GuaranteeIn,
    InspectInstallment,
    InstallmentIn,
    PayAdvance,
    PaymentTermsIn,
    PlanProject,
    PlanPublished,
    RecordPayment,
    RecordProcurementStep,
    RecordRevenue,
    ReleaseRetention,
    ReportApproved,
    SignContract,
    TermsSet,
    TransferFunds,
    WinnerAnnounced,
)
from budget.application.results import Recorded
from budget.config import Settings
from budget.domain.access import Actor
from budget.domain.budget_lines import CarryOverKind
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.errors import DomainError
from budget.domain.funding import (
    FundingKind,
    UnusedGoesTo,
    UnusedGrant,
    figures_by_source,
    unused_by_destination,
)
from budget.domain.money import ZERO
from budget.domain.procurement import Method
from budget.domain.project import Project
from budget.domain.revenue import RevenueCategory
from budget.projections.budget_lines import BudgetLines
from budget.projections.engine import views_engine
from budget.projections.follow import rebuild
from budget.projections.line_funding import LineFunding
from budget.projections.queries import budget_lines, funding_split, lao_revenue
from budget.projections.queries.budgets import year_money, year_money_of
from budget.projections.queries.figures import Sums
from budget.projections.queries.models import Filters
from budget.projections.revenue import Revenue
from budget.projections.tables import lao_progress
from tests.builders import (
    DEEP,
    EXECUTIVE,
    FINANCE,
    FY,
    LAO,
    STANDARD_LINES,
    contract,
    enacted_office,
)
from tests.funding_world import grant_line
from tests.test_projections_money import assert_lines_match_the_ledgers, balances, rows

GRANT_LINE = grant_line("GRANT")

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
PAID_ON = date(2027, 2, 2)
GRANT = "GRANT"  # a specific grant's line, added after enactment (funding_world.grant_line)
INVESTMENT_LINES = {
    code for code, _, category in STANDARD_LINES if category.group.value == "investment"
}
CARRIED_WITH_THE_COUNCIL = INVESTMENT_LINES | {GRANT}  # the grant's line is land, an investment
CARRY_LIMIT = date(2028, 9, 30)  # money carried with the council: to the end of the next year
SIGNED_LATE = date(2027, 10, 20)  # before the machine's inspections and payments after the year
CANCELLED_ON = date(2027, 12, 31)  # after every other fact of the machine
amounts = st.integers(min_value=1, max_value=3_000_000_00).map(lambda s: Decimal(s) / 100)
ADVANCE_ON = date(2026, 11, 20)  # after the machine's in-year signing, before inspections
AMENDED_ON = date(2027, 1, 10)
RELEASED_ON = date(2027, 9, 29)  # after the in-year inspections (warranty of 0 months)
CENT = Decimal("0.01")
# a contract's terms, by index: none; an advance taken back in proportion, retention and a
# fine; retention alone; an advance taken back slower than it was paid and a steep fine
TERMS: tuple[PaymentTermsIn | None, ...] = (
    None,
    PaymentTermsIn(advance_rate=Decimal(15), retention_rate=Decimal(5), fine_rate=Decimal("0.1")),
    PaymentTermsIn(retention_rate=Decimal(5)),
    PaymentTermsIn(
        advance_rate=Decimal(10), advance_recovery_rate=Decimal(3), fine_rate=Decimal("0.2")
    ),
)


def percent(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class ProjectModel:
    """What the rules need to know of one project, kept apart from the aggregates."""

    line: str
    reserved: Decimal  # its budget; the contract amount once signed; what it paid if cancelled
    procured: bool = False  # the five steps before the contract done
    installments: list[Decimal] = field(default_factory=list)  # empty: no contract yet
    inspected: dict[int, date] = field(default_factory=dict)  # installment: inspected on
    paid: dict[int, Decimal] = field(default_factory=dict)
    payments: list[tuple[int, Decimal]] = field(default_factory=list)  # in the order recorded
    carried: Decimal | None = None
    council: bool = False  # carried with the council's approval: may sign after the year
    signed_on: date | None = None
    cancelled: bool = False
    planned: Decimal = ZERO  # the most it held on the line: its savings are measured from it
    terms: PaymentTermsIn | None = None
    due: list[date] = field(default_factory=list)  # each installment's due date
    advance: Decimal = ZERO  # paid ahead
    withheld: dict[int, tuple[Decimal, Decimal, Decimal]] = field(default_factory=dict)
    released: Decimal = ZERO  # retention returned

    @property
    def total_paid(self) -> Decimal:
        """Cash: the installments' payments, the advance, the retention returned."""
        return sum(self.paid.values(), ZERO) + self.advance + self.released

    @property
    def fines(self) -> Decimal:
        return sum((w[2] for w in self.withheld.values()), ZERO)

    @property
    def retention_held(self) -> Decimal:
        return sum((w[1] for w in self.withheld.values()), ZERO) - self.released

    @property
    def outstanding(self) -> Decimal:
        """The advance not yet taken back."""
        return self.advance - sum((w[0] for w in self.withheld.values()), ZERO)

    def rate(self, name: str) -> Decimal:
        return getattr(self.terms, name) if self.terms is not None else ZERO

    def capacity(self, amount: Decimal) -> Decimal:
        """What an installment can give back of the advance: its amount less retention."""
        return amount - percent(amount, self.rate("retention_rate"))

    def payable(self, installment: int) -> Decimal:
        return self.installments[installment - 1] - sum(self.withheld.get(installment, ()), ZERO)

    def fits(self, installment: int, change: Decimal) -> bool:
        """All the payments on an installment never exceed what is left to pay on it."""
        return self.paid.get(installment, ZERO) + change <= self.payable(installment)

    def assess(self, installment: int, on: date) -> None:
        """What the inspection on `on` withholds (delivered that day), as the contract's
        standard form says: retention; of the advance, the rate of the amount, more where
        the installments left could not take the rest back; the fine of the days late."""
        amount = self.installments[installment - 1]
        retention = percent(amount, self.rate("retention_rate"))
        others = sum(
            (
                self.capacity(a)
                for n, a in enumerate(self.installments, start=1)
                if n not in self.inspected
            ),
            ZERO,
        )
        recovery = self.rate("advance_recovery_rate")
        if self.terms is not None and self.terms.advance_recovery_rate is None:
            recovery = self.rate("advance_rate")
        wanted = max(percent(amount, recovery), self.outstanding - others)
        advance = min(wanted, self.outstanding, amount - retention)
        late = max(0, (on - self.due[installment - 1]).days)
        fine = min(percent(amount, self.rate("fine_rate")) * late, amount - retention - advance)
        if advance or retention or fine:
            self.withheld[installment] = (advance, retention, fine)

    def record_paid(self, installment: int, change: Decimal, *, after_year_end: bool) -> None:
        """A payment on an installment (0: the advance or the retention returned, already
        added to them)."""
        if installment:
            self.paid[installment] = self.paid.get(installment, ZERO) + change
        if self.carried is None:
            return
        if after_year_end:
            self.carried -= change
        else:  # carried money is never more than what is unpaid
            self.carried = max(ZERO, min(self.carried, self.reserved - self.total_paid))


@dataclass
class Rules:
    """The money rules of DOMAIN.md, written again as plainly as possible: the prediction."""

    allocated: dict[str, Decimal]
    projects: dict[UUID, ProjectModel] = field(default_factory=dict)
    year_closed: bool = False
    grant_unused: UnusedGrant | None = None  # the grant's rule, once its line is added
    receipts: dict[int, tuple[RevenueCategory, Decimal]] = field(default_factory=dict)

    def free(self, line: str) -> Decimal:
        held = (p.reserved for p in self.projects.values() if p.line == line)
        return self.allocated[line] - sum(held, ZERO)

    def open(self, project: UUID) -> ProjectModel | None:
        found = self.projects[project]
        return None if found.cancelled else found


class MoneyMachine(RuleBasedStateMachine):
    projects = Bundle("projects")

    def __init__(self) -> None:
        super().__init__()
        self.office = enacted_office()
        self.count = 0
        self.rules = Rules({code: Decimal(amount) for code, amount, _ in STANDARD_LINES})

    def attempt(self, legal: bool, command: Command, actor: Actor = FINANCE) -> Recorded | None:
        """Run a command; the office must accept it exactly when the rules say it is legal."""
        step = command.step if isinstance(command, RecordProcurementStep) else command
        name = type(step).__name__
        refusal: DomainError | None = None
        recorded: Recorded | None = None
        try:
            recorded = self.office.execute(command, actor=actor)
        except DomainError as error:
            refusal = error
        event(f"{name} refused: {refusal.code}" if refusal else f"{name} recorded")
        assert (refusal is None) == legal, (
            f"{name} is legal but was refused: {refusal}"
            if legal
            else f"{name} was recorded though the rules refuse it"
        )
        return recorded

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
        legal = not self.rules.year_closed and amount <= self.rules.free(line_code)
        planned = self.attempt(
            legal,
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
        )
        if planned is None:
            return None
        self.rules.projects[planned.id] = ProjectModel(
            line=line_code, reserved=amount, planned=amount
        )
        if contract_share:
            share = max((amount * contract_share / 100).quantize(Decimal("0.01")), Decimal(1))
            self.sign(planned.id, share, installments, installments)
            # often its advance (refused where the terms have none) and an amendment
            self.pay_advance(planned.id, contract_share, 100 + contract_share % 3 - 1)
            kinds = list(AmendmentKind)
            self.amend(planned.id, kinds[budget_share % len(kinds)], contract_share + 40)
        return planned.id

    @rule(
        project=projects,
        amount=amounts,
        installments=st.integers(1, 3),
        terms=st.integers(0, len(TERMS) - 1),
    )
    def sign(self, project: UUID | None, amount: Decimal, installments: int, terms: int) -> None:
        if project is None or self.office.project(project).contract is not None:
            return
        model = self.rules.projects[project]
        steps_legal = not model.cancelled and not model.procured  # each step once, in order
        for step in (
            PlanPublished(business_date=DAY),
            TermsSet(reference_price=amount, business_date=DAY),  # cl. 21, then cl. 22
            ReportApproved(estimate=amount, business_date=DAY),
            BidsEvaluated(bids_received=1, business_date=DAY),
            WinnerAnnounced(winner="ร้านค้า", offered_amount=amount, business_date=DAY),
        ):
            self.attempt(steps_legal, RecordProcurementStep(project_id=project, step=step))
        model.procured = model.procured or steps_legal
        signing = msgspec.structs.replace(contract(str(amount), installments), terms=TERMS[terms])
        whole = all(i.amount > 0 for i in signing.installments)  # no installment of 0.00 baht
        legal = (
            whole
            and not model.cancelled
            and model.procured
            and not self.rules.year_closed
            and amount <= self.rules.free(model.line) + model.reserved
        )
        if self.attempt(legal, SignContract.of(signing, project_id=project, business_date=DAY)):
            model.reserved = amount
            if model.carried is not None:  # carried with the council, then signed in the year
                model.carried = max(ZERO, min(model.carried, amount - model.total_paid))
            self._signed(model, signing, DAY)

    @staticmethod
    def _signed(model: ProjectModel, signing: Any, on: date) -> None:
        model.installments = [i.amount for i in signing.installments]
        model.due = [i.due_on for i in signing.installments]
        model.terms = signing.terms
        model.signed_on = on

    @rule(project=projects, pick=st.integers(1, 3))
    def inspect(self, project: UUID | None, pick: int) -> None:
        if project is not None:
            self._inspect(project, self._existing(project, pick), date(2027, 2, 1))

    def _inspect(self, project: UUID, installment: int, on: date) -> None:
        model = self.rules.open(project)
        legal = (
            model is not None
            and 1 <= installment <= len(model.installments)
            and installment not in model.inspected
            and on >= (model.signed_on or on)  # not before the contract
        )
        command = InspectInstallment(project_id=project, installment=installment, business_date=on)
        if self.attempt(legal, command):
            assert model is not None
            model.inspected[installment] = on
            model.assess(installment, on)

    def _share_of_installment(self, project: UUID, installment: int, share: int) -> Decimal:
        """Mostly amounts near what is left to pay, so payments land as often as they are
        refused."""
        found = self.office.project(project)
        base = Decimal(1000)
        if found.contract is not None and found.contract.installment(installment) is not None:
            base = found.payable(installment)
        return max((base * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))

    def _existing(self, project: UUID, pick: int) -> int:
        found = self.office.project(project).contract
        return (pick - 1) % len(found.installments) + 1 if found else pick

    @rule(project=projects, pick=st.integers(1, 3), share=st.integers(1, 130))
    def pay(self, project: UUID | None, pick: int, share: int) -> None:
        if project is None:
            return
        self.count += 1
        installment = self._existing(project, pick)
        if installment not in self.office.project(project).inspected:
            self.inspect(project, installment)
        amount = self._share_of_installment(project, installment, share)
        model = self.rules.open(project)
        legal = (
            model is not None
            and model.inspected.get(installment, PAID_ON) <= PAID_ON  # inspected by then
            and installment in model.inspected
            and model.fits(installment, amount)
            and not self.rules.year_closed  # nothing dated inside a closed year
        )
        payment = RecordPayment(
            project_id=project,
            installment=installment,
            amount=amount,
            voucher=f"V{self.count}",
            business_date=PAID_ON,
        )
        if self.attempt(legal, payment):
            assert model is not None
            model.payments.append((installment, amount))
            model.record_paid(installment, amount, after_year_end=False)
            self.release_retention(project)  # refused until every installment is inspected

    @rule(project=projects, share=st.integers(0, 130))
    def correct_last_payment(self, project: UUID | None, share: int) -> None:
        if project is None or not self.office.project(project).payments:
            return
        version = max(self.office.project(project).payments)
        installment = self.office.project(project).payments[version].installment
        amount = self._share_of_installment(project, installment, share) if share else ZERO
        model = self.rules.projects[project]
        assert model.payments[-1][0] == installment  # the last one recorded
        old = model.payments[-1][1]
        legal = (
            not model.cancelled
            and amount != old
            and model.fits(installment, amount - old)
            and not self.rules.year_closed
        )
        correction = CorrectPayment(
            project_id=project,
            corrects_version=version,
            amount=amount,
            reason="แก้ไขตามเอกสาร",
            business_date=date(2027, 2, 3),
        )
        if self.attempt(legal, correction):
            model.payments[-1] = (installment, amount)
            model.record_paid(installment, amount - old, after_year_end=False)

    @rule(project=projects, share=st.integers(1, 110), guarantee=st.integers(95, 105))
    def pay_advance(self, project: UUID | None, share: int, guarantee: int) -> None:
        """The advance: at most the contract's rate of its price, against a guarantee of as
        much, before any inspection (cl. 141-143)."""
        if project is None:
            return
        self.count += 1
        model = self.rules.projects[project]
        price = sum(model.installments, ZERO)
        limit = (price * model.rate("advance_rate") / 100).quantize(CENT, rounding=ROUND_DOWN)
        amount = max((limit * share / 100).quantize(CENT), CENT)
        backing = max((amount * guarantee / 100).quantize(CENT), CENT)
        legal = (
            not model.cancelled
            and bool(model.installments)
            and model.signed_on is not None
            and model.signed_on <= ADVANCE_ON
            and not model.advance
            and not model.inspected
            and amount <= limit
            and backing >= amount
            and not self.rules.year_closed
        )
        paying = PayAdvance(
            project_id=project,
            amount=amount,
            voucher=f"V{self.count}",
            guarantee=GuaranteeIn(issuer="ธนาคาร", reference="LG", amount=backing),
            business_date=ADVANCE_ON,
        )
        if self.attempt(legal, paying):
            model.advance = amount
            model.record_paid(0, amount, after_year_end=False)

    @rule(
        project=projects,
        kind=st.sampled_from(AmendmentKind),
        share=st.integers(1, 200),
    )
    def amend(self, project: UUID | None, kind: AmendmentKind, share: int) -> None:
        """Only installments not yet inspected change: their due dates 30 days later, their
        amounts scaled by `share` percent, or part of one moved to the next."""
        if project is None or self.office.project(project).contract is None:
            return
        model = self.rules.projects[project]
        open_parts = [n for n in range(1, len(model.installments) + 1) if n not in model.inspected]
        amounts, dues = list(model.installments), list(model.due)
        if kind is AmendmentKind.TIME_EXTENDED:
            for n in open_parts:
                dues[n - 1] = date.fromordinal(dues[n - 1].toordinal() + 30)
        elif kind is AmendmentKind.AMOUNT_CHANGED:
            for n in open_parts:
                amounts[n - 1] = max((amounts[n - 1] * share / 100).quantize(CENT), CENT)
        elif len(open_parts) >= 2:
            first, second = open_parts[0] - 1, open_parts[1] - 1
            moved = min((amounts[first] * share / 200).quantize(CENT), amounts[first] - CENT)
            amounts[first] -= moved
            amounts[second] += moved
        old, new = sum(model.installments, ZERO), sum(amounts, ZERO)
        left = sum((model.capacity(amounts[n - 1]) for n in open_parts), ZERO)
        changed = {
            AmendmentKind.TIME_EXTENDED: bool(open_parts),
            AmendmentKind.AMOUNT_CHANGED: new != old,
            AmendmentKind.INSTALLMENTS_CHANGED: new == old and amounts != model.installments,
        }[kind]
        money_moves = new != old
        legal = (
            not model.cancelled
            and model.signed_on is not None
            and model.signed_on <= AMENDED_ON
            and changed
            and model.outstanding <= left
            and (
                not money_moves
                or (
                    not self.rules.year_closed
                    and new - old <= self.rules.free(model.line)
                    and new >= model.total_paid
                )
            )
        )
        amending = AmendContract(
            project_id=project,
            kind=kind,
            installments=[
                InstallmentIn(number=n, amount=a, due_on=d)
                for n, (a, d) in enumerate(zip(amounts, dues, strict=True), start=1)
            ],
            approved_by="นายก",
            reason="เหตุตามข้อ 165",
            business_date=AMENDED_ON,
        )
        if self.attempt(legal, amending):
            event(f"contract {kind.value}")
            model.installments, model.due = amounts, dues
            if money_moves:  # the line holds the new amount (more than it ever held: no saving)
                model.reserved = new
                model.planned = max(model.planned, new)
                if model.carried is not None:
                    model.carried = max(ZERO, min(model.carried, new - model.total_paid))

    @rule(project=projects)
    def release_retention(self, project: UUID | None) -> None:
        """All the retention held, once every installment is inspected and the warranty
        (none in these contracts) has run from the last inspection."""
        if project is None:
            return
        self.count += 1
        model = self.rules.projects[project]
        legal = (
            not model.cancelled
            and bool(model.installments)
            and len(model.inspected) == len(model.installments)
            and model.retention_held > 0
            and max(model.inspected.values()) < RELEASED_ON
            and not model.released
            and not self.rules.year_closed
        )
        releasing = ReleaseRetention(
            project_id=project, voucher=f"V{self.count}", business_date=RELEASED_ON
        )
        if self.attempt(legal, releasing):
            event("retention returned")
            held = model.retention_held
            model.released = held
            model.record_paid(0, held, after_year_end=False)

    @rule(project=projects, share=st.integers(1, 120))
    def carry_over(self, project: UUID | None, share: int) -> None:
        if project is None:
            return
        unpaid = self.office.project(project).unpaid
        amount = max((unpaid * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))
        model = self.rules.projects[project]
        legal = (
            not model.cancelled
            and not self.rules.year_closed
            and model.carried is None
            and bool(model.installments)  # committed by a contract
            and amount <= model.reserved - model.total_paid - model.fines  # a fine is never owed
        )
        carry = CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=amount,
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 20),
        )
        if self.attempt(legal, carry):
            model.carried = amount

    @rule(
        target=projects,
        line_code=st.sampled_from(sorted(INVESTMENT_LINES)),
        budget_share=st.integers(1, 60),
        carried_share=st.integers(1, 120),
        contract_share=st.integers(1, 130),
        installments=st.integers(1, 3),
    )
    def plan_carry_and_sign_after_the_year(
        self,
        line_code: str,
        budget_share: int,
        carried_share: int,
        contract_share: int,
        installments: int,
    ) -> UUID | None:
        """A project with no contract by 30 September, carried with the council and signed in
        the next year's October (the path a real year takes, made likely here)."""
        planned = self.plan(line_code, budget_share, 0, installments)
        if planned is not None:
            self.carry_uncommitted(planned, carried_share)
            self.sign_after_the_year(planned, contract_share, installments)
        return planned

    @rule(project=projects, share=st.integers(1, 120))
    def carry_uncommitted(self, project: UUID | None, share: int) -> None:
        """กันเงินกรณียังไม่ได้ก่อหนี้ผูกพัน: with the council, investment items only."""
        if project is None:
            return
        unpaid = self.office.project(project).unpaid
        amount = max((unpaid * share / 100).quantize(Decimal("0.01")), Decimal("0.01"))
        model = self.rules.projects[project]
        legal = (
            not model.cancelled
            and not self.rules.year_closed
            and model.carried is None
            and model.line in CARRIED_WITH_THE_COUNCIL
            and amount <= model.reserved - model.total_paid - model.fines  # never a fine
        )
        carry = CarryOver(
            project_id=project,
            kind=CarryOverKind.COUNCIL_APPROVED,
            amount=amount,
            deadline=CARRY_LIMIT,
            council_approval=CouncilApprovalIn(resolution="มติสภา", approved_on=date(2027, 9, 1)),
            business_date=date(2027, 9, 20),
        )
        if self.attempt(legal, carry):
            event("money not yet committed carried with the council")
            model.carried = amount
            model.council = True

    @rule(project=projects, share=st.integers(1, 130), installments=st.integers(1, 3))
    def sign_after_the_year(self, project: UUID | None, share: int, installments: int) -> None:
        """A contract in October of the next year, only on money carried with the council."""
        if project is None or self.office.project(project).contract is not None:
            return
        model = self.rules.projects[project]
        for step in (
            PlanPublished(business_date=DAY),
            TermsSet(reference_price=model.reserved, business_date=DAY),  # cl. 21, then cl. 22
            ReportApproved(estimate=model.reserved, business_date=DAY),
            BidsEvaluated(bids_received=1, business_date=DAY),
            WinnerAnnounced(winner="ร้านค้า", offered_amount=model.reserved, business_date=DAY),
        ):
            steps_legal = not model.cancelled and not model.procured
            self.attempt(steps_legal, RecordProcurementStep(project_id=project, step=step))
            model.procured = model.procured or (steps_legal and isinstance(step, WinnerAnnounced))
        base = model.carried if model.carried else model.reserved
        amount = max((base * share / 100).quantize(Decimal("0.01")), Decimal(1))
        terms = msgspec.structs.replace(
            contract(str(amount), installments), terms=TERMS[installments]
        )
        legal = (
            all(i.amount > 0 for i in terms.installments)
            and not model.cancelled
            and model.procured
            and model.council
            and model.carried is not None
            and amount <= model.carried
        )
        signing = SignContract.of(terms, project_id=project, business_date=SIGNED_LATE)
        if self.attempt(legal, signing):
            event("a contract signed after the year on carried money")
            assert model.carried is not None
            model.reserved = amount
            model.carried = amount
            self._signed(model, terms, SIGNED_LATE)

    @rule(dice=st.integers(0, 9))
    def close_year(self, dice: int) -> None:
        closing = CloseYear(lao_code=LAO, fiscal_year=FY, business_date=date(2027, 10, 1))
        if dice == 0 and self.attempt(not self.rules.year_closed, closing):
            self.rules.year_closed = True

    @rule(project=projects, pick=st.integers(1, 3), share=st.integers(1, 130))
    def pay_after_the_year(self, project: UUID | None, pick: int, share: int) -> None:
        if project is None:
            return
        self.count += 1
        installment = self._existing(project, pick)
        if installment not in self.office.project(project).inspected:
            self._inspect(project, installment, date(2027, 11, 1))
        ledger = self.office.budget(LAO, FY).ledger(self.office.project(project).line_code)
        carried = ledger.carried.get(str(project), ZERO)
        amount = (carried * share / 100).quantize(Decimal("0.01"))  # around what is carried
        if amount <= 0:
            amount = self._share_of_installment(project, installment, share)
        model = self.rules.open(project)
        legal = (
            model is not None
            and model.carried is not None  # paid in the carry-over period only
            and installment in model.inspected
            and model.fits(installment, amount)
            and amount <= model.carried  # and only out of what was carried
        )
        payment = RecordPayment(
            project_id=project,
            installment=installment,
            amount=amount,
            voucher=f"V{self.count}",
            business_date=date(2027, 11, 15),
        )
        if self.attempt(legal, payment):
            assert model is not None
            model.payments.append((installment, amount))
            model.record_paid(installment, amount, after_year_end=True)

    @rule(project=projects, dice=st.integers(0, 5))
    def cancel(self, project: UUID | None, dice: int) -> None:
        if project is None or dice != 0:
            return
        model = self.rules.projects[project]
        cancelling = CancelProject(project_id=project, reason="ยกเลิก", business_date=CANCELLED_ON)
        if self.attempt(not model.cancelled, cancelling):
            model.cancelled = True
            model.reserved = model.total_paid  # it keeps only what it paid
            if model.carried is not None:
                model.carried = ZERO

    @rule(source=st.sampled_from(LINES), destination=st.sampled_from(LINES), amount=amounts)
    def transfer(self, source: str, destination: str, amount: Decimal) -> None:
        legal = (
            not self.rules.year_closed
            and source != destination
            and amount <= self.rules.free(source)
        )
        moving = TransferFunds(
            lao_code=LAO,
            fiscal_year=FY,
            from_line=source,
            to_line=destination,
            amount=amount,
            business_date=DAY,
        )
        if self.attempt(legal, moving, EXECUTIVE):
            self.rules.allocated[source] -= amount
            self.rules.allocated[destination] += amount

    # -- money outside the ordinance, and revenue (issue 14, items 5 and 6) ---------

    @rule(amount=amounts, keep=st.booleans())
    def receive_grant(self, amount: Decimal, keep: bool) -> None:
        """A specific grant's line, once, after enactment, inside the year."""
        unused = UnusedGrant.CARRY if keep else UnusedGrant.RETURN
        legal = not self.rules.year_closed and self.rules.grant_unused is None
        fields = {name: getattr(GRANT_LINE, name) for name in GRANT_LINE.__struct_fields__}
        fields |= {"amount": amount, "grant_unused": unused}
        added = AddFundedLine(
            **fields, reference="มท 0808.2/ว 1", lao_code=LAO, fiscal_year=FY, business_date=DAY
        )
        if self.attempt(legal, added):
            self.rules.allocated[GRANT] = amount
            self.rules.grant_unused = unused

    @rule(
        target=projects,
        budget_share=st.integers(1, 110),
        contract_share=st.integers(0, 130),
        installments=st.integers(1, 3),
    )
    def plan_on_the_grant(
        self, budget_share: int, contract_share: int, installments: int
    ) -> UUID | None:
        if self.rules.grant_unused is None:
            return None
        return self.plan(GRANT, budget_share, contract_share, installments)

    @rule(line=st.sampled_from(LINES), outward=st.booleans(), amount=amounts)
    def transfer_grant_money(self, line: str, outward: bool, amount: Decimal) -> None:
        """A grant's money is spent on what it was given for: never transferred."""
        source, destination = (GRANT, line) if outward else (line, GRANT)
        moving = TransferFunds(
            lao_code=LAO, fiscal_year=FY, from_line=source, to_line=destination,
            amount=amount, business_date=DAY,
        )  # fmt: skip
        self.attempt(False, moving, EXECUTIVE)

    @rule(category=st.sampled_from(list(RevenueCategory)), amount=amounts, day=st.integers(0, 400))
    def receive_revenue(self, category: RevenueCategory, amount: Decimal, day: int) -> None:
        """Revenue received on a day from 1 October (inside the year until 30 September)."""
        self.count += 1
        on = date(2026, 10, 1) + timedelta(days=day)
        legal = not self.rules.year_closed and on <= date(2027, 9, 30)
        receipt = RecordRevenue(
            lao_code=LAO, fiscal_year=FY, category=category, amount=amount,
            reference=f"R{self.count}", business_date=on,
        )  # fmt: skip
        recorded = self.attempt(legal, receipt)
        if recorded is not None:
            self.rules.receipts[recorded.version] = (category, amount)

    @rule(share=st.integers(0, 130))
    def correct_last_receipt(self, share: int) -> None:
        if not self.rules.receipts:
            return
        version = max(self.rules.receipts)
        category, old = self.rules.receipts[version]
        amount = (old * share / 100).quantize(Decimal("0.01"))
        legal = not self.rules.year_closed and amount != old
        correction = CorrectRevenue(
            lao_code=LAO, fiscal_year=FY, corrects_version=version, amount=amount,
            reason="แก้ไขตามใบนำส่ง", business_date=date(2027, 9, 30),
        )  # fmt: skip
        if self.attempt(legal, correction):
            self.rules.receipts[version] = (category, amount)

    def teardown(self) -> None:
        """The views, followed from the first event in batches that end anywhere (their
        size varies with the run), hold what the aggregate holds."""
        views = [BudgetLines(), LineFunding(), Revenue()]
        rebuild(self.office, VIEWS(), views, batch_size=1 + self.count % 23)
        self._check_the_views()
        self._check_the_funding_and_revenue_views()

    def _check_the_funding_and_revenue_views(self) -> None:
        budget = self.office.budget(LAO, FY)
        year = Sums()  # the year's totals, every quarter, as the dashboard reads them
        for r in rows(VIEWS(), lao_progress):
            year.add(r["allocated"], r["obligated"], r["disbursed"])
        with VIEWS().connect() as connection:
            money = connection.execute(year_money(()), {"lao_code": LAO, "fiscal_year": FY})
            lapsed = year_money_of([tuple(money.one())])[2]  # as the LAO dashboard reads it
            split = funding_split(connection, Filters(fiscal_year=FY), year, lao_code=LAO,
                                  lapsed=lapsed)  # fmt: skip
            revenue = lao_revenue(connection, LAO, FY)
        by_source = figures_by_source(budget.ledgers.values())
        assert {r.kind: (r.allocated, r.obligated, r.disbursed, r.lapsed) for r in split} == {
            kind.value: tuple(figures) for kind, figures in by_source.items()
        }
        assert revenue is not None
        received = budget.revenue.received()
        assert {RevenueCategory(r.category): r.received for r in revenue.by_category} == {
            c: received.get(c, ZERO) for c in RevenueCategory
        }
        assert sum((m.received for m in revenue.by_month), ZERO) == revenue.received

    def _check_the_views(self) -> None:
        budget = self.office.budget(LAO, FY)
        assert_lines_match_the_ledgers(VIEWS(), budget)
        saved = dict.fromkeys(budget.ledgers, ZERO)  # the most a project held - its contract
        for project in self._projects():
            if project.contract is not None:
                planned = self.rules.projects[project.id].planned
                saved[project.line_code] += planned - project.contract.amount
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
    def the_ledger_holds_what_the_rules_predict(self) -> None:
        budget = self.office.budget(LAO, FY)
        for code, ledger in budget.ledgers.items():
            assert ledger.available == self.rules.free(code), code
        for project_id, model in self.rules.projects.items():
            ledger = budget.ledger(model.line)
            pid = str(project_id)
            assert ledger.paid.get(pid, ZERO) == model.total_paid
            assert ledger.reserved[pid] == model.reserved
            assert ledger.carried.get(pid) == model.carried
            project = self.office.project(project_id)
            withheld = {n: (d.advance, d.retention, d.fine) for n, d in project.deductions.items()}
            assert withheld == model.withheld
            assert (project.advance_outstanding, project.retention_held) == (
                model.outstanding,
                model.retention_held,
            )

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
    def each_installment_is_its_cash_and_what_its_inspection_withheld(self) -> None:
        """cash paid on it + advance taken back + retention + fine <= its amount, equal once
        it is paid in full; cash paid (advance and retention returned included) + retention
        held + fines = the installments' cash and withholdings + the advance not yet taken
        back <= the contract amount, the advance left fitting in what the installments not
        yet inspected can give back."""
        for project in self._projects():
            contract = project.contract
            if contract is None:
                continue
            settled = ZERO
            for part in contract.installments:
                withheld = project.deductions.get(part.number)
                taken = project.paid_on(part.number) + (withheld.total if withheld else ZERO)
                assert taken <= part.amount
                if part.number in project.inspected and project.paid_on(
                    part.number
                ) == project.payable(part.number):
                    assert taken == part.amount
                settled += taken
            whole = project.paid + project.retention_held + project.fines
            assert whole == settled + project.advance_outstanding
            assert whole <= contract.amount
            model = self.rules.projects[project.id]
            left = [p.amount for p in contract.installments if p.number not in project.inspected]
            assert project.advance_outstanding <= sum((model.capacity(a) for a in left), ZERO)

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
    def lapsed_money_is_what_was_neither_paid_nor_carried(self) -> None:
        """Once the year is closed, every baht of a line was paid, is carried, or lapsed to
        the accumulated funds."""
        if not self.rules.year_closed:
            return
        for ledger in self.office.budget(LAO, FY).ledgers.values():
            carried = sum(ledger.carried.values(), ZERO)
            assert ledger.lapsed + ledger.disbursed + carried == ledger.allocated
            assert ledger.lapsed >= ZERO

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

    @invariant()
    def every_baht_has_its_source_and_a_grants_unused_money_its_rule(self) -> None:
        """The sources add up to the budget; the grant's money is what was granted; once the
        year is closed, what lapsed goes to the accumulated funds but a grant's, which goes
        back to its grantor or stays for its purpose as its letter says."""
        ledgers = self.office.budget(LAO, FY).ledgers.values()
        by_source = figures_by_source(ledgers)
        assert sum((f.allocated for f in by_source.values()), ZERO) == sum(
            (ledger.allocated for ledger in ledgers), ZERO
        )
        grant = by_source.get(FundingKind.SPECIFIC_GRANT)
        if self.rules.grant_unused is None:
            assert grant is None
            return
        assert grant is not None
        assert grant.allocated == self.rules.allocated[GRANT]
        assert grant.disbursed <= grant.allocated
        unused = unused_by_destination(ledgers)
        assert sum(unused.values(), ZERO) == sum((ledger.lapsed for ledger in ledgers), ZERO)
        where = (
            UnusedGoesTo.CARRIED
            if self.rules.grant_unused is UnusedGrant.CARRY
            else UnusedGoesTo.GRANTOR
        )
        assert unused.get(where, ZERO) == grant.lapsed

    @invariant()
    def revenue_received_is_what_the_receipts_say(self) -> None:
        expected: dict[RevenueCategory, Decimal] = {}
        for category, amount in self.rules.receipts.values():
            expected[category] = expected.get(category, ZERO) + amount
        received = self.office.budget(LAO, FY).revenue.received()
        assert {c: a for c, a in received.items() if a} == {c: a for c, a in expected.items() if a}

    def _projects(self) -> list[Project]:
        notifications = self.office.recorder.select_notifications(start=1, limit=100_000)
        return [
            self.office.project(UUID(str(n.originator_id)))
            for n in notifications
            if n.topic.endswith("Project.Planned")
        ]


MoneyMachine.TestCase.settings = settings(
    max_examples=1000 if DEEP else 100,
    stateful_step_count=40,
    deadline=None,
    derandomize=not DEEP,
    database=None if not DEEP else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow],
)
TestMoneyInvariants = MoneyMachine.TestCase
