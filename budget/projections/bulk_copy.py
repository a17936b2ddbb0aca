"""PostgreSQL's bulk path of the views' writes (upsert.py): a big batch's rows sent by COPY,
into the table itself (new rows) or into its temporary twin, then moved in with one
statement per table and batch (UPDATE ... FROM, or INSERT ... SELECT ... ON CONFLICT)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from psycopg import sql
from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

from budget.projections.tables import Money, whole_satang

Row = Mapping[str, Any]


def table_schema(connection: Connection, table: Table) -> str | None:
    """The table's schema as this connection sees it (honouring a schema translation)."""
    translate = connection.get_execution_options().get("schema_translate_map") or {}
    schema: str | None = translate.get(table.schema, table.schema)
    return schema


def target_of(connection: Connection, table: Table) -> sql.Identifier:
    schema = table_schema(connection, table)
    return sql.Identifier(schema, table.name) if schema else sql.Identifier(table.name)


def copy_rows(
    connection: Connection, cursor: Any, table: Table, into: sql.Identifier, rows: Sequence[Row]
) -> None:
    """COPY `rows` (their values bound as SQLAlchemy binds them) into `into`."""
    columns = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
    statement = sql.SQL("COPY {into} ({columns}) FROM STDIN").format(into=into, columns=columns)
    values = _copy_values(connection.dialect, table)
    with cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            write(values(row))


@functools.cache
def _copy_values(dialect: Dialect, table: Table) -> Callable[[Row], Sequence[Any]]:
    """A row's values in column order as COPY writes them: as SQLAlchemy binds them, but
    money (whole satang checked, the Decimal written as it is) without the type machinery.
    Built once per table: a big batch writes millions of values."""
    names = [c.name for c in table.columns]
    get = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    processed = [
        (i, whole_satang if isinstance(c.type, Money) else c.type.bind_processor(dialect))
        for i, c in enumerate(table.columns)
    ]
    processors = [(i, p) for i, p in processed if p is not None]
    if not processors:
        return get

    def values(row: Row) -> list[Any]:
        found = list(get(row))
        for i, process in processors:
            value = found[i]
            if value is not None:
                found[i] = process(value)
        return found

    return values


def _load_table(connection: Connection, cursor: Any, table: Table) -> sql.Identifier:
    """The temporary twin of `table` (emptied at commit), created on first use."""
    target = target_of(connection, table)
    load = sql.Identifier(f"_load_{table_schema(connection, table) or 'public'}_{table.name}")
    cursor.execute(
        sql.SQL(
            "CREATE TEMP TABLE IF NOT EXISTS {load} (LIKE {target}) ON COMMIT DELETE ROWS"
        ).format(load=load, target=target)
    )
    return load


def copy_then_update(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """PostgreSQL: COPY `rows` (each key already in `table`) into its temporary twin,
    then one UPDATE ... FROM sets every non-key column."""
    target = target_of(connection, table)
    keys = [c.name for c in table.primary_key.columns]
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    load = _load_table(connection, cursor, table)
    copy_rows(connection, cursor, table, load, rows)
    sets = sql.SQL(", ").join(
        sql.SQL("{c} = l.{c}").format(c=sql.Identifier(c.name))
        for c in table.columns
        if c.name not in keys
    )
    match = sql.SQL(" AND ").join(
        sql.SQL("t.{k} = l.{k}").format(k=sql.Identifier(k)) for k in keys
    )
    cursor.execute(
        sql.SQL("UPDATE {target} AS t SET {sets} FROM {load} AS l WHERE {match}").format(
            target=target, sets=sets, load=load, match=match
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {load}").format(load=load))


def copy_then_insert(
    connection: Connection, table: Table, rows: Sequence[Row], updates: dict[str, str | None]
) -> None:
    """PostgreSQL: COPY `rows` into a temporary twin of `table`, then move them in with one
    INSERT ... ON CONFLICT that sets each column of `updates` to the new value (None) or
    adds the new value to the old ("+"). Honours a schema translation (verify's scratch)."""
    target = target_of(connection, table)
    columns = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
    sets = sql.SQL(", ").join(
        sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(n))
        if how is None
        else sql.SQL("{c} = {t}.{c} + EXCLUDED.{c}").format(c=sql.Identifier(n), t=target)
        for n, how in updates.items()
    )
    keys = sql.SQL(", ").join(
        sql.Identifier(k) for k in [c.name for c in table.primary_key.columns]
    )
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    load = _load_table(connection, cursor, table)
    copy_rows(connection, cursor, table, load, rows)
    conflict = (
        sql.SQL("DO UPDATE SET {sets}").format(sets=sets) if updates else sql.SQL("DO NOTHING")
    )
    cursor.execute(
        sql.SQL(
            "INSERT INTO {target} ({columns}) SELECT {columns} FROM {load} "
            "ON CONFLICT ({keys}) {conflict}"
        ).format(target=target, columns=columns, load=load, keys=keys, conflict=conflict)
    )
    cursor.execute(sql.SQL("TRUNCATE {load}").format(load=load))
