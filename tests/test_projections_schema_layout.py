"""Issue 16, schema 0021: the audit log's columns in the order that leaves no padding in its
rows (PostgreSQL), its key's pages filled whole, and a deadline's index that no statement
reads dropped. Views made before keep every audit row, through the views' engine (both
databases) as through the versioned file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, Table, create_engine, inspect, text

from budget.config import Settings
from budget.projections.ddl import LAYOUT_FILE, SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.tables import audit_log, deadline, metadata
from budget.projections.tables.named import name_code
from budget.projections.tables.projects import audit_log_before_actors
from tests.audit_entries import audit_entries

RECORD = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
ROWS: list[dict[str, Any]] = [
    {
        "position": 7,
        "recorded_at": datetime(2026, 10, 1, 3, 4, 5, 678901, tzinfo=UTC),
        "aggregate_id": RECORD,
        "business_date": date(2026, 10, 1),
        "role": "lao_finance",
        "event_type": "Project.Planned",
        "version": 1,
        "user_id": "finance.10101010",
        "acting_for": "10101010",
        "reason": "",
    },
    {
        "position": 9,
        "recorded_at": datetime(2026, 10, 2, 0, 0, tzinfo=UTC),
        "aggregate_id": RECORD,
        "business_date": None,
        "role": "",
        "event_type": "Project.Cancelled",
        "version": 2,
        "user_id": "",
        "acting_for": "",
        "reason": "ซ้ำ — บันทึกผิด",
    },
]


def _made_before_0021(postgres_url: str) -> None:
    """The views as the files before schema 0021 made them, with two audit entries (the
    columns in the old order, with the summary's dropped column left by schema 0017)."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < LAYOUT_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        for row in ROWS:
            coded = {**row, "role": name_code(row["role"])}
            coded["event_type"] = name_code(row["event_type"])
            connection.execute(
                "INSERT INTO audit_log (position, recorded_at, business_date, user_id, role, "
                "acting_for, event_type, aggregate_id, version, reason) VALUES (%(position)s, "
                "%(recorded_at)s, %(business_date)s, %(user_id)s, %(role)s, %(acting_for)s, "
                "%(event_type)s, %(aggregate_id)s, %(version)s, %(reason)s)",
                coded,
            )
        assert _columns(connection)[:5] == [
            "position", "recorded_at", "business_date", "user_id", "role"
        ]  # fmt: skip
        assert "ix_deadline_province" in _indexes(connection, "deadline")


def _columns(connection: psycopg.Connection[Any]) -> list[str]:
    found = connection.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = 'audit_log'::regclass "
        "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
    )
    return [str(name) for (name,) in found]


def _indexes(connection: psycopg.Connection[Any], table: str) -> list[str]:
    found = connection.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
    return sorted(str(name) for (name,) in found)


def _key_options(connection: psycopg.Connection[Any]) -> Any:
    found = connection.execute("SELECT reloptions FROM pg_class WHERE relname = 'audit_log_pkey'")
    return found.fetchone()


def _laid_out(postgres_url: str, table: Table = audit_log) -> None:
    """The audit log in the order of `table` (tables.audit_log's; before schema 0023, with
    who recorded each entry) with no dropped column, its key filled whole, its index
    there, the deadlines' unread index gone."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _columns(connection) == [c.name for c in table.columns]
        dropped = connection.execute(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'audit_log'::regclass "
            "AND attisdropped"
        ).fetchone()
        assert dropped == (0,)
        assert _key_options(connection) == (["fillfactor=100"],)
        assert _indexes(connection, "audit_log") == ["audit_log_pkey", "ix_audit_log_aggregate_id"]
        assert _indexes(connection, "deadline") == ["deadline_pkey", "ix_deadline_lao"]


def _audit_rows(url: str) -> list[dict[str, Any]]:
    """Every audit entry as the views' engine reads it (who recorded it joined), by
    position."""
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url}))
    try:
        with engine.connect() as reading:
            return audit_entries(reading)
    finally:
        engine.dispose()


def test_postgresql_views_made_before_schema_0021_keep_every_audit_entry(
    postgres_url: str,
) -> None:
    _made_before_0021(postgres_url)
    assert _audit_rows(postgres_url) == ROWS
    _laid_out(postgres_url)
    assert _audit_rows(postgres_url) == ROWS  # started again: nothing more to do


def test_the_versioned_file_lays_the_audit_log_out_as_the_engine_does(postgres_url: str) -> None:
    _made_before_0021(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute((SCHEMA_FOLDER / LAYOUT_FILE).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    _laid_out(postgres_url, audit_log_before_actors)
    assert _audit_rows(postgres_url) == ROWS


def test_new_postgresql_views_are_laid_out(postgres_url: str) -> None:
    assert _audit_rows(postgres_url) == []
    _laid_out(postgres_url)


def test_sqlite_views_made_before_schema_0021_lose_the_unread_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            old = MetaData()  # the audit log with who recorded each entry (before 0023)
            audit_log_before_actors.to_metadata(old)
            old.create_all(connection)
            metadata.create_all(connection, tables=[deadline])
            connection.execute(
                text(
                    "CREATE INDEX ix_deadline_province ON deadline "
                    "(province_code, fiscal_year, kind)"
                )
            )
            connection.execute(audit_log_before_actors.insert(), ROWS)
    finally:
        engine.dispose()
    assert _audit_rows(url) == ROWS
    engine = create_engine(url)
    try:
        assert [i["name"] for i in inspect(engine).get_indexes("deadline")] == ["ix_deadline_lao"]
    finally:
        engine.dispose()
