"""Progress reports and their review; who may do what."""

from __future__ import annotations

from datetime import date

from budget.domain.access import Actor, Role
from budget.domain.fiscal import ReportingPeriod
from budget.domain.procurement import Method
from budget.domain.report import ReportStatus
from tests.builders import AUDITOR, EXECUTIVE, FINANCE, LAO, REVIEWER, enacted_office, pay, refused

Q1 = ReportingPeriod.parse("2570-Q1")


def drafted() -> tuple[object, object]:
    office = enacted_office()
    report = office.draft_report(
        LAO,
        Q1,
        narrative="เบิกจ่ายตามแผน",
        problems="ฝนตกชุก งานก่อสร้างล่าช้า",
        actor=FINANCE,
        business_date=date(2027, 1, 5),
    ).id
    return office, report


def test_a_report_is_submitted_only_after_the_executive_signs_it_off() -> None:
    office, report = drafted()
    with refused(office, "report_status_conflict"):
        office.submit_report(report, actor=FINANCE)
    with refused(office, "not_permitted"):
        office.sign_off_report(report, actor=FINANCE)
    office.sign_off_report(report, actor=EXECUTIVE)
    office.submit_report(report, actor=FINANCE, business_date=date(2027, 1, 8))
    assert office.report(report).status is ReportStatus.SUBMITTED


def test_a_returned_report_is_revised_signed_off_and_resubmitted_then_accepted() -> None:
    office, report = drafted()
    office.sign_off_report(report, actor=EXECUTIVE)
    office.submit_report(report, actor=FINANCE)
    with refused(office, "comments_required"):
        office.return_report(report, comments="  ", actor=REVIEWER)
    office.return_report(report, comments="โปรดระบุสาเหตุความล่าช้าโครงการถนน", actor=REVIEWER)
    assert office.report(report).status is ReportStatus.RETURNED
    with refused(office, "report_status_conflict"):
        office.submit_report(report, actor=FINANCE)  # sign-off was withdrawn by the return
    office.revise_report(
        report, narrative="เบิกจ่ายตามแผน", problems="ผู้รับจ้างขาดแคลนแรงงาน", actor=FINANCE
    )
    office.sign_off_report(report, actor=EXECUTIVE)
    office.submit_report(report, actor=FINANCE)
    office.accept_report(report, actor=REVIEWER)
    kinds = [e.event_type for e in office.history(report, actor=AUDITOR)]
    assert kinds == [
        "ProgressReport.Drafted",
        "ProgressReport.SignedOff",
        "ProgressReport.Submitted",
        "ProgressReport.Returned",
        "ProgressReport.Revised",
        "ProgressReport.SignedOff",
        "ProgressReport.Resubmitted",
        "ProgressReport.Accepted",
    ]
    with refused(office, "report_not_editable"):
        office.revise_report(report, narrative="x", problems="", actor=FINANCE)


def test_only_a_submitted_report_is_reviewed() -> None:
    office, report = drafted()
    with refused(office, "report_status_conflict"):
        office.accept_report(report, actor=REVIEWER)


def test_the_same_report_period_cannot_be_drafted_twice() -> None:
    office, _ = drafted()
    with refused(office, "already_exists"):
        office.draft_report(LAO, Q1, narrative="อีกครั้ง", actor=FINANCE)


def test_reviewers_review_only_their_own_province() -> None:
    office, report = drafted()
    office.sign_off_report(report, actor=EXECUTIVE)
    office.submit_report(report, actor=FINANCE)
    elsewhere = Actor("reviewer.10", Role.PROVINCIAL_REVIEWER, "10")
    with refused(office, "not_permitted"):
        office.accept_report(report, actor=elsewhere)


def test_staff_act_only_for_their_own_lao() -> None:
    office = enacted_office()
    stranger = Actor("finance.other", Role.LAO_FINANCE, "75009990")
    with refused(office, "not_permitted"):
        office.draft_report(LAO, Q1, narrative="x", actor=stranger)
    with refused(office, "not_permitted"):
        office.plan_project(
            LAO,
            2570,
            code="X",
            name="x",
            line_code="ROAD",
            method=Method.SPECIFIC,
            amount=1000,
            actor=REVIEWER,
        )


def test_the_report_carries_the_figures_as_they_stood_at_submission() -> None:
    from decimal import Decimal

    from tests.builders import contracted_project

    office, report = drafted()
    assert all(f.obligated == 0 for f in office.report(report).figures)
    contracted_project(office)
    office.sign_off_report(report, actor=EXECUTIVE)
    office.submit_report(report, actor=FINANCE)
    obligated = sum((f.obligated for f in office.report(report).figures), Decimal(0))
    assert obligated == Decimal("1400000.00")


def test_figures_count_what_is_dated_by_the_report_day_however_late_it_was_entered() -> None:
    from decimal import Decimal

    from tests.builders import contracted_project

    office = enacted_office()
    project = contracted_project(office)  # contract signed 18 Nov 2026
    office.inspect_installment(project, 1, actor=FINANCE, business_date=date(2027, 1, 15))
    pay(office, project, 1, 300000, voucher="ฎ1", on=date(2027, 1, 20))
    # Recorded after the January payment, but dated in December: it counts for Q1.
    office.transfer_funds(
        LAO,
        2570,
        from_line="SUPPLIES",
        to_line="SERVICES",
        amount=Decimal(1000),
        actor=EXECUTIVE,
        business_date=date(2026, 12, 28),
    )
    as_of_new_year = office.figures_as_of(LAO, 2570, date(2026, 12, 31))
    investment = next(f for f in as_of_new_year if f.group.value == "investment")
    assert (investment.obligated, investment.disbursed) == (Decimal("1400000.00"), Decimal(0))
    later = office.figures_as_of(LAO, 2570, date(2027, 1, 31))
    assert next(f for f in later if f.group.value == "investment").disbursed == Decimal("300000.00")
    report = office.draft_report(
        LAO, Q1, narrative="ไตรมาส 1", actor=FINANCE, business_date=date(2026, 12, 31)
    ).id
    assert office.report(report).figures == as_of_new_year


def test_a_report_needs_an_enacted_budget() -> None:
    from budget.domain.access import SYSTEM_ACTOR
    from tests.builders import line, memory_office, record

    office = memory_office()
    office.register_authority(record(), actor=SYSTEM_ACTOR)
    with refused(office, "budget_not_found"):
        office.draft_report(LAO, Q1, narrative="x", actor=FINANCE)
    office.draft_budget(LAO, 2570, [line("ROAD", "1000")], actor=FINANCE)
    with refused(office, "budget_not_enacted"):
        office.draft_report(LAO, Q1, narrative="x", actor=FINANCE)
