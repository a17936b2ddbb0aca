"""The end of a project: money carried over past the year (กันเงิน, MoI regulation on LAO
budget methods B.E. 2563, the clauses on carrying over: see budget/domain/carry_over.py),
the unpaid rest cancelled after the carry-over deadline, a reasoned cancellation, and the
closing once every installment is inspected and paid. The Project binds each as its method;
its events stay the aggregate's own (budget/domain/project.py), so their stored topics do
not change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.budget_lines import CarryOverKind
from budget.domain.checks import check_reason
from budget.domain.errors import CarryOverNotAllowed, InvalidInput, ProjectNotFinished
from budget.domain.procurement import Stage

if TYPE_CHECKING:
    from budget.domain.project import Project


def carry_over(
    project: Project,
    *,
    kind: CarryOverKind,
    amount: Decimal,
    deadline: date,
    actor: Actor,
    business_date: date,
) -> None:
    """Mirror of the budget's กันเงิน: payments may follow until the deadline. Never more
    than the project still owes (a fine withheld is never paid, so never carried)."""
    project._check_open()
    if amount > project.unpaid:
        raise CarryOverNotAllowed(
            problem=f"{amount:,.2f} is more than the project still owes, {project.unpaid:,.2f}",
            problem_th=f"{amount:,.2f} บาท เกินกว่าที่โครงการยังต้องจ่าย {project.unpaid:,.2f} บาท",
        )
    project._carried_over(
        kind=kind, amount=amount, deadline=deadline, actor=actor, business_date=business_date
    )


def cancel_carried_funds(project: Project, *, actor: Actor, business_date: date) -> Decimal:
    """Past the carry-over deadline the unpaid rest is cancelled; returns how much."""
    project._check_open()
    if project.carried_until is None or business_date <= project.carried_until:
        raise InvalidInput(
            problem="carried money is cancelled only after its deadline",
            problem_th="ยกเลิกเงินกันได้หลังครบกำหนดเท่านั้น",
        )
    unpaid = project.unpaid
    project._carried_funds_cancelled(unpaid=unpaid, actor=actor, business_date=business_date)
    return unpaid


def cancel(project: Project, *, reason: str, actor: Actor, business_date: date) -> None:
    project._check_open()
    check_reason(reason)
    project._check_not_before_the_last_fact(business_date)
    project._cancelled(reason=reason.strip(), actor=actor, business_date=business_date)


def close(project: Project, *, actor: Actor, business_date: date) -> None:
    """Closed once every installment is inspected and paid and the retention returned,
    not before the last fact."""
    project._check_open()
    if project.stage is not Stage.PAID:
        raise ProjectNotFinished(
            problem="every installment must be inspected and paid",
            problem_th="ทุกงวดต้องตรวจรับและเบิกจ่ายแล้ว",
        )
    if project.retention_held:
        raise ProjectNotFinished(
            problem="the retention is held until the warranty ends: return it first",
            problem_th="ยังมีเงินประกันผลงานที่ต้องคืนเมื่อพ้นระยะเวลารับประกัน",
        )
    project._check_not_before_the_last_fact(business_date)
    project._closed(actor=actor, business_date=business_date)
