"""The draft and its enactment: lines added while the budget is a draft, and the ordinance the
council passed and the governor or district chief approved (MoI regulation on LAO budget
methods B.E. 2563). The AnnualBudget binds each as its method; its events stay the
aggregate's own (budget/domain/budget.py), so their stored topics do not change.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.budget_lines import (
    BudgetLine,
)
from budget.domain.checks import check_given
from budget.domain.errors import InvalidInput
from budget.domain.money import total
from budget.domain.oversight import OrdinanceApprover, check_ordinance_approver

if TYPE_CHECKING:
    from budget.domain.budget import AnnualBudget


def add_draft_line(
    budget: AnnualBudget, *, line: BudgetLine, actor: Actor, business_date: date
) -> None:
    budget._check_draft()
    budget._check_new_code(line.code)
    budget._draft_line_added(line=line, actor=actor, business_date=business_date)


def enact(
    budget: AnnualBudget,
    *,
    ordinance_date: date,
    approved_by: str,
    approver: OrdinanceApprover,
    actor: Actor,
    business_date: date,
) -> None:
    """The council passed it and the office the law names approved it: the district chief
    an SAO's (Tambon Council and SAO Act B.E. 2537 s. 87), the governor a municipality's
    (Municipality Act B.E. 2496 s. 62), a PAO's (PAO Act B.E. 2540 s. 63) and Pattaya's
    (Pattaya City Administration Act B.E. 2542); Bangkok's own governor signs the BMA's
    (budget/domain/oversight.py). Another office is refused."""
    budget._check_draft()
    if not budget.ledgers or total(x.appropriated for x in budget.ledgers.values()) <= 0:
        raise InvalidInput(
            problem="a budget with no money cannot be enacted",
            problem_th="งบประมาณที่ไม่มีเงินประกาศใช้ไม่ได้",
        )
    check_given(
        approved_by,
        problem="say who approved the ordinance (governor or district chief)",
        problem_th="ต้องระบุผู้อนุมัติข้อบัญญัติ (ผู้ว่าราชการจังหวัดหรือนายอำเภอ)",
    )
    check_ordinance_approver(budget.lao_type, approver)
    budget.before_enactment.check_enactment(ordinance_date)
    budget._enacted(
        ordinance_date=ordinance_date,
        approved_by=approved_by,
        approver=approver,
        actor=actor,
        business_date=business_date,
    )
    if budget.before_enactment.not_yet_counted:
        budget._spending_before_enactment_counted(
            counted=dict(budget.before_enactment.not_yet_counted),
            ordinance_date=ordinance_date,
            actor=actor,
            business_date=business_date,
        )
