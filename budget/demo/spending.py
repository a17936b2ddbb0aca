"""Spending without projects: salaries, allowances, utilities and subsidies paid
straight from their lines at each month's end (the bulk of an LAO's disbursement)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from budget.application.commands import LineIn, RecordExpenditure
from budget.demo.catalog import ELECTRICITY_LINE
from budget.demo.draw import working_day
from budget.demo.steps import BUDGET_STREAM, LaoContext, Step
from budget.domain.before_enactment import SPENDABLE_BEFORE_ENACTMENT
from budget.domain.classification import BudgetGroup
from budget.domain.fiscal import FiscalYear

# Each month spends 70-85 % of a twelfth: lines never run dry, whatever else
# (transfers) the year brings. The line the executive transfers from is left alone.
MONTHLY_SHARE = (70, 85)


def month_ends(fiscal_year: int, today: date) -> list[date]:
    """The last working day of each month of the year up to `today`."""
    ends = []
    day = FiscalYear(fiscal_year).starts_on
    while day <= today:
        next_month = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        last = next_month - timedelta(days=1)
        while working_day(last) != last:  # the last working day, not the next one
            last -= timedelta(days=1)
        if last <= today:
            ends.append(last)
        day = next_month
    return ends


def spent_lines(lines: list[LineIn], project_lines: set[str]) -> list[LineIn]:
    """The lines paid from month by month, without projects."""
    return [
        line
        for line in lines
        if line.budget_group is not BudgetGroup.INVESTMENT
        and line.code not in project_lines
        and line.description != ELECTRICITY_LINE
    ]


def spending_steps(
    ctx: LaoContext,
    rng: Random,
    spent_from: list[LineIn],
    enacted_on: date | None = None,
) -> list[Step]:
    """Each month's payments; before a late ordinance (`enacted_on`) only the recurring
    items, which are paid under last year's (budget/domain/before_enactment.py)."""
    steps = []
    for paid_on in month_ends(ctx.fiscal_year, ctx.today):
        for line in spent_from:
            share = Decimal(rng.randint(*MONTHLY_SHARE)) / 100
            amount = (line.amount * share / 12).quantize(Decimal("0.01"))
            waits = enacted_on is not None and paid_on < enacted_on
            if amount <= 0 or (waits and line.category not in SPENDABLE_BEFORE_ENACTMENT):
                continue
            spent = RecordExpenditure(
                lao_code=ctx.code,
                fiscal_year=ctx.fiscal_year,
                line_code=line.code,
                amount=amount,
                voucher="",  # numbered with the payments, in the order paid
                description=f"{line.description} เดือน {paid_on:%m/%Y}",
                business_date=paid_on,
            )
            steps.append(Step(spent, paid_on, ctx.finance, stream=BUDGET_STREAM))
    return steps
