"""The registry of authorities and the review of progress reports, as views, on every store."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from budget.application import BudgetOffice
from budget.application.commands import (
    AcceptReport,
    ChangeAuthorityType,
    DraftReport,
    MergeAuthority,
    RegisterAuthority,
    RenameAuthority,
    ReturnReport,
    ReviseReport,
    SignOffReport,
    SubmitReport,
)
from budget.domain.authority_types import AuthorityType
from budget.domain.fiscal import ReportingPeriod
from budget.domain.ids import authority_id
from budget.projections.follow import catch_up, rebuild
from budget.projections.registry import all_projections
from budget.projections.tables import authority, report_state, report_step
from tests.builders import (
    ADMIN,
    AUDITOR,
    EXECUTIVE,
    FINANCE,
    LAO,
    OTHER_LAO,
    PROVINCE,
    REVIEWER,
    enacted_office,
    record,
)

RETURN_COMMENTS = "โปรดระบุสาเหตุความล่าช้าโครงการถนน"
ACCEPT_COMMENTS = "รับทราบ"


def follow(office: BudgetOffice, views: Engine) -> None:
    catch_up(office, views, all_projections(), batch_size=3)


def rows(engine: Engine, table: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        ordered = select(table).order_by(*table.primary_key.columns)
        return [dict(r._mapping) for r in connection.execute(ordered)]


def by_key(engine: Engine, table: Any) -> dict[str, dict[str, Any]]:
    key = next(iter(table.primary_key.columns)).name
    return {r[key]: r for r in rows(engine, table)}


# -- authorities -------------------------------------------------------------------


def test_an_authority_registered_renamed_upgraded_and_merged(
    office: BudgetOffice, views: Engine
) -> None:
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)), actor=ADMIN
    )
    office.execute(
        RegisterAuthority(authority=record(OTHER_LAO, "51"), business_date=date(2026, 8, 1)),
        actor=ADMIN,
    )
    follow(office, views)
    found = by_key(views, authority)
    assert set(found) == {LAO, OTHER_LAO}
    assert found[LAO] == {
        "lao_code": LAO,
        "authority_id": str(authority_id(LAO)),
        "name_th": f"องค์การบริหารส่วนตำบลทดสอบ {LAO}",
        "name_en": f"Test SAO {LAO}",
        "lao_type": "sao",
        "province_code": PROVINCE,
        "district_code": "5001",
        "subdistrict_code": "500102",
        "merged_into": "",
        "last_position": 1,
    }
    assert (found[OTHER_LAO]["province_code"], found[OTHER_LAO]["district_code"]) == ("51", "5101")

    office.execute(
        RenameAuthority(
            code=LAO, name_th="เทศบาลตำบลทดสอบ", name_en="Test Town", business_date=date(2026, 9, 1)
        ),
        actor=ADMIN,
    )
    follow(office, views)
    renamed = by_key(views, authority)[LAO]
    assert (renamed["name_th"], renamed["name_en"], renamed["lao_type"]) == (
        "เทศบาลตำบลทดสอบ",
        "Test Town",
        "sao",
    )

    office.execute(
        ChangeAuthorityType(
            code=LAO,
            new_type=AuthorityType.SUBDISTRICT_MUNICIPALITY,
            reason="ยกฐานะเป็นเทศบาลตำบล",
            business_date=date(2026, 9, 2),
        ),
        actor=ADMIN,
    )
    merged = office.execute(
        MergeAuthority(code=OTHER_LAO, into=LAO, business_date=date(2026, 9, 3)), actor=ADMIN
    )
    follow(office, views)
    found = by_key(views, authority)
    assert found[LAO]["lao_type"] == "subdistrict_municipality"
    assert (found[LAO]["name_th"], found[LAO]["merged_into"]) == ("เทศบาลตำบลทดสอบ", "")
    assert found[OTHER_LAO]["merged_into"] == LAO
    assert found[OTHER_LAO]["lao_type"] == "sao"  # the merged one keeps its own type
    assert found[OTHER_LAO]["last_position"] == merged.position == 5
    assert found[LAO]["last_position"] == 4


# -- progress reports ----------------------------------------------------------------


def report_row(views: Engine, report: UUID) -> dict[str, Any]:
    return by_key(views, report_state)[str(report)]


def assert_report(views: Engine, report: UUID, **expected: Any) -> None:
    row = report_row(views, report)
    assert {name: row[name] for name in expected} == expected


def test_a_report_through_its_review_step_by_step(office: BudgetOffice, views: Engine) -> None:
    enacted_office(office)
    q1 = ReportingPeriod.parse("2570-Q1")
    drafted = office.execute(
        DraftReport(
            lao_code=LAO, period=q1.key, narrative="เบิกจ่ายตามแผน", business_date=date(2027, 1, 5)
        ),
        actor=FINANCE,
    )
    report = drafted.id
    follow(office, views)
    assert report_row(views, report) == {
        "report_id": str(report),
        "lao_code": LAO,
        "province_code": PROVINCE,
        "period": "2570-Q1",
        "fiscal_year": 2570,
        "period_kind": "Q",
        "period_number": 1,
        "period_ends_on": date(2026, 12, 31),  # Q1 of FY 2570: October to December 2026
        "status": "draft",
        "drafted_on": date(2027, 1, 5),
        "signed_off_by": "",
        "first_submitted_on": None,
        "last_submitted_on": None,
        "submissions": 0,
        "returns": 0,
        "reviewed_on": None,
        "reviewed_by": "",
        "accepted_on": None,
        "last_comments": "",
        "last_position": drafted.position,
    }

    office.execute(SignOffReport(report_id=report, business_date=date(2027, 1, 6)), actor=EXECUTIVE)
    follow(office, views)
    assert_report(views, report, status="draft", signed_off_by=EXECUTIVE.user_id)

    office.execute(SubmitReport(report_id=report, business_date=date(2027, 1, 8)), actor=FINANCE)
    follow(office, views)
    assert_report(
        views, report, status="submitted", submissions=1,
        first_submitted_on=date(2027, 1, 8), last_submitted_on=date(2027, 1, 8),
    )  # fmt: skip

    office.execute(
        ReturnReport(report_id=report, comments=RETURN_COMMENTS, business_date=date(2027, 1, 12)),
        actor=REVIEWER,
    )
    follow(office, views)
    assert_report(
        views, report, status="returned", returns=1, signed_off_by="",
        reviewed_on=date(2027, 1, 12), reviewed_by=REVIEWER.user_id,
        last_comments=RETURN_COMMENTS, accepted_on=None,
    )  # fmt: skip

    office.execute(
        ReviseReport(
            report_id=report,
            narrative="เบิกจ่ายตามแผน",
            problems="ผู้รับจ้างขาดแคลนแรงงาน",
            business_date=date(2027, 1, 13),
        ),
        actor=FINANCE,
    )
    follow(office, views)
    assert_report(views, report, status="returned", signed_off_by="", submissions=1)

    office.execute(
        SignOffReport(report_id=report, business_date=date(2027, 1, 14)), actor=EXECUTIVE
    )
    office.execute(SubmitReport(report_id=report, business_date=date(2027, 1, 15)), actor=FINANCE)
    follow(office, views)
    assert_report(
        views, report, status="submitted", submissions=2, returns=1,
        signed_off_by=EXECUTIVE.user_id,
        first_submitted_on=date(2027, 1, 8), last_submitted_on=date(2027, 1, 15),
        reviewed_by=REVIEWER.user_id, last_comments=RETURN_COMMENTS,
    )  # fmt: skip

    accepted = office.execute(
        AcceptReport(report_id=report, comments=ACCEPT_COMMENTS, business_date=date(2027, 1, 20)),
        actor=REVIEWER,
    )
    follow(office, views)
    assert_report(
        views, report, status="accepted", submissions=2, returns=1,
        first_submitted_on=date(2027, 1, 8), last_submitted_on=date(2027, 1, 15),
        reviewed_on=date(2027, 1, 20), reviewed_by=REVIEWER.user_id,
        accepted_on=date(2027, 1, 20), last_comments=ACCEPT_COMMENTS,
        last_position=accepted.position,
    )  # fmt: skip

    steps = [r for r in rows(views, report_step) if r["report_id"] == str(report)]
    assert [
        (r["version"], r["step"], r["user_id"], r["role"], r["business_date"], r["comments"])
        for r in steps
    ] == [
        (1, "drafted", FINANCE.user_id, "lao_finance", date(2027, 1, 5), ""),
        (2, "signed_off", EXECUTIVE.user_id, "lao_executive", date(2027, 1, 6), ""),
        (3, "submitted", FINANCE.user_id, "lao_finance", date(2027, 1, 8), ""),
        (4, "returned", REVIEWER.user_id, "provincial_reviewer", date(2027, 1, 12),
         RETURN_COMMENTS),
        (5, "revised", FINANCE.user_id, "lao_finance", date(2027, 1, 13), ""),
        (6, "signed_off", EXECUTIVE.user_id, "lao_executive", date(2027, 1, 14), ""),
        (7, "resubmitted", FINANCE.user_id, "lao_finance", date(2027, 1, 15), ""),
        (8, "accepted", REVIEWER.user_id, "provincial_reviewer", date(2027, 1, 20),
         ACCEPT_COMMENTS),
    ]  # fmt: skip
    history = office.history(report, actor=AUDITOR)
    assert [r["recorded_at"] for r in steps] == [h.recorded_at for h in history]
    assert all(r["recorded_at"].tzinfo is UTC for r in steps)


def test_a_monthly_report_and_an_acceptance_without_comments(
    office: BudgetOffice, views: Engine
) -> None:
    enacted_office(office)
    november = ReportingPeriod.parse("2570-M11")
    report = office.execute(
        DraftReport(
            lao_code=LAO, period=november.key, narrative="", business_date=date(2026, 12, 3)
        ),
        actor=FINANCE,
    ).id
    office.execute(
        SignOffReport(report_id=report, business_date=date(2026, 12, 3)), actor=EXECUTIVE
    )
    office.execute(SubmitReport(report_id=report, business_date=date(2026, 12, 4)), actor=FINANCE)
    office.execute(
        ReturnReport(report_id=report, comments="แนบเอกสาร", business_date=date(2026, 12, 5)),
        actor=REVIEWER,
    )
    office.execute(
        SignOffReport(report_id=report, business_date=date(2026, 12, 6)), actor=EXECUTIVE
    )
    office.execute(SubmitReport(report_id=report, business_date=date(2026, 12, 7)), actor=FINANCE)
    office.execute(AcceptReport(report_id=report, business_date=date(2026, 12, 8)), actor=REVIEWER)
    follow(office, views)
    assert_report(
        views, report, period="2570-M11", period_kind="M", period_number=11,
        period_ends_on=date(2026, 11, 30), status="accepted", submissions=2, returns=1,
        accepted_on=date(2026, 12, 8), last_comments="",  # the last review said nothing
    )  # fmt: skip
    before = rows(views, report_state), rows(views, report_step)
    rebuild(office, views, all_projections(), batch_size=1000)
    assert (rows(views, report_state), rows(views, report_step)) == before
