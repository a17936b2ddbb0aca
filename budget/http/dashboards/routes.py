"""Dashboards (national, province, LAO), peer rankings and the review inbox, straight
from the queries; the Filters are query parameters."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from litestar import Controller, Request, Response
from litestar.concurrency import sync_to_thread
from litestar.di import NamedDependency, Provide
from msgspec.structs import replace
from sqlalchemy import Connection

from budget.domain.access import Action
from budget.exports.answers import (
    inbox_tables,
    lao_tables,
    national_tables,
    project_tables,
    province_tables,
    ranking_tables,
)
from budget.exports.tables import Table
from budget.http.exports import EXPORTED_LIST, Export, FormatQuery, TableQuery
from budget.http.guards import PENDING, own_province, services_of
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
# a kept read: its JSON answer, once kept, is served from its address (`kept_by_address`)
KEPT_READ = {**READ, "kept": True}
T = TypeVar("T")

# The key of the kept answer each address of a kept read was answered from: its path and
# query string name the same route, parameters and Filters every time, so the key (and
# the 400 or 422 an address that does not parse gets) never changes. At most KEPT_ADDRESSES.
KEPT_ADDRESSES = 4096
_keys: dict[tuple[str, bytes], Hashable] = {}


def kept_by_address(request: Request[Session, str, Any]) -> Response[Any] | None:
    """The kept JSON answer of a kept read's address, as `kept_answer` would serve it, or
    None: Litestar's own path then (its parameters, the Filters, the handler). Asked by the
    API's before_request hook, after the guard (budget.http.app): a kept read's parameters
    and its dependency were resolved on every request only to find the same key (issue 17)."""
    if request.route_handler.opt.get("kept") is not True or PENDING.get() is not None:
        return None
    key = _keys.get((request.scope["path"], request.scope["query_string"]))
    if key is None:
        return None
    found = services_of(request).kept_now(key, reader=request.user.actor.user_id)
    if found is None or not found.encoded:
        return None
    return found.response()


def _remember_address(request: Request[Session, str, Any], key: Hashable) -> None:
    if len(_keys) >= KEPT_ADDRESSES:
        _keys.clear()
    _keys[(request.scope["path"], request.scope["query_string"])] = key


# A dashboard's one dependency, its Filters; `format` and `table` are its own parameters:
# two dependencies would be resolved in an anyio task group on every read (issue 17).
NATIONWIDE = {"filters": Provide(provide_filters, sync_to_thread=False)}
OF_A_PLACE = {"filters": Provide(provide_place_filters, sync_to_thread=False)}
NATIONWIDE_LIST = {"filters": Provide(provide_filters, sync_to_thread=False), **EXPORTED_LIST}


async def kept_answer(
    request: Request[Session, str, Any],
    export: Export,
    key: Hashable,
    compute: Callable[[Connection], T],
    *,
    tables: Callable[[T], list[Table]],
    name: str,
) -> Response[T]:
    """A read kept per `key` by the read cache (budget.http.services `kept`), for the
    requesting user, answered as its JSON (encoded once, sent by the ASGI response made once:
    read_cache.KeptResponse) or as the file `name`. A JSON
    answer kept and encoded is answered on the event loop when the session was checked
    there (issue 17: no hand-over to a thread); anything else in a worker thread, which
    first checks the session the guard left to it."""
    services = services_of(request)
    reader = request.user.actor.user_id
    pending = PENDING.get()
    if not export.wants_file:
        _remember_address(request, key)
    if not export.wants_file and pending is None:
        found = services.kept_now(key, reader=reader)
        if found is not None and found.encoded:
            return found.response()

    def in_thread() -> Response[T]:
        if pending is not None:
            pending.confirm()
        kept = services.kept(key, compute, reader=reader)
        if export.wants_file:
            return export.answer(kept.value, tables, name)
        return kept.response()

    return await sync_to_thread(in_thread)


class DashboardsController(Controller):
    path = "/api/dashboards"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute

    @reads(
        "/national",
        "nationalDashboard",
        KEPT_READ,
        exported=True,
        on_loop=True,
        dependencies=NATIONWIDE,
    )
    async def national(
        self,
        request: Request[Session, str, Any],
        filters: NamedDependency[Filters],
        file_format: FormatQuery = "json",
        table: TableQuery = None,
    ) -> Response[NationalDashboard]:
        """The nation (or what the filters narrow it to): curves, groups, provinces, stages."""
        return await kept_answer(
            request,
            Export(file_format, table),
            ("national", filters),
            lambda c: queries.national_dashboard(c, filters),
            tables=national_tables,
            name=f"national-{filters.fiscal_year}",
        )

    @reads(
        "/provinces/{province_code:str}",
        "provinceDashboard",
        KEPT_READ,
        exported=True,
        on_loop=True,
        dependencies=OF_A_PLACE,
    )
    async def province(
        self,
        request: Request[Session, str, Any],
        province_code: ProvincePath,
        filters: NamedDependency[Filters],
        file_format: FormatQuery = "json",
        table: TableQuery = None,
    ) -> Response[ProvinceDashboard]:
        """One province: its LAOs side by side, its stages and its reports."""
        return await kept_answer(
            request,
            Export(file_format, table),
            ("province", province_code, filters),
            lambda c: queries.province_dashboard(c, province_code, filters),
            tables=province_tables,
            name=f"province-{province_code}-{filters.fiscal_year}",
        )

    @reads(
        "/authorities/{lao_code:str}",
        "laoDashboard",
        KEPT_READ,
        exported=True,
        on_loop=True,
        dependencies=OF_A_PLACE,
    )
    async def lao(
        self,
        request: Request[Session, str, Any],
        lao_code: LaoCodePath,
        filters: NamedDependency[Filters],
        file_format: FormatQuery = "json",
        table: TableQuery = None,
    ) -> Response[LaoDashboard]:
        """One LAO: its curves against the targets, its projects by stage, its reports."""
        return await kept_answer(
            request,
            Export(file_format, table),
            ("lao", lao_code, filters),
            lambda c: queries.lao_dashboard(c, lao_code, filters),
            tables=lao_tables,
            name=f"lao-{lao_code}-{filters.fiscal_year}",
        )


class RankingsController(Controller):
    path = "/api/rankings"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = NATIONWIDE_LIST

    @reads("/", "peerRanking", KEPT_READ, exported=True, on_loop=True)
    async def ranking(
        self,
        request: Request[Session, str, Any],
        filters: NamedDependency[Filters],
        page: NamedDependency[PageRequest],
        export: NamedDependency[Export],
    ) -> Response[Page[RankedLao]]:
        """LAOs ranked among their peers (same type, same budget size band)."""
        return await kept_answer(
            request,
            export,
            ("ranking", filters, page),
            lambda c: queries.peer_ranking(c, filters, page),
            tables=ranking_tables,
            name=f"ranking-{filters.fiscal_year}",
        )


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
