"""Money outside the ordinance in the demo year, and the projects it pays for
(budget/domain/funding.py):

- a specific grant (เงินอุดหนุนเฉพาะกิจ) from DLA for a road, its allocation letter coming in
  November (most LAOs); one grant in three lets the LAO keep its unused money for the
  road, the others have it returned;
- accumulated funds (เงินสะสม) the council approves spending on a drainage work from mid
  October (some LAOs), with its resolution.

Both after the ordinance is in force (an LAO whose ordinance passed late gets them after).

Each is a line of its own (AddFundedLine) with a project on it. Their own random source,
so the rest of the LAO's year draws what it always drew.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from budget.application.commands import AddFundedLine, LineIn
from budget.demo.catalog import EXTRA_DRAIN, EXTRA_ROAD, WORKS
from budget.demo.changes import project_on
from budget.demo.draw import baht_between, days_after
from budget.demo.specs import LineCodes, project_name
from budget.demo.steps import BUDGET_STREAM, LaoContext, Step
from budget.domain.classification import Category
from budget.domain.fiscal import BE_OFFSET
from budget.domain.funding import FundingKind, UnusedGrant
from budget.domain.procurement import Stage

GRANT_PERCENT = 70
ACCUMULATED_FUNDS_PERCENT = 35
GRANTOR = "กรมส่งเสริมการปกครองท้องถิ่น"
LAND = Category.LAND_AND_CONSTRUCTION


def _line(codes: LineCodes, name: str, amount: Decimal, **source: Any) -> LineIn:
    return codes.line(WORKS, LAND, name, amount, **source)


def _added(ctx: LaoContext, line: LineIn, reference: str, on: date) -> Step:
    command = AddFundedLine.of(
        line, reference=reference, lao_code=ctx.code, fiscal_year=ctx.fiscal_year, business_date=on
    )
    return Step(command, on, ctx.finance, stream=BUDGET_STREAM)


def funded_lines(
    ctx: LaoContext, rng: Random, codes: LineCodes, *, number: int, start: date
) -> list[list[Step]]:
    """The grant and the accumulated funds an LAO gets this year, from `start` (its
    ordinance in force), each with its project (numbered from `number`)."""
    streams: list[list[Step]] = []
    ce_year = ctx.fiscal_year - BE_OFFSET
    if rng.randrange(100) < GRANT_PERCENT:
        on = days_after(rng, max(date(ce_year - 1, 11, 1), start), 0, 25)
        unused = UnusedGrant.CARRY if rng.randrange(3) == 0 else UnusedGrant.RETURN
        line = _line(
            codes,
            f"เงินอุดหนุนเฉพาะกิจ {project_name(rng, EXTRA_ROAD)}",
            baht_between(rng, 400_000, 2_500_000),
            source=FundingKind.SPECIFIC_GRANT,
            grantor=GRANTOR,
            grant_unused=unused,
        )
        letter = f"มท 0808.2/ว {rng.randint(1000, 9999)}"
        outcomes = [Stage.PLAN_PUBLISHED, Stage.CONTRACT_SIGNED, Stage.INSPECTED, Stage.PAID]
        planned = days_after(rng, on, 1, 10)
        streams += [
            [_added(ctx, line, letter, on)],
            project_on(ctx, rng, line, number=number, on=planned, outcomes=outcomes),
        ]
    if rng.randrange(100) < ACCUMULATED_FUNDS_PERCENT:
        on = days_after(rng, max(date(ce_year - 1, 10, 15), start), 0, 40)
        approved = on - timedelta(days=rng.randint(3, 10))
        resolution = f"มติสภาท้องถิ่น สมัยวิสามัญ สมัยที่ 1/{ctx.fiscal_year}"
        line = _line(
            codes,
            f"จ่ายขาดเงินสะสม {project_name(rng, EXTRA_DRAIN)}",
            baht_between(rng, 200_000, 1_500_000),
            source=FundingKind.ACCUMULATED_FUNDS,
            source_resolution=resolution,
            source_approved_on=approved,
        )
        outcomes = [Stage.PLANNED, Stage.PLAN_PUBLISHED, Stage.CONTRACT_SIGNED]
        planned = days_after(rng, on, 1, 10)
        streams += [
            [_added(ctx, line, resolution, on)],
            project_on(ctx, rng, line, number=number + 1, on=planned, outcomes=outcomes),
        ]
    return [[s for s in stream if s.on <= ctx.today] for stream in streams]
