"""An annual budget's changes: a line added to the draft; after enactment, transfers
between lines, supplementary budgets, spending straight from a line (and its
corrections); the year's closing. Carry-over belongs to a project's money: see
budget.http.project_changes.

Every write is a POST on a sub-resource of the budget and takes `If-Match` with the
budget's version (the ETag of GET .../budgets/{fiscal_year}).
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter

from budget.application.commands import (
    AddDraftLine,
    AddSupplementaryBudget,
    CloseYear,
    CorrectExpenditure,
    RecordExpenditure,
    ReportTransfer,
    TransferFunds,
)
from budget.domain.access import Action
from budget.http.budgets.routes import ENTER, BudgetRoutes
from budget.http.params import BUDGET
from budget.http.routing import action, command_write
from budget.http.writes import MOVES_MONEY

ExpenditureVersion = Annotated[
    int,
    PathParameter(
        ge=1, le=10**9, description="the budget's version the expenditure was recorded as"
    ),
]


class BudgetChangesController(BudgetRoutes):
    @command_write("/lines", "addDraftLine", ENTER, AddDraftLine, at=BUDGET)
    def add_line() -> None:
        """Add a line to the budget while it is still a draft."""

    @command_write(
        "/transfers",
        "transferFunds",
        action(Action.APPROVE_TRANSFER),
        TransferFunds,
        at=BUDGET,
        dependencies=MOVES_MONEY,
    )
    def transfer() -> None:
        """Transfer money between lines (โอนงบประมาณ), approved by the LAO's executive;
        an investment transfer that changes an item needs the council's approval."""

    @command_write("/transfers/reports", "reportTransfer", ENTER, ReportTransfer, at=BUDGET)
    def report_transfer() -> None:
        """Record that the transfer of version `transfer_version` was reported to the
        governor (or district chief), with the letter: it meets that transfer's 15-day
        deadline (GET .../deadlines)."""

    @command_write(
        "/supplementary-budgets",
        "enactSupplementaryBudget",
        ENTER,
        AddSupplementaryBudget,
        at=BUDGET,
    )
    def supplement() -> None:
        """Record a supplementary budget (งบประมาณรายจ่ายเพิ่มเติม): money added to lines,
        and new lines."""

    @command_write(
        "/expenditures",
        "recordExpenditure",
        ENTER,
        RecordExpenditure,
        at=BUDGET,
        dependencies=MOVES_MONEY,
    )
    def spend() -> None:
        """Pay straight from a line, without a project; the version is the expenditure's
        number (for its corrections)."""

    @command_write(
        "/expenditures/{expenditure_version:int}/corrections",
        "correctExpenditure",
        ENTER,
        CorrectExpenditure,
        at={**BUDGET, "expenditure_version": ExpenditureVersion},
        fields={"expenditure_version": "corrects_version"},
        dependencies=MOVES_MONEY,
    )
    def correct_spending() -> None:
        """Correct a recorded expenditure's amount, with the reason (nothing is edited)."""

    @command_write("/closing", "closeBudgetYear", ENTER, CloseYear, at=BUDGET)
    def close_year() -> None:
        """Close the fiscal year (after 30 September): money neither paid nor carried over
        lapses, line by line."""
