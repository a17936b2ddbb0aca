"""Every `detail_th` is wholly Thai (issue 13, item 10): the names of actions, roles,
scopes, statuses and stages come translated from the domain's one table, and after the
contract a step's refusal says what to do next."""

from __future__ import annotations

import re
from datetime import date
from uuid import uuid4

import pytest

from budget.application.commands import (
    CancelProject,
    DraftReport,
    InspectInstallment,
    PlanPublished,
    RecordProcurementStep,
    SubmitReport,
)
from budget.application.field_thai import in_thai
from budget.application.from_text import Checker
from budget.domain import errors
from budget.domain.access import Action, Role
from budget.domain.errors import DomainError, InvalidInput
from budget.domain.report import ReportStatus
from tests.builders import FINANCE, LAO, contracted_project, enacted_office
from tests.http_world import Api

LATIN = re.compile(r"[A-Za-z]{2,}")
# Words Thai officials write in Latin letters themselves.
ALLOWED = {"TOR", "bidding", "market"}
ENGLISH_KEYS = {"role", "action", "scope", "status", "stage", "problem", "state_en", "next_en"}


def english_words(text: str) -> set[str]:
    return set(LATIN.findall(text)) - ALLOWED


def domain_errors() -> list[type[DomainError]]:
    found = [v for v in vars(errors).values() if isinstance(v, type)]
    return [k for k in found if issubclass(k, DomainError) and k.code != "domain_error"]


@pytest.mark.parametrize("kind", domain_errors(), ids=lambda k: k.code)
def test_every_thai_template_is_thai_and_names_only_thai_values(kind: type[DomainError]) -> None:
    template = kind.message_th
    keys = set(re.findall(r"\{(\w+)", template))
    assert not keys & ENGLISH_KEYS, f"{kind.code}: give the Thai of {keys & ENGLISH_KEYS}"
    assert not english_words(re.sub(r"\{[^}]*\}", "", template))


def test_an_input_problem_without_its_thai_is_never_shown_in_english() -> None:
    error = InvalidInput(problem="something odd")
    assert not english_words(error.thai)
    assert error.english == "Invalid input: something odd"


def test_roles_actions_and_statuses_have_thai_names() -> None:
    for named in (*Role, *Action, *ReportStatus):
        assert named.name_th
        assert not english_words(named.name_th)


@pytest.mark.parametrize("store_url", ["memory"], indirect=True)
@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("clerk", "/api/dashboards/national?fiscal_year=2570"),
        ("clerk", "/api/authorities/75001030/projects?fiscal_year=2570"),
        ("reviewer", "/api/dashboards/provinces/51?fiscal_year=2570"),
        ("clerk", "/api/audit/log"),
    ],
)
def test_a_refused_read_is_wholly_thai(api: Api, user: str, path: str) -> None:
    response = api.get(path, user)
    assert response.status_code == 403, response.text
    thai = response.json()["detail_th"]
    assert not english_words(thai.replace(user, "")), thai


def test_a_report_refusal_names_its_status_in_thai() -> None:
    office = enacted_office()
    report = office.execute(
        DraftReport(lao_code=LAO, period="2570-M11", narrative="ตามแผน"), actor=FINANCE
    ).id
    with pytest.raises(DomainError) as raised:
        office.execute(SubmitReport(report_id=report), actor=FINANCE)
    assert raised.value.code == "report_status_conflict"
    assert not english_words(raised.value.thai), raised.value.thai
    assert "ผู้บริหารยังไม่ได้ลงนามรับรอง" in raised.value.thai


def test_after_the_contract_a_step_says_to_inspect_an_installment() -> None:
    office = enacted_office()
    project = contracted_project(office)
    step = RecordProcurementStep(
        project_id=project, step=PlanPublished(business_date=date(2027, 3, 1))
    )
    with pytest.raises(DomainError) as raised:
        office.execute(step, actor=FINANCE)
    error = raised.value
    assert error.code == "stage_out_of_order"
    assert "(none)" not in error.english
    assert "inspect an installment" in error.english
    assert "ตรวจรับ" in error.thai
    assert not english_words(error.thai), error.thai
    office.execute(  # and that is what it takes next
        InspectInstallment(project_id=project, installment=1, business_date=date(2027, 3, 1)),
        actor=FINANCE,
    )


