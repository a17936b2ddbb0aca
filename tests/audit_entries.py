"""The audit log's entries as the tests read them: each with who recorded it (audit_actor
joined by the entry's actor's code, schema 0023), in the columns the log held before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from budget.projections.tables import audit_actor, audit_log

WHO = (audit_actor.c.user_id, audit_actor.c.role, audit_actor.c.acting_for)


def audit_entries(connection: Connection) -> list[dict[str, Any]]:
    """Every entry with who recorded it, by position."""
    a = audit_log
    columns = [c for c in a.columns if c.name != "actor_code"]
    joined = a.join(audit_actor, a.c.actor_code == audit_actor.c.actor_code)
    found = connection.execute(select(*columns, *WHO).select_from(joined).order_by(a.c.position))
    return [dict(row._mapping) for row in found]
