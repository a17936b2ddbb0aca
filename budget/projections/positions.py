"""Where each projection's views stand and who may write them: the tracking table's
positions (read, recorded and announced in one statement a batch on PostgreSQL), the
advisory locks that let one follow loop at a time write a projection's tables, and the
row that marks the views offline while they are rebuilt."""

from __future__ import annotations

import functools
import zlib
from collections.abc import Collection, Mapping, Sequence
from contextlib import nullcontext

from sqlalchemy import Connection, TextClause, delete, false, func, select, text, update

from budget.projections.bulk_copy import table_schema
from budget.projections.listen import VIEWS_CHANNEL
from budget.projections.pipelined import UNREAD, in_pipeline
from budget.projections.tables import projection_tracking
from budget.projections.upsert import rows_by_keys, rows_by_keys_together, upsert


def tracked_positions(connection: Connection, names: Sequence[str]) -> dict[str, int]:
    """Last applied position of each projection (0: nothing applied yet)."""
    # (on PostgreSQL one prepared statement for any number of names: rows_by_keys)
    rows = rows_by_keys(connection, projection_tracking, ["name"], [(n,) for n in names])
    found = {str(row["name"]): int(row["position"]) for row in rows}
    return {name: found.get(name, 0) for name in names}


# Any constant: with a projection's name, the key of the PostgreSQL lock that lets one
# follow loop at a time write its views.
FOLLOW_LOCK_KEY = 7_310_021_570
# The keys taken by replays into scratch tables (reports as of a moment): another range
# (a projection's keys span 2**32), so a replay never holds back the live follow loop.
REPLAY_LOCK_KEY = FOLLOW_LOCK_KEY + 2**32


# Each key locked in the array's order (unnest yields its elements in order): the locks of
# every projection in one round trip, not one statement each per batch (issue 17).
LOCK_IN_ORDER = text(
    "SELECT count(pg_advisory_xact_lock(key)) FROM unnest(CAST(:keys AS bigint[])) AS key"
)


LOCK_IN_ORDER_RAW = "SELECT count(pg_advisory_xact_lock(key)) FROM unnest(%b::bigint[]) AS key"


def lock_views(connection: Connection, names: Collection[str], base: int = FOLLOW_LOCK_KEY) -> None:
    """Hold the write lock of each projection named until the transaction ends, so two
    follow loops (two processes) never apply the same batch twice: the second waits,
    then reads the first's positions. Loops over projections that share none (lanes.py)
    run side by side on PostgreSQL; SQLite has one lock. Scratch tables are locked from
    another `base`."""
    if connection.dialect.name == "postgresql":  # one statement, one round trip, in order
        keys = sorted(lock_key(name, base) for name in names)
        connection.execute(LOCK_IN_ORDER, {"keys": keys})
    else:  # SQLite takes its one write lock at the first write, even one changing no row
        connection.execute(update(projection_tracking).where(false()).values(position=0))


def locked_positions(
    connection: Connection, names: Sequence[str], base: int = FOLLOW_LOCK_KEY
) -> dict[str, int]:
    """:func:`lock_views`, then :func:`tracked_positions` as the lock's holder reads them.
    On PostgreSQL both are sent at once in psycopg's pipeline, one round trip (issue 17):
    the server still runs them in order, and under READ COMMITTED the read's snapshot is
    taken once every lock is held."""
    if connection.dialect.name != "postgresql" or not names:
        lock_views(connection, names, base)
        return tracked_positions(connection, names)
    keys = sorted(lock_key(name, base) for name in names)
    raw = connection.connection.driver_connection
    # in the live follower's pipeline already (follow.py), the positions' fetch sends both:
    # a pipeline of its own would end with a sync, one more round trip
    opened = nullcontext() if in_pipeline(raw) else raw.pipeline()  # type: ignore[union-attr]
    with opened, raw.cursor() as locking:  # type: ignore[union-attr]
        locking.execute(LOCK_IN_ORDER_RAW, [keys])
        found = rows_by_keys_together(
            connection, [(projection_tracking, ["name"], [(n,) for n in names], None)]
        )[0]
    positions = {str(row["name"]): int(row["position"]) for row in found}
    return {name: positions.get(name, 0) for name in names}


def lock_key(name: str, base: int = FOLLOW_LOCK_KEY) -> int:
    """The advisory lock key of one projection (taken in key order: no deadlock)."""
    return base + zlib.crc32(name.encode())


