"""A progress report's whole review through HTTP, on every store: the clerk drafts it,
the executive signs it off, the clerk submits it; the provincial reviewer returns it
with a comment; the clerk revises it, the executive signs again, the clerk resubmits;
the reviewer accepts. The review inbox shows it exactly while it awaits review, and the
report, its list and its history tell every step with who and when."""

from __future__ import annotations

from typing import Any

from tests.builders import FY, LAO, OTHER_LAO
from tests.http_world import Api

REPORTS = f"/api/authorities/{LAO}/reports"
COMMENT = "ขาดปัญหาอุปสรรคของโครงการถนน"


class Writer:
    """Writes on one report, each on the ETag the last write gave."""

    def __init__(self, api: Api, path: str, etag: str) -> None:
        self.api = api
        self.path = path
        self.etag = etag

    def write(self, action: str, user: str, body: dict[str, Any], **more: Any) -> Any:
        response = self.api.post(f"{self.path}/{action}", user, body, if_match=self.etag, **more)
        assert response.status_code == 200, response.text
        assert response.json()["views_caught_up"] is True
        self.etag = response.headers["etag"]
        return response.json()


def inbox(api: Api, user: str = "reviewer") -> list[str]:
    response = api.get("/api/review-inbox", user)
    assert response.status_code == 200
    return [row["report_id"] for row in response.json()["items"]]


def test_a_report_from_draft_to_acceptance(api: Api) -> None:
    drafted = api.post(
        REPORTS,
        "clerk",
        {"period": "2570-M10", "narrative": "เบิกจ่ายตามแผน", "business_date": "2026-11-05"},
        key="draft-M10",
    )
    assert drafted.status_code == 201, drafted.text
    report_id = drafted.json()["id"]
    path = drafted.headers["location"]
    assert path == f"/api/reports/{report_id}"
    report = Writer(api, path, drafted.headers["etag"])
    shown = api.get(path, "executive")
    assert shown.headers["etag"] == report.etag == '"1"'
    assert (shown.json()["status"], shown.json()["period"]) == ("draft", "2570-M10")
    assert (shown.json()["submitted_on"], shown.json()["days_late"]) == (None, None)
    assert {f["budget_group"] for f in shown.json()["figures"]} == {"investment", "operating"}
    assert report_id not in inbox(api)

    report.write("sign-off", "executive", {"business_date": "2026-11-06"})
    report.write("submission", "clerk", {"business_date": "2026-11-06"}, key="submit-1")
    assert report_id in inbox(api)
    assert report_id not in inbox(api, "reviewer51")  # another province's reviewer
    assert report_id in inbox(api, "dla")

    report.write("return", "reviewer", {"comments": COMMENT, "business_date": "2026-11-09"})
    assert report_id not in inbox(api)
    returned = api.get(path, "clerk").json()
    assert (returned["status"], returned["comments"]) == ("returned", [COMMENT])
    assert returned["review"]["last_comments"] == COMMENT
    assert returned["review"]["reviewed_by"] == "reviewer"
    listed = api.get(REPORTS, "clerk", fiscal_year=FY).json()
    assert [(r["period"], r["status"]) for r in listed["items"]] == [("2570-M10", "returned")]

    refused = api.post(f"{path}/submission", "clerk", {}, if_match=report.etag)
    assert refused.status_code == 422
    assert refused.json()["code"] == "report_status_conflict"  # the return withdrew the sign-off
    report.write(
        "revisions",
        "clerk",
        {"narrative": "เบิกจ่ายตามแผน", "problems": "ฝนตกหนัก", "business_date": "2026-11-10"},
    )
    report.write("sign-off", "executive", {"business_date": "2026-11-10"})
    report.write("submission", "clerk", {"business_date": "2026-11-11"}, key="submit-2")
    assert report_id in inbox(api)
    report.write("acceptance", "reviewer", {"business_date": "2026-11-12"})
    assert report_id not in inbox(api)

    accepted = api.get(path, "reviewer")
    assert accepted.headers["etag"] == report.etag == '"8"'
    body = accepted.json()
    assert (body["status"], body["problems"], body["submissions"]) == ("accepted", "ฝนตกหนัก", 2)
    review = body["review"]
    assert (review["submissions"], review["returns"]) == (2, 1)
    assert (review["first_submitted_on"], review["last_submitted_on"]) == (
        "2026-11-06",
        "2026-11-11",
    )
    assert (review["accepted_on"], review["days_late"]) == ("2026-11-12", 6)
    # the report itself says as of when its figures stand and that it came late (item 8)
    assert (body["figures_as_of"], body["submitted_on"], body["days_late"]) == (
        "2026-10-31",
        "2026-11-06",
        6,
    )
    steps = body["steps"]
    assert [(s["step"], s["user_id"]) for s in steps] == [
        ("drafted", "clerk"),
        ("signed_off", "executive"),
        ("submitted", "clerk"),
        ("returned", "reviewer"),
        ("revised", "clerk"),
        ("signed_off", "executive"),
        ("resubmitted", "clerk"),
        ("accepted", "reviewer"),
    ]
    assert steps[3]["comments"] == COMMENT

    history = api.get(f"/api/audit/records/{report_id}/events", "auditor").json()
    assert [e["event_type"].split(".")[1] for e in history] == [
        "Drafted",
        "SignedOff",
        "Submitted",
        "Returned",
        "Revised",
        "SignedOff",
        "Resubmitted",
        "Accepted",
    ]
    when_returned = steps[3]["recorded_at"]
    as_returned = api.get(f"/api/audit/records/{report_id}", "auditor", at=when_returned).json()
    assert (as_returned["version"], as_returned["state"]["status"]) == (4, "returned")
    assert as_returned["state"]["comments"] == [COMMENT]


