"""Changes to an enacted budget during the year, and the projects they fund.

- a transfer the executive approves (ข้อ 26): electricity cost less than planned,
  some of it moves to services;
- a transfer the council approves (ข้อ 27): a contract's saving (เงินเหลือจ่าย)
  becomes a new investment item, and a project on it;
- a supplementary budget (งบประมาณรายจ่ายเพิ่มเติม): more money for services and
  a new investment item, and a project on it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from random import Random

from budget.application.commands import (
    AdditionIn,
    AddSupplementaryBudget,
    Command,
    CouncilApprovalIn,
    Dated,
    LineIn,
    TransferFunds,
)
from budget.demo.catalog import (
    ELECTRICITY_LINE,
    EXTRA_DRAIN,
    EXTRA_ROAD,
    LAND,
    SERVICES_LINE,
    WORKS,
    ProjectTemplate,
)
from budget.demo.draw import baht_between, days_after
from budget.demo.project_steps import ProjectPlanner
from budget.demo.specs import LineCodes, ProjectSpec, method_reason, project_name
from budget.demo.steps import BUDGET_STREAM, LaoContext, Step
from budget.domain.access import Actor
from budget.domain.fiscal import BE_OFFSET
from budget.domain.procurement import THRESHOLD_SPECIFIC, Method, Stage

EXECUTIVE_TRANSFER_PERCENT = 40
COUNCIL_TRANSFER_PERCENT = 50
SUPPLEMENTARY_PERCENT = 12
MIN_SAVING = Decimal(20_000)
THOUSAND = Decimal(1000)


def _budget_step(command: Command, actor: Actor) -> Step:
    assert isinstance(command, Dated)
    assert command.business_date is not None
    return Step(command, command.business_date, actor, stream=BUDGET_STREAM)


def _thousands(amount: Decimal) -> Decimal:
    return (amount / THOUSAND).quantize(Decimal(1), rounding=ROUND_DOWN) * THOUSAND


def _line(lines: list[LineIn], description: str) -> LineIn:
    return next(x for x in lines if x.description == description)


def _new_item(codes: LineCodes, name: str, amount: Decimal) -> LineIn:
    return codes.line(WORKS, LAND, name, amount)


def project_on(
    ctx: LaoContext,
    rng: Random,
    line: LineIn,
    *,
    number: int,
    on: date,
    outcomes: list[Stage],
) -> list[Step]:
    method = Method.SPECIFIC if line.amount <= THRESHOLD_SPECIFIC else Method.E_BIDDING
    template = ProjectTemplate(line.description, WORKS, LAND, frozenset({method}), (1, 2))
    spec = ProjectSpec(
        code=f"{number:03d}",
        name=line.description,
        template=template,
        method=method,
        amount=line.amount,
        method_reason=method_reason(method, template),
        outcome=rng.choice(outcomes),
    )
    return ProjectPlanner(ctx, rng, spec, line.code, on).plan()


def executive_transfer(ctx: LaoContext, rng: Random, lines: list[LineIn]) -> list[list[Step]]:
    if rng.randrange(100) >= EXECUTIVE_TRANSFER_PERCENT:
        return []
    source = _line(lines, ELECTRICITY_LINE)
    amount = _thousands(source.amount * rng.randint(5, 15) / 100)
    on = days_after(rng, date(ctx.fiscal_year - BE_OFFSET - 1, 12, 1), 0, 100)
    if amount <= 0:
        return []
    transfer = TransferFunds(
        lao_code=ctx.code,
        fiscal_year=ctx.fiscal_year,
        from_line=source.code,
        to_line=_line(lines, SERVICES_LINE).code,
        amount=amount,
        business_date=on,
    )
    step = _budget_step(transfer, ctx.executive)
    return [[step]]


def council_transfer(
    ctx: LaoContext,
    rng: Random,
    projects: list[ProjectPlanner],
    codes: LineCodes,
    number: int,
) -> list[list[Step]]:
    if rng.randrange(100) >= COUNCIL_TRANSFER_PERCENT:
        return []
    candidates = [
        p
        for p in projects
        if p.contract_on is not None and p.contract_on < ctx.today and p.saving >= MIN_SAVING
    ]
    if not candidates:
        return []
    source = max(candidates, key=lambda p: p.saving)
    assert source.contract_on is not None
    on = days_after(rng, source.contract_on, 7, 45)
    council_met = max(source.contract_on, on - timedelta(days=rng.randint(1, 10)))
    session = "สมัยสามัญ สมัยที่ 1" if on.month < 4 else "สมัยสามัญ สมัยที่ 2"
    approval = CouncilApprovalIn(
        resolution=f"มติสภาท้องถิ่น {session}/{ctx.fiscal_year}", approved_on=council_met
    )
    new_line = _new_item(codes, project_name(rng, EXTRA_ROAD), _thousands(source.saving))
    command = TransferFunds(
        lao_code=ctx.code,
        fiscal_year=ctx.fiscal_year,
        from_line=source.line_code,
        to_line=new_line.code,
        amount=new_line.amount,
        new_line=new_line,
        council_approval=approval,
        business_date=on,
    )
    transfer = _budget_step(command, ctx.executive)
    outcomes = [Stage.PLANNED, Stage.PLAN_PUBLISHED, Stage.CONTRACT_SIGNED, Stage.CLOSED]
    return [[transfer], project_on(ctx, rng, new_line, number=number, on=on, outcomes=outcomes)]


def supplementary(
    ctx: LaoContext,
    rng: Random,
    lines: list[LineIn],
    codes: LineCodes,
    *,
    size: Decimal,
    number: int,
) -> list[list[Step]]:
    if rng.randrange(100) >= SUPPLEMENTARY_PERCENT:
        return []
    on = days_after(rng, date(ctx.fiscal_year - BE_OFFSET, 2, 1), 0, 50)
    scale = int(size)
    addition = baht_between(rng, 50_000, max(100_000, scale // 200))
    amount = baht_between(rng, 200_000, min(max(500_000, scale // 50), 20_000_000))
    new_line = _new_item(codes, project_name(rng, EXTRA_DRAIN), amount)
    command = AddSupplementaryBudget(
        lao_code=ctx.code,
        fiscal_year=ctx.fiscal_year,
        ordinance_date=on,
        additions=[AdditionIn(line_code=_line(lines, SERVICES_LINE).code, amount=addition)],
        new_lines=[new_line],
        business_date=on,
    )
    step = _budget_step(command, ctx.finance)
    outcomes = [Stage.PLANNED, Stage.PLAN_PUBLISHED, Stage.REPORT_APPROVED]
    planned_on = days_after(rng, on, 0, 5)
    project = project_on(ctx, rng, new_line, number=number, on=planned_on, outcomes=outcomes)
    return [[step], project]
