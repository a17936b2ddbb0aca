"""A budget's money outside the ordinance and its revenue: a line funded by a specific
grant, accumulated funds or a loan, added after enactment; the ordinance's revenue
estimate; revenue received and its corrections; the revenue against its estimate.

Every write is a POST on a sub-resource of the budget and takes `If-Match` with the
budget's version (the ETag of GET .../budgets/{fiscal_year}), optional as for the
budget's other changes that move no money already spent.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import PathParameter

from budget.application.commands import (
    AddFundedLine,
    CorrectRevenue,
    EstimateRevenue,
    RecordRevenue,
)
from budget.domain.access import Action
from budget.domain.errors import BudgetNotFound
from budget.exports.answers import revenue_tables
from budget.http.budgets.routes import ENTER, BudgetRoutes
from budget.http.exports import EXPORTS, Export
from budget.http.guards import services_of
from budget.http.params import BUDGET, FiscalYearPath, LaoCodePath
from budget.http.routing import action, command_write, reads
from budget.http.sessions import Session
from budget.projections.queries import RevenueFigures, lao_revenue


class BudgetRevenue(msgspec.Struct, kw_only=True):
    """An LAO's revenue of a fiscal year against the ordinance's estimate."""

    lao_code: str
    fiscal_year: int
    revenue: RevenueFigures


ReceiptVersion = Annotated[
    int,
    PathParameter(ge=1, le=10**9, description="the budget's version the receipt was recorded as"),
]


class BudgetFundingController(BudgetRoutes):
    @command_write("/funded-lines", "addFundedLine", ENTER, AddFundedLine, at=BUDGET)
    def add_funded_line() -> None:
        """Add a line of money outside the ordinance to the enacted budget: a specific grant
        (`source` specific_grant, its `grantor`, `grant_unused` return or carry), accumulated
        funds or a loan (with the council's resolution), with the allocation letter or the
        resolution it comes with (`reference`)."""

    @command_write("/revenue-estimate", "estimateRevenue", ENTER, EstimateRevenue, at=BUDGET)
    def estimate() -> None:
        """Record the ordinance's revenue estimate (ประมาณการรายรับ) by category, whole: again
        while the budget is a draft; after the enactment once, if it never was."""

    @command_write("/revenue", "recordRevenue", ENTER, RecordRevenue, at=BUDGET)
    def receive() -> None:
        """Record revenue received in a category, dated inside the fiscal year, with its
        receipt's or transfer letter's reference (each once); the version is the receipt's
        number (for its corrections)."""

    @command_write(
        "/revenue/{receipt_version:int}/corrections",
        "correctRevenue",
        ENTER,
        CorrectRevenue,
        at={**BUDGET, "receipt_version": ReceiptVersion},
        fields={"receipt_version": "corrects_version"},
    )
    def correct() -> None:
        """Correct a recorded receipt's amount (0 voids it), with the reason."""

    @reads(
        "/revenue",
        "getRevenue",
        action(Action.READ),
        exported=True,
        dependencies=EXPORTS,
    )
    def revenue(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        export: NamedDependency[Export],
    ) -> Response[BudgetRevenue]:
        """Revenue collected against the ordinance's estimate: by category and by month."""
        with services_of(request).read() as connection:
            found = lao_revenue(connection, lao_code, fiscal_year)
        if found is None:
            raise BudgetNotFound(lao=lao_code, fiscal_year=fiscal_year)
        body = BudgetRevenue(lao_code=lao_code, fiscal_year=fiscal_year, revenue=found)
        return export.answer(body, revenue_tables, f"revenue-{lao_code}-{fiscal_year}")
