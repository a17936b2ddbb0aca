"""Audit: every event of a record with who, when and why; any record as it stood at a
version or a moment; the audit log searched by actor, LAO, event type and time."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response
from litestar.di import NamedDependency, Provide
from litestar.params import PathParameter, QueryParameter

from budget.application.history import SECRET
from budget.application.results import EventRecord
from budget.domain.access import Action
from budget.exports.answers import audit_tables
from budget.http.exports import EXPORTED_LIST, Export
from budget.http.guards import services_of
from budget.http.params import day_param, moment_param, provide_audit_search
from budget.http.problems import HttpProblem
from budget.http.routing import action, reads
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.audit import summaries_at
from budget.projections.queries import AuditEntry, AuditSearch, Page, PageRequest
from budget.projections.queries.models import struct_from

HISTORY = action(Action.READ_HISTORY)
RecordId = Annotated[UUID, PathParameter(description="the id of any record (aggregate)")]


class HistoryEvent(EventRecord, frozen=True, kw_only=True):
    """One event of a record: what happened, who did it, when, and why."""


class RecordState(msgspec.Struct, kw_only=True):
    """A record as it stood: its kind, version and attributes, and which time `as_of`
    the answer is about: `latest`, a `version`, `recorded_at` (the events recorded by
    the moment `at`) or `business_date` (the world's date: its events in order while
    each is dated on or before it; `left_out` counts those dated by then but recorded
    after one dated later, which cannot be replayed without it)."""

    aggregate_id: UUID
    kind: str
    version: int
    modified_at: datetime
    state: dict[str, Any]
    as_of: Literal["latest", "version", "recorded_at", "business_date"] = "latest"
    left_out: int = 0


def plain(value: Any) -> Any:
    """Any attribute of a record as JSON values (enums by value, amounts as strings)."""
    return msgspec.to_builtins(value, str_keys=True, enc_hook=str)


def history_event(record: EventRecord) -> HistoryEvent:
    """An event of a record's history as the API says it (its details as JSON values)."""
    return struct_from(HistoryEvent, record, details=plain(record.details))


class AuditController(Controller):
    path = "/api/audit"
    tags = ["audit"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {  # noqa: RUF012
        **EXPORTED_LIST,
        "search": Provide(provide_audit_search, sync_to_thread=False),
    }

    @reads("/records/{aggregate_id:uuid}/events", "recordHistory", HISTORY)
    def history(
        self, request: Request[Session, str, Any], aggregate_id: RecordId
    ) -> list[HistoryEvent]:
        """Every event of a record, oldest first."""
        office = services_of(request).office
        return [history_event(r) for r in office.history(aggregate_id, actor=request.user.actor)]

    @reads("/records/{aggregate_id:uuid}", "recordAsOf", HISTORY)
    def as_of(
        self,
        request: Request[Session, str, Any],
        aggregate_id: RecordId,
        version: Annotated[int | None, QueryParameter(ge=1, le=10**9)] = None,
        at: Annotated[
            datetime | None,
            QueryParameter(description="a moment of recording, with its timezone"),
        ] = None,
        business_date: Annotated[
            date | None,
            QueryParameter(description="the world's date (YYYY-MM-DD): the business as of then"),
        ] = None,
    ) -> RecordState:
        """A record as it stood at a version, at a moment of recording (`at`), or on a
        business date (`business_date`); now, without any. The answer's `as_of` says
        which."""
        office = services_of(request).office
        actor = request.user.actor
        left_out = 0
        if business_date is not None:
            if at is not None or version is not None:
                raise HttpProblem(
                    400,
                    "invalid_request",
                    "business_date: give it alone, not with at or version",
                    "business_date: ระบุอย่างเดียว ไม่ใช้ร่วมกับ at หรือ version",
                )
            record, left_out = office.as_of_business_date(
                aggregate_id, day_param("business_date", business_date), actor=actor
            )
        else:
            record = office.as_of(
                aggregate_id, actor=actor, version=version, moment=moment_param("at", at)
            )
        attributes = {
            name: value
            for name, value in vars(record).items()
            if not name.startswith("_") and name not in SECRET
        }
        return RecordState(
            aggregate_id=record.id,
            kind=type(record).__name__,
            version=record.version,
            modified_at=record.modified_on,
            state=plain(attributes),
            as_of=(
                "business_date"
                if business_date is not None
                else "recorded_at"
                if at is not None
                else "version"
                if version is not None
                else "latest"
            ),
            left_out=left_out,
        )

    @reads("/log", "searchAuditLog", HISTORY, exported=True)
    def search(
        self,
        request: Request[Session, str, Any],
        search: NamedDependency[AuditSearch],
        page: NamedDependency[PageRequest],
        export: NamedDependency[Export],
    ) -> Response[Page[AuditEntry]]:
        """The audit log, newest first, narrowed by actor, LAO, event type and time."""
        services = services_of(request)
        office = services.office
        with services.read() as connection:
            found = queries.search_audit_log(
                connection, search, page, lambda positions: summaries_at(office, positions)
            )
        return export.answer(found, audit_tables, "audit-log")
