"""Scratch copies of the view tables, beside the live ones, for a rebuild to compare.

The projections write through an engine whose schema translation sends every table
without a schema to the scratch one: a new schema on PostgreSQL, an attached database
on SQLite. Projection code needs no change.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, MetaData, Table, create_engine, func, select, text
from sqlalchemy.pool import StaticPool
from sqlalchemy.schema import CreateSchema, DropSchema

from budget.projections.engine import in_memory
from budget.projections.tables import metadata

SQLITE_SCHEMA = "scratch"
# PostgreSQL: every process using scratch schemas holds this lock shared; leftovers are
# dropped only by one that gets it alone (so never while anyone's replay is running).
SCRATCH_LOCK_KEY = 7_310_021_572
# SQLite: a scratch folder holds this file locked (flock) while its replay runs; the lock
# goes with the process, so a folder whose lock anyone can take is a crash's leftover.
IN_USE = "in-use.lock"
UNLOCKED_GRACE_SECONDS = 60  # a folder just made, its lock not taken yet


def folder_prefix(prefix: str) -> str:
    """The start of the name of a SQLite scratch folder for `prefix`, in the temp dir."""
    return f"budget-scratch-{prefix}-"


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
def scratch_views(live: Engine, prefix: str = "scratch") -> Iterator[Scratch]:
    """Empty scratch view tables beside `live`'s, dropped afterwards. Their schema (or
    folder) starts with `prefix`, so that :func:`drop_leftover_scratch` finds those a
    crash left behind."""
    if live.dialect.name == "postgresql":
        with _postgres(live, prefix) as scratch:
            yield scratch
    elif live.dialect.name == "sqlite":
        with _sqlite(live, prefix) as scratch:
            yield scratch
    else:
        msg = f"the views need SQLite or PostgreSQL, not {live.dialect.name}"
        raise ValueError(msg)


def drop_leftover_scratch(live: Engine, prefix: str) -> int:
    """Drop the scratch schemas (PostgreSQL) or folders (SQLite) starting with `prefix`
    that a crashed process left behind; how many. Only for a prefix no running process
    uses: call it before starting the work that uses it."""
    if live.dialect.name == "postgresql":
        with live.begin() as connection:
            taken = connection.execute(select(func.pg_try_advisory_xact_lock(SCRATCH_LOCK_KEY)))
            if not taken.scalar_one():  # a replay is running somewhere: its schema is no leftover
                return 0
            found = connection.execute(
                text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :prefix)"),
                {"prefix": f"{prefix}_"},
            )
            names: list[str] = list(found.scalars())
            for name in names:
                connection.execute(DropSchema(name, cascade=True))
        return len(names)
    dropped = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{folder_prefix(prefix)}*"):
        if _left_over(folder):
            shutil.rmtree(folder, ignore_errors=True)
            dropped += 1
    return dropped


def _left_over(folder: Path) -> bool:
    """Whether no running process uses `folder` (another service or test on this machine
    may be replaying in its own folder right now: never take that one)."""
    try:
        handle = os.open(folder / IN_USE, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > UNLOCKED_GRACE_SECONDS
        except FileNotFoundError:
            return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(handle)  # closing gives back a lock it took
    return True


@contextmanager
def _postgres(live: Engine, prefix: str) -> Iterator[Scratch]:
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with live.connect() as holder:  # shares SCRATCH_LOCK_KEY while the schema is in use
        holder.execute(select(func.pg_advisory_lock_shared(SCRATCH_LOCK_KEY)))
        holder.commit()
        try:
            with live.begin() as connection:
                connection.execute(CreateSchema(schema))
            try:
                yield _scratch(live, schema)
            finally:
                with live.begin() as connection:
                    connection.execute(DropSchema(schema, cascade=True))
        finally:
            holder.execute(select(func.pg_advisory_unlock_shared(SCRATCH_LOCK_KEY)))
            holder.commit()


@contextmanager
def _sqlite(live: Engine, prefix: str) -> Iterator[Scratch]:
    """A temporary database file attached to a single connection that sees both."""
    folder = Path(tempfile.mkdtemp(prefix=folder_prefix(prefix)))
    in_use = os.open(folder / IN_USE, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(in_use, fcntl.LOCK_EX)  # held until the folder is gone (see _left_over)
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
        os.close(in_use)
