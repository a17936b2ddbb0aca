"""Idempotency keys that a write could not finish, settled on a schedule.

A key is claimed (status empty) before its command runs and keeps the answer after. Two
windows would leave it claimed for good, every retry answered 409:

- the command was recorded but keeping its answer failed (the views' database down, a long
  SQLite lock): the answer is held here and written on the next round;
- the process died between claiming and keeping: a key still unfinished after
  `STALE_AFTER` is reconciled against the audit log (the store's own record of who did
  what, once the views have caught up with the store): if its user recorded nothing since
  the claim, the command never ran and the key is given back (a retry runs it); else the
  key keeps a 409 answer saying the request was recorded (look at the history).

Each round also forgets the finished keys older than `KEEP_FOR` (30 days), and what its
`tidy` forgets (the service's expired sessions and the brake's old counts).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, exists, select
from sqlalchemy.exc import SQLAlchemyError

from budget.http.idempotency import OUTCOME_RECORDED, IdempotencyKeys, KeptResponse
from budget.projections.tables import audit_actor, audit_log

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # far longer than any command takes
EVERY = 60.0  # seconds between rounds


class KeyJanitor:
    def __init__(
        self,
        keys: IdempotencyKeys,
        views: Engine,
        views_caught_up: Callable[[], bool],
        *,
        every: float = EVERY,
        tidy: Callable[[], dict[str, int]] | None = None,
    ) -> None:
        self.keys = keys
        self.tidy = tidy  # more to forget each round (expired sessions, old login counts)
        self.views = views
        self.views_caught_up = views_caught_up
        self.every = every
        self._held: dict[tuple[str, str], KeptResponse] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def hold(self, user_id: str, key: str, response: KeptResponse) -> None:
        """Keep `response` under the key on the next round (keeping it now failed)."""
        with self._lock:
            self._held[(user_id, key)] = response

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="idempotency keys", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.run_once()
            except SQLAlchemyError as error:  # the next round tries again
                logger.warning("could not tidy the idempotency keys: %s", error)

    def run_once(self, now: datetime | None = None) -> dict[str, int]:
        """One round: held answers kept, stale claims settled, old keys forgotten."""
        moment = now or datetime.now(UTC)
        done = {"kept": self._keep_held(), "given_back": 0, "recorded": 0}
        if self.views_caught_up():
            for user_id, key, claimed_at in self.keys.unfinished(moment - STALE_AFTER):
                with self._lock:
                    if (user_id, key) in self._held:
                        continue
                if self._recorded_since(user_id, claimed_at):
                    self.keys.settle(user_id, key, OUTCOME_RECORDED)
                    done["recorded"] += 1
                else:
                    self.keys.give_back(user_id, key)
                    done["given_back"] += 1
        done["forgotten"] = self.keys.forget_old(now=moment)
        if self.tidy is not None:
            done.update(self.tidy())
        if any(done.values()):
            logger.info("idempotency keys: %s", done)
        return done

    def _keep_held(self) -> int:
        with self._lock:
            held = list(self._held.items())
        for (user_id, key), response in held:
            self.keys.keep(user_id, key, response)
            with self._lock:
                self._held.pop((user_id, key), None)
        return len(held)

    def _recorded_since(self, user_id: str, claimed_at: datetime) -> bool:
        a, who = audit_log, audit_actor
        theirs = select(who.c.actor_code).where(who.c.user_id == user_id)
        query = select(exists().where(a.c.actor_code.in_(theirs), a.c.recorded_at >= claimed_at))
        with self.views.connect() as connection:
            return bool(connection.execute(query).scalar())
