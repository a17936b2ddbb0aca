"""What an enacted budget spends: money set aside, committed, paid and released for projects,
and spending straight from a line (before the year's ordinance only recurring items under
last year's). The AnnualBudget binds each as its method; its events stay the aggregate's own
(budget/domain/budget.py), so their stored topics do not change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from budget.domain.access import Actor
from budget.domain.before_enactment import PreviousOrdinance
from budget.domain.carry_over import check_contract_on_carried
from budget.domain.checks import check_given, check_positive
from budget.domain.corrections import correction
from budget.domain.errors import DuplicateVoucher, InvalidInput


class Expenditure(NamedTuple):
    """A payment straight from a line, as recorded (and as corrected since)."""

    line_code: str
    amount: Decimal
    voucher: str


if TYPE_CHECKING:
    from budget.domain.budget import AnnualBudget


def reserve(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    amount: Decimal,
    actor: Actor,
    business_date: date,
) -> None:
    """Set a planned project's budget aside on its line (a new project: it holds nothing)."""
    budget.check_open_for_spending()
    budget.ledger(line_code).check_can_take(amount)
    budget._funds_reserved(
        project_id=project_id,
        line_code=line_code,
        amount=amount,
        actor=actor,
        business_date=business_date,
    )


def commit(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    amount: Decimal,
    actor: Actor,
    business_date: date,
) -> None:
    """A contract: it holds its amount; the rest of the project's budget is a saving.
    After 30 September, only on money carried with the council's approval
    (budget/domain/carry_over.py)."""
    ledger = budget.ledger(line_code)
    if budget.year.is_over_on(business_date):
        terms = budget.carry_terms.get(project_id)
        check_contract_on_carried(terms, ledger.carried, project_id, amount, business_date)
    else:
        budget.check_open_for_spending()
        budget._check_in_year(business_date)
        ledger.check_can_take(amount, project_id)
    budget._contract_committed(
        project_id=project_id,
        line_code=line_code,
        amount=amount,
        actor=actor,
        business_date=business_date,
    )


def amend_commitment(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    amount: Decimal,
    actor: Actor,
    business_date: date,
) -> None:
    """A contract's amount amended (MoF procurement regulation cl. 165): in the year, on
    an open budget, never more than the line has available beyond what the contract held,
    never less than what was paid."""
    budget.check_open_for_spending()
    budget._check_in_year(business_date)
    ledger = budget.ledger(line_code)
    old_amount = ledger.committed[project_id]
    if amount > old_amount:
        ledger.check_can_take(amount - old_amount)
    if amount < ledger.paid_by(project_id):
        raise InvalidInput(
            problem=f"the contract has paid {ledger.paid_by(project_id):,.2f} already",
            problem_th=f"สัญญาเบิกจ่ายไปแล้ว {ledger.paid_by(project_id):,.2f} บาท",
        )
    budget._commitment_amended(
        project_id=project_id,
        line_code=line_code,
        old_amount=old_amount,
        amount=amount,
        actor=actor,
        business_date=business_date,
    )


def disburse(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    amount: Decimal,
    actor: Actor,
    business_date: date,
) -> None:
    """A project's payment; after 30 September only from what was carried over."""
    budget._check_open_on(business_date)
    budget._check_paid_from_carried(project_id, line_code, amount, business_date)
    budget._disbursed(
        project_id=project_id,
        line_code=line_code,
        amount=amount,
        actor=actor,
        business_date=business_date,
    )


