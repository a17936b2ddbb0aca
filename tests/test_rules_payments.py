"""Rules of delivery and payment, corrections, cancellation and closing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.application.commands import (
    CancelCarriedFunds,
    CancelProject,
    CarryOver,
    CloseProject,
    CloseYear,
    CorrectPayment,
    CorrectStageDate,
    CouncilApprovalIn,
    InspectInstallment,
    PlanProject,
    SignContract,
    TransferFunds,
)
from budget.domain.procurement import Method, Stage
from tests.builders import (
    AUDITOR,
    FINANCE,
    LAO,
    contracted_project,
    enacted_office,
    inspect,
    pay,
    refused,
)


def test_a_payment_is_for_an_inspected_installment() -> None:
    office = enacted_office()
    project = contracted_project(office)
    with refused(office, "installment_not_inspected"):
        pay(office, project, 1, 700000, voucher="ฎ1/70", on=date(2027, 1, 20))
    inspect(office, project, 1, date(2027, 1, 15))
    pay(office, project, 1, 700000, voucher="ฎ1/70", on=date(2027, 1, 20))
    assert office.project(project).paid == Decimal("700000.00")
    assert office.project(project).stage is Stage.INSPECTED


def test_an_installment_is_inspected_once() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    with refused(office, "installment_already_inspected"):
        inspect(office, project, 1, date(2027, 1, 16))
    with refused(office, "installment_not_found"):
        inspect(office, project, 3, date(2027, 1, 16))


def test_paid_never_exceeds_the_installment_nor_the_contract() -> None:
    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    inspect(office, project, 1, date(2027, 1, 15))
    with refused(office, "payment_exceeds_installment"):
        pay(office, project, 1, "700000.01", voucher="ฎ1", on=date(2027, 1, 20))


def test_a_voucher_is_recorded_once() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    pay(office, project, 1, 100, voucher="ฎ1", on=date(2027, 1, 20))
    with refused(office, "duplicate_voucher"):
        pay(office, project, 1, 100, voucher="ฎ1", on=date(2027, 1, 21))


def test_a_payment_date_must_fall_inside_the_fiscal_year() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 9, 1))
    with refused(office, "payment_date_not_allowed"):
        pay(office, project, 1, 700000, voucher="ฎ9", on=date(2027, 10, 1))
    pay(office, project, 1, 700000, voucher="ฎ9", on=date(2027, 9, 30))


def test_carried_over_money_may_be_paid_until_its_deadline() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal("1400000.00"),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )
    inspect(office, project, 1, date(2027, 11, 1))
    pay(office, project, 1, 700000, voucher="ฎ1", on=date(2027, 11, 15))
    inspect(office, project, 2, date(2028, 4, 1))
    with refused(office, "payment_date_not_allowed"):
        pay(office, project, 2, 700000, voucher="ฎ2", on=date(2028, 4, 2))
    # what is carried and not yet paid
    assert office.budget(LAO, 2570).ledger("ROAD").carried[str(project)] == Decimal("700000.00")


def test_carry_over_of_uncommitted_money_needs_the_council() -> None:
    from budget.domain.budget_lines import CarryOverKind
    from tests.builders import planned_project

    office = enacted_office()
    project = planned_project(office)
    with refused(office, "carry_over_not_allowed"):
        office.execute(
            CarryOver(
                project_id=project,
                kind=CarryOverKind.COMMITTED,
                amount=Decimal(1000),
                deadline=date(2028, 3, 31),
                business_date=date(2027, 9, 25),
            ),
            actor=FINANCE,
        )
    with refused(office, "council_approval_required"):
        office.execute(
            CarryOver(
                project_id=project,
                kind=CarryOverKind.COUNCIL_APPROVED,
                amount=Decimal(1000),
                deadline=date(2028, 3, 31),
                business_date=date(2027, 9, 25),
            ),
            actor=FINANCE,
        )
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COUNCIL_APPROVED,
            amount=Decimal(1000),
            deadline=date(2028, 3, 31),
            council_approval=CouncilApprovalIn(
                resolution="สมัยวิสามัญ 2/2570", approved_on=date(2027, 9, 20)
            ),
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )


def test_a_payment_is_corrected_by_a_reasoned_event_that_points_at_it() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    paid = pay(office, project, 1, 70000, voucher="ฎ1", on=date(2027, 1, 20))
    with refused(office, "reason_required"):
        office.execute(
            CorrectPayment(
                project_id=project,
                corrects_version=paid.version,
                amount=Decimal(700000),
                reason=" ",
            ),
            actor=FINANCE,
        )
    with refused(office, "event_not_correctable"):
        office.execute(
            CorrectPayment(
                project_id=project, corrects_version=1, amount=Decimal(700000), reason="พิมพ์ผิด"
            ),
            actor=FINANCE,
        )
    office.execute(
        CorrectPayment(
            project_id=project,
            corrects_version=paid.version,
            amount=Decimal(700000),
            reason="บันทึกจำนวนเงินผิด ขาดศูนย์หนึ่งตัว",
        ),
        actor=FINANCE,
    )
    assert office.project(project).paid == Decimal("700000.00")
    assert office.budget(LAO, 2570).ledger("ROAD").total_paid == Decimal("700000.00")
    last = office.history(project, actor=AUDITOR)[-1]
    assert last.event_type == "Project.PaymentCorrected"
    assert last.details["corrects_version"] == paid.version
    assert last.reason == "บันทึกจำนวนเงินผิด ขาดศูนย์หนึ่งตัว"


def test_a_stage_date_is_corrected_with_a_reason() -> None:
    office = enacted_office()
    project = contracted_project(office)
    office.execute(
        CorrectStageDate(
            project_id=project,
            stage=Stage.PLAN_PUBLISHED,
            corrected_date=date(2026, 10, 12),
            reason="วันที่ประกาศตามเอกสารจริง",
        ),
        actor=FINANCE,
    )
    assert office.project(project).stage_dates[Stage.PLAN_PUBLISHED] == date(2026, 10, 12)
    with refused(office, "date_before_previous_stage"):
        office.execute(
            CorrectStageDate(
                project_id=project,
                stage=Stage.PLAN_PUBLISHED,
                corrected_date=date(2026, 10, 1),
                reason="x",
            ),
            actor=FINANCE,
        )


def test_cancelling_returns_the_unpaid_money_to_the_line() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    pay(office, project, 1, 700000, voucher="ฎ1", on=date(2027, 1, 20))
    with refused(office, "reason_required"):
        office.execute(CancelProject(project_id=project, reason=""), actor=FINANCE)
    office.execute(
        CancelProject(
            project_id=project, reason="ผู้รับจ้างทิ้งงาน บอกเลิกสัญญา", business_date=date(2027, 2, 1)
        ),
        actor=FINANCE,
    )
    ledger = office.budget(LAO, 2570).ledger("ROAD")
    assert ledger.available == Decimal("1300000.00")  # 2,000,000 - the 700,000 paid
    assert office.project(project).stage is Stage.CANCELLED
    with refused(office, "project_closed"):
        office.execute(InspectInstallment(project_id=project, installment=2), actor=FINANCE)


def test_a_project_closes_only_when_every_installment_is_paid() -> None:
    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    with refused(office, "project_not_finished"):
        office.execute(CloseProject(project_id=project), actor=FINANCE)
    for number, day in ((1, 15), (2, 16)):
        inspect(office, project, number, date(2027, 3, day))
        pay(office, project, number, 700000, voucher=f"ฎ{number}", on=date(2027, 3, 20))
    assert office.project(project).stage is Stage.PAID
    office.execute(CloseProject(project_id=project, business_date=date(2027, 3, 31)), actor=FINANCE)
    assert office.project(project).stage is Stage.CLOSED


def test_at_year_end_what_was_neither_paid_nor_carried_lapses() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    inspect(office, project, 1, date(2027, 3, 1))
    pay(office, project, 1, 700000, voucher="ฎ1", on=date(2027, 3, 5))
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(700000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )
    with refused(office, "invalid_input"):
        office.execute(
            CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 9, 30)),
            actor=FINANCE,
        )
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    lapsed = office.history(office.budget(LAO, 2570).id, actor=AUDITOR)[-1].details["lapsed"]
    assert lapsed["ROAD"] == Decimal("600000.00")  # 2,000,000 - 700,000 paid - 700,000 carried
    assert lapsed["BRIDGE"] == Decimal("6000000.00")
    with refused(office, "budget_year_closed"):
        office.execute(
            PlanProject(
                lao_code=LAO,
                fiscal_year=2570,
                code="LATE",
                name="ช้าไป",
                line_code="BRIDGE",
                method=Method.E_BIDDING,
                amount=Decimal(1000000),
            ),
            actor=FINANCE,
        )
    # Carried money is still paid in the carry-over period.
    inspect(office, project, 2, date(2027, 12, 1))
    pay(office, project, 2, 700000, voucher="ฎ2", on=date(2027, 12, 5))
    assert office.project(project).stage is Stage.PAID


def test_carried_money_unpaid_at_its_deadline_is_cancelled() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(1400000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )
    with refused(office, "invalid_input"):
        office.execute(
            CancelCarriedFunds(project_id=project, business_date=date(2028, 3, 31)), actor=FINANCE
        )
    office.execute(
        CancelCarriedFunds(project_id=project, business_date=date(2028, 4, 1)), actor=FINANCE
    )
    assert office.budget(LAO, 2570).ledger("ROAD").carried[str(project)] == Decimal("0.00")
    assert office.project(project).stage is Stage.CANCELLED


def test_after_the_year_only_the_carried_amount_is_paid() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(100000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    inspect(office, project, 1, date(2027, 11, 1))
    with refused(office, "exceeds_carried_amount"):
        pay(office, project, 1, 700000, voucher="ฎ1", on=date(2027, 11, 2))
    pay(office, project, 1, 100000, voucher="ฎ1", on=date(2027, 11, 2))
    ledger = office.budget(LAO, 2570).ledger("ROAD")
    assert ledger.carried[str(project)] == Decimal("0.00")
    lapsed = office.history(office.budget(LAO, 2570).id, actor=AUDITOR)[-2].details["lapsed"][
        "ROAD"
    ]
    assert lapsed + ledger.disbursed == Decimal("2000000.00")


def test_a_payment_before_year_end_reduces_what_needs_carrying() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(1400000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 20),
        ),
        actor=FINANCE,
    )
    inspect(office, project, 1, date(2027, 9, 25))
    pay(office, project, 1, 700000, voucher="ฎ1", on=date(2027, 9, 28))
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    lapsed = office.history(office.budget(LAO, 2570).id, actor=AUDITOR)[-1].details["lapsed"][
        "ROAD"
    ]
    assert lapsed == Decimal("600000.00")  # 2,000,000 - 700,000 paid - 700,000 still carried


def test_cancelling_a_carried_project_lets_its_money_lapse() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(1400000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 1),
        ),
        actor=FINANCE,
    )
    office.execute(
        CancelProject(project_id=project, reason="บอกเลิกสัญญา", business_date=date(2027, 9, 10)),
        actor=FINANCE,
    )
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    lapsed = office.history(office.budget(LAO, 2570).id, actor=AUDITOR)[-1].details["lapsed"][
        "ROAD"
    ]
    assert lapsed == Decimal("2000000.00")


def test_no_contract_is_signed_after_the_fiscal_year() -> None:
    from tests.builders import contract, planned_project, procured_until_winner

    office = enacted_office()
    project = planned_project(office)
    procured_until_winner(office, project, offered="1400000.00")
    with refused(office, "date_outside_fiscal_year"):
        office.execute(
            SignContract.of(
                contract("1400000.00"), project_id=project, business_date=date(2027, 12, 1)
            ),
            actor=FINANCE,
        )


def test_the_dates_that_set_legal_deadlines_are_not_corrected() -> None:
    office = enacted_office()
    project = contracted_project(office)
    for stage in (Stage.WINNER_ANNOUNCED, Stage.CONTRACT_SIGNED, Stage.CANCELLED):
        with refused(office, "event_not_correctable"):
            office.execute(
                CorrectStageDate(
                    project_id=project, stage=stage, corrected_date=date(2026, 11, 7), reason="x"
                ),
                actor=FINANCE,
            )


def test_a_project_is_not_cancelled_before_what_already_happened() -> None:
    office = enacted_office()
    project = contracted_project(office)  # contract signed 18 Nov 2026
    with refused(office, "date_before_previous_stage"):
        office.execute(
            CancelProject(project_id=project, reason="ยกเลิก", business_date=date(2026, 11, 1)),
            actor=FINANCE,
        )


def test_once_the_year_is_closed_nothing_dated_inside_it_is_recorded() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 9, 1))
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    with refused(office, "budget_year_closed"):
        pay(office, project, 1, 1000, voucher="ฎ-late", on=date(2027, 9, 15))


def test_a_transfer_happens_inside_its_fiscal_year() -> None:
    from tests.builders import EXECUTIVE

    office = enacted_office()
    with refused(office, "date_outside_fiscal_year"):
        office.execute(
            TransferFunds(
                lao_code=LAO,
                fiscal_year=2570,
                from_line="SUPPLIES",
                to_line="SERVICES",
                amount=Decimal(1000),
                business_date=date(2027, 10, 2),
            ),
            actor=EXECUTIVE,
        )


def test_a_larger_corrected_payment_before_year_end_reduces_what_is_carried() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    inspect(office, project, 1, date(2027, 9, 1))
    pay(office, project, 1, 100000, voucher="ฎ1", on=date(2027, 9, 2))
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(1300000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 20),
        ),
        actor=FINANCE,
    )
    office.execute(
        CorrectPayment(
            project_id=project,
            corrects_version=max(office.project(project).payments),
            amount=Decimal(700000),
            reason="ใส่จำนวนเงินผิด",
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )
    ledger = office.budget(LAO, 2570).ledger("ROAD")
    assert ledger.carried[str(project)] == Decimal("700000.00")  # 1,400,000 - 700,000 paid


def test_after_the_year_a_correction_comes_out_of_the_carried_money() -> None:
    from budget.domain.budget_lines import CarryOverKind

    office = enacted_office()
    project = contracted_project(office, amount="1400000.00")
    office.execute(
        CarryOver(
            project_id=project,
            kind=CarryOverKind.COMMITTED,
            amount=Decimal(200000),
            deadline=date(2028, 3, 31),
            business_date=date(2027, 9, 25),
        ),
        actor=FINANCE,
    )
    office.execute(
        CloseYear(lao_code=LAO, fiscal_year=2570, business_date=date(2027, 10, 1)), actor=FINANCE
    )
    inspect(office, project, 1, date(2027, 11, 1))
    pay(office, project, 1, 150000, voucher="ฎ1", on=date(2027, 11, 2))
    payment = max(office.project(project).payments)
    with refused(office, "exceeds_carried_amount"):
        office.execute(
            CorrectPayment(
                project_id=project,
                corrects_version=payment,
                amount=Decimal(250000),
                reason="เพิ่ม",
                business_date=date(2027, 11, 3),
            ),
            actor=FINANCE,
        )
    office.execute(
        CorrectPayment(
            project_id=project,
            corrects_version=payment,
            amount=Decimal(120000),
            reason="ลด",
            business_date=date(2027, 11, 3),
        ),
        actor=FINANCE,
    )
    assert office.budget(LAO, 2570).ledger("ROAD").carried[str(project)] == Decimal("80000.00")
