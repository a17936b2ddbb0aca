"""Numbers and times that people send in a page's query string or form: one parser (the
numbers read as the forms' fields are, :func:`budget.application.from_text.whole_number`).

Only ASCII digits make a number here (`str.isdigit` also takes `²` and `٣`, which `int`
then refuses), at most ten of them (a 5,000-digit number is refused before any
conversion), within the bounds the caller gives; a time is `HH:MM` on a 24-hour clock.
Anything else is a 400 page naming the field, in Thai (English for those who chose it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time

from budget.application.from_text import whole_number
from budget.http.problems import HttpProblem

CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")


def bad_value(name: str, english: str, thai: str) -> HttpProblem:
    return HttpProblem(400, "invalid_query", f"{name}: {english}", f"{name}: {thai}")


def query_number(
    params: Mapping[str, str], name: str, *, least: int, most: int, default: int | None = None
) -> int | None:
    """`params[name]` as a whole number (missing or empty: `default`); 400 otherwise."""
    raw = params.get(name, "").strip()
    if not raw:
        return default
    value = whole_number(raw, least, most)
    if value is None:
        raise bad_value(
            name,
            f"give a whole number from {least:,} to {most:,}",
            f"กรุณาระบุจำนวนเต็มตั้งแต่ {least:,} ถึง {most:,}",
        )
    return value


def query_time(params: Mapping[str, str], name: str) -> time | None:
    """`params[name]` as a time of day `HH:MM` (missing or empty: None); 400 otherwise."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    found = CLOCK.fullmatch(raw)
    if found is None or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        raise bad_value(
            name,
            "give a time of day as HH:MM, from 00:00 to 23:59",
            "กรุณาระบุเวลาเป็น ชช:นน ตั้งแต่ 00:00 ถึง 23:59",
        )
    return time(int(found.group(1)), int(found.group(2)))
