"""The CabinetHolidays events as the deadlines projection reads them
(budget/domain/holidays.py)."""

from __future__ import annotations

from budget.domain.holidays import CabinetHolidays
from budget.projections.events.wire import Day, Event, topics_of


class HolidayAdded(Event, frozen=True, gc=False):
    day: Day
    name: str
    source: str


class HolidayWithdrawn(Event, frozen=True, gc=False):
    day: Day


TOPICS = topics_of(CabinetHolidays, HolidayAdded, HolidayWithdrawn)
