"""Pages for people, served by the same app: Thai first, rendered on the server, every
script, style and font served by the app itself (no CDN).

`web_parts(settings)` gives the app factory what the pages need: their routes (behind
the same guard as the API, with HTML error pages), the static files, the templates, the
CSRF protection and the security headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from litestar.types import ExceptionHandlersMap

from budget.config import Settings
from budget.http.audit.pages import AuditPages
from budget.http.authorities.pages import LaoPages
from budget.http.calendar.pages import CalendarPages
from budget.http.dashboards.district import DistrictPages
from budget.http.dashboards.pages import OversightPages
from budget.http.dashboards.report_jobs import ReportJobPages
from budget.http.guards import guard
from budget.http.imports.pages import WorkbookPages
from budget.http.pages.errors import APP_EXCEPTION_HANDLERS, PAGE_EXCEPTION_HANDLERS
from budget.http.pages.home import HomePages
from budget.http.pages.render import STATIC, template_config
from budget.http.pages.security import csrf_config
from budget.http.projects.forms import PROJECT_FORMS
from budget.http.projects.pages import ProjectPages
from budget.http.reports.pages import REPORT_FORMS, ReportPages

PAGES: list[Any] = [
    HomePages,
    LaoPages,
    ProjectPages,
    *PROJECT_FORMS,
    ReportPages,
    *REPORT_FORMS,
    OversightPages,
    DistrictPages,
    AuditPages,
    WorkbookPages,
    ReportJobPages,
    CalendarPages,
]


def font_folder() -> Path:
    """The Sarabun family (OFL), as its PyPI package ships it."""
    import fontpkg

    return Path(fontpkg.path("Sarabun", 400)).parent


@dataclass(frozen=True, slots=True)
class WebParts:
    route_handlers: list[Any]
    template_config: TemplateConfig[Any]
    csrf_config: CSRFConfig
    exception_handlers: ExceptionHandlersMap


def web_parts(settings: Settings) -> WebParts:
    pages = Router(
        path="/",
        route_handlers=PAGES,
        guards=[guard],
        exception_handlers=PAGE_EXCEPTION_HANDLERS,
        include_in_schema=False,
    )
    static = create_static_files_router(
        path="/static", directories=[STATIC], opt={"public": True}, include_in_schema=False
    )
    fonts = create_static_files_router(
        path="/fonts", directories=[font_folder()], opt={"public": True}, include_in_schema=False
    )
    return WebParts(
        route_handlers=[pages, static, fonts],
        template_config=template_config(),
        csrf_config=csrf_config(settings),
        exception_handlers=APP_EXCEPTION_HANDLERS,
    )
