"""The one place where SQLite and PostgreSQL differ: insert-or-update.

SQLite, in-process, runs one statement per row (`executemany`). PostgreSQL gets a big
batch's rows by COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT:
one server statement per table and batch instead of one per row; a few rows (the live
follower applies a few events at a time) go as one INSERT of their values sent as one JSON
parameter (bulk_copy.insert_few), saving the temporary table's four round trips and an
executemany's message and execution a row. The COPY path is bulk_copy.py.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Iterable, Sequence
from contextlib import nullcontext
from datetime import UTC
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from sqlalchemy import ARRAY, Connection, Table, bindparam, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from budget.projections.bulk_copy import (
    column_type,
    copy_rows,
    copy_then_insert,
    copy_then_update,
    copy_then_update_columns,
    insert_few,
    key_names,
    table_schema,
    target_of,
    update_few,
)
from budget.projections.copy_values import Row
from budget.projections.pipelined import in_pipeline
from budget.projections.slotted import mappings
from budget.projections.tables import AggregateId, Named, UtcDateTime

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
FEW_ROWS = 64  # up to this many rows, PostgreSQL gets one INSERT of their JSON, no COPY


def _dialect(connection: Connection) -> str:
    """The connection's dialect name, refused unless SQLite or PostgreSQL."""
    dialect = connection.dialect.name
    if dialect not in _INSERTS:
        msg = f"the views need SQLite or PostgreSQL, not {dialect}"
        raise ValueError(msg)
    return dialect


def dialect_insert(connection: Connection, table: Table) -> Any:
    """The dialect's INSERT, which has on_conflict_do_update."""
    return _INSERTS[_dialect(connection)](table)


