"""The service's log lines, written to standard error by one thread in batches.

Litestar's default handler puts each record on a `queue.Queue` whose listener thread
writes it: every record woke that thread (a futex wake-up and a task switch), and the
service logs a JSON line per request (budget.http.request_log). Here a record is formatted
where it is logged, as before, and appended to a deque (no lock, nothing woken); the
writer thread looks every `interval` seconds and writes what gathered in one call
(issue 17: a kept dashboard read's CPU was mostly task switches). A line is written at
most `interval` seconds late; what is left is written when the handler is closed (by
logging's own shutdown when the process exits, or a new logging configuration). A closed
handler writes nothing more: a logging configuration made after the app's would close it
and leave it on the root logger, so `budget serve` makes its app after uvicorn's logging
configuration (budget.bootstrap.worker_app, uvicorn's factory).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import weakref
from collections import deque
from typing import Any, TextIO

INTERVAL = 0.05  # seconds between the writer's looks


class LogLines(logging.Handler):
    """Formats each record at once and writes the lines to `stream` in batches."""

    def __init__(self, interval: float = INTERVAL, stream: TextIO | None = None) -> None:
        super().__init__()
        self.interval = interval
        self.stream = stream if stream is not None else sys.stderr
        self._lines: deque[str] = deque()
        self._writing = threading.Lock()  # one writer at a time: the lines stay in order
        self._started = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        _HANDLERS.add(self)  # logging's own shutdown at exit closes it (what is left written)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        self._lines.append(line)
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        with self._started:
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="log-lines", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()
        self.flush()

    def flush(self) -> None:
        """Write the lines gathered so far, in the order they were logged."""
        with self._writing:
            lines = self._lines
            if not lines:
                return
            batch: list[str] = []
            while lines:
                batch.append(lines.popleft())
            try:
                self.stream.write("\n".join(batch) + "\n")
                self.stream.flush()
            except (OSError, ValueError):  # the stream is gone (closed, a broken pipe)
                pass

    def close(self) -> None:
        """Stop the writer (after it wrote what is left)."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=1)
        self.flush()
        super().close()

    def _forked(self) -> None:
        """A forked child has no writer thread (and the parent's lines are the parent's)."""
        self._lines = deque()
        self._writing = threading.Lock()
        self._started = threading.Lock()
        self._thread = None


_HANDLERS: weakref.WeakSet[LogLines] = weakref.WeakSet()


def _after_fork() -> None:
    for handler in list(_HANDLERS):
        handler._forked()


os.register_at_fork(after_in_child=_after_fork)


def handler_config() -> dict[str, Any]:
    """Litestar's `queue_listener` handler (the root's and the `litestar` logger's) as a
    LogLines, in dictConfig's terms."""
    return {"()": LogLines, "level": "DEBUG", "formatter": "standard"}
