"""What DLA sets for a fiscal year, through HTTP: the reporting calendar (a DLA
administrator) gives the LAOs' report deadlines; the disbursement targets (a DLA
administrator or executive) move the dashboards' targets. Bad rules are refused whole."""

from __future__ import annotations

from tests.builders import FY, LAO
from tests.http_world import Api

YEAR = f"/api/fiscal-years/{FY}"
CALENDAR = {
    "rules": [{"kind": "M", "days": 15}, {"kind": "Q", "days": 20, "counting": "working"}],
    "source": "หนังสือ สถ. ที่ มท 0808.2/ว 1",
    "business_date": "2026-10-01",
}
TARGETS = {
    "targets": [
        {"quarter": 1, "percent": "20"},
        {"quarter": 1, "percent": "10", "group": "investment"},
        {"quarter": 4, "percent": "75", "obligated_percent": "90"},
    ],
    "source": "มติ ครม. 1 ต.ค. 2569",
}


def test_the_reporting_calendar_set_through_the_api_gives_report_deadlines(api: Api) -> None:
    assert api.get(f"{YEAR}/reporting-calendar", "clerk").json()["rules"] == []
    assert api.post(f"{YEAR}/reporting-calendar", "dla", CALENDAR).status_code == 403
    bad = {**CALENDAR, "rules": [{"kind": "M", "days": 500}]}
    assert api.post(f"{YEAR}/reporting-calendar", "admin", bad).status_code == 422
    twice = {**CALENDAR, "rules": [{"kind": "M", "days": 5}, {"kind": "M", "days": 6}]}
    assert api.post(f"{YEAR}/reporting-calendar", "admin", twice).status_code == 422
    assert api.post(f"{YEAR}/reporting-calendar", "admin", CALENDAR).status_code == 200
    shown = api.get(f"{YEAR}/reporting-calendar", "clerk").json()
    assert shown["source"] == CALENDAR["source"]
    assert shown["rules"] == [
        {"kind": "M", "days": 15, "counting": "calendar"},
        {"kind": "Q", "days": 20, "counting": "working"},
    ]
    found = api.get(
        f"/api/authorities/{LAO}/deadlines", "clerk", fiscal_year=FY, as_of="2027-01-04"
    ).json()
    reports = {
        d["subject"]: (d["due_on"], d["standing"]) for d in found if d["kind"] == "progress_report"
    }
    assert reports == {
        "2570-M10": ("2026-11-16", "overdue"),
        "2570-M11": ("2026-12-15", "overdue"),
        "2570-M12": ("2027-01-15", "due"),
        "2570-Q1": ("2027-01-29", "due"),
    }


def test_targets_set_through_the_api_move_the_dashboards(api: Api) -> None:
    dashboard = f"/api/dashboards/authorities/{LAO}"
    before = api.get(dashboard, "clerk", fiscal_year=FY, quarter=1).json()
    assert before["total"]["target_percent"] is None
    assert api.post(f"{YEAR}/targets", "clerk", TARGETS).status_code == 403
    assert api.post(f"{YEAR}/targets", "dla", TARGETS).status_code == 200
    after = api.get(dashboard, "dla", fiscal_year=FY, quarter=1).json()  # who set them
    assert after["total"]["target_percent"] == "20.00"
    groups = {g["budget_group"]: g["progress"] for g in after["by_group"]}
    assert groups["investment"]["target_percent"] == "10.00"
    shown = api.get(f"{YEAR}/targets", "reviewer").json()
    assert shown["source"] == TARGETS["source"]
    assert [(t["quarter"], t["budget_group"], t["percent"]) for t in shown["targets"]] == [
        (1, "all", "20.00"),
        (1, "investment", "10.00"),
        (4, "all", "75.00"),
    ]
    wrong = {**TARGETS, "targets": [{"quarter": 5, "percent": "20"}]}
    assert api.post(f"{YEAR}/targets", "admin", wrong).status_code == 422
    assert api.post(f"{YEAR}/targets", "admin", {**TARGETS, "source": ""}).status_code == 422
