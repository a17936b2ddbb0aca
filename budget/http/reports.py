"""Progress reports: an LAO drafts one per period, revises it, its executive signs it
off, its finance staff submit it; the provincial reviewer returns it with comments or
accepts it; a returned report is revised, signed off and submitted again (recorded as
resubmitted). Read one with its review history, or an LAO's list (bodies in
budget.http.report_bodies).

Every write on a report is a POST on a sub-resource and takes `If-Match` with the
report's version; the review inbox (GET /api/review-inbox) lists the submitted ones.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from budget.application import BudgetOffice
from budget.domain.access import Action
from budget.domain.errors import NotFound
from budget.domain.report import ReportStatus
from budget.http.guards import services_of
from budget.http.params import LaoCodePath, provide_page
from budget.http.report_bodies import (
    AcceptanceIn,
    Report,
    ReportDraftIn,
    ReturnIn,
    RevisionIn,
    SignOffIn,
    SubmissionIn,
    report_body,
)
from budget.http.routing import PROBLEMS, WRITE_PROBLEMS, action
from budget.http.sessions import Session
from budget.http.writes import Writer, Written, etag, provide_creator, provide_writer
from budget.projections import queries
from budget.projections.queries import Page, PageRequest, ReportRow

ReportId = Annotated[UUID, PathParameter(description="the report's id")]
FiscalYearFilter = Annotated[
    int | None, QueryParameter(ge=2500, le=2700, required=False, description="B.E., e.g. 2570")
]
StatusFilter = Annotated[ReportStatus | None, QueryParameter(required=False)]
WRITE = {"writer": Provide(provide_writer, sync_to_thread=False)}


def office_of(writer: Writer) -> BudgetOffice:
    return services_of(writer.request).office


class ReportsController(Controller):
    path = "/api/reports/{report_id:uuid}"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @get(
        "/",
        operation_id="getReport",
        sync_to_thread=True,
        responses=PROBLEMS,
        opt=action(Action.READ),
    )
    def get_report(
        self, request: Request[Session, str, Any], report_id: ReportId
    ) -> Response[Report]:
        """A report with its figures and every step of its review; the ETag is its
        version (If-Match of the next write)."""
        services = services_of(request)
        found = services.office.report(report_id)
        with services.read() as connection:
            try:
                review = queries.report_review(connection, str(report_id))
            except NotFound:  # the views have not included it yet
                body = report_body(found, None, [])
            else:
                body = report_body(found, review.report, review.steps)
        return Response(body, headers={"ETag": etag(found.version)})

    @post(
        "/revisions",
        operation_id="reviseReport",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=action(Action.PREPARE_REPORT),
    )
    def revise(
        self, report_id: ReportId, data: JSONBody[RevisionIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Revise a draft or returned report; its sign-off is withdrawn."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.revise_report(
                report_id,
                narrative=data.narrative,
                problems=data.problems,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/sign-off",
        operation_id="signOffReport",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=action(Action.SIGN_OFF_REPORT),
    )
    def sign_off(
        self, report_id: ReportId, data: JSONBody[SignOffIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """The LAO's executive signs the report off for submission."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.sign_off_report(
                report_id, actor=actor, business_date=data.business_date, expected_version=v
            ),
        )

    @post(
        "/submission",
        operation_id="submitReport",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=action(Action.SUBMIT_REPORT),
    )
    def submit(
        self, report_id: ReportId, data: JSONBody[SubmissionIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Submit a signed-off report to the provincial office (a returned one is
        resubmitted), with the figures as they stood on the business date."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.submit_report(
                report_id, actor=actor, business_date=data.business_date, expected_version=v
            ),
        )

    @post(
        "/return",
        operation_id="returnReport",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=action(Action.REVIEW_REPORT),
    )
    def send_back(
        self, report_id: ReportId, data: JSONBody[ReturnIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """The provincial reviewer returns a submitted report for revision, with comments."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.return_report(
                report_id,
                comments=data.comments,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/acceptance",
        operation_id="acceptReport",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=action(Action.REVIEW_REPORT),
    )
    def accept(
        self, report_id: ReportId, data: JSONBody[AcceptanceIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """The provincial reviewer accepts a submitted report."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.accept_report(
                report_id,
                comments=data.comments,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )


class LaoReportsController(Controller):
    path = "/api/authorities/{lao_code:str}/reports"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute

    @get(
        "/",
        operation_id="listReports",
        sync_to_thread=True,
        responses=PROBLEMS,
        opt=action(Action.READ),
        dependencies={"page": Provide(provide_page, sync_to_thread=False)},
    )
    def list_reports(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        page: NamedDependency[PageRequest],
        fiscal_year: FiscalYearFilter = None,
        status: StatusFilter = None,
    ) -> Page[ReportRow]:
        """An LAO's reports, the latest period first (of a fiscal year, in a status)."""
        with services_of(request).read() as connection:
            return queries.lao_reports(
                connection,
                lao_code,
                page,
                fiscal_year=fiscal_year,
                status=status.value if status is not None else None,
            )

    @post(
        "/",
        operation_id="draftReport",
        status_code=HTTP_201_CREATED,
        sync_to_thread=True,
        responses=WRITE_PROBLEMS,
        opt=action(Action.PREPARE_REPORT),
        dependencies={"writer": Provide(provide_creator, sync_to_thread=False)},
    )
    def draft(
        self, lao_code: LaoCodePath, data: JSONBody[ReportDraftIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Draft the LAO's report on a period, with the budget's figures as they stood."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, _: office.draft_report(
                lao_code,
                data.reporting_period(),
                narrative=data.narrative,
                problems=data.problems,
                actor=actor,
                business_date=data.business_date,
            ),
            status=HTTP_201_CREATED,
            location=lambda recorded: f"/api/reports/{recorded.id}",
        )
