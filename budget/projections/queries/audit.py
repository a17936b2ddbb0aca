"""The audit log, searchable by who, which LAO, what kind of event and when recorded."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import ColumnElement, Connection, false, or_, select, union

from budget.domain.ids import authority_id
from budget.projections.queries.models import (
    AuditEntry,
    AuditSearch,
    Page,
    PageRequest,
    struct_from,
)
from budget.projections.queries.paging import paged
from budget.projections.queries.shapes import equal_to
from budget.projections.tables import (
    audit_actor,
    audit_log,
    budget_state,
    project_state,
    report_state,
)


def _of_lao(connection: Connection, lao_code: str) -> ColumnElement[bool]:
    """Events on what belongs to one LAO (itself, its budgets, projects and reports), or
    recorded by someone acting for it."""
    owned = union(
        select(budget_state.c.budget_id.label("id")).where(budget_state.c.lao_code == lao_code),
        select(project_state.c.project_id).where(project_state.c.lao_code == lao_code),
        select(report_state.c.report_id).where(report_state.c.lao_code == lao_code),
    ).subquery()
    a = audit_log
    return or_(
        a.c.aggregate_id.in_(select(owned.c.id)),
        a.c.aggregate_id == str(authority_id(lao_code)),
        _by(connection, audit_actor.c.acting_for == lao_code),
    )


def _by(connection: Connection, who: ColumnElement[bool]) -> ColumnElement[bool]:
    """Entries recorded by the actors `who` holds for (audit_actor: who is kept once, each
    entry holds its code; schema 0023). Their codes are read first and given as a list:
    PostgreSQL tests each entry's code against it as a filter of its scan, where `IN
    (SELECT ...)` became a hash join, twice as slow at scale 0.1 (411 against 236 ms for
    the count of one user's entries)."""
    codes: list[int] = list(connection.scalars(select(audit_actor.c.actor_code).where(who)))
    return audit_log.c.actor_code.in_(codes)


# The summary of the event at each position asked for, by position (one read of the event
# store: budget/projections/audit.py's `summaries_at`); the log does not keep them.
Summaries = Callable[[Collection[int]], Mapping[int, str]]


def search_audit_log(
    connection: Connection,
    search: AuditSearch,
    page: PageRequest,
    summaries: Summaries | None = None,
) -> Page[AuditEntry]:
    """The newest first, each entry with its event's summary from `summaries` (None: the
    summaries left empty, for a reader who reads each event itself, as the audit pages
    do)."""
    a = audit_log
    aggregate_id = _aggregate_id(search.aggregate_id)
    conditions = equal_to(a, event_type=search.event_type, aggregate_id=aggregate_id)
    if search.user_id is not None:
        conditions.append(_by(connection, audit_actor.c.user_id == search.user_id))
    if search.aggregate_id is not None and aggregate_id is None:
        conditions.append(false())  # not an id: no aggregate has it
    if search.recorded_from is not None:
        conditions.append(a.c.recorded_at >= search.recorded_from)
    if search.recorded_until is not None:
        conditions.append(a.c.recorded_at < search.recorded_until)
    if search.lao_code is not None:
        conditions.append(_of_lao(connection, search.lao_code))
    statement = select(a).where(*conditions).order_by(a.c.position.desc())
    found = _with_actors(connection, paged(connection, statement, page, lambda row: row))
    if summaries is None or not found.items:
        return found
    shown = summaries([entry.position for entry in found.items])
    items = [msgspec.structs.replace(e, summary=shown.get(e.position, "")) for e in found.items]
    return msgspec.structs.replace(found, items=items)


def _with_actors(connection: Connection, found: Page[Any]) -> Page[AuditEntry]:
    """The page's entries, each with who recorded it (one read of audit_actor)."""
    codes = {row.actor_code for row in found.items}
    who = audit_actor
    actors = (
        {
            actor.actor_code: actor._mapping
            for actor in connection.execute(select(who).where(who.c.actor_code.in_(codes)))
        }
        if codes
        else {}
    )
    items = [
        struct_from(AuditEntry, {**row._mapping, **actors[row.actor_code]}, summary="")
        for row in found.items
    ]
    return msgspec.structs.replace(found, items=items)


def _aggregate_id(given: str | None) -> str | None:
    """`given` as the views spell an id (PostgreSQL keeps ids as uuid and refuses to
    compare one with other text), None when it is not an id."""
    if given is None:
        return None
    try:
        return str(UUID(given))
    except ValueError:
        return None
