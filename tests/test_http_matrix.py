"""Every route for every role: LAO staff only their own LAO, reviewers their province, the
district office the SAOs of its district (reads only), DLA nationwide reads, auditors
everything including history, nobody without a login.

Every cell states its answer. An allowed cell gets the row's exact status and a body that
says so: a read names the record its path asks for (a PDF is a PDF), a write names the record it
changed and waits for the views, a write the domain refuses after the guard let it through is a
problem with the rule's code (422, or 409 for a record that exists). A refused cell is 403
`not_permitted`; anyone without a login gets 401.
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
from budget.domain.ids import (
    account_id,
    authority_id,
    budget_id,
    holidays_id,
    reporting_calendar_id,
    targets_id,
)
from budget.domain.procurement import Method
from budget.http.app import create_app
from budget.http.guards import SCOPES
from tests.builders import FINANCE, FY, LAO, OTHER_LAO
from tests.http_world import FAR_LAO, PEOPLE, Api

USERS = [None, *PEOPLE]
ALL = frozenset(PEOPLE)
NATION = frozenset({"dla", "auditor", "admin"})
LAO_READ = NATION | {"clerk", "executive", "reviewer", "district"}
OTHER_LAO_READ = NATION | {"clerk2", "reviewer", "district"}
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
    status: int = 200  # what an allowed user gets
    code: str = ""  # the problem's code when that status refuses (the domain's rule)
    then: dict[str, tuple[int, str]] | None = None  # another answer for a later user


BUDGET = "/api/authorities/{lao_code}/budgets/{fiscal_year}"
CHANGES = [
    Row(
        "POST",
        f"{BUDGET}/lines",
        f"/api/authorities/{LAO}/budgets/{FY}/lines",
        CLERK,
        {**LINE, "code": "NEW"},
        422,
        "budget_already_enacted",
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
        422,
        "event_not_correctable",  # version 7 is no expenditure
    ),
    Row(
        "POST",
        f"{BUDGET}/transfers/reports",
        f"/api/authorities/{LAO}/budgets/{FY}/transfers/reports",
        CLERK,
        {"transfer_version": 1, "reported_on": "2026-11-02", "letter": "มท 1/2569"},
        422,
        "invalid_input",  # version 1 is the draft, no transfer
    ),
    Row(
        "POST",
        f"{BUDGET}/funded-lines",
        f"/api/authorities/{LAO}/budgets/{FY}/funded-lines",
        CLERK,
        {
            **LINE,
            "code": "GRANT",
            "source": "specific_grant",
            "grantor": "กรมส่งเสริมการปกครองท้องถิ่น",
            "reference": "มท 0808.2/ว 1",
            "business_date": "2026-11-02",
        },
    ),
    Row(
        "POST",
        f"{BUDGET}/revenue-estimate",
        f"/api/authorities/{LAO}/budgets/{FY}/revenue-estimate",
        CLERK,
        {"estimates": [{"category": "shared_taxes", "amount": "9000000.00"}]},
    ),
    Row(
        "POST",
        f"{BUDGET}/revenue",
        f"/api/authorities/{LAO}/budgets/{FY}/revenue",
        CLERK,
        {"category": "taxes", "amount": "10.00", "reference": "R-1", "business_date": "2026-11-02"},
    ),
    Row(
        "POST",
        f"{BUDGET}/revenue/{{receipt_version}}/corrections",
        f"/api/authorities/{LAO}/budgets/{FY}/revenue/7/corrections",
        CLERK,
        {"amount": "5.00", "reason": "typo"},
        422,
        "event_not_correctable",  # version 7 is no receipt
    ),
    Row("GET", f"{BUDGET}/revenue", f"/api/authorities/{LAO}/budgets/{FY}/revenue", LAO_READ),
    Row(
        "GET",
        f"{BUDGET}/revenue",
        f"/api/authorities/{OTHER_LAO}/budgets/{FY}/revenue",
        OTHER_LAO_READ,
    ),
    Row(  # before 30 September
        "POST",
        f"{BUDGET}/closing",
        f"/api/authorities/{LAO}/budgets/{FY}/closing",
        CLERK,
        {},
        422,
        "invalid_input",
    ),
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
        422,
        "carry_over_not_allowed",  # no contract yet
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/carry-over/cancellation",
        "/api/projects/{P1}/carry-over/cancellation",
        CLERK,
        {},
        422,
        "invalid_input",  # nothing carried
    ),
]
REPORTS = [
    Row(
        "POST",
        "/api/authorities/{lao_code}/reports",
        f"/api/authorities/{LAO}/reports",
        CLERK | EXECUTIVE,
        {"period": "2570-M11", "narrative": "เบิกจ่ายตามแผน", "business_date": "2026-12-02"},
        201,
        then={"executive": (409, "already_exists")},  # the clerk drafted it first
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/reports",
        f"/api/authorities/{OTHER_LAO}/reports",
        frozenset({"clerk2"}),
        {"period": "2570-M11", "narrative": "เบิกจ่ายตามแผน", "business_date": "2026-12-02"},
        201,
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
    Row(  # returned just before
        "POST",
        "/api/reports/{report_id}/acceptance",
        "/api/reports/{R1}/acceptance",
        REVIEWER,
        {},
        422,
        "report_status_conflict",
    ),
]
ACCOUNTS = [
    Row(
        "POST",
        "/api/accounts",
        "/api/accounts",
        ADMIN,
        {"username": "newbie", "display_name": "New Clerk"},
        201,
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
        422,
        "wrong_password",
    ),
    Row(
        "GET",
        "/api/audit/records/{aggregate_id}",
        "/api/audit/records/{P1}?at=2030-01-01T00:00:00%2B07:00",
        HISTORY,
    ),
]

YEAR_SETTING = "/api/fiscal-years/{fiscal_year}"
CALENDAR = [
    Row("GET", "/api/missing", f"/api/missing?fiscal_year={FY}", REVIEWERS_AND_NATION),
    Row("GET", "/api/calendar/holidays", "/api/calendar/holidays", ALL),
    Row(
        "POST",
        "/api/calendar/holidays",
        "/api/calendar/holidays",
        ADMIN,
        {"day": "2027-01-05", "name": "วันหยุดพิเศษ", "source": "มติ ครม."},
        201,
    ),
    Row(
        "POST",
        "/api/calendar/holidays/{day}/withdrawal",
        "/api/calendar/holidays/2027-01-05/withdrawal",
        ADMIN,
        {"reason": "ผิดวัน"},
    ),
    Row(
        "GET",
        YEAR_SETTING + "/reporting-calendar",
        f"/api/fiscal-years/{FY}/reporting-calendar",
        ALL,
    ),
    Row(
        "POST",
        YEAR_SETTING + "/reporting-calendar",
        f"/api/fiscal-years/{FY}/reporting-calendar",
        ADMIN,
        {"rules": [{"kind": "M", "days": 15}], "source": "หนังสือ สถ."},
    ),
    Row("GET", YEAR_SETTING + "/targets", f"/api/fiscal-years/{FY}/targets", ALL),
    Row(
        "POST",
        YEAR_SETTING + "/targets",
        f"/api/fiscal-years/{FY}/targets",
        ADMIN | {"dla"},
        {"targets": [{"quarter": 1, "percent": "20"}], "source": "มติ ครม."},
    ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/deadlines",
        f"/api/authorities/{LAO}/deadlines?fiscal_year={FY}",
        LAO_READ,
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/contact",
        f"/api/authorities/{LAO}/contact",
        ADMIN,
        {"officer": "นางสมศรี ใจดี", "phone": "0 5311 2233"},
    ),
]

ROWS = [
    Row("GET", "/api/auth/me", "/api/auth/me", ALL),
    Row("GET", "/api/authorities", "/api/authorities", ALL),
    Row("GET", "/api/authorities/{lao_code}", f"/api/authorities/{LAO}", LAO_READ),
    Row("GET", "/api/authorities/{lao_code}", f"/api/authorities/{OTHER_LAO}", OTHER_LAO_READ),
    Row("GET", "/api/authorities/{lao_code}", f"/api/authorities/{FAR_LAO}", FAR_LAO_READ),
    Row(  # FAR_LAO moves from district 5101 to 5102 (a boundary changed)
        "POST",
        "/api/authorities/{lao_code}/district",
        f"/api/authorities/{FAR_LAO}/district",
        ADMIN,
        {"district_code": "5102", "reason": "เปลี่ยนแปลงเขตอำเภอ"},
    ),
    Row(  # the LAO is in district 5001 already
        "POST",
        "/api/authorities/{lao_code}/district",
        f"/api/authorities/{LAO}/district",
        ADMIN,
        {"district_code": "5001"},
        422,
        "invalid_input",
    ),
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
        201,
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}/enactment",
        f"/api/authorities/{LAO}/budgets/{FY}/enactment",
        CLERK,
        {"ordinance_date": "2026-09-20", "approved_by": "นายอำเภอ"},
        422,
        "budget_already_enacted",
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}/projects",
        f"/api/authorities/{LAO}/budgets/{FY}/projects",
        CLERK,
        {**PLAN, "code": "M1"},
        201,
    ),
    Row(
        "POST",
        "/api/authorities/{lao_code}/budgets/{fiscal_year}/projects",
        f"/api/authorities/{OTHER_LAO}/budgets/{FY}/projects",
        frozenset({"clerk2"}),
        {**PLAN, "code": "M2"},
        201,
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
        422,
        "stage_out_of_order",  # only its plan is published
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/contract/advance",
        "/api/projects/{P1}/contract/advance",
        CLERK,
        {
            "amount": "10.00",
            "voucher": "A-1",
            "guarantee": {"issuer": "ธนาคาร", "reference": "LG", "amount": "10.00"},
        },
        422,
        "advance_not_allowed",  # no contract
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/contract/amendments",
        "/api/projects/{P1}/contract/amendments",
        CLERK,
        {
            "kind": "time_extended",
            "installments": CONTRACT["installments"],
            "approved_by": "นายก",
            "reason": "ฝนตก",
        },
        422,
        "contract_amendment_not_allowed",  # no contract
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/contract/retention-release",
        "/api/projects/{P1}/contract/retention-release",
        CLERK,
        {"voucher": "R-1"},
        422,
        "retention_not_releasable",  # no retention held
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/inspections",
        "/api/projects/{P1}/inspections",
        CLERK,
        {"installment": 1},
        422,
        "installment_not_found",  # no contract, no installments
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/payments",
        "/api/projects/{P1}/payments",
        CLERK,
        {"installment": 1, "amount": "10.00", "voucher": "V-1"},
        422,
        "installment_not_found",
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/payments/{payment_version}/corrections",
        "/api/projects/{P1}/payments/2/corrections",
        CLERK,
        {"amount": "5.00", "reason": "typo"},
        422,
        "event_not_correctable",  # version 2 is no payment
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/cancellation",
        "/api/projects/{P2}/cancellation",
        CLERK,
        {"reason": "ไม่จำเป็นแล้ว"},
    ),
    Row(
        "POST",
        "/api/projects/{project_id}/closing",
        "/api/projects/{P1}/closing",
        CLERK,
        {},
        422,
        "project_not_finished",
    ),
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
        "GET", "/api/stuck-projects", f"/api/stuck-projects?fiscal_year={FY}", REVIEWERS_AND_NATION
    ),
    Row(
        "GET",
        "/api/stuck-projects",
        f"/api/stuck-projects?fiscal_year={FY}&province_code=50",
        PROVINCE_50,
    ),
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
    *CALENDAR,
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
        "/api/pdf/authorities/{lao_code}/deadlines",
        f"/api/pdf/authorities/{LAO}/deadlines?fiscal_year={FY}",
        LAO_READ,
    ),
    Row("GET", "/api/pdf/missing", f"/api/pdf/missing?fiscal_year={FY}", REVIEWERS_AND_NATION),
    Row(
        "GET",
        "/api/pdf/missing",
        f"/api/pdf/missing?fiscal_year={FY}&province_code=50",
        PROVINCE_50,
    ),
    Row(
        "GET",
        "/api/authorities/{lao_code}/workbook",
        f"/api/authorities/{LAO}/workbook?fiscal_year={FY}",
        LAO_READ,
    ),
    Row(  # a JSON body where the file is multipart: refused as malformed for those allowed
        "POST",
        "/api/authorities/{lao_code}/imports",
        f"/api/authorities/{LAO}/imports",
        CLERK | ADMIN,
        None,
        400,
        "invalid_request",
    ),
    # a report job is found only by those who asked for it (others: 404, as for no job)
    Row(
        "GET",
        "/api/pdf/jobs/{job_id}",
        "/api/pdf/jobs/0123456789abcdef",
        ALL,
        None,
        404,
        "not_found",
    ),
    Row(
        "GET",
        "/api/pdf/jobs/{job_id}/pdf",
        "/api/pdf/jobs/0123456789abcdef/pdf",
        ALL,
        None,
        404,
        "not_found",
    ),
    Row("POST", "/api/auth/logout", "/api/auth/logout", ALL, status=204),  # last: ends sessions
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


def records_named(path: str, names: list[str]) -> set[str]:
    """The ids of the records a route's path names (a budget by its LAO and year, an account by
    its username, a project or report by its id)."""
    parts = path.split("?", maxsplit=1)[0].split("/")
    found = set(names)
    if "budgets" in parts and parts.index("budgets") + 1 < len(parts):
        found.add(str(budget_id(parts[parts.index("budgets") - 1], FY)))
    if "accounts" in parts and parts.index("accounts") + 1 < len(parts):
        found.add(str(account_id(parts[parts.index("accounts") + 1])))
    if parts[-1] == "district":
        found.add(str(authority_id(parts[-2])))
    if "holidays" in parts:
        found.add(str(holidays_id()))
    if "reporting-calendar" in parts:
        found.add(str(reporting_calendar_id(FY)))
    if "targets" in parts:
        found.add(str(targets_id(FY)))
    if "contact" in parts:
        found.add(str(authority_id(parts[parts.index("contact") - 1])))
    return found


def allowed_answer(row: Row, path: str, user: str, response: Any, names: list[str]) -> str:
    """What is wrong with an allowed cell's answer ("" when it is the row's)."""
    status, code = (row.then or {}).get(user, (row.status, row.code))
    if response.status_code != status:
        return f"status {response.status_code}, not {status}"
    if status == 204:
        return "" if not response.content else "a body in a 204"
    if code:
        found = response.json().get("code")
        return "" if found == code else f"problem {found!r}, not {code!r}"
    if path.startswith("/api/pdf/"):
        pdf = response.headers["content-type"] == "application/pdf"
        return "" if pdf and response.content.startswith(b"%PDF") else "not a PDF"
    if "/workbook" in path:  # an .xlsx file: a zip
        return "" if response.content.startswith(b"PK") else "not a workbook"
    body = response.json()
    if row.method == "POST" and "id" in body:  # a write: the record changed, the views caught up
        named = body["id"] in records_named(path, names) or status == 201
        return "" if named and body["views_caught_up"] is True else f"write answered {body}"
    missing = [name for name in names if name not in response.text]
    return f"the body does not name {missing}" if missing else ""


def test_every_route_answers_every_role_as_its_scope_allows(api: Api) -> None:
    ids = {"{P1}": str(api.project), "{P2}": second_project(api), **drafted_reports(api)}
    wrong: list[str] = []
    for row in ROWS:
        path = row.path
        for placeholder, value in ids.items():
            path = path.replace(placeholder, value)
        route = path.split("?")[0]
        names = [n for n in (*ids.values(), LAO, OTHER_LAO, FAR_LAO) if n in route.split("/")]
        for user in USERS:
            # a write that moves money carries the version its record has now, as the pages
            # send it (without it: 428, tests/test_http_door.py)
            etag = api.current_version(path, user) if row.method == "POST" else None
            headers = api.headers(user, **({"If-Match": etag} if etag else {}))
            response = api.client.request(row.method, path, headers=headers, json=row.body)
            status = response.status_code
            if user is None:
                problem = "" if status == 401 else f"status {status}, not 401"
            elif user in row.allowed:
                problem = allowed_answer(row, path, user, response, names)
            elif hides_existence(row.template) and status == 404:  # as if there were none
                found = response.json()["code"]
                problem = "" if found == "not_found" else f"problem {found!r}, not not_found"
            else:
                refused = status == 403 and response.json()["code"] == "not_permitted"
                problem = "" if refused else f"status {status}, not 403 not_permitted"
            if problem:
                wrong.append(f"{row.method} {path} as {user}: {problem}: {response.text[:160]}")
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
            kind = path.split("/")[2]  # projects or reports
            readable = api.client.get(f"/api/{kind}/{record}", headers=api.headers(user))
            if there.status_code == 403 and readable.status_code == 200:
                continue  # one who reads the record anyway (DLA asked to review): no secret
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
