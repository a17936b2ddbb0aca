"""Dashboards (national, province, LAO), peer rankings and the review inbox, straight
from the queries; the Filters are query parameters."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide

from budget.domain.access import Action
from budget.http.guards import own_province, services_of
from budget.http.params import (
    LaoCodePath,
    ProvincePath,
    ProvinceQuery,
    provide_filters,
    provide_page,
    provide_place_filters,
)
from budget.http.routing import PROBLEMS, action, reads
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import (
    Filters,
    LaoDashboard,
    NationalDashboard,
    Page,
    PageRequest,
    ProvinceDashboard,
    RankedLao,
    ReportRow,
)

READ = action(Action.READ)


NATIONWIDE = {"filters": Provide(provide_filters, sync_to_thread=False)}
OF_A_PLACE = {"filters": Provide(provide_place_filters, sync_to_thread=False)}


class DashboardsController(Controller):
    path = "/api/dashboards"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute

    @reads("/national", "nationalDashboard", READ, dependencies=NATIONWIDE)
    def national(
        self, request: Request[Session, str, Any], filters: NamedDependency[Filters]
    ) -> NationalDashboard:
        """The nation (or what the filters narrow it to): curves, groups, provinces, stages."""
        return services_of(request).kept(
            ("national", filters), lambda c: queries.national_dashboard(c, filters)
        )

    @reads("/provinces/{province_code:str}", "provinceDashboard", READ, dependencies=OF_A_PLACE)
    def province(
        self,
        request: Request[Session, str, Any],
        province_code: ProvincePath,
        filters: NamedDependency[Filters],
    ) -> ProvinceDashboard:
        """One province: its LAOs side by side, its stages and its reports."""
        return services_of(request).kept(
            ("province", province_code, filters),
            lambda c: queries.province_dashboard(c, province_code, filters),
        )

    @reads("/authorities/{lao_code:str}", "laoDashboard", READ, dependencies=OF_A_PLACE)
    def lao(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        filters: NamedDependency[Filters],
    ) -> LaoDashboard:
        """One LAO: its curves against the targets, its projects by stage, its reports."""
        return services_of(request).kept(
            ("lao", lao_code, filters), lambda c: queries.lao_dashboard(c, lao_code, filters)
        )


class RankingsController(Controller):
    path = "/api/rankings"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {  # noqa: RUF012
        "filters": Provide(provide_filters, sync_to_thread=False),
        "page": Provide(provide_page, sync_to_thread=False),
    }

    @get("/", operation_id="peerRanking", sync_to_thread=True, responses=PROBLEMS, opt=READ)
    def ranking(
        self,
        request: Request[Session, str, Any],
        filters: NamedDependency[Filters],
        page: NamedDependency[PageRequest],
    ) -> Page[RankedLao]:
        """LAOs ranked among their peers (same type, same budget size band)."""
        return services_of(request).kept(
            ("ranking", filters, page), lambda c: queries.peer_ranking(c, filters, page)
        )


class ReviewInboxController(Controller):
    path = "/api/review-inbox"
    tags = ["reports"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {"page": Provide(provide_page, sync_to_thread=False)}  # noqa: RUF012

    @reads("/", "reviewInbox", action(Action.READ, scope="own"))
    def inbox(
        self,
        request: Request[Session, str, Any],
        page: NamedDependency[PageRequest],
        province_code: ProvinceQuery = None,
    ) -> Page[ReportRow]:
        """Reports awaiting review, longest waiting first: a reviewer's province, or any."""
        province = own_province(request.user.actor, Action.READ, province_code)
        with services_of(request).read() as connection:
            return queries.review_inbox(connection, province, page)
