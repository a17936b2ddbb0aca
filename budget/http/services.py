"""What the web app owns: one BudgetOffice, the views' engine and the projection runner
that keeps them, logins, and the idempotency keys. Built once per app, started on
start-up, stopped on shutdown."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

import psycopg
from psycopg_pool import PoolTimeout
from sqlalchemy import Column, Connection, Engine, Table, select
from sqlalchemy.exc import SQLAlchemyError

from budget.application import BudgetOffice, Recorded
from budget.application.commands import Command
from budget.application.dates import check_dates
from budget.config import Settings
from budget.domain.access import Actor
from budget.domain.account import UserAccount
from budget.domain.authority_types import AuthorityType
from budget.domain.oversight import overseeing_district
from budget.http.idempotency import IdempotencyKeys, KeptResponse
from budget.http.key_janitor import KeyJanitor
from budget.http.login_brake import LoginLimiter
from budget.http.prepared_reads import PreparedReads
from budget.http.problems import HttpProblem
from budget.http.read_cache import Answer, ReadCache
from budget.http.replica import ReplicaReads, replica_engine
from budget.http.secret import secret_key
from budget.http.sessions import SessionStore, events_table, http_session
from budget.http.writers import Writers
from budget.projections.engine import reading
from budget.projections.positions import views_offline
from budget.projections.runner import ProjectionRunner
from budget.projections.tables import authority, project_state, report_state
from budget.reports.jobs import ReplayJobs

logger = logging.getLogger(__name__)

WRITE_WAIT = 2.0  # seconds a write's response waits for the views to include it
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a record belongs: its LAO and province (never changes)."""

    lao_code: str
    province_code: str


PLACE_KEYS = {
    "lao": authority.c.lao_code,
    "project": project_state.c.project_id,
    "report": report_state.c.report_id,
}


@dataclass(slots=True)
class Places:
    """LAO, project and report → Place, read from the views (or the store, if the views lag)
    once, then remembered."""

    office: BudgetOffice
    views: Engine
    _known: dict[str, Place] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def known(self, kind: str, key: str) -> Place | None:
        """The place of the `kind` ("lao", "project", "report") keyed `key` if it was read
        before: no thread, no database (the guard's way for nearly every request)."""
        with self._lock:
            return self._known.get(f"{PLACE_KEYS[kind].table.name}:{key}")

    def of(self, kind: str, key: str) -> Place:
        """The place of the `kind` keyed `key`, read once (NotFound if there is none)."""
        if kind == "lao":
            return self.of_lao(key)
        if kind == "project":
            return self.of_project(UUID(key))
        return self.of_report(UUID(key))

    def of_lao(self, lao_code: str) -> Place:
        def in_store() -> Place:
            return Place(lao_code, self.office.authority(lao_code).province_code)

        return self._place(authority.c.lao_code, lao_code, in_store)

    def of_project(self, project_id: UUID) -> Place:
        def in_store() -> Place:
            found = self.office.project(project_id)
            return Place(found.lao_code, found.province_code)

        return self._place(project_state.c.project_id, str(project_id), in_store)

    def of_report(self, report_id: UUID) -> Place:
        def in_store() -> Place:
            found = self.office.report(report_id)
            return Place(found.lao_code, found.province_code)

        return self._place(report_state.c.report_id, str(report_id), in_store)

    def _place(self, key: Column[str], value: str, in_store: Callable[[], Place]) -> Place:
        """Where the record whose `key` column holds `value` belongs: remembered, else read
        from the views (`key`'s table) or, while they lag, from the store (`in_store`:
        NotFound if there is no such record)."""
        known_as = f"{key.table.name}:{value}"
        with self._lock:
            known = self._known.get(known_as)
        if known is not None:
            return known
        table = key.table
        with reading(self.views) as connection:
            row = connection.execute(
                select(table.c.lao_code, table.c.province_code).where(key == value)
            ).one_or_none()
        place = Place(row.lao_code, row.province_code) if row is not None else in_store()
        with self._lock:
            if len(self._known) > 200_000:
                self._known.clear()
            self._known[known_as] = place
        return place

    def district_of(self, lao_code: str) -> str:
        """The district whose office oversees the LAO now ("" for none;
        budget/domain/oversight.py), read from the views (or the store, if the views lag)
        each time: unlike a place, it changes (a district placed, a type changed)."""
        a = authority
        with self.views.connect() as connection:
            row = connection.execute(
                select(a.c.lao_type, a.c.district_code).where(a.c.lao_code == lao_code)
            ).one_or_none()
        if row is not None:
            return overseeing_district(AuthorityType(row.lao_type), row.district_code)
        return self.office.authority(lao_code).overseeing_district  # NotFound if none


