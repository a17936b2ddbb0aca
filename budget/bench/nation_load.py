"""A synthetic national fiscal year written into an event store.

1. The template years are recorded through the real commands, in memory, in parallel.
2. On the target office, through the real commands: the LAOs are registered, the year's
   targets set and each province's reviewer given an account (as ``record_year`` does).
3. Every LAO's copied events are inserted in large batches, interleaved day by day
   (each LAO's events of 1 July, then of 2 July, ...) as a live national stream would
   arrive, so the log is not ordered LAO after LAO. Within an LAO the template's order
   is kept, so each aggregate's versions arrive in order.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from eventsourcing.persistence import StoredEvent

from budget.application import BudgetOffice
from budget.bench.clone import LaoCopy
from budget.bench.nation import Assignment
from budget.bench.template_year import TemplateYear, record_template
from budget.demo import DemoOptions, registration_date
from budget.demo.contacts import with_demo_contacts
from budget.demo.record import open_reviewer_account, set_reporting_calendar, set_targets
from budget.demo.specs import PROJECT_QUARTERS
from budget.domain.access import SYSTEM_ACTOR
from budget.registry.records import AuthorityRecord

Progress = Callable[[str], None]
SLOW_INSERT_SECONDS = 2.0
# A transaction's events stay under this many bytes of state: the day every LAO drafts
# its budget would otherwise make transactions of 400 MB (a budget's Drafted event
# carries every line of the ordinance: ~120 KB for 135 projects).
MAX_BATCH_BYTES = 16 * 1024 * 1024


def record_templates(
    authorities: Sequence[AuthorityRecord],
    fiscal_year: int,
    seed: int,
    options: DemoOptions,
    workers: int = 1,
) -> list[TemplateYear]:
    """Each authority's template year, recorded in `workers` processes."""
    task = partial(record_template, fiscal_year=fiscal_year, seed=seed, options=options)
    if workers <= 1 or len(authorities) <= 1:
        return [task(a) for a in authorities]
    with multiprocessing.get_context("spawn").Pool(min(workers, len(authorities))) as pool:
        # the biggest first, so no worker is left with a long one at the end
        order = sorted(range(len(authorities)), key=lambda i: -_size(authorities[i]))
        done = pool.map(task, [authorities[i] for i in order], chunksize=1)
    years: list[TemplateYear | None] = [None] * len(authorities)
    for i, year in zip(order, done, strict=True):
        years[i] = year
    return [y for y in years if y is not None]


def _size(authority: AuthorityRecord) -> int:
    return PROJECT_QUARTERS[authority.type]


def set_up_year(office: BudgetOffice, sample: Sequence[AuthorityRecord], fiscal_year: int) -> None:
    """What every LAO's copied year relies on, through the commands: the registry (with
    the demo's contacts), the year's targets and reporting calendar, and each province's
    reviewer."""
    on = registration_date(fiscal_year)
    office.import_authorities(with_demo_contacts(sample), actor=SYSTEM_ACTOR, business_date=on)
    set_targets(office, fiscal_year)
    set_reporting_calendar(office, fiscal_year)
    for province in sorted({a.province_code for a in sample}):
        open_reviewer_account(office, province, on)


def copies(
    sample: Sequence[AuthorityRecord], assignment: Assignment, templates: Sequence[TemplateYear]
) -> list[LaoCopy]:
    by_code = {t.authority.code: t for t in templates}
    return [LaoCopy(by_code[assignment.template_of[a.code]], a) for a in sample]


def interleaved(laos: Sequence[LaoCopy]) -> Iterator[list[StoredEvent]]:
    """Each day's events, LAO after LAO, day after day: one list per LAO and day."""
    spans: dict[int, dict[int, tuple[int, int]]] = {}  # template id -> day -> span
    for lao in laos:
        key = id(lao.template)
        if key not in spans:
            spans[key] = _day_spans(lao.template)
    days = sorted({day for by_day in spans.values() for day in by_day})
    plan = [(lao, spans[id(lao.template)]) for lao in laos]
    for day in days:
        for lao, by_day in plan:
            span = by_day.get(day)
            if span is not None:
                yield lao.events(*span)


def _day_spans(template: TemplateYear) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for position, shape in enumerate(template.events):
        start, _ = spans.get(shape.day, (position, position))
        spans[shape.day] = (start, position + 1)
    return spans


@dataclass(slots=True)
class Loaded:
    events: int = 0
    transactions: int = 0
    insert_seconds: float = 0.0  # time spent in the recorder (the copying overlaps it)


def insert_all(
    office: BudgetOffice,
    stream: Iterator[list[StoredEvent]],
    batch_size: int,
    progress: Progress | None = None,
    total: int = 0,
) -> Loaded:
    """Insert the stream in transactions of about `batch_size` events (fewer when they
    would hold more than MAX_BATCH_BYTES), in order.

    One thread inserts while this one copies the next batch: the copying then runs
    while the inserting thread waits for the server."""
    loaded = Loaded()
    batches: queue.Queue[list[StoredEvent] | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def insert() -> None:
        reported = time.perf_counter()
        while (batch := batches.get()) is not None:
            if failed:
                continue  # drain, so the producer is never blocked
            started = time.perf_counter()
            try:
                office.recorder.insert_events(batch)
            except BaseException as error:  # re-raised in the caller
                failed.append(error)
                continue
            took = time.perf_counter() - started
            loaded.insert_seconds += took
            if progress is not None and took > SLOW_INSERT_SECONDS:
                progress(f"a slow insert: {len(batch):,} events took {took:.1f} s")
            loaded.events += len(batch)
            loaded.transactions += 1
            if progress is not None and time.perf_counter() - reported > 10:
                reported = time.perf_counter()
                share = f" ({loaded.events / total:.0%})" if total else ""
                progress(f"inserted {loaded.events:,} events{share}")

    inserter = threading.Thread(target=insert, name="insert-events", daemon=True)
    inserter.start()
    try:
        batch: list[StoredEvent] = []
        size = 0
        for events in stream:
            if failed:
                break
            batch += events
            size += sum(len(e.state) for e in events)
            if len(batch) >= batch_size or size >= MAX_BATCH_BYTES:
                batches.put(batch)
                batch, size = [], 0
        if batch:
            batches.put(batch)
    finally:
        batches.put(None)
        inserter.join()
    if failed:
        raise failed[0]
    return loaded
