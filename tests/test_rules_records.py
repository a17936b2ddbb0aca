"""The registry, accounts, progress reports and targets, at the domain's own door: given an
aggregate, when a command, then the event it triggered (who, when, what) or the error refusing
it. No store: `collect_events()` is what the application would save."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate

from budget.domain.access import Action, Actor, Role, authorize, may
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import GroupFigures
from budget.domain.classification import BudgetGroup
from budget.domain.errors import AlreadyExists, DomainError, NotFound
from budget.domain.fiscal import ReportingPeriod
from budget.domain.ids import account_id, authority_id, budget_id, project_id, report_id, targets_id
from budget.domain.report import ProgressReport, ReportStatus
from budget.domain.targets import DisbursementTargets, Target
from tests.builders import ADMIN, EXECUTIVE, FINANCE, LAO, PROVINCE, REVIEWER
from tests.given_when_then import refused_by, then_recorded

DAY = date(2027, 1, 5)
Q1 = ReportingPeriod.parse("2570-Q1")


def events(aggregate: Aggregate) -> list[Any]:
    return list(aggregate.collect_events())


def test_natural_ids_never_change_for_the_records_already_stored() -> None:
    assert authority_id(LAO) == UUID("f733229e-cc80-546b-8305-35e224cea562")
    assert budget_id(LAO, 2570) == UUID("167a0e9d-340e-5c6e-a6d6-f18ab11542bf")
    assert project_id(LAO, 2570, "P1") == UUID("47a4ab45-4ac3-584d-8be5-41b02a5cef90")
    assert report_id(LAO, "2570-Q1") == UUID("d93b9f61-5d95-5a91-8c8c-497e54e149da")
    assert account_id("Clerk") == account_id("clerk")
    assert account_id("clerk") == UUID("c24e4c2d-dad4-564f-9b52-a5bf22e73eb5")
    assert targets_id(2570) == UUID("578b7425-f794-5c5a-a55d-571a357b89b8")
    assert ProgressReport.create_id(LAO, Q1) == report_id(LAO, "2570-Q1")


# -- the registry ----------------------------------------------------------------------------


def registered() -> LocalAuthority:
    return LocalAuthority.register(
        code=" 75001020 ",
        name_th=" อบต.ทดสอบ ",
        name_en=" Test SAO ",
        type=AuthorityType.SAO,
        province_code=PROVINCE,
        district_code="5001",
        subdistrict_code="500102",
        actor=ADMIN,
        business_date=DAY,
    )


def test_an_authority_is_registered_with_its_names_and_place() -> None:
    authority = registered()
    then_recorded(
        events(authority),
        LocalAuthority.Registered,
        code=LAO,
        name_th="อบต.ทดสอบ",
        name_en="Test SAO",
        type=AuthorityType.SAO,
        province_code=PROVINCE,
        district_code="5001",
        subdistrict_code="500102",
        actor=ADMIN,
        business_date=DAY,
    )
    assert authority.id == authority_id(LAO)
    for code, name_th in ((" ", "ก"), ("1", " ")):
        with refused_by(
            None, "invalid_input", problem="a local authority needs a code and a Thai name"
        ):
            LocalAuthority.register(code=code, name_th=name_th, name_en="", type=AuthorityType.SAO,
                                    province_code="50", actor=ADMIN, business_date=DAY)  # fmt: skip
    bare = LocalAuthority.register(
        code="1", name_th="ก", name_en="", type=AuthorityType.PAO, province_code="50", actor=ADMIN,
        business_date=DAY,
    )  # fmt: skip
    then_recorded(events(bare), LocalAuthority.Registered, district_code="", subdistrict_code="")
    with refused_by(None, "invalid_input", problem="a local authority needs a province"):
        LocalAuthority.register(code="1", name_th="ก", name_en="", type=AuthorityType.SAO,
                                province_code=" ", actor=ADMIN, business_date=DAY)  # fmt: skip


def test_an_authority_is_renamed_changes_type_and_merges_as_events() -> None:
    authority = registered()
    events(authority)
    authority.rename(name_th=" อบต.ใหม่ ", name_en=" New ", actor=ADMIN, business_date=DAY)
    then_recorded(
        events(authority),
        LocalAuthority.Renamed,
        name_th="อบต.ใหม่",
        name_en="New",
        actor=ADMIN,
        business_date=DAY,
    )
    with refused_by(authority, "invalid_input", problem="the Thai name cannot be empty"):
        authority.rename(name_th=" ", name_en="x", actor=ADMIN, business_date=DAY)
    with refused_by(authority, "invalid_input", problem="the authority is already of type sao"):
        authority.change_type(
            new_type=AuthorityType.SAO, reason="x", actor=ADMIN, business_date=DAY
        )
    authority.change_type(
        new_type=AuthorityType.SUBDISTRICT_MUNICIPALITY, reason="ยกฐานะ", actor=ADMIN,
        business_date=DAY,
    )  # fmt: skip
    then_recorded(
        events(authority),
        LocalAuthority.TypeChanged,
        old_type=AuthorityType.SAO,
        new_type=AuthorityType.SUBDISTRICT_MUNICIPALITY,
        reason="ยกฐานะ",
        actor=ADMIN,
        business_date=DAY,
    )
    with refused_by(authority, "invalid_input", problem="an authority cannot merge into itself"):
        authority.merge_into(successor_code=LAO, actor=ADMIN, business_date=DAY)
    authority.merge_into(successor_code="75001030", actor=ADMIN, business_date=DAY)
    then_recorded(
        events(authority),
        LocalAuthority.Merged,
        successor_code="75001030",
        actor=ADMIN,
        business_date=DAY,
    )
    assert not authority.is_active
    with refused_by(authority, "authority_merged", code=LAO, merged_into="75001030"):
        authority.rename(name_th="ก", name_en="", actor=ADMIN, business_date=DAY)


# -- accounts --------------------------------------------------------------------------------


def test_an_account_is_opened_granted_and_revoked_as_events() -> None:
    account = UserAccount.open(
        username=" Somchai ", display_name=" สมชาย ", actor=ADMIN, business_date=DAY
    )
    then_recorded(
        events(account),
        UserAccount.Created,
        username="somchai",
        display_name="สมชาย",
        actor=ADMIN,
        business_date=DAY,
    )
    for username, name in ((" ", "ก"), ("a", " ")):
        with refused_by(
            None, "invalid_input", problem="an account needs a username and a display name"
        ):
            UserAccount.open(username=username, display_name=name, actor=ADMIN, business_date=DAY)
    with refused_by(account, "role_not_granted", role="lao_finance", scope=LAO):
        account.actor_as(Role.LAO_FINANCE, LAO)
    account.grant(role=Role.LAO_FINANCE, acting_for=LAO, actor=ADMIN, business_date=DAY)
    then_recorded(
        events(account),
        UserAccount.RoleGranted,
        role=Role.LAO_FINANCE,
        acting_for=LAO,
        actor=ADMIN,
        business_date=DAY,
    )
    assert account.actor_as(Role.LAO_FINANCE, LAO) == Actor("somchai", Role.LAO_FINANCE, LAO)
    with refused_by(account, "role_already_granted", role="lao_finance", scope=LAO):
        account.grant(role=Role.LAO_FINANCE, acting_for=LAO, actor=ADMIN, business_date=DAY)
    account.grant(role=Role.AUDITOR, actor=ADMIN, business_date=DAY)
    events(account)
    assert account.actor_as(Role.AUDITOR) == Actor("somchai", Role.AUDITOR)
    with refused_by(account, "role_already_granted", role="auditor", scope="nation"):
        account.grant(role=Role.AUDITOR, actor=ADMIN, business_date=DAY)
    account.revoke(role=Role.AUDITOR, reason="ย้าย", actor=ADMIN, business_date=DAY)
    then_recorded(
        events(account),
        UserAccount.RoleRevoked,
        role=Role.AUDITOR,
        acting_for="",
        reason="ย้าย",
        actor=ADMIN,
        business_date=DAY,
    )
    with refused_by(account, "role_not_granted", role="auditor", scope="nation"):
        account.revoke(role=Role.AUDITOR, reason="x", actor=ADMIN, business_date=DAY)
    with refused_by(account, "role_not_granted", role="auditor", scope="nation"):
        account.actor_as(Role.AUDITOR)


def test_a_password_is_kept_only_as_a_hash() -> None:
    account = UserAccount.open(username="a", display_name="ก", actor=ADMIN, business_date=DAY)
    events(account)
    with refused_by(account, "invalid_input", problem="a password is kept only as a one-way hash"):
        account.set_password(password_hash="secret", actor=ADMIN, business_date=DAY)
    account.set_password(password_hash="$argon2id$x", actor=ADMIN, business_date=DAY)
    then_recorded(
        events(account),
        UserAccount.PasswordSet,
        password_hash="$argon2id$x",
        actor=ADMIN,
        business_date=DAY,
    )
    assert account.password_hash == "$argon2id$x"


def test_an_actor_acts_for_the_place_its_role_covers() -> None:
    with refused_by(None, "invalid_input", problem="an actor needs a user id"):
        Actor(" ", Role.AUDITOR)
    with refused_by(
        None, "invalid_input", problem="role lao_finance must act for an LAO, province or district"
    ):
        Actor("a", Role.LAO_FINANCE)
    with refused_by(
        None,
        "invalid_input",
        problem="role district_office must act for an LAO, province or district",
    ):
        Actor("a", Role.DISTRICT_OFFICE)
    with refused_by(
        None, "invalid_input", problem="role auditor acts nationwide, not for one place"
    ):
        Actor("a", Role.AUDITOR, LAO)
    assert Actor("a", Role.AUDITOR).scope == "nation"
    assert may(FINANCE, Action.ENTER_PROJECT, lao=LAO)
    assert not may(FINANCE, Action.ENTER_PROJECT)
    assert not may(FINANCE, Action.REVIEW_REPORT, lao=LAO)
    assert may(REVIEWER, Action.REVIEW_REPORT, province=PROVINCE)
    assert not may(REVIEWER, Action.REVIEW_REPORT)
    assert not may(REVIEWER, Action.REVIEW_REPORT, province="51")
    with refused_by(
        None, "not_permitted", user=FINANCE.user_id, role="lao_finance", action="enter_project",
        scope="75001030",
    ):  # fmt: skip
        authorize(FINANCE, Action.ENTER_PROJECT, lao="75001030")
    with refused_by(None, "not_permitted", scope="51"):
        authorize(REVIEWER, Action.REVIEW_REPORT, province="51")
    with refused_by(None, "not_permitted", scope="the nation"):
        authorize(FINANCE, Action.MANAGE_ACCOUNTS)


# -- progress reports ------------------------------------------------------------------------

FIGURES = [GroupFigures(BudgetGroup.INVESTMENT, Decimal(100), Decimal(50), Decimal(10))]
LATER = [GroupFigures(BudgetGroup.INVESTMENT, Decimal(100), Decimal(60), Decimal(20))]


def drafted() -> ProgressReport:
    report = ProgressReport(
        lao_code=LAO, province_code=PROVINCE, period=Q1, figures=FIGURES, narrative="ตามแผน",
        problems="ฝนตก", actor=FINANCE, business_date=DAY,
    )  # fmt: skip
    events(report)
    return report


def test_a_report_is_revised_signed_off_and_submitted_with_the_figures_of_the_day() -> None:
    report = drafted()
    report.revise(narrative="ใหม่", problems="ไม่มี", figures=LATER, actor=FINANCE, business_date=DAY)
    then_recorded(
        events(report),
        ProgressReport.Revised,
        narrative="ใหม่",
        problems="ไม่มี",
        figures=LATER,
        actor=FINANCE,
        business_date=DAY,
    )
    with refused_by(report, "report_status_conflict", action="submit",
                 status="not signed off by the executive"):  # fmt: skip
        report.submit(figures=LATER, actor=FINANCE, business_date=DAY)
    report.sign_off(actor=EXECUTIVE, business_date=DAY)
    then_recorded(events(report), ProgressReport.SignedOff, actor=EXECUTIVE, business_date=DAY)
    assert report.signed_off_by == EXECUTIVE.user_id
    with refused_by(
        report, "report_status_conflict", action="sign off", status="already signed off"
    ):
        report.sign_off(actor=EXECUTIVE, business_date=DAY)
    report.submit(figures=LATER, actor=FINANCE, business_date=date(2027, 1, 8))
    then_recorded(
        events(report),
        ProgressReport.Submitted,
        figures=LATER,
        actor=FINANCE,
        business_date=date(2027, 1, 8),
    )
    assert (report.status, report.submissions) == (ReportStatus.SUBMITTED, 1)
    with refused_by(report, "report_not_editable", status="submitted"):
        report.revise(narrative="", problems="", figures=[], actor=FINANCE, business_date=DAY)
    with refused_by(report, "report_status_conflict", action="sign off", status="submitted"):
        report.sign_off(actor=EXECUTIVE, business_date=DAY)
    with refused_by(report, "report_status_conflict", action="submit", status="submitted"):
        report.submit(figures=LATER, actor=FINANCE, business_date=DAY)


def test_a_returned_report_is_signed_off_again_resubmitted_and_accepted() -> None:
    report = drafted()
    report.sign_off(actor=EXECUTIVE, business_date=DAY)
    report.submit(figures=FIGURES, actor=FINANCE, business_date=DAY)
    events(report)
    with refused_by(report, "comments_required"):
        report.return_for_revision(comments=" ", actor=REVIEWER, business_date=DAY)
    report.return_for_revision(comments=" แก้ตัวเลข ", actor=REVIEWER, business_date=DAY)
    then_recorded(
        events(report),
        ProgressReport.Returned,
        comments="แก้ตัวเลข",
        actor=REVIEWER,
        business_date=DAY,
    )
    assert (report.status, report.signed_off_by, report.comments) == (
        ReportStatus.RETURNED,
        "",
        ["แก้ตัวเลข"],
    )
    with refused_by(report, "report_status_conflict", action="return", status="returned"):
        report.return_for_revision(comments="x", actor=REVIEWER, business_date=DAY)
    with refused_by(report, "report_status_conflict", action="accept", status="returned"):
        report.accept(actor=REVIEWER, business_date=DAY)
    report.sign_off(actor=EXECUTIVE, business_date=DAY)
    report.submit(figures=LATER, actor=FINANCE, business_date=DAY)
    recorded = events(report)
    then_recorded(
        recorded, ProgressReport.Resubmitted, figures=LATER, actor=FINANCE, business_date=DAY
    )
    assert not [e for e in recorded if isinstance(e, ProgressReport.Submitted)]
    assert report.submissions == 2
    report.accept(actor=REVIEWER, business_date=DAY)
    then_recorded(
        events(report), ProgressReport.Accepted, comments="", actor=REVIEWER, business_date=DAY
    )
    assert (report.status, report.comments) == (ReportStatus.ACCEPTED, ["แก้ตัวเลข"])


def test_an_accepting_reviewer_may_add_a_comment() -> None:
    report = drafted()
    report.sign_off(actor=EXECUTIVE, business_date=DAY)
    report.submit(figures=FIGURES, actor=FINANCE, business_date=DAY)
    report.accept(comments=" ดีมาก ", actor=REVIEWER, business_date=DAY)
    then_recorded(events(report), ProgressReport.Accepted, comments="ดีมาก")
    assert report.comments == ["ดีมาก"]


# -- targets ---------------------------------------------------------------------------------


def test_targets_are_set_per_quarter_and_group_with_their_source() -> None:
    with refused_by(None, "invalid_input", problem="fiscal year 2399 is not a B.E. year"):
        DisbursementTargets.for_year(fiscal_year=2399, actor=ADMIN, business_date=DAY)
    targets = DisbursementTargets.for_year(fiscal_year=2570, actor=ADMIN, business_date=DAY)
    then_recorded(
        events(targets), DisbursementTargets.Created, fiscal_year=2570, actor=ADMIN,
        business_date=DAY,
    )  # fmt: skip
    assert targets.id == targets_id(2570)
    year = [Target(4, Decimal(80)), Target(4, Decimal(65), BudgetGroup.INVESTMENT)]
    with refused_by(
        targets, "invalid_input", problem="two targets for the same quarter and budget group"
    ):
        targets.set(
            targets=[*year, Target(4, Decimal(1))], source="x", actor=ADMIN, business_date=DAY
        )
    with refused_by(targets, "invalid_input", problem="say where the targets come from"):
        targets.set(targets=year, source=" ", actor=ADMIN, business_date=DAY)
    targets.set(targets=year, source=" มติ ครม. ", actor=ADMIN, business_date=DAY)
    then_recorded(
        events(targets),
        DisbursementTargets.TargetsSet,
        targets=year,
        source="มติ ครม.",
        actor=ADMIN,
        business_date=DAY,
    )


@pytest.mark.parametrize(
    ("quarter", "percent", "obligated", "problem"),
    [
        (0, "1", None, "quarter 0 is not 1 to 4"),
        (5, "1", None, "quarter 5 is not 1 to 4"),
        (1, "-0.01", None, "target -0.01% is not between 0 and 100"),
        (1, "100.01", None, "target 100.01% is not between 0 and 100"),
        (1, "50", "100.01", "target 100.01% is not between 0 and 100"),
    ],
)
def test_a_target_is_a_quarter_and_a_percentage(
    quarter: int, percent: str, obligated: str | None, problem: str
) -> None:
    with refused_by(None, "invalid_input", problem=problem):
        Target(quarter, Decimal(percent), obligated_percent=obligated and Decimal(obligated))


def test_a_target_may_be_nothing_or_everything() -> None:
    assert Target(1, Decimal(0), obligated_percent=Decimal(100)).percent == 0
    assert [Target(q, Decimal(100)).quarter for q in (1, 2, 3, 4)] == [1, 2, 3, 4]


# -- the messages ----------------------------------------------------------------------------


def test_a_record_not_found_or_already_there_is_named_in_thai_and_english() -> None:
    missing = NotFound(what="Project", key="P9")
    assert (missing.code, missing.english, missing.thai) == (
        "not_found", "No Project P9", "ไม่พบโครงการ P9"
    )  # fmt: skip
    twin = AlreadyExists(what="Mystery", key="k")
    assert (twin.code, twin.english, twin.thai) == ("already_exists", "Mystery k already exists",
                                                     "ข้อมูล k มีอยู่แล้ว")  # fmt: skip
    assert str(twin) == "[already_exists] Mystery k already exists"
    assert twin.args == ("Mystery k already exists",)  # what a traceback or a log shows


def test_a_refused_step_of_a_report_is_said_in_thai_words() -> None:
    """The page shows the Thai message: the step and the state in Thai (it said `ทำรายการ
    submit ไม่ได้เมื่อรายงานอยู่ในสถานะ not signed off by the executive`); the details
    and the English message keep the codes' words for the API. Every step tried against
    every state a report passes through is refused in Thai words only."""
    report = drafted()
    with pytest.raises(DomainError) as unsigned:
        report.submit(figures=LATER, actor=FINANCE, business_date=DAY)
    assert unsigned.value.thai == "ส่งรายงานไม่ได้ เพราะผู้บริหารยังไม่ได้ลงนามรับรอง"
    assert unsigned.value.english == (
        "Cannot submit a report that is not signed off by the executive"
    )
    assert unsigned.value.details["action"] == "submit"
    on = {"business_date": DAY}
    steps = {
        "sign off": lambda r: r.sign_off(actor=EXECUTIVE, **on),
        "submit": lambda r: r.submit(figures=LATER, actor=FINANCE, **on),
        "return": lambda r: r.return_for_revision(comments="แก้", actor=REVIEWER, **on),
        "accept": lambda r: r.accept(actor=REVIEWER, **on),
        "revise": lambda r: r.revise(narrative="", problems="", figures=[], actor=FINANCE, **on),
    }
    refused: list[str] = []
    for moves in ([], ["sign off"], ["sign off", "submit"], ["sign off", "submit", "return"],
                  ["sign off", "submit", "accept"]):  # fmt: skip
        for step in steps.values():
            report = drafted()
            for move in moves:
                steps[move](report)
            try:
                step(report)
            except DomainError as error:
                refused.append(error.thai)
    assert "รายงานอยู่ในสถานะส่งแล้ว รอตรวจ แก้ไขไม่ได้" in refused
    assert "ลงนามรับรองรายงานไม่ได้ เพราะผู้บริหารลงนามรับรองแล้ว" in refused
    assert len(refused) >= 12
    for said in refused:
        assert not re.search("[A-Za-z]", said), said