def views_rebuilding() -> HttpProblem:
    return HttpProblem(
        503,
        "views_rebuilding",
        "The views are being rebuilt: try again in a moment (writes are recorded meanwhile)",
        "กำลังสร้างข้อมูลสรุปใหม่ กรุณาลองใหม่อีกครั้ง (ระหว่างนี้ยังบันทึกข้อมูลได้)",
        {"Retry-After": "30"},
    )


class Services:
    """Built by budget.bootstrap.services."""

    def __init__(
        self, settings: Settings, office: BudgetOffice, views: Engine, runner: ProjectionRunner
    ) -> None:
        self.settings = settings
        self.office = office
        self.views = views
        self.runner = runner
        # A keyed write saves its key with its events (budget.http.idempotency) where the
        # keys' table is in the events' own database: the views in PostgreSQL's default;
        # there a session is read with its account's version in one statement.
        self.keys_with_events = (
            settings.store == "postgres" and settings.views_url == settings.default_views_url()
        )
        events = self._events_table() if self.keys_with_events else None
        self.prepared = (
            PreparedReads(views, settings.pool_size, http_session, events)
            if views.dialect.name == "postgresql"
            else None
        )
        self.sessions = SessionStore(
            self.views,
            timedelta(minutes=settings.session_minutes),
            events=events,
            prepared=self.prepared,
        )
        office.on_saved.append(self._accounts_saved)
        self.logins = LoginLimiter(self.views)
        self.keys = IdempotencyKeys(self.views)
        self.janitor = KeyJanitor(self.keys, self.views, self._views_caught_up, tidy=self.tidy)
        self.places = Places(self.office, self.views)
        self.answers = ReadCache()
        self.writers = Writers(
            views, self.views_position, self.prepared.notify if self.prepared else None
        )
        self.replays = ReplayJobs(self.office, self.views, timeout=settings.replay_timeout)
        self.secret = secret_key(settings).encode()
        self.write_wait = WRITE_WAIT
        self.replica = (
            ReplicaReads(
                replica_engine(settings.views_replica_url, settings.pool_size * 4), runner.names
            )
            if settings.views_replica_url
            else None
        )
        self._users = 0  # apps started on these services and not stopped yet
        self._lock = threading.Lock()

    def execute(
        self, command: Command, *, actor: Actor, expected_version: int | None = None
    ) -> Recorded:
        """A command from a door people type into (the API, a form): refused if it
        records a fact dated after today (budget.application.dates), else run."""
        check_dates(command, self.settings.today_now())
        return self.office.execute(command, actor=actor, expected_version=expected_version)

    def start(self) -> None:
        """Start following the views (the first start only: an app may be started again
        while running, as test clients do, and shares what is running). Old idempotency
        keys are forgotten first, before the runner takes the views' write lock."""
        with self._lock:
            self._users += 1
            if self._users > 1:
                return
            self._forget_old_keys()
            self.runner.start()
            self.replays.start()
            self.janitor.start()
            self.writers.start()

    def _forget_old_keys(self) -> None:
        try:
            forgotten = {"keys": self.keys.forget_old(), **self.tidy()}
        except SQLAlchemyError as error:  # not worth failing the start-up for
            logger.warning("could not forget old idempotency keys and sessions: %s", error)
            return
        if any(forgotten.values()):
            logger.info("forgot %s", forgotten)

    def tidy(self) -> dict[str, int]:
        """Forget the expired sessions and the brake's counts that brake nothing."""
        return {
            "sessions": self.sessions.forget_expired(),
            "login_counts": self.logins.forget_old(),
        }

    def stop(self) -> None:
        """Stop the runner and close the stores when the last start is stopped."""
        with self._lock:
            self._users -= 1
            if self._users > 0:
                return
            self.writers.stop()
            self.janitor.stop()
            self.replays.stop()
            self.runner.stop(timeout=10)
            self.office.close()
            if self.prepared is not None:
                self.prepared.close()
            self.views.dispose()
            if self.replica is not None:
                self.replica.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection to the views for one request's queries (on PostgreSQL outside a
        transaction: `budget.projections.engine.reading`); 503 while the views are being
        rebuilt (`budget projections rebuild`): half-rebuilt views are never read, so never
        cached."""
        from_replica = self.replica.connection_at(self.views_position()) if self.replica else None
        with from_replica or reading(self.views) as connection:
            if views_offline(connection):
                raise views_rebuilding()
            yield connection

    def check_views_online(self) -> None:
        """503 while the views are being rebuilt (for reads that take their own
        connections, as the PDFs do)."""
        with self.read():
            pass

    def views_for_reading(self) -> Engine:
        """The engine a read with its own connections uses (the PDFs): the replica when
        its views have reached this process's position, else the views' own; 503 while
        the views are rebuilt."""
        if self.replica is not None:
            engine = self.replica.engine_at(self.views_position(), _online)
            if engine is not None:
                return engine
        self.check_views_online()
        return self.views

    def _accounts_saved(self, aggregates: tuple[Any, ...]) -> None:
        """An account saved (a password set, a role revoked or granted) may have ended its
        sessions: announced before the change is answered (budget.http.recent_sessions)."""
        for aggregate in aggregates:
            if isinstance(aggregate, UserAccount):
                try:
                    self.sessions.account_changed(aggregate.username)
                except SQLAlchemyError as error:  # recorded all the same; RECHECK bounds it
                    logger.warning("could not announce account %s: %s", aggregate.username, error)

    def views_position(self) -> int:
        """The position the views have reached: as the runner last saw or heard it, else
        read from the tracking table."""
        return self.runner.reached if self.runner.watching else self.runner.position()

    def kept(self, key: Hashable, compute: Callable[[Connection], T], *, reader: str) -> Answer[T]:
        """A read query's answer (`compute` on a views connection) for the user `reader`,
        kept per `key` (the query's name and arguments): the views' answer now, or a
        recent one that shows the reader's own writes (budget.http.read_cache)."""

        def run() -> Answer[T]:
            with self.read() as connection:
                return Answer(compute(connection))

        after = self.writers.owed(reader)
        return self.answers.answer(self.views_position, key, run, after=after)

    def kept_now(self, key: Hashable, *, reader: str) -> Answer[Any] | None:
        """The answer `kept` would serve for `key` as it is kept, or None (to be computed or
        waited for, or the views' position is not known without a read): no database, no
        waiting, so the event loop may ask before handing a read to a thread (issue 17)."""
        if not self.runner.watching:
            return None
        kept: Answer[Any] | None = self.answers.kept_now(
            self.views_position, key, after=self.writers.owed(reader)
        )
        return kept

    def caught_up(self, position: int) -> bool:
        """Wake the runner and wait (bounded) until the views include `position` (False
        too when the views cannot be read: the write is recorded all the same)."""
        try:
            self.runner.notify()
            if not self.runner.wait_for(position, self.write_wait):
                return False
            return not self.runner.views_offline(self._views_offline)  # unless rebuilt
        except (SQLAlchemyError, psycopg.Error, PoolTimeout) as error:
            logger.warning("could not wait for the views: %s", error)
            return False

    def _views_offline(self) -> bool:
        if self.prepared is not None:
            return self.prepared.views_offline()
        with reading(self.views) as connection:
            return views_offline(connection)

    def keep_answer(self, user_id: str, key: str, kept: KeptResponse) -> None:
        """Keep a recorded write's answer under its key; if the views' database refuses
        now, the janitor keeps it on its next round (the write is recorded all the same)."""
        try:
            self.keys.keep(user_id, key, kept)
        except SQLAlchemyError as error:
            logger.warning("could not keep the answer of key %r now (%s): held", key, error)
            self.janitor.hold(user_id, key, kept)

    def _views_caught_up(self) -> bool:
        store = self.office.recorder.max_notification_id() or 0
        return self.runner.position() >= store

    def _events_table(self) -> Table:
        recorder: Any = self.office.recorder
        return events_table(recorder.datastore.schema or "public", recorder.events_table_name)

    def version_of(self, aggregate_id: UUID) -> int | None:
        """An aggregate's current version, from the store (no replay); None if none."""
        last = self.office.recorder.select_events(aggregate_id, desc=True, limit=1)
        return last[0].originator_version if last else None


def _online(connection: Connection) -> None:
    if views_offline(connection):
        raise views_rebuilding()
