"""PostgreSQL's notifications to the projection runner.

Every save of the PostgreSQL recorder runs `NOTIFY <channel>` (the channel is the
events table's name, `recorder.channel_name`): new events, which wake the runner that
follows. Every batch the follow loop commits announces its last position on
`VIEWS_CHANNEL`: a service whose views are followed by another process
(`BUDGET_FOLLOW=outside`) learns there how far they have come. A listener holds its own
autocommit connection (not one of the store's pool) and calls back on each notification.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier
from sqlalchemy import Engine

from budget.application import BudgetOffice

logger = logging.getLogger(__name__)

STOP_CHECK = 0.25  # seconds between looks at the stop flag while no notification comes
FIRST_RETRY = 0.5  # seconds before reconnecting; doubled on each failure
LAST_RETRY = 30.0
VIEWS_CHANNEL = "budget_views"  # payload: the last position of a committed batch


class Listener:
    """LISTENs on `channel` and calls `heard` with each notification's payload; `heard`
    gets "" once LISTEN is in force (notifications may have been missed before)."""

    def __init__(self, conninfo: str, channel: str, heard: Callable[[str], None]) -> None:
        self.conninfo = conninfo
        self.channel = channel
        self.heard = heard
        self.listening = threading.Event()  # set while LISTEN is in force
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def new_events(cls, office: BudgetOffice, wake: threading.Event) -> Listener | None:
        """Sets `wake` when the office's PostgreSQL store records events; None for any
        other store."""
        recorder = office.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            return None
        return cls(office.settings.database_url, recorder.channel_name, lambda _: wake.set())

    @classmethod
    def views_moved(cls, views: Engine, heard: Callable[[str], None]) -> Listener | None:
        """Calls `heard` with the position of each batch the follow loop commits into
        views on PostgreSQL; None for views on SQLite."""
        if views.dialect.name != "postgresql":
            return None
        conninfo = views.url.set(drivername="postgresql").render_as_string(hide_password=False)
        return cls(conninfo, VIEWS_CHANNEL, heard)

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="projections-listen", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                self._listen()
            except Exception as error:  # logged, then reconnect
                failures += 1
                delay = min(FIRST_RETRY * 2 ** (failures - 1), LAST_RETRY)
                logger.error(
                    "projections: listening on %s failed (%d in a row); reconnecting in %.1f s",
                    self.channel,
                    failures,
                    delay,
                    exc_info=error,
                )
                self._stopping.wait(delay)
            else:
                failures = 0

    def _listen(self) -> None:
        with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10) as connection:
            connection.execute(SQL("LISTEN {}").format(Identifier(self.channel)))
            self.heard("")  # what was announced while nobody listened (told first)
            self.listening.set()
            try:
                while not self._stopping.is_set():
                    for notification in connection.notifies(timeout=STOP_CHECK, stop_after=1):
                        self.heard(notification.payload)
            finally:
                self.listening.clear()
