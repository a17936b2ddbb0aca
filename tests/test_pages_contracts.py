"""A contract's money on the project's page: the clerk signs a contract with its terms,
pays its advance against a guarantee, records an inspection with the day the work was
delivered, pays what is left, amends the contract; the page shows the advance, retention
and fines apart from cash paid, and each amendment with who approved it and why."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from tests.builders import procured_until_winner
from tests.http_world import Api, build_world, serving, settings_for
from tests.test_pages import form_fields, log_in


def procured_world(office: BudgetOffice) -> UUID:
    """The HTTP world, P1 procured to its winner (1,400,000, appeal window to 17 Nov)."""
    project = build_world(office)
    procured_until_winner(office, project, offered="1400000.00")
    return project


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Api]:
    with serving(settings_for(store_url, tmp_path), procured_world) as api:
        yield api


def send(site: Api, path: str, form: str, **typed: str) -> Any:
    fields = form_fields(site.client.get(f"/projects/{site.project}").text, form)
    return site.client.post(
        f"/projects/{site.project}/{path}", data={**fields, **typed}, follow_redirects=False
    )


def test_the_clerk_records_a_contracts_advance_inspection_and_amendment_on_its_page(
    site: Api,
) -> None:
    log_in(site, "clerk")
    signed = send(
        site,
        "contract",
        "contract",
        number="12/2570",
        contractor="หจก. ทดสอบก่อสร้าง",
        contractor_tax_id="0503561000123",
        amount="1,400,000.00",
        business_date="18/11/2569",
        inst_amount_1="700,000.00",
        inst_due_1="15/01/2570",
        inst_amount_2="700,000.00",
        inst_due_2="15/03/2570",
        advance_rate="15",
        retention_rate="5",
        warranty_months="12",
        fine_rate="0.10",
        fine_basis="undelivered",
    )
    assert signed.status_code == 303, signed.text
    contract = site.office.project(site.project).contract
    assert contract is not None
    assert contract.terms.advance_recovery_rate == Decimal(15)  # in proportion, by default
    short = send(
        site,
        "advance",
        "advance",
        amount="210,000.00",
        voucher="ฎล.1/2570",
        guarantee_issuer="ธนาคารกรุงไทย",
        guarantee_reference="LG-1",
        guarantee_amount="200,000.00",
        business_date="25/11/2569",
    )
    assert short.status_code == 422
    assert "หลักประกันเงินล่วงหน้า 200,000.00 บาท น้อยกว่า 210,000.00 บาท" in short.text
    assert site.office.project(site.project).advance is None
    paid = send(
        site,
        "advance",
        "advance",
        amount="210,000.00",
        voucher="ฎล.1/2570",
        guarantee_issuer="ธนาคารกรุงไทย",
        guarantee_reference="LG-1",
        guarantee_amount="210,000.00",
        business_date="25/11/2569",
    )
    assert paid.status_code == 303, paid.text
    inspected = send(
        site,
        "inspection",
        "inspection",
        installment="1",
        delivered_on="20/01/2570",
        business_date="22/01/2570",
    )
    assert inspected.status_code == 303, inspected.text
    page = site.client.get(f"/projects/{site.project}").text
    assert re.search(r'data-testid="retention-held">35,000.00<', page)
    assert re.search(r'data-testid="fines">3,500.00<', page)
    assert "คงค้าง 556,500.00" in page  # 700,000 less 105,000 + 35,000 + 3,500
    assert "ส่งมอบล่าช้า 5 วัน" in page
    amended = send(
        site,
        "amendment",
        "amendment",
        kind="time_extended",
        inst_amount_1="700,000.00",
        inst_due_1="15/01/2570",
        inst_amount_2="700,000.00",
        inst_due_2="15/04/2570",
        approved_by="นายกองค์การบริหารส่วนตำบล",
        reason="ฝนตกหนักต่อเนื่อง",
        business_date="23/01/2570",
    )
    assert amended.status_code == 303, amended.text
    page = site.client.get(amended.headers["location"]).text
    assert "บันทึกการแก้ไขสัญญาแล้ว" in page
    assert "ขยายระยะเวลาตามสัญญา" in page
    assert "ฝนตกหนักต่อเนื่อง" in page
    assert "จ่ายเงินล่วงหน้า 210,000.00 บาท" in page  # the history's sentence
    contract = site.office.project(site.project).contract
    assert contract is not None
    assert contract.installments[1].due_on.isoformat() == "2027-04-15"
