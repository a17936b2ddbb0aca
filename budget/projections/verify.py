"""Prove the live views equal a rebuild from the first event, table by table.

The live views are caught up, the projections are rebuilt into scratch tables up to
the same position, and each table is compared in SQL (EXCEPT both ways). A table that
differs is reported with the count of differing rows and a sample of them: the
primary key and, for each, the columns whose values differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, and_, func, or_, select, union

from budget.application import BudgetOffice
from budget.projections.follow import BULK_BATCH_SIZE, OnBatch, Projection, catch_up
from budget.projections.lanes import catch_up_in_lanes, parallel
from budget.projections.positions import tracked_positions
from budget.projections.registry import all_projections
from budget.projections.scratch import scratch_views

ATTEMPTS = 5  # the live views may move on while they are compared (a follow loop runs)


class ViewsKeptMovingError(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class RowDifference:
    """One row that differs; `live` or `rebuilt` is None where that side has no such row."""

    key: dict[str, Any]
    live: dict[str, Any] | None
    rebuilt: dict[str, Any] | None

    @property
    def columns(self) -> list[str]:
        """The columns whose values differ (empty when a whole row is missing)."""
        if self.live is None or self.rebuilt is None:
            return []
        rebuilt = self.rebuilt
        return [name for name, value in self.live.items() if value != rebuilt[name]]


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    rows: int  # rows in the live view
    differing: int  # keys missing on one side or with different values
    samples: tuple[RowDifference, ...]


@dataclass(frozen=True, slots=True)
class Verification:
    position: int  # both sides hold every event up to here
    events: int  # events read by the rebuild
    tables: tuple[TableCheck, ...]

    @property
    def equal(self) -> bool:
        return all(t.differing == 0 for t in self.tables)


def verify(
    office: BudgetOffice,
    live: Engine,
    projections: Sequence[Projection] | None = None,
    *,
    batch_size: int = BULK_BATCH_SIZE,
    sample: int = 10,
    on_batch: OnBatch | None = None,
    lanes: bool = True,
) -> Verification:
    """Catch up the live views, rebuild into scratch tables to the same position (in
    lanes, one process each, on PostgreSQL unless `lanes` is False), compare."""
    chosen = tuple(all_projections() if projections is None else projections)
    names = [p.name for p in chosen]
    tables = list(dict.fromkeys(t for p in chosen for t in p.tables))
    with scratch_views(live) as scratch:
        events = 0
        for _ in range(ATTEMPTS):
            catch_up(office, live, chosen, batch_size=batch_size)
            position = _common_position(live, names)
            if position is None:
                continue
            # the scratch tables start empty: catching them up is a rebuild
            if lanes and parallel(live):
                done = catch_up_in_lanes(
                    office.settings,
                    live,
                    chosen,
                    batch_size,
                    until=position,
                    schema=scratch.schema,
                )
                events += max((lane.read for lane in done), default=0)
            else:
                events += catch_up(
                    office,
                    scratch.engine,
                    chosen,
                    batch_size,
                    until=position,
                    on_batch=on_batch,
                    fold=True,
                )
            with scratch.both.connect() as connection:
                checks = tuple(_check(connection, t, scratch.table(t), sample) for t in tables)
                if _common_position(connection, names) == position:
                    return Verification(position, events, checks)
    msg = "the live views kept moving while they were compared: stop the follow loop and retry"
    raise ViewsKeptMovingError(msg)


def _common_position(source: Engine | Connection, names: list[str]) -> int | None:
    """The position every projection has reached, None when they differ."""
    if isinstance(source, Engine):
        with source.connect() as connection:
            return _common_position(connection, names)
    positions = set(tracked_positions(source, names).values())
    return positions.pop() if len(positions) == 1 else None


def _check(connection: Connection, live: Table, rebuilt: Table, sample: int) -> TableCheck:
    keys = [c.name for c in live.primary_key.columns]
    live_only = select(live).except_(select(rebuilt)).subquery()
    rebuilt_only = select(rebuilt).except_(select(live)).subquery()
    differing_keys = union(
        select(*[live_only.c[k] for k in keys]), select(*[rebuilt_only.c[k] for k in keys])
    ).subquery()
    differing = connection.scalar(select(func.count()).select_from(differing_keys)) or 0
    rows = connection.scalar(select(func.count()).select_from(live)) or 0
    if not differing:
        return TableCheck(live.name, rows, 0, ())
    ordered = select(differing_keys).order_by(*differing_keys.c).limit(sample)
    samples = [dict(r._mapping) for r in connection.execute(ordered)]
    live_rows = _rows_by_key(connection, live, keys, samples)
    rebuilt_rows = _rows_by_key(connection, rebuilt, keys, samples)
    differences = tuple(
        RowDifference(key, live_rows.get(_key(key, keys)), rebuilt_rows.get(_key(key, keys)))
        for key in samples
    )
    return TableCheck(live.name, rows, differing, differences)


def _key(row: dict[str, Any], keys: list[str]) -> tuple[Any, ...]:
    return tuple(row[k] for k in keys)


def _rows_by_key(
    connection: Connection, table: Table, keys: list[str], wanted: list[dict[str, Any]]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    matches = or_(*[and_(*[table.c[k] == key[k] for k in keys]) for key in wanted])
    found = (dict(r._mapping) for r in connection.execute(select(table).where(matches)))
    return {_key(row, keys): row for row in found}
