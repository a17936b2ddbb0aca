"""Quarterly flows of money: what each event changed in a budget group's allocated,
obligated and disbursed, in the quarter of its business date; per LAO (lao_progress)
summed per province and LAO type (province_progress) and per LAO type for the nation
(national_progress), per LAO through each quarter, by group and in all groups
(province_lao_progress, what a province's dashboard lists), and per province through each
quarter, by type and group and in all (national_province_progress, what the national
dashboard lists), all running sums.

The figures as of the end of quarter q are the sums over quarters 1..q, exactly as
`budget.domain.budget_figures.figures_as_of` counts them: every event dated on or
before the day adds the change it made when it was applied, however late it was keyed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Connection, text

from budget.domain.fiscal import FiscalYear, quarter_of
from budget.domain.money import ZERO
from budget.projections.positions import lock_views
from budget.projections.tables import (
    lao_progress,
    national_progress,
    national_province_progress,
    province_lao_progress,
    province_progress,
)
from budget.projections.upsert import accumulate

BEFORE_THE_YEAR, AFTER_THE_YEAR = 1, 5
ALL_GROUPS = "all"  # province_lao_progress's group of every group together
ALL_TYPES = "all"  # national_province_progress's type of every LAO type together
# where an event's flows go: lao_code, fiscal_year, quarter, province_code, lao_type
Bucket = tuple[str, int, int, str, str]
K = TypeVar("K")
Effect = tuple[int, int, int]  # what one baht more changes in (allocated, obligated, disbursed)


@cache
def year_edges(fiscal_year: int) -> tuple[date, date]:
    """The first and the last day of a fiscal year."""
    year = FiscalYear(fiscal_year)
    return year.starts_on, year.ends_on


def quarter_in(fiscal_year: int, day: date) -> int:
    """The quarter a flow dated `day` counts in: 1 also takes what is dated before the
    fiscal year (drafting, enactment), 5 what is dated after it (carried-over payments)."""
    starts_on, ends_on = year_edges(fiscal_year)
    if day < starts_on:
        return BEFORE_THE_YEAR
    if day > ends_on:
        return AFTER_THE_YEAR
    return quarter_of(day)


class Flows:
    """A batch's flows by bucket and budget group, written as running sums."""

    def __init__(self) -> None:
        self.sums: dict[tuple[Bucket, str], list[Decimal]] = {}

    def add(self, bucket: Bucket, group: str, effect: Effect, amount: Decimal) -> None:
        if not amount:
            return
        sums = self.sums.get((bucket, group))
        if sums is None:
            sums = self.sums[(bucket, group)] = [Decimal(0), Decimal(0), Decimal(0)]
        for i in range(3):
            if effect[i]:
                sums[i] += effect[i] * amount

    def save(self, connection: Connection) -> None:
        by_lao: list[dict[str, Any]] = []
        by_province: dict[tuple[str, str, int, int, str], list[Decimal]] = {}
        through: dict[tuple[str, int, str, int, str], list[Decimal]] = {}
        types: dict[str, str] = {}
        for ((lao, year, quarter, province, lao_type), group), sums in self.sums.items():
            if not any(sums):
                continue
            by_lao.append(
                _row(
                    ("lao_code", "fiscal_year", "quarter", "budget_group"),
                    (lao, year, quarter, group),
                    sums,
                )
                | {"province_code": province, "lao_type": lao_type}
            )
            _add_into(by_province, (province, lao_type, year, quarter, group), sums)
            types[lao] = lao_type
            for later in range(quarter, AFTER_THE_YEAR + 1):  # every quarter's sum to date
                for into in (group, ALL_GROUPS):
                    _add_into(through, (province, year, into, later, lao), sums)
        by_nation: dict[tuple[str, int, int, str], list[Decimal]] = {}
        listed: dict[tuple[int, str, str, int, str], list[Decimal]] = {}
        for (province, lao_type, year, quarter, group), sums in by_province.items():
            _add_into(by_nation, (lao_type, year, quarter, group), sums)
            for later in range(quarter, AFTER_THE_YEAR + 1):
                for of_type in (lao_type, ALL_TYPES):
                    for into in (group, ALL_GROUPS):
                        _add_into(listed, (year, of_type, into, later, province), sums)
        accumulate(connection, lao_progress, by_lao, keep=("province_code", "lao_type"))
        accumulate(
            connection,
            province_progress,
            _rows(
                ("province_code", "lao_type", "fiscal_year", "quarter", "budget_group"), by_province
            ),
        )
        accumulate(
            connection,
            province_lao_progress,
            [
                row | {"lao_type": types[row["lao_code"]]}
                for row in _rows(
                    ("province_code", "fiscal_year", "budget_group", "quarter", "lao_code"), through
                )
            ],
            keep=("lao_type",),
        )
        accumulate(
            connection,
            national_province_progress,
            _rows(("fiscal_year", "lao_type", "budget_group", "quarter", "province_code"), listed),
        )
        accumulate(
            connection,
            national_progress,
            _rows(("lao_type", "fiscal_year", "quarter", "budget_group"), by_nation),
        )