def test_each_step_belongs_to_its_role(api: Api) -> None:
    drafted = api.post(REPORTS, "executive", {"period": "2570-Q1", "narrative": "ไตรมาสแรก"})
    assert drafted.status_code == 201, drafted.text
    path = drafted.headers["location"]
    before = api.position()
    for action, user in [
        ("sign-off", "clerk"),  # the executive signs off
        ("submission", "executive"),  # the finance staff submit
        ("return", "clerk"),
        ("acceptance", "reviewer51"),  # another province
        ("acceptance", "dla"),  # DLA reads, does not review
        ("revisions", "clerk2"),  # another LAO
    ]:
        body = {"comments": "x"} if action == "return" else {}
        if action == "revisions":
            body = {"narrative": "x"}
        response = api.post(f"{path}/{action}", user, body)
        if user in {"reviewer51", "clerk2"}:  # outside their scope: as if there were none
            assert response.status_code == 404, (action, user, response.text)
            assert response.json()["code"] == "not_found"
            continue
        assert response.status_code == 403, (action, user, response.text)
        assert response.json()["code"] == "not_permitted"
    assert api.position() == before


def test_an_lao_lists_only_its_own_reports(api: Api) -> None:
    for lao, user in ((LAO, "clerk"), (OTHER_LAO, "clerk2")):
        response = api.post(
            f"/api/authorities/{lao}/reports",
            user,
            {"period": "2570-M10", "narrative": "ตามแผน", "business_date": "2026-11-05"},
        )
        assert response.status_code == 201
    mine = api.get(REPORTS, "clerk").json()
    assert [(r["lao_code"], r["status"]) for r in mine["items"]] == [(LAO, "draft")]
    assert mine["total"] == 1
    assert api.get(REPORTS, "clerk", status="accepted").json()["items"] == []
    assert api.get(REPORTS, "clerk", fiscal_year=FY + 1).json()["total"] == 0
    assert api.get(f"/api/authorities/{OTHER_LAO}/reports", "clerk").status_code == 403
