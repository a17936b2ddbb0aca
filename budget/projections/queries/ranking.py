"""Peer ranking: each LAO against LAOs of the same type and budget size band, on
disbursement progress, timeliness of its reports and projects stuck in a stage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from sqlalchemy import Connection, func, select

from budget.domain.calendar import today as thai_today
from budget.domain.money import ZERO
from budget.projections.queries.figures import percent, progress_conditions
from budget.projections.queries.models import Filters, Page, PageRequest, RankedLao
from budget.projections.queries.paging import check
from budget.projections.queries.stages import DEFAULT_STUCK_DAYS, stuck_condition
from budget.projections.tables import authority, lao_progress, project_state, report_state

# Budget size bands (allocated baht, lower bounds): peers have budgets of the same order.
SIZE_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(1_000_000_000), "1000m+"),
    (Decimal(300_000_000), "300m-1000m"),
    (Decimal(100_000_000), "100m-300m"),
    (Decimal(50_000_000), "50m-100m"),
    (Decimal(20_000_000), "20m-50m"),
    (Decimal(0), "0-20m"),
)


NO_DATA = "no_data"  # the "band" of an LAO with no budget that year


def size_band(allocated: Decimal) -> str:
    return next(name for floor, name in SIZE_BANDS if allocated >= floor)


@dataclass(slots=True)
class _Lao:
    code: str
    name: str
    province_code: str
    lao_type: str
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO
    days_late: Decimal | None = None
    stuck: int = 0

    @property
    def disbursed_percent(self) -> Decimal:
        return percent(self.disbursed, self.allocated)


def peer_ranking(
    connection: Connection,
    filters: Filters,
    page: PageRequest,
    *,
    today: date | None = None,
    stuck_days: int = DEFAULT_STUCK_DAYS,
    lao_code: str | None = None,
) -> Page[RankedLao]:
    """Every LAO ranked within its peer group (nationwide: a province filter narrows the
    list shown, not the peers). Best first within each group; `lao_code`: that LAO only.
    An LAO with no budget that year is listed after them as "no data", never left out."""
    check(page)
    peers_filter = Filters(
        fiscal_year=filters.fiscal_year,
        quarter=filters.quarter,
        lao_type=filters.lao_type,
        budget_group=filters.budget_group,
    )
    found = _laos(connection, peers_filter, today or thai_today(), stuck_days)
    laos = {code: lao for code, lao in found.items() if lao.allocated}
    unranked = {code: lao for code, lao in found.items() if not lao.allocated}
    groups: dict[tuple[str, str], list[_Lao]] = defaultdict(list)
    for lao in laos.values():
        groups[(lao.lao_type, size_band(lao.allocated))].append(lao)
    ranked = [row for key, members in sorted(groups.items()) for row in _rank(key, members)]
    ranked += [_no_data(lao) for code, lao in sorted(unranked.items())]
    shown = [
        r
        for r in ranked
        if (filters.province_code is None or r.province_code == filters.province_code)
        and (lao_code is None or r.lao_code == lao_code)
    ]
    return Page(
        items=shown[page.offset : page.offset + page.limit],
        total=len(shown),
        offset=page.offset,
        limit=page.limit,
    )


def _laos(
    connection: Connection, filters: Filters, today: date, stuck_days: int
) -> dict[str, _Lao]:
    a = authority
    conditions = [a.c.merged_into == ""]
    if filters.lao_type is not None:
        conditions.append(a.c.lao_type == filters.lao_type)
    laos = {
        row.lao_code: _Lao(row.lao_code, row.name_th, row.province_code, row.lao_type)
        for row in connection.execute(
            select(a.c.lao_code, a.c.name_th, a.c.province_code, a.c.lao_type).where(*conditions)
        )
    }
    t = lao_progress
    sums = connection.execute(
        select(t.c.lao_code, func.sum(t.c.allocated), func.sum(t.c.disbursed))
        .where(*progress_conditions(t, filters))
        .group_by(t.c.lao_code)
    )
    for code, allocated, disbursed in sums.all():
        if code in laos:
            laos[code].allocated = cast(Decimal, allocated)
            laos[code].disbursed = cast(Decimal, disbursed)
    r = report_state
    late = func.avg(_days_between(connection, r.c.period_ends_on, r.c.first_submitted_on))
    reports = connection.execute(
        select(r.c.lao_code, late)
        .where(r.c.fiscal_year == filters.fiscal_year, r.c.first_submitted_on.is_not(None))
        .group_by(r.c.lao_code)
    )
    for code, days in reports:
        if code in laos and days is not None:
            laos[code].days_late = max(ZERO, Decimal(str(days))).quantize(Decimal("0.1"))
    p = project_state
    stuck = connection.execute(
        select(p.c.lao_code, func.count())
        .where(p.c.fiscal_year == filters.fiscal_year, stuck_condition(today, stuck_days))
        .group_by(p.c.lao_code)
    )
    for code, count in stuck.all():
        if code in laos:
            laos[code].stuck = cast(int, count)
    return laos  # those without a budget for the year (nothing to rank on) too


def _days_between(connection: Connection, start: object, end: object) -> object:
    """Days from `start` to `end` (two DATE columns) in this database's arithmetic."""
    if connection.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start  # type: ignore[operator]  # PostgreSQL: date - date is days


def _ranks(members: Sequence[_Lao], key: Callable[[_Lao], object]) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) by `key`, smallest first."""
    ordered = sorted(members, key=key)  # type: ignore[arg-type]
    ranks: dict[str, int] = {}
    previous: object = None
    for n, lao in enumerate(ordered, start=1):
        value = key(lao)
        ranks[lao.code] = ranks[ordered[n - 2].code] if n > 1 and value == previous else n
        previous = value
    return ranks


def _no_data(lao: _Lao) -> RankedLao:
    """An LAO with nothing to be ranked on: listed as "no data"."""
    return RankedLao(
        lao_code=lao.code,
        name=lao.name,
        province_code=lao.province_code,
        lao_type=lao.lao_type,
        size_band=NO_DATA,
        peers=0,
        allocated=ZERO,
        disbursed_percent=ZERO,
        average_days_late=lao.days_late,
        stuck_projects=lao.stuck,
        disbursement_rank=0,
        timeliness_rank=0,
        stuck_rank=0,
        rank=0,
        no_data=True,
    )


def _rank(group: tuple[str, str], members: list[_Lao]) -> list[RankedLao]:
    never = Decimal(10**6)  # an LAO that never submitted is the latest of all
    disbursement = _ranks(members, lambda m: -m.disbursed_percent)
    timeliness = _ranks(members, lambda m: never if m.days_late is None else m.days_late)
    stuck = _ranks(members, lambda m: m.stuck)
    overall = _ranks(members, lambda m: disbursement[m.code] + timeliness[m.code] + stuck[m.code])
    rows = [
        RankedLao(
            lao_code=m.code,
            name=m.name,
            province_code=m.province_code,
            lao_type=m.lao_type,
            size_band=group[1],
            peers=len(members),
            allocated=m.allocated,
            disbursed_percent=m.disbursed_percent,
            average_days_late=m.days_late,
            stuck_projects=m.stuck,
            disbursement_rank=disbursement[m.code],
            timeliness_rank=timeliness[m.code],
            stuck_rank=stuck[m.code],
            rank=overall[m.code],
        )
        for m in members
    ]
    rows.sort(key=lambda r: (r.rank, r.lao_code))
    return rows
