"""Logins: bearer tokens kept hashed in memory, and the brake on guessing passwords.

A token is 32 random bytes, given once to the client; the server keeps only its
SHA-256, so a memory dump does not hand out sessions. A session expires after the
configured time and is dropped early when its account changes (password set again,
role revoked): the account is looked at again at most every `RECHECK` seconds.
Sessions live in this process: a restart logs everyone out.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from budget.domain.access import Actor

RECHECK = 60.0  # seconds between checks that the account still allows the session

Clock = Callable[[], float]  # seconds, like time.time


@dataclass(slots=True)
class Session:
    username: str
    display_name: str
    actor: Actor
    password_hash: str  # the account's at login: a new password ends the session
    expires_at: float
    checked_at: float

    @property
    def expires(self) -> datetime:
        return datetime.fromtimestamp(self.expires_at, UTC)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class SessionStore:
    """Open sessions by the digest of their token."""

    def __init__(self, lifetime: timedelta, clock: Clock = time.time) -> None:
        self.lifetime = lifetime
        self.clock = clock
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def open(self, username: str, display_name: str, actor: Actor, password_hash: str) -> str:
        """A new session; returns its token (the only time it exists in clear)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(
            username=username,
            display_name=display_name,
            actor=actor,
            password_hash=password_hash,
            expires_at=now + self.lifetime.total_seconds(),
            checked_at=now,
        )
        with self._lock:
            self._drop_expired(now)
            self._sessions[token_digest(token)] = session
        return token

    def find(self, token: str) -> Session | None:
        """The live session of a token, or None (unknown, logged out or expired)."""
        digest = token_digest(token)
        now = self.clock()
        with self._lock:
            session = self._sessions.get(digest)
            if session is not None and session.expires_at <= now:
                del self._sessions[digest]
                return None
            return session

    def due_for_check(self, session: Session) -> bool:
        return self.clock() - session.checked_at >= RECHECK

    def checked(self, session: Session) -> None:
        session.checked_at = self.clock()

    def close(self, token: str) -> bool:
        with self._lock:
            return self._sessions.pop(token_digest(token), None) is not None

    def _drop_expired(self, now: float) -> None:
        for digest in [d for d, s in self._sessions.items() if s.expires_at <= now]:
            del self._sessions[digest]


@dataclass(slots=True)
class _Failures:
    count: int
    last_at: float
    locked_until: float


class LoginLimiter:
    """Failed logins per username and client: after `free` failures in a row each
    further one locks that pair out, twice as long each time (up to `longest`).
    A success, or `forget` seconds without a failure, starts the count again."""

    def __init__(
        self,
        *,
        free: int = 5,
        first_lockout: float = 30.0,
        longest: float = 3600.0,
        forget: float = 3600.0,
        clock: Clock = time.time,
    ) -> None:
        self.free = free
        self.first_lockout = first_lockout
        self.longest = longest
        self.forget = forget
        self.clock = clock
        self._failures: dict[tuple[str, str], _Failures] = {}
        self._lock = threading.Lock()

    def locked_for(self, username: str, client: str) -> float:
        """Seconds until this username may be tried again from this client (0: now)."""
        with self._lock:
            found = self._failures.get((username.casefold(), client))
            if found is None:
                return 0.0
            return max(0.0, found.locked_until - self.clock())

    def failed(self, username: str, client: str) -> int:
        """Count a failure; returns how many in a row."""
        now = self.clock()
        key = (username.casefold(), client)
        with self._lock:
            if len(self._failures) > 100_000:
                self._forget_old(now)
            found = self._failures.get(key)
            if found is None or now - found.last_at > self.forget:
                found = self._failures[key] = _Failures(0, now, 0.0)
            found.count += 1
            found.last_at = now
            beyond = found.count - self.free
            if beyond > 0:
                lockout = self.first_lockout * 2 ** min(beyond - 1, 30)
                found.locked_until = now + min(lockout, self.longest)
            return found.count

    def succeeded(self, username: str, client: str) -> None:
        with self._lock:
            self._failures.pop((username.casefold(), client), None)

    def _forget_old(self, now: float) -> None:
        old = [
            k
            for k, f in self._failures.items()
            if now - f.last_at > self.forget and f.locked_until <= now
        ]
        for key in old:
            del self._failures[key]
