"""Use cases of the calendar of working days: the cabinet's extra holidays."""

from __future__ import annotations

from datetime import date

from budget.application.base import OfficeBase
from budget.application.commands import AddHoliday, SetReportingCalendar, WithdrawHoliday
from budget.application.handlers import handles
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.calendar import WorkingCalendar
from budget.domain.holidays import CabinetHolidays
from budget.domain.ids import holidays_id, reporting_calendar_id
from budget.domain.reporting import ReportDueRule, ReportingCalendar

KEY = "holidays"


class CalendarCases(OfficeBase):
    @handles(AddHoliday)
    def _add_holiday(self, c: AddHoliday, actor: Actor, expected: int | None) -> Recorded:
        authorize(actor, Action.MANAGE_CALENDAR)
        by = c.stamp(actor)
        if self.exists(holidays_id()):
            record = self.load(CabinetHolidays, holidays_id(), KEY, expected, for_change=True)
        else:
            record = CabinetHolidays.start(**by)
        record.add(day=c.day, name=c.name, source=c.source, **by)
        return self.record(record, key=KEY)

    @handles(WithdrawHoliday)
    def _withdraw_holiday(self, c: WithdrawHoliday, actor: Actor, expected: int | None) -> Recorded:
        authorize(actor, Action.MANAGE_CALENDAR)
        record = self.load(CabinetHolidays, holidays_id(), KEY, expected, for_change=True)
        record.withdraw(day=c.day, reason=c.reason, **c.stamp(actor))
        return self.record(record, key=KEY)

    @handles(SetReportingCalendar)
    def _set_reporting_calendar(
        self, c: SetReportingCalendar, actor: Actor, _expected: int | None
    ) -> Recorded:
        """DLA's reporting calendar of a fiscal year (its rules replace the last ones)."""
        authorize(actor, Action.MANAGE_CALENDAR)
        by = c.stamp(actor)
        key = str(c.fiscal_year)
        record_id = reporting_calendar_id(c.fiscal_year)
        if self.exists(record_id):
            record = self.load(ReportingCalendar, record_id, key, for_change=True)
        else:
            record = ReportingCalendar.for_year(fiscal_year=c.fiscal_year, **by)
        record.set(rules=c.rules, source=c.source, **by)
        return self.record(record, key=key)

    def reporting_rules(self, fiscal_year: int) -> list[ReportDueRule]:
        if not self.exists(reporting_calendar_id(fiscal_year)):
            return []
        key = str(fiscal_year)
        return self.load(ReportingCalendar, reporting_calendar_id(fiscal_year), key).rules

    def cabinet_holidays(self) -> dict[date, str]:
        """Every extra holiday recorded so far, by day, with its name."""
        if not self.exists(holidays_id()):
            return {}
        return dict(self.load(CabinetHolidays, holidays_id(), KEY).days)

    def working_calendar(self) -> WorkingCalendar:
        """Thai working days with every extra holiday recorded so far."""
        return WorkingCalendar.with_extra(self.cabinet_holidays())
