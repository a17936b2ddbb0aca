"""Scratch copies of the view tables, beside the live ones, for a rebuild to compare.

The projections write through an engine whose schema translation sends every table
without a schema to the scratch one: a new schema on PostgreSQL, an attached database
on SQLite. Projection code needs no change.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, MetaData, Table, create_engine
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateSchema, DropSchema

from budget.projections.engine import in_memory
from budget.projections.tables import metadata

SQLITE_SCHEMA = "scratch"


@dataclass(frozen=True, slots=True)
class Scratch:
    """`engine` writes the scratch tables; `both` sees the live and the scratch tables."""

    engine: Engine
    both: Engine
    schema: str
    copies: MetaData

    def table(self, live: Table) -> Table:
        """The scratch table of the live `live`, for queries through `both`."""
        return self.copies.tables[f"{self.schema}.{live.name}"]


def _scratch(base: Engine, schema: str) -> Scratch:
    engine = base.execution_options(schema_translate_map={None: schema})
    metadata.create_all(engine)
    copies = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(copies, schema=schema)
    return Scratch(engine=engine, both=base, schema=schema, copies=copies)


@contextmanager
def scratch_views(live: Engine) -> Iterator[Scratch]:
    """Empty scratch view tables beside `live`'s, dropped afterwards."""
    if live.dialect.name == "postgresql":
        with _postgres(live) as scratch:
            yield scratch
    elif live.dialect.name == "sqlite":
        with _sqlite(live) as scratch:
            yield scratch
    else:
        msg = f"the views need SQLite or PostgreSQL, not {live.dialect.name}"
        raise ValueError(msg)


@contextmanager
def _postgres(live: Engine) -> Iterator[Scratch]:
    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    with live.begin() as connection:
        connection.execute(CreateSchema(schema))
    try:
        yield _scratch(live, schema)
    finally:
        with live.begin() as connection:
            connection.execute(DropSchema(schema, cascade=True))


@contextmanager
def _sqlite(live: Engine) -> Iterator[Scratch]:
    """A temporary database file attached to a single connection that sees both."""
    folder = Path(tempfile.mkdtemp(prefix="budget-verify-"))
    # An in-memory database already lives on a single connection; a file gets one of its own.
    owned = not in_memory(live.url)
    base = (
        create_engine(live.url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        if owned
        else live
    )
    try:
        with base.connect() as connection:
            connection.exec_driver_sql(
                f"ATTACH DATABASE ? AS {SQLITE_SCHEMA}", (str(folder / "scratch.sqlite3"),)
            )
            connection.commit()
        try:
            yield _scratch(base, SQLITE_SCHEMA)
        finally:
            with base.connect() as connection:
                connection.exec_driver_sql(f"DETACH DATABASE {SQLITE_SCHEMA}")
                connection.commit()
    finally:
        if owned:
            base.dispose()
        shutil.rmtree(folder, ignore_errors=True)
