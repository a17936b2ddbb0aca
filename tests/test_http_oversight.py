"""People the law names, through HTTP (budget/domain/oversight.py): the enactment refuses an
approver of the wrong kind (422, nothing recorded) and records the one the law names, the
district office lists only the LAOs its district oversees, no district office or provincial
reviewer is granted for Bangkok, and an LAO is placed in its district."""

from __future__ import annotations

from budget.domain.budget import AnnualBudget
from budget.domain.ids import budget_id
from budget.domain.oversight import OrdinanceApprover
from tests.builders import FY, LAO, OTHER_LAO
from tests.http_world import FAR_LAO, Api

LINE = {
    "code": "ROAD",
    "programme": "00310",
    "work_unit": "งานก่อสร้าง",
    "budget_group": "investment",
    "category": "land_and_construction",
    "description": "ถนน",
    "amount": "100000.00",
}


def test_the_sao_s_ordinance_is_approved_by_the_district_chief_not_the_governor(
    api: Api,
) -> None:
    drafted = api.post(
        f"/api/authorities/{LAO}/budgets", "clerk", {"fiscal_year": FY + 1, "lines": [LINE]}
    )
    assert drafted.status_code == 201, drafted.text
    path = f"/api/authorities/{LAO}/budgets/{FY + 1}/enactment"
    body = {"ordinance_date": "2027-09-20", "approved_by": "นายอำเภอเมืองเชียงใหม่"}
    before = api.position()
    refused = api.post(path, "clerk", {**body, "approver": "governor"})
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "wrong_ordinance_approver"
    assert problem["detail_th"] == (
        "ข้อบัญญัติงบประมาณขององค์การบริหารส่วนตำบลต้องได้รับอนุมัติจากนายอำเภอ ไม่ใช่ผู้ว่าราชการจังหวัด"
    )
    assert api.position() == before
    unknown = api.post(path, "clerk", {**body, "approver": "mayor"})
    assert unknown.status_code == 400, unknown.text
    enacted = api.post(path, "clerk", {**body, "approver": "district_chief"})
    assert enacted.status_code == 200, enacted.text
    events = api.office.events.get(budget_id(LAO, FY + 1))
    (enactment,) = [e for e in events if isinstance(e, AnnualBudget.Enacted)]
    assert enactment.approver is OrdinanceApprover.DISTRICT_CHIEF
    schema = api.client.get("/schema/openapi.json").json()["components"]["schemas"]
    approver = next(s for name, s in schema.items() if name.endswith("OrdinanceApprover"))
    assert set(approver["enum"]) == {"district_chief", "governor", "bma_governor"}


def test_the_district_office_lists_the_laos_its_district_oversees(api: Api) -> None:
    listed = api.get("/api/authorities", "district").json()
    assert [a["lao_code"] for a in listed["items"]] == [LAO, OTHER_LAO]
    assert api.get(f"/api/authorities/{FAR_LAO}", "district").status_code == 403
    assert api.get("/api/dashboards/provinces/50", "district", fiscal_year=FY).status_code == 403


def test_no_district_office_nor_provincial_reviewer_is_granted_for_bangkok(api: Api) -> None:
    opened = api.post("/api/accounts", "admin", {"username": "khet", "display_name": "เขต"})
    assert opened.status_code == 201, opened.text
    for role, scope in (("district_office", "1001"), ("provincial_reviewer", "10")):
        before = api.position()
        refused = api.post(
            "/api/accounts/khet/grants", "admin", {"role": role, "acting_for": scope}
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "invalid_input"
        assert api.position() == before
    granted = api.post(
        "/api/accounts/khet/grants", "admin", {"role": "district_office", "acting_for": "5001"}
    )
    assert granted.status_code == 200, granted.text


def test_an_lao_moves_to_another_district_with_its_reason(api: Api) -> None:
    path = f"/api/authorities/{OTHER_LAO}/district"
    before = api.position()
    refused = api.post(path, "admin", {"district_code": "5002"})  # a move says why
    assert refused.status_code == 422, refused.text
    assert api.position() == before
    moved = api.post(path, "admin", {"district_code": "5002", "reason": "เปลี่ยนแปลงเขตอำเภอ"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["views_caught_up"] is True
    assert api.get(f"/api/authorities/{OTHER_LAO}", "admin").json()["district_code"] == "5002"
    listed = api.get("/api/authorities", "district").json()
    assert [a["lao_code"] for a in listed["items"]] == [LAO]
    assert api.get(f"/api/authorities/{OTHER_LAO}", "district").status_code == 403
