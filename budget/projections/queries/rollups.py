"""A progress table's money summed several ways in one statement: per area (a province or
an LAO) and per LAO type, budget group and quarter, the latter folded into the totals,
groups, types and quarter curve a dashboard shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Table,
    bindparam,
    func,
    literal,
    null,
    select,
)
from sqlalchemy import tuple_ as row_of
from sqlalchemy import union_all as all_of

from budget.projections.queries.figures import Sums, money_sums
from budget.projections.queries.shapes import Shape, where
from budget.projections.tables import (
    authority,
    lao_progress,
    national_progress,
    province_progress,
)

# The finest split a dashboard needs beside its areas: every total, group, type and
# quarter figure is a sum of these rows (a few dozen, whatever the number of LAOs).
FINE = ("lao_type", "budget_group", "quarter")
Groupings = Mapping[str, Sequence[str]]
NATIONAL: Groupings = {"province": ["province_code"], "fine": FINE}
PROVINCES: Groupings = {"province": ["province_code"]}
PROVINCE: Groupings = {"lao": ["lao_code"], "fine": FINE}
LAO: Groupings = {"fine": FINE}


@cache
def national_sums(dialect: str, shape: Shape) -> Select[Any]:
    """The per-province running sums by province and by FINE."""
    t = province_progress
    return sums_by(t, NATIONAL, where(t, shape), dialect)


@cache
def province_totals(dialect: str, shape: Shape) -> Select[Any]:
    """The per-province running sums by province."""
    t = province_progress
    return sums_by(t, PROVINCES, where(t, shape), dialect)


@cache
def nation_sums(dialect: str, shape: Shape) -> Select[Any]:
    """The nation's running sums (no province asked) by FINE."""
    t = national_progress
    return sums_by(t, LAO, where(t, shape), dialect)


@cache
def province_sums(dialect: str, shape: Shape) -> Select[Any]:
    """A province's LAOs' sums by LAO, with its name, and by FINE."""
    t, a = lao_progress, authority
    sums = sums_by(t, PROVINCE, where(t, shape), dialect).subquery()
    # the names joined to the LAOs' sums, not to the rows summed
    known = (a.c.lao_code == sums.c.lao_code) & (a.c.province_code == bindparam("province_code"))
    return select(sums, a.c.name_th).select_from(sums.outerjoin(a, known))


@cache
def lao_sums(dialect: str, shape: Shape) -> Select[Any]:
    """One LAO's sums by FINE."""
    t = lao_progress
    return sums_by(t, LAO, [t.c.lao_code == bindparam("lao_code"), *where(t, shape)], dialect)


def sums_by(
    table: Table,
    groupings: Groupings,
    conditions: Sequence[ColumnElement[bool]],
    dialect: str,
) -> Select[Any]:
    """The money of `table`'s rows that meet `conditions`, summed per value of each
    grouping's columns. Columns: `grouped_by` (see `_mask`), every column any grouping
    names (NULL where its row's grouping does not), allocated, obligated and disbursed.
    PostgreSQL reads the rows once (GROUPING SETS); SQLite, once per grouping."""
    names = _columns(groupings)
    columns = [table.c[name] for name in names]
    if dialect == "postgresql":
        sets = [row_of(*(table.c[name] for name in keys)) for keys in groupings.values()]
        return (
            select(func.grouping(*columns).label("grouped_by"), *columns, *money_sums(table))
            .where(*conditions)
            .group_by(func.grouping_sets(*sets))
        )
    branches = [
        select(
            literal(_mask(names, keys)).label("grouped_by"),
            *(c if c.name in keys else null().label(c.name) for c in columns),
            *money_sums(table),
        )
        .where(*conditions)
        .group_by(*(table.c[name] for name in keys))
        for keys in groupings.values()
    ]
    return select(all_of(*branches).subquery())


def _columns(groupings: Groupings) -> list[str]:
    return list(dict.fromkeys(name for columns in groupings.values() for name in columns))


def _mask(names: Sequence[str], keys: Sequence[str]) -> int:
    """PostgreSQL's GROUPING() of every column: a bit set for each column a row of the
    grouping of `keys` is not grouped by (the bits of the first column highest)."""
    mask = 0
    for name in names:
        mask = mask * 2 + (name not in keys)
    return mask


class Found(NamedTuple):
    keys: tuple[Any, ...]  # the values of its grouping's columns, in their order
    sums: Sums
    more: tuple[Any, ...]  # what the statement selects after the sums (an LAO's name)


def read(
    connection: Connection,
    statement: Select[Any],
    groupings: Groupings,
    values: Mapping[str, Any],
) -> dict[str, list[Found]]:
    """The rows of a `sums_by` statement (or one selecting from it), by grouping. Read
    by position: a row's attributes cost ten times as much, on hundreds of rows."""
    names = _columns(groupings)
    which = {
        _mask(names, keys): (grouping, [1 + names.index(k) for k in keys])
        for grouping, keys in groupings.items()
    }
    money = 1 + len(names)
    found: dict[str, list[Found]] = {name: [] for name in groupings}
    for row in connection.execute(statement, values):
        grouping, positions = which[row[0]]
        sums = Sums(row[money], row[money + 1], row[money + 2])
        found[grouping].append(Found(tuple(row[i] for i in positions), sums, row[money + 3 :]))
    return found


class Fine:
    """Rows of the FINE grouping folded into a dashboard's total, groups, types and
    quarters (the quarters' flows, not yet cumulative)."""

    def __init__(self, rows: Sequence[Found]) -> None:
        groups: dict[str, Sums] = defaultdict(Sums)
        types: dict[str, Sums] = defaultdict(Sums)
        quarters: dict[int, Sums] = defaultdict(Sums)
        for (lao_type, group, quarter), found, _ in rows:
            for sums in (groups[group], types[lao_type], quarters[quarter]):
                sums.plus(found)
        self.total = Sums()
        for sums in groups.values():
            self.total.plus(sums)
        self.groups = dict(groups)
        self.types = dict(types)
        self.quarters = dict(quarters)


def areas(rows: Sequence[Found]) -> dict[str, Sums]:
    """Rows of a grouping by one column (a province, an LAO), by its value."""
    return {str(found.keys[0]): found.sums for found in rows}
