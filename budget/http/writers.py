"""Each user's last write, for the kept reads (budget.http.read_cache): a kept answer is
served to a user only if it shows their own last write.

A process remembers the writes it answered. On PostgreSQL it also announces each one
before the write is answered (`NOTIFY budget_writers`, payload "<position> <user>") and
hears the other workers' and machines' announcements, as it hears how far the views have
come (budget.projections.listen): a clerk whose write one worker answered and whose next
read another worker takes sees the write there too. While this process does not listen
(starting, or its connection lost) it may have missed some: every reader is then owed the
views as they are now.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from budget.application.saved_keys import WRITERS_CHANNEL
from budget.projections.listen import Listener

logger = logging.getLogger(__name__)

REMEMBERED = 100_000  # users remembered (then forgotten, and every reader owed the views now)


class Writers:
    """The position of each user's last write; `announce` (PostgreSQL: NOTIFY) tells the
    other processes, `views_now` gives the views' position."""

    def __init__(
        self,
        views: Engine,
        views_now: Callable[[], int],
        announce: Callable[[str, str], None] | None = None,
    ) -> None:
        self.views_now = views_now
        self.announce = announce
        self._last: dict[str, int] = {}
        self._floor = 0  # owed to every reader: what may have been missed
        self._lock = threading.Lock()
        self._listener: Listener | None = None
        if announce is not None and views.dialect.name == "postgresql":
            conninfo = views.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._listener = Listener(conninfo, WRITERS_CHANNEL, self._heard)

    def start(self) -> None:
        if self._listener is not None:
            self._listener.start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.stop(timeout=5)

    def owed(self, user: str) -> int:
        """The position a read by `user` must show."""
        with self._lock:
            return max(self._last.get(user, 0), self._floor)

    def wrote(self, user: str, position: int, *, announced: bool = False) -> None:
        """`user`'s write recorded at `position` is being answered: remembered here, and
        announced to the other processes unless it was `announced` already (a keyed write,
        by the recorder in its events' transaction: budget.application.saved_keys); if
        they cannot be told, logged: the write is recorded all the same."""
        self._remember(user, position)
        if self.announce is None or announced:
            return
        try:
            self.announce(WRITERS_CHANNEL, f"{position} {user}")
        except Exception as error:
            logger.warning("could not announce a write to the other workers: %s", error)

    def _remember(self, user: str, position: int) -> None:
        with self._lock:
            if len(self._last) >= REMEMBERED and user not in self._last:
                self._last.clear()  # forget the writers, not their writes:
                self._floor = max(self._floor, position, self.views_now())
            self._last[user] = max(self._last.get(user, 0), position)

    def _heard(self, payload: str) -> None:
        if not payload:  # listening (again): announcements may have been missed
            now = self.views_now()
            with self._lock:
                self._floor = max(self._floor, now)
            return
        position, _, user = payload.partition(" ")
        try:
            self._remember(user, int(position))
        except ValueError:
            logger.warning("budget_writers: not an announcement: %r", payload)
