"""What the projections benchmark measures on a loaded store: reading and decoding the
log, catching every projection up from zero, the dashboard queries, and the sizes."""

from __future__ import annotations

import math
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Engine, text

from budget.application import BudgetOffice
from budget.bench.report import Figure
from budget.domain.errors import NotFound
from budget.projections.events import TOPICS, positioned
from budget.projections.follow import READ_SIZE, Positioned, Projection, rebuild, stored_rows
from budget.projections.queries import (
    Filters,
    lao_dashboard,
    national_dashboard,
    province_dashboard,
)
from budget.projections.registry import all_projections
from budget.projections.tables import metadata
from budget.registry.records import AuthorityRecord

STORE = "postgres"
MIB = 1024 * 1024
Query = Callable[[Connection], Any]


DECODE_SAMPLE = 1_000_000  # events read and decoded to measure the rate


def measure_decode(office: BudgetOffice) -> list[Figure]:
    """Read the first DECODE_SAMPLE notifications, READ_SIZE at a time as the follow
    loop does, and decode each, applying nothing: into the projections' typed events
    (what the loop does), and into domain events through the application's mapper (what
    it did before). CPU per event beside each rate (the machine is shared)."""
    figures = []
    for name, decode in (
        ("decode_only", lambda row: positioned(*row, wanted=TOPICS)),
        ("decode_mapper", lambda row: office.mapper.to_domain_event(Notification(*row))),
    ):
        read, start = 0, 1
        started, cpu = time.perf_counter(), process_cpu()
        while read < DECODE_SAMPLE and (rows := stored_rows(office, start, READ_SIZE, None)):
            for row in rows:
                decode(row)
            read += len(rows)
            start = rows[-1][0] + 1
        seconds = time.perf_counter() - started
        per_event = (process_cpu() - cpu) / max(read, 1) * 1e6
        note = f"{read:,} events read and decoded, nothing applied; {per_event:.1f} µs CPU each"
        figures.append(Figure(name, read / seconds, "events/s", STORE, note))
    return figures


def process_cpu() -> float:
    """CPU seconds of this process and its finished children."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


class Timed:
    """A projection that counts the time its `apply` takes."""

    def __init__(self, projection: Projection) -> None:
        self.projection = projection
        self.name = projection.name
        self.tables = projection.tables
        self.topics = projection.topics
        self.seconds = 0.0

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        started = time.perf_counter()
        self.projection.apply(connection, events)
        self.seconds += time.perf_counter() - started


def measure_catch_up(office: BudgetOffice, engine: Engine, batch_size: int) -> list[Figure]:
    """Every projection caught up from zero, `batch_size` events per transaction; the
    time each projection's `apply` took, the rest being reading, decoding and commits."""
    projections = [Timed(p) for p in all_projections()]
    started = time.perf_counter()
    read = rebuild(office, engine, projections, batch_size=batch_size)  # empty views: from zero
    seconds = time.perf_counter() - started
    note = f"{read:,} events, batches of {batch_size:,}"
    figures = [
        Figure("catch_up", read / seconds, "events/s", STORE, note),
        Figure("catch_up_seconds", seconds, "s", STORE),
    ]
    for p in projections:
        share = f"{p.seconds / seconds:.0%} of the catch-up"
        figures.append(Figure(f"catch_up_apply_{p.name}", p.seconds, "s", STORE, share))
    rest = seconds - sum(p.seconds for p in projections)
    note = "reading, decoding, positions and commits"
    figures.append(Figure("catch_up_outside_apply", rest, "s", STORE, note))
    return figures


@dataclass(frozen=True, slots=True)
class QueryKind:
    name: str
    make: Callable[[random.Random], Query]  # one query, its arguments drawn at random


