"""The database of the views: its engine, with every view table created."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    create_engine,
    event,
    func,
    inspect,
    make_url,
    select,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from budget.config import Settings
from budget.private_files import private_sqlite
from budget.projections.audit_actors import move_audit_actors
from budget.projections.contractors import move_contractors
from budget.projections.deadline_rows import keep_met_versions
from budget.projections.emptied_counts import index_emptied_counts
from budget.projections.funding_sums import fill_funding_sums
from budget.projections.layout import lay_out_views
from budget.projections.line_index import index_lines_by_year
from budget.projections.line_texts import move_line_texts
from budget.projections.progress import (
    fill_national_province_progress,
    fill_province_lao_progress,
)
from budget.projections.stage_dates import move_stage_dates
from budget.projections.storage import (
    drop_kept_summaries,
    set_deadline_key,
    set_narrow_columns,
    set_storage,
)
from budget.projections.tables import metadata, national_funding, province_lao_progress

SQLITE_BUSY_SECONDS = 60
VIEWS_POOL_FACTOR = 4  # connections kept to the views: four times BUDGET_POOL_SIZE
PING_AFTER_IDLE = 1.0  # seconds in the pool after which a connection is pinged on checkout
CHECKED_IN = "budget_checked_in"
CREATE_LOCK_KEY = 7_310_021_571  # beside positions.FOLLOW_LOCK_KEY: one process creates at a time


def views_engine(settings: Settings) -> Engine:
    """An engine on `settings.views_url`, its tables created if missing."""
    url = make_url(settings.views_url)
    if in_memory(url):
        # One connection kept for the engine's life (an in-memory database dies with it),
        # lent to one thread at a time: threads sharing it would see, commit or roll back
        # each other's transactions (the projection runner's among them).
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        engine = create_engine(
            url, creator=lambda: connection, poolclass=QueuePool, pool_size=1, max_overflow=0
        )
    else:
        connect_args: dict[str, object] = {}
        if url.get_backend_name() == "sqlite" and url.database:
            private_sqlite(Path(url.database))  # 0600, before SQLite creates it
            # a writer waits for the follow loop's batch (seconds when it holds whole
            # national budgets) instead of failing after SQLite's default 5 s
            connect_args["timeout"] = SQLITE_BUSY_SECONDS
        # Every request reads its session here and every write claims and keeps its key:
        # SQLAlchemy's default pool (5 + 10) made 64 handler threads queue for a connection
        # (STACK-NOTES: the mixed phase collapsed while the service used 0.6 of a core).
        engine = create_engine(
            url,
            pool_size=settings.pool_size * VIEWS_POOL_FACTOR,
            max_overflow=settings.pool_size * 2,
            connect_args=connect_args,
        )
        ping_when_idle(engine)
    create_tables(engine, metadata)
    return engine


def ping_when_idle(engine: Engine, idle: float = PING_AFTER_IDLE) -> None:
    """SQLAlchemy's `pool_pre_ping`, for connections that sat in the pool `idle` seconds or
    more only: a connection given back a moment ago is alive (under load every checkout,
    one per request at least, paid a round trip and a cursor: 8 % of a write's service
    CPU, issue 17). A dead one is dropped with every connection pooled before it and a new
    one taken, as pre-ping does; a server that goes away under load fails the statements
    in flight (the service answers 503) and the pool starts again."""

    def checked_in(_dbapi: Any, record: ConnectionPoolEntry) -> None:
        record.info[CHECKED_IN] = time.monotonic()

    def checked_out(dbapi: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        since = record.info.get(CHECKED_IN)
        if since is None or time.monotonic() - since < idle:
            return
        try:
            engine.dialect.do_ping(dbapi)
        except engine.dialect.loaded_dbapi.Error as error:
            raise InvalidatePoolError(str(error)) from error

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checked_out)


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection to read the views with. On PostgreSQL outside any transaction: each
    statement sees the views as committed when it starts, as it would in the READ
    COMMITTED transaction it had, without the BEGIN and ROLLBACK round trips; and psycopg
    keeps the statements it prepared, which a ROLLBACK discards (every read was parsed
    and planned anew: at scale 0.1 half of the LAO dashboard's PostgreSQL CPU, 1.8 against
    0.8 ms a run). SQLite as it was (pysqlite begins no transaction for a SELECT)."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection


def create_tables(engine: Engine, tables: MetaData) -> None:
    """The tables of `tables` created in `engine` if missing, one process at a time."""
    with engine.begin() as creating:
        if creating.dialect.name == "postgresql":
            # `budget serve` (its N workers) and `budget projections follow` start together on
            # a new database: two CREATE TABLEs of one name at once fail in PostgreSQL's
            # catalogue (the second process then died, and nobody followed the views); the
            # second waits, then finds them
            creating.execute(select(func.pg_advisory_xact_lock(CREATE_LOCK_KEY)))
        found = inspect(creating)
        missing = tables is metadata and not found.has_table(province_lao_progress.name)
        no_sums = tables is metadata and not found.has_table(national_funding.name)
        tables.create_all(creating)
        if tables is metadata:
            set_storage(creating)  # the views updated in place keep room on every page
            set_narrow_columns(creating)  # ids and names kept as text before schema 0016
            set_deadline_key(creating)  # and a deadline's key its columns
            drop_kept_summaries(creating)  # the audit log's, kept before schema 0017
            move_stage_dates(creating)  # into project_state's rows (schema 0019)
            lay_out_views(creating)  # the audit log without padding (schema 0021)
            move_line_texts(creating)  # out of the lines' balances (schema 0022)
            move_audit_actors(creating)  # out of the audit log's rows (schema 0023)
            keep_met_versions(creating)  # not a met deadline's event's name (schema 0024)
            move_contractors(creating)  # out of the projects' records (schema 0025)
            index_lines_by_year(creating)  # with their group and lapsed money (schema 0026)
            index_emptied_counts(creating)  # stage_count's keys at zero (schema 0027)
        if missing:  # added to views kept before it (schema 0010): made from what they hold
            fill_province_lao_progress(creating)
        if no_sums:  # the same for the money by source and the provinces (schema 0015)
            fill_funding_sums(creating)
            fill_national_province_progress(creating)


def in_memory(url: URL) -> bool:
    """True for a SQLite database that lives in memory."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
