"""The audit log: one row per event, with who, when, what and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Table

from budget.application.history import event_record
from budget.application.results import EventRecord
from budget.projections.follow import Positioned
from budget.projections.tables import audit_log
from budget.projections.upsert import append

SUMMARY_LIMIT = 300
_SCALARS = (str, int, Decimal, date, UUID, Enum)


class AuditLog:
    name = "audit_log"
    tables: tuple[Table, ...] = (audit_log,)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        rows = [audit_row(e.position, e.event) for e in events]
        if rows:
            append(connection, audit_log, rows)


def audit_row(position: int, event: Any) -> dict[str, Any]:
    record = event_record(event)
    return {
        "position": position,
        "recorded_at": record.recorded_at,
        "business_date": record.business_date,
        "user_id": record.user_id,
        "role": record.role,
        "acting_for": record.acting_for,
        "event_type": record.event_type,
        "aggregate_id": str(record.aggregate_id),
        "version": record.version,
        "reason": why(record),
        "summary": summary(record.details),
    }


def why(record: EventRecord) -> str:
    """The event's reason and the note given with it: the audit log's "why" column."""
    return " — ".join(part for part in (record.reason, record.note) if part)


def summary(details: dict[str, Any]) -> str:
    """The event's plain values, `key=value` in name order (longer values are left out)."""
    parts = []
    for key in sorted(details):
        value = details[key]
        if key == "reason" or not isinstance(value, _SCALARS) or isinstance(value, bool):
            continue
        shown = value.value if isinstance(value, Enum) else value
        parts.append(f"{key}={shown}")
    text = " ".join(parts)
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"
