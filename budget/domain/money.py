"""Money: exact Thai baht with satang, never floats."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from budget.domain.errors import InvalidAmount

SATANG = Decimal("0.01")
ZERO = Decimal("0.00")


def baht(value: Decimal | int | str) -> Decimal:
    """An exact, non-negative amount of baht with two decimal places.

    Floats are refused: they cannot hold satang exactly.
    """
    if isinstance(value, float | bool):
        raise InvalidAmount(amount=repr(value))
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidAmount(amount=repr(value)) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(SATANG):
        raise InvalidAmount(amount=str(value))
    return amount.quantize(SATANG)


def total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def format_baht(amount: Decimal) -> str:
    """`1,234,567.89` as Thai documents print it."""
    return f"{amount:,.2f}"
