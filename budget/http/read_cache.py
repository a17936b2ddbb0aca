"""Answers of the read queries, kept while the views stay at one position.

The views at a given position never change: an answer computed once the views had
reached position P is right for every request that asks while the views are still at P.
When the follow loop moves them on, everything kept is dropped. A request after a write
waits until the views include that write (see budget.http.writes), so it asks at a
position at least as late and never gets an answer from before its own write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
KEPT_ANSWERS = 512


class ReadCache:
    """At most `size` answers, all of one views position, the least recently used
    dropped first."""

    def __init__(self, size: int = KEPT_ANSWERS) -> None:
        self.size = size
        self._position = -1
        self._answers: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, position: int, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer to `key` at `position`, else `compute()` (kept if the views
        are still at `position`). A position older than the kept one is not cached."""
        with self._lock:
            if position > self._position:
                self._answers.clear()
                self._position = position
            if position == self._position and key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            if position == self._position:
                self._answers[key] = value
                if len(self._answers) > self.size:
                    self._answers.popitem(last=False)
        return value
