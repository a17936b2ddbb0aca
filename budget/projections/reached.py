"""How far the views have come in this process, and the threads waiting for a position.

A write waits until the views include its events (read-your-writes): with 50 clerks
writing, ~50 threads wait at once, each for its own position. A condition variable's
`notify_all` on every batch the views commit woke all of them, to find most still short
of their position and sleep again. Here each waiter sleeps on its own event, kept in a
heap by position, and a batch wakes exactly the waiters whose position it reached. (Issue
17: the service's futex calls, 22 % of its CPU under `scripts/bench-http`, are the GIL's
hand-offs around each write's round trips; this herd was not where they came from: the
context switches a write measured the same, docs/benchmarks.md, session 40.)
"""

from __future__ import annotations

import heapq
import itertools
import threading


class Reached:
    """A position that only moves forward, and waits for it to reach a number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards the position and the waiters
        self._position = 0
        self._waiting: list[tuple[int, int, threading.Event]] = []  # a heap by position
        self._order = itertools.count()  # breaks ties: events are not comparable

    @property
    def position(self) -> int:
        return self._position

    def publish(self, position: int) -> None:
        """The position moved to `position` (nothing if it is not past the last one):
        every waiter it reaches is woken, no other."""
        with self._lock:
            if position <= self._position:
                return
            self._position = position
            while self._waiting and self._waiting[0][0] <= position:
                heapq.heappop(self._waiting)[2].set()

    def wait_for(self, position: int, timeout: float) -> bool:
        """True once the position is at least `position`; False if it was not within
        `timeout` seconds."""
        with self._lock:
            if self._position >= position:
                return True
            entry = (position, next(self._order), threading.Event())
            heapq.heappush(self._waiting, entry)
        if entry[2].wait(timeout):
            return True
        with self._lock:  # given up: forgotten, unless reached meanwhile
            if entry[2].is_set():
                return True
            self._waiting.remove(entry)
            heapq.heapify(self._waiting)
            return False

    @property
    def waiting(self) -> int:
        """How many threads wait (for the tests)."""
        with self._lock:
            return len(self._waiting)
