"""Logins: bearer tokens kept hashed in memory, and the brake on guessing passwords.

A token is 32 random bytes, given once to the client; the server keeps only its
SHA-256, so a memory dump does not hand out sessions. A session expires after the
configured time and ends at once when its account changes (password set again, role
revoked): every request compares the account's version in the store with the one the
session last saw (one indexed read), and looks at the account again when it moved.
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
from budget.domain.ids import normal_username

Clock = Callable[[], float]  # seconds, like time.time


@dataclass(slots=True)
class Session:
    username: str
    display_name: str
    actor: Actor
    password_hash: str  # the account's at login: a new password ends the session
    expires_at: float
    account_version: int  # the account's version when the session last looked at it

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

    def open(
        self,
        username: str,
        display_name: str,
        actor: Actor,
        password_hash: str,
        account_version: int,
    ) -> str:
        """A new session; returns its token (the only time it exists in clear)."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        session = Session(
            username=username,
            display_name=display_name,
            actor=actor,
            password_hash=password_hash,
            expires_at=now + self.lifetime.total_seconds(),
            account_version=account_version,
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


class _Streaks:
    """Failures in a row per key: after `free` of them each further one locks the key
    out, twice as long each time (up to `longest`). A success, or `forget` seconds
    without a failure, starts the count again."""

    def __init__(self, free: int, first_lockout: float, longest: float, forget: float) -> None:
        self.free = free
        self.first_lockout = first_lockout
        self.longest = longest
        self.forget = forget
        self._failures: dict[object, _Failures] = {}

    def locked_for(self, key: object, now: float) -> float:
        found = self._failures.get(key)
        return 0.0 if found is None else max(0.0, found.locked_until - now)

    def failed(self, key: object, now: float) -> int:
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

    def succeeded(self, key: object) -> None:
        self._failures.pop(key, None)

    def _forget_old(self, now: float) -> None:
        old = [
            k
            for k, f in self._failures.items()
            if now - f.last_at > self.forget and f.locked_until <= now
        ]
        for key in old:
            del self._failures[key]


@dataclass(slots=True)
class _Bucket:
    level: float
    at: float


class _ClientBuckets:
    """Failed logins per client address, whatever the username: a leaky bucket holding
    `burst` failures and emptying at `rate` per second. A full bucket refuses the client's
    logins before any password is hashed, so random usernames cannot buy argon2 work."""

    def __init__(self, burst: float, rate: float) -> None:
        self.burst = burst
        self.rate = rate
        self._buckets: dict[str, _Bucket] = {}

    def _level(self, client: str, now: float) -> float:
        found = self._buckets.get(client)
        if found is None:
            return 0.0
        return max(0.0, found.level - (now - found.at) * self.rate)

    def wait(self, client: str, now: float) -> float:
        """Seconds until the client may try again (0: now)."""
        over = self._level(client, now) + 1 - self.burst
        return over / self.rate if over > 0 else 0.0

    def failed(self, client: str, now: float) -> None:
        if len(self._buckets) > 100_000:
            self._buckets = {c: b for c, b in self._buckets.items() if self._level(c, now) > 0}
        self._buckets[client] = _Bucket(self._level(client, now) + 1, now)


class LoginLimiter:
    """The brake on guessing passwords, counted on the username in its one normal form
    (:func:`budget.domain.ids.normal_username`, the form the account is looked up by),
    so `" clerk"`, `"CLERK\u00a0"` and `"clerk"` share one count.

    - per username and client: after `free` failures in a row each further one locks that
      pair out, 30 s doubling up to an hour;
    - per account, from any client: after `account_free` failures in a row the account is
      locked the same way for every client (guesses spread over many addresses);
    - per client, whatever the username: `client_burst` failures at once, then one every
      `1 / client_rate` seconds (30 a minute); beyond, refused before any hashing.

    A success, or `forget` seconds without a failure, starts a count again.
    """

    def __init__(
        self,
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
        self.free = free
        self.account_free = account_free
        self.clock = clock
        self._pairs = _Streaks(free, first_lockout, longest, forget)
        self._accounts = _Streaks(account_free, first_lockout, longest, forget)
        self._clients = _ClientBuckets(client_burst, client_rate)
        self._lock = threading.Lock()

    def locked_for(self, username: str, client: str) -> float:
        """Seconds until this username may be tried again from this client (0: now)."""
        name = normal_username(username)
        now = self.clock()
        with self._lock:
            return max(
                self._pairs.locked_for((name, client), now),
                self._accounts.locked_for(name, now),
                self._clients.wait(client, now),
            )

    def failed(self, username: str, client: str) -> int:
        """Count a failure; returns how many in a row for this username from this client."""
        name = normal_username(username)
        now = self.clock()
        with self._lock:
            self._accounts.failed(name, now)
            self._clients.failed(client, now)
            return self._pairs.failed((name, client), now)

    def succeeded(self, username: str, client: str) -> None:
        name = normal_username(username)
        with self._lock:
            self._pairs.succeeded((name, client))
            self._accounts.succeeded(name)
