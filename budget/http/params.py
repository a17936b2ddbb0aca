"""Query parameters shared by the lists and dashboards: paging and the Filters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from litestar.params import PathParameter, QueryParameter

from budget.application.fields import FIRST_DAY, LAST_DAY
from budget.domain.authority_types import AuthorityType
from budget.domain.classification import BudgetGroup
from budget.domain.procurement import Method, Stage
from budget.http.problems import HttpProblem
from budget.projections.queries import AuditSearch, Filters, PageRequest
from budget.projections.queries.paging import MAX_LIMIT

Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000_000, description="rows to skip")]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="rows per page")]
FiscalYearQuery = Annotated[int, QueryParameter(ge=2500, le=2700, description="B.E., e.g. 2570")]
Quarter = Annotated[
    int | None,
    QueryParameter(
        ge=1,
        le=4,
        required=False,
        description="figures as they stood at the end of this quarter (none: the whole year)",
    ),
]
ProvinceQuery = Annotated[str | None, QueryParameter(min_length=1, max_length=10, required=False)]
LaoQuery = Annotated[str | None, QueryParameter(min_length=1, max_length=20, required=False)]
LaoTypeQuery = Annotated[AuthorityType | None, QueryParameter(required=False)]
GroupQuery = Annotated[BudgetGroup | None, QueryParameter(required=False)]
StageQuery = Annotated[Stage | None, QueryParameter(required=False)]
MethodQuery = Annotated[Method | None, QueryParameter(required=False)]


def provide_page(offset: Offset = 0, limit: Limit = 50) -> PageRequest:
    return PageRequest(offset=offset, limit=limit)


def provide_filters(
    *,
    fiscal_year: FiscalYearQuery,
    quarter: Quarter = None,
    province_code: ProvinceQuery = None,
    lao_type: LaoTypeQuery = None,
    budget_group: GroupQuery = None,
    stage: StageQuery = None,
    method: MethodQuery = None,
) -> Filters:
    """The Filters of nationwide views (a province among them)."""
    return Filters(
        fiscal_year=fiscal_year,
        quarter=quarter,
        province_code=province_code,
        lao_type=lao_type.value if lao_type else None,
        budget_group=budget_group.value if budget_group else None,
        stage=stage.value if stage else None,
        method=method.value if method else None,
    )


def provide_place_filters(
    *,
    fiscal_year: FiscalYearQuery,
    quarter: Quarter = None,
    lao_type: LaoTypeQuery = None,
    budget_group: GroupQuery = None,
    stage: StageQuery = None,
    method: MethodQuery = None,
) -> Filters:
    """The Filters of a view of one place (its path names the province or LAO)."""
    return provide_filters(
        fiscal_year=fiscal_year,
        quarter=quarter,
        lao_type=lao_type,
        budget_group=budget_group,
        stage=stage,
        method=method,
    )


def day_param(name: str, value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise HttpProblem(
            400,
            "invalid_request",
            f"{name}: give a date between {FIRST_DAY} and {LAST_DAY}",
            f"{name}: ต้องเป็นวันที่ระหว่าง {FIRST_DAY} ถึง {LAST_DAY}",
        )
    return value


def moment_param(name: str, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None or not FIRST_DAY <= value.date() <= LAST_DAY:
        raise HttpProblem(
            400,
            "invalid_request",
            f"{name}: give a moment with its timezone (RFC 3339), between {FIRST_DAY} and "
            f"{LAST_DAY}",
            f"{name}: ต้องระบุเวลาพร้อมเขตเวลา (RFC 3339)",
        )
    return value


def provide_audit_search(
    *,
    user_id: Annotated[str | None, QueryParameter(max_length=100)] = None,
    lao_code: LaoQuery = None,
    event_type: Annotated[str | None, QueryParameter(max_length=100)] = None,
    aggregate_id: Annotated[str | None, QueryParameter(max_length=36)] = None,
    recorded_from: Annotated[datetime | None, QueryParameter()] = None,
    recorded_until: Annotated[datetime | None, QueryParameter()] = None,
) -> AuditSearch:
    return AuditSearch(
        user_id=user_id,
        lao_code=lao_code,
        event_type=event_type,
        aggregate_id=aggregate_id,
        recorded_from=moment_param("recorded_from", recorded_from),
        recorded_until=moment_param("recorded_until", recorded_until),
    )


LaoCodePath = Annotated[str, PathParameter(min_length=1, max_length=20, description="LAO code")]
ProvincePath = Annotated[
    str, PathParameter(min_length=1, max_length=10, description="province code")
]
DistrictPath = Annotated[
    str,
    PathParameter(min_length=4, max_length=4, pattern="^[0-9]{4}$", description="district code"),
]
FiscalYearPath = Annotated[int, PathParameter(ge=2500, le=2700, description="B.E., e.g. 2570")]
# The path parameters naming what a write changes (see budget.http.routing.command_write):
# an LAO's budget of a year, an LAO, a fiscal year.
BUDGET = {"lao_code": LaoCodePath, "fiscal_year": FiscalYearPath}
LAO = {"lao_code": LaoCodePath}
YEAR = {"fiscal_year": FiscalYearPath}
