"""Annual budgets of an LAO: read with their lines' balances, drafted, enacted; and the
projects planned on them."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response
from litestar.di import NamedDependency

from budget.application import Recorded
from budget.application.commands import (
    DraftBudget,
    EnactBudget,
    PlanProject,
)
from budget.domain.access import Action
from budget.domain.errors import BudgetNotFound
from budget.domain.ids import budget_id
from budget.exports.answers import line_tables
from budget.http.exports import EXPORTS, Export
from budget.http.guards import services_of
from budget.http.params import BUDGET, LAO, FiscalYearPath, LaoCodePath
from budget.http.routing import action, command_write, reads
from budget.http.sessions import Session
from budget.http.writes import WRITE, etag
from budget.projections import queries
from budget.projections.queries import BudgetHeader, LineBalance


class Budget(msgspec.Struct, kw_only=True):
    """An annual budget: its version (the ETag), its state and its lines' balances as
    the views hold them."""

    lao_code: str
    fiscal_year: int
    version: int
    state: BudgetHeader | None
    lines: list[LineBalance]


ENTER = action(Action.ENTER_BUDGET)


def budget_at(command: DraftBudget, _: Recorded) -> str:
    """Where a budget drafted is read."""
    return f"/api/authorities/{command.lao_code}/budgets/{command.fiscal_year}"


def project_at(_: PlanProject, recorded: Recorded) -> str:
    """Where a project planned is read."""
    return f"/api/projects/{recorded.id}"


class BudgetRoutes(Controller):
    """Where one annual budget's routes are, with their tag and the writes' dependencies:
    the controller of each module of a budget's changes derives from it (changes.py,
    funding.py)."""

    path = "/api/authorities/{lao_code:str}/budgets/{fiscal_year:int}"
    tags = ["budgets"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE


class BudgetsController(Controller):
    path = "/api/authorities/{lao_code:str}/budgets"
    tags = ["budgets"]  # noqa: RUF012 - Litestar's own attribute

    @reads(
        "/{fiscal_year:int}", "getBudget", action(Action.READ), exported=True, dependencies=EXPORTS
    )
    def get_budget(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        export: NamedDependency[Export],
    ) -> Response[Budget]:
        """The budget of an LAO for a fiscal year, with each line's balances."""
        services = services_of(request)
        version = services.version_of(budget_id(lao_code, fiscal_year))
        if version is None:
            raise BudgetNotFound(lao=lao_code, fiscal_year=fiscal_year)
        with services.read() as connection:
            body = Budget(
                lao_code=lao_code,
                fiscal_year=fiscal_year,
                version=version,
                state=queries.budget_header(connection, lao_code, fiscal_year),
                lines=queries.budget_lines(connection, lao_code, fiscal_year),
            )
        name = f"budget-{lao_code}-{fiscal_year}"
        return export.answer(body, line_tables, name, headers={"ETag": etag(version)})

    @command_write("/", "draftBudget", ENTER, DraftBudget, at=LAO, created=budget_at)
    def draft_budget() -> None:
        """Draft the year's budget with its lines (ร่างข้อบัญญัติ)."""

    @command_write(
        "/{fiscal_year:int}/enactment",
        "enactBudget",
        ENTER,
        EnactBudget,
        at=BUDGET,
        dependencies=WRITE,
    )
    def enact_budget() -> None:
        """Record the budget's enactment (ประกาศใช้ข้อบัญญัติ); If-Match: the budget's version.
        `approver` is the office that approved it: the district chief (`district_chief`)
        for an SAO, the governor (`governor`) for a municipality, a PAO or Pattaya, the
        Governor of Bangkok (`bma_governor`) for the BMA; left out, the one the law names
        for the LAO's type is recorded; another one is refused (422
        `wrong_ordinance_approver`)."""

    @command_write(
        "/{fiscal_year:int}/projects",
        "planProject",
        action(Action.ENTER_PROJECT),
        PlanProject,
        at=BUDGET,
        created=project_at,
    )
    def plan_project() -> None:
        """Plan a project on a line of the enacted budget; its money is set aside."""
