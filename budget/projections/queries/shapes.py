"""Filters as bound parameters, so that a dashboard's statements are built once per
shape (which filters are set) and reused with new values: SQLAlchemy then neither
rebuilds a statement nor computes its cache key again, which cost about 1 ms a
statement, more than most of the dashboards' statements take to run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam

from budget.projections.queries.models import Filters

# What narrows the quarterly progress tables, and the projects and their stage counts.
PROGRESS = ("quarter", "lao_type", "budget_group", "province_code")
PROJECTS = ("province_code", "lao_type", "budget_group", "stage", "method")
Shape = tuple[str, ...]


def parameters(filters: Filters, names: Sequence[str]) -> dict[str, Any]:
    """The fiscal year and those of `names` that `filters` set, by name; its keys are the
    statement's shape."""
    found: dict[str, Any] = {"fiscal_year": filters.fiscal_year}
    for name in names:
        value = getattr(filters, name)
        if value is not None:
            found[name] = value
    return found


def where(table: Table, shape: Iterable[str]) -> list[ColumnElement[bool]]:
    """A condition on `table` for each parameter of `shape`: its column equals the
    parameter, but for the quarter, which takes every quarter up to the one asked."""
    return [
        table.c.quarter <= bindparam("quarter")
        if name == "quarter"
        else table.c[name] == bindparam(name)
        for name in shape
    ]


def equal_to(table: Table, **wanted: Any) -> list[ColumnElement[bool]]:
    """`table`'s columns equal to the values wanted; a None value narrows nothing."""
    return [table.c[name] == value for name, value in wanted.items() if value is not None]
