"""An annual budget as the views hold it: its header, its lines' balances (with the lapse
from 1 October and what was spent before the ordinance), and the year's money of an LAO."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from msgspec.structs import replace
from sqlalchemy import Connection, Select, bindparam, func, select

from budget.domain.calendar import today as thai_today
from budget.domain.fiscal import FiscalYear
from budget.domain.money import ZERO
from budget.projections.queries.funding import line_source
from budget.projections.queries.models import (
    BudgetHeader,
    LineBalance,
    struct_from,
)
from budget.projections.queries.shapes import Shape
from budget.projections.tables import (
    LINE_TEXTS,
    budget_line_balance,
    budget_line_before_enactment,
    budget_line_source,
    budget_line_text,
    budget_state,
)

SOURCE_COLUMNS = (
    "kind",
    "grantor",
    "unused",
    "council_resolution",
    "council_approved_on",
    "added_on",
    "reference",
)


def budget_header(connection: Connection, lao_code: str, fiscal_year: int) -> BudgetHeader | None:
    b = budget_state
    row = connection.execute(
        select(b).where(b.c.lao_code == lao_code, b.c.fiscal_year == fiscal_year)
    ).one_or_none()
    if row is None:
        return None
    return struct_from(BudgetHeader, row._mapping)


def budget_lines(
    connection: Connection, lao_code: str, fiscal_year: int, as_of: date | None = None
) -> list[LineBalance]:
    """Each line's balances, with what it spent under last year's ordinance before this
    year's was enacted. From 1 October after the year (`as_of`, default today in
    Thailand) nothing is available and what was neither paid nor carried over is shown
    lapsed, even before anyone closes the year: the lapse happens on that day (see
    AnnualBudget.close_year), the closing only records it. Each line says where its money
    comes from (`source`)."""
    b, e, s = budget_line_balance, budget_line_before_enactment, budget_line_source
    t = budget_line_text
    rows = connection.execute(
        select(b, budget_state.c.closed_on, e.c.spent.label("before"), e.c.counted)
        .add_columns(*(t.c[name] for name in LINE_TEXTS))
        .add_columns(*(s.c[name] for name in SOURCE_COLUMNS))
        .join(t, t.c.text_code == b.c.text_code)
        .join(budget_state, budget_state.c.budget_id == b.c.budget_id, isouter=True)
        .outerjoin(e, (e.c.budget_id == b.c.budget_id) & (e.c.line_code == b.c.line_code))
        .outerjoin(s, (s.c.budget_id == b.c.budget_id) & (s.c.line_code == b.c.line_code))
        .where(b.c.lao_code == lao_code, b.c.fiscal_year == fiscal_year)
        .order_by(b.c.line_code)
    )
    lapse = (as_of or thai_today()) > FiscalYear(fiscal_year).ends_on
    found = []
    for row in rows:
        line = struct_from(
            LineBalance,
            row._mapping,
            spent_before_enactment=row.before or ZERO,
            not_yet_counted=(row.before or ZERO) - (row.counted or ZERO),
            source=line_source(row),
        )
        if lapse:  # nothing new is spent after the year but carried money (`carried`)
            line.available = ZERO
            if row.closed_on is None:
                line.lapsed = line.allocated - line.paid - line.spent - line.carried
        # The savings still on the line: what contracts saved, as far as another project
        # has not reserved it again (savings made, summed over projects, count a baht saved
        # twice when it is reserved and saved again; what is left never exceeds what is
        # available, so nothing once the year has lapsed).
        found.append(replace(line, savings=min(line.savings, line.available)))
    return found


@cache
def year_money(shape: Shape) -> Select[Any]:
    """What an LAO's year (`lao_code`) paid under last year's ordinance before its own was
    enacted, what of it the enactment counted, and what lapsed to the accumulated funds
    (in the budget group, if the shape has one): a part of the LAO dashboard's statement
    (parts.py), one row read back by `year_money_of`. The lines are read from their index
    on LAO and year alone, which holds every column read here (schema 0026, line_index.py:
    an index-only scan of a few pages, where their rows took a page a line at the nation's
    size)."""
    b, e = budget_line_balance, budget_line_before_enactment
    where = [b.c.lao_code == bindparam("lao_code"), b.c.fiscal_year == bindparam("fiscal_year")]
    if "budget_group" in shape:
        where.append(b.c.budget_group == bindparam("budget_group"))
    # the LAO named on both sides: each is read by its index on lao_code
    same_line = (
        (e.c.budget_id == b.c.budget_id)
        & (e.c.line_code == b.c.line_code)
        & (e.c.lao_code == bindparam("lao_code"))
    )
    return (
        select(
            func.sum(e.c.spent).label("spent"),
            func.sum(e.c.counted).label("counted"),
            func.sum(b.c.lapsed).label("lapsed"),
        )
        .select_from(b.outerjoin(e, same_line))
        .where(*where)
    )


def year_money_of(rows: Sequence[tuple[Any, ...]]) -> tuple[Decimal, Decimal, Decimal]:
    """The row of a `year_money` part: spent before enactment, counted, lapsed."""
    spent, counted, lapsed = rows[0] if rows else (None, None, None)
    return (_money(spent), _money(counted), _money(lapsed))


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)
