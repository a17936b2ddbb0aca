"""Small deterministic draws: working days, amounts of baht, firms and tax ids.

Money is drawn as whole numbers and made Decimal at once; floats never hold baht.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from random import Random

from budget.demo.catalog import FIRM_FORMS, FIRMS
from budget.domain.calendar import is_working_day
from budget.domain.money import total

ONE_BAHT = Decimal(1)


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (unlike `hash`)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def lao_random(seed: int, lao_code: str) -> Random:
    """The random source of one LAO: its data never depends on the other LAOs'."""
    return Random(seed + stable_hash(lao_code))


def working_day(day: date) -> date:
    """The day itself if it is a Thai working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def days_after(rng: Random, day: date, low: int, high: int) -> date:
    """A working day `low`..`high` calendar days after `day` (snapped forward)."""
    return working_day(day + timedelta(days=rng.randint(low, high)))


def baht_between(rng: Random, low: int, high: int, unit: int = 1000) -> Decimal:
    """Whole baht from `low` to `high`, in multiples of `unit`."""
    high = max(high, low)
    return Decimal(rng.randint(low // unit, high // unit) * unit)


def percent_of(amount: Decimal, percent: int) -> Decimal:
    """`percent`% of `amount`, rounded down to whole baht."""
    return (amount * percent / 100).quantize(ONE_BAHT, rounding=ROUND_DOWN)


def split(amount: Decimal, weights: list[int], unit: Decimal = ONE_BAHT) -> list[Decimal]:
    """Share `amount` by `weights` in multiples of `unit`; the last part takes the rest."""
    whole = sum(weights)
    parts = [
        (amount * w / whole / unit).quantize(ONE_BAHT, rounding=ROUND_DOWN) * unit
        for w in weights[:-1]
    ]
    return [*parts, amount - total(parts)]


def firm(rng: Random, shop: bool = False) -> str:
    name = rng.choice(FIRMS)
    form = FIRM_FORMS[2] if shop else rng.choice(FIRM_FORMS[:2])
    return form.format(name)


def tax_id(rng: Random, prefix: str = "0505") -> str:
    """A 13-digit Thai juristic-person tax id with a valid check digit."""
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(12 - len(prefix)))
    checksum = sum(int(d) * (13 - i) for i, d in enumerate(digits))
    return digits + str((11 - checksum % 11) % 10)
