"""PostgreSQL's bulk path of the views' writes (upsert.py): a big batch's rows sent by COPY,
into the table itself (new rows) or into its temporary twin, then moved in with one
statement per table and batch (UPDATE ... FROM, or INSERT ... SELECT ... ON CONFLICT); a
small batch's few rows of a table in one INSERT or UPDATE of their values as one JSON
parameter (insert_few, update_few). The values as copy_values.py makes them."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgspec
from psycopg import sql
from sqlalchemy import ARRAY, Connection, Table
from sqlalchemy.dialects import postgresql

from budget.projections.copy_values import Row, TextUuidDumper, copy_values
from budget.projections.pipelined import in_pipeline

# Up to this many rows, a COPY in a small batch's pipeline (pipelined.py) goes as an
# INSERT (insert_few) in the same pipeline: COPY is refused there, and costs two round trips.
PIPELINED_ROWS = 64


def table_schema(connection: Connection, table: Table) -> str | None:
    """The table's schema as this connection sees it (honouring a schema translation)."""
    translate = connection.get_execution_options().get("schema_translate_map") or {}
    schema: str | None = translate.get(table.schema, table.schema)
    return schema


def key_names(table: Table) -> list[str]:
    """The names of `table`'s primary key columns, in order."""
    return [c.name for c in table.primary_key.columns]


def target_of(connection: Connection, table: Table) -> sql.Identifier:
    schema = table_schema(connection, table)
    return sql.Identifier(schema, table.name) if schema else sql.Identifier(table.name)


def copy_rows(
    connection: Connection,
    cursor: Any,
    table: Table,
    into: sql.Identifier,
    rows: Sequence[Row],
    *,
    names: tuple[str, ...] | None = None,
) -> None:
    """COPY `rows` (their values bound as SQLAlchemy binds them) into `into`, in binary
    (every column of `table`, or its `names`):
    each value as the column's type (the table's own, as the server has it) holds it.
    The text format spelled every moment, date and number out for the server to parse
    again: a row of the audit log took ~7 µs of the client's CPU, ~0.7 in binary."""
    names = names or tuple(c.name for c in table.columns)
    columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    if in_pipeline(cursor.connection):
        _insert_in_pipeline(connection, cursor, table, into, rows, names=names)
        return
    statement = sql.SQL("COPY {into} ({columns}) FROM STDIN (FORMAT BINARY)").format(
        into=into, columns=columns
    )
    every = _column_types(connection, cursor, table)
    position = {c.name: i for i, c in enumerate(table.columns)}
    types = [every[position[n]] for n in names]
    values = copy_values(connection.dialect, table, names)
    with cursor.copy(statement) as copy:
        copy.set_types(types)
        write = copy.write_row
        for row in rows:
            write(values(row))


def _insert_in_pipeline(
    connection: Connection,
    cursor: Any,
    table: Table,
    into: sql.Identifier,
    rows: Sequence[Row],
    *,
    names: tuple[str, ...],
) -> None:
    """copy_rows in psycopg's pipeline mode (pipelined.py), where COPY is refused: the
    rows in one INSERT (insert_few), sent with the next statement read; more than
    PIPELINED_ROWS rows go PIPELINED_ROWS at a time, each share sent and its answer read
    (a pipeline whose data outgrows the socket's buffers hangs, see
    budget.application.postgres_recorder)."""
    if len(rows) <= PIPELINED_ROWS:
        insert_few(connection, table, rows, into=into, names=names, cursor=cursor)
        return
    for start in range(0, len(rows), PIPELINED_ROWS):
        with cursor.connection.pipeline():  # its end sends the share and reads the answer
            insert_few(
                connection,
                table,
                rows[start : start + PIPELINED_ROWS],
                into=into,
                names=names,
                cursor=cursor,
            )


# How an INSERT of insert_few treats a row whose key is there: each column named set to
# the new value (None) or increased by it ("+"); no `updates`: the key must be new.
Updates = Mapping[str, str | None]


def insert_few(
    connection: Connection,
    table: Table,
    rows: Sequence[Row],
    updates: Updates | None = None,
    *,
    into: sql.Identifier | None = None,
    names: tuple[str, ...] | None = None,
    cursor: Any = None,
) -> None:
    """PostgreSQL, a few `rows` of `table` (its `names`, or every column) into `into`
    (the table, as this connection names it) in one statement: the rows as one JSON
    parameter, read back into rows by the server (`_recordset`; issue 17: an executemany
    sent and ran each row as a statement of its own, one message to the server and one
    execution each, some 90 a live batch of 8 events). With `updates`, INSERT ... ON
    CONFLICT on the primary key (no two `rows` may share a key). The values as COPY makes
    them (_copy_values); a table with an array column goes row by row."""
    if not rows:
        return
    names = names or tuple(c.name for c in table.columns)
    cursor = cursor or connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    target = (into or target_of(connection, table)).as_string(cursor)
    statement, by_rows = _inserted(
        table, target, names, None if updates is None else tuple(updates.items())
    )
    values = copy_values(connection.dialect, table, names)
    if by_rows:
        cursor.executemany(statement, [values(row) for row in rows])
        return
    cursor.execute(statement, [_recorded(names, values, rows)])


