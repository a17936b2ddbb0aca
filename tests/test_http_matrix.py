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

import pytest

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
    Row("POST", "/api/auth/logout", "/api/auth/logout", ALL),  # last: it ends the sessions
]


def second_project(api: Api) -> str:
    recorded = api.office.plan_project(
        LAO,
        FY,
        code="P2",
        name="โครงการ 2",
        line_code="SUPPLIES",
        method=Method.SPECIFIC,
        amount=Decimal("10000.00"),
        actor=FINANCE,
        business_date=date(2026, 10, 6),
    )
    api.views_caught_up()
    return str(recorded.id)


def test_every_route_answers_every_role_as_its_scope_allows(api: Api) -> None:
    ids = {"{P1}": str(api.project), "{P2}": second_project(api)}
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
            else:
                ok = status == 403 and response.json()["code"] == "not_permitted"
            if not ok:
                wrong.append(f"{row.method} {path} as {user}: {status} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_every_route_of_the_api(api: Api) -> None:
    declared = {
        (method, route.path_format)
        for route in create_app(api.services.settings, api.services).routes
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
    """clerk2 is refused on clerk's project by the guard, before anything is read or
    recorded, and the application would refuse the same (one rule set)."""
    before = api.position()
    response = api.post(
        f"/api/projects/{api.project}/steps",
        "clerk2",
        {"step": "plan_published"},
        key="k-1",
    )
    assert response.status_code == 403
    assert api.position() == before
    assert api.services.keys.claim("clerk2", "k-1", "x") is None  # the key was never claimed