def rows_by_keys(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    keys: Collection[tuple[Any, ...]],
    *,
    selected: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The rows of `table` whose `columns` hold one of `keys` (only the `selected` columns,
    if given). PostgreSQL joins the keys as arrays (one small plan, an index lookup each)
    instead of planning an IN list of thousands of row values; a few keys are a plain IN
    list."""
    if not keys:
        return []
    names = tuple(selected or (c.name for c in table.columns))
    if connection.dialect.name == "postgresql":
        return _rows_by_arrays(connection, table, tuple(columns), list(keys), names)
    statement = _by_keys(table, tuple(columns), names)
    return [dict(row._mapping) for row in connection.execute(statement, {"keys": list(keys)})]


# One lookup of rows_by_keys: the table, its key columns, the keys, the columns selected.
Lookup = tuple[Table, Sequence[str], Collection[tuple[Any, ...]], Sequence[str] | None]


def rows_by_id(
    connection: Connection, table: Table, column: str, ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The rows of `table` whose key `column` holds one of `ids` (the aggregates a batch's
    events change), by that id."""
    keys = {(aid,) for aid in ids}
    return {row[column]: row for row in rows_by_keys(connection, table, [column], keys)}


def rows_by_keys_together(
    connection: Connection, lookups: Sequence[Lookup]
) -> list[list[dict[str, Any]]]:
    """The rows each of `lookups` finds, as `rows_by_keys` finds them. PostgreSQL, a few
    keys each: every lookup sent at once in psycopg's pipeline, their rows back in one
    round trip (issue 17: the live follower's batch of a few events waits for the server
    some forty times; a projection's independent lookups need not wait one by one). Many
    keys go one lookup at a time: a pipeline whose data outgrows the socket's buffers
    hangs (psycopg 3.3.9, see budget.application.postgres_recorder)."""
    if connection.dialect.name != "postgresql" or any(len(k) > FEW_ROWS for _, _, k, _ in lookups):
        return [rows_by_keys(connection, t, c, k, selected=s) for t, c, k, s in lookups]
    raw = connection.connection.driver_connection
    sent: list[tuple[Any, tuple[list[str], dict[str, Any]]] | None] = []
    # in a small batch's pipeline already (pipelined.py), the first fetch sends them all:
    # a pipeline of its own would end with a sync, one more round trip
    with nullcontext() if in_pipeline(raw) else raw.pipeline():  # type: ignore[union-attr]
        for table, columns, keys, selected in lookups:
            if not keys:
                sent.append(None)
                continue
            names = tuple(selected or (c.name for c in table.columns))
            statement, moments, named = _by_arrays(
                table, tuple(columns), names, table_schema(connection, table)
            )
            cursor = raw.cursor(row_factory=dict_row)  # type: ignore[union-attr]
            values = list(keys)
            cursor.execute(statement, [[k[i] for k in values] for i in range(len(columns))])
            sent.append((cursor, (moments, named)))
        found = [[] if each is None else each[0].fetchall() for each in sent]
    for rows, each in zip(found, sent, strict=True):
        if each is not None:
            each[0].close()
            _converted(rows, *each[1])
    return found


@functools.cache
def _by_keys(table: Table, columns: tuple[str, ...], names: tuple[str, ...]) -> Any:
    """The SELECT of `rows_by_keys`, built once per table and columns: its keys an
    expanding parameter, so SQLAlchemy neither builds it nor works out its cache key again
    for every small batch (a fifth of the follower's CPU on the live service's batches of
    an event or two, issue 17)."""
    return select(*(table.c[n] for n in names)).where(
        tuple_(*(table.c[c] for c in columns)).in_(bindparam("keys", expanding=True))
    )


def _rows_by_arrays(
    connection: Connection,
    table: Table,
    columns: tuple[str, ...],
    keys: list[tuple[Any, ...]],
    names: tuple[str, ...],
) -> list[dict[str, Any]]:
    """PostgreSQL: the rows whose `columns` hold one of `keys`, their `names` columns read
    by psycopg itself. Its values are what SQLAlchemy would return (numeric(18, 2) comes
    as a Decimal of two places), but for the moments, turned to UTC here, the coded names,
    turned to text, and the ids, sent as text by the server; SQLAlchemy's row
    processing took half the time of a big batch's lookups. The statement's text is the
    same whatever the number of keys, so psycopg prepares it once it has run a few times:
    the live follower's lookups of a few keys each (issue 17) are neither built by
    SQLAlchemy (an expanding IN list, compiled again for each length) nor planned again by
    PostgreSQL."""
    statement, moments, named = _by_arrays(table, columns, names, table_schema(connection, table))
    raw = connection.connection.driver_connection
    with raw.cursor(row_factory=dict_row) as cursor:  # type: ignore[union-attr]
        cursor.execute(statement, [[k[i] for k in keys] for i in range(len(columns))])
        rows: list[dict[str, Any]] = cursor.fetchall()
    return _converted(rows, moments, named)


def _converted(
    rows: list[dict[str, Any]], moments: list[str], named: dict[str, Any]
) -> list[dict[str, Any]]:
    """`rows` as psycopg read them, their moments in UTC, coded names as text."""
    if not (moments or named):
        return rows
    for row in rows:
        for name in moments:
            if row[name] is not None:
                row[name] = row[name].astimezone(UTC)
        for name, kind in named.items():  # and a coded name as its code
            if row[name] is not None:
                row[name] = kind.name_of(row[name])
    return rows


@functools.cache
def _by_arrays(
    table: Table, columns: tuple[str, ...], names: tuple[str, ...], schema: str | None
) -> tuple[str, list[str], dict[str, Any]]:
    """The statement of `_rows_by_arrays` (as text) and the columns of `names` it turns
    to UTC moments and to codes, worked out once per table, key and schema. The ids
    (uuid columns; the views hold them as text) come as text from the server: read as
    UUIDs, then turned to text, they cost more than the server's own text."""
    target = sql.Identifier(schema, table.name) if schema else sql.Identifier(table.name)
    using = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    arrays = sql.SQL(", ").join(
        sql.SQL("%b::{}[]").format(sql.SQL(column_type(table, c))) for c in columns
    )
    ids = {c.name for c in table.columns if isinstance(c.type, AggregateId)}
    chosen = sql.SQL(", ").join(
        sql.SQL("{t}.{n}::text AS {n}" if n in ids else "{t}.{n}").format(
            t=target, n=sql.Identifier(n)
        )
        for n in names
    )
    statement = sql.SQL(
        "SELECT {chosen} FROM {target} JOIN unnest({arrays}) AS wanted ({using}) USING ({using})"
    ).format(chosen=chosen, target=target, arrays=arrays, using=using)
    chosen_columns = [c for c in table.columns if c.name in names]
    return (
        statement.as_string(),
        [c.name for c in chosen_columns if isinstance(c.type, UtcDateTime)],
        {c.name: c.type for c in chosen_columns if isinstance(c.type, Named)},
    )


@functools.cache
def _built(dialect: str, table: Table, how: str, keep: tuple[str, ...]) -> Any:
    keys = key_names(table)
    statement: Any = _INSERTS[dialect](table)
    others = [c.name for c in table.columns if c.name not in keys and c.name not in keep]
    if how == "leave":
        return statement.on_conflict_do_nothing(index_elements=keys)
    if how == "replace":
        sets = {c: statement.excluded[c] for c in others}
    else:
        sets = {c: table.c[c] + statement.excluded[c] for c in others}
    return statement.on_conflict_do_update(index_elements=keys, set_=sets)


def _statement(connection: Connection, table: Table, how: str, keep: tuple[str, ...] = ()) -> Any:
    """The INSERT ... ON CONFLICT that replaces (`how` "replace") or adds to ("add") every
    non-key column but `keep`, or leaves the row there ("leave"), built once per dialect
    and table (building `excluded` costs more than running the statement)."""
    return _built(_dialect(connection), table, how, keep)


def upsert(
    connection: Connection, table: Table, rows: Sequence[Row], *, leave: bool = False
) -> None:
    """Insert `rows`, replacing every non-key column of rows whose primary key exists
    (of rows with the same key, the last one stands); with `leave`, such a row is left as
    it was (names and codes kept once: the audit log's actors, the lines' texts)."""
    if not rows:
        return
    keys = key_names(table)
    others = [] if leave else [c.name for c in table.columns if c.name not in keys]
    if connection.dialect.name == "postgresql":
        rows = list({tuple(row[k] for k in keys): row for row in rows}.values())
        if len(rows) > FEW_ROWS:
            copy_then_insert(connection, table, rows, dict.fromkeys(others))
        else:  # one statement, not one a row
            insert_few(connection, table, rows, dict.fromkeys(others))
        return
    statement = _statement(connection, table, "leave" if leave else "replace")
    connection.execute(statement, mappings(rows))


# A batch's rows as it read them from a table: key -> every column's value, in order.
AsRead = dict[tuple[Any, ...], Any]


def as_read(table: Table, rows: Iterable[Row]) -> AsRead:
    """`rows` just read from `table`, by key, their values kept as read (`save` then
    writes only what changed)."""
    key, values = _getters(table)
    return {key(row): values(row) for row in rows}


@functools.cache
def _getters(table: Table) -> tuple[Callable[[Row], tuple[Any, ...]], Callable[[Row], Any]]:
    """A row's key (a tuple) and its values in column order, each taken by one
    `operator.itemgetter` (tuples built by generators: `save` and `as_read` were ~5 % of
    a rebuild's profile). The values of a one-column table come as the value itself, not
    a tuple: they are only compared with each other."""
    keys = key_names(table)
    key = operator.itemgetter(*keys)
    whole: Callable[[Row], tuple[Any, ...]] = key if len(keys) > 1 else lambda row: (row[keys[0]],)
    return whole, operator.itemgetter(*(c.name for c in table.columns))


def save(connection: Connection, table: Table, rows: Iterable[Row], read: AsRead) -> None:
    """Write a batch's `rows` of `table`, `read` being those of them it read from the table
    (see `as_read`): a row with a new key is inserted (`append`: a key already there but
    not read fails), a row read and changed is updated, a row read and left as it was is
    not written. PostgreSQL, many rows: the changed ones by COPY into a temporary table
    and one UPDATE ... FROM; no INSERT ... ON CONFLICT, which probes every unique index
    before each row it inserts."""
    if not read:  # nothing read back (a fold's rows, a batch of new keys): all new
        append(connection, table, rows if isinstance(rows, list) else list(rows))
        return
    key, values = _getters(table)
    new: list[Row] = []
    changed: list[Row] = []
    for row in rows:
        before = read.get(key(row))
        if before is None:
            new.append(row)
        elif before != values(row):
            changed.append(row)
    append(connection, table, new)
    if connection.dialect.name == "postgresql" and len(changed) > FEW_ROWS:
        copy_then_update(connection, table, changed)
    else:
        upsert(connection, table, changed)


def update_columns(connection: Connection, table: Table, rows: Iterable[Row]) -> None:
    """Update rows already in `table`, each setting only the columns it holds beside the
    key (a batch that writes what its events set without reading the rows back; a key not
    there changes nothing). Rows setting the same columns go in one statement: PostgreSQL,
    many of them, by COPY into a temporary table of those columns and one UPDATE ... FROM."""
    keys = key_names(table)
    by_columns: dict[tuple[str, ...], list[Row]] = {}
    # the columns a row sets, worked out once per shape (its names in the order it was
    # given them: a batch's rows have a few, one per run of event kinds), not by a walk
    # of the table's columns for every row
    shapes: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        shape = tuple(row)
        group = shapes.get(shape)
        if group is None:
            columns = _set_columns(table, frozenset(shape))
            group = shapes[shape] = by_columns.setdefault(columns, [])
        group.append(row)
    for columns, group in by_columns.items():
        if not columns:
            continue
        if connection.dialect.name == "postgresql" and len(group) > FEW_ROWS:
            copy_then_update_columns(connection, table, group, columns)
        elif connection.dialect.name == "postgresql" and not _has_array(table, columns):
            update_few(connection, table, group, columns)
        else:
            renamed = [
                {**{f"_key_{k}": row[k] for k in keys}, **{c: row[c] for c in columns}}
                for row in group
            ]
            connection.execute(_update_statement(table, tuple(keys)), renamed)


@functools.cache
def _has_array(table: Table, columns: tuple[str, ...]) -> bool:
    """Does `table` hold an array in its key or `columns` (those go row by row)?"""
    return any(isinstance(table.c[c].type, ARRAY) for c in (*key_names(table), *columns))


@functools.cache
def _set_columns(table: Table, names: frozenset[str]) -> tuple[str, ...]:
    """The columns of `table` beyond its key that a row holding `names` sets, in the
    table's order."""
    keys = key_names(table)
    return tuple(c.name for c in table.columns if c.name in names and c.name not in keys)


@functools.cache
def _update_statement(table: Table, keys: tuple[str, ...]) -> Any:
    """UPDATE `table` WHERE its key (bound as `_key_<column>`, so that no bind parameter
    takes a column's name); SET the columns each execution's parameters name."""
    return table.update().where(*(table.c[k] == bindparam(f"_key_{k}") for k in keys))


def accumulate(
    connection: Connection, table: Table, rows: Sequence[Row], *, keep: Collection[str] = ()
) -> None:
    """Add `rows` to running sums: a new key is inserted, an existing one has every
    non-key column increased by the row's value, except the `keep` columns (labels
    that follow from the key), which stay as first inserted."""
    if not rows:
        return
    keys = key_names(table)
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
            copy_then_insert(connection, table, rows, dict.fromkeys(sums, "+"))
        else:  # one statement, not one a row
            insert_few(connection, table, rows, dict.fromkeys(sums, "+"))
        return
    connection.execute(_statement(connection, table, "add", tuple(keep)), rows)


def append(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert `rows`, every one new (an append-only view such as the audit log)."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        copy_rows(connection, cursor, table, target_of(connection, table), rows)
        return
    connection.execute(dialect_insert(connection, table), mappings(rows))
