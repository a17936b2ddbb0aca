"""The BudgetOffice's plumbing: store, transcoder, loading and saving."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Transcoder

from budget.application.results import Recorded
from budget.application.transcoding import BudgetTranscoder, register_transcodings
from budget.config import Settings
from budget.domain.errors import AlreadyExists, ConcurrentUpdate, NotFound, StaleVersion

BANGKOK = ZoneInfo("Asia/Bangkok")
A = TypeVar("A", bound=Aggregate)


def today() -> date:
    """Today in Thailand, the default business date of a command."""
    return datetime.now(BANGKOK).date()


class OfficeBase(Application[UUID]):
    name = "BudgetOffice"

    def __init__(self, settings: Settings | None = None, env: dict[str, str] | None = None):
        self.settings = settings or Settings.from_env()
        super().__init__(env={**self.settings.eventsourcing_env(), **(env or {})})

    def construct_transcoder(self) -> Transcoder:
        transcoder = BudgetTranscoder()
        register_transcodings(transcoder)
        return transcoder

    def load(
        self, kind: type[A], aggregate_id: UUID, key: str, expected_version: int | None = None
    ) -> A:
        """The aggregate as it is now; NotFound or StaleVersion otherwise."""
        try:
            aggregate: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(what=kind.__name__, key=key) from None
        if not isinstance(aggregate, kind):
            raise NotFound(what=kind.__name__, key=key)
        if expected_version is not None and aggregate.version != expected_version:
            raise StaleVersion(expected=expected_version, actual=aggregate.version)
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether the store holds an aggregate, without replaying it."""
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def record(self, main: Aggregate, *others: Aggregate, key: str = "") -> Recorded:
        """Save in one transaction; a concurrent writer's win becomes a clear error."""
        created = [a for a in (main, *others) if a.version == len(a.pending_events)]
        try:
            recordings = self.save(main, *others)
        except IntegrityError:
            for aggregate in created:
                if self.exists(aggregate.id):
                    raise AlreadyExists(what=type(aggregate).__name__, key=key) from None
            raise ConcurrentUpdate() from None
        position = max((r.notification.id for r in recordings), default=0)
        return Recorded(main.id, main.version, position)

    def record_many(self, aggregates: list[Any]) -> int:
        """Save many new aggregates in one transaction (bulk import); the last position."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentUpdate() from None
        return max((r.notification.id for r in recordings), default=0)
