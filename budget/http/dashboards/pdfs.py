"""PDF progress reports: one LAO, a province, the nation; now or as of a past moment.
The same role rules as the dashboards whose figures they print.

A province's or the nation's report as of a moment replays the whole history: it is a
job (:mod:`budget.reports.jobs`). The request answers 202 with the job, to poll at
`/api/pdf/jobs/{id}` until it is done, then fetch at `/api/pdf/jobs/{id}/pdf`. One LAO's
report as of a moment replays only its own records and is answered at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated, Any

import msgspec
from litestar import Controller, MediaType, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter
from litestar.status_codes import (
    HTTP_202_ACCEPTED,
    HTTP_409_CONFLICT,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.domain.access import Action
from budget.domain.errors import NotFound
from budget.http.guards import services_of
from budget.http.params import FiscalYearQuery, LaoCodePath, ProvincePath, Quarter, moment_param
from budget.http.problems import HttpProblem
from budget.http.routing import PROBLEMS, action, downloads, file_responses
from budget.http.sessions import Session
from budget.reports import Rendered, ReportRequest, render_lao, render_national, render_province
from budget.reports.jobs import JobState, ReplayJob, ReportsBusyError

PDF = "application/pdf"
READ = action(Action.READ)
OWN = action(Action.READ, scope="own")
JobId = Annotated[str, PathParameter(max_length=64, pattern="^[0-9a-f]+$")]
AsOf = Annotated[
    datetime | None,
    QueryParameter(
        required=False,
        description="the figures as they stood at this moment (RFC 3339, with its timezone), "
        "replayed from the event history; none: as they are now",
    ),
]
RESPONSES = file_responses(PDF, "The report as a PDF (A4, Thai)")
JOB_RESPONSES: dict[int, ResponseSpec] = {
    **RESPONSES,
    202: ResponseSpec(
        data_container=dict[str, Any],
        description="With as_of: the report is being made by a job (see ReportJob); poll the "
        "Location until it is done",
        generate_examples=False,
    ),
}


def _request(fiscal_year: int, quarter: int | None, as_of: datetime | None) -> ReportRequest:
    return ReportRequest(
        fiscal_year=fiscal_year, quarter=quarter, as_of=moment_param("as_of", as_of)
    )


class ReportJob(msgspec.Struct, kw_only=True):
    """A report as of a past moment being made: poll `href` until `state` is done, then
    fetch `pdf`."""

    id: str
    state: str  # queued, running, done or failed
    progress: float  # 0 to 1
    events_replayed: int
    events_to_replay: int
    href: str
    pdf: str | None = None  # when done
    problem: str | None = None  # when failed


def job_out(job: ReplayJob) -> ReportJob:
    href = f"/api/pdf/jobs/{job.id}"
    return ReportJob(
        id=job.id,
        state=job.state.value,
        progress=round(job.progress, 4),
        events_replayed=job.replayed,
        events_to_replay=job.position,
        href=href,
        pdf=f"{href}/pdf" if job.state is JobState.DONE else None,
        problem=job.problem or None,
    )


def job_started(job: ReplayJob) -> Response[ReportJob]:
    out = job_out(job)
    return Response(
        out,
        status_code=HTTP_202_ACCEPTED,
        media_type=MediaType.JSON,
        headers={"Location": out.href, "Retry-After": "2"},
    )


def start_job(
    request: Request[Session, str, Any], kind: str, key: str, chosen: ReportRequest
) -> ReplayJob:
    try:
        return services_of(request).replays.submit(request.user.username, kind, key, chosen)
    except ReportsBusyError:
        raise HttpProblem(
            HTTP_503_SERVICE_UNAVAILABLE,
            "reports_busy",
            "Too many reports as of a past moment are being made: try again later",
            "มีการจัดทำรายงาน ณ เวลาในอดีตอยู่มากเกินไป กรุณาลองใหม่ภายหลัง",
            {"Retry-After": "60"},
        ) from None


def owned_job(request: Request[Session, Any, Any], job_id: str) -> ReplayJob:
    """The job of the one who asked for it (NotFound for anyone else)."""
    found = services_of(request).replays.find(request.user.username, job_id)
    if found is None:
        raise NotFound(what="report job", key=job_id)
    return found


def _made(
    request: Request[Session, str, Any],
    chosen: ReportRequest,
    job: tuple[str, str],
    render: Callable[[BudgetOffice, Engine], Rendered],
) -> Response[Any]:
    """The report `render` makes, or as of a past moment a `job` (kind, key) to poll: 202."""
    if chosen.as_of is not None:
        return job_started(start_job(request, *job, chosen))
    return _made_here(request, render)


def _made_here(
    request: Request[Session, str, Any], render: Callable[[BudgetOffice, Engine], Rendered]
) -> Response[bytes]:
    """The report `render` makes in this request, from the office and the views."""
    services = services_of(request)
    return pdf_response(render(services.office, services.views_for_reading()))


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

    @downloads("/authorities/{lao_code:str}", "laoReportPdf", READ, PDF, RESPONSES)
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
        chosen = _request(fiscal_year, quarter, as_of)
        return _made_here(request, partial(render_lao, lao_code=lao_code, request=chosen))

    @downloads("/provinces/{province_code:str}", "provinceReportPdf", READ, PDF, JOB_RESPONSES)
    def province(
        self,
        request: Request[Session, str, Any],
        province_code: ProvincePath,
        fiscal_year: FiscalYearQuery,
        quarter: Quarter = None,
        as_of: AsOf = None,
    ) -> Response[Any]:
        """The summary of a province's LAOs: budget, paid, against the target, the
        period's report, rank among peers. With `as_of`: 202 and a job to poll."""
        chosen = _request(fiscal_year, quarter, as_of)
        render = partial(render_province, province_code=province_code, request=chosen)
        return _made(request, chosen, ("province", province_code), render)

    @downloads("/national", "nationalReportPdf", READ, PDF, JOB_RESPONSES)
    def national(
        self,
        request: Request[Session, str, Any],
        fiscal_year: FiscalYearQuery,
        quarter: Quarter = None,
        as_of: AsOf = None,
    ) -> Response[Any]:
        """The national summary: by budget group, province and LAO type. With `as_of`: 202
        and a job to poll."""
        chosen = _request(fiscal_year, quarter, as_of)
        render = partial(render_national, request=chosen)
        return _made(request, chosen, ("national", "TH"), render)

    @get(
        "/jobs/{job_id:str}",
        operation_id="reportJob",
        responses=PROBLEMS,
        opt=OWN,
    )
    async def job(self, request: Request[Session, str, Any], job_id: JobId) -> ReportJob:
        """A report being made as of a past moment: its state and progress (only for those
        who asked for it)."""
        return job_out(owned_job(request, job_id))

    @get(
        "/jobs/{job_id:str}/pdf",
        operation_id="reportJobPdf",
        media_type=PDF,
        responses=RESPONSES,
        opt=OWN,
    )
    async def job_pdf(self, request: Request[Session, str, Any], job_id: JobId) -> Response[bytes]:
        """The report a job made, once it is done (409 before)."""
        found = owned_job(request, job_id)
        if found.state is JobState.FAILED:
            raise HttpProblem(
                HTTP_503_SERVICE_UNAVAILABLE,
                "report_failed",
                f"The report could not be made: {found.problem}; ask for it again",
                "จัดทำรายงานไม่สำเร็จ กรุณาขอใหม่อีกครั้ง",
            )
        if found.result is None:
            raise HttpProblem(
                HTTP_409_CONFLICT,
                "report_not_ready",
                f"The report is still being made ({found.progress:.0%})",
                f"รายงานยังจัดทำไม่เสร็จ ({found.progress:.0%})",
                {"Retry-After": "2"},
            )
        return pdf_response(found.result)
