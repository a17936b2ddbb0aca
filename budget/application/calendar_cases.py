"""Use cases of the calendar of working days: the cabinet's extra holidays."""

from __future__ import annotations

from datetime import date

from budget.application.base import OfficeBase
from budget.application.commands import AddHoliday, WithdrawHoliday
from budget.application.handlers import handles
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.calendar import WorkingCalendar, today
from budget.domain.holidays import CabinetHolidays
from budget.domain.ids import holidays_id

KEY = "holidays"


class CalendarCases(OfficeBase):
    @handles(AddHoliday)
    def _add_holiday(self, c: AddHoliday, actor: Actor, expected: int | None) -> Recorded:
        authorize(actor, Action.MANAGE_CALENDAR)
        on = c.business_date or today()
        if self.exists(holidays_id()):
            record = self.load(CabinetHolidays, holidays_id(), KEY, expected, for_change=True)
        else:
            record = CabinetHolidays.start(actor=actor, business_date=on)
        record.add(day=c.day, name=c.name, source=c.source, actor=actor, business_date=on)
        return self.record(record, key=KEY)

    @handles(WithdrawHoliday)
    def _withdraw_holiday(self, c: WithdrawHoliday, actor: Actor, expected: int | None) -> Recorded:
        authorize(actor, Action.MANAGE_CALENDAR)
        record = self.load(CabinetHolidays, holidays_id(), KEY, expected, for_change=True)
        record.withdraw(
            day=c.day, reason=c.reason, actor=actor, business_date=c.business_date or today()
        )
        return self.record(record, key=KEY)

    def cabinet_holidays(self) -> dict[date, str]:
        """Every extra holiday recorded so far, by day, with its name."""
        if not self.exists(holidays_id()):
            return {}
        return dict(self.load(CabinetHolidays, holidays_id(), KEY).days)

    def working_calendar(self) -> WorkingCalendar:
        """Thai working days with every extra holiday recorded so far."""
        return WorkingCalendar.with_extra(self.cabinet_holidays())
