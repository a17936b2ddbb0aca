"""One project's whole life through HTTP, on every store: the clerk drafts and enacts the
budget, plans the project, records each procurement step, the contract, inspections,
payments (one corrected) and the closing, each write on the ETag of the last; the reads
show every step, and the auditor reads its history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from budget.application import BudgetOffice
from budget.application.commands import RegisterAuthority
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.ids import budget_id
from tests.builders import LAO, record
from tests.http_world import Api, open_people, serving, settings_for

FY = 2570
LINES = [
    {
        "code": "ROAD",
        "programme": "00310",
        "work_unit": "งานก่อสร้างโครงสร้างพื้นฐาน",
        "budget_group": "investment",
        "category": "land_and_construction",
        "description": "ถนนคอนกรีตเสริมเหล็ก หมู่ 3",
        "amount": "2000000.00",
    },
    {
        "code": "SUPPLIES",
        "programme": "00110",
        "work_unit": "งานบริหารทั่วไป",
        "budget_group": "operating",
        "category": "materials",
        "description": "วัสดุสำนักงาน",
        "amount": "400000.00",
    },
]
STEPS: list[dict[str, Any]] = [
    {"step": "plan_published", "business_date": "2026-10-10"},
    {
        "step": "tor_set",
        "reference_price": "1450000.00",
        "public_hearing_ended_on": "2026-10-14",
        "business_date": "2026-10-15",
    },
    {"step": "report_approved", "estimate": "1450000.00", "business_date": "2026-10-21"},
    {"step": "invitation_announced", "invited_firms": 0, "business_date": "2026-10-22"},
    {"step": "bids_evaluated", "bids_received": 4, "business_date": "2026-11-05"},
    {
        "step": "winner_announced",
        "winner": "หจก. เชียงใหม่ก่อสร้าง",
        "offered_amount": "1400000.00",
        "business_date": "2026-11-06",
    },
]
CONTRACT = {
    "number": "12/2570",
    "contractor": "หจก. เชียงใหม่ก่อสร้าง",
    "contractor_tax_id": "0503561000123",
    "amount": "1400000.00",
    "installments": [
        {"number": 1, "amount": "700000.00", "due_on": "2027-01-15", "description": "ชั้นพื้นทาง"},
        {"number": 2, "amount": "700000.00", "due_on": "2027-03-15", "description": "ผิวจราจร"},
    ],
    "business_date": "2026-11-18",
}


def registered(office: BudgetOffice) -> Any:
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)), actor=SYSTEM_ACTOR
    )
    open_people(office)


@pytest.fixture
def fresh(store_url: str, tmp_path: Path) -> Iterator[Api]:
    """Only the LAO and its people: everything else is recorded through HTTP."""
    with serving(settings_for(store_url, tmp_path), registered) as api:
        yield api


class Clerk:
    """Writes as the clerk, each on the ETag the last write or read gave."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.etag = ""

    def write(self, path: str, body: dict[str, Any], status: int = 200, **more: Any) -> Any:
        response = self.api.post(path, "clerk", body, if_match=self.etag or None, **more)
        assert response.status_code == status, response.text
        assert response.json()["views_caught_up"] is True
        self.etag = response.headers["etag"]
        return response.json()


