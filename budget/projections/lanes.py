"""Catching up on both cores: the projections split into lanes, each caught up by its own
process with its own positions and locks (positions.lock_views takes one lock per
projection), so no two lanes ever write the same table.

One process applying every projection leaves a core idle: Python computes a batch while
PostgreSQL waits, then PostgreSQL writes it while Python waits. A lane reads every
notification (in binary, ~1.5 µs each) but decodes only the topics it projects.
Exactly-once holds lane by lane: each commits its views and its positions together.
Used for bulk catch-ups nobody waits on batch by batch (rebuild, verify, the benchmark),
on PostgreSQL only: SQLite has one write lock for the whole file.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.fold import folds, peak_mib
from budget.projections.follow import BULK_BATCH_SIZE, Projection, catch_up, empty_views
from budget.projections.positions import announce, back_online, tracked_positions
from budget.projections.registry import all_projections
from budget.projections.settle import settle

# The heavy projections alone, the light ones together (at national scale: project
# state ~40% of the work, budget lines ~25%, the audit log ~15%). Who is missing
# (lao_compliance) reads the rows project_state and reports wrote in the same transaction:
# the three share a lane (the reports are ~5% of the events), with the rows the list reads
# (lao_missing), which copy lao_compliance's; budget lines read the lines' sources
# line_funding wrote (funding_sums.py): the two share one.
LANES: tuple[tuple[str, ...], ...] = (
    ("project_state", "reports", "lao_compliance", "lao_missing"),
    ("line_funding", "budget_lines"),
    (
        "audit_log",
        "authority",
        "deadlines",
        "disbursement_target",
        "project_record",
        "project_carry_over",
        "revenue",
    ),
)


@dataclass(frozen=True, slots=True)
class LaneResult:
    names: tuple[str, ...]
    read: int  # events read
    seconds: float  # the lane's wall time
    cpu: float  # CPU seconds of its process
    peak_mib: float  # peak resident memory of its process
    apply_seconds: dict[str, float] = field(default_factory=dict)  # by projection


def parallel(engine: Engine) -> bool:
    """True where lanes run side by side (PostgreSQL)."""
    return engine.dialect.name == "postgresql"


def lanes_of(projections: Sequence[Projection]) -> list[tuple[str, ...]]:
    """The LANES holding `projections`, each narrowed to them; any not in LANES gets a
    lane of its own."""
    names = {p.name for p in projections}
    lanes = [tuple(n for n in lane if n in names) for lane in LANES]
    placed = {n for lane in lanes for n in lane}
    lanes += [(n,) for n in sorted(names - placed)]
    return [lane for lane in lanes if lane]


def catch_up_in_lanes(
    settings: Settings,
    engine: Engine,
    projections: Sequence[Projection],
    batch_size: int = BULK_BATCH_SIZE,
    *,
    until: int | None = None,
    schema: str | None = None,
    timed: bool = False,
) -> list[LaneResult]:
    """Catch `projections` up, one process per lane, to position `until` (default: the
    last event when each lane started); then announce the position every lane reached.
    `schema`: write the views of that schema instead (verify's scratch tables, whose
    position is never announced)."""
    names = [p.name for p in projections]
    lanes = lanes_of(projections)
    context = multiprocessing.get_context("spawn")  # no engine, pool or thread inherited
    with ProcessPoolExecutor(max_workers=len(lanes), mp_context=context) as pool:
        futures = [
            pool.submit(run_lane, Lane(settings, lane, batch_size, until, schema, timed))
            for lane in lanes
        ]
        results = [future.result() for future in futures]
    if schema is None:
        with engine.begin() as connection:
            reached = min(tracked_positions(connection, names).values(), default=0)
            back_online(connection, reached)
            announce(connection, reached)
    return results


def rebuild_in_lanes(
    settings: Settings,
    engine: Engine,
    projections: Sequence[Projection],
    batch_size: int = BULK_BATCH_SIZE,
    *,
    timed: bool = False,
) -> list[LaneResult]:
    """Empty the projections' views, then catch them up in lanes; the tables refilled
    are then vacuumed and analysed (settle.py)."""
    office = BudgetOffice(settings, env={"CREATE_TABLE": "n"})
    try:
        empty_views(office, engine, projections)
    finally:
        office.close()
    done = catch_up_in_lanes(settings, engine, projections, batch_size, timed=timed)
    settle(engine, (table for projection in projections for table in projection.tables))
    return done


@dataclass(frozen=True, slots=True)
class Lane:
    """What a lane's process is given."""

    settings: Settings
    names: tuple[str, ...]
    batch_size: int
    until: int | None
    schema: str | None  # of the views it writes (None: the live ones)
    timed: bool  # count the time each projection's apply takes


def run_lane(lane: Lane) -> LaneResult:
    """One lane's catch-up, in a process of its own."""
    names = lane.names
    chosen = [p for p in all_projections() if p.name in names]
    clocks: list[Projection] = [Clocked(p) for p in chosen] if lane.timed else list(chosen)
    # the caller's office made the store's tables: lanes making them again at once
    # collide in the catalog ("tuple concurrently updated")
    office = BudgetOffice(lane.settings, env={"CREATE_TABLE": "n"})
    engine = views_engine(lane.settings)
    if lane.schema is not None:
        engine = engine.execution_options(schema_translate_map={None: lane.schema})
    started = time.perf_counter()
    try:
        read = catch_up(
            office, engine, clocks, lane.batch_size, until=lane.until, announcing=False, fold=True
        )
    finally:
        engine.dispose()
        office.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return LaneResult(
        names,
        read,
        time.perf_counter() - started,
        usage.ru_utime + usage.ru_stime,
        peak_mib(),
        {c.name: c.seconds for c in clocks if isinstance(c, Clocked)},
    )


class Clocked:
    """A projection that counts the time its `apply` takes."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.name = projection.name
        self.tables = projection.tables
        self.topics = projection.topics
        self.folds = folds(projection)
        self.streams = bool(getattr(projection, "streams", False))
        self.partitions: frozenset[str] = getattr(projection, "partitions", frozenset())
        self.heads: frozenset[str] = getattr(projection, "heads", frozenset())
        self.rolls_up: tuple[str, ...] = tuple(getattr(projection, "rolls_up", ()))
        self.seconds = 0.0
        self._apply: Callable[..., None] = projection.apply

    def apply(self, connection: object, events: Sequence[object]) -> None:
        started = time.perf_counter()
        self._apply(connection, events)
        self.seconds += time.perf_counter() - started

    def roll_up(self, connection: object) -> None:
        started = time.perf_counter()
        self.projection.roll_up(connection)  # type: ignore[attr-defined]
        self.seconds += time.perf_counter() - started
