"""The service's log lines are written by one thread in batches, not one wake-up of a
listener per record (budget.http.log_lines, issue 17), in the order they were logged."""

from __future__ import annotations

import io
import logging
import time

import pytest

from budget.http.log_lines import LogLines
from tests.http_world import Api


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord("budget.http.requests", logging.INFO, __file__, 1, message, None, None)


def test_lines_wait_for_the_writer_then_come_in_order() -> None:
    out = io.StringIO()
    lines = LogLines(interval=3600, stream=out)
    lines.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logged = [f'{{"id": {n}}}' for n in range(100)]
    for message in logged:
        lines.emit(record(message))
    assert out.getvalue() == ""  # nobody woken to write it
    lines.flush()
    assert out.getvalue().splitlines() == [f"INFO {m}" for m in logged]
    lines.close()


def test_the_writer_writes_what_gathered_within_its_interval() -> None:
    out = io.StringIO()
    lines = LogLines(interval=0.01, stream=out)
    lines.emit(record("one"))
    deadline = time.monotonic() + 5
    while "one" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert out.getvalue() == "one\n"
    writer = lines._thread
    assert writer is not None
    assert writer.name == "log-lines"
    lines.close()
    assert not writer.is_alive()


def test_closing_writes_what_is_left() -> None:
    out = io.StringIO()
    lines = LogLines(interval=3600, stream=out)
    lines.emit(record("last words"))
    lines.close()
    assert out.getvalue() == "last words\n"


@pytest.mark.parametrize("store_url", ["memory"], indirect=True)
def test_the_app_logs_through_log_lines(api: Api) -> None:
    """The root logger's handler (where each request's JSON line goes) and Litestar's."""
    assert api.client.get("/health/live").status_code == 200
    for name in ("", "litestar"):
        handlers = logging.getLogger(name).handlers
        assert any(isinstance(h, LogLines) for h in handlers), (name, handlers)
