"""The one place where SQLite and PostgreSQL differ: insert-or-update.

SQLite, in-process, runs one statement per row (`executemany`). PostgreSQL gets a big
batch's rows by COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT:
one server statement per table and batch instead of one per row; a few rows (the live
service applies an event or two at a time) go as one executemany, which psycopg sends in
one pipeline, saving the temporary table's four round trips.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from sqlalchemy import Connection, Table, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from budget.projections.tables import Money, UtcDateTime, whole_satang

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
FEW_ROWS = 64  # up to this many rows, PostgreSQL too gets an executemany
Row = Mapping[str, Any]


def _dialect(connection: Connection) -> str:
    """The connection's dialect name, refused unless SQLite or PostgreSQL."""
    dialect = connection.dialect.name
    if dialect not in _INSERTS:
        msg = f"the views need SQLite or PostgreSQL, not {dialect}"
        raise ValueError(msg)
    return dialect


def _insert(connection: Connection, table: Table) -> Any:
    """The dialect's INSERT, which has on_conflict_do_update."""
    return _INSERTS[_dialect(connection)](table)


def rows_by_keys(
    connection: Connection, table: Table, columns: Sequence[str], keys: Collection[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """The rows of `table` whose `columns` hold one of `keys`. PostgreSQL joins the keys
    as arrays (one small plan, an index lookup each) instead of planning an IN list of
    thousands of row values; a few keys are a plain IN list."""
    if not keys:
        return []
    if connection.dialect.name == "postgresql" and len(keys) > FEW_ROWS:
        return _rows_by_arrays(connection, table, tuple(columns), list(keys))
    statement = select(table).where(tuple_(*(table.c[c] for c in columns)).in_(list(keys)))
    return [dict(row._mapping) for row in connection.execute(statement)]


def _rows_by_arrays(
    connection: Connection, table: Table, columns: tuple[str, ...], keys: list[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """PostgreSQL: the rows whose `columns` hold one of `keys`, read by psycopg itself.
    Its values are what SQLAlchemy would return (numeric(18, 2) comes as a Decimal of two
    places), but for the moments, turned to UTC here; SQLAlchemy's row processing took
    half the time of a big batch's lookups."""
    target = _target(connection, table)
    using = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    arrays = sql.SQL(", ").join(
        sql.SQL("%b::{}[]").format(sql.SQL(_array_type(connection, table, c))) for c in columns
    )
    statement = sql.SQL(
        "SELECT {target}.* FROM {target} JOIN unnest({arrays}) AS wanted ({using}) USING ({using})"
    ).format(target=target, arrays=arrays, using=using)
    raw = connection.connection.driver_connection
    with raw.cursor(row_factory=dict_row) as cursor:  # type: ignore[union-attr]
        cursor.execute(statement, [[k[i] for k in keys] for i in range(len(columns))])
        rows: list[dict[str, Any]] = cursor.fetchall()
    moments = [c.name for c in table.columns if isinstance(c.type, UtcDateTime)]
    for row in rows:
        for name in moments:
            if row[name] is not None:
                row[name] = row[name].astimezone(UTC)
    return rows


def _array_type(connection: Connection, table: Table, column: str) -> str:
    """The PostgreSQL type of `column`, to spell an array of its values."""
    return str(table.c[column].type.compile(dialect=connection.dialect))


@functools.cache
def _built(dialect: str, table: Table, how: str, keep: tuple[str, ...]) -> Any:
    keys = _keys(table)
    statement: Any = _INSERTS[dialect](table)
    others = [c.name for c in table.columns if c.name not in keys and c.name not in keep]
    if how == "replace":
        sets = {c: statement.excluded[c] for c in others}
    else:
        sets = {c: table.c[c] + statement.excluded[c] for c in others}
    return statement.on_conflict_do_update(index_elements=keys, set_=sets)


def _statement(connection: Connection, table: Table, how: str, keep: tuple[str, ...] = ()) -> Any:
    """The INSERT ... ON CONFLICT that replaces (`how` "replace") or adds to ("add") every
    non-key column but `keep`, built once per dialect and table (building `excluded`
    costs more than running the statement)."""
    return _built(_dialect(connection), table, how, keep)


def _keys(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def upsert(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert `rows`, replacing every non-key column of rows whose primary key exists
    (of rows with the same key, the last one stands)."""
    if not rows:
        return
    keys = _keys(table)
    others = [c.name for c in table.columns if c.name not in keys]
    if connection.dialect.name == "postgresql":
        rows = list({tuple(row[k] for k in keys): row for row in rows}.values())
        if len(rows) > FEW_ROWS:
            _copy_then_insert(connection, table, rows, dict.fromkeys(others))
            return
    connection.execute(_statement(connection, table, "replace"), rows)


def accumulate(
    connection: Connection, table: Table, rows: Sequence[Row], *, keep: Collection[str] = ()
) -> None:
    """Add `rows` to running sums: a new key is inserted, an existing one has every
    non-key column increased by the row's value, except the `keep` columns (labels
    that follow from the key), which stay as first inserted."""
    if not rows:
        return
    keys = _keys(table)
    sums = [c.name for c in table.columns if c.name not in keys and c.name not in keep]
    if connection.dialect.name == "postgresql":
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for row in rows:
            key = tuple(row[k] for k in keys)
            if key in merged:
                for name in sums:
                    merged[key][name] += row[name]
            else:
                merged[key] = dict(row)
        rows = list(merged.values())
        if len(rows) > FEW_ROWS:
            _copy_then_insert(connection, table, rows, dict.fromkeys(sums, "+"))
            return
    connection.execute(_statement(connection, table, "add", tuple(keep)), rows)


def append(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert `rows`, every one new (an append-only view such as the audit log)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        _copy(connection, cursor, table, _target(connection, table), rows)
        return
    connection.execute(_insert(connection, table), rows)


def _schema(connection: Connection, table: Table) -> str | None:
    """The table's schema as this connection sees it (honouring a schema translation)."""
    translate = connection.get_execution_options().get("schema_translate_map") or {}
    schema: str | None = translate.get(table.schema, table.schema)
    return schema


def _target(connection: Connection, table: Table) -> sql.Identifier:
    schema = _schema(connection, table)
    return sql.Identifier(schema, table.name) if schema else sql.Identifier(table.name)


def _copy(
    connection: Connection, cursor: Any, table: Table, into: sql.Identifier, rows: Sequence[Row]
) -> None:
    """COPY `rows` (their values bound as SQLAlchemy binds them) into `into`."""
    names = [c.name for c in table.columns]
    processors = _copy_processors(connection.dialect, table)
    plain = all(p is None for p in processors)
    columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    statement = sql.SQL("COPY {into} ({columns}) FROM STDIN").format(into=into, columns=columns)
    with cursor.copy(statement) as copy:
        for row in rows:
            if plain:
                copy.write_row([row[n] for n in names])
            else:
                copy.write_row(
                    [
                        row[n] if p is None or row[n] is None else p(row[n])
                        for n, p in zip(names, processors, strict=True)
                    ]
                )


@functools.cache
def _copy_processors(dialect: Dialect, table: Table) -> list[Callable[[Any], Any] | None]:
    """How each column's value is written by COPY: as SQLAlchemy binds it, but money
    (whole satang checked, the Decimal written as it is) without the type machinery."""
    return [
        whole_satang if isinstance(c.type, Money) else c.type.bind_processor(dialect)
        for c in table.columns
    ]


def _copy_then_insert(
    connection: Connection, table: Table, rows: Sequence[Row], updates: dict[str, str | None]
) -> None:
    """PostgreSQL: COPY `rows` into a temporary twin of `table`, then move them in with one
    INSERT ... ON CONFLICT that sets each column of `updates` to the new value (None) or
    adds the new value to the old ("+"). Honours a schema translation (verify's scratch)."""
    target = _target(connection, table)
    load = sql.Identifier(f"_load_{_schema(connection, table) or 'public'}_{table.name}")
    columns = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
    sets = sql.SQL(", ").join(
        sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(n))
        if how is None
        else sql.SQL("{c} = {t}.{c} + EXCLUDED.{c}").format(c=sql.Identifier(n), t=target)
        for n, how in updates.items()
    )
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in _keys(table))
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(
        sql.SQL(
            "CREATE TEMP TABLE IF NOT EXISTS {load} (LIKE {target}) ON COMMIT DELETE ROWS"
        ).format(load=load, target=target)
    )
    _copy(connection, cursor, table, load, rows)
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
