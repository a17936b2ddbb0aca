"""`budget serve` runs the handlers in enough threads that writes waiting for the views
do not stall the other requests."""

from __future__ import annotations

import asyncio
import threading

from litestar.concurrency import sync_to_thread

from budget.http.threads import HANDLER_THREADS, use_handler_threads


def test_many_handlers_wait_at_once() -> None:
    waiting = threading.Barrier(HANDLER_THREADS, timeout=10)

    async def serve() -> list[int]:
        executor = use_handler_threads()  # as the app's factory does, on the running loop
        try:
            # every thread must be waiting at the same time for the barrier to open
            return await asyncio.gather(
                *(sync_to_thread(waiting.wait) for _ in range(HANDLER_THREADS))
            )
        finally:
            executor.shutdown()

    assert sorted(asyncio.run(serve())) == list(range(HANDLER_THREADS))
