"""What the projections benchmark measures on a loaded store: reading and decoding the
log, catching every projection up from zero, the dashboard queries and who is missing and
what is due beside them (timed by query_timing.py), and the sizes."""

from __future__ import annotations

import math
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text

from budget.application import BudgetOffice
from budget.bench.cpu import ServerClock
from budget.bench.report import Figure
from budget.config import Settings
from budget.exports.answers import missing_tables
from budget.exports.files import to_xlsx
from budget.projections.events import TOPICS, positioned
from budget.projections.follow import READ_SIZE, Projection, rebuild
from budget.projections.lanes import Clocked, LaneResult, rebuild_in_lanes
from budget.projections.queries import (
    Filters,
    PageRequest,
    area_revenue,
    funding_split,
    lao_dashboard,
    national_dashboard,
    province_dashboard,
)
from budget.projections.queries.deadlines import lao_deadlines
from budget.projections.queries.figures import Sums
from budget.projections.queries.missing import who_is_missing
from budget.projections.queries.paging import DEFAULT_LIMIT, EXPORT_LIMIT
from budget.projections.registry import all_projections
from budget.projections.stored import stored_rows
from budget.projections.tables import budget_line_balance, metadata
from budget.registry.records import AuthorityRecord

STORE = "postgres"
MIB = 1024 * 1024
Query = Callable[[Connection], Any]


DECODE_SAMPLE = 1_000_000  # events read and decoded to measure the rate


def measure_decode(office: BudgetOffice) -> list[Figure]:
    """Read the first DECODE_SAMPLE notifications, READ_SIZE at a time as the follow
    loop does, and decode each, applying nothing: read in binary and decoded into the
    projections' typed events (what the loop does: the limit it approaches), and read by
    the library and decoded into domain events by the application's mapper (what it did
    before). CPU per event beside each rate (the machine is shared)."""

    def typed(start: int) -> int:
        rows = stored_rows(office, start, READ_SIZE, None)
        for row in rows:
            positioned(*row, wanted=TOPICS)
        return rows[-1][0] if rows else 0

    def mapped(start: int) -> int:
        notifications = office.recorder.select_notifications(start=start, limit=READ_SIZE)
        for notification in notifications:
            office.mapper.to_domain_event(notification)
        return notifications[-1].id if notifications else 0

    figures = []
    for name, read_from in (("decode_only", typed), ("decode_mapper", mapped)):
        read, start = 0, 1
        started, cpu = time.perf_counter(), process_cpu()
        while read < DECODE_SAMPLE and (last := read_from(start)):
            read += last - start + 1
            start = last + 1
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


def measure_catch_up(
    settings: Settings, office: BudgetOffice, engine: Engine, batch_size: int, *, lanes: bool
) -> list[Figure]:
    """Every projection caught up from zero, `batch_size` events per transaction, in lanes
    (one process each, lanes.py) or in one process; the time each projection's `apply`
    took, CPU per event of the loop's processes and of the PostgreSQL server, the peak
    memory of the largest process."""
    projections = all_projections()
    server = ServerClock(engine)
    started, cpu = time.perf_counter(), process_cpu()
    if lanes:
        results = rebuild_in_lanes(settings, engine, projections, batch_size, timed=True)
    else:
        results = [_one_process(office, engine, projections, batch_size)]
    seconds = time.perf_counter() - started
    read = max(r.read for r in results)
    client = (process_cpu() - cpu) / max(read, 1) * 1e6
    database = server.seconds() / max(read, 1) * 1e6
    how = f"{len(results)} processes" if lanes else "one process"
    note = (
        f"{read:,} events, batches of {batch_size:,}, {how}; CPU per event: "
        f"{client:.1f} µs follower, {database:.1f} µs PostgreSQL"
    )
    figures = [
        Figure("catch_up", read / seconds, "events/s", STORE, note),
        Figure("catch_up_seconds", seconds, "s", STORE),
        Figure("catch_up_cpu_per_event", client + database, "µs", STORE, "follower + server"),
        Figure(
            "catch_up_peak_memory",
            max(r.peak_mib for r in results),
            "MiB",
            STORE,
            "largest follower process",
        ),
    ]
    for result in results:
        for name, spent in result.apply_seconds.items():
            share = f"{spent / result.seconds:.0%} of its lane ({', '.join(result.names)})"
            figures.append(Figure(f"catch_up_apply_{name}", spent, "s", STORE, share))
        rest = result.seconds - sum(result.apply_seconds.values())
        note = "reading, decoding, positions and commits"
        lane = "_".join(result.names) if lanes else "all"
        figures.append(Figure(f"catch_up_outside_apply_{lane}", rest, "s", STORE, note))
    return figures


