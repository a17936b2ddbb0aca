"""The database of the views: its engine, with every view table created."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, make_url, select
from sqlalchemy.engine import URL
from sqlalchemy.pool import QueuePool

from budget.config import Settings
from budget.private_files import private_sqlite
from budget.projections.storage import set_storage
from budget.projections.tables import metadata

SQLITE_BUSY_SECONDS = 60
CREATE_LOCK_KEY = 7_310_021_571  # beside follow.FOLLOW_LOCK_KEY: one process creates at a time


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
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    with engine.begin() as creating:
        if creating.dialect.name == "postgresql":
            # `budget serve` and `budget projections follow` start together on a new database:
            # two CREATE TABLEs of one name at once fail in PostgreSQL's catalogue (the second
            # process then died, and nobody followed the views); the second waits, then finds them
            creating.execute(select(func.pg_advisory_xact_lock(CREATE_LOCK_KEY)))
        metadata.create_all(creating)
        set_storage(creating)
    return engine


def in_memory(url: URL) -> bool:
    """True for a SQLite database that lives in memory."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
