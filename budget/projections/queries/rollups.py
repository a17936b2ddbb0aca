"""The progress running sums a dashboard reads, as parts of its one statement (parts.py):
its finest split by LAO type, budget group and quarter (folded into its totals, groups,
types and quarter curve), and its areas (the nation's provinces, a province's LAOs).

Every table read here is kept by the budget lines projection (progress.py), so a part
reads few rows whatever the number of LAOs: a few dozen for the finest split, one row
per LAO of a province."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, select

from budget.projections.queries.figures import Sums
from budget.projections.queries.shapes import Shape, where
from budget.projections.tables import (
    authority,
    lao_progress,
    national_progress,
    national_province_progress,
    province_lao_progress,
    province_progress,
)

# The finest split a dashboard needs beside its areas: every total, group, type and
# quarter figure is a sum of these rows.
FINE = ("lao_type", "budget_group", "quarter")
MONEY = ("allocated", "obligated", "disbursed")
AFTER_THE_YEAR = 5  # province_lao_progress's last quarter: the whole year and after it
Row = tuple[Any, ...]


def _rows(table: Table, conditions: Sequence[Any]) -> Select[Any]:
    return select(*(table.c[name] for name in FINE + MONEY)).where(*conditions)


@cache
def fine(shape: Shape) -> Select[Any]:
    """The nation's or a province's running sums by FINE: each row one LAO type, group
    and quarter (national_progress, or province_progress when a province is asked)."""
    t = province_progress if "province_code" in shape else national_progress
    return _rows(t, where(t, shape))


@cache
def lao_fine(shape: Shape) -> Select[Any]:
    """One LAO's running sums by FINE (its rows of lao_progress: one per group and quarter)."""
    t = lao_progress
    return _rows(t, [t.c.lao_code == bindparam("lao_code"), *where(t, shape)])


@cache
def provinces() -> Select[Any]:
    """Each province through the quarter (`through`), of the LAO type (`in_type`: one, or
    "all") and in the group (`in_group`: one, or "all") asked: one row of
    national_province_progress each."""
    t = national_province_progress
    return select(t.c.province_code, *(t.c[name] for name in MONEY)).where(
        t.c.fiscal_year == bindparam("fiscal_year"),
        t.c.lao_type == bindparam("in_type"),
        t.c.budget_group == bindparam("in_group"),
        t.c.quarter == bindparam("through"),
    )


@cache
def province_laos(shape: Shape) -> Select[Any]:
    """Each LAO of a province with its name, through the quarter (`through`) and in the
    group (`in_group`: one, or "all") asked: one row of province_lao_progress each."""
    t, a = province_lao_progress, authority
    conditions = [
        t.c.province_code == bindparam("province_code"),
        t.c.fiscal_year == bindparam("fiscal_year"),
        t.c.budget_group == bindparam("in_group"),
        t.c.quarter == bindparam("through"),
    ]
    if "lao_type" in shape:
        conditions.append(t.c.lao_type == bindparam("lao_type"))
    # the names of the province's LAOs; one missing from the registry goes by its code
    named = (a.c.lao_code == t.c.lao_code) & (a.c.province_code == t.c.province_code)
    return (
        select(t.c.lao_code, *(t.c[name] for name in MONEY), a.c.name_th)
        .select_from(t.outerjoin(a, named))
        .where(*conditions)
    )


def through(quarter: int | None) -> int:
    """The quarter of province_lao_progress holding the sums up to `quarter` (None: the
    whole year, with what was paid after it)."""
    return AFTER_THE_YEAR if quarter is None else min(quarter, AFTER_THE_YEAR)


class Fine:
    """Rows of a FINE part folded into a dashboard's total, groups, types and quarters
    (the quarters' flows, not yet cumulative)."""

    def __init__(self, rows: Sequence[Row]) -> None:
        groups: dict[str, Sums] = defaultdict(Sums)
        types: dict[str, Sums] = defaultdict(Sums)
        quarters: dict[int, Sums] = defaultdict(Sums)
        for lao_type, group, quarter, allocated, obligated, disbursed in rows:
            for sums in (groups[group], types[lao_type], quarters[quarter]):
                sums.add(allocated, obligated, disbursed)
        self.total = Sums()
        for sums in groups.values():
            self.total.plus(sums)
        self.groups = dict(groups)
        self.types = dict(types)
        self.quarters = dict(quarters)
