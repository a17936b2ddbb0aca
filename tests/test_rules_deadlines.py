"""The rules of deadlines: working days with the cabinet's extra holidays, a period that
ends on a holiday, where a deadline stands, the extra holidays' record and a transfer's
report."""

from __future__ import annotations

from datetime import date

import pytest

from budget.application.commands import AddHoliday, ReportTransfer, WithdrawHoliday
from budget.domain.calendar import THAI, WorkingCalendar, appeal_window_end
from budget.domain.deadlines import RULES, DeadlineKind, Standing, due_date, standing
from budget.domain.errors import DomainError
from budget.domain.holidays import CabinetHolidays
from budget.domain.ids import holidays_id
from tests.builders import ADMIN, FINANCE, FY, LAO, enacted_office, refused, transfer
from tests.deadline_world import procured, sign_on

BRIDGE = date(2027, 4, 16)  # the Friday after Songkran, a day the cabinet might add
WITH_BRIDGE = WorkingCalendar.with_extra([BRIDGE])


def test_a_period_ending_on_new_years_day_ends_on_the_next_working_day() -> None:
    rule = RULES[DeadlineKind.TRANSFER_REPORT]
    # 17 Dec 2026 + 15 days = Fri 1 Jan 2027 (New Year's Day): Mon 4 Jan
    assert due_date(rule, date(2026, 12, 17), THAI) == date(2027, 1, 4)
    # + 15 from 16 Dec: Thu 31 Dec (New Year's Eve), then Fri 1 Jan: Mon 4 Jan too
    assert due_date(rule, date(2026, 12, 16), THAI) == date(2027, 1, 4)
    assert due_date(rule, date(2026, 12, 18), THAI) == date(2027, 1, 4)  # a Saturday
    assert due_date(rule, date(2026, 12, 21), THAI) == date(2027, 1, 5)


def test_songkran_and_a_cabinet_day_move_counted_periods() -> None:
    transfer_report = RULES[DeadlineKind.TRANSFER_REPORT]
    # 31 Mar + 15 = Thu 15 Apr (Songkran): Fri 16 Apr, or Mon 19 Apr once the cabinet adds it
    assert due_date(transfer_report, date(2027, 3, 31), THAI) == BRIDGE
    assert due_date(transfer_report, date(2027, 3, 31), WITH_BRIDGE) == date(2027, 4, 19)
    appeal = RULES[DeadlineKind.APPEAL_WINDOW]
    assert due_date(appeal, date(2027, 4, 8), THAI) == date(2027, 4, 22)
    assert due_date(appeal, date(2027, 4, 8), WITH_BRIDGE) == date(2027, 4, 23)
    assert appeal_window_end(date(2027, 4, 8), WITH_BRIDGE) == date(2027, 4, 23)


def test_fixed_dates_are_the_records_own() -> None:
    rule = RULES[DeadlineKind.INSTALLMENT_DELIVERY]
    assert due_date(rule, date(2027, 1, 1), THAI, date(2027, 5, 15)) == date(2027, 5, 15)
    with pytest.raises(ValueError, match="needs its date"):
        due_date(rule, date(2027, 1, 1), THAI)


def test_where_a_deadline_stands_counts_working_days_late() -> None:
    rule = RULES[DeadlineKind.TRANSFER_REPORT]
    due = date(2027, 4, 9)  # a Friday

    def on(day: date, met_on: date | None = None, cancelled_on: date | None = None) -> object:
        found = standing(
            rule, due, met_on=met_on, cancelled_on=cancelled_on, as_of=day, calendar=WITH_BRIDGE
        )
        return (found.standing, found.late_working_days)

    assert on(date(2027, 4, 9)) == (Standing.DUE, 0)
    assert on(date(2027, 4, 11)) == (Standing.DUE, 0)  # the weekend after is not late yet
    assert on(date(2027, 4, 12)) == (Standing.OVERDUE, 1)
    # Songkran 13-15 and the cabinet's 16th are not counted
    assert on(date(2027, 4, 16)) == (Standing.OVERDUE, 1)
    assert on(date(2027, 4, 19)) == (Standing.OVERDUE, 2)
    assert on(date(2027, 4, 20), met_on=date(2027, 4, 19)) == (Standing.MET_LATE, 2)
    assert on(date(2027, 4, 9), met_on=date(2027, 4, 9)) == (Standing.MET, 0)
    assert on(date(2027, 4, 8), met_on=date(2027, 4, 9)) == (Standing.DUE, 0)  # not yet met
    assert on(date(2027, 4, 20), cancelled_on=date(2027, 4, 10)) == (Standing.CANCELLED, 0)
    window = RULES[DeadlineKind.APPEAL_WINDOW]
    assert (
        standing(window, due, met_on=None, cancelled_on=None, as_of=due, calendar=THAI).standing
        is Standing.OPEN
    )
    assert (
        standing(
            window, due, met_on=None, cancelled_on=None, as_of=date(2027, 4, 10), calendar=THAI
        ).standing
        is Standing.ENDED
    )


