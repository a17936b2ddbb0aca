"""No fact recorded before it happened (issue 13, item 5): the rule the doors people type
into (the API, the pages' forms) apply to a command before the office runs it.

- A business date, and every other date that says when something happened (a council's
  resolution, an ordinance, a public hearing's end, a stage's corrected date), is no later
  than today in Thailand: there is no margin, since nothing in the law lets a fact be
  recorded before it happens. Planning ahead is carried by dates that are not facts and
  are not limited here: a carry-over's deadline, an installment's due date.
- A progress report's period has started: one cannot report on a month to come (MoI
  regulation on LAO budget methods B.E. 2563: progress is reported on periods passed).

The demo, the benchmarks and the importers' own tests record whole years at once with
their own dates; the doors use the service's today (`Settings.today`, else the date in
Thailand).
"""

from __future__ import annotations

from datetime import date

import msgspec

from budget.domain.errors import DateAfterToday, PeriodNotStarted
from budget.domain.fiscal import ReportingPeriod

# The fields that say when something happened, with their Thai names.
HAPPENED = {
    "business_date": "วันที่ตามเอกสาร",
    "approved_on": "วันที่สภาอนุมัติ",
    "ordinance_date": "วันที่ประกาศข้อบัญญัติ",
    "public_hearing_ended_on": "วันสิ้นสุดการรับฟังความคิดเห็น",
    "corrected_date": "วันที่ที่แก้ไข",
}


def check_dates(command: object, today: date) -> None:
    """Refuse a command dated after `today`, or a report on a period not yet begun."""
    for name in getattr(command, "__struct_fields__", ()):
        value = getattr(command, name)
        if isinstance(value, msgspec.Struct):
            check_dates(value, today)
        elif name in HAPPENED and isinstance(value, date) and value > today:
            raise DateAfterToday(field=name, field_th=HAPPENED[name], date=value, today=today)
    period = getattr(command, "period", None)
    if isinstance(period, str):
        starts_on = ReportingPeriod.parse(period).date_range[0]
        if starts_on > today:
            raise PeriodNotStarted(period=period, starts_on=starts_on)
