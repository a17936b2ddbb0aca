"""The calendar and the deadlines through HTTP: a DLA administrator records a cabinet
holiday (nobody else may), the LAO's deadlines move with it, a transfer's report meets
its deadline; an LAO sees its own deadlines only."""

from __future__ import annotations

from typing import Any

from tests.builders import FY, LAO, OTHER_LAO
from tests.http_world import Api

BUDGET = f"/api/authorities/{LAO}/budgets/{FY}"
DEADLINES = f"/api/authorities/{LAO}/deadlines"
HOLIDAY = {
    "day": "2027-01-04",
    "name": "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ",
    "source": "มติ ครม. 22 ธ.ค. 2569",
    "business_date": "2026-12-22",
}


def transfers(api: Api, user: str = "clerk", **params: Any) -> list[dict[str, Any]]:
    shown = api.get(DEADLINES, user, fiscal_year=FY, **params)
    assert shown.status_code == 200, shown.text
    return [d for d in shown.json() if d["kind"] == "transfer_report"]


def test_a_cabinet_holiday_moves_a_transfer_reports_due_day(api: Api) -> None:
    body = {
        "from_line": "SUPPLIES",
        "to_line": "SERVICES",
        "amount": "1000.00",
        "business_date": "2026-12-17",
    }
    moved = api.post(f"{BUDGET}/transfers", "executive", body)
    assert moved.status_code == 200, moved.text
    (due,) = transfers(api, as_of="2027-01-05")
    assert (due["due_on"], due["standing"], due["late_working_days"]) == (
        "2027-01-04",
        "overdue",
        1,
    )
    assert "15 วัน" in due["basis_th"]
    for user in ("clerk", "dla", "executive"):
        assert api.post("/api/calendar/holidays", user, HOLIDAY).status_code == 403
    added = api.post("/api/calendar/holidays", "admin", HOLIDAY)
    assert added.status_code == 201, added.text
    assert api.post("/api/calendar/holidays", "admin", HOLIDAY).status_code == 422
    listed = api.get("/api/calendar/holidays", "clerk").json()
    assert listed == [{k: HOLIDAY[k] for k in ("day", "name", "source")}]
    (due,) = transfers(api, as_of="2027-01-05")
    assert (due["due_on"], due["standing"]) == ("2027-01-05", "due")
    report = {
        "transfer_version": moved.json()["version"],
        "reported_on": "2027-01-05",
        "letter": "มท 0808.2/1",
        "business_date": "2027-01-05",
    }
    assert api.post(f"{BUDGET}/transfers/reports", "clerk", report).status_code == 200
    (met,) = transfers(api, as_of="2027-01-06")
    assert (met["standing"], met["met_on"], met["met_by"]) == (
        "met",
        "2027-01-05",
        f"TransferReported v{moved.json()['version'] + 1}",
    )
    withdrawn = api.post(
        "/api/calendar/holidays/2027-01-04/withdrawal", "admin", {"reason": "ประกาศผิดวัน"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert api.get("/api/calendar/holidays", "clerk").json() == []
    (late,) = transfers(api, as_of="2027-01-06")
    assert (late["standing"], late["late_working_days"]) == ("met_late", 1)


def test_deadlines_are_read_within_the_callers_scope(api: Api) -> None:
    assert api.get(DEADLINES, "clerk2", fiscal_year=FY).status_code in (403, 404)
    assert api.get(f"/api/authorities/{OTHER_LAO}/deadlines", "clerk2", fiscal_year=FY).json() == []
    assert api.get(DEADLINES, "reviewer", fiscal_year=FY).status_code == 200
    assert api.get(DEADLINES, "dla", fiscal_year=FY).status_code == 200
    odd = api.get(DEADLINES, "clerk", fiscal_year=FY, as_of="1900-01-01")
    assert odd.status_code == 400
    plan = api.get(DEADLINES, "clerk", fiscal_year=FY).json()
    assert [(d["kind"], d["subject"]) for d in plan] == [("procurement_plan", "P1")]


def test_the_clerks_home_lists_what_is_late_with_its_legal_basis(api: Api) -> None:
    from freezegun import freeze_time

    from tests.test_pages import log_in

    body = {"from_line": "SUPPLIES", "to_line": "SERVICES", "amount": "10.00"}
    moved = api.post(f"{BUDGET}/transfers", "executive", {**body, "business_date": "2026-11-02"})
    assert moved.status_code == 200, moved.text
    log_in(api, "clerk")
    with freeze_time("2026-11-20 10:00:00+07:00"):
        home = api.client.get(f"/laos/{LAO}?fiscal_year={FY}")
    assert home.status_code == 200
    section = home.text[home.text.index('data-testid="deadlines"') :]
    section = section[: section.index("</section>")]
    # the transfer of 2 Nov: due 17 Nov, 3 working days late on the 20th
    assert "รายงานการโอนงบประมาณต่อผู้ว่าฯ/นายอำเภอ" in section
    assert "เลยกำหนด 3 วันทำการ" in section
    assert "ระเบียบกระทรวงมหาดไทยว่าด้วยวิธีการงบประมาณ" in section
    # P1 planned on 5 Oct 2026: its procurement plan was due on 4 Nov
    assert "ประกาศแผนการจัดซื้อจัดจ้าง" in section
    assert "4 พ.ย. 2569" in section
