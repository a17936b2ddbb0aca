"""An idempotency key saved in the same transaction as a command's events (PostgreSQL,
when the HTTP service's keys live in the events' own database).

The HTTP service (budget.http.writes) runs a keyed command inside
``office.keyed(SavedKey(...))``; the office's first save in it hands the key to the
recorder (budget.application.postgres_recorder), which, under the events table's lock and
in the transaction that inserts the events, refuses the save if the key is already
recorded (:class:`KeyTaken`: nothing of this save is recorded) and else writes the key's
row with what was recorded (the record, its version, the position of its last event),
and announces the write to the service's workers (``NOTIFY budget_writers``). Either both
the events and the key are recorded or neither: no key is ever left "in flight", and a
retry never records twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

KEY_TABLE = "http_idempotency_key"  # budget.http.idempotency defines it
# Where a recorded write is announced to the service's workers (budget.http.writers),
# payload "<position> <user>": a keyed write's announcement is sent by the recorder in the
# events' transaction (delivered at its commit), not by a statement of its own.
WRITERS_CHANNEL = "budget_writers"
RECORDED_STATUS = 0  # a key row written with the events: the answer is rebuilt from it


@dataclass(frozen=True, slots=True)
class SavedKey:
    """Whose key, which key, and the hash of the request it was sent with."""

    user_id: str
    key: str
    request_hash: str

    def row(self, record_id: UUID, version: int) -> dict[str, Any]:
        """What the recorder writes (as JSON) beside the events it inserts."""
        return {
            "user_id": self.user_id,
            "key": self.key,
            "request_hash": self.request_hash,
            "id": str(record_id),
            "version": version,
        }


class KeyTaken(Exception):  # noqa: N818 (a refusal, not a fault)
    """The key was recorded before: nothing of this save was recorded."""


@dataclass(slots=True)
class KeyUse:
    """The key a thread's commands save with; `saved` once a save carried it."""

    key: SavedKey
    saved: bool = False
