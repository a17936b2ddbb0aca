"""The follow loop: read a batch of notifications, apply every projection, record the
position, commit once. Views and positions share a transaction, so a crash anywhere
resumes with no event counted twice or missed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, delete, false, func, select, update

from budget.application import BudgetOffice
from budget.projections.listen import VIEWS_CHANNEL
from budget.projections.tables import projection_tracking
from budget.projections.upsert import upsert


@dataclass(frozen=True, slots=True)
class Positioned:
    """A decoded domain event and its position in the notification log."""

    position: int
    event: Any


class Projection(Protocol):
    name: str
    tables: tuple[Table, ...]

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """Write the effect of `events` (in log order) inside the caller's transaction."""
        ...


def tracked_positions(connection: Connection, names: Sequence[str]) -> dict[str, int]:
    """Last applied position of each projection (0: nothing applied yet)."""
    rows = connection.execute(
        select(projection_tracking.c.name, projection_tracking.c.position).where(
            projection_tracking.c.name.in_(names)
        )
    )
    found = {str(row.name): int(row.position) for row in rows}
    return {name: found.get(name, 0) for name in names}


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
# Notifications read and decoded at a time within a batch.
READ_SIZE = 5_000
# Any constant: the key of the PostgreSQL lock that lets one follow loop at a time write.
FOLLOW_LOCK_KEY = 7_310_021_570
# The key taken by replays into scratch tables (reports as of a moment): another key, so a
# replay never holds back the live follow loop.
REPLAY_LOCK_KEY = 7_310_021_571


def lock_views(connection: Connection, key: int = FOLLOW_LOCK_KEY) -> None:
    """Hold the views' write lock until the transaction ends, so two follow loops (two
    processes) never apply the same batch twice: the second waits, then reads the first's
    positions. Scratch tables are locked by another `key`."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(key)))
    else:  # SQLite takes its one write lock at the first write, even one changing no row
        connection.execute(update(projection_tracking).where(false()).values(position=0))


def announce(connection: Connection, position: int) -> None:
    """PostgreSQL: tell the listeners on VIEWS_CHANNEL that the views have reached
    `position` (delivered when the batch commits, never if it rolls back)."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_notify(VIEWS_CHANNEL, str(position))))


def catch_up(
    office: BudgetOffice,
    engine: Engine,
    projections: Sequence[Projection],
    batch_size: int = BATCH_SIZE,
    *,
    until: int | None = None,
    on_batch: OnBatch | None = None,
    lock_key: int = FOLLOW_LOCK_KEY,
) -> int:
    """Apply every event not yet applied, up to position `until` when given; return how
    many events were read. `lock_key`: see :func:`lock_views`."""
    if batch_size < 1:
        msg = "batch_size must be at least 1"
        raise ValueError(msg)
    names = [p.name for p in projections]
    read = 0
    while True:
        with engine.begin() as connection:
            lock_views(connection, lock_key)
            positions = tracked_positions(connection, names)
            start = min(positions.values(), default=0) + 1
            batch, exhausted = _read(office, start, batch_size, until)
            if not batch:
                return read
            last = batch[-1].position
            for projection in projections:
                behind = positions[projection.name]
                projection.apply(connection, [e for e in batch if e.position > behind])
            upsert(connection, projection_tracking, [{"name": n, "position": last} for n in names])
            _back_online(connection, last)
            announce(connection, last)
            read += len(batch)
        if on_batch is not None:
            on_batch(last, read)
        if exhausted:
            return read  # a short batch was the last one: no need to ask again


def _read(
    office: BudgetOffice, start: int, batch_size: int, until: int | None
) -> tuple[list[Positioned], bool]:
    """Up to `batch_size` events from position `start`, read and decoded READ_SIZE at a
    time so that only the decoded events are kept (a stored notification takes several
    times their memory); and whether the log ended before `batch_size`."""
    batch: list[Positioned] = []
    while len(batch) < batch_size:
        limit = min(READ_SIZE, batch_size - len(batch))
        notifications = office.recorder.select_notifications(start=start, limit=limit, stop=until)
        batch += [Positioned(n.id, office.mapper.to_domain_event(n)) for n in notifications]
        if len(notifications) < limit:
            return batch, True
        start = notifications[-1].id + 1
    return batch, False


# A row of the tracking table that says the views are being rebuilt: written with the
# emptying of the views, its position the last event recorded then; removed by the batch
# that brings the views back to it (whoever applies it: the rebuild, or a follow loop).
# While it is there the views are incomplete: the service answers 503 instead of reading
# them (see views_offline).
REBUILDING = "_rebuilding"


def views_offline(connection: Connection) -> bool:
    """Are the views being rebuilt (incomplete) just now?"""
    t = projection_tracking
    found = connection.execute(select(t.c.position).where(t.c.name == REBUILDING))
    return found.first() is not None


def _back_online(connection: Connection, reached: int) -> None:
    t = projection_tracking
    connection.execute(delete(t).where(t.c.name == REBUILDING, t.c.position <= reached))


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
        lock_views(connection)
        for projection in projections:
            for table in reversed(projection.tables):
                connection.execute(delete(table))
        connection.execute(delete(projection_tracking).where(projection_tracking.c.name.in_(names)))
        if target > 0:
            upsert(connection, projection_tracking, [{"name": REBUILDING, "position": target}])


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
    event (up to position `until` when given)."""
    empty_views(office, engine, projections, until=until)
    return catch_up(
        office, engine, projections, batch_size=batch_size, until=until, on_batch=on_batch
    )
