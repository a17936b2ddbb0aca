"""A project taken through its procurement on chosen days (the deadline tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from budget.application import BudgetOffice
from budget.application.commands import (
    BidsEvaluated,
    ContractIn,
    InstallmentIn,
    InvitationAnnounced,
    PlanProject,
    PlanPublished,
    RecordProcurementStep,
    ReportApproved,
    SignContract,
    TermsSet,
    WinnerAnnounced,
)
from budget.application.results import Recorded
from budget.domain.procurement import Method
from tests.builders import FINANCE, FY, LAO

AMOUNT = Decimal("1000000.00")


def plan_on(office: BudgetOffice, code: str, on: date) -> UUID:
    return office.execute(
        PlanProject(
            lao_code=LAO,
            fiscal_year=FY,
            code=code,
            name=f"โครงการ {code}",
            line_code="BRIDGE",
            method=Method.E_BIDDING,
            amount=AMOUNT,
            method_reason="",
            business_date=on,
        ),
        actor=FINANCE,
    ).id


def step_on(office: BudgetOffice, project: UUID, step: object) -> Recorded:
    command = RecordProcurementStep(project_id=project, step=step)  # type: ignore[arg-type]
    return office.execute(command, actor=FINANCE)


def procured(office: BudgetOffice, code: str, *, planned_on: date, winner_on: date) -> UUID:
    """Planned on `planned_on`, its plan published the next day, its TOR then its report
    the same day, ... winner announced
    on `winner_on` (e-bidding)."""
    project = plan_on(office, code, planned_on)
    day = planned_on.replace(day=planned_on.day + 1)
    step_on(office, project, PlanPublished(business_date=day))
    step_on(
        office,
        project,
        TermsSet(reference_price=AMOUNT, public_hearing_ended_on=day, business_date=day),
    )
    step_on(office, project, ReportApproved(estimate=AMOUNT, business_date=day))
    step_on(office, project, InvitationAnnounced(invited_firms=3, business_date=day))
    step_on(office, project, BidsEvaluated(bids_received=3, business_date=winner_on))
    step_on(
        office,
        project,
        WinnerAnnounced(winner="หจก. ทดสอบ", offered_amount=AMOUNT, business_date=winner_on),
    )
    return project


def sign_on(
    office: BudgetOffice, project: UUID, on: date, due: tuple[date, ...] = (date(2027, 5, 14),)
) -> Recorded:
    """The contract signed on `on`, one installment per `due` date."""
    each = (AMOUNT / len(due)).quantize(Decimal("0.01"))
    amounts = [each] * (len(due) - 1) + [AMOUNT - each * (len(due) - 1)]
    terms = ContractIn(
        number="7/2570",
        contractor="หจก. ทดสอบ",
        contractor_tax_id="0503561000123",
        amount=AMOUNT,
        installments=[
            InstallmentIn(number=i + 1, amount=amount, due_on=day)
            for i, (amount, day) in enumerate(zip(amounts, due, strict=True))
        ],
    )
    return office.execute(
        SignContract.of(terms, project_id=project, business_date=on), actor=FINANCE
    )
