"""The one place where SQLite and PostgreSQL differ: insert-or-update."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _insert(connection: Connection, table: Table) -> Any:
    """The dialect's INSERT, which has on_conflict_do_update."""
    dialect = connection.dialect.name
    if dialect not in _INSERTS:
        msg = f"the views need SQLite or PostgreSQL, not {dialect}"
        raise ValueError(msg)
    return _INSERTS[dialect](table)


def upsert(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows`, replacing every non-key column of rows whose primary key exists."""
    if not rows:
        return
    statement = _insert(connection, table)
    keys = [c.name for c in table.primary_key.columns]
    updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def accumulate(
    connection: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    keep: Collection[str] = (),
) -> None:
    """Add `rows` to running sums: a new key is inserted, an existing one has every
    non-key column increased by the row's value, except the `keep` columns (labels
    that follow from the key), which stay as first inserted."""
    if not rows:
        return
    statement = _insert(connection, table)
    keys = [c.name for c in table.primary_key.columns]
    sums = {
        c.name: table.c[c.name] + statement.excluded[c.name]
        for c in table.columns
        if c.name not in keys and c.name not in keep
    }
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=sums), rows)
