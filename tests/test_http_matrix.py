"""Every route for every role: LAO staff only their own LAO, reviewers their province,
DLA nationwide reads, auditors everything including history, nobody without a login.

A cell is *allowed* when the answer is neither 401 nor 403 (a write may still be
refused by a rule of the domain, 422, after the guard let it through); a refused cell
is 403 `not_permitted`; anyone without a login gets 401.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from budget.application.commands import DraftReport, PlanProject, SignOffReport, SubmitReport
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.fiscal import ReportingPeriod
from budget.domain.procurement import Method
from budget.http.app import create_app
from budget.http.guards import SCOPES
from tests.builders import FINANCE, FY, LAO, OTHER_LAO
from tests.http_world import FAR_LAO, PEOPLE, Api

USERS = [None, *PEOPLE]
ALL = frozenset(PEOPLE)
NATION = frozenset({"dla", "auditor", "admin"})
LAO_READ = NATION | {"clerk", "executive", "reviewer"}
OTHER_LAO_READ = NATION | {"clerk2", "reviewer"}
FAR_LAO_READ = NATION | {"reviewer51"}
PROVINCE_50 = NATION | {"reviewer"}
PROVINCE_51 = NATION | {"reviewer51"}
CLERK = frozenset({"clerk"})
EXECUTIVE = frozenset({"executive"})
REVIEWER = frozenset({"reviewer"})
ADMIN = frozenset({"admin"})
HISTORY = frozenset({"auditor"})
REVIEWERS_AND_NATION = NATION | {"reviewer", "reviewer51"}

LINE = {
    "code": "ROAD",
    "programme": "00310",
    "work_unit": "งานก่อสร้าง",
    "budget_group": "investment",
    "category": "land_and_construction",
    "description": "ถนน",
    "amount": "100000.00",
}
PLAN = {"name": "โครงการ", "line_code": "ROAD", "method": "specific", "amount": "50000.00"}
CONTRACT = {
    "number": "1/2570",
    "contractor": "หจก. ทดสอบ",
    "contractor_tax_id": "0503561000123",
    "amount": "1000.00",
    "installments": [{"number": 1, "amount": "1000.00", "due_on": "2027-01-15"}],
}


@dataclass(frozen=True)
class Row:
    method: str
    template: str  # the route as the app declares it
    path: str  # with this world's ids ({P1}, {P2} are filled in by the test)
    allowed: frozenset[str]
    body: Any = None


BUDGET = "/api/authorities/{lao_code}/budgets/{fiscal_year}"
CHANGES = [
    Row(
        "POST",
        f"{BUDGET}/lines",
        f"/api/authorities/{LAO}/budgets/{FY}/lines",
        CLERK,
        {**LINE, "code": "NEW"},
    ),
    Row(
        "POST",
        f"{BUDGET}/transfers",
        f"/api/authorities/{LAO}/budgets/{FY}/transfers",
        EXECUTIVE,
        {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": "10.00"},
    ),
    Row(
        "POST",
        f"{BUDGET}/transfers",
        f"/api/authorities/{OTHER_LAO}/budgets/{FY}/transfers",
        frozenset(),  # nobody here is that LAO's executive
        {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": "10.00"},
    ),
    Row(
        "POST",
        f"{BUDGET}/supplementary-budgets",
        f"/api/authorities/{LAO}/budgets/{FY}/supplementary-budgets",
        CLERK,
        {"ordinance_date": "2026-11-02", "additions": [{"line_code": "ROAD", "amount": "10.00"}]},
    ),
    Row(
        "POST",
        f"{BUDGET}/expenditures",
        f"/api/authorities/{LAO}/budgets/{FY}/expenditures",
        CLERK,
        {"line_code": "SERVICES", "amount": "10.00", "voucher": "E-1"},
    ),
    Row(
        "POST",
        f"{BUDGET}/expenditures",
        f"/api/authorities/{OTHER_LAO}/budgets/{FY}/expenditures",
        frozenset({"clerk2"}),
        {"line_code": "SERVICES", "amount": "10.00", "voucher": "E-1"},
    ),
    Row(
        "POST",
        f"{BUDGET}/expenditures/{{expenditure_version}}/corrections",
        f"/api/authorities/{LAO}/budgets/{FY}/expenditures/7/corrections",
        CLERK,
        {"amount": "5.00", "reason": "typo"},
    ),
    Row("POST", f"{BUDGET}/closing", f"/api/authorities/{LAO}/budgets/{FY}/closing", CLERK, {}),
    Row(
        "POST",
        "/api/projects/{project_id}/stage-date-corrections",
        "/api/projects/{P1}/stage-date-corrections",
        CLERK,
        {"stage": "plan_published", "corrected_date": "2026-10-11", "reason": "typo"},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/carry-over",
        "/api/projects/{P1}/carry-over",
        CLERK,
        {"kind": "committed", "amount": "10.00", "deadline": "2028-03-31"},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/carry-over/cancellation",
        "/api/projects/{P1}/carry-over/cancellation",
        CLERK,
        {},
    ),
]
REPORTS = [
    Row(
        "POST",
        "/api/authorities/{lao_code}/reports",
        f"/api/authorities/{LAO}/reports",
        CLERK | EXECUTIVE,
        {"period": "2570-M11", "narrative": "เบิกจ่ายตามแผน", "business_date": "2026-12-02"},
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/reports",
        f"/api/authorities/{OTHER_LAO}/reports",
        frozenset({"clerk2"}),
        {"period": "2570-M11", "narrative": "เบิกจ่ายตามแผน", "business_date": "2026-12-02"},
    ),
    Row("GET", "/api/authorities/{lao_code}/reports", f"/api/authorities/{LAO}/reports", LAO_READ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/reports",
        f"/api/authorities/{OTHER_LAO}/reports?fiscal_year={FY}&status=draft",
        OTHER_LAO_READ,
    ),
    Row("GET", "/api/reports/{report_id}", "/api/reports/{R1}", LAO_READ),
    Row("GET", "/api/reports/{report_id}", "/api/reports/{R2}", OTHER_LAO_READ),
    Row(
        "POST",
        "/api/reports/{report_id}/revisions",
        "/api/reports/{R1}/revisions",
        CLERK | EXECUTIVE,
        {"narrative": "แก้ไข", "business_date": "2026-11-06"},
    ),
    Row("POST", "/api/reports/{report_id}/sign-off", "/api/reports/{R1}/sign-off", EXECUTIVE, {}),
    Row("POST", "/api/reports/{report_id}/submission", "/api/reports/{R1}/submission", CLERK, {}),
    Row(
        "POST",
        "/api/reports/{report_id}/return",
        "/api/reports/{R1}/return",
        REVIEWER,
        {"comments": "ขาดปัญหาอุปสรรค"},
    ),
    Row(
        "POST",
        "/api/reports/{report_id}/return",
        "/api/reports/{R2}/return",
        REVIEWER,
        {"comments": "ขาดปัญหาอุปสรรค"},
    ),
    Row(
        "POST", "/api/reports/{report_id}/acceptance", "/api/reports/{R1}/acceptance", REVIEWER, {}
    ),
]
ACCOUNTS = [
    Row(
        "POST",
        "/api/accounts",
        "/api/accounts",
        ADMIN,
        {"username": "newbie", "display_name": "New Clerk"},
    ),
    Row("GET", "/api/accounts/{username}", "/api/accounts/clerk", ADMIN),
    Row(
        "POST",
        "/api/accounts/{username}/grants",
        "/api/accounts/newbie/grants",
        ADMIN,
        {"role": "lao_finance", "acting_for": LAO},
    ),
    Row(
        "POST",
        "/api/accounts/{username}/revocations",
        "/api/accounts/newbie/revocations",
        ADMIN,
        {"role": "lao_finance", "acting_for": LAO, "reason": "moved"},
    ),
    Row(
        "POST",
        "/api/accounts/{username}/password",
        "/api/accounts/newbie/password",
        ADMIN,
        {"password": "a new long password"},
    ),
    Row(  # everyone may change their own password (here: the wrong current one, 422)
        "POST",
        "/api/auth/password",
        "/api/auth/password",
        ALL,
        {"current_password": "not it", "new_password": "a new long password"},
    ),
    Row(
        "GET",
        "/api/audit/records/{aggregate_id}",
        "/api/audit/records/{P1}?at=2030-01-01T00:00:00%2B07:00",
        HISTORY,
    ),
]

ROWS = [
    Row("GET", "/api/auth/me", "/api/auth/me", ALL),
    Row("GET", "/api/authorities", "/api/authorities", ALL),
    Row("GET", "/api/authorities/{lao_code}", f"/api/authorities/{LAO}", LAO_READ),
    Row("GET", "/api/authorities/{lao_code}", f"/api/authorities/{OTHER_LAO}", OTHER_LAO_READ),
    Row("GET", "/api/authorities/{lao_code}", f"/api/authorities/{FAR_LAO}", FAR_LAO_READ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}",
        f"/api/authorities/{LAO}/budgets/{FY}",
        LAO_READ,
    ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}",
        f"/api/authorities/{OTHER_LAO}/budgets/{FY}",
        OTHER_LAO_READ,
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets",
        f"/api/authorities/{LAO}/budgets",
        CLERK,
        {"fiscal_year": FY + 1, "lines": [LINE]},
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}/enactment",
        f"/api/authorities/{LAO}/budgets/{FY}/enactment",
        CLERK,
        {"ordinance_date": "2026-09-20", "approved_by": "นายอำเภอ"},
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}/projects",
        f"/api/authorities/{LAO}/budgets/{FY}/projects",
        CLERK,
        {**PLAN, "code": "M1"},
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}/projects",
        f"/api/authorities/{OTHER_LAO}/budgets/{FY}/projects",
        frozenset({"clerk2"}),
        {**PLAN, "code": "M2"},
    ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/projects",
        f"/api/authorities/{LAO}/projects?fiscal_year={FY}",
        LAO_READ,
    ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/projects",
        f"/api/authorities/{OTHER_LAO}/projects?fiscal_year={FY}",
        OTHER_LAO_READ,
    ),
    Row("GET", "/api/projects/{project_id}", "/api/projects/{P1}", LAO_READ),
    Row(
        "POST",
        "/api/projects/{project_id}/steps",
        "/api/projects/{P1}/steps",
        CLERK,
        {"step": "plan_published", "business_date": "2026-10-10"},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/contract",
        "/api/projects/{P1}/contract",
        CLERK,
        CONTRACT,
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/inspections",
        "/api/projects/{P1}/inspections",
        CLERK,
        {"installment": 1},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/payments",
        "/api/projects/{P1}/payments",
        CLERK,
        {"installment": 1, "amount": "10.00", "voucher": "V-1"},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/payments/{payment_version}/corrections",
        "/api/projects/{P1}/payments/2/corrections",
        CLERK,
        {"amount": "5.00", "reason": "typo"},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/cancellation",
        "/api/projects/{P2}/cancellation",
        CLERK,
        {"reason": "ไม่จำเป็นแล้ว"},
    ),
    Row("POST", "/api/projects/{project_id}/closing", "/api/projects/{P1}/closing", CLERK, {}),
    Row(
        "GET",
        "/api/dashboards/national",
        f"/api/dashboards/national?fiscal_year={FY}",
        NATION,
    ),
    Row(
        "GET",
        "/api/dashboards/provinces/{province_code}",
        f"/api/dashboards/provinces/50?fiscal_year={FY}",
        PROVINCE_50,
    ),
    Row(
        "GET",
        "/api/dashboards/provinces/{province_code}",
        f"/api/dashboards/provinces/51?fiscal_year={FY}",
        PROVINCE_51,
    ),
    Row(
        "GET",
        "/api/dashboards/authorities/{lao_code}",
        f"/api/dashboards/authorities/{LAO}?fiscal_year={FY}",
        LAO_READ,
    ),
    Row(
        "GET",
        "/api/dashboards/authorities/{lao_code}",
        f"/api/dashboards/authorities/{OTHER_LAO}?fiscal_year={FY}",
        OTHER_LAO_READ,
    ),
    Row("GET", "/api/rankings", f"/api/rankings?fiscal_year={FY}", NATION),
    Row("GET", "/api/review-inbox", "/api/review-inbox", REVIEWERS_AND_NATION),
    Row("GET", "/api/review-inbox", "/api/review-inbox?province_code=50", PROVINCE_50),
    Row(
        "GET",
        "/api/audit/records/{aggregate_id}/events",
        "/api/audit/records/{P1}/events",
        HISTORY,
    ),
    Row("GET", "/api/audit/records/{aggregate_id}", "/api/audit/records/{P1}", HISTORY),
    Row("GET", "/api/audit/log", "/api/audit/log", HISTORY),
    *CHANGES,
    *REPORTS,
    *ACCOUNTS,
    Row(
        "GET",
        "/api/pdf/authorities/{lao_code}",
        f"/api/pdf/authorities/{LAO}?fiscal_year={FY}",
        LAO_READ,
    ),
    Row(
        "GET",
        "/api/pdf/authorities/{lao_code}",
        f"/api/pdf/authorities/{OTHER_LAO}?fiscal_year={FY}&quarter=1",
        OTHER_LAO_READ,
    ),
    Row(
        "GET",
        "/api/pdf/provinces/{province_code}",
        f"/api/pdf/provinces/50?fiscal_year={FY}",
        PROVINCE_50,
    ),
    Row(
        "GET",
        "/api/pdf/provinces/{province_code}",
        f"/api/pdf/provinces/51?fiscal_year={FY}",
        PROVINCE_51,
    ),
    Row("GET", "/api/pdf/national", f"/api/pdf/national?fiscal_year={FY}", NATION),
    Row(
        "GET",
        "/api/authorities/{lao_code}/workbook",
        f"/api/authorities/{LAO}/workbook?fiscal_year={FY}",
        LAO_READ,
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/imports",
        f"/api/authorities/{LAO}/imports",
        CLERK | ADMIN,  # a JSON body: a 400 for them, the file is multipart
    ),
    # a report job is found only by those who asked for it (others: 404, as for no job)
    Row("GET", "/api/pdf/jobs/{job_id}", "/api/pdf/jobs/0123456789abcdef", ALL),
    Row("GET", "/api/pdf/jobs/{job_id}/pdf", "/api/pdf/jobs/0123456789abcdef/pdf", ALL),
    Row("POST", "/api/auth/logout", "/api/auth/logout", ALL),  # last: it ends the sessions
]


def second_project(api: Api) -> str:
    recorded = api.office.execute(
        PlanProject(
            lao_code=LAO,
            fiscal_year=FY,
            code="P2",
            name="โครงการ 2",
            line_code="SUPPLIES",
            method=Method.SPECIFIC,
            amount=Decimal("10000.00"),
            business_date=date(2026, 10, 6),
        ),
        actor=FINANCE,
    )
    api.views_caught_up()
    return str(recorded.id)


def drafted_reports(api: Api) -> dict[str, str]:
    """R1: the clerk's LAO's report on October 2026; R2: the other LAO's."""
    period = ReportingPeriod.parse("2570-M10")
    ids = {}
    for name, lao, actor in (("{R1}", LAO, FINANCE), ("{R2}", OTHER_LAO, SYSTEM_ACTOR)):
        recorded = api.office.execute(
            DraftReport(
                lao_code=lao, period=period.key, narrative="ตามแผน", business_date=date(2026, 11, 5)
            ),
            actor=actor,
        )
        ids[name] = str(recorded.id)
    signed = api.office.execute(
        SignOffReport(report_id=UUID(ids["{R2}"]), business_date=date(2026, 11, 5)),
        actor=SYSTEM_ACTOR,
    )
    api.office.execute(
        SubmitReport(report_id=signed.id, business_date=date(2026, 11, 5)), actor=SYSTEM_ACTOR
    )
    api.views_caught_up()
    return ids


