"""CabinetHolidays: the extra days off the cabinet announces (วันหยุดราชการเพิ่มเติม), which
the `holidays` package cannot know in advance. A DLA administrator records each, with the
cabinet resolution it comes from; every deadline counted in working days skips them.

One record for the whole country (its id from a fixed natural key). A day announced in
error is withdrawn by a later, reasoned event, never deleted.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.calendar import WorkingCalendar, is_public_holiday
from budget.domain.checks import check_reason
from budget.domain.errors import HolidayAlreadyRecorded, InvalidInput, NotAWorkingDay
from budget.domain.ids import holidays_id


class CabinetHolidays(Aggregate):
    @staticmethod
    def create_id() -> UUID:
        return holidays_id()

    @event("Created")
    def __init__(self, *, actor: Actor, business_date: date) -> None:
        self.days: dict[date, str] = {}  # day -> its name

    @classmethod
    def start(cls, *, actor: Actor, business_date: date) -> CabinetHolidays:
        created: CabinetHolidays = cls(actor=actor, business_date=business_date)
        return created

    def add(self, *, day: date, name: str, source: str, actor: Actor, business_date: date) -> None:
        """A day the cabinet made a holiday; `source` names its resolution (มติ ครม.)."""
        if not name.strip() or not source.strip():
            raise InvalidInput(
                problem="a holiday needs its name and the cabinet resolution",
                problem_th="ต้องระบุชื่อวันหยุดและมติคณะรัฐมนตรี",
            )
        if day in self.days:
            raise HolidayAlreadyRecorded(day=day.isoformat())
        if day.weekday() >= 5 or is_public_holiday(day):
            raise NotAWorkingDay(day=day.isoformat())
        self._added(
            day=day,
            name=name.strip(),
            source=source.strip(),
            actor=actor,
            business_date=business_date,
        )

    @event("HolidayAdded")
    def _added(self, day: date, name: str, source: str, actor: Actor, business_date: date) -> None:
        self.days[day] = name

    def withdraw(self, *, day: date, reason: str, actor: Actor, business_date: date) -> None:
        """A day recorded in error (or a resolution revoked) is a working day again."""
        check_reason(reason)
        if day not in self.days:
            raise InvalidInput(
                problem=f"{day.isoformat()} is not a recorded extra holiday",
                problem_th=f"วันที่ {day.isoformat()} ไม่ได้บันทึกเป็นวันหยุดเพิ่มเติม",
            )
        self._withdrawn(day=day, reason=reason.strip(), actor=actor, business_date=business_date)

    @event("HolidayWithdrawn")
    def _withdrawn(self, day: date, reason: str, actor: Actor, business_date: date) -> None:
        del self.days[day]

    @property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar.with_extra(self.days)
