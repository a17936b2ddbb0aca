"""Thai working days: weekends and public holidays excluded.

Procurement deadlines (the appeal window) count working days. Holidays come
from the `holidays` package's Thai calendar, substitution days included.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

APPEAL_WINDOW_WORKING_DAYS = 7
BANGKOK = ZoneInfo("Asia/Bangkok")


def today() -> date:
    """Today in Thailand: the default business date of a command, the day views count from."""
    return datetime.now(BANGKOK).date()


@cache
def _thai_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("TH", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _thai_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The date that is `count` working days after `start` (start not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def appeal_window_end(announced_on: date) -> date:
    """The last day of the appeal window after a winner is announced."""
    return add_working_days(announced_on, APPEAL_WINDOW_WORKING_DAYS)
