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

import asyncio
from typing import Any
from uuid import UUID

from psycopg.rows import namedtuple_row
from psycopg_pool import AsyncConnectionPool, ConnectionPool
from sqlalchemy import ARRAY, Engine, Select, String, Uuid, bindparam, func, select

from budget.projections.positions import REBUILDING
from budget.projections.tables import projection_tracking

CONNECTION: dict[str, Any] = {
    "autocommit": True,
    "prepare_threshold": 0,
    "row_factory": namedtuple_row,
}
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


def sessions_with_versions(sessions: Any, events: Any) -> Select[Any]:
    """`session_with_version` for several sessions at once: the rows of the `digests`
    (with `token_digest`), each with its account's version, the `accounts` in the same
    order."""
    asked = (
        func.unnest(
            bindparam("digests", type_=ARRAY(String)), bindparam("accounts", type_=ARRAY(Uuid))
        )
        .table_valued("digest", "account")
        .render_derived(name="asked")
    )
    version_now = (
        select(func.max(events.c.originator_version))
        .where(events.c.originator_id == asked.c.account)
        .scalar_subquery()
        .label("version_now")
    )
    return select(sessions, version_now).select_from(
        asked.join(sessions, sessions.c.token_digest == asked.c.digest)
    )


def rebuilding() -> Select[Any]:
    """The mark of views being rebuilt (budget.projections.positions.views_offline)."""
    t = projection_tracking
    return select(t.c.position).where(t.c.name == bindparam("rebuilding"))


def _retrieved(answers: asyncio.Future[Any]) -> None:
    """A batch's error is its waiters' (asyncio would warn of it if they had all left)."""
    if not answers.cancelled():
        answers.exception()


class PreparedReads:
    """Those statements on `size` connections to `engine`'s database; the session's only
    where the store's `events` table is in it too."""

    def __init__(self, engine: Engine, size: int, sessions: Any, events: Any = None) -> None:
        def compiled(statement: Select[Any]) -> str:
            return str(statement.compile(dialect=engine.dialect))

        self.session_sql = (
            compiled(session_with_version(sessions, events)) if events is not None else None
        )
        self.sessions_sql = (
            compiled(sessions_with_versions(sessions, events)) if events is not None else None
        )
        self.rebuilding_sql = compiled(rebuilding())
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self.size = max(1, size)
        self.pool = ConnectionPool(**self._pool_options("budget-prepared-reads"), open=True)
        self._on_loop: AsyncConnectionPool | None = None  # the session's read, on `_loop`
        self._loop: asyncio.AbstractEventLoop | None = None
        self._asked: dict[str, UUID] | None = None  # the sessions the next batch reads
        self._answers: asyncio.Future[dict[str, Any]] | None = None  # that batch's rows
        self._reading: set[asyncio.Task[None]] = set()
        self._busy = False  # a statement of `_read` under way

    def _pool_options(self, name: str) -> dict[str, Any]:
        """What both pools (in threads, on the loop) are made with, named `name`."""
        return {
            "conninfo": self.conninfo,
            "min_size": 1,
            "max_size": self.size,
            "kwargs": CONNECTION,
            "name": name,
        }

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

    async def open_on_loop(self) -> None:
        """Open the session's read on the running event loop (an app's start-up): a request
        on that loop then reads its session without a thread (`session_row_on_loop`). The
        first loop keeps it; an app started on another loop (a second test client) reads
        its sessions in threads."""
        if self.session_sql is None or self._on_loop is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._on_loop = AsyncConnectionPool(
            **self._pool_options("budget-session-reads"), open=False
        )
        await self._on_loop.open()

    async def close_on_loop(self) -> None:
        """Close what `open_on_loop` opened, from the loop it was opened on (else nothing)."""
        pool = self._on_loop
        if pool is None or asyncio.get_running_loop() is not self._loop:
            return
        self._on_loop = self._loop = None
        await pool.close()

    def on_this_loop(self) -> bool:
        """May the session be read without a thread here (`session_row_on_loop`)?"""
        if self._on_loop is None:
            return False
        try:
            return asyncio.get_running_loop() is self._loop
        except RuntimeError:  # no loop runs in this thread
            return False

    async def session_row_on_loop(self, digest: str, account: UUID) -> Any:
        """`session_row`, on the event loop's own connections (issue 17: a kept read that
        never leaves the event loop). Only where `on_this_loop()`. The sessions asked for
        are read together, one statement (`sessions_with_versions`) at a time: those asked
        while the loop turns once, sent on its next turn, or, while a statement is under way,
        those asked until it is answered, sent then (each statement still begins after its
        requests arrived, so it shows every logout before them). One round trip for the
        requests that arrived together, and at most one statement in flight however many
        readers ask: a statement sent costs the service more than its rows."""
        if self._asked is None or self._answers is None:
            self._asked, self._answers = {}, asyncio.get_running_loop().create_future()
            self._answers.add_done_callback(_retrieved)
            if not self._busy:
                self._send_next()
        asked, answers = self._asked, self._answers
        asked[digest] = account
        rows = await asyncio.shield(answers)  # a request cancelled leaves the others theirs
        return rows.get(digest)

    def _send_next(self) -> None:
        """Read the sessions gathered so far, on the loop's next turn (`_read`)."""
        self._busy = True
        reading = asyncio.get_running_loop().create_task(self._read())
        self._reading.add(reading)  # the loop keeps only a weak reference to a task
        reading.add_done_callback(self._reading.discard)

    async def _read(self) -> None:
        """Read the sessions gathered (`_asked`) and give their batch its rows; then send
        the batch gathered meanwhile, if any."""
        asked, answers = self._asked, self._answers
        self._asked = self._answers = None  # whoever asks from now on joins the next batch
        assert asked is not None
        assert answers is not None
        assert self._on_loop is not None
        assert self.sessions_sql is not None
        try:
            async with self._on_loop.connection(timeout=POOL_WAIT) as connection:
                found = await connection.execute(
                    self.sessions_sql, {"digests": list(asked), "accounts": list(asked.values())}
                )
                rows: list[Any] = await found.fetchall()
        except Exception as error:
            answers.set_exception(error)
        except BaseException:  # cancelled (the loop stops): so are its waiters
            answers.cancel()
            self._busy = False
            raise
        else:
            answers.set_result({row.token_digest: row for row in rows})
        if self._asked is not None:
            self._send_next()
        else:
            self._busy = False

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
