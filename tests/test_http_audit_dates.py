"""The audit record on a business date (issue 13, item 13): `at=` is the moment of
recording, `business_date=` the world's date, and the answer says which, on every store."""

from __future__ import annotations

from typing import Any

from budget.domain.ids import budget_id
from tests.builders import FY, LAO
from tests.http_world import Api

BUDGET = f"/api/authorities/{LAO}/budgets/{FY}"


def state(api: Api, record: Any, **params: str) -> Any:
    return api.get(f"/api/audit/records/{record}", "auditor", **params)


def test_a_record_on_a_business_date_and_at_a_moment_of_recording(api: Api) -> None:
    steps = f"/api/projects/{api.project}/steps"
    for step, day in (("plan_published", "2026-10-20"), ("tor_set", "2026-11-01")):
        body: dict[str, Any] = {"step": step, "business_date": day}
        if step == "tor_set":
            body["reference_price"] = "1400000.00"
            body["public_hearing_ended_on"] = "2026-10-30"
        assert api.post(steps, "clerk", body).status_code == 200
    between = state(api, api.project, business_date="2026-10-25")
    assert between.status_code == 200, between.text
    found = between.json()
    assert (found["as_of"], found["version"], found["left_out"]) == ("business_date", 2, 0)
    assert set(found["state"]["stage_dates"]) == {"planned", "plan_published"}
    latest = state(api, api.project).json()
    assert (latest["as_of"], latest["version"]) == ("latest", 3)
    recorded = state(api, api.project, at=latest["modified_at"]).json()
    assert (recorded["as_of"], recorded["version"]) == ("recorded_at", 3)
    before = state(api, api.project, business_date="2026-10-01")
    assert before.status_code == 404


def test_a_late_keyed_event_is_counted_not_replayed_out_of_order(api: Api) -> None:
    spend = f"{BUDGET}/expenditures"
    late = {"line_code": "SUPPLIES", "amount": "10.00", "voucher": "E-2"}
    first = api.post(spend, "clerk", {**late, "voucher": "E-1", "business_date": "2026-11-30"})
    assert first.status_code == 200, first.text
    keyed_late = api.post(spend, "clerk", {**late, "business_date": "2026-11-10"})
    assert keyed_late.status_code == 200, keyed_late.text
    record = budget_id(LAO, FY)
    found = state(api, record, business_date="2026-11-15").json()
    assert found["as_of"] == "business_date"
    assert found["version"] == first.json()["version"] - 1  # up to the reservation
    assert found["left_out"] == 1  # E-2, dated 10 Nov, recorded after E-1 of 30 Nov
    assert state(api, record, business_date="2026-12-01").json()["left_out"] == 0


def test_a_business_date_goes_alone(api: Api) -> None:
    response = state(api, api.project, business_date="2026-10-25", version="1")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"
