"""The one place where SQLite and PostgreSQL differ: insert-or-update."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def upsert(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows`, replacing every non-key column of rows whose primary key exists."""
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        pg = postgresql.insert(table)
        keys = [c.name for c in table.primary_key.columns]
        updates = {c.name: pg.excluded[c.name] for c in table.columns if c.name not in keys}
        connection.execute(pg.on_conflict_do_update(index_elements=keys, set_=updates), rows)
        return
    if dialect == "sqlite":
        lite = sqlite.insert(table)
        keys = [c.name for c in table.primary_key.columns]
        updates = {c.name: lite.excluded[c.name] for c in table.columns if c.name not in keys}
        connection.execute(lite.on_conflict_do_update(index_elements=keys, set_=updates), rows)
        return
    msg = f"no upsert for the {dialect} dialect"
    raise NotImplementedError(msg)
