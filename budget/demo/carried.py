"""Last year's road, carried with the council's approval and contracted in November of
this year (issue 14 item 2; budget/domain/carry_over.py: money of an investment item
not yet committed is carried with the council's approval, กรณียังไม่ได้ก่อหนี้ผูกพัน, and
contracted after 30 September until its deadline, at most the end of the next year).

For the LAOs whose last year's ordinance the demo records (late_ordinance.py): the road
is an item of last year's ordinance, planned in its October and its plan published; the
TOR waits for the revised design until July; in September the council approves carrying
its money (the contract could not be signed by 30 September) and the LAO carries it to
the limit; the bidding runs in October, the winner is announced around the turn of the
month and the contract signed after the appeal window, in November; its installments are
inspected and paid out of the carried money when due. Every step through the
BudgetOffice's commands, dated by the LAO's year as the others; nothing after 'today'
(plan.py drops it). Its own random source, so the rest of the LAO's year draws what it
always drew.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from budget.application.commands import (
    BidsEvaluated,
    CarryOver,
    CouncilApprovalIn,
    InspectInstallment,
    InstallmentIn,
    InvitationAnnounced,
    LineIn,
    PlanProject,
    PlanPublished,
    RecordPayment,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.demo.catalog import PROJECTS, WORKS
from budget.demo.draw import baht_between, days_after, firm, percent_of, split, tax_id
from budget.demo.specs import LineCodes, project_name
from budget.demo.steps import LaoContext, ProjectSteps, Step
from budget.domain.budget_lines import CarryOverKind
from budget.domain.calendar import appeal_window_end
from budget.domain.carry_over import council_carry_limit
from budget.domain.fiscal import BE_OFFSET, FiscalYear
from budget.domain.ids import project_id
from budget.domain.procurement import Method

CODE = "001"  # last year's first project
ROAD = PROJECTS[0]  # a reinforced-concrete road: an investment item (ค่าที่ดินและสิ่งก่อสร้าง)
METHOD = Method.E_BIDDING


def carried_project(ctx: LaoContext, rng: Random) -> tuple[LineIn, list[Step]]:
    """Last year's road line (for last year's ordinance) and the project's steps."""
    last = ctx.fiscal_year - 1
    ends = ctx.fiscal_year - BE_OFFSET - 1  # the calendar year last year ends in
    name = project_name(rng, ROAD.name)
    line = LineCodes().line(WORKS, ROAD.category, name, baht_between(rng, 800_000, 4_000_000))
    project = ProjectSteps(ctx, project_id(ctx.code, last, CODE))
    planned = days_after(rng, date(ends - 1, 10, 1), 5, 40)
    project.add(
        PlanProject(
            lao_code=ctx.code,
            fiscal_year=last,
            code=CODE,
            name=name,
            line_code=line.code,
            method=METHOD,
            amount=line.amount,
            business_date=planned,
        ),
        planned,
    )
    project.procure(PlanPublished, days_after(rng, planned, 1, 25))
    # the TOR once the design was revised, after the drafts' public hearing
    tor_on = days_after(rng, date(ends, 7, 1), 0, 40)
    reference = percent_of(line.amount, rng.randint(94, 100))
    hearing = tor_on - timedelta(days=rng.randint(1, 3))
    project.procure(TermsSet, tor_on, reference_price=reference, public_hearing_ended_on=hearing)
    # no contract by 30 September: the council approves carrying the money
    approved = days_after(rng, date(ends, 9, 1), 0, 10)
    council = CouncilApprovalIn(
        resolution=f"มติสภาท้องถิ่น สมัยสามัญ สมัยที่ 4/{last} ให้กันเงินไว้เบิกเหลื่อมปี",
        approved_on=approved,
    )
    project.act(
        CarryOver,
        days_after(rng, approved, 1, 5),
        kind=CarryOverKind.COUNCIL_APPROVED,
        amount=line.amount,
        deadline=council_carry_limit(FiscalYear(last)),
        council_approval=council,
    )
    # the bidding in October, the contract after the appeal window: in November
    report = days_after(rng, date(ends, 10, 1), 0, 3)
    project.procure(ReportApproved, report, estimate=line.amount)
    project.procure(InvitationAnnounced, days_after(rng, report, 2, 4), invited_firms=0)
    bids = days_after(rng, date(ends, 10, 26), 0, 3)
    project.procure(BidsEvaluated, bids, bids_received=rng.randint(2, 7))
    winner, offer = firm(rng), percent_of(reference, rng.randint(85, 99))
    announced = days_after(rng, bids, 1, 4)
    project.procure(WinnerAnnounced, announced, winner=winner, offered_amount=offer)
    signed = days_after(rng, appeal_window_end(announced), 1, 6)
    installments = _installments(rng, offer, signed)
    project.act(
        SignContract,
        signed,
        number=f"{int(CODE)}/{ctx.fiscal_year} (กันเงินปี {last})",
        contractor=winner,
        contractor_tax_id=tax_id(rng, f"0{ctx.authority.province_code}5"),
        amount=offer,
        installments=installments,
    )
    for part in installments:  # paid out of the carried money
        inspected = days_after(rng, part.due_on, 0, 3)
        note = f"คณะกรรมการตรวจรับพัสดุตรวจรับงานงวดที่ {part.number} ถูกต้องครบถ้วน"
        project.act(InspectInstallment, inspected, installment=part.number, committee_note=note)
        paid = days_after(rng, inspected, 2, 12)
        voucher = f"{CODE}-{part.number}/{last}"  # numbered in date order by the plan
        project.act(
            RecordPayment, paid, installment=part.number, amount=part.amount, voucher=voucher
        )
    return line, project.steps


def _installments(rng: Random, offer: Decimal, signed: date) -> list[InstallmentIn]:
    """Two installments, the first due two to three months after the contract."""
    first = days_after(rng, signed, 60, 80)
    due = [first, days_after(rng, first, 30, 45)]
    amounts = split(offer, [rng.randint(40, 60), rng.randint(40, 60)])
    return [
        InstallmentIn(number=n, amount=amount, due_on=on, description=f"งวดที่ {n}")
        for n, (amount, on) in enumerate(zip(amounts, due, strict=True), start=1)
    ]
