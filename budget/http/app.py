"""The web application on its Services (budget.bootstrap.web_app builds both)."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request, Response, Router
from litestar.logging.config import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from budget.http.accounts.routes import AccountsController, OwnPasswordController
from budget.http.audit.routes import AuditController
from budget.http.auth import AuthController
from budget.http.authorities.routes import AuthoritiesController
from budget.http.budgets.changes import BudgetChangesController
from budget.http.budgets.funding import BudgetFundingController
from budget.http.budgets.routes import BudgetsController
from budget.http.calendar.pdfs import ChaseListPdfController
from budget.http.calendar.routes import CalendarController, DeadlinesController
from budget.http.calendar.years import FiscalYearController
from budget.http.dashboards.missing import MissingController
from budget.http.dashboards.pdfs import PdfController
from budget.http.dashboards.routes import (
    DashboardsController,
    RankingsController,
    ReviewInboxController,
    StuckProjectsController,
    kept_by_address,
)
from budget.http.door import check_json_body
from budget.http.guards import COOKIE, check_sessions_in_handler_threads, guard
from budget.http.health import HealthController
from budget.http.imports.routes import WorkbooksController
from budget.http.log_lines import handler_config
from budget.http.metrics import MetricsController
from budget.http.money import MONEY_DECODERS, MoneySchema
from budget.http.pages import web_parts
from budget.http.problems import EXCEPTION_HANDLERS
from budget.http.projects.changes import ProjectChangesController
from budget.http.projects.contracts import ContractMoneyController
from budget.http.projects.routes import LaoProjectsController, ProjectsController
from budget.http.reports.routes import LaoReportsController, ReportsController
from budget.http.request_log import RequestMiddleware
from budget.http.services import Services

CONTROLLERS = [
    AuthController,
    OwnPasswordController,
    AccountsController,
    AuthoritiesController,
    BudgetsController,
    BudgetChangesController,
    ContractMoneyController,
    BudgetFundingController,
    LaoProjectsController,
    ProjectsController,
    ProjectChangesController,
    LaoReportsController,
    ReportsController,
    DashboardsController,
    RankingsController,
    ReviewInboxController,
    StuckProjectsController,
    AuditController,
    PdfController,
    WorkbooksController,
    HealthController,
    MetricsController,
    CalendarController,
    DeadlinesController,
    FiscalYearController,
    MissingController,
    ChaseListPdfController,
]


def openapi_config() -> OpenAPIConfig:
    """OpenAPI 3.1 at /schema/openapi.json (JSON only: the HTML viewers need a CDN)."""
    return OpenAPIConfig(
        title="budget",
        version="0.1.0",
        description="Budgets and projects of Thailand's local governments (LAOs) and the DLA. "
        "Log in at POST /api/auth/login; send the token as `Authorization: Bearer ...`.",
        path="/schema",
        render_plugins=[JsonRenderPlugin()],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(type="http", scheme="bearer"),
                "session": SecurityScheme(type="apiKey", name=COOKIE, security_scheme_in="cookie"),
            }
        ),
        security=[{"bearer": []}, {"session": []}],
    )


async def before_handler(request: Request[Any, Any, Any]) -> Response[Any] | None:
    """The API's one before_request hook, after the guard: a JSON body checked (415, 400:
    budget.http.door), then a kept read answered from its address without its handler
    (budget.http.dashboards.routes `kept_by_address`), else None: on to the handler."""
    await check_json_body(request)
    return kept_by_address(request)


async def open_on_loop(app: Litestar) -> None:
    """The sessions read on the app's event loop, without a thread (PostgreSQL only:
    budget.http.prepared_reads)."""
    services = app.state.services
    if services.prepared is not None:
        await services.prepared.open_on_loop()
        services.sessions.listen()  # the ends of sessions announced (recent_sessions)


async def close_on_loop(app: Litestar) -> None:
    services = app.state.services
    if services.prepared is not None:
        if services.prepared.on_this_loop():  # the app that opened them
            services.sessions.stop_listening()
        await services.prepared.close_on_loop()


def create_app(owned: Services) -> Litestar:
    """The service on its Services: one BudgetOffice, the views and the projection runner
    that keeps them (started with the app, stopped with it)."""
    web = web_parts(owned.settings)  # the pages for people (budget.http.pages)
    app = Litestar(
        route_handlers=[
            Router(
                path="/",
                route_handlers=CONTROLLERS,
                guards=[guard],
                before_request=before_handler,
            ),
            *web.route_handlers,
        ],
        exception_handlers={**EXCEPTION_HANDLERS, **web.exception_handlers},
        template_config=web.template_config,
        csrf_config=web.csrf_config,
        middleware=[DefineMiddleware(RequestMiddleware, https=owned.settings.https)],
        # Litestar's logging, its queue's listener thread woken by none of the records
        # (budget.http.log_lines): the same lines, on standard error, in the same format
        logging_config=LoggingConfig(
            logging_module="logging", handlers={"queue_listener": handler_config()}
        ),
        openapi_config=openapi_config(),
        plugins=[MoneySchema()],
        type_decoders=MONEY_DECODERS,
        # no reports' warm-up here: `budget serve` loads the fonts and words before it serves
        # (bootstrap.worker_app); a thread loading them as the app started held the
        # interpreter against the follower while the first write waited for its views
        on_startup=[owned.start, open_on_loop],
        on_shutdown=[close_on_loop, owned.stop],
        debug=False,
    )
    app.state.services = owned
    check_sessions_in_handler_threads(app)
    return app
