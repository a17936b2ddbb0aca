"""Counts no row is at any more, deleted as if never written (stage_count's and its
national twin's): after a batch has added its changes (upsert.accumulate), a key whose
count the batch lowered may stand at zero, and only such a key."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete

from budget.projections.bulk_copy import delete_emptied
from budget.projections.upsert import FEW_ROWS

COUNT = "projects"  # the count whose zero empties a key; the first of a key's sums

# A count table, its key's columns, and the batch's changes by key (the count first).
Counted = tuple[Table, Sequence[str], Mapping[tuple[Any, ...], Sequence[Any]]]


def drop_emptied(connection: Connection, counted: Iterable[Counted]) -> None:
    """Delete the keys of each count table at zero now, of those the batch lowered. A live
    batch's few keys on PostgreSQL: an index lookup each (a scan of stage_count, 2,366
    rows at scale 0.1, took 0.27 ms a batch). Many, or SQLite: one scan of each table,
    bounded by provinces × types × groups × methods × stages (16,628 rows for the nation),
    not thousands of six-column keys matched row by row (over 10 s a batch at national
    scale)."""
    lowered = [(t, n, [k for k, sums in c.items() if sums[0] < 0]) for t, n, c in counted]
    if not any(keys for _, _, keys in lowered):
        return
    few = all(len(keys) <= FEW_ROWS for _, _, keys in lowered)
    for table, names, keys in lowered:
        if connection.dialect.name != "postgresql" or not few:
            connection.execute(_at_zero(table))
        elif keys:
            rows = [dict(zip(names, key, strict=True)) for key in keys]
            delete_emptied(connection, table, rows, COUNT)


@functools.cache
def _at_zero(table: Table) -> Any:
    """The DELETE of every key of `table` at zero: built once (issue 17: for each batch,
    the statements' construction cost the live follower more than their run)."""
    return delete(table).where(table.c[COUNT] == 0)