# lao_progress summed as province_lao_progress keeps it (its columns, in order): through
# each quarter, in each row's group and in all groups together. Plain SQL for SQLite and
# PostgreSQL (money is summed as stored: whole satang in SQLite).
THROUGH_QUARTERS = (
    "SELECT l.province_code, l.fiscal_year, "
    f"CASE WHEN w.whole = 1 THEN '{ALL_GROUPS}' ELSE l.budget_group END, q.quarter, "
    "l.lao_code, max(l.lao_type), sum(l.allocated), sum(l.obligated), sum(l.disbursed) "
    "FROM lao_progress l "
    "JOIN (SELECT 1 AS quarter UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
    f"UNION ALL SELECT {AFTER_THE_YEAR}) q ON l.quarter <= q.quarter "
    "CROSS JOIN (SELECT 0 AS whole UNION ALL SELECT 1) w "
    "GROUP BY 1, 2, 3, 4, 5"
)


# province_progress summed as national_province_progress keeps it (its columns, in order).
PROVINCES_THROUGH_QUARTERS = (
    "SELECT p.fiscal_year, CASE WHEN t.whole = 1 THEN 'all' ELSE p.lao_type END, "
    "CASE WHEN w.whole = 1 THEN 'all' ELSE p.budget_group END, q.quarter, p.province_code, "
    "sum(p.allocated), sum(p.obligated), sum(p.disbursed) "
    "FROM province_progress p "
    "JOIN (SELECT 1 AS quarter UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
    f"UNION ALL SELECT {AFTER_THE_YEAR}) q ON p.quarter <= q.quarter "
    "CROSS JOIN (SELECT 0 AS whole UNION ALL SELECT 1) w "
    "CROSS JOIN (SELECT 0 AS whole UNION ALL SELECT 1) t "
    "GROUP BY 1, 2, 3, 4, 5"
)


def fill_national_province_progress(connection: Connection) -> None:
    """national_province_progress made from province_progress, for views kept before it
    (schema 0015), under the budget lines projection's lock."""
    lock_views(connection, ["budget_lines"])
    connection.execute(text(f"INSERT INTO national_province_progress {PROVINCES_THROUGH_QUARTERS}"))


def fill_province_lao_progress(connection: Connection) -> None:
    """province_lao_progress made from lao_progress, for views kept before it existed
    (schema 0010): the sums the budget lines projection keeps from then on. Under the
    projection's lock, so no batch of a follow loop is half in it."""
    lock_views(connection, ["budget_lines"])
    connection.execute(text(f"INSERT INTO province_lao_progress {THROUGH_QUARTERS}"))


def _row(names: tuple[str, ...], key: tuple[Any, ...], sums: list[Decimal]) -> dict[str, Any]:
    """A view's row: its key's columns, then the three running sums."""
    allocated, obligated, disbursed = sums
    return dict(zip(names, key, strict=True)) | {
        "allocated": allocated,
        "obligated": obligated,
        "disbursed": disbursed,
    }


def _rows(names: tuple[str, ...], buckets: dict[Any, list[Decimal]]) -> list[dict[str, Any]]:
    """A view's rows, one a bucket (its key's columns named by `names`)."""
    return [_row(names, key, sums) for key, sums in buckets.items()]


def _add_into(totals: dict[K, list[Decimal]], key: K, sums: list[Decimal]) -> None:
    """Add a bucket's three sums into a wider bucket's."""
    total = totals.setdefault(key, [ZERO, ZERO, ZERO])
    for i in range(3):
        total[i] += sums[i]
