"""Progress reports: the LAO's list and the drafting form; one report's page, where LAO
staff revise it, the executive signs it off and staff submit it, and the provincial
reviewer accepts it or returns it with comments. The report's PDF is one click away."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.response import Template

from budget.application.commands import (
    AcceptReport,
    DraftReport,
    ReturnReport,
    ReviseReport,
    SignOffReport,
    SubmitReport,
)
from budget.application.from_text import Checker
from budget.domain.access import Action, Role, may
from budget.domain.calendar import today
from budget.domain.errors import DomainError
from budget.domain.fiscal import PeriodKind, ReportingPeriod, quarter_of
from budget.domain.ids import report_id
from budget.http.guards import services_of
from budget.http.pages.filters import Chosen
from budget.http.pages.forms import Build, Form, about, read_form, submit, submit_form
from budget.http.pages.history import history_of
from budget.http.pages.i18n import lang_of, period_name
from budget.http.pages.paths import PeriodPath
from budget.http.pages.render import page
from budget.http.params import LaoCodePath
from budget.http.routing import action
from budget.http.services import Services
from budget.http.sessions import Session
from budget.projections import queries

DONE = {
    "draft": ("จัดทำร่างรายงานแล้ว", "The report is drafted"),
    "revise": ("บันทึกการแก้ไขแล้ว", "The revision is recorded"),
    "sign_off": ("ผู้บริหารลงนามรับรองแล้ว", "Signed off"),
    "submit": ("ส่งรายงานถึง สถจ. แล้ว", "The report is submitted"),
    "return": ("ส่งรายงานกลับให้แก้ไขแล้ว", "The report is returned for revision"),
    "accept": ("รับรองรายงานแล้ว", "The report is accepted"),
}
FORMS = tuple(DONE)


def periods(fiscal_year: int, lang: str) -> list[tuple[str, str]]:
    """The months and quarters of a year that have ended or are under way."""
    now = today()
    found = []
    for month in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9):
        period = ReportingPeriod(fiscal_year, PeriodKind.MONTH, month)
        if period.date_range[0] <= now:
            found.append(period)
        if month in (12, 3, 6, 9):
            quarter = ReportingPeriod(fiscal_year, PeriodKind.QUARTER, quarter_of(period.ends_on))
            if quarter.date_range[0] <= now:
                found.append(quarter)
    return [(p.key, period_name(p.key, lang)) for p in found]


def period_of(command: DraftReport | None) -> ReportingPeriod | None:
    """The period a drafted report is on (None if the form did not give a valid one)."""
    try:
        return command.reporting_period() if command is not None else None
    except DomainError:
        return None


def pdf_link(lao_code: str, period: ReportingPeriod) -> str:
    quarter = period.number if period.kind is PeriodKind.QUARTER else quarter_of(period.ends_on)
    return f"/api/pdf/authorities/{lao_code}?fiscal_year={period.fiscal_year}&quarter={quarter}"


def report_context(
    services: Services,
    session: Session,
    lao_code: str,
    key: str,
    forms: dict[str, Form] | None = None,
    *,
    lang: str = "th",
) -> dict[str, Any]:
    period = ReportingPeriod.parse(key)
    the_id = report_id(lao_code, period.key)
    report = services.office.report(the_id)
    with services.read() as connection:
        authority = queries.authority(connection, lao_code)
    actor = session.actor
    events = services.office.story(the_id, actor=actor, lao=lao_code, province=report.province_code)
    place = {"lao": lao_code, "province": report.province_code}
    filled = forms or {}
    return {
        "report": report,
        "period": period,
        "authority": authority,
        "history": history_of(services, events[::-1], lang),
        "version": report.version,
        "pdf": pdf_link(lao_code, period),
        "can": {
            "revise": may(actor, Action.PREPARE_REPORT, **place) and report.is_editable,
            "sign_off": may(actor, Action.SIGN_OFF_REPORT, **place)
            and report.is_editable
            and not report.signed_off_by,
            "submit": may(actor, Action.SUBMIT_REPORT, **place) and report.is_editable,
            "review": may(actor, Action.REVIEW_REPORT, **place)
            and report.status.value == "submitted",
        },
        "forms": {name: filled.get(name) or Form() for name in FORMS},
    }


async def handle(
    request: Request[Session, Any, Any], lao_code: str, key: str, name: str, build: Build
) -> Response[Any]:
    def again(form: Form, status: int) -> Response[Any]:
        services = services_of(request)
        context = report_context(
            services, request.user, lao_code, key, {name: form}, lang=lang_of(dict(request.cookies))
        )
        return page(
            request, "report.html", status=status, notice=None, failure=form.general, **context
        )

    period = ReportingPeriod.parse(key)
    the_id = report_id(lao_code, period.key)
    done = f"/laos/{lao_code}/reports/{period.key}?done={name}"
    return await submit_form(request, lambda c: build(c, the_id), done=done, again=again)


class ReportPages(Controller):
    path = "/laos/{lao_code:str}/reports"
    include_in_schema = False

    @get("/", opt=action(Action.READ), sync_to_thread=True)
    def reports(self, request: Request[Session, Any, Any], lao_code: LaoCodePath) -> Template:
        chosen = Chosen.of(request)
        return self._list(request, lao_code, chosen.fiscal_year, Form(), 200)

    def _list(
        self,
        request: Request[Session, Any, Any],
        lao_code: str,
        fiscal_year: int,
        form: Form,
        status: int,
    ) -> Template:
        lang = lang_of(dict(request.cookies))
        with services_of(request).read() as connection:
            authority = queries.authority(connection, lao_code)
            rows = queries.reports_of(connection, lao_code, fiscal_year)
        drafted = {r.period for r in rows}
        actor = request.user.actor
        return page(
            request,
            "reports.html",
            status=status,
            authority=authority,
            d={"reports": rows},
            fiscal_year=fiscal_year,
            periods=[p for p in periods(fiscal_year, lang) if p[0] not in drafted],
            may_draft=actor.role is Role.LAO_FINANCE and actor.acting_for == lao_code,
            form=form,
        )

    @post("/", opt=action(Action.PREPARE_REPORT), status_code=303)
    async def draft(
        self, request: Request[Session, Any, Any], lao_code: LaoCodePath
    ) -> Response[Any]:
        values = await read_form(request)
        lang = lang_of(dict(request.cookies))
        services = services_of(request)

        def work() -> Response[Any]:
            checker = Checker(values, lang)
            command = checker.command(DraftReport, given={"lao_code": lao_code})
            period = period_of(command)
            fiscal_year = period.fiscal_year if period else Chosen.of(request).fiscal_year
            done = f"/laos/{lao_code}/reports/{period.key}?done=draft" if period else ""

            def again(form: Form, status: int) -> Response[Any]:
                return self._list(request, lao_code, fiscal_year, form, status)

            return submit(
                services,
                request,
                checker,
                command if period is not None else None,
                done=done,
                again=again,
                stale_status=422,
            )

        return await to_thread.run_sync(work)

    @get("/{period:str}", opt=action(Action.READ), sync_to_thread=True)
    def report(
        self, request: Request[Session, Any, Any], lao_code: LaoCodePath, period: PeriodPath
    ) -> Template:
        done = request.query_params.get("done", "")
        context = report_context(
            services_of(request),
            request.user,
            lao_code,
            period,
            lang=lang_of(dict(request.cookies)),
        )
        return page(request, "report.html", notice=DONE.get(done), failure="", **context)


def form_route(path: str, name: str, needed: Action, build: Build) -> HTTPRouteHandler:
    """One form of a report's page: POST /laos/{lao}/reports/{period}`path`."""

    async def submit(
        request: Request[Session, Any, Any], lao_code: LaoCodePath, period: PeriodPath
    ) -> Response[Any]:
        return await handle(request, lao_code, period, name, build)

    submit.__name__ = f"report_{name}"
    route = f"/laos/{{lao_code:str}}/reports/{{period:str}}{path}"
    return post(route, opt=action(needed), status_code=303, include_in_schema=False)(submit)


REPORT_FORMS = [
    form_route("/revision", "revise", Action.PREPARE_REPORT, about(ReviseReport, "report_id")),
    form_route("/sign-off", "sign_off", Action.SIGN_OFF_REPORT, about(SignOffReport, "report_id")),
    form_route("/submission", "submit", Action.SUBMIT_REPORT, about(SubmitReport, "report_id")),
    form_route("/return", "return", Action.REVIEW_REPORT, about(ReturnReport, "report_id")),
    form_route("/acceptance", "accept", Action.REVIEW_REPORT, about(AcceptReport, "report_id")),
]
