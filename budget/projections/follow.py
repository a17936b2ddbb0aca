"""The follow loop: read a batch of notifications, apply every projection, record the
position, commit once. Views and positions share a transaction, so a crash anywhere
resumes with no event counted twice or missed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, delete, select

from budget.application import BudgetOffice
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


def catch_up(
    office: BudgetOffice, engine: Engine, projections: Sequence[Projection], batch_size: int = 1000
) -> int:
    """Apply every event not yet applied; return how many events were read."""
    if batch_size < 1:
        msg = "batch_size must be at least 1"
        raise ValueError(msg)
    names = [p.name for p in projections]
    read = 0
    while True:
        with engine.begin() as connection:
            positions = tracked_positions(connection, names)
            start = min(positions.values(), default=0) + 1
            notifications = office.recorder.select_notifications(start=start, limit=batch_size)
            if not notifications:
                return read
            batch = [Positioned(n.id, office.mapper.to_domain_event(n)) for n in notifications]
            last = batch[-1].position
            for projection in projections:
                behind = positions[projection.name]
                projection.apply(connection, [e for e in batch if e.position > behind])
            upsert(connection, projection_tracking, [{"name": n, "position": last} for n in names])
            read += len(batch)


def rebuild(
    office: BudgetOffice, engine: Engine, projections: Sequence[Projection], batch_size: int = 1000
) -> int:
    """Empty the projections' tables and positions (one transaction), then replay every event."""
    names = [p.name for p in projections]
    with engine.begin() as connection:
        for projection in projections:
            for table in reversed(projection.tables):
                connection.execute(delete(table))
        connection.execute(delete(projection_tracking).where(projection_tracking.c.name.in_(names)))
    return catch_up(office, engine, projections, batch_size=batch_size)
