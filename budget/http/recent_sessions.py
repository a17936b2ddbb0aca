"""Sessions found live on the event loop a moment ago, served again without a round trip
(issue 17): a kept dashboard read's session statement was its largest single cost, and
with N workers each worker's statements carry a share of the sessions, so every worker
paid it more often (CPU a read 0.28 ms with one worker, 0.48 with two or four).

A session read on the event loop (budget.http.sessions `find_on_loop`) and found live, at
the account's version it last saw, is served from here for `within` seconds (`RECHECK`)
unless a session may have ended since. Every way a session ends announces it on
PostgreSQL before it is answered (`NOTIFY budget_sessions`, as budget.http.writers announces
writes): a logout or a session closed by the guard (in the transaction that deletes its
row: heard when it commits), a password set or a role revoked (after its events are
recorded, before the answer). Whatever is heard on the channel, and a listener that
(re)connects, forgets every session kept here (revocations are rare: a logout, an account
changed), and nothing is kept while nobody listens. So a revocation ends a session on this
worker as soon as PostgreSQL delivers its notification (on loopback well under a
millisecond, announced before the revoking request is answered), on the worker that made
it at once; `within` bounds what anything that does not announce (a row deleted by hand)
could leave. An expired session is never served (its expiry is kept with it). Writes and
every route run in a thread still read their session on every request.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from budget.projections.listen import Listener

SESSIONS_CHANNEL = "budget_sessions"  # payload: a token's digest, or "account <username>"
RECHECK = 1.0  # seconds a session found live on the loop is served without a read
KEPT = 100_000  # sessions kept (then all forgotten)


class RecentSessions:
    """The sessions found live lately, per token digest, while `conninfo`'s PostgreSQL
    announcements are heard (`listen`); nothing is kept without a `conninfo`."""

    def __init__(
        self,
        conninfo: str | None,
        within: float = RECHECK,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.within = within
        self.clock = clock
        self._kept: dict[str, tuple[float, int, Any]] = {}
        self._counter = itertools.count(1)
        self._generation = 0  # moved by every announcement heard (`next` is atomic)
        self._listener = (
            Listener(conninfo, SESSIONS_CHANNEL, self._heard) if conninfo is not None else None
        )
        self._started = False

    def listen(self) -> None:
        if self._listener is not None and not self._started:
            self._started = True
            self._listener.start()

    def stop(self) -> None:
        if self._listener is not None and self._started:
            self._started = False
            self._listener.stop(timeout=5)
        self.forget_all()

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.listening.is_set()

    def _heard(self, _payload: str) -> None:
        self.forget_all()

    def forget_all(self) -> None:
        """Every session kept here may have ended: read each again."""
        self._generation = next(self._counter)

    def mark(self) -> tuple[float, int]:
        """Taken before a session's statement is sent: `keep` keeps its answer only if
        nothing was announced meanwhile."""
        return self.clock(), self._generation

    def keep(self, digest: str, mark: tuple[float, int], found: Any) -> None:
        """Keep `found`, read after `mark`, for `within` seconds from `mark`."""
        at, generation = mark
        if generation != self._generation or not self.listening:
            return
        if len(self._kept) >= KEPT:
            self._kept.clear()
        self._kept[digest] = (at, generation, found)

    def served(self, digest: str) -> Any:
        """What `keep` kept for `digest` if it may still be served, else None."""
        kept = self._kept.get(digest)
        if kept is None:
            return None
        at, generation, found = kept
        if generation != self._generation or self.clock() - at > self.within:
            return None
        if not self.listening:
            return None
        return found
