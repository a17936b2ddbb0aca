"""The plan of a demo fiscal year: for each LAO, every step in business-date order.

Per LAO: accounts for its finance officer and executive (July), the budget
drafted (August) and enacted (September, before the year; for one LAO in three
late, in November, with October's recurring items paid under last year's
ordinance: late_ordinance.py, and last year's road, carried with the council's approval,
contracted in November: carried.py), projects planned at the start of the year (or
once the ordinance passed) and advanced to a spread of stages, sometimes a
transfer approved by the executive (ข้อ 26) or, for a new investment item, by
the council (ข้อ 27), sometimes a supplementary budget, often a specific grant
and sometimes accumulated funds with a project each (funding.py), the revenue
estimate and each month's revenue (revenue.py), and the quarterly reports.
Nothing is dated after the demo's 'today'.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import TypeGuard

import geothai
import msgspec

from budget.application.commands import (
    DraftBudget,
    EnactBudget,
    GrantRole,
    LineIn,
    OpenAccount,
    PlanProject,
    RecordExpenditure,
    RecordPayment,
)
from budget.demo import contract_money
from budget.demo.carried import carried_project
from budget.demo.changes import council_transfer, executive_transfer, supplementary
from budget.demo.draw import days_after, lao_random
from budget.demo.funding import funded_lines
from budget.demo.late_ordinance import last_year_steps, late_enactment
from budget.demo.project_steps import ProjectPlanner
from budget.demo.reports import report_steps
from budget.demo.revenue import revenue_steps
from budget.demo.specs import (
    LineCodes,
    budget_lines,
    budget_total,
    grown_total,
    project_count,
    project_specs,
)
from budget.demo.spending import spending_steps, spent_lines
from budget.demo.steps import BUDGET_STREAM, LaoContext, LaoPlan, Step, in_order
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.domain.calendar import today as calendar_today
from budget.domain.classification import BudgetGroup
from budget.domain.fiscal import BE_OFFSET, FiscalYear
from budget.domain.ids import account_id
from budget.domain.oversight import OrdinanceApprover, ordinance_approver
from budget.domain.targets import Target
from budget.registry.geography import district_name_th
from budget.registry.records import AuthorityRecord


@dataclass(frozen=True, slots=True)
class DemoOptions:
    """`projects`: the projects of an SAO (bigger LAOs get up to 2.5 times as many).
    `today`: nothing after it is recorded; by default today in Thailand (the year's
    last day for a year that has ended), so no page shows a wait or an age below zero."""

    projects: int = 8
    today: date | None = None
    # who acts, by (role, LAO or province): the accounts people log in with
    # (accounts.demo_usernames); the others act as finance.<LAO>, exec.<LAO>, ...
    usernames: Mapping[tuple[Role, str], str] = field(default_factory=dict)

    def today_in(self, fiscal_year: int, now: date | None = None) -> date:
        """The demo's last day in `fiscal_year`: `today` if given, else `now` (default:
        today in Thailand) or the year's last day, whichever comes first."""
        year = FiscalYear(fiscal_year)
        today = self.today or min(now or calendar_today(), year.ends_on)
        if not year.starts_on <= today <= year.ends_on:
            raise ValueError(f"today ({today}) must fall inside fiscal year {fiscal_year}")
        return today


def current_fiscal_year(now: date | None = None) -> int:
    """The demo's year when none is given: the fiscal year containing `now` (default:
    today in Thailand)."""
    return FiscalYear.of(now or calendar_today()).be_year


def registration_date(fiscal_year: int) -> date:
    """When the demo registers the LAOs: 1 July before the year."""
    return date(fiscal_year - BE_OFFSET - 1, 7, 1)


def targets_date(fiscal_year: int) -> date:
    return date(fiscal_year - BE_OFFSET - 1, 9, 29)


def demo_targets() -> list[Target]:
    """Cumulative disbursement targets by quarter: overall, and lower for investment."""
    overall = {1: 20, 2: 45, 3: 65, 4: 80}
    investment = {1: 10, 2: 25, 3: 45, 4: 65}
    committed = {1: 30, 2: 60, 3: 85, 4: 100}
    targets = [Target(q, Decimal(p)) for q, p in overall.items()]
    targets += [
        Target(q, Decimal(p), BudgetGroup.INVESTMENT, Decimal(committed[q]))
        for q, p in investment.items()
    ]
    return targets


def plan_year(
    authorities: Iterable[AuthorityRecord],
    fiscal_year: int,
    seed: int,
    options: DemoOptions | None = None,
) -> Iterator[LaoPlan]:
    """Each LAO's plan; an LAO's plan depends only on its record, the year and the seed."""
    options = options or DemoOptions()
    for authority in authorities:
        yield plan_lao(authority, fiscal_year, seed, options)


