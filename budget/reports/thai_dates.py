"""Dates, moments and periods as a Thai document prints them (Buddhist Era)."""

from __future__ import annotations

from datetime import date, datetime

from budget.domain import fiscal
from budget.domain.calendar import BANGKOK
from budget.domain.fiscal import FiscalYear
from budget.reports.thai_lines import NO_BREAK


def thai_date(day: date, *, long: bool = False) -> str:
    """`22 พ.ย. 2569` (`22 พฤศจิกายน 2569` long), never broken across lines."""
    return fiscal.thai_date(day, long=long).replace(" ", NO_BREAK)


def thai_year(fiscal_year: int) -> str:
    """`ปีงบประมาณ พ.ศ. 2570`."""
    return f"ปีงบประมาณ พ.ศ. {fiscal_year}"


def thai_moment(moment: datetime, *, long: bool = True, seconds: bool = False) -> str:
    """`22 พฤศจิกายน 2569 เวลา 14:05 น.`, in Bangkok time."""
    local = moment.astimezone(BANGKOK)
    clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    return f"{thai_date(local.date(), long=long)} เวลา{NO_BREAK}{clock}{NO_BREAK}น."


def quarter_text(fiscal_year: int, quarter: int) -> str:
    """`ไตรมาสที่ 2 (1 ม.ค. 2570 – 31 มี.ค. 2570)`."""
    start, end = FiscalYear(fiscal_year).quarter_range(quarter)
    return f"ไตรมาสที่ {quarter} ({thai_date(start)} – {thai_date(end)})"


def period_text(fiscal_year: int, quarter: int | None) -> str:
    """The period a report covers: a quarter (figures to its end) or the whole year."""
    if quarter is None:
        year = FiscalYear(fiscal_year)
        return f"ทั้งปีงบประมาณ ({thai_date(year.starts_on)} – {thai_date(year.ends_on)})"
    return quarter_text(fiscal_year, quarter)


def thai_month(day: date) -> str:
    """`ตุลาคม 2569`: the month of `day`, never broken across lines."""
    return f"{fiscal.THAI_MONTHS_LONG[day.month - 1]}{NO_BREAK}{day.year + fiscal.BE_OFFSET}"
