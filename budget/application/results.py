"""What the application returns to its callers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec


@dataclass(frozen=True, slots=True)
class Recorded:
    """A command's outcome: the aggregate, its new version, and the position
    of the last new event in the notification log (for read-your-writes)."""

    id: UUID
    version: int
    position: int


class EventRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One event of an aggregate's history, as an auditor reads it."""

    aggregate_id: UUID
    version: int
    event_type: str
    recorded_at: datetime
    business_date: date | None
    user_id: str
    role: str
    acting_for: str
    reason: str
    details: dict[str, Any]
    note: str = ""  # why, as the person said it with the write (the actor's note)
