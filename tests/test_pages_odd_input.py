"""Odd numbers and times in a page's query or form are a 400 page in Thai, never a 500
(issue 20, item 8): `²` (a digit to str.isdigit, not to int), a 5,000-digit number, a time
of 25:00; and the audit pager's links carry the search encoded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from budget.application.commands import OpenAccount
from budget.domain.access import SYSTEM_ACTOR
from budget.http.pages.filters import PAGE_SIZE
from tests.http_world import Api, serving, settings_for
from tests.test_pages import contracted_world, form_fields, log_in, pay

HUGE = "9" * 5000


@pytest.fixture(params=["memory", "sqlite"])
def site(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    url = "memory:" if request.param == "memory" else f"sqlite:///{tmp_path / 'b.sqlite3'}"
    with serving(settings_for(url, tmp_path), contracted_world) as api:
        yield api


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("dla", "/nation?fiscal_year=²"),
        ("dla", f"/nation?fiscal_year={HUGE}"),
        ("dla", "/nation?quarter=٣"),
        ("dla", f"/stuck?offset={HUGE}"),
        ("dla", "/rankings?offset=²"),
        ("auditor", "/audit/log?offset=²"),
        ("auditor", f"/audit/log?offset={HUGE}"),
        ("auditor", "/audit/records/{P1}?at_day=19/11/2569&at_time=25:00"),
        ("auditor", "/audit/records/{P1}?at_day=19/11/2569&at_time=²:00"),
        ("auditor", "/audit/records/{P1}?version=²"),
        ("auditor", f"/audit/records/{{P1}}?version={HUGE}"),
    ],
)
def test_an_odd_number_or_time_in_a_query_is_a_400_page(site: Api, user: str, path: str) -> None:
    log_in(site, user)
    response = site.client.get(path.replace("{P1}", str(site.project)))
    assert response.status_code == 400, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert "กรุณาระบุ" in response.text  # the page's Thai message, naming what to give


@pytest.mark.parametrize("installment", ["²", HUGE, "-1"])
def test_an_odd_number_in_a_form_is_refused_beside_its_field(site: Api, installment: str) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "payment")
    response = pay(site, fields, installment=installment, amount="1.00", voucher="V1")
    assert response.status_code == 422
    assert re.search(r'data-error-for="installment">กรุณากรอกจำนวนเต็ม', response.text)


def test_an_odd_version_in_a_form_is_a_400_page(site: Api) -> None:
    log_in(site, "clerk")
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "payment")
    version = next(k for k in fields if "version" in k)
    fields[version] = "²"
    response = pay(site, fields, installment="1", amount="1.00", voucher="V1")
    assert response.status_code == 400
    assert "กรุณาระบุ" in response.text


def test_the_audit_pager_carries_the_search_encoded(site: Api) -> None:
    for n in range(PAGE_SIZE):  # more than a page of the audit log
        opening = OpenAccount(username=f"person{n}", display_name=f"Person {n}")
        site.office.execute(opening, actor=SYSTEM_ACTOR)
    site.views_caught_up()
    log_in(site, "auditor")
    response = site.client.get("/audit/log", params={"from_day": "01/01/2569"})
    assert response.status_code == 200
    assert "ถัดไป" in response.text
    assert f"from_day={quote('01/01/2569', safe='')}&offset={PAGE_SIZE}" in response.text
