"""The threads that run the API's handlers.

Handlers are synchronous (the event store and the views are used through blocking
drivers) and Litestar runs them in an executor: by default the event loop's own, which
has min(32, CPUs + 4) threads, six on a two-core machine. A write's handler holds its
thread while it waits (bounded) for the views to include its events, so six waiting
writes would stall every other request, reads included. Waiting threads cost no CPU;
the database pools, not the threads, bound the work done at once.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

HANDLER_THREADS = 64


def use_handler_threads(count: int = HANDLER_THREADS) -> ThreadPoolExecutor:
    """Run sync handlers in `count` threads: the running event loop's default executor,
    which Litestar uses when none was set. Called by `budget serve`'s app factory
    (budget.bootstrap.worker_app), on the worker's loop before it serves."""
    executor = ThreadPoolExecutor(max_workers=count, thread_name_prefix="budget-http")
    asyncio.get_running_loop().set_default_executor(executor)
    return executor
