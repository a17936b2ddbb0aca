"""Commands of the calendar: the extra holidays the cabinet announces, which a DLA
administrator records (and withdraws, with a reason, when one was wrong); and the
reporting calendar of a fiscal year (when each kind of progress report is due)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from budget.application.commands.base import Command, Dated
from budget.application.fields import FiscalYearBE, Name, Text
from budget.domain.reporting import ReportDueRule


class HolidayIn(Dated, kw_only=True, frozen=True):
    """A day the cabinet made a holiday (วันหยุดราชการเพิ่มเติม), and its resolution."""

    day: date
    name: Name
    source: Name


class AddHoliday(HolidayIn, Command, kw_only=True, frozen=True):
    pass


class HolidayWithdrawalIn(Dated, kw_only=True, frozen=True):
    reason: Text


class WithdrawHoliday(HolidayWithdrawalIn, Command, kw_only=True, frozen=True):
    day: date


class ReportingCalendarIn(Dated, kw_only=True, frozen=True):
    """When each kind of progress report is due (`M` monthly, `Q` quarterly): so many
    days after its period ends; `source` names DLA's letter."""

    rules: Annotated[list[ReportDueRule], msgspec.Meta(max_length=2)]
    source: Text


class SetReportingCalendar(ReportingCalendarIn, Command, kw_only=True, frozen=True):
    fiscal_year: FiscalYearBE
