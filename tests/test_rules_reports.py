"""Progress reports and their review; who may do what."""

from __future__ import annotations

from datetime import date

from budget.application.commands import (
    AcceptReport,
    DraftBudget,
    DraftReport,
    PlanProject,
    RegisterAuthority,
    ReturnReport,
    ReviseReport,
    SignOffReport,
    SubmitReport,
    TransferFunds,
)
from budget.domain.access import Actor, Role
from budget.domain.fiscal import ReportingPeriod
from budget.domain.procurement import Method
from budget.domain.report import ReportStatus
from tests.builders import (
    AUDITOR,
    EXECUTIVE,
    FINANCE,
    LAO,
    REVIEWER,
    enacted_office,
    inspect,
    pay,
    refused,
)

Q1 = ReportingPeriod.parse("2570-Q1")


def drafted() -> tuple[object, object]:
    office = enacted_office()
    report = office.execute(
        DraftReport(
            lao_code=LAO,
            period=Q1.key,
            narrative="เบิกจ่ายตามแผน",
            problems="ฝนตกชุก งานก่อสร้างล่าช้า",
            business_date=date(2027, 1, 5),
        ),
        actor=FINANCE,
    ).id
    return office, report


def test_a_report_is_submitted_only_after_the_executive_signs_it_off() -> None:
    office, report = drafted()
    with refused(office, "report_status_conflict"):
        office.execute(SubmitReport(report_id=report), actor=FINANCE)
    with refused(office, "not_permitted"):
        office.execute(SignOffReport(report_id=report), actor=FINANCE)
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report, business_date=date(2027, 1, 8)), actor=FINANCE)
    assert office.report(report).status is ReportStatus.SUBMITTED


def test_a_returned_report_is_revised_signed_off_and_resubmitted_then_accepted() -> None:
    office, report = drafted()
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report), actor=FINANCE)
    with refused(office, "comments_required"):
        office.execute(ReturnReport(report_id=report, comments="  "), actor=REVIEWER)
    office.execute(
        ReturnReport(report_id=report, comments="โปรดระบุสาเหตุความล่าช้าโครงการถนน"), actor=REVIEWER
    )
    assert office.report(report).status is ReportStatus.RETURNED
    with refused(office, "report_status_conflict"):
        office.execute(
            SubmitReport(report_id=report), actor=FINANCE
        )  # sign-off was withdrawn by the return
    office.execute(
        ReviseReport(report_id=report, narrative="เบิกจ่ายตามแผน", problems="ผู้รับจ้างขาดแคลนแรงงาน"),
        actor=FINANCE,
    )
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report), actor=FINANCE)
    office.execute(AcceptReport(report_id=report), actor=REVIEWER)
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
        office.execute(ReviseReport(report_id=report, narrative="x", problems=""), actor=FINANCE)


def test_only_a_submitted_report_is_reviewed() -> None:
    office, report = drafted()
    with refused(office, "report_status_conflict"):
        office.execute(AcceptReport(report_id=report), actor=REVIEWER)


def test_the_same_report_period_cannot_be_drafted_twice() -> None:
    office, _ = drafted()
    with refused(office, "already_exists"):
        office.execute(DraftReport(lao_code=LAO, period=Q1.key, narrative="อีกครั้ง"), actor=FINANCE)


def test_reviewers_review_only_their_own_province() -> None:
    office, report = drafted()
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report), actor=FINANCE)
    elsewhere = Actor("reviewer.10", Role.PROVINCIAL_REVIEWER, "10")
    with refused(office, "not_permitted"):
        office.execute(AcceptReport(report_id=report), actor=elsewhere)


def test_staff_act_only_for_their_own_lao() -> None:
    office = enacted_office()
    stranger = Actor("finance.other", Role.LAO_FINANCE, "75009990")
    with refused(office, "not_permitted"):
        office.execute(DraftReport(lao_code=LAO, period=Q1.key, narrative="x"), actor=stranger)
    with refused(office, "not_permitted"):
        office.execute(
            PlanProject(
                lao_code=LAO,
                fiscal_year=2570,
                code="X",
                name="x",
                line_code="ROAD",
                method=Method.SPECIFIC,
                amount=1000,
            ),
            actor=REVIEWER,
        )


