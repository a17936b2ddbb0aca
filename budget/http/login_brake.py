"""The brake on guessing passwords, counted in the database (the tables `http_login_failure`
and `http_login_bucket` of budget.http.sessions), so every process counts the same
failures and a restart forgets none."""

from __future__ import annotations

import time

from sqlalchemy import Connection, Engine, case, delete, select, update

from budget.domain.ids import normal_username
from budget.http.sessions import Clock, login_bucket, login_failure, session_metadata
from budget.projections.engine import create_tables
from budget.projections.upsert import dialect_insert


class LoginLimiter:
    """The brake on guessing passwords, counted in the database on the username in its one
    normal form (:func:`budget.domain.ids.normal_username`, the form the account is looked
    up by), so `" clerk"`, `"CLERK\u00a0"` and `"clerk"` share one count, whichever
    process the guesses reach.

    - per username and client: after `free` failures in a row each further one locks that
      pair out, 30 s doubling up to an hour;
    - per account, from any client: after `account_free` failures in a row the account is
      locked the same way for every client (guesses spread over many addresses);
    - per client, whatever the username: `client_burst` failures at once, then one every
      `1 / client_rate` seconds (30 a minute); beyond, refused before any hashing.

    A success, or `forget` seconds without a failure, starts a count again. Each count is
    one atomic upsert, so processes counting at once lose no failure.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        free: int = 5,
        account_free: int = 20,
        client_burst: float = 30.0,
        client_rate: float = 0.5,
        first_lockout: float = 30.0,
        longest: float = 3600.0,
        forget: float = 3600.0,
        clock: Clock = time.time,
    ) -> None:
        self.engine = engine
        self.free = free
        self.account_free = account_free
        self.client_burst = client_burst
        self.client_rate = client_rate
        self.first_lockout = first_lockout
        self.longest = longest
        self.forget = forget
        self.clock = clock
        create_tables(engine, session_metadata)

    def locked_for(self, username: str, client: str) -> float:
        """Seconds until this username may be tried again from this client (0: now)."""
        name = normal_username(username)
        now = self.clock()
        f, b = login_failure, login_bucket
        with self.engine.connect() as connection:
            locks: list[float] = list(
                connection.execute(
                    select(f.c.locked_until).where(
                        ((f.c.kind == "pair") & (f.c.key == _pair(name, client)))
                        | ((f.c.kind == "account") & (f.c.key == name))
                    )
                ).scalars()
            )
            locked = max((until - now for until in locks), default=0.0)
            bucket = connection.execute(
                select(b.c.level, b.c.at).where(b.c.client == client)
            ).one_or_none()
        over = 0.0
        if bucket is not None:
            level = max(0.0, bucket.level - (now - bucket.at) * self.client_rate)
            over = level + 1 - self.client_burst
        waiting = over / self.client_rate if over > 0 else 0.0
        return max(0.0, locked, waiting)

    def failed(self, username: str, client: str) -> int:
        """Count a failure; returns how many in a row for this username from this client."""
        name = normal_username(username)
        now = self.clock()
        with self.engine.begin() as connection:
            self._streak(connection, "account", name, self.account_free, now)
            self._leak(connection, client, now)
            return self._streak(connection, "pair", _pair(name, client), self.free, now)

    def succeeded(self, username: str, client: str) -> None:
        name = normal_username(username)
        f = login_failure
        with self.engine.begin() as connection:
            connection.execute(
                delete(f).where(
                    ((f.c.kind == "pair") & (f.c.key == _pair(name, client)))
                    | ((f.c.kind == "account") & (f.c.key == name))
                )
            )

    def forget_old(self) -> int:
        """Drop the counts that no longer brake anything; how many went."""
        now = self.clock()
        f, b = login_failure, login_bucket
        with self.engine.begin() as connection:
            streaks = connection.execute(
                delete(f).where(f.c.last_at < now - self.forget, f.c.locked_until <= now)
            )
            buckets = connection.execute(
                delete(b).where(b.c.level - (now - b.c.at) * self.client_rate <= 0)
            )
        return int(streaks.rowcount or 0) + int(buckets.rowcount or 0)

    def _streak(self, connection: Connection, kind: str, key: str, free: int, now: float) -> int:
        """One more failure in a row for `key` (a new row, or one forgotten, starts at 1);
        beyond `free`, the key is locked out twice as long each time."""
        f = login_failure
        count: int = (
            connection.execute(
                dialect_insert(connection, f)
                .values(kind=kind, key=key, count=1, last_at=now, locked_until=0.0)
                .on_conflict_do_update(
                    index_elements=[f.c.kind, f.c.key],
                    set_={
                        "count": case((f.c.last_at < now - self.forget, 1), else_=f.c.count + 1),
                        "last_at": now,
                    },
                )
                .returning(f.c.count)
            )
        ).scalar_one()
        beyond = count - free
        if beyond > 0:
            lockout = min(self.first_lockout * 2 ** min(beyond - 1, 30), self.longest)
            connection.execute(
                update(f).where(f.c.kind == kind, f.c.key == key).values(locked_until=now + lockout)
            )
        return int(count)

    def _leak(self, connection: Connection, client: str, now: float) -> None:
        b = login_bucket
        left = b.c.level - (now - b.c.at) * self.client_rate
        connection.execute(
            dialect_insert(connection, b)
            .values(client=client, level=1.0, at=now)
            .on_conflict_do_update(
                index_elements=[b.c.client],
                set_={"level": case((left > 0, left), else_=0.0) + 1, "at": now},
            )
        )


def _pair(username: str, client: str) -> str:
    return f"{username}\n{client}"
