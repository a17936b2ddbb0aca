"""A history as the pages show it: each event one line (who, when, a sentence from
budget.wording_history), with the values it recorded one click away."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import msgspec

from budget.application.results import EventRecord
from budget.domain.errors import DomainError
from budget.domain.fiscal import ReportingPeriod
from budget.wording import event_name, role_name
from budget.wording_history import said, sentence

PLAIN = (str, int, Decimal, date, Enum, ReportingPeriod)
# Shown in the line's own columns, not among its details.
OWN_COLUMNS = frozenset({"reason", "comments"})


@dataclass(frozen=True, slots=True)
class HistoryLine:
    aggregate_id: str
    version: int
    event_type: str
    name: str  # the event's name (บันทึกการเบิกจ่าย)
    what: str  # the sentence (เบิกจ่ายงวดที่ 1 จำนวน 200,000.00 บาท ...)
    recorded_at: datetime
    business_date: date | None
    user_id: str
    who: str  # the account's name, if it has one
    role: str
    acting_for: str
    note: str  # why, as the person said it with the write
    details: list[tuple[str, str]]


def history_of(services: Any, records: Sequence[EventRecord], lang: str) -> list[HistoryLine]:
    """Each event as its line, in the order given, who recorded it named as their
    account is."""
    return history_lines(records, display_names(services, {r.user_id for r in records}), lang)


def display_names(services: Any, users: set[str]) -> dict[str, str]:
    """Each user's name as their account holds it (the system has none)."""
    names = {}
    for user in users:
        try:
            names[user] = services.office.account(user).display_name
        except DomainError:
            continue
    return names


def history_lines(
    records: Iterable[EventRecord], names: Mapping[str, str], lang: str
) -> list[HistoryLine]:
    """Each event as its line, in the order given."""
    return [
        HistoryLine(
            aggregate_id=str(r.aggregate_id),
            version=r.version,
            event_type=r.event_type,
            name=event_name(r.event_type, lang),
            what=sentence(r.event_type, r.details, lang),
            recorded_at=r.recorded_at,
            business_date=r.business_date,
            user_id=r.user_id,
            who=names.get(r.user_id, ""),
            role=role_name(r.role, lang) if r.role else "",
            acting_for=r.acting_for,
            note=r.note,
            details=[
                (key, shown(value, lang))
                for key, value in r.details.items()
                if key not in OWN_COLUMNS and value is not None and value != ""
            ],
        )
        for r in records
    ]


def shown(value: object, lang: str) -> str:
    """A recorded value among the details: plain ones as a sentence says them, the
    others (a contract, budget lines, figures) as their JSON."""
    if value is None or isinstance(value, PLAIN):
        return said(value, lang)
    plain = msgspec.to_builtins(value, str_keys=True, enc_hook=str)
    return msgspec.json.encode(plain).decode()
