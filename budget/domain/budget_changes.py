"""How an enacted budget changes: transfers (ข้อ 26-27) and their reports to the governor,
supplementary budgets, carry-over (กันเงิน) and the year's end, under the MoI regulation on
LAO budget methods B.E. 2563. The AnnualBudget binds each as its method; its events stay the
aggregate's own (budget/domain/budget.py), so their stored topics do not change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.budget_lines import (
    ApprovalLevel,
    BudgetLine,
    CarryOverKind,
    CouncilApproval,
    check_unique_codes,
)
from budget.domain.carry_over import check_council_carry
from budget.domain.checks import check_given, check_positive
from budget.domain.classification import BudgetGroup
from budget.domain.errors import (
    CarryOverNotAllowed,
    CouncilApprovalRequired,
    FundingNotAllowed,
    InvalidInput,
)
from budget.domain.funding import FundingKind, check_transferable
from budget.domain.money import ZERO, baht, total

TRANSFER_REPORT_DAYS = 15  # an approved transfer is reported to the governor within 15 days

if TYPE_CHECKING:
    from budget.domain.budget import AnnualBudget


def transfer(
    budget: AnnualBudget,
    *,
    from_line: str,
    to_line: str,
    amount: Decimal,
    changes_item: bool = False,
    new_line: BudgetLine | None = None,
    council_approval: CouncilApproval | None = None,
    actor: Actor,
    business_date: date,
) -> None:
    """โอนงบประมาณ. Investment transfers that change an item or create a
    new one need the council (ข้อ 27); others the executive (ข้อ 26). Only the
    ordinance's own money moves (funding.check_transferable): a grant, accumulated
    funds or a loan stays on the item it was given or approved for."""
    budget.check_open_for_spending()
    budget._check_in_year(business_date)
    amount = check_positive(
        amount, problem="a transfer moves a positive amount", problem_th="จำนวนเงินที่โอนต้องมากกว่าศูนย์"
    )
    source = budget.ledger(from_line)
    if new_line is not None:
        budget._check_new_code(new_line.code)
        if new_line.code != to_line:
            raise InvalidInput(
                problem="the new line's code must be the destination",
                problem_th="รหัสรายการใหม่ต้องเป็นรายการปลายทาง",
            )
        new_line = replace(new_line, amount=ZERO)
        destination = new_line
    else:
        destination = budget.ledger(to_line).line
    destination_group = destination.group
    if from_line == to_line:
        raise InvalidInput(
            problem="a transfer needs two different lines",
            problem_th="การโอนต้องเป็นระหว่างสองรายการที่ต่างกัน",
        )
    check_transferable(source.line.source, destination.source)
    source.check_can_take(amount)
    investment = BudgetGroup.INVESTMENT in (source.line.group, destination_group)
    needs_council = investment and (changes_item or new_line is not None)
    if needs_council and council_approval is None:
        raise CouncilApprovalRequired()
    level = ApprovalLevel.COUNCIL if needs_council else ApprovalLevel.EXECUTIVE
    budget._funds_transferred(
        from_line=from_line,
        to_line=to_line,
        amount=amount,
        new_line=new_line,
        approval_level=level,
        council_approval=council_approval,
        report_due_on=business_date + timedelta(days=TRANSFER_REPORT_DAYS),
        actor=actor,
        business_date=business_date,
    )


def report_transfer(
    budget: AnnualBudget,
    *,
    transfer_version: int,
    reported_on: date,
    letter: str,
    actor: Actor,
    business_date: date,
) -> None:
    """An approved transfer reported to the governor (or, for an SAO, the district
    chief) within 15 days: see budget/domain/deadlines.py (TRANSFER_REPORT)."""
    if transfer_version not in budget.transfers_reported:
        raise InvalidInput(
            problem=f"version {transfer_version} is not a transfer of this budget",
            problem_th=f"ฉบับที่ {transfer_version} ไม่ใช่การโอนงบประมาณของงบนี้",
        )
    if budget.transfers_reported[transfer_version] is not None:
        raise InvalidInput(
            problem=f"the transfer of version {transfer_version} is reported already",
            problem_th=f"การโอนฉบับที่ {transfer_version} รายงานไปแล้ว",
        )
    check_given(
        letter,
        problem="name the letter the transfer was reported with",
        problem_th="ต้องระบุเลขที่หนังสือที่รายงานการโอน",
    )
    if reported_on > business_date:
        raise InvalidInput(
            problem="a transfer is reported on or before the day it is recorded",
            problem_th="วันที่รายงานการโอนต้องไม่หลังวันที่บันทึก",
        )
    budget._transfer_reported(
        transfer_version=transfer_version,
        reported_on=reported_on,
        letter=letter.strip(),
        actor=actor,
        business_date=business_date,
    )


def add_supplementary(
    budget: AnnualBudget,
    *,
    ordinance_date: date,
    additions: dict[str, Decimal],
    new_lines: list[BudgetLine],
    actor: Actor,
    business_date: date,
) -> None:
    """งบประมาณรายจ่ายเพิ่มเติม: more money on existing lines, or new lines (each with its
    source, as the draft's). More money on an existing line is the LAO's own: a line of
    another source gets more only by a line of its own (budget_funding.add_funded_line)."""
    budget.check_open_for_spending()
    check_unique_codes(new_lines)
    for line in new_lines:
        budget._check_new_code(line.code)
    cleaned = {code: baht(amount) for code, amount in additions.items()}
    for code in cleaned:
        kind = budget.ledger(code).line.source.kind
        if kind is not FundingKind.OWN_REVENUE:
            raise FundingNotAllowed(
                problem=f"line {code} is funded by {kind.value}: a supplementary budget "
                "adds the LAO's own money",
                problem_th=f"รายการ {code} ใช้{kind.name_th} "
                "งบประมาณเพิ่มเติมเพิ่มได้เฉพาะเงินรายได้ของ อปท.",
            )
    if total(cleaned.values()) + total(x.amount for x in new_lines) <= 0:
        raise InvalidInput(
            problem="a supplementary budget adds money",
            problem_th="งบประมาณรายจ่ายเพิ่มเติมต้องเพิ่มเงิน",
        )
    budget._supplementary_enacted(
        ordinance_date=ordinance_date,
        additions=cleaned,
        new_lines=list(new_lines),
        actor=actor,
        business_date=business_date,
    )


def carry_over(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    kind: CarryOverKind,
    amount: Decimal,
    deadline: date,
    council_approval: CouncilApproval | None,
    actor: Actor,
    business_date: date,
) -> None:
    """กันเงิน: keep unpaid money of a project past 30 September, until a deadline.

    Committed money (a contract before 30 September) or, with the council's approval,
    money not yet committed.
    """
    budget.check_open_for_spending()
    ledger = budget.ledger(line_code)
    amount = baht(amount)
    budget._check_in_year(business_date)
    if not budget.year.is_over_on(deadline):
        raise CarryOverNotAllowed(
            problem="the deadline must fall after 30 September",
            problem_th="วันครบกำหนดต้องอยู่หลังวันที่ 30 กันยายน",
        )
    if kind is CarryOverKind.COUNCIL_APPROVED:
        if council_approval is None:
            raise CouncilApprovalRequired()
        check_council_carry(ledger.line, budget.year, deadline)
    ledger.check_can_carry(project_id, kind, amount)
    budget._carried_over(
        project_id=project_id,
        line_code=line_code,
        kind=kind,
        amount=amount,
        deadline=deadline,
        council_approval=council_approval,
        actor=actor,
        business_date=business_date,
    )


def close_year(budget: AnnualBudget, *, actor: Actor, business_date: date) -> dict[str, Decimal]:
    """After 30 September what was neither paid nor carried over lapses, line by line.

    Returns the lapsed amount of each line.
    """
    budget.check_open_for_spending()
    if not budget.year.is_over_on(business_date):
        raise InvalidInput(
            problem="a fiscal year is closed after its 30 September",
            problem_th="ปิดปีงบประมาณได้หลังวันที่ 30 กันยายนของปีนั้น",
        )
    lapsed = {code: ledger.lapsing() for code, ledger in budget.ledgers.items()}
    budget._year_closed(lapsed=lapsed, actor=actor, business_date=business_date)
    return lapsed


def cancel_carried(
    budget: AnnualBudget,
    *,
    project_id: str,
    line_code: str,
    amount: Decimal,
    actor: Actor,
    business_date: date,
) -> None:
    """Carried money still unpaid at its deadline is cancelled (not paid any more)."""
    budget.ledger(line_code).check_can_cancel_carried(project_id, amount)
    budget._carried_cancelled(
        project_id=project_id,
        line_code=line_code,
        amount=amount,
        actor=actor,
        business_date=business_date,
    )
