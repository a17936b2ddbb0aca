"""Thai working days: weekends and public holidays excluded.

Procurement deadlines (the appeal window) count working days. Holidays come from the
`holidays` package's Thai calendar, substitution days included, plus the extra days the
cabinet announces (a DLA administrator records each: budget/domain/holidays.py), which a
`WorkingCalendar` carries.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
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


def is_public_holiday(day: date) -> bool:
    """A public holiday of the `holidays` package's Thai calendar (substitution days too)."""
    return day in _thai_holidays(day.year)


@cache
def _weekdays_off(year: int, extra: frozenset[date]) -> tuple[date, ...]:
    """The days of `year` from Monday to Friday that are not working days, in order."""
    off = _thai_holidays(year) | {day for day in extra if day.year == year}
    return tuple(sorted(day for day in off if day.weekday() < 5))


def _weekdays_to(day: date) -> int:
    """Mondays to Fridays from 1 Jan of year 1 (a Monday, ordinal 1) to `day` included."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """Thai working days with the cabinet's extra holidays (`extra`) taken out too."""

    extra: frozenset[date] = frozenset()

    @classmethod
    def with_extra(cls, days: Iterable[date]) -> WorkingCalendar:
        return cls(frozenset(days))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not is_public_holiday(day) and day not in self.extra

    def add_working_days(self, start: date, count: int) -> date:
        """The date that is `count` working days after `start` (start not counted)."""
        day = start
        remaining = count
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_day_on_or_after(self, day: date) -> date:
        """`day` itself when it is a working day, else the next working day: a period whose
        last day is a holiday ends on the working day after it (Administrative Procedure
        Act B.E. 2539, มาตรา 64 วรรคสาม, as we read it: the exact text is not confirmed here)."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_after(self, due: date, day: date) -> int:
        """How many working days after `due` `day` is (0 when `day` is on or before it):
        how late something done (or still not done) on `day` is. Counted, not walked: the
        weekdays between, less the holidays among them (who is missing asks it for every
        LAO and period of the nation)."""
        if day <= due:
            return 0
        late = _weekdays_to(day) - _weekdays_to(due)
        for year in range(due.year, day.year + 1):
            off = _weekdays_off(year, self.extra)
            late -= bisect_right(off, day) - bisect_right(off, due)
        return late


THAI = WorkingCalendar()


def is_working_day(day: date) -> bool:
    return THAI.is_working_day(day)


def add_working_days(start: date, count: int) -> date:
    """The date that is `count` working days after `start` (start not counted)."""
    return THAI.add_working_days(start, count)


def appeal_window_end(announced_on: date, calendar: WorkingCalendar = THAI) -> date:
    """The last day of the appeal window after a winner is announced: 7 working days
    (Public Procurement Act B.E. 2560 มาตรา 117, as we read it; DOMAIN.md step 7)."""
    return calendar.add_working_days(announced_on, APPEAL_WINDOW_WORKING_DAYS)