def test_a_project_from_planning_to_closing(fresh: Api) -> None:
    api, clerk = fresh, Clerk(fresh)
    budget = f"/api/authorities/{LAO}/budgets"
    clerk.write(
        budget,
        {"fiscal_year": FY, "lines": LINES, "business_date": "2026-08-15"},
        201,
        key="draft-2570",
    )
    clerk.write(
        f"{budget}/{FY}/enactment",
        {"ordinance_date": "2026-09-20", "approved_by": "นายอำเภอเมืองเชียงใหม่"},
    )
    assert api.get(f"{budget}/{FY}", "clerk").headers["etag"] == clerk.etag == '"2"'

    clerk.etag = ""  # a new project: no precondition
    planned = clerk.write(
        f"{budget}/{FY}/projects",
        {
            "code": "2570/001",
            "name": "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3",
            "line_code": "ROAD",
            "method": "e_bidding",
            "amount": "1500000.00",
            "business_date": "2026-10-05",
        },
        201,
        key="plan-001",
    )
    project = f"/api/projects/{planned['id']}"
    assert clerk.etag == '"1"'
    for step in STEPS:
        clerk.write(f"{project}/steps", step, key=f"step-{step['step']}")
        assert api.get(project, "clerk").json()["project"]["stage"] == step["step"]
    clerk.write(f"{project}/contract", CONTRACT, key="contract")
    clerk.write(f"{project}/inspections", {"installment": 1, "business_date": "2027-01-20"})

    def disbursed(reader: str = "reviewer") -> str:
        shown = api.get(f"/api/dashboards/authorities/{LAO}", reader, fiscal_year=FY)
        return str(shown.json()["total"]["disbursed"])

    assert disbursed() == disbursed() == "0.00"  # the second answer is the kept one
    paid = clerk.write(
        f"{project}/payments",
        {
            "installment": 1,
            "amount": "690000.00",
            "voucher": "ฎ 101/2570",
            "business_date": "2027-01-25",
        },
        key="pay-101",
    )
    assert disbursed("clerk") == "690000.00"  # the writer's read after the write shows it
    clerk.write(
        f"{project}/payments/{paid['version']}/corrections",
        {"amount": "700000.00", "reason": "พิมพ์จำนวนเงินผิด", "business_date": "2027-01-26"},
    )
    clerk.write(f"{project}/inspections", {"installment": 2, "business_date": "2027-03-20"})
    clerk.write(
        f"{project}/payments",
        {
            "installment": 2,
            "amount": "700000.00",
            "voucher": "ฎ 145/2570",
            "business_date": "2027-03-25",
        },
        key="pay-145",
    )
    assert api.get(project, "clerk").json()["project"]["stage"] == "paid"
    closed = clerk.write(f"{project}/closing", {"business_date": "2027-03-31"})
    assert (
        closed["version"] == 1 + len(STEPS) + 7
    )  # contract, 2 inspections, 2 payments and a correction, closing

    shown = api.get(project, "clerk")
    assert shown.headers["etag"] == clerk.etag
    detail = shown.json()
    assert detail["project"]["stage"] == "closed"
    assert detail["project"]["contract_amount"] == "1400000.00"
    assert detail["project"]["paid"] == "1400000.00"
    assert detail["project"]["installments_paid"] == 2
    assert [p["amount"] for p in detail["payments"]] == ["700000.00", "700000.00"]
    assert [i["paid"] for i in detail["installments"]] == ["700000.00", "700000.00"]
    assert [d["stage"] for d in detail["stage_dates"]] == [
        "planned",
        *[s["step"] for s in STEPS],
        "contract_signed",
        "inspected",
        "paid",
        "closed",
    ]

    shown_budget = api.get(f"{budget}/{FY}", "clerk").json()
    assert shown_budget["state"]["enacted_on"] == "2026-09-20"
    lines = {line["line_code"]: line for line in shown_budget["lines"]}
    road = lines["ROAD"]
    # 2,000,000 on the line; the contract took 1,400,000 (the 100,000 saving came back)
    assert (road["allocated"], road["committed"], road["paid"], road["available"]) == (
        "2000000.00",
        "1400000.00",
        "1400000.00",
        "600000.00",
    )
    assert (lines["SUPPLIES"]["allocated"], lines["SUPPLIES"]["paid"]) == ("400000.00", "0.00")

    listed = api.get(f"/api/authorities/{LAO}/projects", "executive", fiscal_year=FY).json()
    assert [(p["code"], p["stage"]) for p in listed["items"]] == [("2570/001", "closed")]
    dashboard = api.get(f"/api/dashboards/authorities/{LAO}", "clerk", fiscal_year=FY).json()
    assert dashboard["projects"] == 1
    total = dashboard["total"]
    assert (total["allocated"], total["obligated"], total["disbursed"]) == (
        "2400000.00",
        "1400000.00",
        "1400000.00",
    )
    assert [(s["stage"], s["projects"]) for s in dashboard["stages"]] == [("closed", 1)]

    history = api.get(f"/api/audit/records/{planned['id']}/events", "auditor").json()
    assert [e["event_type"].split(".")[1] for e in history] == [
        "Planned",
        "ProcurementPlanPublished",
        "TermsOfReferenceSet",
        "ProcurementReportApproved",
        "InvitationAnnounced",
        "BidsEvaluated",
        "WinnerAnnounced",
        "ContractSigned",
        "InstallmentInspected",
        "PaymentRecorded",
        "PaymentCorrected",
        "InstallmentInspected",
        "PaymentRecorded",
        "Closed",
    ]
    assert {e["user_id"] for e in history} == {"clerk"}
    correction = history[10]
    assert correction["reason"] == "พิมพ์จำนวนเงินผิด"
    assert correction["details"]["corrects_version"] == paid["version"]
    assert correction["details"]["old_amount"] == "690000.00"

    as_paid = api.get(f"/api/audit/records/{planned['id']}", "auditor", version=paid["version"])
    assert as_paid.json()["state"]["payments"][str(paid["version"])]["amount"] == "690000.00"

    log = api.get("/api/audit/log", "auditor", lao_code=LAO, event_type="Project.PaymentRecorded")
    assert [e["version"] for e in log.json()["items"]] == [paid["version"] + 3, paid["version"]]
    budget_events = api.get(f"/api/audit/records/{budget_id(LAO, FY)}/events", "auditor").json()
    assert [e["event_type"].split(".")[1] for e in budget_events][:2] == ["Drafted", "Enacted"]
    assert len(budget_events) == 2 + 1 + 1 + 2 + 1  # reserved, committed, 2 paid, corrected
