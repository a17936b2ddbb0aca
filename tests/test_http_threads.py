"""`budget serve` runs the handlers in enough threads that writes waiting for the views
do not stall the other requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from litestar.concurrency import get_asyncio_executor, set_asyncio_executor

from budget.http.threads import HANDLER_THREADS, use_handler_threads


@pytest.fixture
def restored() -> Iterator[None]:
    yield
    set_asyncio_executor(None)


@pytest.mark.usefixtures("restored")
def test_many_handlers_wait_at_once() -> None:
    executor = use_handler_threads()
    assert get_asyncio_executor() is executor
    waiting = threading.Barrier(HANDLER_THREADS, timeout=10)
    # every thread must be waiting at the same time for the barrier to open
    done = [executor.submit(waiting.wait) for _ in range(HANDLER_THREADS)]
    assert sorted(f.result(timeout=20) for f in done) == list(range(HANDLER_THREADS))
    executor.shutdown()
