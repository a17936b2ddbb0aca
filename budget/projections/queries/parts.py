"""A dashboard's small questions asked in one statement.

Each part is a SELECT of columns named in COLUMNS; `one_statement` puts each in a slot of
its kind (a part's first text column in `text_1`, its second in `text_2`, ...), pads the
other slots with typed NULLs, tags the part's rows with its name and joins the parts by
UNION ALL; `read_parts` gives each part's rows back, holding the columns the part
selected, in its order. One round trip instead of one per part: measured at scale 0.1 on
the shared two-core machine (load ~10), every round trip waited for a core, and the
province and LAO dashboards (four and five statements, 6.5 and 5.7 ms of CPU in all) took
13 and 12 ms at p50, 27 and 24 at p95.

A statement has as many slots of each kind as its widest part needs, no more, so a row
carries few NULLs. On PostgreSQL its rows are the driver's (`_rows`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple

import psycopg
from psycopg import RawCursor
from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Date,
    Integer,
    Numeric,
    Select,
    String,
    cast,
    literal_column,
    null,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Compiled, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine

from budget.projections.tables import Money

# The kinds of slot, with their types: a part's NULLs are typed with them, and its values
# read back through them.
KINDS: dict[str, TypeEngine[Any]] = {
    "text": String(),
    "day": Date(),
    "number": Integer(),
    "money": Money(),
    "percent": Numeric(5, 2, asdecimal=True),
}
_NAMES: dict[str, tuple[str, ...]] = {
    "text": (
        *("province_code", "lao_code", "lao_type", "stage", "status", "source"),
        *("budget_group", "method", "name_th", "grantor", "category", "unused"),
        *("name_en", "district_code", "merged_into"),  # an authority's
        *("report_id", "period", "period_kind", "signed_off_by", "reviewed_by"),  # a report's
        "last_comments",
    ),
    "day": (
        "month",
        *("period_ends_on", "drafted_on", "first_submitted_on", "last_submitted_on"),
        *("reviewed_on", "accepted_on"),
    ),
    "number": ("quarter", "projects", "reports", "of_the_year", "stuck", "submissions", "returns"),
    "money": (
        *("allocated", "budget_amount", "spent", "estimated", "obligated", "contract_amount"),
        *("counted", "received", "disbursed", "paid", "lapsed"),
    ),
    "percent": ("percent", "obligated_percent"),
}
# Every column a part may select, and its kind of slot.
COLUMNS: dict[str, str] = {name: kind for kind, names in _NAMES.items() for name in names}


class Parts(NamedTuple):
    statement: CompoundSelect[Any]
    columns: dict[str, Callable[[Any], tuple[Any, ...]]]  # by part: its columns of a row


def one_statement(parts: Mapping[str, Select[Any]]) -> Parts:
    """The parts as one UNION ALL, each row tagged with its part's name."""
    slotted = {name: _slotted(name, part) for name, part in parts.items()}
    slots = {  # the statement's: as many of each kind as its widest part has
        f"{kind}_{n}": type_
        for kind, type_ in KINDS.items()
        for n in range(1, 1 + max(_count(kind, chosen) for chosen in slotted.values()))
    }
    place = {slot: 1 + n for n, slot in enumerate(slots)}  # after the part's name
    padded = [
        part.with_only_columns(
            _named(name),
            *(
                type_coerce(slotted[name][slot], type_).label(slot)
                if slot in slotted[name]
                # typed in the first part, which types the UNION's columns: a later
                # part's NULL takes their type (a shorter statement, under the 4 kB
                # below which psycopg keeps it converted)
                else (null() if n else cast(null(), type_)).label(slot)
                for slot, type_ in slots.items()
            ),
            maintain_column_froms=True,
        )
        for n, (name, part) in enumerate(parts.items())
    ]
    columns = {name: _picking(tuple(place[slot] for slot in slotted[name])) for name in parts}
    return Parts(union_all(*padded), columns)


def _named(name: str) -> ColumnElement[str]:
    """The part's name, written into the statement (a constant, not a parameter)."""
    if not name.isidentifier():
        msg = f"part {name!r}: a part's name is an identifier"
        raise ValueError(msg)
    return literal_column(f"'{name}'", String()).label("part")


