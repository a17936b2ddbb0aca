"""Fiscal years (ปีงบประมาณ), quarters and reporting periods.

A fiscal year runs from 1 October to 30 September and is named by the
Buddhist Era year in which it ends: FY 2570 runs 1 Oct 2026 – 30 Sep 2027.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from budget.domain.errors import InvalidInput
from budget.domain.values import ValueObject

BE_OFFSET = 543
FIRST_YEAR, LAST_YEAR = 2400, 2800  # the B.E. years a fiscal year may be named by
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
THAI_MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


@dataclass(frozen=True, slots=True, order=True)
class FiscalYear(ValueObject):
    """A fiscal year, by its B.E. name (e.g. 2570)."""

    be_year: int

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.be_year <= LAST_YEAR:
            raise InvalidInput(
                problem=f"fiscal year {self.be_year} is not a B.E. year",
                problem_th=f"ปีงบประมาณ {self.be_year} ไม่ใช่ปี พ.ศ.",
            )

    @classmethod
    def of(cls, day: date) -> FiscalYear:
        ce_end_year = day.year + 1 if day.month >= 10 else day.year
        return cls(ce_end_year + BE_OFFSET)

    @property
    def starts_on(self) -> date:
        return date(self.be_year - BE_OFFSET - 1, 10, 1)

    @property
    def ends_on(self) -> date:
        return date(self.be_year - BE_OFFSET, 9, 30)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def is_over_on(self, day: date) -> bool:
        """`day` is after 30 September, the year's last day: what a budget records then
        is paid from, or commits, money carried over (กันเงิน)."""
        return day > self.ends_on

    def quarter_of(self, day: date) -> int:
        """1 for Oct–Dec, 2 for Jan–Mar, 3 for Apr–Jun, 4 for Jul–Sep."""
        if not self.contains(day):
            raise InvalidInput(
                problem=f"{day} is not in fiscal year {self.be_year}",
                problem_th=f"วันที่ {day} ไม่อยู่ในปีงบประมาณ {self.be_year}",
            )
        return quarter_of(day)

    def quarter_range(self, quarter: int) -> tuple[date, date]:
        if quarter not in (1, 2, 3, 4):
            raise InvalidInput(
                problem=f"quarter {quarter} is not 1 to 4",
                problem_th=f"ไตรมาส {quarter} ต้องเป็น 1 ถึง 4",
            )
        first_month = (10, 1, 4, 7)[quarter - 1]
        year = self.be_year - BE_OFFSET - (1 if quarter == 1 else 0)
        last_day = (31, 31, 30, 30)[quarter - 1]
        return date(year, first_month, 1), date(year, first_month + 2, last_day)

    def __str__(self) -> str:
        return str(self.be_year)


def quarter_of(day: date) -> int:
    return ((day.month - 10) % 12) // 3 + 1


class PeriodKind(Enum):
    MONTH = "M"
    QUARTER = "Q"


_PERIOD = re.compile(r"^(\d{4})-(M|Q)(\d{1,2})$")


@dataclass(frozen=True, slots=True, order=True)
class ReportingPeriod(ValueObject):
    """A period an LAO reports on: a month or a quarter of a fiscal year.

    Months are numbered by the calendar (10 = October); written `2570-M10`,
    quarters `2570-Q1`.
    """

    fiscal_year: int
    kind: PeriodKind
    number: int

    def __post_init__(self) -> None:
        FiscalYear(self.fiscal_year)
        limit = 12 if self.kind is PeriodKind.MONTH else 4
        if not 1 <= self.number <= limit:
            raise InvalidInput(
                problem=f"period number {self.number} is not 1 to {limit}",
                problem_th=f"งวดรายงานที่ {self.number} ต้องอยู่ระหว่าง 1 ถึง {limit}",
            )

    @classmethod
    def parse(cls, text: str) -> ReportingPeriod:
        match = _PERIOD.match(text.strip())
        if not match:
            raise InvalidInput(
                problem=f"period {text!r} is not like 2570-Q1 or 2570-M10",
                problem_th=f"งวดรายงาน {text!r} ต้องเป็นรูปแบบ 2570-Q1 หรือ 2570-M10",
            )
        return cls(int(match[1]), PeriodKind(match[2]), int(match[3]))

    @property
    def key(self) -> str:
        return f"{self.fiscal_year}-{self.kind.value}{self.number}"

    @property
    def date_range(self) -> tuple[date, date]:
        year = FiscalYear(self.fiscal_year)
        if self.kind is PeriodKind.QUARTER:
            return year.quarter_range(self.number)
        ce_year = year.be_year - BE_OFFSET - (1 if self.number >= 10 else 0)
        start = date(ce_year, self.number, 1)
        next_month = date(ce_year + (self.number == 12), self.number % 12 + 1, 1)
        return start, date.fromordinal(next_month.toordinal() - 1)

    @property
    def ends_on(self) -> date:
        return self.date_range[1]

    def __str__(self) -> str:
        return self.key


def thai_date(day: date, *, long: bool = False) -> str:
    """`22 พ.ย. 2569`, or `22 พฤศจิกายน 2569` with long=True."""
    months = THAI_MONTHS_LONG if long else THAI_MONTHS_SHORT
    return f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"
