"""The one place where SQLite and PostgreSQL differ: insert-or-update.

SQLite, in-process, runs one statement per row (`executemany`). PostgreSQL gets a big
batch's rows by COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT:
one server statement per table and batch instead of one per row; a few rows (the live
service applies an event or two at a time) go as one executemany, which psycopg sends in
one pipeline, saving the temporary table's four round trips.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row
from sqlalchemy import Connection, Table, bindparam, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from budget.projections.tables import AggregateId, Money, Named, UtcDateTime, whole_satang
from budget.projections.tables.named import name_of

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
    if connection.dialect.name == "postgresql" and len(keys) > FEW_ROWS:
        return _rows_by_arrays(connection, table, tuple(columns), list(keys), names)
    statement = _by_keys(table, tuple(columns), names)
    return [dict(row._mapping) for row in connection.execute(statement, {"keys": list(keys)})]


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
    as a Decimal of two places), but for the moments, turned to UTC here, and the ids and
    coded names, turned to text; SQLAlchemy's row
    processing took half the time of a big batch's lookups."""
    target = _target(connection, table)
    using = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    arrays = sql.SQL(", ").join(
        sql.SQL("%b::{}[]").format(sql.SQL(_array_type(connection, table, c))) for c in columns
    )
    chosen = sql.SQL(", ").join(sql.SQL("{}.{}").format(target, sql.Identifier(n)) for n in names)
    statement = sql.SQL(
        "SELECT {chosen} FROM {target} JOIN unnest({arrays}) AS wanted ({using}) USING ({using})"
    ).format(chosen=chosen, target=target, arrays=arrays, using=using)
    raw = connection.connection.driver_connection
    with raw.cursor(row_factory=dict_row) as cursor:  # type: ignore[union-attr]
        cursor.execute(statement, [[k[i] for k in keys] for i in range(len(columns))])
        rows: list[dict[str, Any]] = cursor.fetchall()
    moments = [c.name for c in table.columns if isinstance(c.type, UtcDateTime) and c.name in names]
    ids = [c.name for c in table.columns if isinstance(c.type, AggregateId) and c.name in names]
    named = [c.name for c in table.columns if isinstance(c.type, Named) and c.name in names]
    for row in rows:
        for name in moments:
            if row[name] is not None:
                row[name] = row[name].astimezone(UTC)
        for name in ids:  # psycopg reads a uuid column as a UUID; the views hold text
            if row[name] is not None:
                row[name] = str(row[name])
        for name in named:  # and a coded name as its code
            if row[name] is not None:
                row[name] = name_of(row[name])
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


def _names(table: Table) -> list[str]:
    return [c.name for c in table.columns]


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


# A batch's rows as it read them from a table: key -> every column's value, in order.
AsRead = dict[tuple[Any, ...], tuple[Any, ...]]


def as_read(table: Table, rows: Iterable[Row]) -> AsRead:
    """`rows` just read from `table`, by key, their values kept as read (`save` then
    writes only what changed)."""
    keys, names = _keys(table), _names(table)
    return {tuple(row[k] for k in keys): tuple(row[n] for n in names) for row in rows}


def save(connection: Connection, table: Table, rows: Iterable[Row], read: AsRead) -> None:
    """Write a batch's `rows` of `table`, `read` being those of them it read from the table
    (see `as_read`): a row with a new key is inserted (`append`: a key already there but
    not read fails), a row read and changed is updated, a row read and left as it was is
    not written. PostgreSQL, many rows: the changed ones by COPY into a temporary table
    and one UPDATE ... FROM; no INSERT ... ON CONFLICT, which probes every unique index
    before each row it inserts."""
    keys, names = _keys(table), _names(table)
    new: list[Row] = []
    changed: list[Row] = []
    for row in rows:
        before = read.get(tuple(row[k] for k in keys))
        if before is None:
            new.append(row)
        elif before != tuple(row[n] for n in names):
            changed.append(row)
    append(connection, table, new)
    if connection.dialect.name == "postgresql" and len(changed) > FEW_ROWS:
        _copy_then_update(connection, table, changed)
    else:
        upsert(connection, table, changed)


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
    connection.execute(dialect_insert(connection, table), rows)


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
    target = _target(connection, table)
    load = sql.Identifier(f"_load_{_schema(connection, table) or 'public'}_{table.name}")
    cursor.execute(
        sql.SQL(
            "CREATE TEMP TABLE IF NOT EXISTS {load} (LIKE {target}) ON COMMIT DELETE ROWS"
        ).format(load=load, target=target)
    )
    return load


def _copy_then_update(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """PostgreSQL: COPY `rows` (each key already in `table`) into its temporary twin,
    then one UPDATE ... FROM sets every non-key column."""
    target = _target(connection, table)
    keys = _keys(table)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    load = _load_table(connection, cursor, table)
    _copy(connection, cursor, table, load, rows)
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


def _copy_then_insert(
    connection: Connection, table: Table, rows: Sequence[Row], updates: dict[str, str | None]
) -> None:
    """PostgreSQL: COPY `rows` into a temporary twin of `table`, then move them in with one
    INSERT ... ON CONFLICT that sets each column of `updates` to the new value (None) or
    adds the new value to the old ("+"). Honours a schema translation (verify's scratch)."""
    target = _target(connection, table)
    columns = sql.SQL(", ").join(sql.Identifier(c.name) for c in table.columns)
    sets = sql.SQL(", ").join(
        sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(n))
        if how is None
        else sql.SQL("{c} = {t}.{c} + EXCLUDED.{c}").format(c=sql.Identifier(n), t=target)
        for n, how in updates.items()
    )
    keys = sql.SQL(", ").join(sql.Identifier(k) for k in _keys(table))
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    load = _load_table(connection, cursor, table)
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
