"""A view's row held in memory as an object with a slot per column instead of a dict.

A fold (fold.py) holds every budget line and project entry of the history until it
writes them: a line as a dict of its 25 columns took ~1,100 bytes of the ~1,400 it held
(scale 0.1: 130,000 lines drafted within the first three reads of the budget lines'
fold, which then passed FOLD_MIB and was saved part-way). With slots it takes ~220.
Read and written as a dict is (`row[name]`, `row[name] = value`: object's own attribute access, no
Python call between), so the rules of line_ledger.py read the same;
`mappings` turns rows back into dicts only where a statement wants mappings (SQLAlchemy's
executemany: SQLite, a few rows on PostgreSQL); COPY reads the slots themselves (turning
a fold's 142,000 lines and 110,000 entries into dicts to save them took ~200 MiB at once).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table


class Slotted:
    """A row of a view's table: one slot per column (`row_type` makes the class)."""

    __slots__ = ()
    columns: tuple[str, ...] = ()
    # object's own slot wrappers (they bind as methods do, with no Python call between),
    # so row[name] costs about what a dict's lookup costs
    __getitem__ = object.__getattribute__
    __setitem__ = object.__setattr__

    def mapping(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.columns}


@functools.cache
def row_type(table: Table, extra: tuple[str, ...] = ()) -> type[Slotted]:
    """The class of `table`'s rows held in slots, with a slot for each of `extra` too (what
    a batch keeps beside a row without writing it: COPY and `mapping` take the table's
    columns alone)."""
    columns = tuple(c.name for c in table.columns)
    name = f"{table.name}_row" + "".join(f"_{e}" for e in extra)
    return type(name, (Slotted,), {"__slots__": columns + extra, "columns": columns})


def slotted(table: Table, values: Mapping[str, Any], extra: tuple[str, ...] = ()) -> Any:
    """A row of `table` holding `values` (every column's, and those of `extra`)."""
    row = row_type(table, extra)()
    for name, value in values.items():
        setattr(row, name, value)
    return row


def mappings(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """`rows` as dicts (slotted rows turned back, dicts as they are)."""
    return [row.mapping() if isinstance(row, Slotted) else row for row in rows]


_SHARED: dict[Any, Any] = {}


def shared(value: Any) -> Any:
    """One object for every equal `value` held (an LAO's or a province's code, a year, a
    line's code: decoded afresh for each event, held by each of a fold's rows)."""
    return _SHARED.setdefault(value, value)
