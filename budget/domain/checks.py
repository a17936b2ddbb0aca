"""The checks every rule makes of what it is given, beside the errors they raise
(errors.py): a reason that says why, a text the rule needs, an amount above zero."""

from __future__ import annotations

from decimal import Decimal

from budget.domain.errors import InvalidInput, ReasonRequired


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


def check_positive(amount: Decimal, *, problem: str, problem_th: str) -> None:
    """An amount the rule needs above zero (a payment, a transfer, a contract): refused
    with `problem` (in English and Thai) when zero or less."""
    if amount <= 0:
        raise InvalidInput(problem=problem, problem_th=problem_th)
