"""The auditor's pages: the audit log searched by who, which LAO, what and when; and any
record's timeline (who, when, why) with its state as it stood at a chosen moment."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

import msgspec
from litestar import Controller, Request, get
from litestar.response import Template

from budget.application.from_text import Checker
from budget.application.history import SECRET
from budget.application.results import EventRecord
from budget.domain.access import Action
from budget.domain.calendar import BANGKOK
from budget.domain.errors import DomainError
from budget.http.audit.document import Section, document, mark_changes, record_title
from budget.http.guards import services_of
from budget.http.pages.filters import PAGE_SIZE
from budget.http.pages.forms import Form
from budget.http.pages.history import HistoryLine, history_of
from budget.http.pages.i18n import lang_of
from budget.http.pages.paths import RecordPath
from budget.http.pages.query import query_number, query_time
from budget.http.pages.render import page
from budget.http.routing import action
from budget.http.sessions import Session
from budget.projections import queries
from budget.projections.queries import AuditEntry, AuditSearch, PageRequest

HISTORY = action(Action.READ_HISTORY)
SEARCH_FIELDS = ("user_id", "lao_code", "event_type", "aggregate_id", "from_day", "until_day")


def _moment(day: Any, at: time | None = None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, at or time(0, 0), tzinfo=BANGKOK)


def shown(value: Any) -> str:
    """An attribute as an auditor reads it: plain values as they are, the rest as JSON."""
    plain = msgspec.to_builtins(value, str_keys=True, enc_hook=str)
    if isinstance(plain, dict | list):
        return msgspec.json.encode(plain).decode()
    return "–" if plain is None else str(plain)


class AuditPages(Controller):
    path = "/audit"
    include_in_schema = False

    @get("/", opt=HISTORY, sync_to_thread=True)
    def start(self, request: Request[Session, Any, Any]) -> Template:
        """The auditor's home: the newest entries of the audit log, and its search."""
        return search_page(request)

    @get("/log", opt=HISTORY, sync_to_thread=True)
    def search(self, request: Request[Session, Any, Any]) -> Template:
        """The audit log, newest first, narrowed by who, LAO, event type, record and days."""
        return search_page(request)

    @get("/records/{aggregate_id:uuid}", opt=HISTORY, sync_to_thread=True)
    def record(self, request: Request[Session, Any, Any], aggregate_id: RecordPath) -> Template:
        """Every event of a record (who, when, why), and its state at a chosen moment."""
        return record_page(request, aggregate_id)


def search_page(request: Request[Session, Any, Any]) -> Template:
    lang = lang_of(dict(request.cookies))
    values = {k: request.query_params.get(k, "").strip()[:100] for k in SEARCH_FIELDS}
    checker = Checker(values, lang)
    since, until = checker.day("from_day"), checker.day("until_day")
    offset = query_number(request.query_params, "offset", least=0, most=10**9, default=0)
    search = AuditSearch(
        user_id=values["user_id"] or None,
        lao_code=values["lao_code"] or None,
        event_type=values["event_type"] or None,
        aggregate_id=values["aggregate_id"] or None,
        recorded_from=_moment(since),
        recorded_until=_moment(until + timedelta(days=1)) if until else None,
    )
    paging = PageRequest(offset=offset or 0, limit=PAGE_SIZE)
    with services_of(request).read() as connection:
        found = queries.search_audit_log(connection, search, paging)
    page_query = urlencode({k: v for k, v in values.items() if v})
    asked = {k: v for k, v in msgspec.structs.asdict(search).items() if v is not None}
    api_query = urlencode(
        {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asked.items()}
    )
    return page(
        request,
        "audit_search.html",
        form=Form(values=values, errors=checker.errors),
        found=found,
        lines=found_lines(request, found.items, lang),
        page_query=page_query,
        api_query=api_query,
    )


def found_lines(
    request: Request[Session, Any, Any], entries: Sequence[AuditEntry], lang: str
) -> list[HistoryLine]:
    """The audit log's rows as a history's lines: each row's event read back from the
    store by its position, for the values its sentence says."""
    services = services_of(request)
    events = services.office.events_at([e.position for e in entries], actor=request.user.actor)
    records = [events.get(e.position) or logged(e) for e in entries]
    return history_of(services, records, lang)


def logged(entry: AuditEntry) -> EventRecord:
    """An audit log's row as a history's event, without the values it does not hold."""
    return EventRecord(
        aggregate_id=uuid.UUID(entry.aggregate_id),
        version=entry.version,
        event_type=entry.event_type,
        recorded_at=entry.recorded_at,
        business_date=entry.business_date,
        user_id=entry.user_id,
        role=entry.role,
        acting_for=entry.acting_for,
        reason=entry.reason,
        details={"reason": entry.reason},
    )


def record_page(request: Request[Session, Any, Any], aggregate_id: RecordPath) -> Template:
    """Every event of a record with who, when and why; and the record as it stood at
    a chosen moment (now, without one)."""
    lang = lang_of(dict(request.cookies))
    services = services_of(request)
    actor = request.user.actor
    events = services.office.history(aggregate_id, actor=actor)
    values = {k: request.query_params.get(k, "").strip()[:20] for k in ("at_day", "at_time")}
    checker = Checker(values, lang)
    moment = _moment(checker.day("at_day"), query_time(values, "at_time"))
    version = query_number(request.query_params, "version", least=1, most=10**9)
    state_error = ""
    record = None
    if moment is not None and events and moment < events[0].recorded_at:
        state_error = (
            "At that moment the record did not exist yet" if lang == "en" else "ณ เวลานั้นยังไม่มีบันทึกนี้"
        )
    else:
        try:
            record = services.office.as_of(
                aggregate_id, actor=actor, moment=moment, version=version
            )
        except DomainError as error:
            state_error = error.english if lang == "en" else error.thai
    state: dict[str, str] = {}
    sections: list[Section] = []
    changed_by: HistoryLine | None = None
    lines = history_of(services, events, lang)
    if record is not None:
        state = {
            name: shown(value)
            for name, value in vars(record).items()
            if not name.startswith("_") and name not in SECRET
        }
        sections = document(record, lang)
        if record.version > 1:
            before = services.office.as_of(aggregate_id, actor=actor, version=record.version - 1)
            sections = mark_changes(sections, document(before, lang))
            changed_by = next((line for line in lines if line.version == record.version), None)
    return page(
        request,
        "audit_record.html",
        events=events,
        lines=lines,
        title=record_title(events, lang),
        record=record,
        state=state,
        sections=sections,
        changed_by=changed_by,
        state_error=state_error,
        moment=moment,
        version=version,
        form=Form(values=values, errors=checker.errors),
    )