def update_few(
    connection: Connection, table: Table, rows: Sequence[Row], columns: tuple[str, ...]
) -> None:
    """PostgreSQL, a few `rows` (each key already in `table`, no two the same): their
    `columns` set in one UPDATE ... FROM the keys' and the columns' values as one JSON
    parameter (`_recordset`; issue 17: an executemany sent and ran one UPDATE a row,
    project_record's one a project of the live batch). The values as COPY makes them."""
    if not rows:
        return
    names = (*key_names(table), *columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    target = target_of(connection, table).as_string(cursor)
    values = copy_values(connection.dialect, table, names)
    cursor.execute(_updated(table, target, names, len(columns)), [_recorded(names, values, rows)])


_json = msgspec.json.Encoder()


def _recorded(
    names: tuple[str, ...], values: Callable[[Row], Sequence[Any]], rows: Sequence[Row]
) -> str:
    """`rows` as the one JSON parameter of a few-rows statement (`_recordset`): a list of
    objects, each value keyed by its column's name as COPY makes it (money and other
    numbers Decimals, written as their exact text; moments with their timezone; ids as
    text)."""
    return _json.encode([dict(zip(names, values(row), strict=True)) for row in rows]).decode()


@functools.cache
def _updated(table: Table, target: str, names: tuple[str, ...], setting: int) -> str:
    """update_few's statement, built once per table, target and columns: `names` the
    key's then the last `setting` columns, those it sets."""
    keys, columns = names[: len(names) - setting], names[len(names) - setting :]
    sets = sql.SQL(", ").join(sql.SQL("{c} = l.{c}").format(c=sql.Identifier(c)) for c in columns)
    match = sql.SQL(" AND ").join(
        sql.SQL("t.{k} = l.{k}").format(k=sql.Identifier(k)) for k in keys
    )
    return (
        sql.SQL("UPDATE {target} AS t SET {sets} FROM {rows} WHERE {match}")
        .format(target=sql.SQL(target), sets=sets, rows=_recordset(table, names), match=match)
        .as_string()
    )


@functools.cache
def _inserted(
    table: Table,
    target: str,
    names: tuple[str, ...],
    updates: tuple[tuple[str, str | None], ...] | None,
) -> tuple[str, bool]:
    """insert_few's statement, built once per table, target and columns; and
    whether it takes one row at a time (a table with an array column: those go as
    arrays, row by row)."""
    columns = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    by_rows = any(isinstance(table.c[n].type, ARRAY) for n in names)
    if by_rows:
        source = sql.SQL("VALUES ({})").format(sql.SQL(", ").join(sql.Placeholder() * len(names)))
    else:
        source = sql.SQL("SELECT * FROM {}").format(_recordset(table, names))
    conflict: sql.Composable = sql.SQL("")
    if updates is not None:
        conflict = sql.SQL(" {}").format(_on_conflict(table, sql.SQL(target), dict(updates)))
    statement = sql.SQL("INSERT INTO {target} ({columns}) {source}{conflict}").format(
        target=sql.SQL(target), columns=columns, source=source, conflict=conflict
    )
    return statement.as_string(), by_rows


_POSTGRESQL = postgresql.dialect()  # type: ignore[no-untyped-call]


def column_type(table: Table, column: str) -> str:
    """The PostgreSQL type of `column`, as a statement spells it (`numeric(18, 2)`)."""
    return str(table.c[column].type.compile(dialect=_POSTGRESQL))


def _recordset(table: Table, names: tuple[str, ...]) -> sql.Composable:
    """The rows of a few-rows statement from its one JSON parameter (`_recorded`), each of
    `names` as its column's type: `json_to_recordset(%s::json) AS l (name type, ...)`.
    One text parameter, dumped by msgspec, instead of an array a column (psycopg dumps
    each list in Python, looking through it for its elements' type: a live batch's ~120
    arrays were a fifth of the follower's CPU; a row of twelve columns, two rows: 118-124
    against 65-69 µs of the client's CPU a statement, sixteen rows 232-263 against
    67-76). The server reads each value with its type's input function: an overlong text
    is refused, as the column would refuse it, not cut as a cast to varchar(n) cuts."""
    columns = sql.SQL(", ").join(
        sql.SQL("{} {}").format(sql.Identifier(n), sql.SQL(column_type(table, n))) for n in names
    )
    return sql.SQL("json_to_recordset(%s::json) AS l ({})").format(columns)


def _on_conflict(table: Table, target: sql.Composable, updates: Updates) -> sql.Composable:
    """ON CONFLICT on `table`'s key: each column of `updates` set to the new value (None)
    or increased by it ("+") in `target` (the table as the statement names it); no
    `updates`: DO NOTHING. One clause for insert_few and copy_then_insert."""
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in key_names(table))
    sets = sql.SQL(", ").join(
        sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(n))
        if how is None
        else sql.SQL("{c} = {t}.{c} + EXCLUDED.{c}").format(c=sql.Identifier(n), t=target)
        for n, how in updates.items()
    )
    action = sql.SQL("DO UPDATE SET {}").format(sets) if updates else sql.SQL("DO NOTHING")
    return sql.SQL("ON CONFLICT ({keys}) {action}").format(keys=keys, action=action)


