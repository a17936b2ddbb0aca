"""The pages of those who oversee: DLA's national dashboard, a province's dashboard,
peer rankings, stuck projects, and the provincial reviewer's inbox. Filters live in
the URL; every row drills down (nation → province → LAO → project)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.response import Template

from budget.domain.access import Action
from budget.domain.calendar import today
from budget.http.guards import own_province, services_of
from budget.http.pages import charts
from budget.http.pages.filters import Chosen, options
from budget.http.pages.i18n import lang_of, type_name
from budget.http.pages.render import page
from budget.http.pages.tile_map import tiles
from budget.http.params import ProvincePath
from budget.http.routing import action
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import Filters, PageRequest
from budget.projections.queries.missing import DEFAULT_QUIET_DAYS, who_is_missing
from budget.registry.geography import province_name_th

READ = action(Action.READ)
OWN = action(Action.READ, scope="own")


MISSING_SHOWN = PageRequest(offset=0, limit=50)  # LAOs listed on a dashboard (the API pages)
TOP_SHOWN = PageRequest(offset=0, limit=10)  # the most stuck projects, the best peers


def _missing(connection: Any, fiscal_year: int, province_code: str | None) -> dict[str, Any]:
    """Who is missing, for a dashboard: the counts (per province, then the total) and
    the LAOs missing the most."""
    found = who_is_missing(
        connection, fiscal_year, today(), MISSING_SHOWN, province_code=province_code
    )
    counts = found.counts
    if province_code is not None:
        counts = counts[-1:]  # the province's own total
    return {
        "counts": counts,
        "laos": found.laos.items,
        "more": max(0, found.laos.total - len(found.laos.items)),
        "quiet_days": DEFAULT_QUIET_DAYS,
        "national": province_code is None,
        "province": province_code,
        "names": {
            c.province_code: province_name_th(c.province_code) for c in counts if c.province_code
        },
    }


def _common(request: Request[Any, Any, Any]) -> tuple[Chosen, str, dict[str, Any]]:
    chosen = Chosen.of(request)
    lang = lang_of(dict(request.cookies))
    return chosen, lang, options(lang, chosen.fiscal_year)


def _own_filters(request: Request[Session, Any, Any], chosen: Chosen) -> Filters:
    """The filters chosen, the province narrowed to a provincial reviewer's own."""
    province = own_province(request.user.actor, Action.READ, chosen.province_code)
    return msgspec.structs.replace(chosen, province_code=province).filters()


class OversightPages(Controller):
    path = "/"
    include_in_schema = False

    @get("/nation", opt=READ, sync_to_thread=True)
    def nation(self, request: Request[Session, Any, Any]) -> Template:
        """Disbursement against the quarterly targets, by province, LAO type, budget
        group, stage and method; the most stuck projects and the best peers."""
        chosen, lang, opts = _common(request)
        filters = chosen.filters()
        with services_of(request).read() as connection:
            dashboard = queries.national_dashboard(connection, filters)
            stuck = queries.projects(connection, filters, TOP_SHOWN, stuck_only=True)
            ranking = queries.peer_ranking(connection, filters, TOP_SHOWN)
            missing = _missing(connection, chosen.fiscal_year, None)
            multiples = [
                (
                    type_name(t.key, lang),
                    tiles(
                        queries.national_dashboard(
                            connection, msgspec.structs.replace(filters, lao_type=t.key)
                        ).by_province
                    ),
                )
                for t in dashboard.by_lao_type
                if t.progress.allocated > 0 and filters.lao_type is None
            ]
        return page(
            request,
            "nation.html",
            tiles=tiles(dashboard.by_province),
            multiples=multiples,
            missing=missing,
            d=dashboard,
            chosen=chosen,
            opts=opts,
            stuck=stuck,
            ranking=ranking,
            curve=charts.quarter_curve(dashboard.by_quarter, lang),
            province_chart=charts.areas(dashboard.by_province, lang, limit=80),
            type_chart=charts.areas(dashboard.by_lao_type, lang),
            group_chart=charts.groups(dashboard.by_group, lang),
            stage_chart=charts.stages(dashboard.stages, lang),
        )

    @get("/provinces/{province_code:str}", opt=READ, sync_to_thread=True)
    def province(
        self, request: Request[Session, Any, Any], province_code: ProvincePath
    ) -> Template:
        """One province: its LAOs side by side, its stages and its reports."""
        chosen, lang, opts = _common(request)
        with services_of(request).read() as connection:
            dashboard = queries.province_dashboard(
                connection, province_code, chosen.filters(nationwide=False)
            )
            of_province = msgspec.structs.replace(chosen, province_code=province_code)
            stuck = queries.projects(connection, of_province.filters(), TOP_SHOWN, stuck_only=True)
            missing = _missing(connection, chosen.fiscal_year, province_code)
        return page(
            request,
            "province.html",
            missing=missing,
            d=dashboard,
            chosen=chosen,
            opts=opts,
            stuck=stuck,
            curve=charts.quarter_curve(dashboard.by_quarter, lang),
            lao_chart=charts.areas(dashboard.by_lao, lang, limit=60),
            stage_chart=charts.stages(dashboard.stages, lang),
        )

    @get("/rankings", opt=OWN, sync_to_thread=True)
    def rankings(self, request: Request[Session, Any, Any]) -> Template:
        """LAOs ranked among their peers (same type and budget size)."""
        chosen, _, opts = _common(request)
        filters = _own_filters(request, chosen)
        with services_of(request).read() as connection:
            ranking = queries.peer_ranking(connection, filters, chosen.page())
        return page(request, "rankings.html", ranking=ranking, chosen=chosen, opts=opts)

    @get("/stuck", opt=OWN, sync_to_thread=True)
    def stuck(self, request: Request[Session, Any, Any]) -> Template:
        """Projects stuck in a stage, the longest first."""
        chosen, _, opts = _common(request)
        filters = _own_filters(request, chosen)
        with services_of(request).read() as connection:
            listed = queries.projects(connection, filters, chosen.page(), stuck_only=True)
        return page(request, "stuck.html", stuck=listed, chosen=chosen, opts=opts)

    @get("/review", opt=OWN, sync_to_thread=True)
    def review(self, request: Request[Session, Any, Any]) -> Template:
        """Reports awaiting review, the longest waiting first."""
        chosen = Chosen.of(request)
        province = own_province(request.user.actor, Action.READ, chosen.province_code)
        with services_of(request).read() as connection:
            inbox = queries.review_inbox(connection, province, chosen.page())
        return page(
            request, "inbox.html", inbox=inbox, chosen=chosen, province=province, today=today()
        )
