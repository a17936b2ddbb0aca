"""Where money comes from: each line's source, a project's (its line's), and the year's
money split by source for an LAO, a province or the nation (budget_line_source, joined to
the budget lines' balances; a line with no row is the LAO's own revenue)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, func, literal, select

from budget.domain.funding import FundingKind, UnusedGoesTo, UnusedGrant
from budget.domain.money import ZERO
from budget.projections.queries.figures import percent
from budget.projections.queries.funding_models import OWN, FundingRow, LineSource
from budget.projections.queries.models import Filters
from budget.projections.tables import budget_line_balance, budget_line_source, budget_state

ORDER = {kind.value: n for n, kind in enumerate(FundingKind)}


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
    return LineSource(
        kind=row.kind,
        grantor=row.grantor,
        unused=row.unused,
        unused_goes_to=goes_to(row.kind, row.unused),
        council_resolution=row.council_resolution,
        council_approved_on=row.council_approved_on,
        added_on=row.added_on,
        reference=row.reference,
    )


def project_source(
    connection: Connection, lao_code: str, fiscal_year: int, line_code: str
) -> LineSource:
    """The source of a project's money: its line's."""
    s, b = budget_line_source, budget_state
    row = connection.execute(
        select(s)
        .join(b, b.c.budget_id == s.c.budget_id)
        .where(b.c.lao_code == lao_code, b.c.fiscal_year == fiscal_year)
        .where(s.c.line_code == line_code)
    ).one_or_none()
    return line_source(row)


def funding_split(
    connection: Connection, filters: Filters, *, lao_code: str | None = None
) -> list[FundingRow]:
    """The year's money by source (and, for grants, by grantor and rule) of the budget
    lines the filters choose (fiscal year, province, LAO type, budget group; one LAO)."""
    b, s = budget_line_balance, budget_line_source
    conditions: list[ColumnElement[bool]] = [b.c.fiscal_year == filters.fiscal_year]
    for name in ("province_code", "lao_type", "budget_group"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(b.c[name] == value)
    if lao_code is not None:
        conditions.append(b.c.lao_code == lao_code)
    kind = func.coalesce(s.c.kind, literal(OWN))
    grantor = func.coalesce(s.c.grantor, literal(""))
    rows = connection.execute(
        select(
            kind.label("kind"),
            grantor.label("grantor"),
            s.c.unused,
            func.count().label("lines"),
            func.sum(b.c.allocated).label("allocated"),
            func.sum(b.c.committed).label("committed"),
            func.sum(b.c.paid).label("paid"),
            func.sum(b.c.spent).label("spent"),
            func.sum(b.c.lapsed).label("lapsed"),
        )
        .select_from(
            b.outerjoin(s, (s.c.budget_id == b.c.budget_id) & (s.c.line_code == b.c.line_code))
        )
        .where(*conditions)
        .group_by(kind, grantor, s.c.unused)
    )
    found = [_row(row) for row in rows]
    return sorted(found, key=lambda r: (ORDER.get(r.kind, 99), r.grantor, r.unused_goes_to))


def _row(row: Any) -> FundingRow:
    """obligated and disbursed as the budget lines count them (LineLedger): committed by
    contracts or spent without a project; paid, or spent."""
    allocated, spent = _money(row.allocated), _money(row.spent)
    disbursed = _money(row.paid) + spent
    return FundingRow(
        kind=row.kind,
        grantor=row.grantor,
        unused_goes_to=goes_to(row.kind, row.unused),
        lines=int(row.lines),
        allocated=allocated,
        obligated=_money(row.committed) + spent,
        disbursed=disbursed,
        lapsed=_money(row.lapsed),
        disbursed_percent=percent(disbursed, allocated),
    )


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)


def source_of_lines(statement: Select[Any], projects: Table) -> Select[Any]:
    """`statement` over project_state with each project's source (its line's kind) as
    `source`: NULL for the LAO's own revenue."""
    b, s = budget_state, budget_line_source
    return (
        statement.add_columns(s.c.kind.label("source"))
        .outerjoin(
            b,
            (b.c.lao_code == projects.c.lao_code) & (b.c.fiscal_year == projects.c.fiscal_year),
        )
        .outerjoin(s, (s.c.budget_id == b.c.budget_id) & (s.c.line_code == projects.c.line_code))
    )
