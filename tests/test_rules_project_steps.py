"""A project's steps (Public Procurement Act B.E. 2560): each records who did it, when and what,
in the legal order, never dated before the step it follows; its wrong dates are corrected with a
reason; a closed or cancelled project records nothing more."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from budget.application.commands import PlanProject
from budget.domain.authority_types import AuthorityType
from budget.domain.budget import AnnualBudget
from budget.domain.classification import BudgetGroup
from budget.domain.errors import DomainError
from budget.domain.procurement import Method, Stage
from budget.domain.project import Project
from tests.builders import (
    FINANCE,
    FY,
    LAO,
    PROVINCE,
    cancel_carried,
    contract,
    contracted_project,
    enacted_office,
    inspect,
    pay,
    planned_project,
    refused,
    sign,
    step,
)
from tests.given_when_then import refused_by, then_recorded, then_recorded_only, when

OCT_10 = date(2026, 10, 10)


def test_planning_records_the_project_and_sets_its_budget_aside() -> None:
    office = enacted_office()
    with when(office) as recorded:
        project = office.execute(
            PlanProject(
                lao_code=LAO,
                fiscal_year=FY,
                code=" P1 ",
                name=" ถนน คสล. ",
                line_code="ROAD",
                method=Method.PRICE_QUOTATION,
                amount=Decimal("1000000.00"),
                method_reason=" อินเทอร์เน็ตไม่เพียงพอ ",
                business_date=date(2026, 10, 5),
            ),
            actor=FINANCE,
        ).id
    then_recorded_only(recorded, Project.Planned, AnnualBudget.FundsReserved)
    then_recorded(
        recorded,
        Project.Planned,
        lao_code=LAO,
        province_code=PROVINCE,
        lao_type=AuthorityType.SAO,
        fiscal_year=FY,
        code="P1",
        name="ถนน คสล.",
        budget_id=office.budget(LAO, FY).id,
        line_code="ROAD",
        budget_group=BudgetGroup.INVESTMENT,
        method=Method.PRICE_QUOTATION,
        amount=Decimal("1000000.00"),
        method_reason="อินเทอร์เน็ตไม่เพียงพอ",
        actor=FINANCE,
        business_date=date(2026, 10, 5),
    )
    then_recorded(
        recorded,
        AnnualBudget.FundsReserved,
        project_id=str(project),
        line_code="ROAD",
        amount=Decimal("1000000.00"),
        actor=FINANCE,
        business_date=date(2026, 10, 5),
    )
    assert project == UUID("47a4ab45-4ac3-584d-8be5-41b02a5cef90")  # uuid5 of LAO/2570/P1
    assert Project.create_id(LAO, FY, "P1") == project


def test_a_project_needs_a_code_a_name_and_a_positive_budget() -> None:
    office = enacted_office()
    problem = "a project needs a code and a name"
    for code, name in ((" ", "ถนน"), ("P1", " ")):
        with refused(office, "invalid_input", problem=problem):
            office.execute(
                PlanProject(lao_code=LAO, fiscal_year=FY, code=code, name=name, line_code="ROAD",
                            method=Method.SPECIFIC, amount=Decimal(1)),
                actor=FINANCE,
            )  # fmt: skip
    with refused(office, "invalid_input", problem="a project needs a positive budget"):
        planned_project(office, method=Method.SPECIFIC, amount="0")
    planned_project(office, method=Method.SPECIFIC, amount="0.01")


def test_each_procurement_step_records_who_when_and_what() -> None:
    office = enacted_office()
    project = planned_project(office)  # e-bidding, 1,500,000, planned 5 Oct 2026
    steps = [
        ("publish", date(2026, 10, 5), {}, Project.ProcurementPlanPublished, {}),
        (
            "set_tor",
            date(2026, 10, 15),
            {"reference_price": Decimal("1440000"), "public_hearing_ended_on": date(2026, 10, 14)},
            Project.TermsOfReferenceSet,
            {
                "reference_price": Decimal("1440000.00"),
                "public_hearing_ended_on": date(2026, 10, 14),
            },
        ),
        (
            "approve_report",
            date(2026, 10, 21),
            {"estimate": Decimal("1450000")},
            Project.ProcurementReportApproved,
            # the report states the TOR's reference price (cl. 22 (3))
            {"estimate": Decimal("1450000.00"), "reference_price": Decimal("1440000.00"),
             "simplified": False},
        ),
        ("invite", date(2026, 10, 21), {"invited_firms": 5}, Project.InvitationAnnounced,
         {"invited_firms": 5}),
        ("evaluate_bids", date(2026, 11, 5), {"bids_received": 1}, Project.BidsEvaluated,
         {"bids_received": 1}),
        (
            "announce_winner",
            date(2026, 11, 6),
            {"winner": " หจก. ทดสอบ ", "offered_amount": Decimal("1400000")},
            Project.WinnerAnnounced,
            {"winner": "หจก. ทดสอบ", "offered_amount": Decimal("1400000.00"),
             "appeal_ends_on": date(2026, 11, 17)},
        ),
    ]  # fmt: skip
    for command, on, details, event_class, fields in steps:
        with when(office) as recorded:
            step(office, project, command, on, **details)
        then_recorded_only(recorded, event_class)
        then_recorded(recorded, event_class, actor=FINANCE, business_date=on, **fields)
    with when(office) as recorded:
        sign(office, project, "1400000.00")
    then_recorded(
        recorded,
        Project.ContractSigned,
        contract=contract("1400000.00").contract(),
        actor=FINANCE,
        business_date=date(2026, 11, 18),
    )
    with when(office) as recorded:
        inspect(office, project, 2, date(2026, 11, 18))
    then_recorded(recorded, Project.InstallmentInspected, installment=2, committee_note="")
    with when(office) as recorded:
        inspect(office, project, 1, date(2026, 11, 18), note="ครบถ้วน")  # the day of signing
    then_recorded(
        recorded,
        Project.InstallmentInspected,
        installment=1,
        committee_note="ครบถ้วน",
        actor=FINANCE,
        business_date=date(2026, 11, 18),
    )
    assert office.project(project).stage is Stage.INSPECTED


def test_a_step_out_of_order_names_the_step_expected() -> None:
    office = enacted_office()
    project = planned_project(office)
    with refused(office, "stage_out_of_order", stage="bids_evaluated", expected="plan_published"):
        step(office, project, "evaluate_bids", OCT_10, bids_received=2)
    with refused(
        office, "date_before_previous_stage", date=date(2026, 10, 4), previous=date(2026, 10, 5)
    ):
        step(office, project, "publish", date(2026, 10, 4))
    step(office, project, "publish", OCT_10)
    with refused(  # the TOR and reference price first (cl. 21), then the report (cl. 22)
        office, "stage_out_of_order", stage="report_approved", expected="tor_set"
    ):
        step(office, project, "approve_report", date(2026, 10, 12), estimate=Decimal(1))
    with refused(  # after the plan, but before the step it follows
        office, "date_before_previous_stage", date=date(2026, 10, 8), previous=OCT_10
    ):
        step(office, project, "set_tor", date(2026, 10, 8), reference_price=Decimal(1),
             public_hearing_ended_on=date(2026, 10, 7))  # fmt: skip
    with refused(office, "installment_not_found", number=1):  # no contract yet
        inspect(office, project, 1, OCT_10)
    other = enacted_office()
    signed = contracted_project(other)
    # after the contract, the next thing is an installment's inspection (issue 13, item 10)
    with refused(other, "stage_out_of_order", stage="contract_signed", expected="inspected"):
        sign(other, signed, "1400000.00")


def test_bids_are_evaluated_when_one_arrived_and_a_winner_is_named() -> None:
    office = enacted_office()
    project = planned_project(office, method=Method.SPECIFIC, amount="450000.00")
    step(office, project, "publish", OCT_10)
    step(office, project, "set_tor", OCT_10, reference_price=Decimal(450000))
    step(office, project, "approve_report", OCT_10, estimate=Decimal(450000))
    with refused(
        office, "invalid_input", problem="bids can be evaluated only when at least one arrived"
    ):
        step(office, project, "evaluate_bids", OCT_10, bids_received=0)
    step(office, project, "evaluate_bids", OCT_10, bids_received=1)
    with refused(office, "invalid_input", problem="name the winner"):
        step(office, project, "announce_winner", OCT_10, winner=" ", offered_amount=Decimal(1))
    with when(office) as recorded:
        step(office, project, "announce_winner", OCT_10, winner="ร้าน ก", offered_amount=Decimal(1))
    then_recorded(recorded, Project.WinnerAnnounced, appeal_ends_on=None)  # specific: no appeal


def test_an_inspection_is_not_dated_before_the_contract() -> None:
    office = enacted_office()
    project = contracted_project(office)  # signed 18 Nov 2026
    with refused(
        office, "date_before_previous_stage", date=date(2026, 11, 17), previous=date(2026, 11, 18)
    ):
        inspect(office, project, 1, date(2026, 11, 17))
    with refused(office, "installment_not_inspected", number=2):
        pay(office, project, 2, "1.00")
    inspect(office, project, 1, date(2026, 11, 18))
    with refused(office, "installment_already_inspected", number=1):
        inspect(office, project, 1, date(2026, 11, 19))


def test_a_stage_date_moves_between_its_neighbours_with_a_reason() -> None:
    office = enacted_office()
    project = contracted_project(office)  # plan 5 Oct, published 10 Oct, TOR 15 Oct, report 21 Oct
    with when(office) as recorded:
        step(office, project, "correct_stage_date", date(2026, 12, 1), stage=Stage.TOR_SET,
             corrected_date=date(2026, 10, 10), reason=" วันที่ตามหนังสืออนุมัติ ")  # fmt: skip
    then_recorded(
        recorded,
        Project.StageDateCorrected,
        stage=Stage.TOR_SET,
        old_date=date(2026, 10, 15),
        corrected_date=date(2026, 10, 10),  # the day of the step before: allowed
        reason="วันที่ตามหนังสืออนุมัติ",
        actor=FINANCE,
        business_date=date(2026, 12, 1),
    )
    fix = {"stage": Stage.TOR_SET, "reason": "แก้ไข"}
    step(office, project, "correct_stage_date", OCT_10, corrected_date=date(2026, 10, 21), **fix)
    with refused(
        office, "invalid_input", problem="the corrected date falls after the next stage's date"
    ):
        step(
            office, project, "correct_stage_date", OCT_10, corrected_date=date(2026, 10, 22), **fix
        )
    with refused(office, "reason_required"):
        step(office, project, "correct_stage_date", OCT_10, stage=Stage.TOR_SET,
             corrected_date=date(2026, 10, 12), reason=" ")  # fmt: skip
    with refused(
        office,
        "event_not_correctable",
        version=0,
        problem="the date of winner_announced sets legal deadlines",
    ):
        step(office, project, "correct_stage_date", OCT_10, stage=Stage.WINNER_ANNOUNCED,
             corrected_date=date(2026, 11, 6), reason="x")  # fmt: skip


def test_the_last_step_recorded_may_move_later_and_a_step_not_recorded_not_at_all() -> None:
    office = enacted_office()
    project = planned_project(office)
    step(office, project, "publish", OCT_10)
    step(office, project, "set_tor", date(2026, 10, 15), reference_price=Decimal(1),
         public_hearing_ended_on=date(2026, 10, 14))  # fmt: skip
    with refused(
        office, "invalid_input", problem="the corrected date falls after the next stage's date"
    ):  # the step before the last one stays before it
        step(office, project, "correct_stage_date", OCT_10, stage=Stage.PLAN_PUBLISHED,
             corrected_date=date(2026, 10, 16), reason="x")  # fmt: skip
    project = planned_project(office, code="P2", method=Method.SPECIFIC, amount="100000.00")
    step(office, project, "publish", OCT_10)
    step(office, project, "correct_stage_date", OCT_10, stage=Stage.PLAN_PUBLISHED,
         corrected_date=date(2026, 12, 31), reason="ประกาศจริงปลายปี")  # fmt: skip
    assert office.project(project).stage_dates[Stage.PLAN_PUBLISHED] == date(2026, 12, 31)
    with refused(
        office, "event_not_correctable", version=0, problem="stage tor_set was not recorded"
    ):
        step(office, project, "correct_stage_date", OCT_10, stage=Stage.TOR_SET,
             corrected_date=date(2026, 12, 31), reason="x")  # fmt: skip


def test_a_project_is_closed_or_cancelled_on_or_after_its_last_fact_and_then_records_nothing() -> (
    None
):
    office = enacted_office()
    project = contracted_project(office)
    with refused(
        office, "project_not_finished", problem="every installment must be inspected and paid"
    ):
        step(office, project, "close", date(2027, 4, 1))
    for number in (1, 2):
        inspect(office, project, number, date(2027, 3, 15))
        pay(office, project, number, "700000.00", on=date(2027, 3, 20))
    with refused(
        office, "date_before_previous_stage", date=date(2027, 3, 19), previous=date(2027, 3, 20)
    ):
        step(office, project, "close", date(2027, 3, 19))
    with when(office) as recorded:
        step(office, project, "close", date(2027, 3, 20))  # the day of the last payment
    then_recorded(recorded, Project.Closed, actor=FINANCE, business_date=date(2027, 3, 20))
    with refused(office, "project_closed", state="ดำเนินการแล้วเสร็จ", state_en="closed"):
        step(office, project, "cancel", date(2027, 4, 1), reason="x")
    cancelled = planned_project(office, code="P2", amount="100000.00", method=Method.SPECIFIC)
    step(office, cancelled, "cancel", date(2026, 10, 5), reason=" ไม่ได้ดำเนินการ ")
    assert office.project(cancelled).stage is Stage.CANCELLED
    with refused(office, "project_closed", state="ยกเลิก", state_en="cancelled"):
        step(office, cancelled, "publish", OCT_10)
    other = enacted_office()
    never_carried = contracted_project(other)
    with refused(
        other, "invalid_input", problem="carried money is cancelled only after its deadline"
    ):
        cancel_carried(other, never_carried, date(2028, 4, 1))


def test_an_invitation_and_a_plan_record_what_was_left_unsaid_as_empty() -> None:
    office = enacted_office()
    project = planned_project(office)
    step(office, project, "publish", OCT_10)
    hearing = {"reference_price": Decimal(1), "public_hearing_ended_on": OCT_10}
    step(office, project, "set_tor", OCT_10, **hearing)
    step(office, project, "approve_report", OCT_10, estimate=Decimal(1))
    with when(office) as recorded:
        step(office, project, "invite", OCT_10)
    then_recorded(recorded, Project.InvitationAnnounced, invited_firms=0)
    planned = Project.plan(
        lao_code=LAO, province_code=PROVINCE, lao_type=AuthorityType.SAO, fiscal_year=FY, code="P9",
        name="ก", budget_id=office.budget(LAO, FY).id, line_code="ROAD",
        budget_group=BudgetGroup.INVESTMENT, method=Method.SPECIFIC, amount=Decimal(1),
        actor=FINANCE, business_date=OCT_10,
    )  # fmt: skip
    then_recorded(planned.collect_events(), Project.Planned, method_reason="")


def test_a_project_may_go_from_plan_to_payment_on_the_first_day_of_the_year() -> None:
    """At the domain's own door: the specific method, every step on 1 October 2026, the
    inspection without a committee note, and a payment on the first day of the year."""
    first = date(2026, 10, 1)
    project = Project.plan(
        lao_code=LAO, province_code=PROVINCE, lao_type=AuthorityType.SAO, fiscal_year=FY, code="P1",
        name="ซ่อมถนน", budget_id=UUID(int=1), line_code="ROAD", budget_group=BudgetGroup.INVESTMENT,
        method=Method.SPECIFIC, amount=Decimal(1000), actor=FINANCE, business_date=first,
    )  # fmt: skip
    on = {"actor": FINANCE, "business_date": first}
    project.publish_plan(**on)
    project.set_terms_of_reference(reference_price=Decimal(1000), **on)
    project.approve_procurement_report(estimate=Decimal(1000), **on)
    project.evaluate_bids(bids_received=1, **on)
    project.announce_winner(winner="ร้าน ก", offered_amount=Decimal(1000), **on)
    project.sign_contract(contract=contract("1000.00", installments=1).contract(), **on)
    project.inspect(installment=1, **on)
    project.record_payment(installment=1, amount=Decimal(1000), voucher="ฎ1", **on)
    recorded = project.collect_events()
    then_recorded(recorded, Project.InstallmentInspected, committee_note="")
    then_recorded(recorded, Project.PaymentRecorded, business_date=first)
    assert project.stage is Stage.PAID
    before = date(2026, 9, 30)
    with refused_by(project, "payment_date_not_allowed", date=before, fiscal_year=FY):
        project.check_payment_date(before)


def test_an_invitation_at_the_domains_door_records_no_firms_unless_told() -> None:
    project = Project.plan(
        lao_code=LAO, province_code=PROVINCE, lao_type=AuthorityType.SAO, fiscal_year=FY, code="P1",
        name="ถนน", budget_id=UUID(int=1), line_code="ROAD", budget_group=BudgetGroup.INVESTMENT,
        method=Method.E_MARKET, amount=Decimal(600000), actor=FINANCE, business_date=OCT_10,
    )  # fmt: skip
    on = {"actor": FINANCE, "business_date": OCT_10}
    project.publish_plan(**on)
    project.set_terms_of_reference(reference_price=Decimal(1), **on)
    project.approve_procurement_report(estimate=Decimal(1), **on)
    project.announce_invitation(**on)
    then_recorded(project.collect_events(), Project.InvitationAnnounced, invited_firms=0)


def test_a_step_refused_is_said_with_the_stages_thai_names() -> None:
    """A page shows the Thai message: the stages by their names, not their codes (it said
    `ขั้นตอน bids_evaluated ทำไม่ได้ในขณะนี้ ขั้นตอนถัดไปต้องเป็น plan_published`)."""
    office = enacted_office()
    project = planned_project(office)
    with pytest.raises(DomainError) as out_of_order:
        step(office, project, "evaluate_bids", OCT_10, bids_received=2)
    assert out_of_order.value.thai == (
        "ขั้นตอนยื่นและพิจารณาข้อเสนอทำไม่ได้ในขณะนี้ ขั้นตอนถัดไปต้องเป็นประกาศแผนการจัดซื้อจัดจ้าง"
    )
    other = enacted_office()
    signed = contracted_project(other)
    with pytest.raises(DomainError) as unfinished:
        step(other, signed, "close", date(2027, 4, 1))
    assert unfinished.value.thai == "ปิดโครงการไม่ได้: ทุกงวดต้องตรวจรับและเบิกจ่ายแล้ว"
    with pytest.raises(DomainError) as none_left:
        sign(other, signed, "1400000.00")
    assert none_left.value.thai == (
        "ขั้นตอนลงนามในสัญญาทำไม่ได้ในขณะนี้ ลงนามในสัญญาแล้ว ขั้นต่อไปคือตรวจรับงานงวดที่ส่งมอบ"
    )