def query_kinds(sample: Sequence[AuthorityRecord], fiscal_year: int) -> list[QueryKind]:
    """The dashboards, plain and narrowed to a quarter or an authority type."""
    provinces = sorted({a.province_code for a in sample})
    codes = [a.code for a in sample]
    types = sorted({a.type.value for a in sample})
    year = Filters(fiscal_year=fiscal_year)

    def quarter(rng: random.Random) -> Filters:
        return Filters(fiscal_year=fiscal_year, quarter=rng.randint(1, 4))

    def of_type(rng: random.Random) -> Filters:
        return Filters(fiscal_year=fiscal_year, lao_type=rng.choice(types))

    def national(filters: Callable[[random.Random], Filters]) -> Callable[[random.Random], Query]:
        return lambda rng: _bind(national_dashboard, filters(rng))

    def province(filters: Callable[[random.Random], Filters]) -> Callable[[random.Random], Query]:
        return lambda rng: _bind(province_dashboard, rng.choice(provinces), filters(rng))

    def lao(filters: Callable[[random.Random], Filters]) -> Callable[[random.Random], Query]:
        return lambda rng: _bind(lao_dashboard, rng.choice(codes), filters(rng))

    return [
        QueryKind("national_dashboard", national(lambda _: year)),
        QueryKind("national_dashboard_quarter", national(quarter)),
        QueryKind("national_dashboard_lao_type", national(of_type)),
        QueryKind("province_dashboard", province(lambda _: year)),
        QueryKind("province_dashboard_quarter", province(quarter)),
        QueryKind("province_dashboard_lao_type", province(of_type)),
        QueryKind("lao_dashboard", lao(lambda _: year)),
        QueryKind("lao_dashboard_quarter", lao(quarter)),
    ]


def _bind(function: Callable[..., Any], *args: Any) -> Query:
    return lambda connection: function(connection, *args)


def percentile(timings: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest timing at least `share` of them do not exceed."""
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure_queries(
    engine: Engine,
    kinds: Sequence[QueryKind],
    repeat: int,
    seed: int,
    skipped: Callable[[str], None],
) -> list[Figure]:
    """p50 and p95 of each kind over `repeat` runs, each on its own transaction."""
    rng = random.Random(seed)
    figures: list[Figure] = []
    with engine.connect() as connection:
        for kind in kinds:
            try:
                kind.make(rng)(connection)  # warm up: statements compiled, pages cached
            except NotFound as error:
                connection.rollback()
                skipped(f"{kind.name}: skipped, the views lack what it reads ({error})")
                continue
            connection.rollback()
            timings = []
            for _ in range(repeat):
                query = kind.make(rng)
                started = time.perf_counter()
                query(connection)
                timings.append(time.perf_counter() - started)
                connection.rollback()
            note = f"{repeat} runs"
            figures += [
                Figure(f"{kind.name}_p50", percentile(timings, 0.5) * 1000, "ms", STORE, note),
                Figure(f"{kind.name}_p95", percentile(timings, 0.95) * 1000, "ms", STORE, note),
            ]
    return figures


def measure_sizes(
    office: BudgetOffice, engine: Engine, events: int, progress: Callable[[str], None]
) -> list[Figure]:
    """On-disk size (tables, indexes, TOAST) of the event store and of the views; the
    biggest views are named in the progress."""
    recorder: Any = office.recorder
    schema = recorder.datastore.schema or "public"
    event_table = f'"{schema}"."{recorder.events_table_name}"'
    with engine.connect() as connection:
        stored = _size(connection, event_table)
        by_view = {t.name: _size(connection, t.name) for t in metadata.sorted_tables}
    views = sum(by_view.values())
    biggest = sorted(by_view.items(), key=lambda item: -item[1])[:5]
    progress("biggest views: " + ", ".join(f"{n} {b / MIB:,.1f} MiB" for n, b in biggest))
    millions = max(events, 1) / 1_000_000
    note = f"{events:,} events"
    return [
        Figure("size_event_store", stored / MIB, "MiB", STORE, note),
        Figure("size_views", views / MIB, "MiB", STORE, f"{len(by_view)} tables"),
        Figure("size_event_store_per_million", stored / MIB / millions, "MiB/M events", STORE),
        Figure("size_views_per_million", views / MIB / millions, "MiB/M events", STORE),
    ]


def _size(connection: Connection, table: str) -> int:
    size = connection.execute(
        text("SELECT pg_total_relation_size(to_regclass(:name))"), {"name": table}
    ).scalar()
    return int(size or 0)
