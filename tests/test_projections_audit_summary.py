"""Issue 16: the audit log keeps no summary; an entry's summary is made from the stored
event when read, on every store, and views made before schema 0017 lose the column,
keep their rows and read the same."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    Table,
    Text,
    create_engine,
    insert,
    inspect,
    text,
)

from budget.application import BudgetOffice
from budget.application.history import event_record
from budget.config import Settings
from budget.projections.audit import summaries_at
from budget.projections.ddl import SCHEMA_FOLDER, SUMMARY_FILE, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.queries import AuditSearch, PageRequest, search_audit_log
from budget.projections.tables.projects import audit_log_before_actors
from tests.audit_entries import audit_entries
from tests.builders import enacted_office
from tests.test_projections_events import summary_of

SOME_ID = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
ROWS = 2_000


def test_an_entrys_summary_is_made_from_its_stored_event_on_every_store(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    notifications = list(office.recorder.select_notifications(start=1, limit=100))
    positions = [n.id for n in notifications]
    made = summaries_at(office, [*positions, 10**9])  # a position no event has: left out
    assert made == {
        n.id: summary_of(event_record(office.mapper.to_domain_event(n)).details)
        for n in notifications
    }
    assert any("fiscal_year=2570" in text for text in made.values())
    assert summaries_at(office, []) == {}


def _old_row(position: int) -> dict[str, Any]:
    return {
        "position": position,
        "recorded_at": datetime(2026, 10, 1, 3, tzinfo=UTC),
        "business_date": date(2026, 10, 1) if position % 2 else None,
        "user_id": "finance.1",
        "role": "lao_finance",
        "acting_for": "10101010",
        "event_type": "Project.Planned",
        "aggregate_id": SOME_ID,
        "version": position,
        "reason": f"why {position}",
    }


def test_views_made_before_schema_0017_lose_the_summary_and_read_the_same(
    postgres_url: str,
) -> None:
    """The files before SUMMARY_FILE made the log with a summary column; the views'
    engine drops it when it starts and rewrites the table, so the room is given back."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < SUMMARY_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    old = _with_summary()
    try:
        with engine.begin() as connection:
            rows = [{**_old_row(p), "summary": "amount=1.00 " * 20} for p in range(1, ROWS + 1)]
            connection.execute(insert(old), rows)
            before = _size(connection)
    finally:
        engine.dispose()
    converted = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    try:
        with converted.connect() as connection:
            assert "summary" not in {
                c["name"] for c in inspect(connection).get_columns("audit_log")
            }
            kept = audit_entries(connection)
            page = search_audit_log(connection, AuditSearch(), PageRequest(limit=3))
            after = _size(connection)
        assert kept == [_old_row(p) for p in range(1, ROWS + 1)]
        assert [e.position for e in page.items] == [ROWS, ROWS - 1, ROWS - 2]
        assert after < before / 2  # rewritten without the summaries, not only hidden
    finally:
        converted.dispose()


def test_sqlite_views_made_with_a_summary_lose_it_and_read_the_same(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    old = _with_summary()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            old.create(connection)
            connection.execute(insert(old), [{**_old_row(p), "summary": "x=1"} for p in (1, 2)])
    finally:
        engine.dispose()
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite3'}", "BUDGET_VIEWS_URL": url}
    )
    converted = views_engine(settings)
    try:
        with converted.connect() as connection:
            assert "summary" not in {
                c["name"] for c in inspect(connection).get_columns("audit_log")
            }
            kept = audit_entries(connection)
        assert kept == [_old_row(1), _old_row(2)]
    finally:
        converted.dispose()


def _with_summary() -> Table:
    """The audit log as the views before schema 0017 held it: with its summary."""
    old = audit_log_before_actors.to_metadata(MetaData())
    old.append_column(Column("summary", Text, nullable=False))
    return old


def _size(connection: Connection) -> int:
    return int(connection.execute(text("SELECT pg_relation_size('audit_log')")).scalar_one())