def test_every_rule_names_its_basis_and_says_whether_it_was_confirmed() -> None:
    assert set(RULES) == set(DeadlineKind)
    for rule in RULES.values():
        assert rule.basis_th
        assert rule.basis_en
        if not rule.confirmed:
            assert "ยังไม่ได้ตรวจสอบ" in rule.basis_th
            assert "not confirmed" in rule.basis_en


def test_a_dla_administrator_adds_and_withdraws_a_cabinet_holiday() -> None:
    office = enacted_office()
    added = AddHoliday(day=BRIDGE, name="วันหยุดราชการเพิ่มเป็นกรณีพิเศษ", source="มติ ครม. 9 มี.ค. 2570")
    office.execute(added, actor=ADMIN)
    assert office.working_calendar() == WITH_BRIDGE
    with refused(office, "holiday_already_recorded"):
        office.execute(added, actor=ADMIN)
    with refused(office, "not_a_working_day"):  # Songkran is a holiday already
        office.execute(
            AddHoliday(day=date(2027, 4, 14), name="สงกรานต์", source="มติ ครม."), actor=ADMIN
        )
    with refused(office, "not_permitted"):
        office.execute(
            AddHoliday(day=date(2027, 5, 14), name="วันหยุด", source="มติ ครม."), actor=FINANCE
        )
    with refused(office, "reason_required"):
        office.execute(WithdrawHoliday(day=BRIDGE, reason=" "), actor=ADMIN)
    office.execute(WithdrawHoliday(day=BRIDGE, reason="มติ ครม. ยกเลิก"), actor=ADMIN)
    assert office.working_calendar() == THAI
    record = office.repository.get(holidays_id())
    assert isinstance(record, CabinetHolidays)
    assert [type(e).__name__ for e in office.events.get(holidays_id())] == [
        "Created",
        "HolidayAdded",
        "HolidayWithdrawn",
    ]


def test_a_transfer_is_reported_once_with_its_letter() -> None:
    office = enacted_office()
    moved = transfer(office, "SUPPLIES", "SERVICES", "1000.00", on=date(2026, 12, 17))

    def report(version: int, letter: str = "มท 0808.2/123") -> ReportTransfer:
        return ReportTransfer(
            lao_code=LAO,
            fiscal_year=FY,
            transfer_version=version,
            reported_on=date(2027, 1, 4),
            letter=letter,
            business_date=date(2027, 1, 4),
        )

    with refused(office, "invalid_input"):
        office.execute(report(1), actor=FINANCE)  # version 1 is the draft, not a transfer
    office.execute(report(moved.version), actor=FINANCE)
    budget = office.budget(LAO, FY)
    assert budget.transfers_reported == {moved.version: date(2027, 1, 4)}
    with refused(office, "invalid_input"):
        office.execute(report(moved.version), actor=FINANCE)


def test_a_winner_announced_after_a_cabinet_day_has_the_longer_appeal_window() -> None:
    office = enacted_office()
    office.execute(
        AddHoliday(day=BRIDGE, name="วันหยุดพิเศษ", source="มติ ครม. 9 มี.ค. 2570"), actor=ADMIN
    )
    project = procured(office, "P1", planned_on=date(2027, 3, 1), winner_on=date(2027, 4, 8))
    assert office.project(project).appeal_ends_on == date(2027, 4, 23)
    with pytest.raises(DomainError) as refusal:
        sign_on(office, project, date(2027, 4, 23))
    assert refusal.value.code == "inside_appeal_window"
    sign_on(office, project, date(2027, 4, 26))
