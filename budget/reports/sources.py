"""Where a report reads its figures: today's views, or the views as they stood at a past
moment, rebuilt from the event history.

A report is made of the queries' answers over one set of views and names the last
event those views include (the footer's position):

- **now**: the live views; the queries run between two reads of the views' tracked
  position and run again if the projection runner committed in between (in the end
  holding the views' write lock), so the figures and the position they claim always
  belong together;
- **as of a moment**: the position of the last event recorded at or before the moment
  is found in the notification log, and every projection is replayed from the first
  event up to it into scratch tables (:mod:`budget.projections.scratch`); the same
  queries then run on those. For one LAO's report only that LAO's own aggregates (its
  registration, budget, projects and reports, and the year's targets) are replayed, up
  to the same moment, into an in-memory database: the LAO's rows come out the same as in
  a full replay, at a fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.pool import StaticPool

from budget.application import BudgetOffice
from budget.domain.calendar import BANGKOK
from budget.domain.calendar import today as thai_today
from budget.domain.errors import NotFound
from budget.projections.follow import OnBatch, catch_up
from budget.projections.positions import REPLAY_LOCK_KEY, lock_views, tracked_positions
from budget.projections.queries import Page, PageRequest
from budget.projections.queries.paging import MAX_LIMIT
from budget.projections.registry import all_projections
from budget.projections.replay import lao_events, replay_into
from budget.projections.scratch import scratch_views
from budget.projections.tables import metadata

T = TypeVar("T")
ATTEMPTS = 5  # reads of the live views before settling for the last one
# Scratch schemas (folders on SQLite) of as-of replays start with this: left behind by a
# crash, they are dropped when the next replay job starts.
AS_OF_SCRATCH = "asof"
# Events replayed per transaction into the scratch tables: small enough to bound the memory
# of a batch (~300 MB at 100,000) and to report progress and honour a deadline often.
AS_OF_BATCH_SIZE = 20_000


class MomentError(ValueError):
    """A moment without its timezone (one before anything was recorded: NotFound)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The views a report reads, and what they include."""

    connection: Connection
    position: int  # the last event the views include
    as_of: datetime | None  # None: the views as they are now
    today: date  # the day "days in stage" and stuck projects are counted to


def every_item(read: Callable[[PageRequest], Page[T]]) -> list[T]:
    """Every item of a paged query (a report lists them all), read a page of MAX_LIMIT
    at a time until its total."""
    found: list[T] = []
    while True:
        page = read(PageRequest(offset=len(found), limit=MAX_LIMIT))
        found += page.items
        if not page.items or len(found) >= page.total:
            return found


def _position(connection: Connection) -> int:
    names = [p.name for p in all_projections()]
    return min(tracked_positions(connection, names).values(), default=0)


def read_now(
    views: Engine, gather: Callable[[Snapshot], T], *, today: date | None = None
) -> tuple[T, int]:
    """`gather` over the live views, and the position its figures include. Read without
    locks while the runner lets it (the position did not move meanwhile), else holding
    the views' write lock so no batch commits during the read."""
    day = today or thai_today()
    for _ in range(ATTEMPTS):
        with views.connect() as connection:
            before = _position(connection)
            result = gather(Snapshot(connection, before, None, day))
            if _position(connection) == before:
                return result, before
    with views.begin() as connection:  # the runner kept moving: hold it back for one read
        lock_views(connection, [p.name for p in all_projections()])
        position = _position(connection)
        return gather(Snapshot(connection, position, None, day)), position


def check_moment(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise MomentError("a moment needs its timezone")
    return moment


def position_at(office: BudgetOffice, moment: datetime) -> int:
    """The position of the last event recorded at or before `moment` (0: none was).

    The notification log is in the order events were recorded, so their times rise with
    their positions: a binary search reads a few dozen events, whatever the log's size.
    """
    check_moment(moment)
    low, high = 1, office.recorder.max_notification_id() or 0
    found = 0
    while low <= high:
        middle = (low + high) // 2
        notes = office.recorder.select_notifications(start=middle, limit=1)
        if not notes or recorded_at(office, notes[0]) > moment:
            high = middle - 1
        else:
            found = notes[0].id
            low = notes[0].id + 1
    return found


def recorded_at(office: BudgetOffice, notification: Any) -> datetime:
    event: Any = office.mapper.to_domain_event(notification)
    recorded: datetime = event.timestamp
    return recorded


def recorded_by(office: BudgetOffice, moment: datetime) -> int:
    """`position_at`, refused when nothing had been recorded by then."""
    position = position_at(office, moment)
    if position == 0:
        raise NotFound(what="record at that moment", key=moment.isoformat())
    return position


def moment_today(moment: datetime) -> date:
    return moment.astimezone(BANGKOK).date()


@contextmanager
def views_at(
    office: BudgetOffice,
    views: Engine,
    moment: datetime,
    *,
    today: date | None = None,
    on_batch: OnBatch | None = None,
) -> Iterator[Snapshot]:
    """Every view as it stood at `moment`: replayed from the first event into scratch
    tables beside `views` (dropped afterwards), under the replays' own lock (the live
    follow loop is never held back). Projects' days in stage count to `today` (default:
    the moment's day). `on_batch(position, read)` after each batch (it may raise to stop)."""
    position = recorded_by(office, moment)
    with scratch_views(views, AS_OF_SCRATCH) as scratch:
        catch_up(
            office,
            scratch.engine,
            all_projections(),
            AS_OF_BATCH_SIZE,
            until=position,
            on_batch=on_batch,
            lock_base=REPLAY_LOCK_KEY,
        )
        with scratch.engine.connect() as connection:
            yield Snapshot(connection, position, moment, today or moment_today(moment))


@dataclass(frozen=True, slots=True)
class LaoHistory:
    """An LAO's year replayed to a moment: its views and its own events."""

    snapshot: Snapshot
    events: list[Any]


@contextmanager
def lao_views_at(
    office: BudgetOffice,
    lao_code: str,
    fiscal_year: int,
    moment: datetime,
    *,
    today: date | None = None,
) -> Iterator[LaoHistory]:
    """One LAO's views as they stood at `moment`, replayed from its own aggregates into
    an in-memory database."""
    position = recorded_by(office, moment)
    events = lao_events(office, lao_code, fiscal_year, moment)
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        metadata.create_all(engine)
        chosen = [p for p in all_projections() if p.name != "audit_log"]
        replay_into(office, engine, events, chosen)
        with engine.connect() as connection:
            snapshot = Snapshot(connection, position, moment, today or moment_today(moment))
            yield LaoHistory(snapshot, events)
    finally:
        engine.dispose()