def _column_types(connection: Connection, cursor: Any, table: Table) -> list[int]:
    """The type (oid) of each column of `table`, as the server has it: a binary COPY
    sends each value as its column's type, with no cast. Read from pg_attribute once per
    database connection and table (kept in the connection's `info`, which goes with it
    when the pool discards it), where the uuid dumper is registered too: a rebuild makes
    thousands of COPYs, and each asked the server again."""
    info = connection.connection.info
    known: dict[str, list[int]] | None = info.get(_TYPES_KEY)
    if known is None:
        known = info[_TYPES_KEY] = {}
        # the connection's cursors made from now on have it; this one was made before
        cursor.connection.adapters.register_dumper(None, TextUuidDumper)
        cursor.adapters.register_dumper(None, TextUuidDumper)
    target = target_of(connection, table).as_string(cursor)
    types = known.get(target)
    if types is None:
        cursor.execute(
            "SELECT attname, atttypid::int FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [target],
        )
        found: dict[str, int] = dict(cursor.fetchall())
        types = known[target] = [found[c.name] for c in table.columns]
    return types


_TYPES_KEY = "budget.copy_column_types"


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
    keys = key_names(table)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    load = _load_table(connection, cursor, table)
    copy_rows(connection, cursor, table, load, rows)
    columns = tuple(c.name for c in table.columns if c.name not in keys)
    _update_from(cursor, target, load, keys, columns)


def copy_then_insert(
    connection: Connection, table: Table, rows: Sequence[Row], updates: dict[str, str | None]
) -> None:
    """PostgreSQL: COPY `rows` into a temporary twin of `table`, then move them in with one
    INSERT ... ON CONFLICT that sets each column of `updates` to the new value (None) or
    adds the new value to the old ("+"). Honours a schema translation (verify's scratch)."""
    target = target_of(connection, table)
    columns = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    load = _load_table(connection, cursor, table)
    copy_rows(connection, cursor, table, load, rows)
    cursor.execute(
        sql.SQL("INSERT INTO {target} ({columns}) SELECT {columns} FROM {load} {conflict}").format(
            target=target,
            columns=columns,
            load=load,
            conflict=_on_conflict(table, target, updates),
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {load}").format(load=load))


def copy_then_update_columns(
    connection: Connection, table: Table, rows: Sequence[Row], columns: tuple[str, ...]
) -> None:
    """PostgreSQL: COPY the key and `columns` of `rows` (each key already in `table`) into
    a temporary table of those columns alone, then one UPDATE ... FROM sets `columns`."""
    target = target_of(connection, table)
    keys = key_names(table)
    names = (*keys, *columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    # a twin per set of columns (a temporary table's name is at most 63 bytes)
    spelled = hashlib.blake2b(" ".join(columns).encode(), digest_size=6).hexdigest()
    load = sql.Identifier(
        f"_load_{table_schema(connection, table) or 'public'}_{table.name}_{spelled}"
    )
    chosen = sql.SQL(", ").join(sql.Identifier(n) for n in names)
    cursor.execute(
        sql.SQL(
            "CREATE TEMP TABLE IF NOT EXISTS {load} ON COMMIT DELETE ROWS AS "
            "SELECT {chosen} FROM {target} WITH NO DATA"
        ).format(load=load, chosen=chosen, target=target)
    )
    copy_rows(connection, cursor, table, load, rows, names=names)
    _update_from(cursor, target, load, keys, columns)


def _update_from(
    cursor: Any,
    target: sql.Identifier,
    load: sql.Identifier,
    keys: Sequence[str],
    columns: Sequence[str],
) -> None:
    """One UPDATE ... FROM `load` setting `columns` of the rows of `target` whose `keys`
    match, then `load` emptied for the next batch of the transaction."""
    sets = sql.SQL(", ").join(sql.SQL("{c} = l.{c}").format(c=sql.Identifier(c)) for c in columns)
    match = sql.SQL(" AND ").join(
        sql.SQL("t.{k} = l.{k}").format(k=sql.Identifier(k)) for k in keys
    )
    cursor.execute(
        sql.SQL("UPDATE {target} AS t SET {sets} FROM {load} AS l WHERE {match}").format(
            target=target, sets=sets, load=load, match=match
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {load}").format(load=load))
