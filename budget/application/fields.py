"""Field types of the commands (and of the API's query parameters): bounded, so
nothing a door lets in can overflow a view's column or poison a projection.

msgspec checks lengths and patterns while decoding (an API's 400 naming the field, a
form's or a workbook's message beside the field). Bounds on Decimal and on dates are
checked in `__post_init__` (msgspec's own bounds on a Decimal fail with a 500): see
:func:`check_amount`, :func:`check_day` and :func:`check_fields`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import msgspec

NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # tabs and line breaks are fine
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"

Text = Annotated[str, msgspec.Meta(max_length=4000, pattern=NO_CONTROL)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=ONE_LINE)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=ONE_LINE)]
ShortCode = Annotated[str, msgspec.Meta(min_length=1, max_length=20, pattern=ONE_LINE)]
Username = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=ONE_LINE)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
FiscalYearBE = Annotated[int, msgspec.Meta(ge=2500, le=2700, description="B.E., e.g. 2570")]
Version = Annotated[int, msgspec.Meta(ge=1, le=1_000_000_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
Number = Annotated[int, msgspec.Meta(ge=1, le=10_000)]

MAX_AMOUNT = Decimal("1000000000000.00")  # a trillion baht: more than any LAO's year
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2200, 12, 31)


def check_amount(name: str, value: Decimal) -> None:
    """A finite amount of at most a trillion baht (the domain checks sign and satang)."""
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        msg = f"{name}: an amount must be a number of at most {MAX_AMOUNT:,} baht"
        raise ValueError(msg)


def check_day(name: str, value: date | None) -> None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        msg = f"{name}: a date must fall between {FIRST_DAY} and {LAST_DAY}"
        raise ValueError(msg)


def check_fields(struct: msgspec.Struct) -> None:
    """Every amount and every date of a Struct's own fields within its bounds (nested
    Structs check theirs when they are built)."""
    for name in struct.__struct_fields__:
        value = getattr(struct, name)
        if isinstance(value, Decimal):
            check_amount(name, value)
        elif isinstance(value, date):
            check_day(name, value)
