"""A template LAO year: recorded once through the real commands, kept as copyable shapes.

The demo records the year on an in-memory office. The LAO's own events (its accounts,
budget, projects and reports; not its registration, the year's targets or the
province's reviewer, which every copy shares) become :class:`EventShape` objects: the
stored JSON with a ``%s`` slot wherever the LAO shows through (an aggregate id, dashed
or hex; the LAO code; the province code; the LAO's Thai name), so a copy for another
LAO is one ``bytes % values`` per event. Ids are natural keys (uuid5), so each
aggregate's key is kept too and a copy's ids are the ones the office itself would give.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from budget.application import BudgetOffice
from budget.config import Settings
from budget.demo import DemoOptions, record_year, reviewer_actor
from budget.domain.ids import (
    account_id,
    authority_id,
    budget_id,
    project_id,
    report_id,
    reporting_calendar_id,
    targets_id,
)
from budget.registry.records import AuthorityRecord

# The values a copy fills in, by slot number; then two per aggregate id (dashed, hex).
LAO_SLOT, PROVINCE_SLOT, NAME_SLOT, FIRST_ID_SLOT = 0, 1, 2, 3

# (kind, key within the LAO): ("project", "009"), ("budget", "2570"); ("budget", "2569") is
# last year's ordinance, recorded for an LAO whose ordinance passed late, and
# ("project", "001/2569") its project carried into the year (budget/demo/carried.py)
NaturalKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class EventShape:
    """One stored event of the template, its LAO-specific parts left as slots."""

    originator: int  # index into TemplateYear.keys
    version: int
    topic: str
    state: bytes  # the stored state, % doubled, %s at each slot
    slots: tuple[int, ...]
    day: int  # date ordinal: the latest business date up to and including this event


@dataclass(frozen=True, slots=True)
class TemplateYear:
    authority: AuthorityRecord
    fiscal_year: int
    keys: tuple[NaturalKey, ...]  # of each aggregate, in order of first event
    events: tuple[EventShape, ...]  # in recorded order


def natural_id(key: NaturalKey, lao_code: str, fiscal_year: int) -> UUID:
    """The id the office gives the aggregate `key` of LAO `lao_code`."""
    kind, value = key
    if kind == "budget":
        return budget_id(lao_code, int(value) if value else fiscal_year)
    if kind == "project":
        code, _, year = value.partition("/")
        return project_id(lao_code, int(year) if year else fiscal_year, code)
    if kind == "report":
        return report_id(lao_code, value)
    if kind == "account":
        return account_id(f"{value}.{lao_code}")
    msg = f"unknown kind of aggregate {kind!r}"
    raise ValueError(msg)


def json_text(text: str) -> bytes:
    """`text` as it appears inside a stored JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1].encode()


def record_template(
    authority: AuthorityRecord, fiscal_year: int, seed: int, options: DemoOptions
) -> TemplateYear:
    """Record the LAO's demo year in memory and keep its own events as shapes."""
    office = BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))
    try:
        record_year(office, [authority], fiscal_year, seed, options)
        shared = {
            authority_id(authority.code),
            targets_id(fiscal_year),
            reporting_calendar_id(fiscal_year),
            account_id(reviewer_actor(authority.province_code).user_id),
        }
        notifications = office.recorder.select_notifications(start=1, limit=10**9)
        own = [n for n in notifications if n.originator_id not in shared]
        return _shapes(authority, fiscal_year, own, office)
    finally:
        office.close()


def _shapes(
    authority: AuthorityRecord, fiscal_year: int, stored: list[Any], office: BudgetOffice
) -> TemplateYear:
    index: dict[UUID, int] = {}
    keys: list[NaturalKey] = []
    day = 0
    decoded: list[Any] = [office.mapper.to_domain_event(s) for s in stored]
    for event in decoded:
        if event.originator_id not in index:
            key = _natural_key(event, authority.code, fiscal_year)
            if natural_id(key, authority.code, fiscal_year) != event.originator_id:
                msg = f"{type(event).__qualname__} {event.originator_id}: not the id of {key}"
                raise ValueError(msg)
            index[event.originator_id] = len(keys)
            keys.append(key)
    tokenizer = _Tokenizer(authority, index)
    shapes = []
    for record, event in zip(stored, decoded, strict=True):
        day = max(day, event.business_date.toordinal())
        state, slots = tokenizer.split(record.state)
        originator = index[record.originator_id]
        shapes.append(
            EventShape(originator, record.originator_version, record.topic, state, slots, day)
        )
    return TemplateYear(authority, fiscal_year, tuple(keys), tuple(shapes))


def _natural_key(created: Any, lao_code: str, fiscal_year: int) -> NaturalKey:
    kind = type(created).__qualname__
    if kind == "AnnualBudget.Drafted":
        return ("budget", str(created.fiscal_year))
    if kind == "Project.Planned":
        year = int(created.fiscal_year)  # another year's: last year's, carried into this one
        return ("project", str(created.code) + (f"/{year}" if year != fiscal_year else ""))
    if kind == "ProgressReport.Drafted":
        return ("report", str(created.period.key))
    if kind == "UserAccount.Created":
        prefix, _, code = str(created.username).rpartition(".")
        if code == lao_code:
            return ("account", prefix)
    msg = f"{kind} of LAO {lao_code}: no natural key known for copying"
    raise ValueError(msg)


class _Tokenizer:
    """Finds the LAO-specific parts of a stored state and turns them into slots."""

    def __init__(self, authority: AuthorityRecord, index: dict[UUID, int]) -> None:
        code = re.escape(authority.code.encode())
        province = re.escape(authority.province_code.encode())
        self.pattern = re.compile(
            rb"(?P<dashed>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
            rb'|"uuid_hex","_data_":"(?P<hex>[0-9a-f]{32})"'
            rb'|"(?:lao_code|acting_for)":"(?P<lao>' + code + rb')"'
            rb'|"(?:user_id|username)":"[a-z]+\.(?P<user>' + code + rb')"'
            rb'|"(?:province_code|acting_for)":"(?P<province>' + province + rb')"'
            rb'|"(?:user_id|username)":"reviewer\.(?P<reviewer>' + province + rb')"'
            rb"|(?P<name>" + re.escape(json_text(authority.name_th)) + rb")"
        )
        self.index = index

    def split(self, state: bytes) -> tuple[bytes, tuple[int, ...]]:
        parts: list[bytes] = []
        slots: list[int] = []
        end = 0
        for match in self.pattern.finditer(state):
            group = match.lastgroup
            assert group is not None
            start, stop = match.span(group)
            parts += [state[end:start].replace(b"%", b"%%"), b"%s"]
            slots.append(self._slot(group, match[group]))
            end = stop
        parts.append(state[end:].replace(b"%", b"%%"))
        return b"".join(parts), tuple(slots)

    def _slot(self, group: str, text: bytes) -> int:
        if group in {"dashed", "hex"}:
            aggregate = UUID(text.decode())
            if aggregate not in self.index:
                msg = f"the template refers to {aggregate}, which is not one of its aggregates"
                raise ValueError(msg)
            return FIRST_ID_SLOT + 2 * self.index[aggregate] + (group == "hex")
        if group in {"lao", "user"}:
            return LAO_SLOT
        if group in {"province", "reviewer"}:
            return PROVINCE_SLOT
        return NAME_SLOT
