"""How the pages write and read Thai dates and amounts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from budget.application.from_text import FieldProblem, parse_amount, parse_day
from budget.domain.access import NATION, Action, Actor, Role, not_permitted
from budget.http.pages.i18n import (
    date_field,
    event_name,
    money,
    period_name,
    stage_name,
    thai_date,
    thai_moment,
)
from budget.wording import ACTION, action_name, refusal_in_english


def test_dates_are_buddhist_era_with_thai_month_names() -> None:
    assert thai_date(date(2026, 11, 22)) == "22 พ.ย. 2569"
    assert thai_date(date(2026, 11, 22), long=True) == "22 พฤศจิกายน 2569"
    assert thai_date(date(2026, 11, 22), "en") == "22 Nov 2026"
    assert thai_date(None) == "–"
    assert date_field(date(2027, 1, 5)) == "05/01/2570"


def test_a_recorded_moment_is_shown_in_bangkok_time() -> None:
    assert thai_moment(datetime(2026, 11, 22, 20, 5, 9, tzinfo=UTC)) == "23 พ.ย. 2569 03:05:09 น."


def test_amounts_have_separators_and_two_decimals() -> None:
    assert money(Decimal("1234567.8")) == "1,234,567.80"
    assert money(None) == "–"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("23/11/2569", date(2026, 11, 23)),
        ("1/2/2570", date(2027, 2, 1)),
        ("23/11/2026", date(2026, 11, 23)),
        ("2026-11-23", date(2026, 11, 23)),
        ("23.11.2569", date(2026, 11, 23)),
    ],
)
def test_a_date_is_typed_in_buddhist_or_common_era(typed: str, day: date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["31/02/2569", "2569", "ยี่สิบสาม", "23/11/69", "1/1/1900"])
def test_a_date_that_is_not_one_is_refused_in_thai(typed: str) -> None:
    with pytest.raises(FieldProblem) as refused:
        parse_day(typed)
    assert "วันที่ไม่ถูกต้อง" in refused.value.th


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,234,567.50", "1234567.50"),
        ("700000", "700000.00"),
        ("฿ 12.5", "12.50"),
        ("5 บาท", "5.00"),
    ],
)
def test_an_amount_may_be_typed_with_separators(typed: str, amount: str) -> None:
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["-1", "1.234", "เจ็ดแสน", "NaN", "Infinity", "1e20"])
def test_an_amount_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(FieldProblem):
        parse_amount(typed)


def test_codes_are_named_in_thai() -> None:
    assert period_name("2570-Q1") == "ไตรมาส 1/2570"
    assert period_name("2570-M11") == "พฤศจิกายน 2569"
    assert period_name("2570-M2") == "กุมภาพันธ์ 2570"
    assert period_name("2570-M2", "en") == "Feb 2027"
    assert stage_name("contract_signed") == "ลงนามในสัญญา"
    assert event_name("Project.PaymentRecorded") == "บันทึกการเบิกจ่าย"
    assert event_name("Project.PaymentRecorded", "en") == "Payment recorded"


def test_every_action_has_its_words_and_a_refusal_is_said_with_them() -> None:
    assert {action_name(a) for a in Action} == {th for th, _ in ACTION.values()}
    assert {action_name(a) for a in Action} == {a.name_th for a in Action}  # the domain's words
    assert len(ACTION) == len(Action)
    clerk2 = Actor("clerk2", Role.LAO_FINANCE, "15000001")
    assert not_permitted(clerk2, Action.READ, lao="15000000").thai == (
        "ผู้ใช้ clerk2 ในบทบาทเจ้าหน้าที่การเงิน อปท. ไม่มีสิทธิ์ดูข้อมูล ของอปท. 15000000"
    )
    assert refusal_in_english("reviewer", "provincial_reviewer", "read_history", NATION) == (
        "reviewer (Provincial reviewer) may not read the history of the whole country"
    )