def announce(connection: Connection, position: int) -> None:
    """PostgreSQL: tell the listeners on VIEWS_CHANNEL that the views have reached
    `position` (delivered when the batch commits, never if it rolls back)."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_notify(VIEWS_CHANNEL, str(position))))


# A batch's last statement on PostgreSQL, one round trip: the positions written, the
# views put back online, the position announced (issue 17: the live follower commits a
# batch of a few writes ~10 times a second, and did this in 3 statements of which the
# positions' executemany ran one server statement per projection).
_UPSERT_POSITIONS = (
    "INSERT INTO {tracking} (name, position) "
    "SELECT * FROM unnest(CAST(:names AS varchar[]), CAST(:positions AS bigint[])) "
    "ON CONFLICT (name) DO UPDATE SET position = excluded.position"
)


@functools.cache
def _recording(tracking: str, announcing: bool) -> TextClause:
    """The statement of record_positions for the tracking table named `tracking`."""
    upserting = _UPSERT_POSITIONS.format(tracking=tracking)
    if not announcing:
        return text(upserting)
    return text(
        f"WITH positions AS ({upserting} RETURNING 1), "
        f"online AS (DELETE FROM {tracking} WHERE name = :rebuilding "
        "AND position <= :everyone RETURNING 1) "
        "SELECT pg_notify(:channel, CAST(:everyone AS text)), "
        "(SELECT count(*) FROM positions), (SELECT count(*) FROM online)"
    )


def record_positions(
    connection: Connection, reached: Mapping[str, int], *, announce_at: int | None = None
) -> None:
    """Write each projection's position `reached`; with `announce_at` (the position every
    one has reached), then mark the views online again if that is a rebuild's target
    (back_online) and announce it (announce): never for a scratch schema's views. On
    PostgreSQL in one statement."""
    if connection.dialect.name != "postgresql":
        rows = [{"name": n, "position": p} for n, p in reached.items()]
        upsert(connection, projection_tracking, rows)
        if announce_at is not None:
            back_online(connection, announce_at)
        return
    # as the tables are named on this connection (a scratch schema's, translated)
    quoted = connection.dialect.identifier_preparer.quote
    schema = table_schema(connection, projection_tracking)
    tracking = quoted(projection_tracking.name)
    if schema is not None:
        tracking = f"{quoted(schema)}.{tracking}"
    values = {"names": list(reached), "positions": list(reached.values())}
    if schema is not None:
        # a scratch schema's replay (a report as of a moment, verify's rebuild) is nobody's
        # views: its positions announced on the live views' channel would tell a waiting
        # writer its write is in the views when it may not be (runner._heard trusts them)
        announce_at = None
    # nothing read back: in a small batch's pipeline, sent with its end (pipelined.py)
    if announce_at is None:
        if reached:
            connection.execute(
                _recording(tracking, announcing=False), values, execution_options=UNREAD
            )
        return
    connection.execute(
        _recording(tracking, announcing=True),
        {**values, "rebuilding": REBUILDING, "everyone": announce_at, "channel": VIEWS_CHANNEL},
        execution_options=UNREAD,
    )


# A row of the tracking table that says the views are being rebuilt: written with the
# emptying of the views, its position the last event recorded then; removed by the batch
# that brings the views back to it (whoever applies it: the rebuild, or a follow loop).
# While it is there the views are incomplete: the service answers 503 instead of reading
# them (see views_offline).
REBUILDING = "_rebuilding"


# The announcement on VIEWS_CHANNEL of a rebuild that begins (the payload of a batch is a
# position): a service that hears the views move on reads the offline mark only after it
# (runner.ProjectionRunner.views_offline), not at every write.
OFFLINE = "offline"


def announce_offline(connection: Connection) -> None:
    """PostgreSQL: tell the listeners on VIEWS_CHANNEL that the views are being emptied for
    a rebuild (delivered when that commits)."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_notify(VIEWS_CHANNEL, OFFLINE)))


def views_offline(connection: Connection) -> bool:
    """Are the views being rebuilt (incomplete) just now?"""
    t = projection_tracking
    found = connection.execute(select(t.c.position).where(t.c.name == REBUILDING))
    return found.first() is not None


def back_online(connection: Connection, reached: int) -> None:
    """The views are complete again once they reach the rebuild's target."""
    t = projection_tracking
    connection.execute(delete(t).where(t.c.name == REBUILDING, t.c.position <= reached))
