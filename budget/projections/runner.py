"""The projection runner: a thread that keeps the views caught up with the event store.

It sleeps until woken by `notify()` (the service calls it after each command), by a
PostgreSQL notification of new events, or by the poll interval, whichever comes first.
`wait_for(position)` gives read-your-writes.

A runner made with `follows=False` applies nothing: another process follows (`budget
projections follow`), and the runner only watches how far the views have come, from the
follow loop's notifications on PostgreSQL, else by reading the tracking table; there it
also hears a rebuild begin, so `views_offline` reads the offline mark only after that.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.projections.follow import BATCH_SIZE, OnBatch, Projection, catch_up
from budget.projections.listen import Listener
from budget.projections.positions import OFFLINE, tracked_positions
from budget.projections.reached import Reached
from budget.projections.registry import all_projections

logger = logging.getLogger(__name__)

POLL_INTERVAL = 5.0  # seconds between passes when nothing wakes the runner
FIRST_RETRY = 0.5  # seconds before retrying a failed pass; doubled on each failure
LAST_RETRY = 60.0
WAIT_POLL = 0.05  # seconds between reads of the tracking table in wait_for


class ProjectionRunner:
    """Keeps `projections` in `engine` caught up with `office`'s notification log."""

    def __init__(
        self,
        office: BudgetOffice,
        engine: Engine,
        projections: Sequence[Projection] | None = None,
        *,
        batch_size: int = BATCH_SIZE,
        poll_interval: float = POLL_INTERVAL,
        on_batch: OnBatch | None = None,
        follows: bool = True,
    ) -> None:
        if batch_size < 1:
            msg = "batch_size must be at least 1"
            raise ValueError(msg)
        self.office = office
        self.engine = engine
        self.projections = tuple(all_projections() if projections is None else projections)
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.on_batch = on_batch
        self.follows = follows
        self.failures = 0  # passes failed in a row
        self.last_error: Exception | None = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        # the lowest tracked position, as this process last saw it, and who waits for it
        self._reached = Reached()
        self._thread: threading.Thread | None = None
        self._listener: Listener | None = None  # new events (a runner that follows)
        self._watcher: Listener | None = None  # views moved on (a runner that does not)
        self._offline_lock = threading.Lock()  # guards the two counts below
        # a rebuild may have begun since the offline mark was last read absent: the
        # watcher's "offline" announcements (and its (re)connections) counted
        self._offline_heard = 1
        self._offline_read = 0

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.projections]

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def watching(self) -> bool:
        """True while `reached` moves on by itself: this runner follows, or hears the
        follow loop of another process announce each batch."""
        return self.running or (self._watcher is not None and self._watcher.listening.is_set())

    @property
    def listening(self) -> bool:
        """True while PostgreSQL's notifications of new events wake the runner."""
        return self._listener is not None and self._listener.listening.is_set()

    @property
    def reached(self) -> int:
        """The position every projection had reached when this process last looked."""
        return self._reached.position

    def position(self) -> int:
        """The position every projection has reached, read from the tracking table."""
        with self.engine.connect() as connection:
            return min(tracked_positions(connection, self.names).values(), default=0)

    def catch_up(self) -> int:
        """One pass: apply every event recorded so far; return how many were read."""
        return catch_up(
            self.office,
            self.engine,
            self.projections,
            batch_size=self.batch_size,
            on_batch=self._committed,
            # another process may have moved the views on: as read under the locks
            on_empty=self._publish,
        )

    def notify(self) -> None:
        """New events were recorded: catch up now instead of at the next poll."""
        self._wake.set()

    def start(self) -> None:
        """Follow in a daemon thread (and listen for PostgreSQL's notifications); a
        runner that does not follow listens for the views' announcements instead."""
        if self.running or self._watcher is not None:
            msg = "the projection runner is already running"
            raise RuntimeError(msg)
        self._stopping.clear()
        self._publish(self.position())
        if not self.follows:
            self._watcher = Listener.views_moved(self.engine, self._heard)
            if self._watcher is not None:
                self._watcher.start()
            return
        self._listener = Listener.new_events(self.office, self._wake)
        if self._listener is not None:
            self._listener.start()
        self._thread = threading.Thread(target=self._follow, name="projections", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Finish the batch under way, then end the thread (and the listener)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._thread = None
        for listener in (self._listener, self._watcher):
            if listener is not None:
                listener.stop(timeout)
        self._listener = self._watcher = None

    def wait_for(self, position: int, timeout: float) -> bool:
        """True once every projection has applied the event at `position`; False if
        that has not happened within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        if self.watching:
            return self._reached.wait_for(position, timeout)
        # the follow loop runs in another process: read the tracking table
        while True:
            found = self.position()
            self._publish(found)
            if found >= position:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(WAIT_POLL, left))

    def views_offline(self, read: Callable[[], bool]) -> bool:
        """Are the views being rebuilt? `read` reads the offline mark (positions.
        views_offline); a runner that hears the views move on (another process follows, on
        PostgreSQL) reads it only after a rebuild was announced or announcements may have
        been missed, and until it is found gone: not one statement a write (issue 17)."""
        if self._watcher is None or not self._watcher.listening.is_set():
            return read()
        with self._offline_lock:
            heard = self._offline_heard
            if heard == self._offline_read:
                return False
        found = read()
        if not found:
            with self._offline_lock:
                self._offline_read = max(self._offline_read, heard)
        return found

    def _heard(self, payload: str) -> None:
        """The follow loop of another process committed a batch up to `payload` (empty:
        listening began, read where the views are; OFFLINE: a rebuild began)."""
        if payload in ("", OFFLINE):
            with self._offline_lock:
                self._offline_heard += 1
            if payload == OFFLINE:
                return
        self._publish(int(payload) if payload else self.position())

    def _committed(self, position: int, read: int) -> None:
        self._recovered()
        self._publish(position)
        if self.on_batch is not None:
            self.on_batch(position, read)

    def _publish(self, position: int) -> None:
        self._reached.publish(position)

    def _follow(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # a notify() during the pass makes the next one start at once
            try:
                self.catch_up()
            except Exception as error:  # logged, kept and retried
                self._failed(error)
                continue
            self._recovered()
            self._wake.wait(self.poll_interval)

    def _recovered(self) -> None:
        if self.failures:
            logger.warning("projections: following again after %d failures", self.failures)
            self.failures = 0
            self.last_error = None

    def _failed(self, error: Exception) -> None:
        self.failures += 1
        self.last_error = error
        delay = min(FIRST_RETRY * 2 ** (self.failures - 1), LAST_RETRY)
        logger.error(
            "projections: a pass failed (%d in a row); retrying in %.1f s",
            self.failures,
            delay,
            exc_info=error,
        )
        self._stopping.wait(delay)
