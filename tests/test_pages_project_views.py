"""The project page is drawn from the views alone (ARCHITECTURE.md: nothing reads an
aggregate to draw a page), its forms' refusals too: with the office's project loader
failing, the page still shows the contract, the installments with their inspection
dates, the payments with their vouchers, and sends the version the views hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.application.commands import InspectInstallment
from tests.builders import FINANCE
from tests.http_world import Api, serving, settings_for
from tests.test_pages import contracted_world, form_fields, log_in, visible_text


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Api]:
    with serving(settings_for(store_url, tmp_path), contracted_world) as api:
        yield api


@pytest.fixture
def no_aggregate_read(site: Api, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    """The office's project loader, made to fail: a page drawing from it fails the test."""
    asked: list[UUID] = []

    def loader(project_id: UUID, *args: Any, **kwargs: Any) -> Any:
        asked.append(project_id)
        msg = "the project page read the Project aggregate"
        raise AssertionError(msg)

    monkeypatch.setattr(site.office, "project", loader)
    return asked


def version_of(office: BudgetOffice, project: UUID) -> str:
    return str(office.recorder.select_events(project, desc=True, limit=1)[0].originator_version)


def test_the_project_page_reads_no_aggregate(site: Api, no_aggregate_read: list[UUID]) -> None:
    log_in(site, "clerk")
    url = f"/projects/{site.project}"
    page = site.client.get(url)
    assert page.status_code == 200, page.text
    shown = visible_text(page.text)
    for fact in (
        "12/2570",  # the contract's number, contractor, tax id and amount
        "หจก. ทดสอบก่อสร้าง",
        "0503561000123",
        "1,400,000.00",
        "15 ม.ค. 2570",  # installment 1 due, inspected on 19 Nov 2026
        "15 มี.ค. 2570",
        "19 พ.ย. 2569",
        "17 พ.ย. 2569",  # the appeal window's end, 11 days after the winner's announcement
    ):
        assert fact in shown, fact
    assert form_fields(page.text, "payment")["version"] == version_of(site.office, site.project)
    assert 'data-form="inspection"' in page.text  # installment 2 is still to be inspected

    fields = form_fields(page.text, "payment")
    typed = {"installment": "1", "voucher": "ฎ.5/2570", "business_date": "20/11/2569"}
    refused = site.client.post(f"{url}/payment", data={**fields, **typed, "amount": "900,000"})
    assert refused.status_code == 422  # the form's refusal is drawn from the views too
    assert "เกินวงเงินงวด 700,000.00 บาท" in refused.text
    paid = site.client.post(f"{url}/payment", data={**fields, **typed, "amount": "650,000"})
    assert paid.status_code == 200  # followed to the page
    shown = visible_text(paid.text)
    assert "ฎ.5/2570" in shown
    assert "20 พ.ย. 2569" in shown
    assert "650,000.00" in shown
    payments = paid.text[paid.text.index('data-testid="payments"') :]
    assert re.search(r"<td>#\d+</td><td>1</td><td>ฎ\.5/2570</td>", payments)
    assert form_fields(paid.text, "correction")["version"] == version_of(site.office, site.project)
    assert no_aggregate_read == []


def test_a_form_sent_from_a_page_the_views_drew_late_is_refused_as_stale(site: Api) -> None:
    """The page's version is the views': a page drawn before they caught up with a change
    sends the older version, and the write is refused (409), not recorded over it."""
    log_in(site, "clerk")
    site.services.runner.stop()
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, "inspection")
    site.office.execute(
        InspectInstallment(
            project_id=site.project, installment=2, business_date=date(2026, 11, 20)
        ),
        actor=FINANCE,
    )
    lagging = site.client.get(f"/projects/{site.project}").text  # the views have not moved
    assert form_fields(lagging, "inspection")["version"] == fields["version"]
    response = site.client.post(
        f"/projects/{site.project}/inspection",
        data={**fields, "installment": "2", "business_date": "21/11/2569"},
    )
    assert response.status_code == 409
