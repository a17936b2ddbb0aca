"""Reports of a province or the nation as of a past moment, for people: the form on the
dashboards asks for one (`/report-jobs/new`), and `/report-jobs/{id}` shows the replay's
progress, reloading itself until the PDF is ready (see :mod:`budget.reports.jobs`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from budget.domain.access import Action, authorize
from budget.domain.calendar import BANGKOK
from budget.http.dashboards.pdfs import job_out, owned_job, start_job
from budget.http.pages.filters import Chosen
from budget.http.pages.render import page
from budget.http.problems import HttpProblem
from budget.http.routing import action
from budget.http.sessions import Session
from budget.reports import ReportRequest
from budget.reports.jobs import JobState

OWN = action(Action.READ, scope="own")
JobId = Annotated[str, PathParameter(max_length=64, pattern="^[0-9a-f]+$")]
MOMENT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


def moment_of(text: str) -> datetime:
    """A moment typed in a page (`datetime-local`: Bangkok time)."""
    for pattern in MOMENT_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=BANGKOK)
        except ValueError:
            continue
    raise HttpProblem(
        400,
        "invalid_moment",
        "as_of: a moment is a date and a time, e.g. 2027-01-15T10:00",
        "เวลาไม่ถูกต้อง: ระบุวันที่และเวลา เช่น 2027-01-15T10:00",
    )


class ReportJobPages(Controller):
    path = "/report-jobs"
    include_in_schema = False

    @get("/new", opt=OWN, sync_to_thread=True)
    def new(self, request: Request[Session, Any, Any]) -> Redirect:
        """Ask for the report of the nation (or `province_code`) as of `as_of`."""
        chosen = Chosen.of(request)
        province = chosen.province_code
        actor = request.user.actor
        if province:
            authorize(actor, Action.READ, province=province)
        else:
            authorize(actor, Action.READ)
        wanted = ReportRequest(
            fiscal_year=chosen.fiscal_year,
            quarter=chosen.quarter,
            as_of=moment_of(request.query_params.get("as_of", "")),
        )
        kind, key = ("province", province) if province else ("national", "TH")
        job = start_job(request, kind, key, wanted)
        return Redirect(path=f"/report-jobs/{job.id}", status_code=303)

    @get("/{job_id:str}", opt=OWN)
    async def show(self, request: Request[Session, Any, Any], job_id: JobId) -> Template:
        """How far the replay has come; the PDF's link once it is done."""
        found = owned_job(request, job_id)
        return page(
            request,
            "report_job.html",
            job=job_out(found),
            finished=found.state in {JobState.DONE, JobState.FAILED},
            request_of=found.request,
            kind=found.kind,
            key=found.key,
        )
