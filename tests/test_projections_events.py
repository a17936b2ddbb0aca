"""The projections' typed events, decoded straight from the stored JSON, hold what the
application's mapper revives, on every field they read, for every event of a demo year;
and each audit row shows what the domain event's record shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.persistence import Notification
from sqlalchemy import create_engine

from budget.application import BudgetOffice
from budget.application.history import event_record
from budget.demo import DemoOptions, record_year
from budget.domain.fiscal import FiscalYear
from budget.projections.audit import SUMMARY_LIMIT, audit_row, keep, summaries_at
from budget.projections.budget_lines import BudgetLines
from budget.projections.deadlines import Deadlines
from budget.projections.events import HEADS, STORED_JSON, TOPICS, decode, heads_read, positioned
from budget.projections.events.annual_budget import Drafted, DraftedHead
from budget.projections.events.wire import Member, Valued, Wrapped
from budget.projections.queries import AuditSearch, PageRequest, search_audit_log
from budget.projections.revenue import Revenue
from budget.projections.tables import audit_actor, audit_log, metadata
from budget.registry import generate_authorities
from tests.builders import memory_office

FY = 2570
_SCALARS = (str, int, Decimal, date, UUID, Enum)


@pytest.fixture(scope="module")
def year() -> tuple[BudgetOffice, list[Notification]]:
    office = memory_office()
    # to the end of Q2, as this test was written against (the demo stops at today by
    # default: early in a year it has no supplementary budget nor any correction yet)
    to_q2 = DemoOptions(projects=8, today=FiscalYear(FY).quarter_range(2)[1])
    record_year(office, generate_authorities(["50"])[:8], FY, 7, to_q2)
    notifications = list(office.recorder.select_notifications(start=1, limit=1_000_000))
    return office, notifications


def same(typed: Any, revived: Any, where: str) -> None:
    """`typed` (a decoded Struct or value) holds what `revived` holds."""
    match typed:
        case Wrapped(value=value):
            assert value == revived, where
            assert type(value) is type(revived) or isinstance(revived, type(value)), where
        case Member():
            assert isinstance(revived, Enum), where
            assert typed.value == revived.value, where
        case Valued():
            same(typed.value, revived, where)
        case msgspec.Struct():
            for name in typed.__struct_fields__:
                same(getattr(typed, name), getattr(revived, name), f"{where}.{name}")
        case list():
            assert len(typed) == len(revived), where
            for n, (mine, theirs) in enumerate(zip(typed, revived, strict=True)):
                same(mine, theirs, f"{where}[{n}]")
        case dict():
            assert typed.keys() == revived.keys(), where
            for key, mine in typed.items():
                same(mine, revived[key], f"{where}[{key}]")
        case _:
            assert typed == revived, where


def test_every_typed_event_holds_what_the_mapper_revives(
    year: tuple[BudgetOffice, list[Notification]],
) -> None:
    office, notifications = year
    seen = set()
    for n in notifications:
        typed = decode(n.topic, n.state)
        if typed is None:
            continue
        seen.add(n.topic)
        same(typed, office.mapper.to_domain_event(n), n.topic)
    # the demo year has every kind of event the projections read but a few that come
    # only from corrections and changes of the registry it does not make
    rare = {t for t in TOPICS if t.rpartition(".")[2] in RARE}
    assert seen | rare == set(TOPICS)


def test_a_pass_that_reads_no_line_decodes_each_drafted_budget_without_its_lines(
    year: tuple[BudgetOffice, list[Notification]],
) -> None:
    office, notifications = year
    heads = heads_read([Deadlines(), Revenue()])  # the audit lane's readers of budgets
    assert heads == frozenset(HEADS)
    assert heads_read([Deadlines(), Revenue(), BudgetLines()]) == frozenset()  # lines read
    drafted = [n for n in notifications if n.topic in HEADS]
    assert drafted
    for n in drafted:
        row = (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
        head = positioned(*row, wanted=TOPICS, heads=heads).event
        assert type(head) is DraftedHead
        same(head, office.mapper.to_domain_event(n), n.topic)  # every field it has
        whole = positioned(*row, wanted=TOPICS).event
        assert isinstance(whole, Drafted)
        assert whole.lines


RARE = {  # (the deadlines' own: tests/test_deadlines.py, test_reporting_calendar.py)
    "TransferReported",
    "HolidayAdded",
    "HolidayWithdrawn",
    "ReportingCalendarSet",
    "Renamed",
    "TypeChanged",
    "Merged",
    "PlacedInDistrict",  # (the views' own: tests/test_http_oversight.py)
    "DraftLineAdded",
    "YearClosed",
    "RevenueCorrected",
    "ExpenditureCorrected",
    "FundsCarriedOver",
    "CarriedOver",
    "CarriedFundsCancelled",
    "Revised",
    "Returned",
    "Resubmitted",
    "CommitmentAmended",  # the demo's amendment extends time (tests/test_rules_contracts.py)
    "RetentionReleased",  # after a 12-month warranty, past the demo's year
}


def test_every_audit_row_shows_the_events_record(
    year: tuple[BudgetOffice, list[Notification]],
) -> None:
    office, notifications = year
    for n in notifications:
        stored = (n.id, n.originator_id, n.originator_version, n.topic, n.state)
        row = audit_row(positioned(*stored, wanted={STORED_JSON}))
        record = event_record(office.mapper.to_domain_event(n))
        assert row == {
            "position": n.id,
            "recorded_at": record.recorded_at,
            "business_date": record.business_date,
            "user_id": record.user_id,
            "role": record.role,
            "acting_for": record.acting_for,
            "event_type": record.event_type,
            "aggregate_id": str(record.aggregate_id),
            "version": record.version,
            "reason": record.reason,
        }, n.topic


@pytest.mark.parametrize(
    ("fields", "who", "business_date"),
    [
        ({"actor": None}, ("", "", ""), date(2026, 10, 1)),
        ({"actor": {"_type_": "other", "_data_": 1}}, ("", "", ""), date(2026, 10, 1)),
        ({"business_date": "2026-10-01"}, ("u1", "clerk", "L1"), None),
        ({"business_date": {"_type_": "text", "_data_": "x"}}, ("u1", "clerk", "L1"), None),
        ({"actor": "u1"}, ("", "", ""), date(2026, 10, 1)),
        (
            {"actor": {"_type_": "other", "_data_": {"f": {"user_id": "u2", "role": 1}}}},
            ("", "", ""),
            date(2026, 10, 1),
        ),
        ({"business_date": 20261001}, ("u1", "clerk", "L1"), None),
    ],
)
def test_an_audit_row_of_an_event_in_other_shapes_reads_them_as_stored(
    fields: dict[str, Any], who: tuple[str, str, str], business_date: date | None
) -> None:
    """Issue 16: audit_row decodes the transcoder's shapes into a few Structs; an actor
    that is no value object, a business date not wrapped as a date, are read as they are
    stored, as before (no actor, no business date), and the rest of the row kept."""
    state = {
        "timestamp": {"_type_": "datetime_iso", "_data_": "2026-10-01T03:00:00+00:00"},
        "actor": {
            "_type_": "value",
            "_data_": {
                "t": "budget.domain.access:Actor",
                "f": {
                    "user_id": "u1",
                    "role": {"_type_": "enum", "_data_": ["budget.domain.access:Role", "clerk"]},
                    "acting_for": "L1",
                    "note": "by phone",
                },
            },
        },
        "business_date": {"_type_": "date_iso", "_data_": "2026-10-01"},
        "reason": "late",
        **fields,
    }
    stored = (7, "e1b2c3d4-0000-4000-8000-000000000001", 2, "budget.domain:X.Done")
    row = audit_row(positioned(*stored, msgspec.json.encode(state), wanted={STORED_JSON}))
    assert (row["user_id"], row["role"], row["acting_for"]) == who
    assert row["business_date"] == business_date
    assert row["reason"] == ("late — by phone" if who[0] else "late")
    assert (row["position"], row["event_type"], row["version"]) == (7, "X.Done", 2)


def test_every_audit_entry_shows_the_summary_it_kept_before_made_from_the_event(
    year: tuple[BudgetOffice, list[Notification]],
) -> None:
    """Issue 16: the log no longer keeps each entry's summary; the API's page makes it
    from the stored event, and shows for every event of every class of the demo year the
    text the log kept before (the revived event's plain values, `key=value` in name
    order), page by page as the API reads them."""
    office, notifications = year
    engine = create_engine("sqlite://")
    metadata.create_all(engine, tables=[audit_log, audit_actor])
    stored = [
        (n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in notifications
    ]
    rows = [audit_row(positioned(*s, wanted={STORED_JSON})) for s in stored]
    with engine.begin() as connection:
        keep(connection, rows)
        shown: dict[int, str] = {}
        for offset in range(0, len(rows), 50):
            page = search_audit_log(
                connection,
                AuditSearch(),
                PageRequest(offset=offset, limit=50),
                lambda positions: summaries_at(office, positions),
            )
            shown.update((entry.position, entry.summary) for entry in page.items)
    expected = {
        n.id: summary_of(event_record(office.mapper.to_domain_event(n)).details)
        for n in notifications
    }
    assert shown == expected
    assert {n.topic for n in notifications} >= {
        t for t in TOPICS if t.rpartition(".")[2] not in RARE
    }


def summary_of(details: dict[str, Any]) -> str:
    """The audit log's summary as it was made from the revived event: its plain values,
    `key=value` in name order."""
    parts = []
    for key in sorted(details):
        value = details[key]
        if key == "reason" or not isinstance(value, _SCALARS) or isinstance(value, bool):
            continue
        shown = value.value if isinstance(value, Enum) else value
        parts.append(f"{key}={shown}")
    text = " ".join(parts)
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"
