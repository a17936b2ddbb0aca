"""Wake the projection runner when PostgreSQL announces new events.

Every save of the PostgreSQL recorder runs `NOTIFY <channel>` (the channel is the
events table's name, `recorder.channel_name`). A listener holds its own autocommit
connection (not one of the store's pool) and sets an event on each notification.
"""

from __future__ import annotations

import logging
import threading

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

from budget.application import BudgetOffice

logger = logging.getLogger(__name__)

STOP_CHECK = 0.25  # seconds between looks at the stop flag while no notification comes
FIRST_RETRY = 0.5  # seconds before reconnecting; doubled on each failure
LAST_RETRY = 30.0


class NewEventsListener:
    """LISTENs on `channel` and sets `wake` whenever a notification arrives."""

    def __init__(self, conninfo: str, channel: str, wake: threading.Event) -> None:
        self.conninfo = conninfo
        self.channel = channel
        self.wake = wake
        self.listening = threading.Event()  # set while LISTEN is in force
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def for_office(cls, office: BudgetOffice, wake: threading.Event) -> NewEventsListener | None:
        """A listener on the office's PostgreSQL store; None for any other store."""
        recorder = office.recorder
        if not isinstance(recorder, PostgresApplicationRecorder):
            return None
        return cls(office.settings.database_url, recorder.channel_name, wake)

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
            self.listening.set()
            self.wake.set()  # events recorded while nobody listened
            try:
                while not self._stopping.is_set():
                    for _ in connection.notifies(timeout=STOP_CHECK, stop_after=1):
                        self.wake.set()
            finally:
                self.listening.clear()
