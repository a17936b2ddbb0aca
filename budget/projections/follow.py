"""The follow loop: read a batch of notifications, apply every projection, record the
position, commit once. Views and positions share a transaction, so a crash anywhere
resumes with no event counted twice or missed."""

from __future__ import annotations

import gc
import operator
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Protocol, runtime_checkable

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    delete,
    text,
)

from budget.application import BudgetOffice
from budget.projections.events import (
    STORED_JSON,
    Positioned,
    heads_read,
    positioned,
    topics_read,
)
from budget.projections.fold import FOLD_READ, Fold, kept_batch
from budget.projections.parts import apply_each, later_parts
from budget.projections.pipelined import commit_sent, pipelined, watch_pipelines
from budget.projections.positions import (
    FOLLOW_LOCK_KEY,
    REBUILDING,
    announce_offline,
    lock_views,
    locked_positions,
    record_positions,
)
from budget.projections.settle import settle
from budget.projections.stored import stored_rows
from budget.projections.tables import projection_tracking
from budget.projections.upsert import upsert

__all__ = ["Positioned", "Projection", "catch_up", "rebuild"]


class Projection(Protocol):
    name: str
    tables: tuple[Table, ...]
    topics: frozenset[str]  # the stored topics it reads as typed events (events.TOPICS)
    # (or events.STORED_JSON: every event's stored JSON)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """Write the effect of `events` (in log order) inside the caller's transaction."""
        ...


class Batch(Protocol):
    """The rows a batch of events touches: loaded once, changed event by event, written
    once."""

    def apply(self, positioned: Positioned) -> None: ...

    def save(self, connection: Connection) -> None: ...


@runtime_checkable
class Streamed(Batch, Protocol):
    """A batch that, kept in a fold (fold.py), holds only what later events read: after
    each read of the fold it writes out, and forgets, the rows no later event reads or
    changes, so that what it holds grows with the running balances, not with the
    history."""

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """Read back the rows it wrote out that `events` change (before they apply)."""
        ...

    def stream(self, connection: Connection) -> None:
        """Write out the rows no later event reads or changes, and forget them."""
        ...


def apply_in_batch(
    connection: Connection,
    events: Sequence[Positioned],
    topics: frozenset[str],
    load: Callable[[Connection, list[Positioned]], Batch],
) -> None:
    """A projection's `apply` by batch: of `events`, those of its `topics`; the rows they
    touch loaded once (`load`), each event applied in log order, the rows written once.
    In a fold (fold.py) the batch is kept for the transaction's next reads instead, and
    saved by the call that ends the fold; a Streamed batch writes out after each read
    the rows no later event needs."""
    kept = kept_batch()
    if kept is not None and kept.saving:
        if kept.batch is not None:
            kept.batch.save(connection)
        kept.batch, kept.saving = None, False
        return
    mine = [e for e in events if e.topic in topics]
    if not mine:
        return
    if kept is None or kept.batch is None:
        batch = load(connection, mine)
    else:
        batch = kept.batch
        if isinstance(batch, Streamed):
            batch.recall(connection, mine)
    for each in mine:
        batch.apply(each)
    if kept is None:
        batch.save(connection)
        return
    kept.batch = batch
    if isinstance(batch, Streamed):
        batch.stream(connection)


_position = operator.attrgetter("position")


# Called after each committed batch with its last position and the events read so far.
OnBatch = Callable[[int, int], None]
# Events applied per transaction. A batch reads and writes each row it touches once, so
# bigger batches share that among more events (a rebuild of 131,721 events into
# PostgreSQL: 3,700 events/s at 5,000, 6,000 at 50,000, 6,900 at 100,000 with ~300 MB).
# The service's own loop keeps batches small: on SQLite its transaction holds the one
# write lock that commands wait for.
BATCH_SIZE = 5_000
# A rebuild, verify, and the benchmarks' catch-up, which nobody waits on batch by batch.
BULK_BATCH_SIZE = 100_000
# Notifications read and decoded at a time within a batch. Small, so that BATCH_BYTES
# bounds a batch even where big events come together: a national year opens with every
# budget drafted within a few thousand events, and one read of 5,000 of them made the
# budget lines lane build ~137,000 line rows at once (scale 0.1: peak 528 MiB at 5,000,
# 502 at 1,000, 366 at 250, the same CPU per event).
READ_SIZE = 250
# A batch also ends once it has read this much stored JSON of the topics it decodes: the
# rows and objects a batch holds grow with it (a national year opens with 7,861 budgets
# drafted, ~100 KB of lines each; 50,000 such events held 440 MiB of a lane's memory).
# A lane counts only its own topics' JSON: counting every event's cut the project lane's
# batches to a third of BULK_BATCH_SIZE at scale 0.1, and each batch writes again every
# row it touches (a project's row ~5 times in a catch-up).
BATCH_BYTES = 32 * 1024 * 1024
# A batch of up to this many events (the live follower's, of a few events each) is applied
# in psycopg's pipeline on PostgreSQL (pipelined.py): its writes wait for no answer.
# Bigger batches keep their COPYs.
PIPELINED_EVENTS = 64


