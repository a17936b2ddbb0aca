"""The sheets of amounts each named by a key the file and the budget share (an
expenditure's voucher, a receipt's reference): read against what the budget holds, a new
one is recorded, a changed amount corrected with the row's reason (events are never
edited), a value that differs from what was recorded reported, and what the file no
longer lists reported (never cancelled)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from budget.application.commands import (
    CorrectExpenditure,
    CorrectRevenue,
    RecordExpenditure,
    RecordRevenue,
)
from budget.imports.cells import Row

if TYPE_CHECKING:
    from budget.imports.plan import Plan


class Held(NamedTuple):
    """An amount the budget holds, by the key the sheet names it by: the version that
    recorded it (a correction names it) and the value the row must agree on."""

    version: int
    agreed: str
    amount: Decimal


class KeyedAmounts(NamedTuple):
    """A sheet of amounts each named by a key (a voucher, a reference): the command that
    records a new one, the one that corrects its amount, the key's column and the column
    whose value must agree with what was recorded (reported when it does not)."""

    sheet: str
    record: type[RecordExpenditure | RecordRevenue]
    correct: type[CorrectExpenditure | CorrectRevenue]
    key: str
    agreed: str


def amounts_by_key(
    plan: Plan, rows: list[Row], sheet: KeyedAmounts, recorded: dict[str, Held]
) -> None:
    """New ones recorded, a changed amount corrected (with the row's reason), a value
    that differs from what was recorded reported, and what the file no longer lists."""
    name = sheet.sheet
    listed = {row.cells.get(sheet.key, "") for row in rows}  # a refused row lists its key too
    for row, (command, on) in plan.dated(name, rows, sheet.record, plan.of_budget):
        key = getattr(command, sheet.key)
        known = recorded.get(key)
        if known is None:
            plan.add(name, row, on, command)
            continue
        agreed = getattr(command, sheet.agreed)
        agreed = agreed.value if isinstance(agreed, Enum) else agreed
        if agreed != known.agreed:
            plan.disagree(name, row.number, key, sheet.agreed, (agreed, known.agreed))
        if known.amount == command.amount:
            plan.present[name] += 1
            continue
        correction = sheet.correct(
            **plan.of_budget,
            corrects_version=known.version,
            amount=command.amount,
            reason=plan.reason(name, row, row.cells.get("correction_reason", "")),
            business_date=on,
        )
        plan.add(name, row, on, correction, correction=True)
    for key in sorted(set(recorded) - listed):
        plan.missing(name, key)