# -- a malformed request's detail_th: the field as sent, what is wrong in Thai ----------


@pytest.mark.parametrize(
    ("message", "thai"),
    [
        ("Object missing required field `amount`", "ต้องระบุ"),
        ("Object contains unknown field `x`", "ไม่มีช่องนี้ในคำขอ"),
        ("Expected `str` of length <= 500 - at `$.note`", "ต้องไม่เกิน 500 ตัวอักษร"),
        ("Expected `str` of length >= 1 - at `$.code`", "ต้องไม่เว้นว่าง"),
        ("Expected `array` of length <= 60", "ต้องไม่เกิน 60 รายการ"),
        ("Expected `str` matching regex '^[^\\x00]*$'", "รูปแบบไม่ถูกต้อง"),
        ("Expected `int` >= 1 - at `$.installment`", "ต้องไม่น้อยกว่า 1"),
        ("Expected `int`, got `str` - at `$.installment`", "ต้องเป็นจำนวนเต็ม ไม่ใช่ข้อความ"),
        ("Invalid RFC3339 encoded date - at `$.business_date`", "วันที่ต้องเป็นแบบ ปปปป-ดด-วว (ค.ศ.)"),
        ("Invalid UUID", "รหัสอ้างอิงไม่ถูกต้อง"),
        ("Invalid enum value 'x' - at `$.method`", "ไม่มีตัวเลือกนี้"),
        (
            "amount: an amount must be a number of at most 1,000,000,000,000.00 baht",
            "จำนวนเงินมากเกินไป",
        ),
        ("limit must be 1 to 500", "ต้องอยู่ระหว่าง 1 ถึง 500"),
        ("something nobody wrote down", "ค่าไม่ถูกต้อง"),
    ],
)
def test_a_fields_problem_is_said_in_thai(message: str, thai: str) -> None:
    assert in_thai(message) == thai


@pytest.mark.parametrize("store_url", ["memory"], indirect=True)
@pytest.mark.parametrize(
    "body",
    [
        {"installment": 1, "voucher": "V", "amount": "1_0"},  # the strict money string
        {"installment": 1, "voucher": "V", "amount": 1.5},
        {"installment": 1, "voucher": "V"},  # a field missing
        {"installment": "one", "voucher": "V", "amount": "1.00"},  # of another kind
        {"installment": 0, "voucher": "V", "amount": "1.00"},  # out of bounds
        {"installment": 1, "voucher": "V" * 5000, "amount": "1.00"},  # too long
        {"installment": 1, "voucher": "V", "amount": "1.00", "business_date": "31/12/2569"},
        {"installment": 1, "voucher": "V", "amount": "1.00", "note": "two\nlines"},
    ],
)
def test_a_malformed_request_is_wholly_thai_but_for_the_fields_it_names(
    api: Api, body: dict[str, object]
) -> None:
    response = api.post(f"/api/projects/{api.project}/payments", "clerk", body, if_match='"1"')
    assert response.status_code == 400, response.text
    problem = response.json()
    fields = {e["field"] for e in problem["errors"]}
    assert fields
    thai = problem["detail_th"]
    for field in fields:
        thai = thai.replace(field, "")
    assert not english_words(thai), problem["detail_th"]


def test_a_forms_message_is_thai_where_the_command_refuses_it() -> None:
    """A form's field that reads as text but breaks the command's pattern (a note of two
    lines) gets its message from the same Thai table as the API."""
    checker = Checker({"reason": "ผิด", "note": "two\nlines"}, "th")
    found = checker.command(CancelProject, given={"project_id": uuid4()})
    assert found is None
    assert checker.errors == {"note": "รูปแบบไม่ถูกต้อง"}
    assert checker.problems["note"][1].startswith("Not valid: Expected `str` matching")