def test_the_report_carries_the_figures_as_they_stood_at_submission() -> None:
    from decimal import Decimal

    from tests.builders import contracted_project

    office, report = drafted()
    assert all(f.obligated == 0 for f in office.report(report).figures)
    contracted_project(office)
    office.execute(SignOffReport(report_id=report), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report), actor=FINANCE)
    obligated = sum((f.obligated for f in office.report(report).figures), Decimal(0))
    assert obligated == Decimal("1400000.00")


def test_figures_count_what_is_dated_by_the_report_day_however_late_it_was_entered() -> None:
    from decimal import Decimal

    from tests.builders import contracted_project

    office = enacted_office()
    project = contracted_project(office)  # contract signed 18 Nov 2026
    inspect(office, project, 1, date(2027, 1, 15))
    pay(office, project, 1, 300000, voucher="ฎ1", on=date(2027, 1, 20))
    # Recorded after the January payment, but dated in December: it counts for Q1.
    office.execute(
        TransferFunds(
            lao_code=LAO,
            fiscal_year=2570,
            from_line="SUPPLIES",
            to_line="SERVICES",
            amount=Decimal(1000),
            business_date=date(2026, 12, 28),
        ),
        actor=EXECUTIVE,
    )
    as_of_new_year = office.figures_as_of(LAO, 2570, date(2026, 12, 31))
    investment = next(f for f in as_of_new_year if f.group.value == "investment")
    assert (investment.obligated, investment.disbursed) == (Decimal("1400000.00"), Decimal(0))
    later = office.figures_as_of(LAO, 2570, date(2027, 1, 31))
    assert next(f for f in later if f.group.value == "investment").disbursed == Decimal("300000.00")
    report = office.execute(
        DraftReport(
            lao_code=LAO, period=Q1.key, narrative="ไตรมาส 1", business_date=date(2026, 12, 31)
        ),
        actor=FINANCE,
    ).id
    assert office.report(report).figures == as_of_new_year


def test_a_report_needs_an_enacted_budget() -> None:
    from budget.domain.access import SYSTEM_ACTOR
    from tests.builders import line, memory_office, record

    office = memory_office()
    office.execute(RegisterAuthority(authority=record()), actor=SYSTEM_ACTOR)
    with refused(office, "budget_not_found"):
        office.execute(DraftReport(lao_code=LAO, period=Q1.key, narrative="x"), actor=FINANCE)
    office.execute(
        DraftBudget(lao_code=LAO, fiscal_year=2570, lines=[line("ROAD", "1000")]), actor=FINANCE
    )
    with refused(office, "budget_not_enacted"):
        office.execute(DraftReport(lao_code=LAO, period=Q1.key, narrative="x"), actor=FINANCE)


def test_a_report_says_how_many_days_after_its_period_it_was_first_sent() -> None:
    """Issue 13, item 8: Q1 ends 31 December; sent on it, 0 days late; a resubmission
    after a return keeps the first submission's date."""
    office, report = drafted()
    assert (office.report(report).submitted_on, office.report(report).days_late) == (None, None)
    assert office.report(report).figures_as_of == date(2026, 12, 31)
    on_time = enacted_office()
    sent = on_time.execute(
        DraftReport(
            lao_code=LAO, period=Q1.key, narrative="ตามแผน", business_date=date(2026, 12, 31)
        ),
        actor=FINANCE,
    ).id
    on_time.execute(
        SignOffReport(report_id=sent, business_date=date(2026, 12, 31)), actor=EXECUTIVE
    )
    on_time.execute(SubmitReport(report_id=sent, business_date=date(2026, 12, 31)), actor=FINANCE)
    assert on_time.report(sent).days_late == 0
    office.execute(SignOffReport(report_id=report, business_date=date(2027, 1, 5)), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report, business_date=date(2027, 1, 6)), actor=FINANCE)
    office.execute(
        ReturnReport(report_id=report, comments="ขาดรายละเอียด", business_date=date(2027, 1, 8)),
        actor=REVIEWER,
    )
    office.execute(
        ReviseReport(report_id=report, narrative="แก้ไข", business_date=date(2027, 1, 9)),
        actor=FINANCE,
    )
    office.execute(SignOffReport(report_id=report, business_date=date(2027, 1, 9)), actor=EXECUTIVE)
    office.execute(SubmitReport(report_id=report, business_date=date(2027, 1, 10)), actor=FINANCE)
    assert (office.report(report).submitted_on, office.report(report).days_late) == (
        date(2027, 1, 6),
        6,
    )
