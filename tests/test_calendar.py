"""Fiscal years, quarters, B.E. naming and Thai working days, at their edges."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from budget.application.commands import PlanPublished, RecordProcurementStep
from budget.domain.calendar import (
    WorkingCalendar,
    add_working_days,
    appeal_window_end,
    is_working_day,
    today,
)
from budget.domain.errors import DomainError
from budget.domain.fiscal import FiscalYear, ReportingPeriod, quarter_of, thai_date


@pytest.mark.parametrize(
    ("day", "fiscal_year", "quarter"),
    [
        (date(2026, 9, 30), 2569, 4),
        (date(2026, 10, 1), 2570, 1),
        (date(2026, 12, 31), 2570, 1),
        (date(2027, 1, 1), 2570, 2),
        (date(2027, 3, 31), 2570, 2),
        (date(2027, 4, 1), 2570, 3),
        (date(2027, 7, 1), 2570, 4),
        (date(2027, 9, 30), 2570, 4),
    ],
)
def test_a_fiscal_year_runs_october_to_september_named_by_its_be_end(
    day: date, fiscal_year: int, quarter: int
) -> None:
    assert FiscalYear.of(day).be_year == fiscal_year
    assert quarter_of(day) == quarter


def test_fy_2570_runs_from_1_oct_2026_to_30_sep_2027() -> None:
    year = FiscalYear(2570)
    assert (year.starts_on, year.ends_on) == (date(2026, 10, 1), date(2027, 9, 30))
    assert year.quarter_range(1) == (date(2026, 10, 1), date(2026, 12, 31))
    assert year.quarter_range(4) == (date(2027, 7, 1), date(2027, 9, 30))


def test_reporting_periods_parse_and_span_their_dates() -> None:
    assert ReportingPeriod.parse("2570-M10").date_range == (date(2026, 10, 1), date(2026, 10, 31))
    assert ReportingPeriod.parse("2570-M2").date_range == (date(2027, 2, 1), date(2027, 2, 28))
    assert ReportingPeriod.parse("2570-M12").date_range == (date(2026, 12, 1), date(2026, 12, 31))
    assert ReportingPeriod.parse("2570-Q2").ends_on == date(2027, 3, 31)
    with pytest.raises(DomainError):
        ReportingPeriod.parse("2570-Q5")
    with pytest.raises(DomainError):
        ReportingPeriod.parse("FY70 Q1")


def test_dates_are_shown_in_thai_with_the_buddhist_era() -> None:
    assert thai_date(date(2026, 11, 22)) == "22 พ.ย. 2569"
    assert thai_date(date(2026, 11, 22), long=True) == "22 พฤศจิกายน 2569"


def test_working_days_skip_weekends_and_thai_public_holidays() -> None:
    assert not is_working_day(date(2027, 4, 13))  # Songkran
    assert not is_working_day(date(2026, 12, 5))  # a Saturday, and King Bhumibol's birthday
    assert is_working_day(date(2026, 11, 23))
    # Announced Thursday 8 Apr 2027: 9, 12, 16, 19, 20, 21, 22 Apr (Songkran 13–15 skipped).
    assert appeal_window_end(date(2027, 4, 8)) == date(2027, 4, 22)
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)


def test_todays_business_date_is_thai_time_at_the_fiscal_year_edge() -> None:
    # 30 Sep 2026 17:30 UTC is already 1 Oct 2026 00:30 in Bangkok: FY 2570.
    with freeze_time(datetime(2026, 9, 30, 17, 30, tzinfo=ZoneInfo("UTC"))):
        assert today() == date(2026, 10, 1)
        assert FiscalYear.of(today()).be_year == 2570
    with freeze_time(datetime(2026, 9, 30, 16, 59, tzinfo=ZoneInfo("UTC"))):
        assert FiscalYear.of(today()).be_year == 2569


def test_commands_recorded_under_a_frozen_clock_save_and_reload() -> None:
    from tests.builders import AUDITOR, FINANCE, LAO, enacted_office, planned_project

    with freeze_time("2026-10-05 09:00:00"):
        office = enacted_office()
        project = planned_project(office)
        office.execute(
            RecordProcurementStep(project_id=project, step=PlanPublished()), actor=FINANCE
        )
    history = office.history(project, actor=AUDITOR)
    assert history[-1].business_date == date(2026, 10, 5)
    assert history[-1].recorded_at == datetime(2026, 10, 5, 9, tzinfo=ZoneInfo("UTC"))
    assert office.budget(LAO, 2570).is_enacted


@given(
    due=st.dates(date(2025, 1, 1), date(2029, 12, 31)),
    days=st.integers(-10, 900),
    extra=st.frozensets(st.dates(date(2026, 1, 1), date(2028, 12, 31)), max_size=6),
)
def test_working_days_after_counts_what_walking_day_by_day_counts(
    due: date, days: int, extra: frozenset[date]
) -> None:
    from datetime import timedelta

    calendar = WorkingCalendar(extra)
    day = due + timedelta(days=days)
    walked = sum(1 for n in range(1, days + 1) if calendar.is_working_day(due + timedelta(days=n)))
    assert calendar.working_days_after(due, day) == walked
