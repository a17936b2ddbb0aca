"""Rules of procurement: method and amount, the legal order of stages, the appeal window."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from budget.application.commands import (
    BidsEvaluated,
    InvitationAnnounced,
    PlanPublished,
    RecordProcurementStep,
    ReportApproved,
    SignContract,
    TermsSet,
)
from budget.domain.procurement import Method, Stage, stage_of
from tests.builders import (
    FINANCE,
    contract,
    contracted_project,
    enacted_office,
    planned_project,
    procured_until_winner,
    refused,
)


@pytest.mark.parametrize(
    ("method", "amount"),
    [
        (Method.SPECIFIC, "500000.00"),
        (Method.E_MARKET, "500000.01"),
        (Method.E_MARKET, "5000000.00"),
        (Method.E_BIDDING, "1500000.00"),
    ],
)
def test_a_method_that_fits_the_amount_is_accepted(method: Method, amount: str) -> None:
    office = enacted_office()
    project = planned_project(office, line_code="BRIDGE", method=method, amount=amount)
    assert office.project(project).stage is Stage.PLANNED


@pytest.mark.parametrize(
    ("method", "amount"),
    [
        (Method.SPECIFIC, "500000.01"),
        (Method.E_MARKET, "5000000.01"),
        (Method.E_MARKET, "400000.00"),
        (Method.E_BIDDING, "400000.00"),
        (Method.PRICE_QUOTATION, "1000000.00"),
        (Method.SELECTION, "1000000.00"),
    ],
)
def test_a_method_that_does_not_fit_is_refused_without_the_reason(
    method: Method, amount: str
) -> None:
    office = enacted_office()
    with refused(office, "method_does_not_fit_amount"):
        planned_project(office, line_code="BRIDGE", method=method, amount=amount)


def test_price_quotation_with_the_recorded_reason_is_accepted() -> None:
    office = enacted_office()
    project = planned_project(
        office,
        method=Method.PRICE_QUOTATION,
        amount="1000000.00",
        reason="พื้นที่ห่างไกล สัญญาณอินเทอร์เน็ตไม่เพียงพอ (ข้อ 32)",
    )
    assert office.project(project).method is Method.PRICE_QUOTATION


def test_stages_must_follow_the_legal_order() -> None:
    office = enacted_office()
    project = planned_project(office)
    with refused(office, "stage_out_of_order"):
        office.execute(
            RecordProcurementStep(
                project_id=project,
                step=BidsEvaluated(bids_received=2, business_date=date(2026, 11, 1)),
            ),
            actor=FINANCE,
        )
    office.execute(
        RecordProcurementStep(
            project_id=project, step=PlanPublished(business_date=date(2026, 10, 10))
        ),
        actor=FINANCE,
    )
    assert office.project(project).stage is Stage.PLAN_PUBLISHED


def test_a_stage_cannot_be_dated_before_the_previous_one() -> None:
    office = enacted_office()
    project = planned_project(office)
    with refused(office, "date_before_previous_stage"):
        office.execute(
            RecordProcurementStep(
                project_id=project, step=PlanPublished(business_date=date(2026, 10, 1))
            ),
            actor=FINANCE,
        )


def test_the_specific_method_skips_the_invitation() -> None:
    office = enacted_office()
    project = planned_project(office, method=Method.SPECIFIC, amount="450000.00")
    procured_until_winner(office, project, offered="440000.00")
    assert office.project(project).stage is Stage.WINNER_ANNOUNCED
    assert office.project(project).appeal_ends_on is None
    office.execute(
        SignContract.of(contract("440000.00"), project_id=project, business_date=date(2026, 11, 6)),
        actor=FINANCE,
    )
    assert office.project(project).stage is Stage.CONTRACT_SIGNED


def test_the_specific_method_has_no_invitation_step() -> None:
    office = enacted_office()
    project = planned_project(office, method=Method.SPECIFIC, amount="450000.00")
    office.execute(
        RecordProcurementStep(
            project_id=project, step=PlanPublished(business_date=date(2026, 10, 10))
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=TermsSet(reference_price=Decimal(450000), business_date=date(2026, 10, 11)),
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=ReportApproved(estimate=Decimal(450000), business_date=date(2026, 10, 12)),
        ),
        actor=FINANCE,
    )
    with refused(office, "stage_out_of_order"):
        office.execute(
            RecordProcurementStep(
                project_id=project, step=InvitationAnnounced(business_date=date(2026, 10, 13))
            ),
            actor=FINANCE,
        )


def test_e_bidding_needs_a_public_hearing_of_the_draft_tor() -> None:
    office = enacted_office()
    project = planned_project(office)
    office.execute(
        RecordProcurementStep(
            project_id=project, step=PlanPublished(business_date=date(2026, 10, 10))
        ),
        actor=FINANCE,
    )
    with refused(office, "public_hearing_required"):
        office.execute(
            RecordProcurementStep(
                project_id=project,
                step=TermsSet(reference_price=Decimal(1500000), business_date=date(2026, 10, 21)),
            ),
            actor=FINANCE,
        )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=TermsSet(
                reference_price=Decimal(1500000),
                public_hearing_ended_on=date(2026, 10, 20),
                business_date=date(2026, 10, 21),
            ),
        ),
        actor=FINANCE,
    )
    assert office.project(project).stage is Stage.TOR_SET
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=ReportApproved(estimate=Decimal(1500000), business_date=date(2026, 10, 22)),
        ),
        actor=FINANCE,
    )
    assert office.project(project).stage is Stage.REPORT_APPROVED


def test_selection_invites_at_least_three_firms() -> None:
    office = enacted_office()
    project = planned_project(
        office, method=Method.SELECTION, amount="1000000.00", reason="งานเฉพาะด้าน"
    )
    office.execute(
        RecordProcurementStep(
            project_id=project, step=PlanPublished(business_date=date(2026, 10, 10))
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=TermsSet(reference_price=Decimal(1000000), business_date=date(2026, 10, 11)),
        ),
        actor=FINANCE,
    )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=ReportApproved(estimate=Decimal(1000000), business_date=date(2026, 10, 12)),
        ),
        actor=FINANCE,
    )
    with refused(office, "too_few_invited_firms"):
        office.execute(
            RecordProcurementStep(
                project_id=project,
                step=InvitationAnnounced(invited_firms=2, business_date=date(2026, 10, 13)),
            ),
            actor=FINANCE,
        )
    office.execute(
        RecordProcurementStep(
            project_id=project,
            step=InvitationAnnounced(invited_firms=3, business_date=date(2026, 10, 13)),
        ),
        actor=FINANCE,
    )


def test_appeal_window_is_seven_thai_working_days() -> None:
    office = enacted_office()
    project = planned_project(office)
    procured_until_winner(office, project, offered="1400000.00")
    # Announced Friday 6 Nov 2026: 9–13 and 16–17 Nov are the seven working days.
    assert office.project(project).appeal_ends_on == date(2026, 11, 17)


def test_a_contract_is_not_signed_inside_the_appeal_window() -> None:
    office = enacted_office()
    project = planned_project(office)
    procured_until_winner(office, project, offered="1400000.00")
    with refused(office, "inside_appeal_window"):
        office.execute(
            SignContract.of(
                contract("1400000.00"), project_id=project, business_date=date(2026, 11, 17)
            ),
            actor=FINANCE,
        )
    office.execute(
        SignContract.of(
            contract("1400000.00"), project_id=project, business_date=date(2026, 11, 18)
        ),
        actor=FINANCE,
    )
    assert office.project(project).stage is Stage.CONTRACT_SIGNED


def test_installments_must_add_up_to_the_contract_amount() -> None:
    from budget.domain.contract import Contract, Installment
    from budget.domain.errors import DomainError

    with pytest.raises(DomainError) as raised:
        Contract(
            number="1",
            contractor="x",
            contractor_tax_id="",
            amount=Decimal(100),
            installments=[Installment(1, Decimal(60), date(2027, 1, 1))],
        )
    assert raised.value.code == "installments_do_not_add_up"


def test_the_contract_never_exceeds_the_money_available_on_the_line() -> None:
    office = enacted_office()
    # ROAD holds 2,000,000; another project already holds 600,000 of it.
    planned_project(office, code="P0", amount="600000.00", method=Method.E_MARKET)
    project = planned_project(office, code="P1", amount="1400000.00")
    procured_until_winner(office, project, offered="1400000.01")
    with refused(office, "insufficient_funds"):
        office.execute(
            SignContract.of(
                contract("1400000.01"), project_id=project, business_date=date(2026, 11, 18)
            ),
            actor=FINANCE,
        )


def test_a_project_budget_cannot_be_planned_beyond_the_line() -> None:
    office = enacted_office()
    with refused(office, "insufficient_funds"):
        planned_project(office, amount="2000000.01")


def test_the_saving_returns_to_the_line() -> None:
    office = enacted_office()
    contracted_project(office, amount="1400000.00", budget="1500000.00")
    ledger = office.budget("75001020", 2570).ledger("ROAD")
    assert ledger.available == Decimal("600000.00")  # 2,000,000 - 1,400,000
    assert ledger.total_committed == Decimal("1400000.00")


STAGE_CASES = [
    # closed, cancelled, last step, installments, inspected, paid in full: the stage
    ((False, False, None, 0, 0, 0), Stage.PLANNED),
    ((False, False, Stage.TOR_SET, 0, 0, 0), Stage.TOR_SET),
    ((False, False, Stage.WINNER_ANNOUNCED, 2, 0, 0), Stage.CONTRACT_SIGNED),
    ((False, False, Stage.WINNER_ANNOUNCED, 2, 1, 0), Stage.INSPECTED),
    ((False, False, Stage.WINNER_ANNOUNCED, 2, 2, 1), Stage.INSPECTED),
    ((False, False, Stage.WINNER_ANNOUNCED, 2, 2, 2), Stage.PAID),
    ((False, True, Stage.TOR_SET, 0, 0, 0), Stage.CANCELLED),
    ((True, False, Stage.WINNER_ANNOUNCED, 2, 2, 2), Stage.CLOSED),
    ((True, True, None, 0, 0, 0), Stage.CLOSED),
]


@pytest.mark.parametrize(("facts", "stage"), STAGE_CASES)
def test_the_stage_follows_from_what_was_recorded(facts: tuple[Any, ...], stage: Stage) -> None:
    closed, cancelled, last_step, installments, inspected, paid = facts
    found = stage_of(
        closed=closed,
        cancelled=cancelled,
        last_step=last_step,
        installments=installments,
        inspected=inspected,
        paid_in_full=paid,
    )
    assert found is stage


def test_the_next_step_is_the_methods_next_then_none_under_contract() -> None:
    office = enacted_office()
    planned = planned_project(
        office, code="P2", line_code="BRIDGE", method=Method.SPECIFIC, amount="5000.00"
    )
    # a 5,000-baht purchase may skip the plan and the TOR: its report is what must come
    assert office.project(planned).next_step is Stage.REPORT_APPROVED
    assert office.project(planned).open_steps == (
        Stage.PLAN_PUBLISHED,
        Stage.TOR_SET,
        Stage.REPORT_APPROVED,
    )
    assert office.project(contracted_project(office)).next_step is None
