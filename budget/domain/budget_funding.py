"""Money outside the ordinance: a specific grant received, accumulated funds the council
approved spending, a loan, each added to an enacted budget as a line of its own
(budget/domain/funding.py). The AnnualBudget binds it as its method; its event stays the
aggregate's own (budget/domain/budget.py), so its stored topic does not move.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.budget_lines import BudgetLine
from budget.domain.checks import check_given, check_positive
from budget.domain.funding import check_outside_the_ordinance

if TYPE_CHECKING:
    from budget.domain.budget import AnnualBudget


def add_funded_line(
    budget: AnnualBudget,
    *,
    new_line: BudgetLine,
    reference: str,
    actor: Actor,
    business_date: date,
) -> None:
    """A line of money outside the ordinance, on an enacted budget in its year: a grant's
    allocation letter, the council's resolution approving accumulated funds (ข้อ 97 of the
    MoI regulation on LAO money B.E. 2566) or a loan's, named by `reference`. Its money is
    added to the year's like a supplementary budget's (the ledger's `supplementary`), so
    what the ordinance appropriated stays apart."""
    budget.check_open_for_spending()
    budget._check_in_year(business_date)
    budget._check_new_code(new_line.code)
    check_outside_the_ordinance(new_line.source)
    check_positive(
        new_line.amount,
        problem="a funded line adds a positive amount",
        problem_th="จำนวนเงินต้องมากกว่าศูนย์",
    )
    check_given(
        reference,
        problem="name the letter or resolution the money comes with",
        problem_th="ต้องระบุเลขที่หนังสือจัดสรรหรือมติสภาที่อนุมัติเงิน",
    )
    budget._funded_line_added(
        new_line=new_line, reference=reference.strip(), actor=actor, business_date=business_date
    )
