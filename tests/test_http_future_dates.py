"""No fact recorded before it happened (issue 13, item 5): the API and the pages refuse a
business date after today (a payment, a step, a project's planning), a council's or an
ordinance's date to come, and a report on a period not yet begun, and so does the
workbook import; deadlines and due dates may lie ahead."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from budget.application.commands import DraftReport, PlanProject
from budget.application.dates import check_dates
from budget.domain.errors import DateAfterToday, PeriodNotStarted
from budget.domain.procurement import Method
from budget.imports.writer import write_workbook
from budget.imports.year import year_rows
from tests.builders import FY, LAO
from tests.http_world import Api, build_world, serving, settings_for
from tests.test_http_imports import XLSX

TODAY = date(2026, 11, 20)  # the world's P1 was planned on 5 October


@pytest.fixture
def api_today(store_url: str, tmp_path: Path) -> Iterator[Api]:
    settings = replace(settings_for(store_url, tmp_path), today=TODAY)
    with serving(settings, build_world) as api:
        yield api


def refused(api: Api, response: Any, code: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert response.json()["detail_th"]


def test_a_fact_dated_after_today_is_refused_and_nothing_recorded(api_today: Api) -> None:
    api = api_today
    before = api.position()
    steps = f"/api/projects/{api.project}/steps"
    tomorrow = {"step": "plan_published", "business_date": "2026-11-21"}
    refused(api, api.post(steps, "clerk", tomorrow), "date_after_today")
    plans = f"/api/authorities/{LAO}/budgets/{FY}/projects"
    later = {
        "code": "F",
        "name": "อนาคต",
        "line_code": "EQUIP",
        "method": "specific",
        "amount": "1000.00",
        "business_date": "2027-06-08",  # 200 days ahead
    }
    refused(api, api.post(plans, "clerk", later), "date_after_today")
    reports = f"/api/authorities/{LAO}/reports"
    ahead = {"period": "2572-Q1", "narrative": "ล่วงหน้า"}  # two fiscal years ahead
    refused(api, api.post(reports, "clerk", ahead), "period_not_started")
    december = {"period": "2570-M12", "narrative": "ล่วงหน้า"}
    refused(api, api.post(reports, "clerk", december), "period_not_started")
    assert api.position() == before
    today = {"step": "plan_published", "business_date": TODAY.isoformat()}
    assert api.post(steps, "clerk", today).status_code == 200
    november = {"period": "2570-M11", "narrative": "ระหว่างเดือน"}
    assert api.post(reports, "clerk", november).status_code == 201


def test_dates_that_plan_ahead_are_not_limited() -> None:
    command = PlanProject(
        lao_code=LAO,
        fiscal_year=FY,
        code="X",
        name="n",
        line_code="ROAD",
        method=Method.SPECIFIC,
        amount=Decimal("1.00"),
        business_date=TODAY,
    )
    check_dates(command, TODAY)
    with pytest.raises(DateAfterToday):
        check_dates(msgspec.structs.replace(command, business_date=date(2026, 11, 21)), TODAY)
    with pytest.raises(PeriodNotStarted):
        check_dates(DraftReport(lao_code=LAO, period="2570-Q2", narrative="x"), TODAY)


def test_a_workbook_row_dated_after_today_is_refused_and_nothing_recorded(
    api_today: Api,
) -> None:
    """The workbook is a door too: a spending row dated after the service's today is
    refused with its sheet and row, like the same write through the API, and the file
    records nothing; dated today, it records."""
    api = api_today
    rows = year_rows(api.office, LAO, FY)
    spent = {"line_code": "SUPPLIES", "voucher": "E-9", "amount": Decimal("100.00")}
    rows["expenditures"].append({**spent, "paid_on": date(2026, 11, 21)})
    before = api.position()
    response = api.client.post(
        f"/api/authorities/{LAO}/imports",
        headers=api.headers("clerk"),
        files={"data": ("year.xlsx", write_workbook(rows), XLSX)},
    )
    assert response.status_code == 422, response.text
    refused = response.json()["reconciliation"]["refused"]
    assert [(r["sheet"], r["code"]) for r in refused] == [("expenditures", "date_after_today")]
    assert api.position() == before
    rows["expenditures"][-1]["paid_on"] = TODAY
    response = api.client.post(
        f"/api/authorities/{LAO}/imports",
        headers=api.headers("clerk"),
        files={"data": ("year.xlsx", write_workbook(rows), XLSX)},
    )
    assert response.status_code == 201, response.text
