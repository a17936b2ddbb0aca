"""A row of a workbook's sheet as a command: read by the one reader of typed text
(budget.application.from_text), dated by its sheet's date column."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

import msgspec

from budget.application.commands import CouncilApprovalIn
from budget.application.from_text import REQUIRED, Checker
from budget.imports.sheets import DATE_COLUMN

D = TypeVar("D", bound=msgspec.Struct)  # a command with a business_date


def dated(checker: Checker, column: str) -> None:
    """A row's date is required (the commands' own business date may be left out)."""
    if not checker.values.get(column):
        checker.fail(column, *REQUIRED)


def dated_command(
    checker: Checker, sheet: str, kind: type[D], given: Mapping[str, Any] | None = None
) -> tuple[D, date] | None:
    """The row's command of `kind` with its business date, the sheet's date column, which
    the row must fill: None while a cell is wrong."""
    column = DATE_COLUMN[sheet]
    command = checker.command(kind, given=given, names={"business_date": column})
    dated(checker, column)
    on = getattr(command, "business_date", None)
    return None if command is None or on is None else (command, on)


def council_approval(checker: Checker) -> CouncilApprovalIn | None:
    """The council's approval in a row's COUNCIL columns (sheets.py): its resolution, and
    the day it was approved, required with a resolution; None without one."""
    resolution = checker.text("council_resolution", required=False, limit=500)
    approved_on = checker.day("council_approved_on", required=bool(resolution))
    if not resolution or approved_on is None:
        return None
    return CouncilApprovalIn(resolution=resolution, approved_on=approved_on)
