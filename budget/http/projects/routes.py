"""Projects: read one or an LAO's list; record each procurement step, the contract,
inspections, payments and their corrections, cancellation and closing (the bodies are
the commands' payloads, budget.application.commands).

Every write is a POST on a sub-resource of the project and takes `If-Match` with the
project's version. The steps before the contract share one resource, `/steps`, whose
body names the step reached (`"step": "plan_published"`, ...).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter, QueryParameter

from budget.application.commands import (
    CancelProject,
    CloseProject,
    CorrectionIn,
    CorrectPayment,
    InspectInstallment,
    ProcurementStep,
    RecordPayment,
    RecordProcurementStep,
    SignContract,
)
from budget.domain.access import Action
from budget.domain.errors import NotFound
from budget.exports.answers import project_tables
from budget.http.exports import EXPORTED_LIST, Export
from budget.http.guards import services_of
from budget.http.params import LaoCodePath, provide_place_filters
from budget.http.routing import action, command_write, reads, writes
from budget.http.sessions import Session
from budget.http.writes import MOVES_MONEY, WRITE, Writer, Written, etag
from budget.projections import queries
from budget.projections.queries import Filters, Page, PageRequest, ProjectDetail, ProjectRow

ENTER = action(Action.ENTER_PROJECT)
ProjectId = Annotated[UUID, PathParameter(description="the project's id")]
# The path parameter naming the project a write changes (see routing.command_write).
PROJECT = {"project_id": ProjectId}


class ProjectRoutes(Controller):
    """Where one project's routes are, with their tag and the writes' dependencies: the
    controller of each module of a project's routes derives from it (ProjectsController
    below, changes.py, and contracts.py under /contract)."""

    path = "/api/projects/{project_id:uuid}"
    tags = ["projects"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE


class ProjectsController(ProjectRoutes):
    @reads("/", "getProject", action(Action.READ))
    def get_project(
        self, request: Request[Session, str, Any], project_id: ProjectId
    ) -> Response[ProjectDetail]:
        """A project as it stands; the ETag is its version (If-Match of the next write)."""
        services = services_of(request)
        version = services.version_of(project_id)
        if version is None:
            raise NotFound(what="Project", key=str(project_id))
        with services.read() as connection:
            found = queries.project(connection, str(project_id))
        return Response(found, headers={"ETag": etag(version)})

    @writes("/steps", "recordProcurementStep", ENTER)
    def record_step(
        self,
        project_id: ProjectId,
        data: JSONBody[ProcurementStep],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Record the next procurement step before the contract (the body's `step`)."""
        return writer.execute(data, RecordProcurementStep(project_id=project_id, step=data))

    @command_write(
        "/contract", "signContract", ENTER, SignContract, at=PROJECT, dependencies=MOVES_MONEY
    )
    def sign_contract() -> None:
        """Sign the contract; its amount is committed on the project's budget line."""

    @command_write("/inspections", "inspectInstallment", ENTER, InspectInstallment, at=PROJECT)
    def inspect() -> None:
        """The committee inspected an installment's delivery (ตรวจรับ)."""

    @command_write(
        "/payments", "recordPayment", ENTER, RecordPayment, at=PROJECT, dependencies=MOVES_MONEY
    )
    def record_payment() -> None:
        """Pay an inspected installment (เบิกจ่าย); the version is the payment's number."""

    @writes(
        "/payments/{payment_version:int}/corrections",
        "correctPayment",
        ENTER,
        dependencies=MOVES_MONEY,
    )
    def correct_payment(
        self,
        project_id: ProjectId,
        payment_version: Annotated[
            int, PathParameter(ge=1, le=10**9, description="the payment's version")
        ],
        data: JSONBody[CorrectionIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Correct a recorded payment's amount, with the reason (nothing is edited)."""
        command = CorrectPayment.of(data, project_id=project_id, corrects_version=payment_version)
        return writer.execute(data, command)

    @command_write("/cancellation", "cancelProject", ENTER, CancelProject, at=PROJECT)
    def cancel() -> None:
        """Cancel the project, with the reason; what was not paid returns to its line."""

    @command_write("/closing", "closeProject", ENTER, CloseProject, at=PROJECT)
    def close() -> None:
        """Close a finished project (ดำเนินการแล้วเสร็จ)."""


class LaoProjectsController(Controller):
    path = "/api/authorities/{lao_code:str}/projects"
    tags = ["projects"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {  # noqa: RUF012
        **EXPORTED_LIST,
        "filters": Provide(provide_place_filters, sync_to_thread=False),
    }

    @reads("/", "listProjects", action(Action.READ), exported=True)
    def list_projects(
        self,
        *,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        filters: NamedDependency[Filters],
        page: NamedDependency[PageRequest],
        export: NamedDependency[Export],
        stuck_only: Annotated[bool, QueryParameter()] = False,
    ) -> Response[Page[ProjectRow]]:
        """An LAO's projects of a fiscal year (stuck only: longest in their stage first)."""
        with services_of(request).read() as connection:
            listed = queries.projects(
                connection, filters, page, lao_code=lao_code, stuck_only=stuck_only
            )
        return export.answer(listed, project_tables, f"projects-{lao_code}-{filters.fiscal_year}")