def plan_lao(
    authority: AuthorityRecord, fiscal_year: int, seed: int, options: DemoOptions
) -> LaoPlan:
    rng = lao_random(seed, authority.code)
    ctx = LaoContext(authority, fiscal_year, options.today_in(fiscal_year), options.usernames)
    count = project_count(options.projects, authority.type)
    size = budget_total(rng, authority.type)
    specs = project_specs(rng, count, size)
    size = grown_total(size, specs)
    codes = LineCodes()
    lines, line_of = budget_lines(rng, authority.type, size, specs, codes)
    spent_from = spent_lines(lines, set(line_of.values()))
    late = late_enactment(seed, ctx, spent_from)
    # projects are planned once the ordinance is in force
    start = late + timedelta(days=1) if late else FiscalYear(fiscal_year).starts_on
    budget = _accounts_and_budget(ctx, rng, lines, late)
    with_terms = contract_money.chosen(specs)
    projects = [
        ProjectPlanner(
            ctx,
            lao_random(seed, f"{ctx.code}/{spec.code}"),
            spec,
            line_of[spec.code],
            days_after(rng, start, 0, 4),
            terms=spec.code == with_terms,
        )
        for spec in specs
    ]
    streams = [budget, *(p.plan() for p in projects)]
    if late:  # last year's ordinance, and its road carried with the council's approval
        road, carried = carried_project(ctx, lao_random(seed, f"{ctx.code}/carried"))
        streams += [last_year_steps(ctx, spent_from, *_approver(ctx), [road]), carried]
    streams += executive_transfer(ctx, rng, lines)
    streams += council_transfer(ctx, rng, projects, codes, len(specs) + 1)
    streams += supplementary(ctx, rng, lines, codes, size=size, number=len(specs) + 2)
    funding = lao_random(seed, f"{ctx.code}/funding")
    streams += funded_lines(ctx, funding, codes, number=len(specs) + 3, start=start)
    drafted = next(s.on for s in budget if isinstance(s.command, DraftBudget))
    streams.append(revenue_steps(ctx, lao_random(seed, f"{ctx.code}/revenue"), lines, drafted))
    streams += report_steps(ctx, lao_random(seed, f"{ctx.code}/reports"), late)
    streams.append(spending_steps(ctx, rng, spent_from, late))
    steps = _number_vouchers([s for s in in_order(streams) if s.on <= ctx.today], fiscal_year)
    planned = sorted({c.code for c in (s.command for s in steps) if _plans_in(c, fiscal_year)})
    return LaoPlan(authority, fiscal_year, steps, planned)


def _plans_in(command: object, fiscal_year: int) -> TypeGuard[PlanProject]:
    """A project of the year (not last year's, carried.py)."""
    return isinstance(command, PlanProject) and command.fiscal_year == fiscal_year


def _accounts_and_budget(
    ctx: LaoContext, rng: Random, lines: list[LineIn], late: date | None
) -> list[Step]:
    ce_year = ctx.fiscal_year - BE_OFFSET - 1
    on = days_after(rng, registration_date(ctx.fiscal_year), 0, 10)
    steps = []
    for actor, title in ((ctx.finance, "เจ้าหน้าที่การเงิน"), (ctx.executive, "ผู้บริหาร")):
        user, target = actor.user_id, account_id(actor.user_id)
        name = f"{title} {ctx.authority.name_th}"
        opening = OpenAccount(username=user, display_name=name, business_date=on)
        grant = GrantRole(username=user, role=actor.role, acting_for=ctx.code, business_date=on)
        for command in (opening, grant):
            steps.append(Step(command, on, SYSTEM_ACTOR, target, BUDGET_STREAM))
    lao, year = ctx.code, ctx.fiscal_year
    drafted = days_after(rng, date(ce_year, 8, 1), 0, 20)
    draft = DraftBudget(lao_code=lao, fiscal_year=year, lines=lines, business_date=drafted)
    steps.append(Step(draft, drafted, ctx.finance, None, BUDGET_STREAM))
    on = days_after(rng, date(ce_year, 9, 1), 0, 24)  # drawn even when late: same draws after
    on = late or on
    approved_by, approver = _approver(ctx)
    enactment = EnactBudget(
        lao_code=lao,
        fiscal_year=year,
        ordinance_date=on,
        approved_by=approved_by,
        approver=approver,
        business_date=on,
    )
    steps.append(Step(enactment, on, ctx.finance, None, BUDGET_STREAM))
    return steps


def _approver(ctx: LaoContext) -> tuple[str, OrdinanceApprover]:
    """Who approves the LAO's ordinance, by name and office: the district chief an SAO's,
    the governor the others' (Pattaya's, Chonburi's), Bangkok's own governor the BMA's
    (budget/domain/oversight.py)."""
    authority = ctx.authority
    office = ordinance_approver(authority.type)
    if office is OrdinanceApprover.DISTRICT_CHIEF:
        return f"{office.name_th}{district_name_th(authority.district_code)}", office
    if office is OrdinanceApprover.BMA_GOVERNOR:
        return office.name_th, office
    province = geothai.province(authority.province_code)
    return f"{office.name_th}{province.name_th if province else authority.province_code}", office


def _number_vouchers(steps: list[Step], fiscal_year: int) -> list[Step]:
    """Payment vouchers (ฎีกา) numbered in the order they were paid, as a finance office does."""
    numbered = []
    count = 0
    for step in steps:
        if isinstance(step.command, RecordPayment | RecordExpenditure):
            count += 1
            voucher = f"{count:04d}/{fiscal_year}"
            command = msgspec.structs.replace(step.command, voucher=voucher)
            numbered.append(replace(step, command=command))
        else:
            numbered.append(step)
    return numbered
