"""Projects: read one or an LAO's list; record each procurement step, the contract,
inspections, payments and their corrections, cancellation and closing.

Every write is a POST on a sub-resource of the project and takes `If-Match` with the
project's version. The steps before the contract share one resource, `/steps`, whose
body names the step reached (`"step": "plan_published"`, ...).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK

from budget.application import BudgetOffice, Recorded
from budget.domain.access import Action, Actor
from budget.domain.contract import Contract, Installment
from budget.domain.errors import NotFound
from budget.http.fields import (
    Code,
    Count,
    Name,
    Number,
    ShortCode,
    Text,
    Version,
    check_amount,
    check_day,
)
from budget.http.guards import services_of
from budget.http.params import LaoCodePath, provide_page, provide_place_filters
from budget.http.routing import PROBLEMS, WRITE_PROBLEMS, action
from budget.http.sessions import Session
from budget.http.writes import Writer, Written, etag, provide_writer
from budget.projections import queries
from budget.projections.queries import Filters, Page, PageRequest, ProjectDetail, ProjectRow


class Dated(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A fact of the business, on the date it happened (default: today in Thailand)."""

    business_date: date | None = None

    def __post_init__(self) -> None:
        check_day("business_date", self.business_date)


# -- the procurement steps before the contract, one tag each ------------------------


class PlanPublished(Dated, tag="plan_published", tag_field="step"):
    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.publish_procurement_plan(
            project, actor=actor, business_date=self.business_date, expected_version=v
        )


class ReportApproved(Dated, tag="report_approved", tag_field="step"):
    estimate: Decimal

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("estimate", self.estimate)

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.approve_procurement_report(
            project,
            estimate=self.estimate,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class TermsSet(Dated, tag="tor_set", tag_field="step"):
    reference_price: Decimal
    public_hearing_ended_on: date | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("reference_price", self.reference_price)
        check_day("public_hearing_ended_on", self.public_hearing_ended_on)

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.set_terms_of_reference(
            project,
            reference_price=self.reference_price,
            public_hearing_ended_on=self.public_hearing_ended_on,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class InvitationAnnounced(Dated, tag="invitation_announced", tag_field="step"):
    invited_firms: Count = 0

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.announce_invitation(
            project,
            invited_firms=self.invited_firms,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class BidsEvaluated(Dated, tag="bids_evaluated", tag_field="step"):
    bids_received: Count

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.evaluate_bids(
            project,
            bids_received=self.bids_received,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


class WinnerAnnounced(Dated, tag="winner_announced", tag_field="step"):
    winner: Name
    offered_amount: Decimal

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("offered_amount", self.offered_amount)

    def record(self, office: BudgetOffice, project: UUID, actor: Actor, v: int | None) -> Recorded:
        return office.announce_winner(
            project,
            winner=self.winner,
            offered_amount=self.offered_amount,
            actor=actor,
            business_date=self.business_date,
            expected_version=v,
        )


ProcurementStep = (
    PlanPublished
    | ReportApproved
    | TermsSet
    | InvitationAnnounced
    | BidsEvaluated
    | WinnerAnnounced
)


# -- contract and after ---------------------------------------------------------------


class InstallmentIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    number: Number
    amount: Decimal
    due_on: date
    description: Text = ""

    def __post_init__(self) -> None:
        check_amount("amount", self.amount)
        check_day("due_on", self.due_on)


class ContractIn(Dated):
    number: Code
    contractor: Name
    contractor_tax_id: ShortCode
    amount: Decimal
    installments: Annotated[list[InstallmentIn], msgspec.Meta(min_length=1, max_length=120)]

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)

    def contract(self) -> Contract:
        return Contract(
            number=self.number,
            contractor=self.contractor,
            contractor_tax_id=self.contractor_tax_id,
            amount=self.amount,
            installments=[
                Installment(i.number, i.amount, i.due_on, i.description) for i in self.installments
            ],
        )


class InspectionIn(Dated):
    installment: Number
    committee_note: Text = ""


class PaymentIn(Dated):
    installment: Number
    amount: Decimal
    voucher: Code

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class CorrectionIn(Dated):
    amount: Decimal
    reason: Text

    def __post_init__(self) -> None:
        super().__post_init__()
        check_amount("amount", self.amount)


class CancellationIn(Dated):
    reason: Text


class ClosingIn(Dated):
    pass


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
        payment_version: Annotated[Version, PathParameter(description="the payment's version")],
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
