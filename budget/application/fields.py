"""Field types of the commands (and of the API's query parameters): bounded, so
nothing a door lets in can overflow a view's column or poison a projection.

msgspec checks lengths and patterns while decoding (an API's 400 naming the field, a
form's or a workbook's message beside the field). Bounds on Decimal and on dates are
checked in `__post_init__` (msgspec's own bounds on a Decimal fail with a 500): see
:func:`check_amount`, :func:`check_day` and :func:`check_fields`. Money has one strict
parser for every door, :func:`decode_money` (issue 13).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
from msgspec.structs import force_setattr

from budget.domain.access import NOTE_LENGTH

NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # tabs and line breaks are fine
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"

Text = Annotated[str, msgspec.Meta(max_length=4000, pattern=NO_CONTROL)]
Note = Annotated[
    str,
    msgspec.Meta(
        max_length=NOTE_LENGTH,
        pattern=ONE_LINE,
        description="Why, in a line: kept on the event (its actor's note) and shown in the history",
    ),
]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=ONE_LINE)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=ONE_LINE)]
OptionalName = Annotated[str, msgspec.Meta(max_length=500, pattern=ONE_LINE)]
ShortCode = Annotated[str, msgspec.Meta(min_length=1, max_length=20, pattern=ONE_LINE)]
Username = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=ONE_LINE)]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
FiscalYearBE = Annotated[int, msgspec.Meta(ge=2500, le=2700, description="B.E., e.g. 2570")]
Version = Annotated[int, msgspec.Meta(ge=1, le=1_000_000_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
Number = Annotated[int, msgspec.Meta(ge=1, le=10_000)]

MAX_AMOUNT = Decimal("1000000000000.00")  # a trillion baht: more than any LAO's year
# An amount as every door takes it: ASCII digits, at most two decimals, no sign (no amount a
# person gives is negative: a correction states the right amount, a transfer its direction).
MONEY_PATTERN = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"
MONEY_EXAMPLE = "1234567.50"
_MONEY = re.compile(MONEY_PATTERN)


class MoneyText(Decimal):
    """The type of a money field (see :data:`Money`): it exists only while a Struct is
    decoded, :func:`decode_money` making it from the text, `__post_init__` turning it
    into the plain Decimal the command holds."""

    __slots__ = ()


if TYPE_CHECKING:  # what a command holds once built, and what the demo gives it
    Money = Decimal
else:  # what msgspec decodes through decode_money (its dec_hook, Litestar's type decoder)
    Money = MoneyText


def decode_money(kind: type, value: Any) -> Any:
    """msgspec's `dec_hook` for :data:`Money`: the one strict parser of amounts. The
    JSON API gives it the body's value, the forms and workbooks the text they cleaned
    (budget.application.from_text.parse_amount). A JSON number, spaces, a sign, an
    exponent, an underscore, Thai or full-width digits, more than two decimals: refused."""
    if kind is not MoneyText:
        msg = f"{kind!r} is not decoded here"
        raise NotImplementedError(msg)
    if isinstance(value, MoneyText):  # read from text by this function already
        return value
    if not isinstance(value, str) or _MONEY.fullmatch(value) is None:
        msg = 'an amount is a string of digits with at most two decimals, e.g. "1234.50"'
        raise ValueError(msg)
    return MoneyText(value)


def is_money(kind: Any) -> bool:
    return kind is MoneyText


FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2200, 12, 31)


def check_amount(name: str, value: Decimal) -> None:
    """A finite amount of at most a trillion baht (the domain checks sign and satang)."""
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        msg = f"{name}: an amount must be a number of at most {MAX_AMOUNT:,} baht"
        raise ValueError(msg)


def check_once_each(name: str, keys: Sequence[Hashable], key: str) -> None:
    """A list of one entry per key (a supplementary budget's additions per line, an
    estimate per revenue category) names each `key` once."""
    if len(set(keys)) != len(keys):
        msg = f"{name}: {key} may appear once"
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
        if isinstance(value, MoneyText):  # decoded: the command holds a plain Decimal
            value = Decimal(value)
            force_setattr(struct, name, value)
        if isinstance(value, Decimal):
            check_amount(name, value)
        elif isinstance(value, date):
            check_day(name, value)