def _picking(places: tuple[int, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """What takes a part's columns out of a row, as a tuple (itemgetter's, in C)."""
    if len(places) == 1:
        (place,) = places
        return lambda row: (row[place],)
    return itemgetter(*places)


def _slotted(name: str, part: Select[Any]) -> dict[str, ColumnElement[Any]]:
    """A part's columns by their slots, in the part's order: the nth of a kind in its nth."""
    chosen: dict[str, ColumnElement[Any]] = {}
    taken = dict.fromkeys(KINDS, 0)
    for column in part.selected_columns:
        kind = COLUMNS.get(str(column.key))
        if kind is None:
            msg = f"part {name}: {column.key} is not in parts.COLUMNS"
            raise ValueError(msg)
        taken[kind] += 1
        chosen[f"{kind}_{taken[kind]}"] = column
    return chosen


def _count(kind: str, chosen: Mapping[str, Any]) -> int:
    return sum(slot.rpartition("_")[0] == kind for slot in chosen)


def read_parts(
    connection: Connection, parts: Parts, values: Mapping[str, Any]
) -> dict[str, list[tuple[Any, ...]]]:
    """Each part's rows (every part named, with no rows where it found none)."""
    found: dict[str, list[tuple[Any, ...]]] = {name: [] for name in parts.columns}
    columns = parts.columns
    for row in _rows(connection, parts.statement, values):
        found[row[0]].append(columns[row[0]](row))
    return found


def _rows(connection: Connection, statement: CompoundSelect[Any], values: Mapping[str, Any]) -> Any:
    """The statement's rows, fetched at once. On PostgreSQL run on psycopg's own connection
    by a raw cursor (`driver_statement`: its text with `$n` placeholders, compiled once;
    psycopg prepares it after its fifth run), its values as psycopg reads them:
    numeric(18, 2) and its sums already Decimals of two places, as `Money` would make
    them, and no column of another kind needs its type's conversion (an id is selected as
    text). SQLAlchemy's typed rows pass every value through its kind's conversion, NULLs
    too; and even its driver's text (`exec_driver_sql`) built a result's description of
    every column on every run and had psycopg turn its `%(name)s` into `$n` again for a
    statement over 4 kB (the LAO dashboard's is 7 kB): reading an LAO dashboard's rows at
    the nation's size took 0.52-0.64 ms of this process's CPU so, 0.27-0.37 now. Only where
    the statement runs as SQLAlchemy's would: outside a transaction (AUTOCOMMIT, as the
    service reads) or inside one SQLAlchemy began, and where nothing listens to SQLAlchemy's
    statements (`before_cursor_execute`: a count, an instrument, which the raw cursor would
    pass by); else its driver's text through SQLAlchemy, which begins one and tells them.
    Elsewhere (SQLite keeps satang as integers) the typed rows;
    test_a_statements_rows_are_its_typed_rows_value_for_value holds them equal. So too on
    a connection whose tables are in another schema (`schema_translate_map`: scratch.py's
    replays, lanes.py's), which SQLAlchemy writes into the statement as it runs it."""
    translated = connection.get_execution_options().get("schema_translate_map")
    if connection.dialect.name != "postgresql" or translated:
        return connection.execute(statement, values).all()
    driver = driver_statement(statement, connection.dialect)
    raw = connection.connection.driver_connection
    if (
        raw is None
        or not (raw.autocommit or connection.in_transaction())
        or connection.dispatch.before_cursor_execute  # someone counts SQLAlchemy's statements
    ):
        return connection.exec_driver_sql(driver.compiled.string, driver.values(values)).all()
    ordered = driver.ordered(values)
    with RawCursor(raw) as cursor:
        try:
            cursor.execute(driver.text, ordered)
            return cursor.fetchall()
        except psycopg.Error as error:
            raise _as_sqlalchemys(connection, driver.text, ordered, error) from error


def _as_sqlalchemys(
    connection: Connection, text: str, ordered: list[Any], error: psycopg.Error
) -> BaseException:
    """A psycopg error raised as SQLAlchemy raises it (what the service answers: a database
    that cannot be reached is SQLAlchemy's OperationalError, a 503), the connection
    invalidated when the server went away (SQLAlchemy's pool then drops it)."""
    raw = connection.connection.dbapi_connection
    failed: Any = error  # a DB-API error, as the dialect takes it
    gone = connection.dialect.is_disconnect(failed, raw, None)
    if gone:
        connection.invalidate(error)
    return DBAPIError.instance(
        text, ordered, error, psycopg.Error, connection_invalidated=gone, dialect=connection.dialect
    )


class DriverStatement(NamedTuple):
    """A statement compiled for psycopg once: as SQLAlchemy's driver text (`%(name)s`) and
    as psycopg's raw text (`$n`, each parameter's number by its first place), with the
    values SQLAlchemy bound itself (its constants: a sum's 0.00)."""

    compiled: Compiled
    text: str
    names: tuple[str, ...]  # the parameter of each $n
    bound: dict[str, Any]

    def values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {**self.bound, **values}

    def ordered(self, values: Mapping[str, Any]) -> list[Any]:
        given = {**self.bound, **values}
        return [given[name] for name in self.names]


_PLACE = re.compile(r"%\(([^)]+)\)s|%%")


@cache
def driver_statement(statement: CompoundSelect[Any], dialect: Dialect) -> DriverStatement:
    compiled = statement.compile(dialect=dialect)
    names: dict[str, int] = {}

    def numbered(found: re.Match[str]) -> str:
        name = found.group(1)
        if name is None:
            return "%"
        return f"${names.setdefault(name, len(names) + 1)}"

    text = _PLACE.sub(numbered, compiled.string)
    bound = {k: v for k, v in compiled.construct_params(_check=False).items() if v is not None}
    return DriverStatement(compiled, text, tuple(names), bound)
