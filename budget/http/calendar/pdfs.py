"""The chasing lists on paper (budget.reports.chase_lists): an LAO's deadlines as they
stand on a day (its clerk's what-is-due), and the LAOs of a province (or the nation)
whose reports are late and whose data is missing, for a provincial office to send. The
same role rules as the lists' JSON routes."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response

from budget.domain.access import Action
from budget.http.calendar.routes import AsOfQuery, day_asked
from budget.http.dashboards.missing import QuietQuery
from budget.http.dashboards.pdfs import PDF, RESPONSES, pdf_response
from budget.http.guards import own_province, services_of
from budget.http.params import FiscalYearQuery, LaoCodePath, ProvinceQuery
from budget.http.routing import action, downloads
from budget.http.sessions import Session
from budget.projections.queries.missing import DEFAULT_QUIET_DAYS
from budget.reports.chase_lists import render_deadlines, render_missing


class ChaseListPdfController(Controller):
    path = "/api/pdf"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute

    @downloads(
        "/authorities/{lao_code:str}/deadlines", "deadlinesPdf", action(Action.READ), PDF, RESPONSES
    )
    def deadlines(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        fiscal_year: FiscalYearQuery,
        as_of: AsOfQuery = None,
    ) -> Response[bytes]:
        """The LAO's deadlines of the fiscal year on `as_of` (default today), what is
        overdue first, each with its standing and legal basis in Thai."""
        day = day_asked(as_of)
        views = services_of(request).views_for_reading()
        return pdf_response(render_deadlines(views, lao_code, fiscal_year, day))

    @downloads("/missing", "missingPdf", action(Action.READ, scope="own"), PDF, RESPONSES)
    def missing(
        self,
        request: Request[Session, str, Any],
        fiscal_year: FiscalYearQuery,
        province_code: ProvinceQuery = None,
        as_of: AsOfQuery = None,
        quiet_days: QuietQuery = DEFAULT_QUIET_DAYS,
    ) -> Response[bytes]:
        """The LAOs of a province (a reviewer: their own; none: the nation) whose progress
        reports are late or were never sent, then every LAO missing data, with the counts."""
        province = own_province(request.user.actor, Action.READ, province_code)
        day = day_asked(as_of)
        views = services_of(request).views_for_reading()
        return pdf_response(
            render_missing(views, province, fiscal_year, day, quiet_days=quiet_days)
        )
