"""A budget's changes after enactment through HTTP: transfers approved by the executive
(the council's approval where clause 27 asks for it), supplementary budgets, spending
straight from a line and its correction, the year's closing; a project's stage date
corrected and its money carried over and cancelled. Each write shows in the next read;
a retried expenditure records once; a stale If-Match records nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from budget.application.commands import SignContract
from budget.domain.ids import budget_id
from tests.builders import FINANCE, FY, LAO, contract, procured_until_winner
from tests.http_world import Api

BUDGET = f"/api/authorities/{LAO}/budgets/{FY}"
APPROVAL = {"resolution": "มติสภา 3/2569", "approved_on": "2026-11-01"}


def lines(api: Api, user: str = "clerk") -> dict[str, dict[str, Any]]:
    shown = api.get(BUDGET, user)
    assert shown.status_code == 200, shown.text
    return {line["line_code"]: line for line in shown.json()["lines"]}


def version(api: Api) -> int:
    return int(api.get(BUDGET, "clerk").headers["etag"].strip('"'))


def test_the_executive_transfers_money_between_lines(api: Api) -> None:
    body = {
        "from_line": "SUPPLIES",
        "to_line": "SERVICES",
        "amount": "100000.00",
        "business_date": "2026-11-02",
    }
    moved = api.post(f"{BUDGET}/transfers", "executive", body, if_match=version(api))
    assert moved.status_code == 200, moved.text
    assert moved.json()["views_caught_up"] is True
    shown = lines(api, "executive")
    assert (shown["SUPPLIES"]["transferred_out"], shown["SUPPLIES"]["allocated"]) == (
        "100000.00",
        "300000.00",
    )
    assert (shown["SERVICES"]["transferred_in"], shown["SERVICES"]["allocated"]) == (
        "100000.00",
        "600000.00",
    )
    assert api.post(f"{BUDGET}/transfers", "clerk", body).status_code == 403  # ข้อ 26


def test_an_investment_transfer_that_changes_an_item_needs_the_council(api: Api) -> None:
    new_line = {
        "code": "ROAD2",
        "programme": "00310",
        "work_unit": "งานก่อสร้าง",
        "budget_group": "investment",
        "category": "land_and_construction",
        "description": "ถนนสายใหม่",
        "amount": "0.00",
    }
    body = {"from_line": "ROAD", "to_line": "ROAD2", "amount": "200000.00", "new_line": new_line}
    before = api.position()
    refused = api.post(f"{BUDGET}/transfers", "executive", body)
    assert refused.status_code == 422
    assert refused.json()["code"] == "council_approval_required"
    assert api.position() == before
    approved = api.post(f"{BUDGET}/transfers", "executive", {**body, "council_approval": APPROVAL})
    assert approved.status_code == 200, approved.text
    shown = lines(api)
    assert (shown["ROAD2"]["allocated"], shown["ROAD"]["available"]) == ("200000.00", "300000.00")
    history = api.get(f"/api/audit/records/{budget_id(LAO, FY)}/events", "auditor").json()
    transfer = history[-1]
    assert transfer["event_type"].endswith("FundsTransferred")
    assert transfer["user_id"] == "executive"
    assert transfer["details"]["approval_level"] == "council"
    assert transfer["details"]["council_approval"]["resolution"] == "มติสภา 3/2569"


def test_a_supplementary_budget_adds_money_and_lines(api: Api) -> None:
    body = {
        "ordinance_date": "2027-02-01",
        "additions": [{"line_code": "SUPPLIES", "amount": "50000.00"}],
        "new_lines": [
            {
                "code": "FLOOD",
                "programme": "00230",
                "work_unit": "งานสังคมสงเคราะห์",
                "budget_group": "operating",
                "category": "materials",
                "description": "ถุงยังชีพผู้ประสบอุทกภัย",
                "amount": "80000.00",
            }
        ],
    }
    added = api.post(f"{BUDGET}/supplementary-budgets", "clerk", body, if_match=version(api))
    assert added.status_code == 200, added.text
    shown = lines(api)
    assert (shown["SUPPLIES"]["supplementary"], shown["SUPPLIES"]["allocated"]) == (
        "50000.00",
        "450000.00",
    )
    assert shown["FLOOD"]["allocated"] == "80000.00"


def test_an_expenditure_is_recorded_once_and_corrected_with_a_reason(api: Api) -> None:
    spend = {
        "line_code": "SERVICES",
        "amount": "12000.00",
        "voucher": "ฎ 7/2570",
        "description": "ค่าจ้างเหมาบริการ",
        "business_date": "2026-11-10",
    }
    first = api.post(f"{BUDGET}/expenditures", "clerk", spend, key="spend-7")
    assert first.status_code == 200, first.text
    position = api.position()
    again = api.post(f"{BUDGET}/expenditures", "clerk", spend, key="spend-7")
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert api.position() == position
    other = api.post(f"{BUDGET}/expenditures", "clerk", {**spend, "amount": "1.00"}, key="spend-7")
    assert other.json()["code"] == "idempotency_key_reused"
    twin = api.post(f"{BUDGET}/expenditures", "clerk", spend)
    assert twin.json()["code"] == "duplicate_voucher"
    assert lines(api)["SERVICES"]["spent"] == "12000.00"

    spent_as = first.json()["version"]
    corrected = api.post(
        f"{BUDGET}/expenditures/{spent_as}/corrections",
        "clerk",
        {"amount": "10000.00", "reason": "ใบแจ้งหนี้แก้ไข", "business_date": "2026-11-11"},
        if_match=first.headers["etag"],
    )
    assert corrected.status_code == 200, corrected.text
    assert (lines(api)["SERVICES"]["spent"], lines(api)["SERVICES"]["available"]) == (
        "10000.00",
        "490000.00",
    )


def test_a_stale_if_match_on_a_transfer_records_nothing(api: Api) -> None:
    current = version(api)
    body = {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": "1.00"}
    stale = api.post(f"{BUDGET}/transfers", "executive", body, if_match=current - 1)
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    assert version(api) == current
    assert lines(api)["SUPPLIES"]["transferred_out"] == "0.00"
    fresh = api.post(f"{BUDGET}/transfers", "executive", body, if_match=current)
    assert fresh.status_code == 200
    assert fresh.headers["etag"] == f'"{current + 1}"'


def test_the_year_closes_after_30_september_and_nothing_is_spent_after(api: Api) -> None:
    early = api.post(f"{BUDGET}/closing", "clerk", {"business_date": "2027-09-30"})
    assert early.json()["code"] == "invalid_input"
    closed = api.post(f"{BUDGET}/closing", "clerk", {"business_date": "2027-10-01"})
    assert closed.status_code == 200, closed.text
    assert api.get(BUDGET, "clerk").json()["state"]["closed_on"] == "2027-10-01"
    late = api.post(
        f"{BUDGET}/expenditures",
        "clerk",
        {"line_code": "SERVICES", "amount": "1.00", "voucher": "V", "business_date": "2027-10-02"},
    )
    assert late.json()["code"] in {"budget_year_closed", "date_outside_fiscal_year"}


def test_a_stage_date_entered_wrong_is_corrected_with_a_reason(api: Api) -> None:
    project = f"/api/projects/{api.project}"
    published = api.post(f"{project}/steps", "clerk", {"step": "plan_published",
                                                      "business_date": "2026-10-10"})  # fmt: skip
    assert published.status_code == 200
    corrected = api.post(
        f"{project}/stage-date-corrections",
        "clerk",
        {"stage": "plan_published", "corrected_date": "2026-10-08", "reason": "พิมพ์วันที่ผิด"},
        if_match=published.headers["etag"],
    )
    assert corrected.status_code == 200, corrected.text
    dates = {d["stage"]: d["entered_on"] for d in api.get(project, "clerk").json()["stage_dates"]}
    assert dates["plan_published"] == "2026-10-08"
    refused = api.post(
        f"{project}/stage-date-corrections",
        "clerk",
        {"stage": "tor_set", "corrected_date": "2026-10-20", "reason": "x"},
    )
    assert refused.json()["code"] == "event_not_correctable"


def test_contracted_money_is_carried_over_and_cancelled_after_its_deadline(api: Api) -> None:
    office = api.office
    procured_until_winner(office, api.project, offered="1400000.00")
    office.execute(
        SignContract.of(
            contract("1400000.00"), project_id=api.project, business_date=date(2026, 11, 18)
        ),
        actor=FINANCE,
    )
    api.views_caught_up()
    project = f"/api/projects/{api.project}"
    carried = api.post(
        f"{project}/carry-over",
        "clerk",
        {
            "kind": "committed",
            "amount": "1400000.00",
            "deadline": "2028-03-31",
            "business_date": "2027-09-25",
        },
        key="carry-P1",
    )
    assert carried.status_code == 200, carried.text
    assert lines(api)["ROAD"]["carried"] == "1400000.00"
    early = api.post(f"{project}/carry-over/cancellation", "clerk", {"business_date": "2028-03-31"})
    assert early.json()["code"] == "invalid_input"
    cancelled = api.post(
        f"{project}/carry-over/cancellation",
        "clerk",
        {"business_date": "2028-04-01"},
        if_match=carried.headers["etag"],
    )
    assert cancelled.status_code == 200, cancelled.text
    assert lines(api)["ROAD"]["carried"] == "0.00"
    assert api.get(project, "clerk").json()["project"]["stage"] == "cancelled"


def test_a_draft_takes_more_lines_until_it_is_enacted(api: Api) -> None:
    line = {
        "code": "HALL",
        "programme": "00260",
        "work_unit": "งานกีฬาและนันทนาการ",
        "budget_group": "investment",
        "category": "land_and_construction",
        "description": "ลานกีฬาชุมชน",
        "amount": "250000.00",
    }
    drafted = api.post(
        f"/api/authorities/{LAO}/budgets",
        "clerk",
        {"fiscal_year": FY + 1, "lines": [{**line, "code": "ROAD"}]},
    )
    assert drafted.status_code == 201, drafted.text
    path = drafted.headers["location"]
    added = api.post(f"{path}/lines", "clerk", line, if_match=drafted.headers["etag"])
    assert added.status_code == 200, added.text
    shown = api.get(path, "clerk").json()
    assert [(x["line_code"], x["appropriated"]) for x in shown["lines"]] == [
        ("HALL", "250000.00"),
        ("ROAD", "250000.00"),
    ]
    twice = api.post(f"{path}/lines", "clerk", line)
    assert twice.json()["code"] == "duplicate_budget_line"
