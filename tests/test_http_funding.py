"""Funding sources and revenue through HTTP: a specific grant added as a line of its own
and shown with its source on the budget, the LAO dashboard and the project; a refused
source records nothing; the revenue estimate and receipts (a retried receipt records once)
and a correction, shown against the estimate by category and month; CSV of the revenue;
the national dashboard sums it."""

from __future__ import annotations

from typing import Any

from tests.builders import FY, LAO
from tests.http_world import Api

BUDGET = f"/api/authorities/{LAO}/budgets/{FY}"
GRANT = {
    "code": "GRANT",
    "programme": "00310",
    "work_unit": "งานก่อสร้าง",
    "budget_group": "investment",
    "category": "land_and_construction",
    "description": "ถนน คสล. (เงินอุดหนุนเฉพาะกิจ)",
    "amount": "900000.00",
    "source": "specific_grant",
    "grantor": "กรมส่งเสริมการปกครองท้องถิ่น",
    "grant_unused": "carry",
    "reference": "มท 0808.2/ว 1234",
    "business_date": "2026-12-10",
}


def lines(api: Api) -> dict[str, dict[str, Any]]:
    shown = api.get(BUDGET, "clerk")
    assert shown.status_code == 200, shown.text
    return {line["line_code"]: line for line in shown.json()["lines"]}


def test_a_specific_grant_is_a_line_of_its_own_with_its_source(api: Api) -> None:
    added = api.post(f"{BUDGET}/funded-lines", "clerk", GRANT)
    assert added.status_code == 200, added.text
    grant = lines(api)["GRANT"]
    assert (grant["supplementary"], grant["available"]) == ("900000.00", "900000.00")
    assert grant["source"]["kind"] == "specific_grant"
    assert grant["source"]["grantor"] == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert grant["source"]["unused_goes_to"] == "carried"
    assert grant["source"]["reference"] == "มท 0808.2/ว 1234"
    assert lines(api)["ROAD"]["source"]["kind"] == "own_revenue"
    board = api.get(f"/api/dashboards/authorities/{LAO}", "clerk", fiscal_year=FY).json()
    split = {row["kind"]: row for row in board["funding"]}
    assert split["specific_grant"]["allocated"] == "900000.00"
    assert split["specific_grant"]["grantor"] == "กรมส่งเสริมการปกครองท้องถิ่น"
    plan = {"code": "G1", "name": "ถนนสายใหม่", "line_code": "GRANT", "method": "e_bidding",
            "amount": "850000.00", "business_date": "2026-12-15"}  # fmt: skip
    planned = api.post(f"{BUDGET}/projects", "clerk", plan)
    assert planned.status_code == 201, planned.text
    project = api.get(f"/api/projects/{planned.json()['id']}", "clerk").json()
    assert project["source"]["kind"] == "specific_grant"
    assert project["project"]["source"] == "specific_grant"


def test_a_source_the_rules_refuse_records_nothing(api: Api) -> None:
    before = api.position()
    no_grantor = api.post(f"{BUDGET}/funded-lines", "clerk", {**GRANT, "grantor": ""})
    assert no_grantor.status_code == 422
    assert no_grantor.json()["code"] == "funding_not_allowed"
    own_money = {**GRANT, "source": "own_revenue", "grantor": "", "grant_unused": None}
    own = api.post(f"{BUDGET}/funded-lines", "clerk", own_money)
    assert own.json()["code"] == "funding_not_allowed"
    half = api.post(
        f"{BUDGET}/funded-lines",
        "clerk",
        {**GRANT, "source": "accumulated_funds", "grantor": "", "grant_unused": None,
         "source_resolution": "มติสภา 1/2570"},
    )  # fmt: skip
    assert half.status_code == 400  # a resolution without its date
    assert api.position() == before


def test_revenue_is_recorded_once_corrected_and_shown_against_the_estimate(api: Api) -> None:
    estimate = {
        "estimates": [
            {"category": "taxes", "amount": "1000000.00"},
            {"category": "shared_taxes", "amount": "4000000.00"},
            {"category": "general_subsidy", "amount": "3000000.00"},
        ],
        "business_date": "2026-10-03",
    }
    assert api.post(f"{BUDGET}/revenue-estimate", "clerk", estimate).status_code == 200
    again = api.post(f"{BUDGET}/revenue-estimate", "clerk", estimate)
    assert again.json()["code"] == "revenue_estimate_enacted"
    receipt = {"category": "shared_taxes", "amount": "350000.00", "reference": "กค 0419/1",
               "business_date": "2026-10-30"}  # fmt: skip
    first = api.post(f"{BUDGET}/revenue", "clerk", receipt, key="rev-1")
    assert first.status_code == 200, first.text
    position = api.position()
    retried = api.post(f"{BUDGET}/revenue", "clerk", receipt, key="rev-1")
    assert retried.headers["idempotent-replayed"] == "true"
    assert api.position() == position
    assert api.post(f"{BUDGET}/revenue", "clerk", receipt).json()["code"] == "duplicate_receipt"
    taxes = {"category": "taxes", "amount": "5000.00", "reference": "ใบเสร็จ 12",
             "business_date": "2026-11-30"}  # fmt: skip
    version = api.post(f"{BUDGET}/revenue", "clerk", taxes).json()["version"]
    corrected = api.post(
        f"{BUDGET}/revenue/{version}/corrections",
        "clerk",
        {"amount": "500.00", "reason": "บันทึกเกินหนึ่งหลัก"},
    )
    assert corrected.status_code == 200, corrected.text
    shown = api.get(f"{BUDGET}/revenue", "reviewer").json()
    assert shown["lao_code"] == LAO
    revenue = shown["revenue"]
    assert (revenue["estimated"], revenue["received"]) == ("8000000.00", "350500.00")
    by_category = {row["category"]: row for row in revenue["by_category"]}
    assert by_category["taxes"]["received"] == "500.00"
    assert by_category["shared_taxes"]["received_percent"] == "8.75"
    assert [(m["month"], m["cumulative"]) for m in revenue["by_month"]] == [
        ("2026-10-01", "350000.00"),
        ("2026-11-01", "350500.00"),
    ]
    csv = api.get(f"{BUDGET}/revenue", "clerk", format="csv", table="months")
    assert csv.status_code == 200
    assert "350,500.00" in csv.text or "350500.00" in csv.text
    nation = api.get("/api/dashboards/national", "dla", fiscal_year=FY).json()["revenue"]
    assert nation["estimated"] == "8000000.00"
    assert nation["received"] == "350500.00"
