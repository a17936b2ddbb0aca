"""The workbook over HTTP: the clerk downloads the year, imports it back (nothing new),
changes a payment and imports it (one correction, the dashboard moves); a bad file is a
422 problem listing every refused row; another LAO's clerk cannot import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from budget.application.commands import InspectInstallment, RecordPayment, SignContract
from budget.imports.cells import read_workbook
from budget.imports.writer import write_workbook
from budget.imports.year import year_rows
from tests.builders import FINANCE, FY, LAO, contract, procured_until_winner
from tests.http_world import Api

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(api: Api, user: str, data: bytes, lao: str = LAO, **params: Any) -> Any:
    return api.client.post(
        f"/api/authorities/{lao}/imports",
        headers=api.headers(user),
        files={"data": ("year.xlsx", data, XLSX)},
        params=params,
    )


def _paid(api: Api) -> None:
    project = api.project
    procured_until_winner(api.office, project, offered="1400000.00")
    signed = SignContract.of(
        contract("1400000.00"), project_id=project, business_date=date(2026, 11, 18)
    )
    api.office.execute(signed, actor=FINANCE)
    api.office.execute(
        InspectInstallment(project_id=project, installment=1, business_date=date(2027, 1, 15)),
        actor=FINANCE,
    )
    api.office.execute(
        RecordPayment(
            project_id=project,
            installment=1,
            amount=Decimal("700000.00"),
            voucher="ฎ1/70",
            business_date=date(2027, 1, 20),
        ),
        actor=FINANCE,
    )
    api.views_caught_up()


def test_the_clerk_downloads_the_year_and_imports_it_back(api: Api) -> None:
    _paid(api)
    response = api.get(f"/api/authorities/{LAO}/workbook", "clerk", fiscal_year=FY)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(XLSX)
    assert f'filename="lao-{LAO}-{FY}.xlsx"' in response.headers["content-disposition"]
    rows = read_workbook(response.content).rows
    assert [r.cells["voucher"] for r in rows["payments"]] == ["ฎ1/70"]

    before = api.position()
    again = _upload(api, "clerk", response.content)
    assert again.status_code == 200, again.text
    assert again.json()["events"] == 0
    assert api.position() == before

    changed = year_rows(api.office, LAO, FY)
    changed["payments"][0]["amount"] = Decimal("650000.00")
    corrected = _upload(api, "clerk", write_workbook(changed))
    assert corrected.status_code == 201, corrected.text
    body = corrected.json()
    assert [(s["sheet"], s["corrected"]) for s in body["sheets"] if s["corrected"]] == [
        ("payments", 1)
    ]
    dashboard = api.get(f"/api/dashboards/authorities/{LAO}", "clerk", fiscal_year=FY).json()
    assert Decimal(dashboard["total"]["disbursed"]) == Decimal("650000.00")


def test_a_bad_workbook_is_a_problem_listing_every_refused_row(api: Api) -> None:
    rows = year_rows(api.office, LAO, FY)
    rows["projects"].append(
        {"code": "X1", "name": "", "line_code": "NOWHERE", "method": "specific", "amount": "1.001"}
    )
    before = api.position()
    response = _upload(api, "clerk", write_workbook(rows))
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "import_refused"
    refused = problem["reconciliation"]["refused"]
    assert {r["column"] for r in refused} >= {"name", "amount", "planned_on"}
    assert all(r["th"] and r["en"] for r in refused)
    assert api.position() == before

    not_a_file = _upload(api, "clerk", b"plain text, not a workbook")
    assert not_a_file.status_code == 422
    assert not_a_file.json()["code"] == "not_a_workbook"


def test_only_the_lao_s_clerk_or_an_administrator_imports_its_workbook(api: Api) -> None:
    data = api.get(f"/api/authorities/{LAO}/workbook", "clerk", fiscal_year=FY).content
    assert _upload(api, "clerk2", data).status_code == 403
    assert _upload(api, "reviewer", data).status_code == 403
    assert _upload(api, "admin", data, dry_run="true").status_code == 200
    elsewhere = _upload(api, "admin", data, lao="75001030")
    assert elsewhere.status_code == 422
    assert elsewhere.json()["code"] == "another_lao"
