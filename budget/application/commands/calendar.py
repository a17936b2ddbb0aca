"""Commands of the calendar of working days: the extra holidays the cabinet announces,
which a DLA administrator records (and withdraws, with a reason, when one was wrong)."""

from __future__ import annotations

from datetime import date

from budget.application.commands.base import Command, Dated
from budget.application.fields import Name, Text


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
