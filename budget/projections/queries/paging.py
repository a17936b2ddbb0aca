"""Paging: a bounded slice of an ordered SELECT, with the total it was cut from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, func, select

from budget.projections.queries.models import Page, PageRequest

T = TypeVar("T")
MAX_LIMIT = 500  # a page of the API
DEFAULT_LIMIT = 50
EXPORT_LIMIT = 10_000  # a list written to a file (budget.http.exports)


class PagingError(ValueError):
    """A page request outside what a list can give (negative offset, limit 0 or too big)."""


def check(request: PageRequest) -> None:
    if request.offset < 0:
        raise PagingError("offset must be 0 or more")
    if not 1 <= request.limit <= EXPORT_LIMIT:
        raise PagingError(f"limit must be 1 to {EXPORT_LIMIT}")


def paged(
    connection: Connection,
    statement: Select[Any],
    request: PageRequest,
    build: Callable[[Any], T],
) -> Page[T]:
    """`statement` (already ordered) cut to the requested page."""
    check(request)
    total = connection.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    rows = connection.execute(statement.offset(request.offset).limit(request.limit))
    return Page(
        items=[build(row) for row in rows],
        total=int(total),
        offset=request.offset,
        limit=request.limit,
    )
