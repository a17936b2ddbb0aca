"""A small batch's statements in psycopg's pipeline: a write waits for no answer.

The live follower commits ~10 batches a second of a few events each (issue 17), and each
of its ~40 statements a batch waited for its own round trip, each waiting for a core on a
busy server. In pipeline mode a statement whose answer nobody reads (an INSERT, UPDATE or
DELETE without RETURNING, a COPY of a few rows sent as an INSERT instead, bulk_copy.py)
goes out with the next statement that is read, and the server runs them all in order: a
projection's save costs no round trip of its own, it travels with the next projection's
loads. A failed write fails the batch at the next read or at the end of the pipeline,
before the commit: the batch is rolled back whole as before.

SQLAlchemy reads a statement's result description right after executing it, which in
pipeline mode is not there yet: :func:`pipelined` syncs after every statement SQLAlchemy
runs that may return rows (any but a plain INSERT, UPDATE or DELETE).

The live follower's whole transaction runs in one pipeline, from its locks to its commit
(follow.py): the locks and positions answered in one round trip, and :func:`commit_sent`
sends the COMMIT with the batch's last writes and its positions, all answered by the
pipeline's one sync at its end (before, that sync and then the COMMIT: two round trips).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from psycopg import pq
from sqlalchemy import Connection, Engine, event

_PIPELINE = "budget.pipeline"  # the connection's pipeline, in its `info`, while pipelined

# The live follower's transaction runs its prepared statements on their generic plans.
# PostgreSQL plans a prepared statement again for every run while a plan for the values
# at hand looks cheaper than the generic one, and a lookup of a few keys unnest()ed from
# arrays always does: planning was a quarter of the server's CPU in the follower's
# batches of two events (perf, issue 17), whose statements are the same every batch. The
# generic plans are PostgreSQL's for ten keys and the tables as they are (an index lookup
# a key in a big table, a scan of a small one), made again when ANALYZE changes what it
# knows. The views' readers keep the default.
GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan"


def watch_pipelines(engine: Engine) -> None:
    """Let :func:`pipelined` work on the connections of `engine` made from now on: one
    listener for the engine (one added to a connection for each batch cost the follower
    more than the round trips it saved: SQLAlchemy copies a connection's dispatch)."""
    if engine.dialect.name == "postgresql" and not event.contains(
        engine, "after_cursor_execute", _read_at_once
    ):
        event.listen(engine, "after_cursor_execute", _read_at_once)


@contextmanager
def pipelined(
    connection: Connection, *, enabled: bool = True, generic_plans: bool = False
) -> Iterator[None]:
    """Run the block's statements on `connection` (PostgreSQL) in psycopg's pipeline
    mode; every pending statement sent and its result checked when the block ends.
    Elsewhere, or not `enabled`, the block runs as it is. `generic_plans`: the rest of
    the transaction runs its prepared statements on their generic plans (see
    :data:`GENERIC_PLANS`)."""
    if not enabled or connection.dialect.name != "postgresql" or _PIPELINE in connection.info:
        yield  # (in a pipeline already: a nested one would sync at its start and end)
        return
    watch_pipelines(connection.engine)  # (a connection made before sees it too)
    raw = connection.connection.driver_connection
    info = connection.info
    with raw.pipeline() as pipeline:  # type: ignore[union-attr]
        info[_PIPELINE] = pipeline
        try:
            if generic_plans:  # sent with the next statement read
                raw.execute(GENERIC_PLANS, prepare=False)  # type: ignore[union-attr]
            yield
        finally:
            del info[_PIPELINE]


def commit_sent(connection: Connection) -> None:
    """In a pipeline of :func:`pipelined`: send the transaction's COMMIT after its
    pending statements, answered by the sync at the pipeline's end (a COMMIT that fails
    raises there, and the transaction is rolled back as before); SQLAlchemy's commit then
    finds the connection's transaction ended and sends nothing. Elsewhere nothing: the
    transaction commits as usual. The block's last statement: nothing may follow it."""
    if connection.info.get(_PIPELINE) is None:
        return
    raw = connection.connection.driver_connection
    raw.execute("COMMIT", prepare=False)  # type: ignore[union-attr]


def _read_at_once(
    conn: Connection, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool
) -> None:
    """In a pipeline, a statement whose rows SQLAlchemy reads is sent and answered at once
    (SQLAlchemy reads its description right after executing it)."""
    pipeline = conn.info.get(_PIPELINE)
    if pipeline is not None and not _answers_unread(context):
        pipeline.sync()


# Execution options of a statement whose result nobody reads, though SQLAlchemy cannot
# tell (a text() statement): in a pipeline it is sent with the next one read.
UNREAD = {"pipelined_unread": True}


def _answers_unread(context: Any) -> bool:
    """True for a statement whose result SQLAlchemy does not read: an INSERT, UPDATE or
    DELETE compiled by SQLAlchemy without RETURNING, or one executed with UNREAD (any
    other text() statement is read)."""
    if context.execution_options.get("pipelined_unread"):
        return True
    compiled = getattr(context, "compiled", None)
    if compiled is None or not (context.isinsert or context.isupdate or context.isdelete):
        return False
    return not compiled.effective_returning


def in_pipeline(raw: Any) -> bool:
    """True while the psycopg connection `raw` is in pipeline mode (COPY is refused there;
    a pipeline opened inside it would end with a sync of its own)."""
    return bool(raw.pgconn.pipeline_status != pq.PipelineStatus.OFF)
