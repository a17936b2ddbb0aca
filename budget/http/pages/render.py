"""Rendering a page: the template, and what every page shows (who is logged in, the
menu of their role, the language, the CSRF token of the forms)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig
from litestar.utils.scope.state import ScopeState

from budget.domain.access import Role
from budget.domain.calendar import today
from budget.domain.fiscal import FiscalYear
from budget.http.pages.forms import Form
from budget.http.pages.forms import see_other as see_other  # noqa: PLC0414 (re-exported)
from budget.http.pages.i18n import filters, lang_of, role_name
from budget.http.sessions import Session

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(filters())
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


@dataclass(frozen=True, slots=True)
class NavItem:
    href: str
    th: str
    en: str


def nav_for(session: Session | None) -> list[NavItem]:
    """The menu of a role."""
    if session is None:
        return []
    actor = session.actor
    role, place = actor.role, actor.acting_for
    if role in {Role.LAO_FINANCE, Role.LAO_EXECUTIVE}:
        return [
            NavItem(f"/laos/{place}", "หน้าหลัก อปท.", "LAO home"),
            NavItem(f"/laos/{place}/budget", "งบประมาณและรายการ", "Budget lines"),
            NavItem(f"/laos/{place}/reports", "รายงานผล", "Progress reports"),
        ]
    if role is Role.PROVINCIAL_REVIEWER:
        return [
            NavItem("/review", "รายงานรอตรวจ", "Review inbox"),
            NavItem(f"/provinces/{place}", "ภาพรวมจังหวัด", "Province"),
            NavItem(f"/stuck?province_code={place}", "โครงการล่าช้า", "Stuck projects"),
        ]
    if role is Role.DISTRICT_OFFICE:
        return [NavItem(f"/districts/{place}", "อปท. ในอำเภอ", "LAOs of the district")]
    items = [
        NavItem("/nation", "ภาพรวมประเทศ", "Nation"),
        NavItem("/rankings", "อันดับเทียบกลุ่ม", "Peer rankings"),
        NavItem("/stuck", "โครงการล่าช้า", "Stuck projects"),
    ]
    if role is Role.AUDITOR:
        items.insert(0, NavItem("/audit", "บันทึกตรวจสอบ", "Audit log"))
    if role in {Role.DLA_ADMINISTRATOR, Role.DLA_EXECUTIVE}:
        items.append(NavItem("/calendar", "ปฏิทินและเป้าหมาย", "Calendar and targets"))
    return items


def home_of(session: Session) -> str:
    """Where a role starts."""
    actor = session.actor
    if actor.role in {Role.LAO_FINANCE, Role.LAO_EXECUTIVE}:
        return f"/laos/{actor.acting_for}"
    if actor.role is Role.PROVINCIAL_REVIEWER:
        return "/review"
    if actor.role is Role.DISTRICT_OFFICE:
        return f"/districts/{actor.acting_for}"
    if actor.role is Role.AUDITOR:
        return "/audit"
    return "/nation"


def current_fiscal_year() -> int:
    return FiscalYear.of(today()).be_year


def translator(lang: str) -> Callable[[str, str], str]:
    def tr(th: str, en: str) -> str:
        return en if lang == "en" else th

    return tr


def session_of(request: Request[Any, Any, Any]) -> Session | None:
    user = request.scope.get("user")
    return user if isinstance(user, Session) else None


def here(request: Request[Any, Any, Any]) -> str:
    """The path and query of this request (to come back to after a language switch)."""
    query = request.scope.get("query_string", b"").decode("latin-1")
    return request.url.path + (f"?{query}" if query else "")


def page(
    request: Request[Any, Any, Any], template: str, *, status: int = 200, **context: Any
) -> Template:
    lang = lang_of(dict(request.cookies))
    session = session_of(request)
    common = {
        "lang": lang,
        "tr": translator(lang),
        "session": session,
        "role_label": role_name(session.actor.role, lang) if session else "",
        "nav": nav_for(session),
        "current": request.url.path,
        "here": quote(here(request), safe="/"),
        "csrf_token": ScopeState.from_scope(request.scope).csrf_token or "",
        "form_blank": Form(),
    }
    return Template(template_name=template, context={**common, **context}, status_code=status)


def safe_next(url: str | None, default: str = "/") -> str:
    """A local path to go on to (never another site)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url
