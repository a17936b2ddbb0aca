"""History: any aggregate as it was, and every event with who, when and why."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, CanMutateAggregate

from budget.application.base import OfficeBase, replayed
from budget.application.results import EventRecord
from budget.domain.access import Action, Actor, authorize
from budget.domain.calendar import BANGKOK
from budget.domain.errors import InvalidInput, NotFound

# What every stored event carries beside its own fields (class_version: the library's
# mark of an upcast event class, e.g. Project.ProcurementReportApproved v2).
COMMON = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "actor"}
    | {"class_version"}
)
# Kept in the store, never shown: not in a history, not in the audit log.
SECRET = frozenset({"password_hash"})


class HistoryCases(OfficeBase):
    def history(self, aggregate_id: UUID, *, actor: Actor) -> list[EventRecord]:
        """Every event of an aggregate, oldest first (auditors and the system)."""
        authorize(actor, Action.READ_HISTORY)
        records = [event_record(e) for e in self.events.get(aggregate_id)]
        if not records:
            raise NotFound(what="record", key=str(aggregate_id))
        return records

    def story(
        self, aggregate_id: UUID, *, actor: Actor, lao: str = "", province: str = ""
    ) -> list[EventRecord]:
        """Every event of a record, oldest first, for someone who may read the record: the
        history its own page shows (a project's, a report's), who may read that LAO's,
        province's or (a district office) overseen district's records (an auditor reads any
        with `history`)."""
        district = self.overseeing_district(actor, lao) if lao else ""
        authorize(actor, Action.READ, lao=lao, province=province, district=district)
        return [event_record(e) for e in self.events.get(aggregate_id)]

    def events_at(self, positions: Iterable[int], *, actor: Actor) -> dict[int, EventRecord]:
        """The events at these positions of the notification log (an audit log's page of
        rows), by position: the values the log's rows name but do not hold."""
        authorize(actor, Action.READ_HISTORY)
        found: dict[int, EventRecord] = {}
        for position in sorted(set(positions)):
            for notification in self.recorder.select_notifications(start=position, limit=1):
                if notification.id == position:
                    found[position] = event_record(self.mapper.to_domain_event(notification))
        return found

    def as_of(
        self,
        aggregate_id: UUID,
        *,
        actor: Actor,
        version: int | None = None,
        moment: datetime | None = None,
    ) -> Aggregate:
        """The aggregate as it was at a version, or at a moment of recording
        (timezone-aware): the events recorded by then."""
        authorize(actor, Action.READ_HISTORY)
        if moment is not None:
            if moment.tzinfo is None:
                raise InvalidInput(
                    problem="a moment needs its timezone", problem_th="เวลาต้องระบุเขตเวลา"
                )
            versions = [
                e.originator_version
                for e in self.events.get(aggregate_id)
                if isinstance(e, CanMutateAggregate) and e.timestamp <= moment
            ]
            if not versions:
                raise NotFound(what="record at that moment", key=str(aggregate_id))
            version = max(versions) if version is None else min(version, max(versions))
        try:
            aggregate: Aggregate = self.repository.get(
                aggregate_id, version=version, projector_func=replayed
            )
        except Exception as error:  # the library raises AggregateNotFoundError
            raise NotFound(what="record", key=str(aggregate_id)) from error
        return aggregate

    def as_of_business_date(
        self, aggregate_id: UUID, day: date, *, actor: Actor
    ) -> tuple[Aggregate, int]:
        """The aggregate as the world stood at the end of `day` (a business date): its
        events in order for as long as each is dated on or before `day` (an event
        without a business date counts on the Thai day it was recorded). An event dated
        on or before `day` but recorded after one dated later cannot be replayed without
        it; how many were left out so is the second value."""
        authorize(actor, Action.READ_HISTORY)
        dates = [dated(e) for e in self.events.get(aggregate_id)]
        if not dates:
            raise NotFound(what="record", key=str(aggregate_id))
        through = 0
        while through < len(dates) and dates[through] <= day:
            through += 1
        if through == 0:
            raise NotFound(what="record on that business date", key=str(aggregate_id))
        left_out = sum(1 for d in dates[through:] if d <= day)
        return self.as_of(aggregate_id, actor=actor, version=through), left_out


def dated(event: Any) -> date:
    """An event's business date, or the Thai day it was recorded."""
    found = getattr(event, "business_date", None)
    if isinstance(found, date):
        return found
    recorded: datetime = event.timestamp
    return recorded.astimezone(BANGKOK).date()


def event_record(event: Any) -> EventRecord:
    assert isinstance(event, CanMutateAggregate)
    state = dict(event.__dict__)
    actor = state.get("actor")
    business_date = state.get("business_date")
    details = {
        k: v
        for k, v in state.items()
        if k not in COMMON and k != "business_date" and k not in SECRET
    }
    return EventRecord(
        aggregate_id=event.originator_id,
        version=event.originator_version,
        event_type=type(event).__qualname__,
        recorded_at=event.timestamp,
        business_date=business_date,
        user_id=actor.user_id if isinstance(actor, Actor) else "",
        role=actor.role.value if isinstance(actor, Actor) else "",
        acting_for=actor.acting_for if isinstance(actor, Actor) else "",
        reason=str(state.get("reason", "")),
        details=details,
        note=actor.note if isinstance(actor, Actor) else "",
    )
