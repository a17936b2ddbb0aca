"""The reads every request makes of the views' PostgreSQL database: each one prepared
statement on connections of their own (a psycopg pool, autocommit), past SQLAlchemy.

Every API request reads its session's row and its account's version (budget.http.guards),
and every write looks whether the views are being rebuilt before it says they include it
(budget.http.services). Through SQLAlchemy Core each read cost the service about 0.45 ms of
CPU (statement built, cache key, pool checkout and reset, result proxy); the same statement
prepared once per connection on a psycopg pool costs about 0.07 ms (measured in one process
on this machine, issue 17): a third of a kept dashboard read's service CPU. The statements
are SQLAlchemy's own, compiled once, so the tables stay defined in one place.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from psycopg.rows import namedtuple_row
from psycopg_pool import ConnectionPool
from sqlalchemy import Engine, Select, bindparam, func, select

from budget.projections.positions import REBUILDING
from budget.projections.tables import projection_tracking

POOL_WAIT = 5.0  # seconds a request waits for a free connection before it is answered 503


def session_with_version(sessions: Any, events: Any) -> Select[Any]:
    """A session's row and its account's version (`version_now`), by `digest` and `account`."""
    version_now = (
        select(func.max(events.c.originator_version))
        .where(events.c.originator_id == bindparam("account"))
        .scalar_subquery()
        .label("version_now")
    )
    return select(sessions, version_now).where(sessions.c.token_digest == bindparam("digest"))


def rebuilding() -> Select[Any]:
    """The mark of views being rebuilt (budget.projections.positions.views_offline)."""
    t = projection_tracking
    return select(t.c.position).where(t.c.name == bindparam("rebuilding"))


class PreparedReads:
    """Those statements on `size` connections to `engine`'s database; the session's only
    where the store's `events` table is in it too."""

    def __init__(self, engine: Engine, size: int, sessions: Any, events: Any = None) -> None:
        def compiled(statement: Select[Any]) -> str:
            return str(statement.compile(dialect=engine.dialect))

        self.session_sql = (
            compiled(session_with_version(sessions, events)) if events is not None else None
        )
        self.rebuilding_sql = compiled(rebuilding())
        conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max(1, size),
            kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": namedtuple_row},
            name="budget-prepared-reads",
            open=True,
        )

    @property
    def reads_sessions(self) -> bool:
        return self.session_sql is not None

    def session_row(self, digest: str, account: UUID) -> Any:
        """The session's row with `version_now`, or None; psycopg's errors pass through (the
        guard answers 503), and so does the pool's timeout when every connection is busy."""
        assert self.session_sql is not None
        with self.pool.connection(timeout=POOL_WAIT) as connection:
            found = connection.execute(self.session_sql, {"digest": digest, "account": account})
            return found.fetchone()

    def views_offline(self) -> bool:
        """Are the views being rebuilt just now (as budget.projections.positions.views_offline)?"""
        with self.pool.connection(timeout=POOL_WAIT) as connection:
            found = connection.execute(self.rebuilding_sql, {"rebuilding": REBUILDING})
            return found.fetchone() is not None

    def notify(self, channel: str, payload: str) -> None:
        """`NOTIFY channel, payload` (budget.http.writers), on one of these connections."""
        with self.pool.connection(timeout=POOL_WAIT) as connection:
            connection.execute("SELECT pg_notify(%s, %s)", (channel, payload))

    def close(self) -> None:
        self.pool.close()