def catch_up(
    office: BudgetOffice,
    engine: Engine,
    projections: Sequence[Projection],
    batch_size: int = BATCH_SIZE,
    *,
    until: int | None = None,
    on_batch: OnBatch | None = None,
    announcing: bool = True,
    lock_base: int = FOLLOW_LOCK_KEY,
    fold: bool = False,
    on_empty: Callable[[int], None] | None = None,
) -> int:
    """Apply every event not yet applied, up to position `until` when given; return how
    many events were read (each position counted once). `announcing` False: the batches
    are not announced, nor the views put back online (a lane of a parallel catch-up, whose
    caller does both for the position all lanes reach). `lock_base`: see
    :func:`lock_views`. `fold`: projections starting from zero fold the history in memory
    (fold.py), their rows written once; for bulk catch-ups nobody waits on (on SQLite its
    transaction holds the write lock throughout). `on_empty`: called after a pass that
    found nothing to apply with the position every projection had reached, as read under
    the locks (the live runner's, issue 17: not read again after the pass)."""
    if batch_size < 1:
        msg = "batch_size must be at least 1"
        raise ValueError(msg)
    names = [p.name for p in projections]
    heads = heads_read(projections)  # topics decoded without their bulk: none reads it
    read = furthest = 0
    watch_pipelines(engine)
    while True:
        with cycles_paused(), engine.begin() as connection, ExitStack() as pipeline:
            if not fold:  # the live follower: its locks, positions, batch and commit in one
                # pipeline (left before a batch too big for it): see pipelined.commit_sent
                pipeline.enter_context(pipelined(connection, generic_plans=True))
            positions = locked_positions(connection, names, lock_base)
            start = min(positions.values(), default=0) + 1
            stop, wanted = _reading(projections, positions, frozenset(), until)
            folding = (
                Fold.of(connection, projections, positions, _to_read(office, start, stop))
                if fold
                else Fold({}, frozenset())
            )
            stop, wanted = _reading(projections, positions, folding.left_out, until)
            first, last = start, 0
            # a fold commits once: it reads less at a time, to hold rows rather than events
            size = min(batch_size, FOLD_READ) if folding.folding else batch_size
            while True:  # one batch; in a fold, every batch until the log's end or FOLD_MIB
                batch, exhausted = _read(office, start, size, stop, wanted, heads=heads)
                if not batch and stop != until:  # nothing up to the others (never seen)
                    stop, wanted = until, topics_read(projections)
                    continue
                if not batch:
                    exhausted = True
                    break
                last = batch[-1].position
                if not folding.folding and len(batch) <= PIPELINED_EVENTS:
                    # ends with the commit: the last writes, the positions and the COMMIT
                    # sent with its sync
                    pipeline.enter_context(pipelined(connection))
                else:  # COPYs: no pipeline (its pending statements answered here)
                    pipeline.close()
                apply_each(connection, projections, positions, folding, batch)
                # positions ascend: those past `furthest` found by bisection, not counted
                read += len(batch) - bisect_right(batch, furthest, key=_position)
                furthest = max(furthest, last)
                if exhausted or not folding.folding or folding.full():
                    break
                start = last + 1
            if not last:
                return _found_nothing(connection, positions, on_empty, read)
            later_parts(
                office, connection, projections, positions, folding, span=(first, last), heads=heads
            )
            folding.finish(connection, projections)
            rolled = folding.roll_up(connection, projections, positions)
            # a projection ahead of the batch (an upgrade added another, which starts from
            # the first event) keeps its position: set back, it would apply events twice;
            # one left out of a fold keeps its own, unless rolled up from the folded views
            held = folding.left_out - rolled
            reached = {n: positions[n] if n in held else max(positions[n], last) for n in names}
            everyone = min(reached.values(), default=last)
            record_positions(connection, reached, announce_at=everyone if announcing else None)
            commit_sent(connection)
        if on_batch is not None:
            on_batch(last, read)
        if exhausted and not folding.left_out and stop == until:
            return read  # a short batch was the last one: no need to ask again


def _found_nothing(
    connection: Connection,
    positions: dict[str, int],
    on_empty: Callable[[int], None] | None,
    read: int,
) -> int:
    """The end of a pass that found nothing to apply: its empty transaction's COMMIT sent
    (pipelined.commit_sent), `on_empty` told where every projection stands (the positions
    read under the locks: committed by others), and `read` returned."""
    commit_sent(connection)
    if on_empty is not None:
        on_empty(min(positions.values(), default=0))
    return read


