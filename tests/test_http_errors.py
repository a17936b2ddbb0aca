"""Errors are RFC 9457 problem details: a broken rule keeps its domain code and its
Thai and English messages, malformed input is a 400 naming the field, and nothing a
client sends is a 500."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy.exc import OperationalError

from budget.application.commands import (
    DraftReport,
    InspectInstallment,
    SignContract,
    SignOffReport,
    SubmitReport,
)
from budget.domain.procurement import Method
from budget.projections import queries
from tests.builders import (
    EXECUTIVE,
    FINANCE,
    FY,
    LAO,
    contract,
    planned_project,
    procured_until_winner,
)
from tests.http_world import Api

THAI = re.compile(r"[\u0E00-\u0E7F]")
LINE = {
    "code": "A",
    "programme": "00310",
    "work_unit": "งาน",
    "budget_group": "investment",
    "category": "land_and_construction",
    "description": "รายการ",
    "amount": "1000.00",
}


@dataclass(frozen=True)
class Case:
    path: str  # {P1}: the world's project; {W}: a project whose winner is announced;
    body: Any  # {I}: a project with installment 1 inspected; {D}: a draft report;
    # {S}: a submitted report
    status: int
    code: str
    method: str = "POST"
    user: str = ""  # default: the clerk (the auditor under /audit/, DLA for the far LAO)


def plan(code: str, **more: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "โครงการ",
        "line_code": "EQUIP",
        "method": "specific",
        "amount": "100000.00",
        **more,
    }


PLANS = f"/api/authorities/{LAO}/budgets/{FY}/projects"
BUDGET = f"/api/authorities/{LAO}/budgets/{FY}"
APPROVAL = {"resolution": "มติสภา 3/2569", "approved_on": "2026-11-01"}


def transfer(amount: str = "1.00", **more: Any) -> dict[str, Any]:
    return {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": amount, **more}


def spend(amount: str, **more: Any) -> dict[str, Any]:
    return {"line_code": "SUPPLIES", "amount": amount, "voucher": "E-1", **more}


CHANGE_RULES = [
    Case(
        f"{BUDGET}/transfers", transfer("9999999.00"), 422, "insufficient_funds", user="executive"
    ),
    Case(
        f"{BUDGET}/transfers",
        transfer(from_line="ROAD", to_line="BRIDGE", changes_item=True),
        422,
        "council_approval_required",
        user="executive",
    ),
    Case(
        f"{BUDGET}/transfers",
        transfer(from_line="NOPE"),
        422,
        "budget_line_not_found",
        "POST",
        "executive",
    ),
    Case(
        f"{BUDGET}/transfers", transfer(to_line="SUPPLIES"), 422, "invalid_input", user="executive"
    ),
    Case(
        f"{BUDGET}/transfers",
        transfer(business_date="2027-10-05"),
        422,
        "date_outside_fiscal_year",
        user="executive",
    ),
    Case(
        "/api/authorities/75001030/budgets/2570/transfers",
        transfer(),
        403,
        "not_permitted",
        user="executive",
    ),
    Case(
        f"{BUDGET}/supplementary-budgets",
        {"ordinance_date": "2027-02-01", "additions": [{"line_code": "NOPE", "amount": "1.00"}]},
        422,
        "budget_line_not_found",
    ),
    Case(
        f"{BUDGET}/supplementary-budgets",
        {"ordinance_date": "2027-02-01", "new_lines": [{**LINE, "code": "ROAD"}]},
        422,
        "duplicate_budget_line",
    ),
    Case(f"{BUDGET}/expenditures", spend("500000.00"), 422, "insufficient_funds"),
    Case(f"{BUDGET}/expenditures", spend("0.00"), 422, "invalid_input"),
    Case(
        f"{BUDGET}/expenditures/2/corrections",
        {"amount": "1.00", "reason": "ผิด"},
        422,
        "event_not_correctable",
    ),
    Case(
        f"{BUDGET}/expenditures/2/corrections",
        {"amount": "1.00", "reason": " "},
        422,
        "reason_required",
    ),
    Case(f"{BUDGET}/lines", {**LINE, "code": "NEW"}, 422, "budget_already_enacted"),
    Case(f"{BUDGET}/closing", {"business_date": "2027-09-30"}, 422, "invalid_input"),
    Case("/api/authorities/75001020/budgets/2575/closing", {}, 404, "budget_not_found"),
    Case(
        "/api/projects/{P1}/stage-date-corrections",
        {"stage": "tor_set", "corrected_date": "2026-10-20", "reason": "ผิด"},
        422,
        "event_not_correctable",
    ),
    Case(
        "/api/projects/{W}/stage-date-corrections",
        {"stage": "plan_published", "corrected_date": "2026-10-01", "reason": "ผิด"},
        422,
        "date_before_previous_stage",
    ),
    Case(
        "/api/projects/{P1}/carry-over",
        {"kind": "committed", "amount": "1.00", "deadline": "2028-03-31"},
        422,
        "carry_over_not_allowed",
    ),
    Case(
        "/api/projects/{P1}/carry-over",
        {"kind": "council_approved", "amount": "1.00", "deadline": "2028-03-31"},
        422,
        "council_approval_required",
    ),
    Case("/api/projects/{P1}/carry-over/cancellation", {}, 422, "invalid_input"),
]
REPORTS = f"/api/authorities/{LAO}/reports"
REPORT_RULES = [
    Case(REPORTS, {"period": "2570-M10", "narrative": "ซ้ำ"}, 409, "already_exists"),
    Case(REPORTS, {"period": "2570-M13", "narrative": "x"}, 422, "invalid_input"),
    Case(REPORTS, {"period": "2569-Q1", "narrative": "x"}, 404, "budget_not_found"),
    Case(REPORTS, {"period": "2575-Q1", "narrative": "x"}, 422, "period_not_started"),
    Case("/api/reports/{D}/submission", {}, 422, "report_status_conflict"),
    Case("/api/reports/{D}/acceptance", {}, 422, "report_status_conflict", user="reviewer"),
    Case("/api/reports/{S}/return", {"comments": "  "}, 422, "comments_required", user="reviewer"),
    Case("/api/reports/{S}/revisions", {"narrative": "x"}, 422, "report_not_editable"),
    Case("/api/reports/{S}/sign-off", {}, 422, "report_status_conflict", user="executive"),
    Case(f"/api/reports/{uuid4()}", None, 404, "not_found", "GET"),
    Case(f"/api/reports/{uuid4()}/submission", {}, 404, "not_found"),
]
ACCOUNT_RULES = [
    Case(
        "/api/accounts",
        {"username": "clerk", "display_name": "x"},
        409,
        "already_exists",
        user="admin",
    ),
    Case("/api/accounts/nobody", None, 404, "not_found", "GET", "admin"),
    Case("/api/accounts/nobody/grants", {"role": "auditor"}, 404, "not_found", user="admin"),
    Case(
        "/api/accounts/clerk/grants",
        {"role": "lao_finance", "acting_for": LAO},
        422,
        "role_already_granted",
        user="admin",
    ),
    Case(
        "/api/accounts/clerk/revocations",
        {"role": "auditor", "reason": "x"},
        422,
        "role_not_granted",
        user="admin",
    ),
    Case(
        "/api/auth/password",
        {"current_password": "a guess", "new_password": "long enough"},
        422,
        "wrong_password",
    ),
]
RULES = [
    Case(
        PLANS, plan("X", method="specific", amount="600000.00"), 422, "method_does_not_fit_amount"
    ),
    Case(
        PLANS,
        plan("X", line_code="ROAD", method="e_bidding", amount="600000.00"),
        422,
        "insufficient_funds",
    ),
    Case(PLANS, plan("X", line_code="NOPE"), 422, "budget_line_not_found"),
    Case(PLANS, plan("P1"), 409, "already_exists"),
    Case(f"/api/authorities/{LAO}/budgets/2575/projects", plan("X"), 404, "budget_not_found"),
    Case(
        f"/api/authorities/{LAO}/budgets",
        {"fiscal_year": FY, "lines": [LINE]},
        409,
        "already_exists",
    ),
    Case(
        f"/api/authorities/{LAO}/budgets",
        {"fiscal_year": FY + 1, "lines": [{**LINE, "category": "materials"}]},
        422,
        "invalid_input",
    ),
    Case(
        f"/api/authorities/{LAO}/budgets",
        {"fiscal_year": FY + 1, "lines": [LINE, LINE]},
        422,
        "duplicate_budget_line",
    ),
    Case(
        f"/api/authorities/{LAO}/budgets/{FY}/enactment",
        {"ordinance_date": "2026-09-20", "approved_by": "นายอำเภอ"},
        422,
        "budget_already_enacted",
    ),
    Case(f"/api/authorities/{LAO}/budgets/{FY}", None, 404, "budget_not_found", "GET"),
    Case(f"/api/authorities/{LAO}/budgets/2575", None, 404, "budget_not_found", "GET"),
    Case("/api/authorities/99999999", None, 404, "not_found", "GET"),
    Case(f"/api/projects/{uuid4()}", None, 404, "not_found", "GET"),
    Case(f"/api/projects/{uuid4()}/steps", {"step": "plan_published"}, 404, "not_found"),
    Case(
        "/api/projects/{P1}/steps",
        {"step": "bids_evaluated", "bids_received": 1},
        422,
        "stage_out_of_order",
    ),
    Case(
        "/api/projects/{P1}/steps",
        {"step": "plan_published", "business_date": "2026-10-01"},
        422,
        "date_before_previous_stage",
    ),
    Case("/api/projects/{P1}/closing", {}, 422, "project_not_finished"),
    Case("/api/projects/{P1}/cancellation", {"reason": "  "}, 422, "reason_required"),
    Case(
        "/api/projects/{P1}/payments",
        {"installment": 1, "amount": "1.00", "voucher": "V"},
        422,
        "installment_not_found",
    ),
    Case(
        "/api/projects/{W}/contract",
        {
            "number": "1",
            "contractor": "ผู้รับจ้าง",
            "contractor_tax_id": "1",
            "amount": "10.00",
            "installments": [{"number": 1, "amount": "9.00", "due_on": "2027-01-01"}],
        },
        422,
        "installments_do_not_add_up",
    ),
    Case(
        "/api/projects/{W}/contract",
        {
            "number": "1",
            "contractor": "ผู้รับจ้าง",
            "contractor_tax_id": "1",
            "amount": "10.00",
            "installments": [{"number": 2, "amount": "10.00", "due_on": "2027-01-01"}],
        },
        422,
        "invalid_input",
    ),
    Case(
        "/api/projects/{W}/contract",
        {
            "number": "1",
            "contractor": "ผู้รับจ้าง",
            "contractor_tax_id": "1",
            "amount": "100000.00",
            "business_date": "2026-11-10",
            "installments": [{"number": 1, "amount": "100000.00", "due_on": "2027-01-01"}],
        },
        422,
        "inside_appeal_window",
    ),
    Case(
        "/api/projects/{I}/payments",
        {"installment": 1, "amount": "800000.00", "voucher": "V1", "business_date": "2027-01-25"},
        422,
        "payment_exceeds_installment",
    ),
    Case(
        "/api/projects/{I}/payments",
        {"installment": 2, "amount": "1.00", "voucher": "V1", "business_date": "2027-01-25"},
        422,
        "installment_not_inspected",
    ),
    Case(
        "/api/projects/{I}/payments",
        {"installment": 1, "amount": "1.00", "voucher": "V1", "business_date": "2028-01-25"},
        422,
        "payment_date_not_allowed",
    ),
    Case(
        "/api/projects/{I}/payments/1/corrections",
        {"amount": "1.00", "reason": "ผิด"},
        422,
        "event_not_correctable",
    ),
    Case(
        "/api/projects/{I}/inspections",
        {"installment": 1, "business_date": "2027-01-21"},
        422,
        "installment_already_inspected",
    ),
    Case(f"/api/audit/records/{uuid4()}/events", None, 404, "not_found", "GET"),
    *CHANGE_RULES,
    *REPORT_RULES,
    *ACCOUNT_RULES,
]


@pytest.fixture(scope="module")
def ids(shared_api: Api) -> dict[str, UUID]:
    api = shared_api
    office = api.office
    winner = planned_project(office, code="W", line_code="BRIDGE", amount="900000.00")
    procured_until_winner(office, winner, offered="900000.00")
    inspected = planned_project(office, code="I", line_code="BRIDGE", amount="1500000.00")
    procured_until_winner(office, inspected, offered="1400000.00")
    office.execute(
        SignContract.of(
            contract("1400000.00"), project_id=inspected, business_date=date(2026, 11, 18)
        ),
        actor=FINANCE,
    )
    office.execute(
        InspectInstallment(project_id=inspected, installment=1, business_date=date(2027, 1, 20)),
        actor=FINANCE,
    )
    draft = office.execute(
        DraftReport(
            lao_code=LAO, period="2570-M10", narrative="ตามแผน", business_date=date(2026, 11, 5)
        ),
        actor=FINANCE,
    ).id
    submitted = office.execute(
        DraftReport(
            lao_code=LAO, period="2570-M11", narrative="ตามแผน", business_date=date(2026, 12, 2)
        ),
        actor=FINANCE,
    ).id
    office.execute(
        SignOffReport(report_id=submitted, business_date=date(2026, 12, 2)), actor=EXECUTIVE
    )
    office.execute(
        SubmitReport(report_id=submitted, business_date=date(2026, 12, 3)), actor=FINANCE
    )
    api.views_caught_up()
    return {"{P1}": api.project, "{W}": winner, "{I}": inspected, "{D}": draft, "{S}": submitted}


def check_problem(response: Any, status: int, code: str, path: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["type"] == f"/problems/{code}"
    assert problem["code"] == code
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    assert not THAI.search(problem["detail"].replace(path, ""))
    assert THAI.search(problem["detail_th"]) or code == "invalid_request"
    assert problem["instance"] == path.split("?", maxsplit=1)[0]
    return problem


@pytest.mark.parametrize("case", RULES, ids=lambda c: f"{c.code}-{c.path.split('/')[-1]}")
def test_a_broken_rule_comes_back_with_its_code(
    shared_api: Api, ids: dict[str, UUID], case: Case
) -> None:
    api = shared_api
    path = case.path
    for placeholder, value in ids.items():
        path = path.replace(placeholder, str(value))
    if case.path.endswith(f"/budgets/{FY}") and case.method == "GET":
        path = f"/api/authorities/76001010/budgets/{FY}"  # an LAO without a budget
    user = case.user or (
        "auditor" if "/audit/" in path else "clerk" if "76001010" not in path else "dla"
    )
    before = api.position()
    version = api.current_version(path, user) if case.method == "POST" else None
    headers = api.headers(user, **({"If-Match": version} if version else {}))
    response = api.client.request(case.method, path, headers=headers, json=case.body)
    check_problem(response, case.status, case.code, path)
    assert api.position() == before, "a refused command recorded events"


def test_a_refusal_names_the_rule_in_both_languages(api: Api) -> None:
    response = api.post(PLANS, "clerk", plan("X", method="specific", amount="600000.00"))
    problem = response.json()
    assert problem["detail"].startswith("Method specific does not fit 600,000.00 baht")
    assert problem["detail_th"].startswith("วิธีเฉพาะเจาะจงใช้กับวงเงิน 600,000.00 บาทไม่ได้")


PAYMENT = {"installment": 1, "amount": "1.00", "voucher": "V"}
MALFORMED = [
    ("/api/projects/{P1}/payments", b'{"installment":1,"amount":"1.00"}', "voucher"),
    (
        "/api/projects/{P1}/payments",
        b'{"installment":"one","amount":"1","voucher":"V"}',
        "installment",
    ),
    ("/api/projects/{P1}/payments", b'{"installment":0,"amount":"1","voucher":"V"}', "installment"),
    ("/api/projects/{P1}/payments", b'{"installment":1,"amount":"1","voucher":"V","x":1}', "x"),
    ("/api/projects/{P1}/payments", b'{"installment":1,"amount":"lots","voucher":"V"}', "amount"),
    ("/api/projects/{P1}/payments", b'{"installment":1,"amount":"1e400","voucher":"V"}', "amount"),
    ("/api/projects/{P1}/payments", b'{"installment":1,"amount":"NaN","voucher":"V"}', "amount"),
    (
        "/api/projects/{P1}/payments",
        b'{"installment":1,"amount":"-Infinity","voucher":"V"}',
        "amount",
    ),
    (
        "/api/projects/{P1}/payments",
        b'{"installment":1,"amount":"1","voucher":"V","business_date":"2026-02-30"}',
        "business_date",
    ),
    (
        "/api/projects/{P1}/payments",
        b'{"installment":1,"amount":"1","voucher":"V","business_date":"9999-12-31"}',
        "business_date",
    ),
    (
        "/api/projects/{P1}/payments",
        b'{"installment":1,"amount":"1","voucher":"V\\u0000"}',
        "voucher",
    ),
    (
        "/api/projects/{P1}/payments",
        b'{"installment":1,"amount":"1","voucher":"' + b"v" * 101 + b'"}',
        "voucher",
    ),
    ("/api/projects/{P1}/payments", b'{"installment":1,', "body"),
    ("/api/projects/{P1}/payments", b"[1, 2]", "body"),
    ("/api/projects/{P1}/payments", b"", "body"),
    ("/api/projects/{P1}/payments", b"\xff\xfe", "body"),
    ("/api/projects/{P1}/steps", b'{"step":"signed"}', "step"),
    ("/api/projects/{P1}/steps", b'{"bids_received":3}', "step"),
    (
        "/api/projects/{P1}/contract",
        b'{"number":"1","contractor":"c","contractor_tax_id":"1","amount":"1",'
        b'"installments":[{"number":1,"amount":"x","due_on":"2027-01-01"}]}',
        "installments[0].amount",
    ),
    (PLANS, b'{"code":"X","name":"n","line_code":"A","method":"auction","amount":"1"}', "method"),
    (
        PLANS,
        b'{"code":"X","name":"n","line_code":"A","method":"specific","amount":"-1.00"}',
        "amount",
    ),
    (
        PLANS,
        b'{"code":"X","name":"n","line_code":"A","method":"specific","amount":"1.001"}',
        "amount",
    ),
    (f"/api/authorities/{LAO}/budgets", b'{"fiscal_year":99999,"lines":[]}', "fiscal_year"),
    ("/api/auth/login", b'{"username":"clerk"}', "password"),
    (
        f"{BUDGET}/supplementary-budgets",
        b'{"ordinance_date":"2027-02-01","additions":[{"line_code":"A","amount":"1"},'
        b'{"line_code":"A","amount":"2"}]}',
        "additions",
    ),
    (f"{BUDGET}/expenditures", b'{"line_code":"A","amount":"1","voucher":""}', "voucher"),
    (
        f"{BUDGET}/expenditures/0/corrections",
        b'{"amount":"1","reason":"x"}',
        "expenditure_version",
    ),
    (
        "/api/projects/{P1}/payments/0/corrections",
        b'{"amount":"1","reason":"x"}',
        "payment_version",
    ),
    (REPORTS, b'{"period":"2570-X1","narrative":"x"}', "period"),
    (
        "/api/projects/{P1}/carry-over",
        b'{"kind":"lapsed","amount":"1","deadline":"2028-03-31"}',
        "kind",
    ),
    (
        "/api/projects/{P1}/stage-date-corrections",
        b'{"stage":"planned","corrected_date":"2026-13-01","reason":"x"}',
        "corrected_date",
    ),
]


ONE_STORE = pytest.mark.parametrize("store_url", ["memory"], indirect=True)  # input, not storage


@ONE_STORE
@pytest.mark.parametrize(("path", "body", "field"), MALFORMED)
def test_malformed_input_is_a_400_naming_the_field(
    api: Api, path: str, body: bytes, field: str
) -> None:
    path = path.replace("{P1}", str(api.project))
    before = api.position()
    headers = {**api.headers("clerk"), "Content-Type": "application/json", "If-Match": '"1"'}
    response = api.client.post(path, content=body, headers=headers)
    problem = check_problem(response, 400, "invalid_request", path)
    assert [e["field"] for e in problem["errors"]] == [field]
    assert field in problem["detail"]
    assert api.position() == before


@ONE_STORE
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "fiscal_year"),
        ("fiscal_year=abc", "fiscal_year"),
        ("fiscal_year=1", "fiscal_year"),
        ("fiscal_year=2570&quarter=5", "quarter"),
        ("fiscal_year=2570&stage=nope", "stage"),
        ("fiscal_year=2570&limit=0", "limit"),
        ("fiscal_year=2570&limit=501", "limit"),
        ("fiscal_year=2570&offset=-1", "offset"),
        ("fiscal_year=2570&stuck_only=perhaps", "stuck_only"),
    ],
)
def test_malformed_query_parameters_are_a_400_naming_them(api: Api, query: str, field: str) -> None:
    path = f"/api/authorities/{LAO}/projects"
    response = api.client.get(f"{path}?{query}", headers=api.headers("clerk"))
    problem = check_problem(response, 400, "invalid_request", path)
    assert [e["field"] for e in problem["errors"]] == [field]
    assert problem["errors"][0]["source"] == "query"


def test_malformed_headers_are_a_400_naming_them(api: Api) -> None:
    path = f"/api/projects/{api.project}/steps"
    too_long = api.post(path, "clerk", {"step": "plan_published"}, key="k" * 201)
    assert check_problem(too_long, 400, "invalid_request", path)["errors"][0]["field"] == (
        "Idempotency-Key"
    )
    garbage = api.post(path, "clerk", {"step": "plan_published"}, if_match="yesterday")
    check_problem(garbage, 400, "invalid_request", path)


def test_audit_moments_need_their_timezone(api: Api) -> None:
    response = api.get("/api/audit/log", "auditor", recorded_from="2026-11-01T00:00:00")
    check_problem(response, 400, "invalid_request", "/api/audit/log")
    ok = api.get("/api/audit/log", "auditor", recorded_from="2026-11-01T00:00:00+07:00")
    assert ok.status_code == 200


def test_unknown_routes_and_methods_are_problems_too(api: Api) -> None:
    check_problem(api.get("/api/nowhere", "clerk"), 404, "no_such_resource", "/api/nowhere")
    check_problem(
        api.get("/api/projects/not-a-uuid", "clerk"),
        404,
        "no_such_resource",
        "/api/projects/not-a-uuid",
    )
    wrong = api.client.delete("/api/authorities", headers=api.headers("clerk"))
    check_problem(wrong, 405, "method_not_allowed", "/api/authorities")


def test_an_unexpected_failure_is_a_logged_500_that_reveals_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the disk is on fire at /secret/path")

    monkeypatch.setattr(api.office, "execute", broken)
    response = api.post(f"/api/projects/{api.project}/payments", "clerk", PAYMENT)
    problem = check_problem(
        response, 500, "internal_error", f"/api/projects/{api.project}/payments"
    )
    assert "secret" not in response.text
    assert any("the disk is on fire" in str(r.exc_info) for r in caplog.records if r.exc_info)
    assert problem["detail_th"]


def test_the_method_of_the_amount_rule_is_reachable_with_its_reason(api: Api) -> None:
    with_reason = plan(
        "R",
        method=Method.PRICE_QUOTATION.value,
        amount="600000.00",
        line_code="BRIDGE",
        method_reason="อินเทอร์เน็ตเข้าไม่ถึง",
    )
    assert api.post(PLANS, "clerk", with_reason).status_code == 201


def test_a_database_out_of_reach_is_a_logged_503_for_the_api_and_the_pages(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.test_pages import log_in

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("SELECT ...", {}, Exception("connection refused"))

    monkeypatch.setattr(queries, "national_dashboard", unreachable)
    answer = api.get("/api/dashboards/national", "dla", fiscal_year=FY)
    check_problem(answer, 503, "database_unavailable", "/api/dashboards/national")
    log_in(api, "dla")
    page = api.client.get(f"/nation?fiscal_year={FY}")
    assert page.status_code == 503
    assert "ขณะนี้ติดต่อฐานข้อมูลไม่ได้" in page.text
    failed = [r.getMessage() for r in caplog.records if "the database failed" in r.getMessage()]
    assert len(failed) == 2
    assert failed[0].startswith("GET /api/dashboards/national: the database failed: ")
    assert failed[1].startswith("GET /nation: the database failed: ")
    assert all("connection refused" in message for message in failed)
