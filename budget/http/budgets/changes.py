"""An annual budget's changes: a line added to the draft; after enactment, transfers
between lines, supplementary budgets, spending straight from a line (and its
corrections); the year's closing. Carry-over belongs to a project's money: see
budget.http.project_changes.

Every write is a POST on a sub-resource of the budget and takes `If-Match` with the
budget's version (the ETag of GET .../budgets/{fiscal_year}).
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from budget.application.commands import (
    AddDraftLine,
    AddSupplementaryBudget,
    CloseYear,
    CorrectExpenditure,
    DraftLineIn,
    ExpenditureCorrectionIn,
    ExpenditureIn,
    RecordExpenditure,
    SupplementaryIn,
    TransferFunds,
    TransferIn,
    YearClosingIn,
)
from budget.domain.access import Action
from budget.http.params import FiscalYearPath, LaoCodePath
from budget.http.routing import action, writes
from budget.http.writes import MOVES_MONEY, WRITE, Writer, Written

ENTER = action(Action.ENTER_BUDGET)
ExpenditureVersion = Annotated[
    int,
    PathParameter(
        ge=1, le=10**9, description="the budget's version the expenditure was recorded as"
    ),
]


class BudgetChangesController(Controller):
    path = "/api/authorities/{lao_code:str}/budgets/{fiscal_year:int}"
    tags = ["budgets"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @writes("/lines", "addDraftLine", ENTER)
    def add_line(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[DraftLineIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Add a line to the budget while it is still a draft."""
        return writer.execute(
            data, AddDraftLine.of(data, lao_code=lao_code, fiscal_year=fiscal_year)
        )

    @writes(
        "/transfers", "transferFunds", action(Action.APPROVE_TRANSFER), dependencies=MOVES_MONEY
    )
    def transfer(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[TransferIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Transfer money between lines (โอนงบประมาณ), approved by the LAO's executive;
        an investment transfer that changes an item needs the council's approval."""
        return writer.execute(
            data, TransferFunds.of(data, lao_code=lao_code, fiscal_year=fiscal_year)
        )

    @writes("/supplementary-budgets", "enactSupplementaryBudget", ENTER)
    def supplement(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[SupplementaryIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Record a supplementary budget (งบประมาณรายจ่ายเพิ่มเติม): money added to lines,
        and new lines."""
        return writer.execute(
            data, AddSupplementaryBudget.of(data, lao_code=lao_code, fiscal_year=fiscal_year)
        )

    @writes("/expenditures", "recordExpenditure", ENTER, dependencies=MOVES_MONEY)
    def spend(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[ExpenditureIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Pay straight from a line, without a project; the version is the expenditure's
        number (for its corrections)."""
        return writer.execute(
            data, RecordExpenditure.of(data, lao_code=lao_code, fiscal_year=fiscal_year)
        )

    @writes(
        "/expenditures/{expenditure_version:int}/corrections",
        "correctExpenditure",
        ENTER,
        dependencies=MOVES_MONEY,
    )
    def correct_spending(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        expenditure_version: ExpenditureVersion,
        data: JSONBody[ExpenditureCorrectionIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Correct a recorded expenditure's amount, with the reason (nothing is edited)."""
        command = CorrectExpenditure.of(
            data, lao_code=lao_code, fiscal_year=fiscal_year, corrects_version=expenditure_version
        )
        return writer.execute(data, command)

    @writes("/closing", "closeBudgetYear", ENTER)
    def close_year(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[YearClosingIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Close the fiscal year (after 30 September): money neither paid nor carried over
        lapses, line by line."""
        return writer.execute(data, CloseYear.of(data, lao_code=lao_code, fiscal_year=fiscal_year))