def _to_read(office: BudgetOffice, start: int, stop: int | None) -> int:
    """How many events there are from `start` to `stop` (the log's end if None)."""
    end = office.recorder.max_notification_id() or 0
    return max(0, (end if stop is None else min(stop, end)) - start + 1)


def _reading(
    projections: Sequence[Projection],
    positions: dict[str, int],
    left_out: Collection[str],
    until: int | None,
) -> tuple[int | None, frozenset[str]]:
    """Where a transaction of `catch_up` stops reading and the topics it decodes. While
    some projections catch up to those furthest on (a rebuild's second pass: those left
    out of the fold follow the others from the first event; a projection an upgrade
    added), it reads only up to those, decoding only the laggards' topics (and sending
    for only their stored JSON): at scale 0.02 the second pass decoded every event of
    every topic again, and read every event's JSON, for two projections."""
    applied = [p for p in projections if p.name not in left_out]
    top = max((positions[p.name] for p in applied), default=0)
    lagging = [p for p in applied if positions[p.name] < top]
    if not lagging or (until is not None and until <= top):
        return until, topics_read(applied)
    return top, topics_read(lagging)


@contextmanager
def cycles_paused() -> Iterator[None]:
    """Python's cycle collector paused for a batch: a batch holds up to BULK_BATCH_SIZE
    decoded events and the rows they touch, and each collection triggered by their
    allocations walks all of them again (reading and decoding 100,000 events: 6.7 µs CPU
    each with it, 3.6 without). What a batch makes is freed by reference counting; the
    collector runs again once the batch is over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(
    office: BudgetOffice,
    start: int,
    batch_size: int,
    until: int | None,
    wanted: Collection[str],
    *,
    heads: Collection[str] = frozenset(),
) -> tuple[list[Positioned], bool]:
    """Up to `batch_size` events (or BATCH_BYTES of stored JSON) from position `start`,
    read READ_SIZE at a time, those of the `wanted` topics decoded (those of `heads`
    without their bulk); and whether the log ended."""
    batch: list[Positioned] = []
    size = 0
    sent = None if STORED_JSON in wanted else sorted(wanted)  # the states decoded
    while len(batch) < batch_size and size < BATCH_BYTES:
        limit = min(READ_SIZE, batch_size - len(batch))
        rows = stored_rows(office, start, limit, until, sent)
        batch += [positioned(*row, wanted=wanted, heads=heads) for row in rows]
        if len(rows) < limit:
            return batch, True
        size += sum(len(row[4]) for row in rows)
        start = rows[-1][0] + 1
    return batch, False


def rebuild(
    office: BudgetOffice,
    engine: Engine,
    projections: Sequence[Projection],
    batch_size: int = BULK_BATCH_SIZE,
    *,
    until: int | None = None,
    on_batch: OnBatch | None = None,
) -> int:
    """Empty the projections' tables and positions (one transaction), then replay every
    event (up to position `until` when given); the tables refilled are then vacuumed and
    analysed (settle.py)."""
    empty_views(office, engine, projections, until=until)
    read = catch_up(
        office,
        engine,
        projections,
        batch_size=batch_size,
        until=until,
        on_batch=on_batch,
        fold=True,
    )
    settle(engine, (table for projection in projections for table in projection.tables))
    return read


def empty_views(
    office: BudgetOffice,
    engine: Engine,
    projections: Sequence[Projection],
    *,
    until: int | None = None,
) -> None:
    """A rebuild's first step, in one transaction: empty the projections' tables and
    positions and mark the views offline until they are back to the log's end (or
    `until`)."""
    names = [p.name for p in projections]
    last = office.recorder.max_notification_id() or 0
    target = last if until is None else min(until, last)
    with engine.begin() as connection:
        lock_views(connection, names)
        empty_tables(connection, [t for p in projections for t in reversed(p.tables)])
        connection.execute(delete(projection_tracking).where(projection_tracking.c.name.in_(names)))
        if target > 0:
            upsert(connection, projection_tracking, [{"name": REBUILDING, "position": target}])
            announce_offline(connection)


def empty_tables(connection: Connection, tables: Sequence[Table]) -> None:
    """Every row of `tables` gone, inside the caller's transaction. PostgreSQL truncates
    them in one statement: a DELETE would leave each row's dead version in the files,
    which the rebuild's fold then writes beside (views half again as big, its updates
    reading the dead rows) until a VACUUM FULL. TRUNCATE waits for the tables' readers
    and holds them off until the transaction commits; the views are offline by then.
    SQLite deletes."""
    if connection.dialect.name != "postgresql":
        for table in tables:
            connection.execute(delete(table))
        return
    named = connection.dialect.identifier_preparer.format_table
    listed = ", ".join(dict.fromkeys(named(table) for table in tables))
    if listed:
        connection.execute(text(f"TRUNCATE {listed}"))
