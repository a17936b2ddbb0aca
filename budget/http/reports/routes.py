"""Progress reports: an LAO drafts one per period, revises it, its executive signs it
off, its finance staff submit it; the provincial reviewer returns it with comments or
accepts it; a returned report is revised, signed off and submitted again (recorded as
resubmitted). Read one with its review history, or an LAO's list (bodies in
budget.http.reports.bodies).

Every write on a report is a POST on a sub-resource and takes `If-Match` with the
report's version; the review inbox (GET /api/review-inbox) lists the submitted ones.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response
from litestar.di import NamedDependency, Provide
from litestar.params import PathParameter, QueryParameter

from budget.application import Recorded
from budget.application.commands import (
    AcceptReport,
    DraftReport,
    ReturnReport,
    ReviseReport,
    SignOffReport,
    SubmitReport,
)
from budget.domain.access import Action
from budget.domain.errors import NotFound
from budget.domain.report import ReportStatus
from budget.http.guards import services_of
from budget.http.params import LAO, LaoCodePath, provide_page
from budget.http.reports.bodies import Report, report_body
from budget.http.routing import action, command_write, reads
from budget.http.sessions import Session
from budget.http.writes import WRITE, etag
from budget.projections import queries
from budget.projections.queries import Page, PageRequest, ReportRow

ReportId = Annotated[UUID, PathParameter(description="the report's id")]
REPORT = {"report_id": ReportId}  # what a write changes (routing.command_write)
FiscalYearFilter = Annotated[
    int | None, QueryParameter(ge=2500, le=2700, required=False, description="B.E., e.g. 2570")
]
StatusFilter = Annotated[ReportStatus | None, QueryParameter(required=False)]


def report_at(_: DraftReport, recorded: Recorded) -> str:
    """Where a report drafted is read."""
    return f"/api/reports/{recorded.id}"


class ReportsController(Controller):
    path = "/api/reports/{report_id:uuid}"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @reads("/", "getReport", action(Action.READ))
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

    @command_write(
        "/revisions", "reviseReport", action(Action.PREPARE_REPORT), ReviseReport, at=REPORT
    )
    def revise() -> None:
        """Revise a draft or returned report; its sign-off is withdrawn."""

    @command_write(
        "/sign-off", "signOffReport", action(Action.SIGN_OFF_REPORT), SignOffReport, at=REPORT
    )
    def sign_off() -> None:
        """The LAO's executive signs the report off for submission."""

    @command_write(
        "/submission", "submitReport", action(Action.SUBMIT_REPORT), SubmitReport, at=REPORT
    )
    def submit() -> None:
        """Submit a signed-off report to the provincial office (a returned one is
        resubmitted), with the figures as they stood on the business date."""

    @command_write("/return", "returnReport", action(Action.REVIEW_REPORT), ReturnReport, at=REPORT)
    def send_back() -> None:
        """The provincial reviewer returns a submitted report for revision, with comments."""

    @command_write(
        "/acceptance", "acceptReport", action(Action.REVIEW_REPORT), AcceptReport, at=REPORT
    )
    def accept() -> None:
        """The provincial reviewer accepts a submitted report."""


class LaoReportsController(Controller):
    path = "/api/authorities/{lao_code:str}/reports"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute

    @reads(
        "/",
        "listReports",
        action(Action.READ),
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

    @command_write(
        "/", "draftReport", action(Action.PREPARE_REPORT), DraftReport, at=LAO, created=report_at
    )
    def draft() -> None:
        """Draft the LAO's report on a period, with the budget's figures as they stood."""
