"""A contract's money through HTTP: signed with its terms, its advance paid against a
guarantee, an inspection that withholds, a payment of what is left, an amendment; the
project's read shows cash paid with the advance, retention and fines apart, and the line's
obligation at the amended amount. A refusal records nothing; a retried write records once."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.builders import LAO, procured_until_winner
from tests.http_world import Api

BUDGET = f"/api/authorities/{LAO}/budgets/2570"
INSTALLMENTS = [
    {"number": 1, "amount": "700000.00", "due_on": "2027-01-15"},
    {"number": 2, "amount": "700000.00", "due_on": "2027-03-15"},
]


def test_a_contracts_advance_retention_fine_and_amendment_through_the_api(api: Api) -> None:
    procured_until_winner(api.office, api.project, offered="1400000.00")
    api.views_caught_up()
    project = f"/api/projects/{api.project}"
    signed = api.post(
        f"{project}/contract",
        "clerk",
        {
            "number": "12/2570",
            "contractor": "หจก. ทดสอบก่อสร้าง",
            "contractor_tax_id": "0503561000123",
            "amount": "1400000.00",
            "installments": INSTALLMENTS,
            "terms": {"advance_rate": "15", "retention_rate": "5", "fine_rate": "0.10"},
            "business_date": "2026-11-18",
        },
        if_match=api.get(project, "clerk").headers["etag"],
    )
    assert signed.status_code == 200, signed.text
    advance: dict[str, Any] = {
        "amount": "210000.00",
        "voucher": "ฎล 1/2570",
        "guarantee": {"issuer": "ธนาคารกรุงไทย", "reference": "LG-1", "amount": "200000.00"},
        "business_date": "2026-11-25",
    }
    before = api.position()
    short = api.post(
        f"{project}/contract/advance", "clerk", advance, if_match=signed.headers["etag"]
    )
    assert short.status_code == 422
    assert short.json()["code"] == "advance_not_allowed"
    assert api.position() == before
    backed = {**advance, "guarantee": {**advance["guarantee"], "amount": "210000.00"}}
    paid = api.post(
        f"{project}/contract/advance", "clerk", backed, if_match=signed.headers["etag"], key="adv"
    )
    assert paid.status_code == 200, paid.text
    again = api.post(
        f"{project}/contract/advance", "clerk", backed, if_match=signed.headers["etag"], key="adv"
    )
    assert again.headers["idempotent-replayed"] == "true"
    inspected = api.post(
        f"{project}/inspections",
        "clerk",
        {"installment": 1, "delivered_on": "2027-01-20", "business_date": "2027-01-22"},
    )
    assert inspected.status_code == 200, inspected.text
    amended = api.post(
        f"{project}/contract/amendments",
        "clerk",
        {
            "kind": "amount_changed",
            "installments": [INSTALLMENTS[0], {**INSTALLMENTS[1], "amount": "800000.00"}],
            "approved_by": "นายกองค์การบริหารส่วนตำบล",
            "reason": "เพิ่มงานรางระบายน้ำ",
            "business_date": "2027-01-23",
        },
        if_match=inspected.headers["etag"],
    )
    assert amended.status_code == 200, amended.text
    too_much = api.post(
        f"{project}/payments",
        "clerk",
        {
            "installment": 1,
            "amount": "556500.01",
            "voucher": "ฎ 2/2570",
            "business_date": "2027-01-25",
        },
        if_match=amended.headers["etag"],
    )
    assert too_much.json()["code"] == "payment_exceeds_installment"
    payment = api.post(
        f"{project}/payments",
        "clerk",
        {
            "installment": 1,
            "amount": "556500.00",
            "voucher": "ฎ 2/2570",
            "business_date": "2027-01-25",
        },
        if_match=amended.headers["etag"],
    )
    assert payment.status_code == 200, payment.text
    shown = api.get(project, "clerk").json()
    assert shown["project"]["contract_amount"] == "1500000.00"
    assert shown["project"]["paid"] == "766500.00"
    assert (shown["project"]["retention_held"], shown["project"]["fines"]) == (
        "35000.00",
        "3500.00",
    )
    assert shown["money"]["advance_outstanding"] == "105000.00"
    first = shown["installments"][0]
    assert (first["advance_recovered"], first["retention"], first["fine"], first["days_late"]) == (
        "105000.00",
        "35000.00",
        "3500.00",
        5,
    )
    assert shown["amendments"][0]["approved_by"] == "นายกองค์การบริหารส่วนตำบล"
    assert shown["lump_sums"][0]["kind"] == "advance"
    road = {x["line_code"]: x for x in api.get(BUDGET, "clerk").json()["lines"]}["ROAD"]
    assert (road["committed"], road["paid"]) == ("1500000.00", "766500.00")
    listed = api.get(f"/api/authorities/{LAO}/projects", "clerk", fiscal_year=2570)
    assert listed.status_code == 200, listed.text
    listed = listed.json()
    row = next(p for p in listed["items"] if p["project_id"] == str(api.project))
    assert (row["retention_held"], row["fines"]) == ("35000.00", "3500.00")
    assert date.fromisoformat(shown["lump_sums"][0]["paid_on"]) == date(2026, 11, 25)
