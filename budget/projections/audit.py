"""The audit log: one row per event, with who, when, what and why.

Every field of every event is shown, so each row is made from the stored JSON itself
(parsed by msgspec, no value revived): the same row `budget.application.history`'s
`event_record` gives for the domain event (a test holds the two equal).

An entry's `summary` (the event's plain values) is not kept in the view: it is made when
the entry is read, from the stored event itself, by the same function that made it when
it was kept (`summaries_at`: one read of the event store for a page of entries). At scale
0.1 the kept summaries were 104 bytes of a row of 262, 152 MiB of the views' 926
(issue 16, schema 0017)."""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec
from msgspec import field
from sqlalchemy import Connection, Table

from budget.application import BudgetOffice
from budget.application.history import COMMON, SECRET
from budget.projections.events import STORED_JSON, Positioned
from budget.projections.stored import stored_at
from budget.projections.tables import audit_actor, audit_actor_code, audit_log
from budget.projections.upsert import append, upsert

SUMMARY_LIMIT = 300
# Not among the details: what every row shows in its own column, or never.
_NOT_DETAILS = COMMON | {"business_date", "reason"} | SECRET
_decode = msgspec.json.Decoder().decode


# A JSON value that is not an object: what a field the transcoder wraps holds when it was
# stored otherwise (msgspec picks a union's member by the JSON token, so it costs nothing).
_Plain = None | bool | int | float | str | list[Any]


class _Wrapped(msgspec.Struct, gc=False):
    """A value as the transcoder wraps it: its type's name and its data (an object of
    another shape is read with its type "" or its data None: no audit row reads it)."""

    type: Any = field(name="_type_", default="")
    data: Any = field(name="_data_", default=None)


class _Member(msgspec.Struct, gc=False):
    data: Any = field(name="_data_", default=None)  # the enum's topic, the member's value


class _Who(msgspec.Struct, gc=False):
    role: _Member | _Plain = None
    user_id: Any = ""
    acting_for: Any = ""
    note: Any = ""


class _WhoFields(msgspec.Struct, gc=False):
    f: _Who | _Plain = None


class _Actor(msgspec.Struct, gc=False):
    type: Any = field(name="_type_", default="")
    data: _WhoFields | _Plain = field(name="_data_", default=None)


class _Shaped(msgspec.Struct, gc=False):
    """The fields of a stored event that its audit row reads, decoded into these few
    Structs (the actor's topic and source skipped) rather than into dicts of every key:
    the audit log's rows were the audit lane's largest share of CPU (issue 16, session 36:
    a quarter of its samples); the others skipped by the decoder, not built (a national
    year's drafted budgets are ~100 KB of lines each). Each field read is a union with
    the values that are not objects, and each object's keys have defaults, so that one
    decoding reads every shape: an actor that is not a value object, a business date not
    wrapped as a date, are read as no actor, no business date."""

    timestamp: _Wrapped
    actor: _Actor | _Plain = None
    business_date: _Wrapped | _Plain = None
    reason: Any = ""


_decode_shaped = msgspec.json.Decoder(_Shaped).decode


class AuditLog:
    name = "audit_log"
    tables: tuple[Table, ...] = (audit_log, audit_actor)
    topics = frozenset({STORED_JSON})  # it reads every event's stored JSON

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        keep(connection, [audit_row(e) for e in events])


def keep(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Entries (audit_row's) kept: each with its actor's code in place of who recorded it,
    each of their actors once in audit_actor (schema 0023; an actor kept before is left as
    it is)."""
    if not rows:
        return
    actors: dict[tuple[str, str, str], int] = {}
    kept = []
    for row in rows:
        entry = dict(row)
        who = (entry.pop("user_id"), entry.pop("role"), entry.pop("acting_for"))
        code = actors.get(who)
        if code is None:
            code = actors[who] = audit_actor_code(*who)
        entry["actor_code"] = code
        kept.append(entry)
    # one statement for the batch's actors (an executemany ran one INSERT each: ~11 a
    # pass of the live follower under 50 clerks, issue 17)
    actor_rows = [
        {"actor_code": c, "user_id": u, "role": r, "acting_for": f}
        for (u, r, f), c in actors.items()
    ]
    upsert(connection, audit_actor, actor_rows, leave=True)
    append(connection, audit_log, kept)


def audit_row(positioned: Positioned) -> dict[str, Any]:
    fields = _fields(_decode_shaped(positioned.state))
    recorded_at, business_date, user_id, role, acting_for, note, reason = fields
    return {
        "position": positioned.position,
        "recorded_at": recorded_at,
        "business_date": business_date,
        "user_id": user_id,
        "role": role,
        "acting_for": acting_for,
        "event_type": positioned.topic.partition(":")[2],
        "aggregate_id": positioned.originator_id,
        "version": positioned.version,
        "reason": why(str(reason), str(note)),
    }


# What an audit row reads of an event: when it was recorded, its business date, who (the
# user, the role, whom they acted for), the note given with it, and its reason.
_Fields = tuple[datetime, date | None, Any, Any, Any, Any, Any]


def _fields(state: _Shaped) -> _Fields:
    actor = state.actor
    data = actor.data if type(actor) is _Actor and actor.type == "value" else None
    who = data.f if type(data) is _WhoFields and type(data.f) is _Who else None
    business_date = state.business_date
    return (
        datetime.fromisoformat(state.timestamp.data),
        (
            date.fromisoformat(business_date.data)
            if type(business_date) is _Wrapped and business_date.type == "date_iso"
            else None
        ),
        "" if who is None else who.user_id,
        "" if who is None or type(who.role) is not _Member else who.role.data[1],
        "" if who is None else who.acting_for,
        "" if who is None else who.note,
        state.reason,
    )


def summaries_at(office: BudgetOffice, positions: Collection[int]) -> dict[int, str]:
    """The summary of the event at each of these positions, by position (one read of the
    event store)."""
    return {p: summary(_decode(state)) for p, state in stored_at(office, positions).items()}


def why(reason: str, note: str) -> str:
    """The event's reason and the note given with it: the audit log's "why" column."""
    if reason and note:
        return f"{reason} — {note}"
    return reason or note


def summary(state: dict[str, Any]) -> str:
    """The event's plain values (text, whole numbers, money, dates, ids, enum members),
    `key=value` in name order; longer values are cut at SUMMARY_LIMIT."""
    parts = []
    for key in _details(tuple(state)):
        value = state[key]
        kind = type(value)
        shown = str(value) if kind is str or kind is int else _shown(value)
        if shown is not None:
            parts.append(f"{key}={shown}")
    text = " ".join(parts)
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


@functools.cache
def _details(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The keys a summary shows, in name order (an event class stores the same keys in
    the same order every time: worked out once per class)."""
    return tuple(sorted(key for key in keys if key not in _NOT_DETAILS))


def _shown(value: Any) -> str | None:
    """A stored value as the summary shows it (as str() shows the revived value), None
    for what it leaves out: booleans, nulls, numbers with a fraction, lists, value
    objects and mappings."""
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is int:
        return str(value)
    if kind is not dict or len(value) != 2 or "_type_" not in value:
        return None
    data = value["_data_"]
    match value["_type_"]:
        case "decimal_str" | "date_iso":
            return str(data)
        case "datetime_iso":
            return str(datetime.fromisoformat(data))
        case "uuid_hex":
            return str(UUID(data))
        case "enum":
            return str(data[1])
    return None
