"""Logins kept in the database, so any number of processes share them and a restart logs
nobody out: sessions by the digest of their token, and the brake on guessing passwords.

A token is 32 random bytes, given once to the client; the database keeps only its SHA-256
(`http_session.token_digest`), so a copy of the table does not hand out sessions, nor
the account's password hash (a session keeps the SHA-256 of the hash it was opened
with). A session expires after the configured time and ends at once when its account
changes (password set again, role revoked): every request compares the account's version
in the store with the one the session last saw (one indexed read), and looks at the
account again when it moved (budget.http.guards); a kept read's session found live on the
event loop a moment ago is served again without a read until an end of a session is
announced (budget.http.recent_sessions). The brake's counts
(budget.http.login_brake) are rows of these tables too: every process counts the same
failures.

The tables live in the views' database (they are not views: a rebuild leaves them alone);
`schema/postgres/0005_http_sessions.sql` is their DDL.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Double,
    Engine,
    Integer,
    MetaData,
    Row,
    Select,
    String,
    Table,
    Text,
    Uuid,
    delete,
    func,
    select,
    update,
)

from budget.domain.access import Actor, Role
from budget.domain.ids import account_id
from budget.http.prepared_reads import PreparedReads, session_with_version
from budget.http.recent_sessions import SESSIONS_CHANNEL, RecentSessions
from budget.projections.engine import create_tables, reading

Clock = Callable[[], float]  # seconds, like time.time
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "postgres" / "0005_http_sessions.sql"
HEADER = (
    "-- Logins of the HTTP service in the views' database (PostgreSQL): sessions (token\n"
    "-- digests only) and the brake's counts of failed logins. Generated from\n"
    "-- budget/http/sessions.py; a test keeps the two equal. A change is a new numbered file.\n\n"
)

session_metadata = MetaData()
MAX_KNOWN_TOKENS = 100_000  # tokens whose account a process keeps (then it starts again)


def events_table(schema: str, name: str) -> Table:
    """The two columns of the store's events (PostgreSQL) that give an account's version."""
    return Table(
        name,
        MetaData(schema=schema),
        Column("originator_id", Uuid),
        Column("originator_version", Integer),
    )


http_session = Table(
    "http_session",
    session_metadata,
    Column("token_digest", String(64), primary_key=True),
    Column("username", String(100), nullable=False, index=True),
    Column("display_name", Text, nullable=False),
    Column("role", String(40), nullable=False),
    Column("acting_for", String(20), nullable=False),
    Column("password_mark", String(64), nullable=False),  # SHA-256 of the password hash
    Column("account_version", Integer, nullable=False),
    Column("expires_at", Double, nullable=False, index=True),  # seconds since the epoch
)

# Failures in a row: kind "pair" (key: username and client) or "account" (key: username).
login_failure = Table(
    "http_login_failure",
    session_metadata,
    Column("kind", String(10), primary_key=True),
    Column("key", String(400), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("last_at", Double, nullable=False),
    Column("locked_until", Double, nullable=False),
)

# Failed logins per client address, whatever the username (a leaky bucket).
login_bucket = Table(
    "http_login_bucket",
    session_metadata,
    Column("client", String(100), primary_key=True),
    Column("level", Double, nullable=False),
    Column("at", Double, nullable=False),
)


@dataclass(slots=True)
class Session:
    username: str
    display_name: str
    actor: Actor
    password_mark: str  # the SHA-256 of the account's password hash at login
    expires_at: float
    account_version: int  # the account's version when the session last looked at it

    @property
    def expires(self) -> datetime:
        return datetime.fromtimestamp(self.expires_at, UTC)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def password_mark(password_hash: str) -> str:
    """What a session keeps of the account's password hash: a new password ends it."""
    return hashlib.sha256(password_hash.encode()).hexdigest()


