"""Carry-over (การกันเงิน) that works past 30 September.

MoI regulation on LAO budget methods B.E. 2563, the chapter on carrying money over (the
clauses numbered around ข้อ 57-59 in the versions we could read; their exact numbers and
wording were not checked against the current consolidated text):

- money committed by a contract or purchase order before the year ends
  (กรณีก่อหนี้ผูกพันแล้ว) is carried over and paid out of what was carried, keeping its
  contract, until its deadline;
- money of an investment item (ค่าครุภัณฑ์, ค่าที่ดินและสิ่งก่อสร้าง) not yet committed may be
  carried with the council's approval (กรณียังไม่ได้ก่อหนี้ผูกพัน) and contracted after
  30 September until its deadline, which is at most the end of the next fiscal year;
  what is not contracted or paid by then lapses;
- lapsed money goes to the LAO's accumulated funds (เงินสะสม).

The limit is data here (`COUNCIL_CARRY_YEARS`), not a constant buried in a rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.domain.budget_lines import BudgetLine, CarryOverKind
from budget.domain.classification import BudgetGroup
from budget.domain.errors import CarryOverNotAllowed
from budget.domain.fiscal import FiscalYear

# money carried with the council's approval is contracted and paid at most this many fiscal
# years after the one it was budgeted in
COUNCIL_CARRY_YEARS = 1
# the budget groups whose money not yet committed may be carried with the council
COUNCIL_CARRY_GROUPS = frozenset({BudgetGroup.INVESTMENT})


def council_carry_limit(year: FiscalYear) -> date:
    """The last deadline money carried with the council's approval may have."""
    return FiscalYear(year.be_year + COUNCIL_CARRY_YEARS).ends_on


def check_council_carry(line: BudgetLine, year: FiscalYear, deadline: date) -> None:
    """Uncommitted money is carried only on an investment line, and not past the limit."""
    if line.group not in COUNCIL_CARRY_GROUPS:
        raise CarryOverNotAllowed(
            problem=f"money not yet committed is carried only for investment items, "
            f"not {line.group.value}",
            problem_th=f"เงินที่ยังไม่ได้ก่อหนี้ผูกพันกันได้เฉพาะงบลงทุน ไม่ใช่{line.group.name_th}",
        )
    limit = council_carry_limit(year)
    if deadline > limit:
        raise CarryOverNotAllowed(
            problem=f"the deadline {deadline} is after the limit {limit}",
            problem_th=f"วันครบกำหนด {deadline} เกินกำหนดสูงสุด {limit}",
        )


def check_contract_on_carried(
    terms: tuple[CarryOverKind, date] | None,
    carried: dict[str, Decimal],
    project_id: str,
    amount: Decimal,
    on: date,
) -> None:
    """After 30 September a contract is signed only on money carried with the council's
    approval (not yet committed: `terms`, its kind and deadline), by its deadline, within
    what was carried for the project."""
    if terms is None or terms[0] is not CarryOverKind.COUNCIL_APPROVED:
        raise CarryOverNotAllowed(
            problem="after 30 September only money carried with the council's approval "
            "is contracted",
            problem_th="หลังวันที่ 30 กันยายน ก่อหนี้ผูกพันได้เฉพาะเงินที่กันไว้โดยได้รับอนุมัติจากสภาท้องถิ่น",
        )
    deadline = terms[1]
    if on > deadline:
        raise CarryOverNotAllowed(
            problem=f"the carried money lapsed on {deadline}",
            problem_th=f"เงินที่กันไว้พ้นกำหนดเมื่อวันที่ {deadline}",
        )
    if amount > carried[project_id]:
        raise CarryOverNotAllowed(
            problem=f"the contract's {amount:,.2f} is more than the carried "
            f"{carried[project_id]:,.2f}",
            problem_th=f"วงเงินสัญญา {amount:,.2f} บาท มากกว่าเงินที่กันไว้ {carried[project_id]:,.2f} บาท",
        )
