"""Annual budgets of an LAO: read with their lines' balances, drafted, enacted; and the
projects planned on them."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from budget.domain.access import Action, Actor
from budget.domain.errors import BudgetNotFound
from budget.domain.ids import budget_id
from budget.http.budget_bodies import BudgetDraft, Enactment, ProjectPlan
from budget.http.guards import services_of
from budget.http.params import FiscalYearPath, LaoCodePath
from budget.http.routing import PROBLEMS, WRITE_PROBLEMS, action
from budget.http.sessions import Session
from budget.http.writes import Writer, Written, etag, provide_creator, provide_writer
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


WRITE = {"writer": Provide(provide_writer, sync_to_thread=False)}
CREATE = {"writer": Provide(provide_creator, sync_to_thread=False)}


class BudgetsController(Controller):
    path = "/api/authorities/{lao_code:str}/budgets"
    tags = ["budgets"]  # noqa: RUF012 - Litestar's own attribute

    @get(
        "/{fiscal_year:int}",
        operation_id="getBudget",
        sync_to_thread=True,
        responses=PROBLEMS,
        opt=action(Action.READ),
    )
    def get_budget(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
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
        return Response(body, headers={"ETag": etag(version)})

    @post(
        "/",
        operation_id="draftBudget",
        status_code=HTTP_201_CREATED,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        dependencies=CREATE,
        opt=action(Action.ENTER_BUDGET),
    )
    def draft_budget(
        self, lao_code: LaoCodePath, data: JSONBody[BudgetDraft], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Draft the year's budget with its lines (ร่างข้อบัญญัติ)."""
        office = services_of(writer.request).office

        def command(actor: Actor, _: int | None) -> Any:
            return office.draft_budget(
                lao_code,
                data.fiscal_year,
                [line.line() for line in data.lines],
                actor=actor,
                business_date=data.business_date,
            )

        return writer.run(
            data,
            command,
            status=HTTP_201_CREATED,
            location=lambda _: f"/api/authorities/{lao_code}/budgets/{data.fiscal_year}",
        )

    @post(
        "/{fiscal_year:int}/enactment",
        operation_id="enactBudget",
        status_code=HTTP_200_OK,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        dependencies=WRITE,
        opt=action(Action.ENTER_BUDGET),
    )
    def enact_budget(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[Enactment],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Record the budget's enactment (ประกาศใช้ข้อบัญญัติ); If-Match: the budget's version."""
        office = services_of(writer.request).office
        return writer.run(
            data,
            lambda actor, expected: office.enact_budget(
                lao_code,
                fiscal_year,
                ordinance_date=data.ordinance_date,
                approved_by=data.approved_by,
                actor=actor,
                business_date=data.business_date,
                expected_version=expected,
            ),
        )

    @post(
        "/{fiscal_year:int}/projects",
        operation_id="planProject",
        status_code=HTTP_201_CREATED,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        dependencies=CREATE,
        opt=action(Action.ENTER_PROJECT),
    )
    def plan_project(
        self,
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearPath,
        data: JSONBody[ProjectPlan],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Plan a project on a line of the enacted budget; its money is set aside."""
        office = services_of(writer.request).office
        return writer.run(
            data,
            lambda actor, _: office.plan_project(
                lao_code,
                fiscal_year,
                code=data.code,
                name=data.name,
                line_code=data.line_code,
                method=data.method,
                amount=data.amount,
                method_reason=data.method_reason,
                actor=actor,
                business_date=data.business_date,
            ),
            status=HTTP_201_CREATED,
            location=lambda recorded: f"/api/projects/{recorded.id}",
        )