def test_every_route_answers_every_role_as_its_scope_allows(api: Api) -> None:
    ids = {"{P1}": str(api.project), "{P2}": second_project(api), **drafted_reports(api)}
    wrong: list[str] = []
    for row in ROWS:
        path = row.path
        for placeholder, value in ids.items():
            path = path.replace(placeholder, value)
        for user in USERS:
            response = api.client.request(
                row.method, path, headers=api.headers(user), json=row.body
            )
            status = response.status_code
            if user is None:
                ok = status == 401
            elif user in row.allowed:
                ok = status not in {401, 403} and status < 500
            elif hides_existence(row.template) and status == 404:
                ok = response.json()["code"] == "not_found"  # as if there were none
            else:
                ok = status == 403 and response.json()["code"] == "not_permitted"
            if not ok:
                wrong.append(f"{row.method} {path} as {user}: {status} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)


def hides_existence(template: str) -> bool:
    return "{project_id}" in template or "{report_id}" in template


def test_another_office_s_record_is_answered_as_a_missing_one(api: Api) -> None:
    """With predictable ids (uuid5 of codes), a 403 for a record that exists and a 404 for
    one that does not would tell who has what: both are the same 404."""
    ids = {"{P1}": str(api.project), "{P2}": second_project(api), **drafted_reports(api)}
    missing = "00000000-0000-5000-8000-000000000000"
    differ: list[str] = []
    for row in ROWS:
        if not hides_existence(row.template):
            continue
        path = row.path
        for placeholder, value in ids.items():
            path = path.replace(placeholder, value)
        record = next(v for v in ids.values() if v in path)
        for user in sorted(PEOPLE.keys() - row.allowed):
            there = api.client.request(row.method, path, headers=api.headers(user), json=row.body)
            gone = api.client.request(
                row.method, path.replace(record, missing), headers=api.headers(user), json=row.body
            )
            if there.status_code == 403 and gone.status_code == 403:
                continue  # the role may never do this: refused before any lookup
            if (there.status_code, there.text.replace(record, missing)) != (
                gone.status_code,
                gone.text,
            ):
                differ.append(
                    f"{row.method} {path} as {user}: {there.status_code} vs {gone.status_code}"
                )
    assert not differ, "\n".join(differ)


def test_the_matrix_covers_every_route_of_the_api(api: Api) -> None:
    declared = {
        (method, route.path_format)
        for route in create_app(api.services).routes
        for method in getattr(route, "methods", ())
        if route.path_format.startswith("/api/") and method not in {"OPTIONS", "HEAD"}
    }
    covered = {(row.method, row.template) for row in ROWS} | {("POST", "/api/auth/login")}
    assert declared == covered


def test_every_route_declares_the_action_it_needs(api: Api) -> None:
    for route in api.client.app.routes:
        if not route.path_format.startswith("/api/"):
            continue
        for handler in getattr(route, "route_handlers", ()):
            if set(handler.http_methods) <= {"OPTIONS", "HEAD"}:
                continue  # Litestar's own answer to OPTIONS: no data
            if handler.opt.get("public"):
                assert route.path_format == "/api/auth/login"
                continue
            assert handler.opt["action"] is not None, route.path_format
            assert handler.opt["scope"] in SCOPES


@pytest.mark.parametrize(
    ("user", "codes"),
    [
        ("clerk", [LAO]),
        ("executive", [LAO]),
        ("clerk2", [OTHER_LAO]),
        ("reviewer", [LAO, OTHER_LAO]),
        ("reviewer51", [FAR_LAO]),
        ("dla", [LAO, OTHER_LAO, FAR_LAO]),
        ("auditor", [LAO, OTHER_LAO, FAR_LAO]),
    ],
)
def test_the_authority_list_shows_what_the_caller_may_see(
    api: Api, user: str, codes: list[str]
) -> None:
    response = api.get("/api/authorities", user)
    assert response.status_code == 200
    assert [a["lao_code"] for a in response.json()["items"]] == codes
    assert response.json()["total"] == len(codes)


def test_a_reviewer_may_not_list_another_province(api: Api) -> None:
    response = api.get("/api/authorities", "reviewer", province_code="51")
    assert response.status_code == 403
    narrowed = api.get("/api/authorities", "dla", province_code="51")
    assert [a["lao_code"] for a in narrowed.json()["items"]] == [FAR_LAO]


def test_the_guard_and_the_application_agree_on_writes_to_another_lao(api: Api) -> None:
    """clerk2 is refused on clerk's project by the guard (as if there were no such project),
    before anything is read or recorded, and the application would refuse the same (one
    rule set)."""
    before = api.position()
    response = api.post(
        f"/api/projects/{api.project}/steps",
        "clerk2",
        {"step": "plan_published"},
        key="k-1",
    )
    assert response.status_code == 404
    assert api.position() == before
    assert api.services.keys.claim("clerk2", "k-1", "x") is None  # the key was never claimed