def correct_disbursement(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    old_amount: Decimal,
    new_amount: Decimal,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    budget._check_open_on(business_date)
    budget._check_paid_from_carried(project_id, line_code, new_amount - old_amount, business_date)
    budget._disbursement_corrected(
        project_id=project_id,
        line_code=line_code,
        old_amount=old_amount,
        new_amount=new_amount,
        reason=reason,
        actor=actor,
        business_date=business_date,
    )


def release(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    """A cancelled project keeps only what it paid; the rest returns to the line."""
    budget._funds_released(
        project_id=project_id,
        line_code=line_code,
        kept=budget.ledger(line_code).paid_by(project_id),
        reason=reason,
        actor=actor,
        business_date=business_date,
    )


def record_expenditure(
    budget: AnnualBudget,
    *,
    line_code: str,
    amount: Decimal,
    voucher: str,
    description: str,
    actor: Actor,
    business_date: date,
    previous: PreviousOrdinance | None = None,
) -> None:
    """A payment straight from a line (salaries, allowances, utilities, subsidies).

    Dated before this year's ordinance is enacted, it is paid under last year's
    (`previous`), on the matching line, within the limits of before_enactment.py.
    """
    if not budget.is_before_enactment(business_date):
        budget.check_open_for_spending()
    ledger = budget.ledger(line_code)
    amount = check_positive(
        amount, problem="an expenditure is a positive amount", problem_th="จำนวนเงินที่จ่ายต้องมากกว่าศูนย์"
    )
    check_given(
        voucher, problem="an expenditure needs its voucher number", problem_th="การจ่ายต้องมีเลขที่ฎีกา"
    )
    if any(entry.voucher == voucher.strip() for entry in budget.expenditures.values()):
        raise DuplicateVoucher(voucher=voucher.strip())
    budget._check_in_year(business_date)
    ledger.check_can_take(amount)
    if budget.is_before_enactment(business_date):
        ceiling = budget.before_enactment.check(ledger.line, budget.fiscal_year, previous, amount)
        budget._spent_before_enactment(
            line_code=line_code,
            amount=amount,
            voucher=voucher.strip(),
            description=description.strip(),
            under_fiscal_year=budget.fiscal_year - 1,
            ceiling=ceiling,
            actor=actor,
            business_date=business_date,
        )
        return
    budget._expenditure_recorded(
        line_code=line_code,
        amount=amount,
        voucher=voucher.strip(),
        description=description.strip(),
        actor=actor,
        business_date=business_date,
    )


def correct_expenditure(
    budget: AnnualBudget,
    *,
    corrects_version: int,
    amount: Decimal,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    """A later, reasoned event sets a recorded expenditure's amount (0 voids it)."""
    budget.check_open_for_spending()
    entry, fields = correction(
        budget.expenditures,
        corrects_version,
        amount,
        reason,
        not_one=("รายการนั้นไม่ใช่การจ่ายจากรายการงบประมาณ", "it is not an expenditure"),
    )
    # a lowered amount always fits: nothing on a line is ever less than zero available
    budget.ledger(entry.line_code).check_can_take(fields["amount"] - entry.amount)
    budget._expenditure_corrected(**fields, actor=actor, business_date=business_date)


# -- the events' appliers: bound as the aggregate's methods (budget/domain/budget.py), so
# each event stays `AnnualBudget.<Name>`; the library names the aggregate `self` in them.
def spent_before_enactment(
    self: AnnualBudget,
    line_code: str,
    amount: Decimal,
    voucher: str,
    description: str,
    under_fiscal_year: int,
    ceiling: Decimal,
    actor: Actor,
    business_date: date,
) -> None:
    """Paid under last year's ordinance (`under_fiscal_year`, whose matching line had
    `ceiling`); held on this year's line at once, counted against it by the enactment
    (already counted when the enactment was recorded first)."""
    self.ledgers[line_code].spend(amount)
    self.expenditures[self.version + 1] = Expenditure(line_code, amount, voucher)
    self.before_enactment.add(line_code, amount, business_date, enacted=self.is_enacted)


def expenditure_recorded(
    self: AnnualBudget,
    line_code: str,
    amount: Decimal,
    voucher: str,
    description: str,
    actor: Actor,
    business_date: date,
) -> None:
    self.ledgers[line_code].spend(amount)
    self.expenditures[self.version + 1] = Expenditure(line_code, amount, voucher)


def expenditure_corrected(
    self: AnnualBudget,
    corrects_version: int,
    old_amount: Decimal,
    amount: Decimal,
    reason: str,
    actor: Actor,
    business_date: date,
) -> None:
    entry = self.expenditures[corrects_version]
    self.ledgers[entry.line_code].spend(amount - old_amount)
    self.expenditures[corrects_version] = entry._replace(amount=amount)
