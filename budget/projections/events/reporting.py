"""The ReportingCalendar events as the deadlines projection reads them
(budget/domain/reporting.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.reporting import ReportingCalendar
from budget.projections.events.wire import Event, Member, Valued, topics_of


class ReportDueRule(Struct, frozen=True, gc=False):
    kind: Member
    days: int
    counting: Member


class ReportingCalendarSet(Event, frozen=True, gc=False):
    rules: list[Valued[ReportDueRule]]
    source: str


TOPICS = topics_of(ReportingCalendar, ReportingCalendarSet)
