"""Some LAOs' ordinance passes late, in November: October's salaries, remuneration and
utilities are paid under last year's ordinance in the meantime
(budget/domain/before_enactment.py), and the enactment counts them against the new lines.

For those LAOs the demo also records last year's ordinance (drafted and enacted a year
earlier, its recurring lines at this year's amounts): the spending needs it; and a road of
last year's, carried with the council's approval into this year (carried.py).
"""

from __future__ import annotations

from datetime import date

from budget.application.commands import DraftBudget, EnactBudget, LineIn
from budget.demo.draw import days_after, lao_random
from budget.demo.steps import BUDGET_STREAM, LaoContext, Step
from budget.domain.before_enactment import SPENDABLE_BEFORE_ENACTMENT
from budget.domain.fiscal import BE_OFFSET
from budget.domain.ids import budget_id
from budget.domain.oversight import OrdinanceApprover

LATE_ONE_IN = 3  # one LAO in three enacts late


def late_enactment(seed: int, ctx: LaoContext, spent_from: list[LineIn]) -> date | None:
    """The day a late ordinance passes (in November), or None: enacted in September.
    Its own random source, so the rest of the LAO's year draws what it always drew."""
    rng = lao_random(seed, f"{ctx.code}/ordinance")
    if rng.randrange(LATE_ONE_IN) or not recurring(spent_from):
        return None
    on = days_after(rng, date(ctx.fiscal_year - BE_OFFSET - 1, 11, 2), 0, 12)
    return on if on <= ctx.today else None


def recurring(lines: list[LineIn]) -> list[LineIn]:
    return [line for line in lines if line.category in SPENDABLE_BEFORE_ENACTMENT]


def last_year_steps(
    ctx: LaoContext,
    spent_from: list[LineIn],
    approved_by: str,
    approver: OrdinanceApprover,
    items: list[LineIn],
) -> list[Step]:
    """Last year's ordinance: the recurring lines and its investment `items`, drafted in
    August, enacted in September."""
    ce_year = ctx.fiscal_year - BE_OFFSET - 2
    drafted, enacted = date(ce_year, 8, 14), date(ce_year, 9, 18)
    draft = DraftBudget(
        lao_code=ctx.code,
        fiscal_year=ctx.fiscal_year - 1,
        lines=[*recurring(spent_from), *items],
        business_date=drafted,
    )
    enactment = EnactBudget(
        lao_code=ctx.code,
        fiscal_year=ctx.fiscal_year - 1,
        ordinance_date=enacted,
        approved_by=approved_by,
        approver=approver,
        business_date=enacted,
    )
    last_year = budget_id(ctx.code, ctx.fiscal_year - 1)  # its projects move it after
    return [
        Step(draft, drafted, ctx.finance, last_year, BUDGET_STREAM),
        Step(enactment, enacted, ctx.finance, last_year, BUDGET_STREAM),
    ]
