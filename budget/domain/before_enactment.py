"""Spending before the year's ordinance is enacted (ใช้ข้อบัญญัติปีที่แล้วไปพลางก่อน).

In October most LAOs pay salaries, wages, utilities and obligations already due before the
council has passed the new ordinance. The LAO Acts let them: where the new year's budget
ordinance is not yet in force, last year's ordinance is used in the meantime — Tambon
Council and Subdistrict Administrative Organisation Act B.E. 2537 s. 87 (SAO), Municipality
Act B.E. 2496 s. 62 ter (municipalities), Provincial Administrative Organisation Act
B.E. 2540 s. 62 (PAO). These section numbers are from secondary sources and were not
checked against the current consolidated texts; neither was the clause of the MoI
regulation on LAO budget methods B.E. 2563 that limits such spending to recurring items.
So what may be spent is data, here, in one place:

- only on a line of the new draft whose category is one of `SPENDABLE_BEFORE_ENACTMENT`
  (salaries and wages, remuneration, utilities, the central fund's obligations);
- only where last year's enacted ordinance has the matching line (the same code), and
  never more, in all, than that line's allocation (its amount as last amended);
- and never more than the draft line holds, since the ordinance, once passed, counts
  the spending against its own line (`AnnualBudget.SpendingBeforeEnactmentCounted`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budget.domain.budget_lines import BudgetLine
from budget.domain.classification import Category
from budget.domain.errors import ExceedsPreviousOrdinance, NotSpendableBeforeEnactment

SPENDABLE_BEFORE_ENACTMENT: frozenset[Category] = frozenset(
    {
        Category.SALARIES,  # เงินเดือน ค่าจ้าง (งบบุคลากร)
        Category.REMUNERATION,  # ค่าตอบแทน
        Category.UTILITIES,  # ค่าสาธารณูปโภค
        Category.CENTRAL_FUND,  # งบกลาง: contributions, pensions, debts already due
    }
)


@dataclass(frozen=True, slots=True)
class PreviousOrdinance:
    """Last year's enacted ordinance as the new year spends under it: each line's allocation."""

    fiscal_year: int
    allocated: dict[str, Decimal] = field(default_factory=dict)


def check_spendable_before_enactment(
    line: BudgetLine,
    previous: PreviousOrdinance,
    spent_before: Decimal,
    amount: Decimal,
) -> Decimal:
    """The ceiling of `line` under last year's ordinance, once `amount` fits under it
    (`spent_before`: what the line already spent before this year's enactment)."""
    if line.category not in SPENDABLE_BEFORE_ENACTMENT:
        raise NotSpendableBeforeEnactment(
            line=line.code, category=line.category.value, fiscal_year=previous.fiscal_year + 1
        )
    ceiling = previous.allocated.get(line.code)
    if ceiling is None:
        raise ExceedsPreviousOrdinance(
            line=line.code, previous=previous.fiscal_year, left="0.00", amount=f"{amount:,.2f}"
        )
    left = ceiling - spent_before
    if amount > left:
        raise ExceedsPreviousOrdinance(
            line=line.code,
            previous=previous.fiscal_year,
            left=f"{left:,.2f}",
            amount=f"{amount:,.2f}",
        )
    return ceiling
