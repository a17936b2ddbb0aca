"""Correcting a recorded amount: a later, reasoned event names the entry it corrects and
gives the amount it should have had (0 voids it). The same rule for a project's payment
and for a budget's expenditure without a project."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Protocol, TypeVar

from budget.domain.errors import EventNotCorrectable
from budget.domain.money import baht


class Amounted(Protocol):
    @property
    def amount(self) -> Decimal: ...


E = TypeVar("E", bound=Amounted)


def entry_to_correct(
    entries: Mapping[int, E],
    corrects_version: int,
    amount: Decimal,
    *,
    not_one: tuple[str, str],
) -> tuple[E, Decimal]:
    """The entry recorded by `corrects_version` and its corrected amount in baht; refused
    when that version recorded no such entry (`not_one`: the problem in Thai and English)
    or the amount would not change."""
    entry = entries.get(corrects_version)
    if entry is None:
        raise EventNotCorrectable(
            version=corrects_version, problem=not_one[1], problem_th=not_one[0]
        )
    amount = baht(amount)
    if amount == entry.amount:
        raise EventNotCorrectable(
            version=corrects_version,
            problem="the amount is the same",
            problem_th="จำนวนเงินเท่าเดิม",
        )
    return entry, amount
