"""Dashboards (national, province, LAO), peer rankings and the review inbox, straight
from the queries; the Filters are query parameters."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response
from litestar.di import NamedDependency, Provide
from msgspec.structs import replace

from budget.domain.access import Action
from budget.exports.answers import (
    inbox_tables,
    lao_tables,
    national_tables,
    project_tables,
    province_tables,
    ranking_tables,
)
from budget.http.exports import EXPORTED_LIST, Export, FormatQuery, TableQuery
from budget.http.guards import own_province, services_of
from budget.http.params import (
    LaoCodePath,
    ProvincePath,
    ProvinceQuery,
    provide_filters,
    provide_place_filters,
)
from budget.http.routing import action, reads
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import (
    Filters,
    LaoDashboard,
    NationalDashboard,
    Page,
    PageRequest,
    ProjectRow,
    ProvinceDashboard,
    RankedLao,
    ReportRow,
)

READ = action(Action.READ)


# A dashboard's one dependency, its Filters; `format` and `table` are its own parameters:
# two dependencies would be resolved in an anyio task group on every read (issue 17).
NATIONWIDE = {"filters": Provide(provide_filters, sync_to_thread=False)}
OF_A_PLACE = {"filters": Provide(provide_place_filters, sync_to_thread=False)}
NATIONWIDE_LIST = {"filters": Provide(provide_filters, sync_to_thread=False), **EXPORTED_LIST}


class DashboardsController(Controller):
    path = "/api/dashboards"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute

    @reads("/national", "nationalDashboard", READ, exported=True, dependencies=NATIONWIDE)
    def national(
        self,
        request: Request[Session, str, Any],
        filters: NamedDependency[Filters],
        file_format: FormatQuery = "json",
        table: TableQuery = None,
    ) -> Response[NationalDashboard]:
        """The nation (or what the filters narrow it to): curves, groups, provinces, stages."""
        board = services_of(request).kept(
            ("national", filters),
            lambda c: queries.national_dashboard(c, filters),
            reader=request.user.actor.user_id,
        )
        return Export(file_format, table).answer(
            board.value, national_tables, f"national-{filters.fiscal_year}", encoded=board.json
        )

    @reads(
        "/provinces/{province_code:str}",
        "provinceDashboard",
        READ,
        exported=True,
        dependencies=OF_A_PLACE,
    )
    def province(
        self,
        request: Request[Session, str, Any],
        province_code: ProvincePath,
        filters: NamedDependency[Filters],
        file_format: FormatQuery = "json",
        table: TableQuery = None,
    ) -> Response[ProvinceDashboard]:
        """One province: its LAOs side by side, its stages and its reports."""
        board = services_of(request).kept(
            ("province", province_code, filters),
            lambda c: queries.province_dashboard(c, province_code, filters),
            reader=request.user.actor.user_id,
        )
        name = f"province-{province_code}-{filters.fiscal_year}"
        return Export(file_format, table).answer(
            board.value, province_tables, name, encoded=board.json
        )

    @reads(
        "/authorities/{lao_code:str}", "laoDashboard", READ, exported=True, dependencies=OF_A_PLACE
    )
    def lao(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        filters: NamedDependency[Filters],
        file_format: FormatQuery = "json",
        table: TableQuery = None,
    ) -> Response[LaoDashboard]:
        """One LAO: its curves against the targets, its projects by stage, its reports."""
        board = services_of(request).kept(
            ("lao", lao_code, filters),
            lambda c: queries.lao_dashboard(c, lao_code, filters),
            reader=request.user.actor.user_id,
        )
        name = f"lao-{lao_code}-{filters.fiscal_year}"
        return Export(file_format, table).answer(board.value, lao_tables, name, encoded=board.json)


class RankingsController(Controller):
    path = "/api/rankings"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = NATIONWIDE_LIST

    @reads("/", "peerRanking", READ, exported=True)
    def ranking(
        self,
        request: Request[Session, str, Any],
        filters: NamedDependency[Filters],
        page: NamedDependency[PageRequest],
        export: NamedDependency[Export],
    ) -> Response[Page[RankedLao]]:
        """LAOs ranked among their peers (same type, same budget size band)."""
        ranked = services_of(request).kept(
            ("ranking", filters, page),
            lambda c: queries.peer_ranking(c, filters, page),
            reader=request.user.actor.user_id,
        )
        name = f"ranking-{filters.fiscal_year}"
        return export.answer(ranked.value, ranking_tables, name, encoded=ranked.json)


class StuckProjectsController(Controller):
    path = "/api/stuck-projects"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = NATIONWIDE_LIST

    @reads("/", "stuckProjects", action(Action.READ, scope="own"), exported=True)
    def stuck(
        self,
        request: Request[Session, str, Any],
        filters: NamedDependency[Filters],
        page: NamedDependency[PageRequest],
        export: NamedDependency[Export],
    ) -> Response[Page[ProjectRow]]:
        """Projects stuck in their stage, the longest first: a reviewer's province, or
        the nation (what the filters narrow it to); the stuck projects page's list."""
        province = own_province(request.user.actor, Action.READ, filters.province_code)
        narrowed = replace(filters, province_code=province)
        with services_of(request).read() as connection:
            listed = queries.projects(connection, narrowed, page, stuck_only=True)
        return export.answer(listed, project_tables, f"stuck-{filters.fiscal_year}")


class ReviewInboxController(Controller):
    path = "/api/review-inbox"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = EXPORTED_LIST

    @reads("/", "reviewInbox", action(Action.READ, scope="own"), exported=True)
    def inbox(
        self,
        request: Request[Session, str, Any],
        page: NamedDependency[PageRequest],
        export: NamedDependency[Export],
        province_code: ProvinceQuery = None,
    ) -> Response[Page[ReportRow]]:
        """Reports awaiting review, longest waiting first: a reviewer's province, or any."""
        province = own_province(request.user.actor, Action.READ, province_code)
        with services_of(request).read() as connection:
            waiting = queries.review_inbox(connection, province, page)
        return export.answer(waiting, inbox_tables, "review-inbox")
