"""PDF progress reports: one LAO, a province, the nation; now or as of a past moment.
The same role rules as the dashboards whose figures they print."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from budget.domain.access import Action
from budget.http.guards import services_of
from budget.http.params import FiscalYearQuery, LaoCodePath, ProvincePath, Quarter, moment_param
from budget.http.routing import PROBLEMS, action
from budget.http.sessions import Session
from budget.reports import Rendered, ReportRequest, render_lao, render_national, render_province

PDF = "application/pdf"
READ = action(Action.READ)
AsOf = Annotated[
    datetime | None,
    QueryParameter(
        required=False,
        description="the figures as they stood at this moment (RFC 3339, with its timezone), "
        "replayed from the event history; none: as they are now",
    ),
]
RESPONSES: dict[int, ResponseSpec] = {
    200: ResponseSpec(
        data_container=bytes,
        description="The report as a PDF (A4, Thai)",
        media_type=PDF,
        generate_examples=False,
    ),
    **PROBLEMS,
}


def _request(fiscal_year: int, quarter: int | None, as_of: datetime | None) -> ReportRequest:
    return ReportRequest(
        fiscal_year=fiscal_year, quarter=quarter, as_of=moment_param("as_of", as_of)
    )


def pdf_response(rendered: Rendered) -> Response[bytes]:
    return Response(
        content=rendered.pdf,
        media_type=PDF,
        headers={
            "Content-Disposition": f'inline; filename="{rendered.filename}"',
            "X-Budget-Position": str(rendered.position),
            "X-Budget-Pages": str(rendered.pages),
        },
    )


class PdfController(Controller):
    path = "/api/pdf"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute

    @get(
        "/authorities/{lao_code:str}",
        operation_id="laoReportPdf",
        sync_to_thread=True,
        media_type=PDF,
        responses=RESPONSES,
        opt=READ,
    )
    def lao(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearQuery,
        quarter: Quarter = None,
        as_of: AsOf = None,
    ) -> Response[bytes]:
        """One LAO's progress report: summary by budget group, quarters against the
        targets, projects (stuck ones marked), narrative, review history, sign-off."""
        services = services_of(request)
        chosen = _request(fiscal_year, quarter, as_of)
        return pdf_response(render_lao(services.office, services.views, lao_code, chosen))

    @get(
        "/provinces/{province_code:str}",
        operation_id="provinceReportPdf",
        sync_to_thread=True,
        media_type=PDF,
        responses=RESPONSES,
        opt=READ,
    )
    def province(
        self,
        request: Request[Session, str, Any],
        province_code: ProvincePath,
        fiscal_year: FiscalYearQuery,
        quarter: Quarter = None,
        as_of: AsOf = None,
    ) -> Response[bytes]:
        """The summary of a province's LAOs: budget, paid, against the target, the
        period's report, rank among peers."""
        services = services_of(request)
        chosen = _request(fiscal_year, quarter, as_of)
        return pdf_response(render_province(services.office, services.views, province_code, chosen))

    @get(
        "/national",
        operation_id="nationalReportPdf",
        sync_to_thread=True,
        media_type=PDF,
        responses=RESPONSES,
        opt=READ,
    )
    def national(
        self,
        request: Request[Session, str, Any],
        fiscal_year: FiscalYearQuery,
        quarter: Quarter = None,
        as_of: AsOf = None,
    ) -> Response[bytes]:
        """The national summary: by budget group, province and LAO type."""
        services = services_of(request)
        chosen = _request(fiscal_year, quarter, as_of)
        return pdf_response(render_national(services.office, services.views, chosen))
