"""Where money comes from: each line's source, a project's (its line's), and the year's
money split by source for an LAO (budget_line_source, joined to the budget lines'
balances; a line with no row is the LAO's own revenue), a province or the nation (the
running sums of those lines, province_funding and national_funding)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, bindparam, func, select

from budget.domain.funding import FundingKind, UnusedGoesTo, UnusedGrant
from budget.domain.money import ZERO
from budget.projections.queries.figures import Sums, percent
from budget.projections.queries.funding_models import OWN, FundingRow, LineSource
from budget.projections.queries.models import Filters, struct_from
from budget.projections.queries.parts import Parts, one_statement, read_parts
from budget.projections.queries.shapes import PROGRESS, Shape, parameters
from budget.projections.tables import (
    budget_line_balance,
    budget_line_source,
    national_funding,
    province_funding,
)

ORDER = {kind.value: n for n, kind in enumerate(FundingKind)}
AREA_FILTERS = ("province_code", "lao_type", "budget_group")
AREA_SUMS = ("allocated", "obligated", "disbursed", "lapsed")
Row = tuple[Any, ...]


def goes_to(kind: str, unused: str | None) -> str:
    """Where a line's lapsed money goes (FundingSource.unused_goes_to, from the codes)."""
    if kind != FundingKind.SPECIFIC_GRANT.value:
        return UnusedGoesTo.ACCUMULATED_FUNDS.value
    if unused == UnusedGrant.CARRY.value:
        return UnusedGoesTo.CARRIED.value
    return UnusedGoesTo.GRANTOR.value


def line_source(row: Any) -> LineSource:
    """A line's source from a row of budget_line_source (None: the LAO's own revenue)."""
    if row is None or row.kind is None:
        return LineSource()
    return struct_from(LineSource, row._mapping, unused_goes_to=goes_to(row.kind, row.unused))


def project_source(
    connection: Connection, lao_code: str, fiscal_year: int, line_code: str
) -> LineSource:
    """The source of a project's money: its line's."""
    s = budget_line_source
    row = connection.execute(
        select(s).where(
            s.c.lao_code == lao_code, s.c.fiscal_year == fiscal_year, s.c.line_code == line_code
        )
    ).one_or_none()
    return line_source(row)


def funding_split(
    connection: Connection,
    filters: Filters,
    year: Sums,
    *,
    lao_code: str | None = None,
    lapsed: Decimal | None = None,
) -> list[FundingRow]:
    """The year's money by source (for grants, by grantor and rule) of the budgets the
    filters choose (fiscal year, province, LAO type, budget group; one LAO), as
    `split_of` folds the rows of `others` asked alone (a dashboard asks it as a part of
    its one statement)."""
    shape = tuple(parameters(filters, PROGRESS))
    values = parameters(filters, PROGRESS) | ({"lao_code": lao_code} if lao_code else {})
    statement = _alone(shape, lao_code is not None)
    return split_of(read_parts(connection, statement, values)["funding"], year, lapsed)


@cache
def _alone(shape: Shape, of_lao: bool) -> Parts:
    return one_statement({"funding": others(shape, of_lao)})


def split_of(rows: Sequence[Row], year: Sums, lapsed: Decimal | None = None) -> list[FundingRow]:
    """The money by source from the rows of an `others` part: the lines of other sources
    than the LAO's own revenue are few (budget_line_source, joined to their balances); the
    own revenue's is the rest of the year's totals, `year` (the progress running sums,
    every quarter), and of what `lapsed` (one LAO's) says lapsed."""
    found_others = [_row(row) for row in rows]
    own = FundingRow(
        kind=OWN,
        grantor="",
        unused_goes_to=goes_to(OWN, None),
        allocated=year.allocated - _sum(found_others, "allocated"),
        obligated=year.obligated - _sum(found_others, "obligated"),
        disbursed=year.disbursed - _sum(found_others, "disbursed"),
        lapsed=None if lapsed is None else lapsed - _sum(found_others, "lapsed"),
        disbursed_percent=ZERO,
    )
    own.disbursed_percent = percent(own.disbursed, own.allocated)
    found = [own] if any((own.allocated, own.obligated, own.disbursed, own.lapsed)) else []
    order = sorted(found_others, key=lambda r: (ORDER.get(r.kind, 99), r.grantor, r.unused_goes_to))
    return found + order