class SessionStore:
    """Open sessions by the digest of their token, in `engine` (the views' database)."""

    def __init__(
        self,
        engine: Engine,
        lifetime: timedelta,
        clock: Clock = time.time,
        events: Table | None = None,
        prepared: PreparedReads | None = None,
    ) -> None:
        """`prepared`: where the events share `engine`'s PostgreSQL database, a seen
        session is read with its account's version through its prepared statement
        (budget.http.prepared_reads) instead of SQLAlchemy's."""
        self.engine = engine
        self.lifetime = lifetime
        self.clock = clock
        self.events = events  # the store's events, when they are in `engine`'s database
        self._prepared = prepared if prepared is not None and prepared.reads_sessions else None
        self._accounts: dict[str, UUID] = {}  # token digest -> its account's id
        self._seen: dict[str, Session] = {}  # token digest -> its session, as last found live
        # sessions found live on the event loop lately, while the announcements of their
        # ends are heard (budget.http.recent_sessions)
        self.recent = RecentSessions(self._prepared.conninfo if self._prepared else None)
        create_tables(engine, session_metadata)

    def open(
        self,
        username: str,
        display_name: str,
        actor: Actor,
        password_hash: str,
        account_version: int,
    ) -> tuple[str, Session]:
        """A new session and its token (the only time the token exists in clear)."""
        token = secrets.token_urlsafe(32)
        session = Session(
            username=username,
            display_name=display_name,
            actor=actor,
            password_mark=password_mark(password_hash),
            expires_at=self.clock() + self.lifetime.total_seconds(),
            account_version=account_version,
        )
        with self.engine.begin() as connection:
            connection.execute(
                http_session.insert().values(
                    token_digest=token_digest(token),
                    username=username,
                    display_name=display_name,
                    role=actor.role.value,
                    acting_for=actor.acting_for,
                    password_mark=session.password_mark,
                    account_version=account_version,
                    expires_at=session.expires_at,
                )
            )
        return token, session

    def find(self, token: str) -> Session | None:
        """The live session of a token, or None (unknown, logged out or expired)."""
        s = http_session
        with reading(self.engine) as connection:
            row = connection.execute(
                select(s).where(s.c.token_digest == token_digest(token))
            ).one_or_none()
        return self._live(row)

    def seen(self, token: str) -> Session | None:
        """The session this process last found live for `token` (budget.http.guards), read
        from memory only: who it says is asking, not that it is still open. A session's row
        never changes who it acts as (a changed account ends it), so a guard may authorize
        with it while the row is read again in the handler's thread."""
        return self._seen.get(token_digest(token))

    def _remember(self, digest: str, session: Session) -> None:
        if len(self._seen) >= MAX_KNOWN_TOKENS:
            self._seen.clear()
        self._seen[digest] = session

    def find_with_version(self, token: str) -> tuple[Session, int | None] | None:
        """The live session of a token and its account's version in the store, read in one
        statement where the store's events share the sessions' database (`events`); else
        the version is None and the caller reads it from the store. The account of a
        token never changes, so it is kept per process after the first look; the session's
        row and the account's version are read every time (a logout or a changed account
        anywhere takes effect at once)."""
        digest = token_digest(token)
        if self.events is None:
            found = self.find(token)
            if found is None:
                self._seen.pop(digest, None)
                return None
            self._remember(digest, found)
            return found, None
        s = http_session
        account = self._accounts.get(digest)
        if account is not None and self._prepared is not None:
            return self._found(digest, self._prepared.session_row(digest, account))
        with reading(self.engine) as connection:  # one round trip: no BEGIN, no ROLLBACK
            if account is None:
                row = connection.execute(select(s).where(s.c.token_digest == digest)).one_or_none()
                session = self._live(row)
                if session is None:
                    self._seen.pop(digest, None)
                    return None
                self._remember(digest, session)
                account = account_id(session.username)
                if len(self._accounts) >= MAX_KNOWN_TOKENS:
                    self._accounts.clear()
                self._accounts[digest] = account
                version = connection.execute(self._version_of(account)).scalar()
                return session, version
            row = connection.execute(
                session_with_version(s, self.events), {"digest": digest, "account": account}
            ).one_or_none()
        return self._found(digest, row)

    def account_on_loop(self, token: str) -> UUID | None:
        """The token's account, if `find_on_loop` may read its session on the running
        event loop (the account known here, the session's statement open on this loop)."""
        prepared = self._prepared
        if prepared is None or not prepared.on_this_loop():
            return None
        return self._accounts.get(token_digest(token))

    async def find_on_loop(self, token: str, account: UUID) -> tuple[Session, int | None] | None:
        """`find_with_version` for a token whose account is known (`account_on_loop`), read
        on the event loop without a thread: the same statement, the row as it is now; or,
        found live at its account's version a moment ago and nothing announced since that
        may have ended it, that (budget.http.recent_sessions: no round trip)."""
        assert self._prepared is not None
        digest = token_digest(token)
        recent: tuple[Session, int | None] | None = self.recent.served(digest)
        if recent is not None and recent[0].expires_at > self.clock():
            return recent
        mark = self.recent.mark()
        found = self._found(digest, await self._prepared.session_row_on_loop(digest, account))
        if found is not None and found[1] == found[0].account_version:
            self.recent.keep(digest, mark, found)
        return found

    def listen(self) -> None:
        """Hear the ends of sessions announced by every process (PostgreSQL), so that a
        session found live on the event loop is served a moment without a read."""
        self.recent.listen()

    def stop_listening(self) -> None:
        self.recent.stop()

    def _announce(self, connection: Connection, payload: str) -> None:
        """Tell every process that a session may have ended (PostgreSQL: `NOTIFY`, heard
        when `connection`'s transaction commits); this one forgets at once."""
        self.recent.forget_all()
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_notify(SESSIONS_CHANNEL, payload)))

    def account_changed(self, username: str) -> None:
        """The account's password was set or a role revoked (its events recorded): its
        sessions may have ended; announced before the change is answered."""
        self.recent.forget_all()
        if self.engine.dialect.name != "postgresql":
            return
        with self.engine.begin() as connection:
            self._announce(connection, f"account {username}")
        self.recent.forget_all()

    def _found(self, digest: str, row: Any) -> tuple[Session, int | None] | None:
        """The live session of `row` (with its account's `version_now`), remembered."""
        session = self._live(row)
        if session is None or row is None:
            self._seen.pop(digest, None)
            return None
        self._remember(digest, session)
        return session, row.version_now

    def _version_of(self, account: UUID) -> Select[Any]:
        e = self.events
        assert e is not None
        return select(func.max(e.c.originator_version)).where(e.c.originator_id == account)

    def _live(self, row: Row[Any] | None) -> Session | None:
        if row is None or row.expires_at <= self.clock():
            return None
        return Session(
            username=row.username,
            display_name=row.display_name,
            actor=Actor(row.username, Role(row.role), row.acting_for),
            password_mark=row.password_mark,
            expires_at=row.expires_at,
            account_version=row.account_version,
        )

    def saw(self, token: str, account_version: int, password_hash: str | None = None) -> None:
        """The session looked at its account at `account_version` (and, when given, goes
        on with the account's new password hash: its holder set it)."""
        values: dict[str, Any] = {"account_version": account_version}
        if password_hash is not None:
            values["password_mark"] = password_mark(password_hash)
        with self.engine.begin() as connection:
            connection.execute(
                update(http_session)
                .where(http_session.c.token_digest == token_digest(token))
                .values(**values)
            )

    def close(self, token: str) -> bool:
        self._accounts.pop(token_digest(token), None)
        self._seen.pop(token_digest(token), None)
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(http_session).where(http_session.c.token_digest == token_digest(token))
            )
            self._announce(connection, token_digest(token))
        self.recent.forget_all()  # again: a read on the loop may have begun before the commit
        return bool(result.rowcount)

    def count(self) -> int:
        """Sessions open now (for the metrics)."""
        s = http_session
        with self.engine.connect() as connection:
            found = connection.execute(
                select(s.c.token_digest).where(s.c.expires_at > self.clock())
            ).all()
        return len(found)

    def forget_expired(self) -> int:
        """Drop the expired sessions; how many went."""
        with self.engine.begin() as connection:
            result = connection.execute(
                delete(http_session).where(http_session.c.expires_at <= self.clock())
            )
        return int(result.rowcount or 0)


if __name__ == "__main__":
    from budget.projections.ddl import postgres_ddl

    SCHEMA_FILE.write_text(postgres_ddl(session_metadata, HEADER), encoding="utf-8")
