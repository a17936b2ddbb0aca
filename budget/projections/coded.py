"""A view table's texts moved out of its rows into a table of their own, where each
distinct set of them is kept once by its code (named.texts_code), each row holding the
code: the conversion of views made before (schema 0022, a budget line's texts out of its
balances: line_texts.py; 0023, who recorded an audit entry out of its row:
audit_actors.py).

Each schema's PostgreSQL statements are its own (they are the versioned file's, the code
worked out in SQL); on SQLite, which has no MD5, the codes are worked out here, then the
code added to every row and the texts' columns dropped."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, Table, inspect, text

from budget.projections.upsert import upsert


def move_to_codes(
    connection: Connection,
    table: Table,
    codes: Table,
    *,
    moved: Sequence[str],
    code: Callable[..., int],
    postgresql: Sequence[str],
    optional: bool = False,
) -> None:
    """Views whose `table` still holds the `moved` columns: each distinct set of their
    values kept once in `codes` (created before this by the tables' description; its key
    is the code column `table` is to hold), by its code (`code` of the values, in the order
    of `moved`), each row of `table` holding it. `optional`: a row whose first moved
    column is NULL has none of the texts and holds no code (NULL). On PostgreSQL by the
    `postgresql` statements."""
    found = inspect(connection)
    if not found.has_table(table.name):
        return
    if not set(moved) <= {column["name"] for column in found.get_columns(table.name)}:
        return
    if connection.dialect.name == "postgresql":
        for statement in postgresql:
            connection.execute(text(statement))
        return
    (code_column,) = (c.name for c in codes.primary_key.columns)
    key = [c.name for c in table.primary_key.columns]
    rows = connection.execute(text(f"SELECT {', '.join([*key, *moved])} FROM {table.name}")).all()
    kept: dict[int, dict[str, object]] = {}
    coded = []
    for row in rows:
        values = row[len(key) :]
        if optional and values[0] is None:
            continue  # none of the texts: its code stays NULL
        row_code = code(*values)
        kept.setdefault(row_code, dict(zip(moved, values, strict=True)))
        coded.append({code_column: row_code, **dict(zip(key, row[: len(key)], strict=True))})
    added = f"{code_column} BIGINT" if optional else f"{code_column} BIGINT NOT NULL DEFAULT 0"
    connection.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {added}"))
    if coded:
        upsert(connection, codes, [{code_column: c, **v} for c, v in kept.items()], leave=True)
        where = " AND ".join(f"{name} = :{name}" for name in key)
        setting = f"SET {code_column} = :{code_column} WHERE {where}"
        connection.execute(text(f"UPDATE {table.name} {setting}"), coded)
    for name in moved:
        connection.execute(text(f"ALTER TABLE {table.name} DROP COLUMN {name}"))