@cache
def others(shape: Shape, of_lao: bool) -> Select[Any]:
    """The money of the lines not funded by the LAO's own revenue, by source (a part of a
    dashboard's statement, parts.py), in the province, LAO type and budget group of the
    shape (PROGRESS; its quarter narrows nothing: the year as it stands): an LAO's lines
    of the year (`lao_code`) to their balances (`of_lao`), else the running sums of a
    province or the nation. obligated and disbursed as the budget lines count them
    (LineLedger): committed by contracts or spent without a project; paid, or spent."""
    if not of_lao:
        return _area_others(shape)
    s, b = budget_line_source, budget_line_balance
    conditions: list[ColumnElement[bool]] = [s.c.fiscal_year == bindparam("fiscal_year")]
    for name in ("province_code", "lao_type"):
        if name in shape:
            conditions.append(s.c[name] == bindparam(name))
    conditions.append(s.c.lao_code == bindparam("lao_code"))
    if "budget_group" in shape:
        conditions.append(b.c.budget_group == bindparam("budget_group"))
    spent = func.sum(b.c.spent)
    return (
        select(
            s.c.kind.label("source"),
            s.c.grantor,
            s.c.unused,
            func.sum(b.c.allocated).label("allocated"),
            (func.sum(b.c.committed) + spent).label("obligated"),
            (func.sum(b.c.paid) + spent).label("disbursed"),
            func.sum(b.c.lapsed).label("lapsed"),
        )
        .select_from(s.join(b, (b.c.budget_id == s.c.budget_id) & (b.c.line_code == s.c.line_code)))
        .where(*conditions)
        .group_by(s.c.kind, s.c.grantor, s.c.unused)
    )


def _area_others(shape: Shape) -> Select[Any]:
    """`others` of a province (province_funding) or the nation (national_funding): a few
    rows per LAO type, budget group and source, whatever the number of lines. A source
    whose grant letter says nothing of its unused money is kept as "" (a key column):
    NULL again here, as budget_line_source holds it."""
    t = province_funding if "province_code" in shape else national_funding
    narrowed = ("fiscal_year", *(n for n in AREA_FILTERS if n in shape))
    conditions = [t.c[name] == bindparam(name) for name in narrowed]
    return (
        select(
            t.c.kind.label("source"),
            t.c.grantor,
            func.nullif(t.c.unused, "").label("unused"),
            *(func.sum(t.c[name]).label(name) for name in AREA_SUMS),
        )
        .where(*conditions)
        .group_by(t.c.kind, t.c.grantor, t.c.unused)
    )


def _sum(rows: list[FundingRow], name: str) -> Decimal:
    return sum((getattr(row, name) or ZERO for row in rows), ZERO)


def _row(row: Row) -> FundingRow:
    """A row of an `others` part: its source, grantor and rule, and its four sums."""
    kind, grantor, unused, allocated, obligated, disbursed, lapsed = row
    allocated, disbursed = _money(allocated), _money(disbursed)
    return FundingRow(
        kind=kind,
        grantor=grantor,
        unused_goes_to=goes_to(kind, unused),
        allocated=allocated,
        obligated=_money(obligated),
        disbursed=disbursed,
        lapsed=_money(lapsed),
        disbursed_percent=percent(disbursed, allocated),
    )


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)


def source_of_lines(statement: Select[Any], projects: Table) -> Select[Any]:
    """`statement` over project_state with each project's source (its line's kind) as
    `source`: NULL for the LAO's own revenue."""
    s = budget_line_source
    return statement.add_columns(s.c.kind.label("source")).outerjoin(
        s,
        (s.c.lao_code == projects.c.lao_code)
        & (s.c.fiscal_year == projects.c.fiscal_year)
        & (s.c.line_code == projects.c.line_code),
    )
