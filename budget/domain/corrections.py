"""Correcting a recorded amount: a later, reasoned event names the entry it corrects and
gives the amount it should have had (0 voids it). The same rule for a project's payment
and for a budget's expenditure without a project."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Protocol, TypedDict, TypeVar

from budget.domain.checks import check_reason
from budget.domain.errors import EventNotCorrectable
from budget.domain.money import baht


class Amounted(Protocol):
    @property
    def amount(self) -> Decimal: ...


E = TypeVar("E", bound=Amounted)


class Correction(TypedDict):
    """What every correction of an amount records, before who and when: the version it
    corrects, the amount that entry had, the amount it should have had and why."""

    corrects_version: int
    old_amount: Decimal
    amount: Decimal
    reason: str


def correction(
    entries: Mapping[int, E],
    corrects_version: int,
    amount: Decimal,
    reason: str,
    *,
    not_one: tuple[str, str],
) -> tuple[E, Correction]:
    """The entry recorded by `corrects_version` and the correction's fields (the amount in
    baht, the reason stripped); refused without a reason, when that version recorded no
    such entry (`not_one`: the problem in Thai and English) or the amount would not
    change."""
    check_reason(reason)
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
    return entry, Correction(
        corrects_version=corrects_version,
        old_amount=entry.amount,
        amount=amount,
        reason=reason.strip(),
    )
