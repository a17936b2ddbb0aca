"""Thai first, English on request: how the pages show dates, amounts and the domain's
codes (B.E. dates with Thai month names, amounts with separators; the words for the
codes are budget.wording's, shared with the PDFs).

The language is the `lang` cookie (`th` unless it says `en`); `/language/en` sets it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from budget.domain.calendar import BANGKOK
from budget.domain.fiscal import BE_OFFSET, THAI_MONTHS_LONG
from budget.wording import (
    EN_MONTHS,
    day_said,
    deadline_name,
    event_name,
    goes_to_name,
    group_name,
    method_name,
    period_name,
    revenue_group_name,
    revenue_name,
    role_name,
    source_name,
    stage_name,
    standing_name,
    status_name,
    type_name,
)
from budget.wording_contracts import amendment_name

LANG_COOKIE = "lang"
LANGS = ("th", "en")


def lang_of(cookies: dict[str, str]) -> str:
    return "en" if cookies.get(LANG_COOKIE) == "en" else "th"


def thai_date(day: date | None, lang: str = "th", *, long: bool = False) -> str:
    """`22 พ.ย. 2569` (B.E.), `22 พฤศจิกายน 2569`; in English `22 Nov 2026`."""
    if day is None:
        return "–"
    if isinstance(day, datetime):
        day = day.astimezone(BANGKOK).date() if day.tzinfo else day.date()
    return day_said(day, lang, long=long)


def thai_moment(moment: datetime | None, lang: str = "th") -> str:
    """A recorded moment in Bangkok time: `22 พ.ย. 2569 14:05:09 น.`."""
    if moment is None:
        return "–"
    local = moment.astimezone(BANGKOK)
    clock = local.strftime("%H:%M:%S")
    return f"{thai_date(local.date(), lang)} {clock}" + ("" if lang == "en" else " น.")


def date_field(day: date | None) -> str:
    """A date as the forms take it: `23/11/2569` (day/month/B.E. year)."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"


def month_name(day: date | None, lang: str = "th") -> str:
    """A month: `ตุลาคม 2569` (B.E.); in English `Oct 2026`."""
    if day is None:
        return "–"
    if lang == "en":
        return f"{EN_MONTHS[day.month - 1]} {day.year}"
    return f"{THAI_MONTHS_LONG[day.month - 1]} {day.year + BE_OFFSET}"


def money(amount: Decimal | int | None) -> str:
    """`1,234,567.89` (none: a dash)."""
    if amount is None:
        return "–"
    return f"{Decimal(amount):,.2f}"


def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):,.1f}%"


def size_band_name(band: str, lang: str = "th") -> str:
    """A peer group's budget size: `20m-50m` → `งบ 20–50 ล้านบาท`."""
    low, _, high = band.removesuffix("+").partition("-")
    low, high = low.removesuffix("m"), high.removesuffix("m")
    if not low.isdigit() or (high and not high.isdigit()):
        return band
    if lang == "en":
        return f"{low}–{high} million baht" if high else f"{int(low):,} million baht and more"
    if not high:
        return f"งบ {int(low):,} ล้านบาทขึ้นไป"
    return f"งบไม่เกิน {high} ล้านบาท" if low == "0" else f"งบ {low}–{int(high):,} ล้านบาท"


def filters() -> dict[str, Any]:
    """The Jinja filters: `{{ day|thai_date(lang) }}`, `{{ amount|money }}`, ..."""
    return {
        "thai_date": thai_date,
        "thai_moment": thai_moment,
        "date_field": date_field,
        "money": money,
        "month_name": month_name,
        "percent": percent,
        "stage_name": stage_name,
        "amendment_name": amendment_name,
        "method_name": method_name,
        "group_name": group_name,
        "type_name": type_name,
        "status_name": status_name,
        "period_name": period_name,
        "event_name": event_name,
        "size_band_name": size_band_name,
        "deadline_name": deadline_name,
        "standing_name": standing_name,
        "source_name": source_name,
        "goes_to_name": goes_to_name,
        "revenue_name": revenue_name,
        "revenue_group_name": revenue_group_name,
    }


__all__ = [
    "LANGS",
    "LANG_COOKIE",
    "date_field",
    "event_name",
    "filters",
    "group_name",
    "lang_of",
    "method_name",
    "money",
    "percent",
    "period_name",
    "role_name",
    "size_band_name",
    "stage_name",
    "status_name",
    "thai_date",
    "thai_moment",
    "type_name",
]
