"""The calendar page: everyone who reads sees the cabinet's extra holidays; a DLA
administrator records one (a wrong day comes back in Thai beside its field, a form sent
twice records once) and withdraws one with a reason; nobody else may."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.http_world import Api, build_world, serving, settings_for
from tests.test_pages import form_fields, log_in

CSRF_TOKEN = re.compile(r'name="(_csrf_token)" value="([^"]+)"')


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Api]:
    with serving(settings_for(store_url, tmp_path), build_world) as api:
        yield api


def test_an_administrator_records_and_withdraws_a_holiday(site: Api) -> None:
    log_in(site, "admin")
    shown = site.client.get("/calendar")
    assert shown.status_code == 200
    assert 'data-testid="no-holidays"' in shown.text
    assert 'href="/calendar"' in shown.text  # in the administrator's menu
    fields = form_fields(shown.text, "add")
    wrong = site.client.post(
        "/calendar/holidays",
        data={**fields, "day": "31/02/2570", "name": "วันหยุดพิเศษ", "source": "มติ ครม."},
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert 'data-error-for="day"' in wrong.text
    assert 'value="วันหยุดพิเศษ"' in wrong.text  # what was typed is kept
    typed = {**fields, "day": "4/1/2570", "name": "วันหยุดพิเศษ", "source": "มติ ครม. 1/2570"}
    for _ in range(2):  # sent twice: recorded once
        sent = site.client.post("/calendar/holidays", data=typed, follow_redirects=False)
        assert sent.status_code == 303, sent.text
        assert sent.headers["location"] == "/calendar?done=added"
    assert site.office.cabinet_holidays() == {date(2027, 1, 4): "วันหยุดพิเศษ"}
    listed = site.client.get("/calendar?done=added")
    assert "มติ ครม. 1/2570" in listed.text
    assert "4 ม.ค. 2570" in listed.text
    again = site.client.post(
        "/calendar/holidays",
        data={**form_fields(listed.text, "add"), "day": "4/1/2570", "name": "ซ้ำ", "source": "x"},
        follow_redirects=False,
    )
    assert again.status_code == 422
    assert 'data-error-for="day"' in again.text
    assert "บันทึกเป็นวันหยุดไว้แล้ว" in again.text
    withdrawal = form_fields(listed.text, "withdraw")
    gone = site.client.post(
        "/calendar/holidays/2027-01-04/withdrawal",
        data={**withdrawal, "reason": "ประกาศผิดวัน"},
        follow_redirects=False,
    )
    assert gone.status_code == 303, gone.text
    assert site.office.cabinet_holidays() == {}


def test_others_read_the_holidays_but_may_not_record_one(site: Api) -> None:
    log_in(site, "clerk")
    shown = site.client.get("/calendar")
    assert shown.status_code == 200
    assert 'data-form="add"' not in shown.text
    token = dict(CSRF_TOKEN.findall(shown.text)[:1])
    assert token
    refused = site.client.post(
        "/calendar/holidays",
        data={**token, "day": "4/1/2570", "name": "x", "source": "y"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert site.office.cabinet_holidays() == {}


def test_the_reporting_calendar_and_the_targets_set_on_the_page(site: Api) -> None:
    log_in(site, "admin")
    shown = site.client.get("/calendar?fiscal_year=2570")
    assert shown.status_code == 200
    fields = form_fields(shown.text, "reporting")
    assert fields["fiscal_year"] == "2570"
    none = site.client.post("/calendar/reporting-calendar", data={**fields, "source": "หนังสือ"})
    assert none.status_code == 422
    assert 'data-error-for="monthly_days"' in none.text
    sent = site.client.post(
        "/calendar/reporting-calendar",
        data={**fields, "monthly_days": "15", "quarterly_days": "20", "quarterly_working": "1",
              "source": "หนังสือ สถ. ว 1"},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"] == "/calendar?done=reporting&fiscal_year=2570"
    assert [
        (r.kind.value, r.days, r.counting.value) for r in site.office.reporting_rules(2570)
    ] == [
        ("M", 15, "calendar"),
        ("Q", 20, "working"),
    ]
    page = site.client.get(sent.headers["location"]).text
    assert "20 วันทำการ" in page
    targets = form_fields(page, "targets")
    over = site.client.post(
        "/calendar/targets", data={**targets, "all_q1": "120", "source": "มติ ครม."}
    )
    assert over.status_code == 422
    assert 'data-testid="form-error"' in over.text
    done = site.client.post(
        "/calendar/targets",
        data={
            **targets,
            "all_q1": "20",
            "all_q4": "75",
            "investment_q4": "60",
            "source": "มติ ครม.",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert sorted((t.quarter, t.group is None, t.percent) for t in site.office.targets(2570)) == [
        (1, True, 20),
        (4, False, 60),
        (4, True, 75),
    ]


def test_a_dla_executive_sets_targets_but_not_the_reporting_calendar(site: Api) -> None:
    log_in(site, "dla")
    shown = site.client.get("/calendar?fiscal_year=2570")
    assert 'data-form="targets"' in shown.text
    assert 'data-form="reporting"' not in shown.text
    token = dict(CSRF_TOKEN.findall(shown.text)[:1])
    refused = site.client.post(
        "/calendar/reporting-calendar",
        data={**token, "fiscal_year": "2570", "monthly_days": "15", "source": "x"},
    )
    assert refused.status_code == 403
