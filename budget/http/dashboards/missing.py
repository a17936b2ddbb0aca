"""Who is missing, for DLA and the provincial offices: every LAO with no budget, a budget
not enacted, no report, a report overdue or no entry for N days, counted per province and
for the nation and listed a page at a time (those missing something, the most first), as
JSON or as a file (budget.http.exports: every LAO listed up to its limit)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from budget.domain.access import Action
from budget.exports.answers import missing_tables
from budget.http.calendar.routes import AsOfQuery, day_asked
from budget.http.exports import EXPORTED_LIST, Export
from budget.http.guards import own_province, services_of
from budget.http.params import FiscalYearQuery, ProvinceQuery
from budget.http.routing import action, reads
from budget.http.sessions import Session
from budget.projections.queries import PageRequest
from budget.projections.queries.missing import (
    DEFAULT_QUIET_DAYS,
    MissingCount,
    MissingLao,
    who_is_missing,
)

QuietQuery = Annotated[
    int, QueryParameter(ge=1, le=366, description="days without an entry that count as quiet")
]


class MissingOut(msgspec.Struct, kw_only=True):
    fiscal_year: int
    as_of: date
    quiet_days: int
    counts: list[MissingCount]  # per province, the nation last
    laos: Annotated[
        list[MissingLao],
        msgspec.Meta(
            description="a page (offset, limit) of the LAOs missing something, the most first; "
            "all of them before paging: read on with offset until total"
        ),
    ]
    total: Annotated[int, msgspec.Meta(description="the LAOs missing something, on every page")]
    offset: int
    limit: int


class MissingController(Controller):
    path = "/api/missing"
    tags = ["dashboards"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = EXPORTED_LIST

    @reads("/", "listMissing", action(Action.READ, scope="own"), exported=True)
    def missing(
        self,
        request: Request[Session, str, Any],
        *,
        export: NamedDependency[Export],
        page: NamedDependency[PageRequest],
        fiscal_year: FiscalYearQuery,
        province_code: ProvinceQuery = None,
        as_of: AsOfQuery = None,
        quiet_days: QuietQuery = DEFAULT_QUIET_DAYS,
    ) -> Response[MissingOut]:
        """What DLA (or a province's reviewer, for their province) cannot see yet; as a
        file (`format=csv|xlsx`), the LAOs missing something (`table=laos`, a CSV's
        table) and the counts (`table=counts`) to sort, print or send. `laos` is a page
        (`offset`, `limit`: 50, at most 500) of the `total` LAOs missing something; a file
        without `limit` lists all of them up to 10,000."""
        found = _missing(
            request,
            page,
            fiscal_year,
            province_code=province_code,
            as_of=as_of,
            quiet_days=quiet_days,
        )
        place = province_code or "national"
        name = f"missing-{place}-{fiscal_year}-{found.as_of.isoformat()}"
        return export.answer(found, missing_tables, name)


def _missing(
    request: Request[Session, str, Any],
    page: PageRequest,
    fiscal_year: int,
    *,
    province_code: str | None,
    as_of: date | None,
    quiet_days: int,
) -> MissingOut:
    province = own_province(request.user.actor, Action.READ, province_code)
    day = day_asked(as_of)
    with services_of(request).read() as connection:
        found = who_is_missing(
            connection, fiscal_year, day, page, province_code=province, quiet_days=quiet_days
        )
    return MissingOut(
        fiscal_year=fiscal_year,
        as_of=day,
        quiet_days=quiet_days,
        counts=found.counts,
        laos=found.laos.items,
        total=found.laos.total,
        offset=found.laos.offset,
        limit=found.laos.limit,
    )