def _one_process(
    office: BudgetOffice, engine: Engine, projections: Sequence[Projection], batch_size: int
) -> LaneResult:
    clocks = [Clocked(p) for p in projections]
    started, cpu = time.perf_counter(), process_cpu()
    read = rebuild(office, engine, clocks, batch_size=batch_size)  # empty views: from zero
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = time.perf_counter() - started
    applied = {c.name: c.seconds for c in clocks}
    names = tuple(p.name for p in projections)
    return LaneResult(names, read, seconds, process_cpu() - cpu, peak, applied)


@dataclass(frozen=True, slots=True)
class QueryKind:
    name: str
    make: Callable[[random.Random], Query]  # one query, its arguments drawn at random


def query_kinds(
    sample: Sequence[AuthorityRecord], fiscal_year: int, as_of: date
) -> list[QueryKind]:
    """The dashboards, plain and narrowed to a quarter or an authority type; who is missing
    (the nation's and a province's, counted and their first page listed as GET /api/missing
    answers; the nation's whole list as its XLSX file) and an LAO's deadlines, as they
    stand on `as_of`."""
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
        # the parts of the dashboards issue 14 added (inside the times above): the year's
        # money by source (the running sums of the lines of other sources than own revenue,
        # issue 16; the totals are the dashboard's progress sums) and revenue (running sums)
        QueryKind("national_funding_split", lambda _: _bind(_funding, year)),
        QueryKind("national_revenue", lambda _: _bind(area_revenue, year)),
        # for comparison: the year's lines summed by a scan, as the split would cost without
        # the running sums (what its first version did)
        QueryKind("national_lines_scan", lambda _: _bind(_lines_scan, fiscal_year)),
        QueryKind(
            "province_funding_split",
            lambda rng: _bind(
                _funding, Filters(fiscal_year=fiscal_year, province_code=rng.choice(provinces))
            ),
        ),
        QueryKind("missing_national", lambda _: _bind(_missing, fiscal_year, as_of, None)),
        QueryKind(
            "missing_province",
            lambda rng: _bind(_missing, fiscal_year, as_of, rng.choice(provinces)),
        ),
        # the nation's list as GET /api/missing?format=xlsx writes it: every LAO missing
        # something (up to EXPORT_LIMIT) and the counts
        QueryKind("missing_national_file", lambda _: _bind(_missing_file, fiscal_year, as_of)),
        QueryKind(
            "lao_deadlines",
            lambda rng: _bind(lao_deadlines, rng.choice(codes), fiscal_year, as_of),
        ),
    ]


MISSING_PAGE = PageRequest(offset=0, limit=DEFAULT_LIMIT)  # GET /api/missing's first page


def _missing(
    connection: Connection, fiscal_year: int, as_of: date, province_code: str | None
) -> Any:
    return who_is_missing(connection, fiscal_year, as_of, MISSING_PAGE, province_code=province_code)


def _missing_file(connection: Connection, fiscal_year: int, as_of: date) -> bytes:
    everyone = PageRequest(offset=0, limit=EXPORT_LIMIT)
    found = who_is_missing(connection, fiscal_year, as_of, everyone)
    answer = SimpleNamespace(counts=found.counts, laos=found.laos.items)
    return to_xlsx(missing_tables(answer), "missing-national")


def _lines_scan(connection: Connection, fiscal_year: int) -> Any:
    b = budget_line_balance
    statement = (
        select(b.c.budget_group, func.sum(b.c.allocated), func.sum(b.c.paid), func.sum(b.c.lapsed))
        .where(b.c.fiscal_year == fiscal_year)
        .group_by(b.c.budget_group)
    )
    return connection.execute(statement).all()


def _funding(connection: Connection, filters: Filters) -> Any:
    return funding_split(connection, filters, Sums())


def _bind(function: Callable[..., Any], *args: Any) -> Query:
    return lambda connection: function(connection, *args)


def percentile(timings: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the smallest timing at least `share` of them do not exceed."""
    ordered = sorted(timings)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


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
