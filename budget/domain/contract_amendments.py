"""A signed contract amended (การแก้ไขสัญญา): its time extended, its amount changed, or its
installments changed, each approved by the one the rules name and for a reason.

Regulation of the Ministry of Finance on Public Procurement B.E. 2560, cl. 165: a contract
is amended only where the amendment is needed and does not harm the state (or is to its
benefit), with the approval of the head of the agency (for an LAO, its executive), the
reason recorded; an amendment that changes the amount or the time is weighed by the
inspection committee (for construction, with its engineers). Time is also extended under
cl. 182 (a delay caused by the agency, force majeure). The regulation's exact wording was
not at hand while this was written; what is checked here is what a record must keep true:

- work already inspected is never amended (its amount and due date stay);
- an extension of time moves due dates later only;
- a change of amount stays within the money available on the project's line (the budget
  checks it, budget/domain/budget_spending.amend_commitment) and is signed in the year;
- the installments not yet inspected can still take back the advance not yet recovered.

The Project binds `amend_contract` as its method; its event stays the aggregate's own
(budget/domain/project.py), so its stored topic does not change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from budget.domain.access import Actor
from budget.domain.checks import check_given, check_not_before, check_reason
from budget.domain.contract import Contract, Installment
from budget.domain.contract_terms import capacity
from budget.domain.errors import ContractAmendmentNotAllowed, DomainError
from budget.domain.money import total
from budget.domain.procurement import Stage
from budget.domain.worded import Worded

if TYPE_CHECKING:
    from budget.domain.project import Project


class AmendmentKind(Worded):
    TIME_EXTENDED = "time_extended", "ขยายระยะเวลาตามสัญญา"  # ขยายระยะเวลาทำการตามสัญญา
    AMOUNT_CHANGED = "amount_changed", "แก้ไขวงเงินตามสัญญา"
    INSTALLMENTS_CHANGED = "installments_changed", "แก้ไขงวดงาน"  # แก้ไขงวดงานและการจ่ายเงิน


def _refused(problem: str, problem_th: str) -> DomainError:
    return ContractAmendmentNotAllowed(problem=problem, problem_th=problem_th)


def amend_contract(
    project: Project,
    *,
    kind: AmendmentKind,
    installments: list[Installment],
    approved_by: str,
    reason: str,
    actor: Actor,
    business_date: date,
) -> Contract:
    """The contract as amended (every installment, as it now stands). Returns it, so the
    budget can hold a changed amount."""
    project._check_open()
    old = project.contract
    if old is None:
        raise _refused("there is no signed contract", "ยังไม่ได้ลงนามในสัญญา")
    check_reason(reason)
    check_given(
        approved_by, problem="name who approved the amendment", problem_th="ต้องระบุผู้อนุมัติการแก้ไขสัญญา"
    )
    check_not_before(business_date, project.stage_dates[Stage.CONTRACT_SIGNED])
    new = replace(old, amount=total(i.amount for i in installments), installments=installments)
    _check_inspected_stay(project, old, new)
    _CHECKS[kind](old, new)
    _check_advance_recoverable(project, new)
    project._contract_amended(
        kind=kind,
        contract=new,
        previous_amount=old.amount,
        approved_by=approved_by.strip(),
        reason=reason.strip(),
        actor=actor,
        business_date=business_date,
    )
    return new


def _check_inspected_stay(project: Project, old: Contract, new: Contract) -> None:
    for number in project.inspected:
        before, after = old.installment(number), new.installment(number)
        if after is None or before is None or after.amount != before.amount:
            raise _refused(
                f"installment {number} is inspected: its amount stays",
                f"งวดที่ {number} ตรวจรับแล้ว แก้ไขจำนวนเงินไม่ได้",
            )
        if after.due_on != before.due_on:
            raise _refused(
                f"installment {number} is inspected: its due date stays",
                f"งวดที่ {number} ตรวจรับแล้ว แก้ไขวันครบกำหนดไม่ได้",
            )


def _time_extended(old: Contract, new: Contract) -> None:
    """The same installments, each due on its day or later, one at least later."""
    same = len(old.installments) == len(new.installments) and all(
        a.amount == b.amount for a, b in zip(old.installments, new.installments, strict=True)
    )
    if not same:
        raise _refused(
            "an extension of time keeps every installment and its amount",
            "การขยายระยะเวลาต้องคงงวดงานและจำนวนเงินเดิม",
        )
    pairs = list(zip(old.installments, new.installments, strict=True))
    if any(b.due_on < a.due_on for a, b in pairs) or all(b.due_on == a.due_on for a, b in pairs):
        raise _refused(
            "an extension of time moves due dates later, never earlier",
            "การขยายระยะเวลาต้องเลื่อนวันครบกำหนดออกไป ไม่เลื่อนเข้ามา",
        )


def _amount_changed(old: Contract, new: Contract) -> None:
    if new.amount == old.amount:
        raise _refused(
            f"the amount stays {old.amount:,.2f}: not a change of amount",
            f"วงเงินยังคงเป็น {old.amount:,.2f} บาท ไม่ใช่การแก้ไขวงเงิน",
        )


def _installments_changed(old: Contract, new: Contract) -> None:
    if new.amount != old.amount:
        raise _refused(
            f"a change of installments keeps the amount {old.amount:,.2f}",
            f"การแก้ไขงวดงานต้องคงวงเงิน {old.amount:,.2f} บาท",
        )
    if new.installments == old.installments:
        raise _refused("the installments are the same", "งวดงานเหมือนเดิม")


_CHECKS = {
    AmendmentKind.TIME_EXTENDED: _time_extended,
    AmendmentKind.AMOUNT_CHANGED: _amount_changed,
    AmendmentKind.INSTALLMENTS_CHANGED: _installments_changed,
}


def _check_advance_recoverable(project: Project, new: Contract) -> None:
    """The advance not yet taken back fits in what the installments not yet inspected
    can give (contract_terms.capacity)."""
    outstanding = project.advance_outstanding
    room = total(
        capacity(i.amount, new.terms) for i in new.installments if i.number not in project.inspected
    )
    if outstanding > room:
        raise _refused(
            f"the installments left ({room:,.2f}) cannot take back the advance "
            f"({outstanding:,.2f})",
            f"งวดที่เหลือ ({room:,.2f} บาท) หักคืนเงินล่วงหน้าที่ค้าง ({outstanding:,.2f} บาท) ไม่พอ",
        )
