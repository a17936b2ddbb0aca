"""The BudgetOffice's plumbing: store, transcoder, loading and saving."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Transcoder

from budget.application.batch import Batch, UnitOfWork
from budget.application.commands import Command
from budget.application.handlers import handler_of
from budget.application.results import Recorded
from budget.application.saved_keys import KeyUse, SavedKey
from budget.application.transcoding import BudgetTranscoder, register_transcodings
from budget.config import Settings
from budget.domain.access import Actor, ScopeKind
from budget.domain.authority import LocalAuthority
from budget.domain.errors import (
    AlreadyExists,
    ConcurrentUpdate,
    DomainError,
    NotFound,
    StaleVersion,
)
from budget.domain.ids import authority_id

A = TypeVar("A", bound=Aggregate)
# aggregates remembered as written by other processes (then forgotten, and found again)
WRITTEN_ELSEWHERE_MAX = 100_000


class _Taken:
    """What a command (:meth:`OfficeBase.execute`) took from the cache as cached, without
    reading its newer events: each aggregate's id and version; and whether it saved."""

    def __init__(self) -> None:
        self.versions: dict[UUID, int] = {}
        self.saved = False


def replayed(aggregate: Any, events: Iterable[Any]) -> Any:
    """The aggregate (None: not created yet) after `events`, each mutating it in turn: the
    library's `project_aggregate` without its per-event isinstance check against a
    runtime-checkable protocol (~60 µs an event on Python 3.11, more than the replay)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class OfficeBase(Application[UUID]):
    name = "BudgetOffice"

    def __init__(self, settings: Settings | None = None, env: dict[str, str] | None = None):
        self.settings = settings or Settings.from_env()
        self._local = threading.local()  # the batch this thread runs, if any
        # aggregates whose cached copy another process's write was found to have passed:
        # a command always reads their newer events (:meth:`_take`)
        self._written_elsewhere: set[UUID] = set()
        # called with the aggregates of each save once it is committed (budget.http.services:
        # an account saved may have ended its sessions)
        self.on_saved: list[Callable[[tuple[Aggregate, ...]], None]] = []
        super().__init__(env={**self.settings.eventsourcing_env(), **(env or {})})

    def execute(
        self, command: Command, *, actor: Actor, expected_version: int | None = None
    ) -> Recorded:
        """Run a command as `actor`: its handler decides, the events are saved in one
        transaction. `expected_version` (the If-Match of a write) guards the record the
        command changes; commands that create a record ignore it. The command's note
        (why, in the person's words) goes on the actor its events carry.

        An aggregate the command takes from the cache is used as cached, without reading
        its newer events first (:meth:`_take`). The save's optimistic version check refuses
        one that another process recorded after; one the command took and does not save is
        asked about before the save (:meth:`record`). A command refused, by a rule or by
        either check, with nothing saved, asks the store whether any aggregate it took had
        moved on; if so, it is decided again on the store's state (the answer it would have
        had), and that aggregate is read up to date from then on. A command is never
        decided again after its save: its events are recorded once."""
        said = command.said
        if said:
            actor = replace(actor, note=said)
        handler = handler_of(command)
        if self._work() is not None or getattr(self._local, "taken", None) is not None:
            return handler(self, command, actor, expected_version)  # (a batch, or nested)
        taken = self._local.taken = _Taken()
        try:
            return handler(self, command, actor, expected_version)
        except DomainError:
            if taken.saved or not self._moved_on(taken.versions):
                raise
        finally:
            self._local.taken = None
        return handler(self, command, actor, expected_version)

    def _moved_on(self, versions: dict[UUID, int]) -> bool:
        """Whether the store holds a newer version of any of these (id: version) aggregates
        a command took from the cache unread; those are remembered as written elsewhere."""
        moved = [
            aggregate_id
            for aggregate_id, version in versions.items()
            if self.recorder.select_events(aggregate_id, gt=version, limit=1)
        ]
        if len(self._written_elsewhere) + len(moved) > WRITTEN_ELSEWHERE_MAX:
            self._written_elsewhere.clear()
        self._written_elsewhere.update(moved)
        return bool(moved)

    @contextmanager
    def batch(self) -> Iterator[Batch]:
        """Commands run now and saved together by `Batch.commit` (budget.application.batch);
        what is not committed when the block ends is never saved."""
        if self._work() is not None:
            msg = "a batch is running in this thread already"
            raise RuntimeError(msg)
        self._local.work = UnitOfWork()
        try:
            yield Batch(self, self._local.work)
        finally:
            self._local.work = None

    @contextmanager
    def keyed(self, key: SavedKey) -> Iterator[KeyUse]:
        """The first save of the block records `key` in the events' own transaction
        (budget.application.saved_keys; PostgreSQL's recorder only): KeyTaken if it was
        recorded before, and then nothing is saved. `saved` tells whether a save carried it."""
        use = KeyUse(key)
        self._local.key = use
        try:
            yield use
        finally:
            self._local.key = None

    def _key_options(self, main: Aggregate) -> dict[str, Any]:
        use: KeyUse | None = getattr(self._local, "key", None)
        if use is None or use.saved:
            return {}
        return {"saved_key": use.key.row(main.id, main.version)}

    def _work(self) -> UnitOfWork | None:
        work: UnitOfWork | None = getattr(self._local, "work", None)
        return work

    def construct_transcoder(self) -> Transcoder:
        transcoder = BudgetTranscoder()
        register_transcodings(transcoder)
        return transcoder

    def load(
        self,
        kind: type[A],
        aggregate_id: UUID,
        key: str,
        expected_version: int | None = None,
        *,
        for_change: bool = False,
    ) -> A:
        """The aggregate as it is now; NotFound or StaleVersion otherwise.

        For reading, a copy of the cached aggregate. For a command (`for_change`), the
        cached object itself, taken out of the cache so no other command or reader can
        see it: `record` puts it back once saved, and a refused command's changes are
        simply never put back.
        """
        work = self._work()
        try:
            if work is not None and aggregate_id in work.aggregates:
                aggregate: Any = work.aggregates[aggregate_id]
                work.touched.add(aggregate_id)
            elif for_change or work is not None:
                aggregate = self._take(aggregate_id)
                if work is not None:
                    work.loaded(aggregate)
            else:
                aggregate = self.repository.get(aggregate_id, projector_func=replayed)
        except AggregateNotFoundError:
            raise NotFound(what=kind.__name__, key=key) from None
        if not isinstance(aggregate, kind):
            raise NotFound(what=kind.__name__, key=key)
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersion(expected=expected_version, actual=aggregate.version)
        return aggregate

    def overseeing_district(self, actor: Actor, lao_code: str) -> str:
        """The district whose office oversees `lao_code` (budget/domain/oversight.py), asked
        only when `actor` is a district office: "" for anyone else, whose scope is never a
        district, so their reads cost no look-up."""
        if actor.role.scope_kind is not ScopeKind.DISTRICT:
            return ""
        authority = self.load(LocalAuthority, authority_id(lao_code), lao_code)
        return authority.overseeing_district

    def _take(self, aggregate_id: UUID) -> Any:
        """The aggregate out of the cache: as cached for a command `execute` checks (unless
        another process was found writing it), else brought up to date from the store."""
        cache = self.repository.cache
        if cache is None:
            return self.repository.get(aggregate_id, projector_func=replayed)
        try:
            cached = cache.get(aggregate_id, evict=True)
        except KeyError:
            cached = None
        taken: _Taken | None = getattr(self._local, "taken", None)
        if cached is not None and taken is not None and aggregate_id not in self._written_elsewhere:
            taken.versions[aggregate_id] = cached.version  # checked by its save, or by record
            return cached
        newer = self.events.get(aggregate_id, gt=cached.version if cached else None)
        aggregate = replayed(cached, newer)
        if aggregate is None:
            raise AggregateNotFoundError(aggregate_id)
        return aggregate

    def _put_back(self, *aggregates: Aggregate) -> None:
        """Saved aggregates become the cache's again (a stale one is fast-forwarded later);
        then `on_saved` is told of them."""
        if self.repository.cache is not None:
            for aggregate in aggregates:
                self.repository.cache.put(aggregate.id, aggregate)
        for told in self.on_saved:
            told(aggregates)

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether the store (or the running batch) holds an aggregate, without replaying it."""
        work = self._work()
        if work is not None and aggregate_id in work.aggregates:
            return True
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def record(self, main: Aggregate, *others: Aggregate, key: str = "") -> Recorded:
        """Save in one transaction; a concurrent writer's win becomes a clear error. In a
        batch, the events wait for the batch's commit (position 0 until then)."""
        created = [a for a in (main, *others) if a.version == len(a.pending_events)]
        work = self._work()
        if work is not None:
            for aggregate in created:
                if self.exists(aggregate.id):
                    raise AlreadyExists(what=type(aggregate).__name__, key=key)
            for aggregate in (main, *others):
                work.recorded(aggregate)
            return Recorded(main.id, main.version, 0)
        taken: _Taken | None = getattr(self._local, "taken", None)
        if taken is not None:  # taken as cached, not saved: current, or decided again (execute)
            saving = {aggregate.id for aggregate in (main, *others)}
            if self._moved_on({i: v for i, v in taken.versions.items() if i not in saving}):
                raise ConcurrentUpdate()
        options = self._key_options(main)
        # the event store itself, as a batch's save: the library's `save` checks each
        # aggregate against two runtime-checkable protocols (~0.1 ms a save on Python 3.11)
        events = [event for aggregate in (main, *others) for event in aggregate.collect_events()]
        try:
            recordings = self.events.put(events, **options)
        except IntegrityError:
            for aggregate in created:
                if self.exists(aggregate.id):
                    raise AlreadyExists(what=type(aggregate).__name__, key=key) from None
            raise ConcurrentUpdate() from None
        if options:
            self._local.key.saved = True
        if taken is not None:
            taken.saved = True  # never decided again (execute)
        self._put_back(main, *others)
        position = max((r.notification.id for r in recordings), default=0)
        return Recorded(main.id, main.version, position)

    def save_events(self, events: list[Any], aggregates: list[Aggregate]) -> int:
        """Save a batch's events in one transaction (budget.application.batch); the last
        position. Its aggregates become the cache's again."""
        try:  # the event store itself: the events are collected already
            recordings = self.events.put(events)
        except IntegrityError:
            raise ConcurrentUpdate() from None
        self._put_back(*aggregates)
        return max((r.notification.id for r in recordings), default=0)
