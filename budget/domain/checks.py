"""The checks every rule makes of what it is given, beside the errors they raise
(errors.py): a reason that says why, a text the rule needs, an amount above zero, a
date not before the fact it follows, a list that names each of its keys once."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from decimal import Decimal

from budget.domain.errors import DateBeforePreviousStage, InvalidInput, ReasonRequired
from budget.domain.money import baht


def check_reason(reason: str) -> None:
    """A correction, a cancellation or a withdrawal says why; a blank reason is none."""
    if not reason.strip():
        raise ReasonRequired()


def check_given(text: str, *, problem: str, problem_th: str) -> str:
    """A text the rule needs (a voucher, a letter, who approved): refused with `problem`
    (in English and Thai) when blank; else the text without its surrounding spaces."""
    if not text.strip():
        raise InvalidInput(problem=problem, problem_th=problem_th)
    return text.strip()


def check_positive(amount: Decimal, *, problem: str, problem_th: str) -> Decimal:
    """An amount the rule needs above zero (a payment, a transfer, a contract): refused
    with `problem` (in English and Thai) when zero or less; else the amount in baht
    (money.baht: exact, to the satang, never a float)."""
    amount = baht(amount)
    if amount <= 0:
        raise InvalidInput(problem=problem, problem_th=problem_th)
    return amount


def check_once_each(keys: Sequence[Hashable], *, problem: str, problem_th: str) -> None:
    """A list that sets one thing per key (a year's target per quarter and budget group, a
    due rule per kind of report) names each key once: refused with `problem` (in English
    and Thai) when one comes twice."""
    if len(set(keys)) != len(keys):
        raise InvalidInput(problem=problem, problem_th=problem_th)


def check_not_before(day: date, previous: date) -> None:
    """A fact is never dated before the fact it follows (a step after the step before it,
    an inspection after the contract, a payment after its inspection): refused with
    DateBeforePreviousStage."""
    if day < previous:
        raise DateBeforePreviousStage(date=day, previous=previous)
