"""Projects: read one or an LAO's list; record each procurement step, the contract,
inspections, payments and their corrections, cancellation and closing (the bodies are
in budget.http.project_bodies).

Every write is a POST on a sub-resource of the project and takes `If-Match` with the
project's version. The steps before the contract share one resource, `/steps`, whose
body names the step reached (`"step": "plan_published"`, ...).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from budget.application import BudgetOffice
from budget.domain.access import Action
from budget.domain.errors import NotFound
from budget.http.guards import services_of
from budget.http.params import LaoCodePath, provide_page, provide_place_filters
from budget.http.project_bodies import (
    CancellationIn,
    ClosingIn,
    ContractIn,
    CorrectionIn,
    InspectionIn,
    PaymentIn,
    ProcurementStep,
)
from budget.http.routing import PROBLEMS, WRITE_PROBLEMS, action
from budget.http.sessions import Session
from budget.http.writes import Writer, Written, etag, provide_writer
from budget.projections import queries
from budget.projections.queries import Filters, Page, PageRequest, ProjectDetail, ProjectRow

WRITE = {"writer": Provide(provide_writer, sync_to_thread=False)}
ENTER = action(Action.ENTER_PROJECT)
ProjectId = Annotated[UUID, PathParameter(description="the project's id")]


def office_of(writer: NamedDependency[Writer]) -> BudgetOffice:
    return services_of(writer.request).office


class ProjectsController(Controller):
    path = "/api/projects/{project_id:uuid}"
    tags = ["projects"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @get(
        "/",
        operation_id="getProject",
        sync_to_thread=True,
        responses=PROBLEMS,
        opt=action(Action.READ),
    )
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

    @post(
        "/steps",
        operation_id="recordProcurementStep",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def record_step(
        self,
        project_id: ProjectId,
        data: JSONBody[ProcurementStep],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Record the next procurement step before the contract (the body's `step`)."""
        office = office_of(writer)
        return writer.run(data, lambda actor, v: data.record(office, project_id, actor, v))

    @post(
        "/contract",
        operation_id="signContract",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def sign_contract(
        self, project_id: ProjectId, data: JSONBody[ContractIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Sign the contract; its amount is committed on the project's budget line."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.sign_contract(
                project_id,
                data.contract(),
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/inspections",
        operation_id="inspectInstallment",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def inspect(
        self, project_id: ProjectId, data: JSONBody[InspectionIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """The committee inspected an installment's delivery (ตรวจรับ)."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.inspect_installment(
                project_id,
                data.installment,
                committee_note=data.committee_note,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/payments",
        operation_id="recordPayment",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def record_payment(
        self, project_id: ProjectId, data: JSONBody[PaymentIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Pay an inspected installment (เบิกจ่าย); the version is the payment's number."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.record_payment(
                project_id,
                data.installment,
                amount=data.amount,
                voucher=data.voucher,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/payments/{payment_version:int}/corrections",
        operation_id="correctPayment",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
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
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.correct_payment(
                project_id,
                corrects_version=payment_version,
                amount=data.amount,
                reason=data.reason,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/cancellation",
        operation_id="cancelProject",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def cancel(
        self, project_id: ProjectId, data: JSONBody[CancellationIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Cancel the project, with the reason; what was not paid returns to its line."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.cancel_project(
                project_id,
                reason=data.reason,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/closing",
        operation_id="closeProject",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def close(
        self, project_id: ProjectId, data: JSONBody[ClosingIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Close a finished project (ดำเนินการแล้วเสร็จ)."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.close_project(
                project_id, actor=actor, business_date=data.business_date, expected_version=v
            ),
        )


class LaoProjectsController(Controller):
    path = "/api/authorities/{lao_code:str}/projects"
    tags = ["projects"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {  # noqa: RUF012
        "page": Provide(provide_page, sync_to_thread=False),
        "filters": Provide(provide_place_filters, sync_to_thread=False),
    }

    @get(
        "/",
        operation_id="listProjects",
        sync_to_thread=True,
        responses=PROBLEMS,
        opt=action(Action.READ),
    )
    def list_projects(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        filters: NamedDependency[Filters],
        page: NamedDependency[PageRequest],
        stuck_only: Annotated[bool, QueryParameter()] = False,
    ) -> Page[ProjectRow]:
        """An LAO's projects of a fiscal year (stuck only: longest in their stage first)."""
        with services_of(request).read() as connection:
            return queries.projects(
                connection, filters, page, lao_code=lao_code, stuck_only=stuck_only
            )
