"""Random sequences of spending before and after a late ordinance never spend more under
last year's ordinance than its matching line, nor more than the new line holds; the
enactment counts exactly what was spent before it; the views hold what the aggregate holds
(hypothesis state machine, the same way as test_money_invariants.py: the machine predicts
which commands are legal and the office must accept exactly those)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from budget.application.commands import (
    Command,
    CorrectExpenditure,
    DraftBudget,
    EnactBudget,
    RecordExpenditure,
    RegisterAuthority,
)
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.before_enactment import SPENDABLE_BEFORE_ENACTMENT
from budget.domain.classification import Category, Programme
from budget.domain.errors import DomainError
from budget.domain.money import ZERO
from budget.projections.budget_lines import BudgetLines
from budget.projections.follow import rebuild
from budget.projections.queries import budget_lines
from tests.builders import DEEP, FINANCE, FY, LAO, line, memory_office, record
from tests.test_money_invariants import VIEWS
from tests.test_projections_money import assert_lines_match_the_ledgers

ADMIN_PROGRAMME = Programme.GENERAL_ADMINISTRATION
# code: (last year's allocation, this year's draft, category); MAT is not recurring, NEW
# is a line last year did not have
LINES = {
    "SAL": ("300000.00", "320000.00", Category.SALARIES),
    "POWER": ("50000.00", "40000.00", Category.UTILITIES),
    "MAT": ("80000.00", "80000.00", Category.MATERIALS),
    "NEW": (None, "30000.00", Category.REMUNERATION),
}
FIRST_DAY = date(2026, 10, 1)
amounts = st.integers(min_value=1, max_value=120_000_00).map(lambda s: Decimal(s) / 100)


@dataclass
class Model:
    spent: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(LINES, ZERO))
    before: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(LINES, ZERO))
    uncounted: dict[str, Decimal] = field(default_factory=dict)
    enacted_on: date | None = None
    last_before: date | None = None
    vouchers: dict[int, tuple[str, Decimal]] = field(default_factory=dict)  # by version


class BeforeEnactmentMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.office = memory_office()
        self.count = 0
        self.model = Model()
        self.office.execute(
            RegisterAuthority(authority=record(), business_date=date(2025, 8, 1)),
            actor=SYSTEM_ACTOR,
        )
        for fiscal_year, index in ((FY - 1, 0), (FY, 1)):
            lines = [
                line(code, amount, category, ADMIN_PROGRAMME)
                for code, (*amounts_, category) in LINES.items()
                if (amount := amounts_[index]) is not None
            ]
            self.office.execute(
                DraftBudget(
                    lao_code=LAO,
                    fiscal_year=fiscal_year,
                    lines=lines,
                    business_date=date(fiscal_year - 544, 8, 10),
                ),
                actor=SYSTEM_ACTOR,
            )
        self.office.execute(
            EnactBudget(
                lao_code=LAO,
                fiscal_year=FY - 1,
                ordinance_date=date(2025, 9, 20),
                approved_by="นายอำเภอ",
            ),
            actor=SYSTEM_ACTOR,
        )

    def attempt(self, legal: bool, command: Command) -> int | None:
        refusal: DomainError | None = None
        version = None
        try:
            version = self.office.execute(command, actor=FINANCE).version
        except DomainError as error:
            refusal = error
        name = type(command).__name__
        event(f"{name} refused: {refusal.code}" if refusal else f"{name} recorded")
        assert (refusal is None) == legal, f"{name}: legal={legal}, refusal={refusal}"
        return version

    def _allocated(self, code: str) -> Decimal:
        return Decimal(LINES[code][1])

    @rule(code=st.sampled_from(sorted(LINES)), amount=amounts, days=st.integers(0, 80))
    def spend(self, code: str, amount: Decimal, days: int) -> None:
        day = FIRST_DAY + timedelta(days=days)
        m = self.model
        before = m.enacted_on is None or day < m.enacted_on
        last_year = LINES[code][0]
        fits_new_line = m.spent[code] + amount <= self._allocated(code)
        legal = fits_new_line and (
            not before
            or (
                LINES[code][2] in SPENDABLE_BEFORE_ENACTMENT
                and last_year is not None
                and m.before[code] + amount <= Decimal(last_year)
            )
        )
        self.count += 1
        spending = RecordExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            line_code=code,
            amount=amount,
            voucher=f"V{self.count}",
            business_date=day,
        )
        version = self.attempt(legal, spending)
        if version is None:
            return
        m.spent[code] += amount
        m.vouchers[version] = (code, amount)
        if before:
            m.before[code] += amount
            if m.enacted_on is None:
                m.uncounted[code] = m.uncounted.get(code, ZERO) + amount
                m.last_before = max(day, m.last_before or day)

    @rule(days=st.integers(0, 80))
    def enact(self, days: int) -> None:
        day = FIRST_DAY + timedelta(days=days)
        m = self.model
        legal = m.enacted_on is None and (m.last_before is None or day > m.last_before)
        enactment = EnactBudget(
            lao_code=LAO, fiscal_year=FY, ordinance_date=day, approved_by="นายอำเภอ"
        )
        if self.attempt(legal, enactment) is not None:
            m.enacted_on = day
            m.uncounted = {}

    @rule(pick=st.integers(0, 50), share=st.integers(0, 150))
    def correct(self, pick: int, share: int) -> None:
        m = self.model
        if not m.vouchers:
            return
        version = sorted(m.vouchers)[pick % len(m.vouchers)]
        code, old = m.vouchers[version]
        new = (old * share / 100).quantize(Decimal("0.01"))
        legal = (
            m.enacted_on is not None
            and new != old
            and m.spent[code] - old + new <= self._allocated(code)
        )
        correction = CorrectExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            corrects_version=version,
            amount=new,
            reason="แก้ตามเอกสาร",
            business_date=date(2027, 1, 5),
        )
        if self.attempt(legal, correction) is not None:
            m.spent[code] += new - old
            m.vouchers[version] = (code, new)

    @invariant()
    def the_ledger_holds_what_the_rules_predict(self) -> None:
        budget = self.office.budget(LAO, FY)
        for code, ledger in budget.ledgers.items():
            assert ledger.spent == self.model.spent[code]
            assert ledger.available >= ZERO
            assert ledger.obligated >= ledger.disbursed
        assert budget.before_enactment.not_yet_counted == self.model.uncounted
        for code, spent in budget.before_enactment.spent.items():
            assert spent == self.model.before[code]
            assert spent <= Decimal(LINES[code][0] or 0)

    @invariant()
    def figures_dated_to_the_end_equal_the_figures_now(self) -> None:
        if self.model.enacted_on is None:
            return  # figures as of a day are asked of an enacted budget
        everything = self.office.figures_as_of(LAO, FY, date(2099, 1, 1))
        assert everything == self.office.budget(LAO, FY).figures_by_group()

    def teardown(self) -> None:
        rebuild(self.office, VIEWS(), [BudgetLines()], batch_size=1 + self.count % 7)
        budget = self.office.budget(LAO, FY)
        assert_lines_match_the_ledgers(VIEWS(), budget)
        with VIEWS().connect() as connection:
            for found in budget_lines(connection, LAO, FY):
                assert found.spent_before_enactment == self.model.before[found.line_code]
                assert found.not_yet_counted == self.model.uncounted.get(found.line_code, ZERO)


BeforeEnactmentMachine.TestCase.settings = settings(
    max_examples=500 if DEEP else 50,
    stateful_step_count=30,
    deadline=None,
    derandomize=not DEEP,
    database=None if not DEEP else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow],
)
TestMoneyBeforeEnactment = BeforeEnactmentMachine.TestCase
