"""What the deadlines projection holds of the calendars its due days are counted on: the
cabinet's extra holidays and each fiscal year's reporting rules, changed in a batch in log
order and written once (deadlines.py holds the deadlines themselves)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, delete, insert

from budget.domain.fiscal import FIRST_YEAR, LAST_YEAR
from budget.domain.ids import reporting_calendar_id
from budget.projections.events import holidays, reporting
from budget.projections.follow import Positioned
from budget.projections.tables import cabinet_holiday, reporting_rule
from budget.projections.upsert import upsert

Row = dict[str, Any]


@cache
def _reporting_years() -> dict[str, int]:
    """Fiscal year by reporting calendar id (its events name only their record)."""
    return {str(reporting_calendar_id(y)): y for y in range(FIRST_YEAR, LAST_YEAR + 1)}


class CalendarRows:
    """The holidays a batch added and withdrew, and the reporting rules it set."""

    def __init__(self) -> None:
        self.added: dict[date, Row] = {}
        self.withdrawn: set[date] = set()
        self.calendars: dict[int, list[Row]] = {}  # by fiscal year: its last rules

    def holiday(self, positioned: Positioned) -> None:
        match positioned.event:
            case holidays.HolidayAdded(day=day, name=name, source=source):
                self.withdrawn.discard(day.value)
                self.added[day.value] = {"day": day.value, "name": name, "source": source}
            case holidays.HolidayWithdrawn(day=day):
                self.added.pop(day.value, None)
                self.withdrawn.add(day.value)

    def reporting(self, positioned: Positioned) -> None:
        match positioned.event:
            case reporting.ReportingCalendarSet(rules=rules, source=source):
                year = _reporting_years()[positioned.originator_id]
                self.calendars[year] = [
                    {
                        "fiscal_year": year,
                        "period_kind": rule.value.kind.value,
                        "days": rule.value.days,
                        "counting": rule.value.counting.value,
                        "source": source,
                    }
                    for rule in rules
                ]

    def save(self, connection: Connection) -> None:
        if self.withdrawn:
            connection.execute(
                delete(cabinet_holiday).where(cabinet_holiday.c.day.in_(self.withdrawn))
            )
        upsert(connection, cabinet_holiday, list(self.added.values()))
        if self.calendars:
            connection.execute(
                delete(reporting_rule).where(reporting_rule.c.fiscal_year.in_(self.calendars))
            )
            rows = [row for rules in self.calendars.values() for row in rules]
            if rows:
                connection.execute(insert(reporting_rule), rows)
