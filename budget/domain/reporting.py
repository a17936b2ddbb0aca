"""ReportingCalendar: when each kind of progress report is due, for one fiscal year, as
DLA sets it (data, never constants in code).

A rule says: a report on a month (or a quarter) is due so many days after the period
ends, counted in calendar days (a last day on a holiday moving to the next working day)
or in working days. The rules come from DLA's letters to the LAOs (the source is kept
with them); no regulation fixing these periods could be confirmed while writing this,
so none is assumed. A fiscal year with no calendar set has no report deadlines. The
year-end report is the fourth quarter's: the domain has no other kind of report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.checks import check_given, check_once_each
from budget.domain.deadlines import Counting
from budget.domain.errors import InvalidInput
from budget.domain.fiscal import FiscalYear, PeriodKind
from budget.domain.ids import reporting_calendar_id
from budget.domain.values import ValueObject

MAX_DAYS = 120


@dataclass(frozen=True, slots=True)
class ReportDueRule(ValueObject):
    """A report on a period of `kind` is due `days` days (`counting`) after it ends."""

    kind: PeriodKind
    days: int
    counting: Counting = Counting.CALENDAR

    def __post_init__(self) -> None:
        if not 1 <= self.days <= MAX_DAYS:
            raise InvalidInput(
                problem=f"a report is due 1 to {MAX_DAYS} days after its period",
                problem_th=f"กำหนดส่งรายงานต้องอยู่ระหว่าง 1 ถึง {MAX_DAYS} วันหลังสิ้นงวด",
            )
        if self.counting is Counting.FIXED:
            raise InvalidInput(
                problem="a report's due day is counted in days or working days",
                problem_th="กำหนดส่งรายงานนับเป็นวันหรือวันทำการเท่านั้น",
            )


class ReportingCalendar(Aggregate):
    @staticmethod
    def create_id(fiscal_year: int) -> UUID:
        return reporting_calendar_id(fiscal_year)

    @event("Created")
    def __init__(self, *, fiscal_year: int, actor: Actor, business_date: date) -> None:
        self.fiscal_year = fiscal_year
        self.rules: list[ReportDueRule] = []

    @classmethod
    def for_year(cls, *, fiscal_year: int, actor: Actor, business_date: date) -> ReportingCalendar:
        FiscalYear(fiscal_year)
        created: ReportingCalendar = cls(
            fiscal_year=fiscal_year, actor=actor, business_date=business_date
        )
        return created

    def set(
        self, *, rules: list[ReportDueRule], source: str, actor: Actor, business_date: date
    ) -> None:
        """Replace the year's rules; `source` names DLA's letter."""
        check_once_each(
            [rule.kind for rule in rules],
            problem="two rules for the same kind of report",
            problem_th="รายงานประเภทเดียวกันมีกำหนดส่งได้เพียงข้อเดียว",
        )
        check_given(
            source,
            problem="say where the reporting calendar comes from",
            problem_th="ต้องระบุที่มาของปฏิทินการรายงาน (หนังสือสั่งการ)",
        )
        self._set(
            rules=list(rules), source=source.strip(), actor=actor, business_date=business_date
        )

    @event("ReportingCalendarSet")
    def _set(
        self, rules: list[ReportDueRule], source: str, actor: Actor, business_date: date
    ) -> None:
        self.rules = rules
