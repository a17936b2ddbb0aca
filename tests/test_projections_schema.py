"""schema/ holds the PostgreSQL DDL of the views, equal to what tables.py describes."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
from sqlalchemy import Table, Uuid, create_engine, insert, inspect, select

from budget.projections.ddl import SCHEMA_FOLDER, versioned_ddl
from budget.projections.tables import (
    AggregateId,
    audit_actor,
    audit_log,
    metadata,
    project_state,
)
from budget.projections.tables.named import name_code


def test_the_versioned_ddl_is_the_one_the_tables_describe() -> None:
    for name, ddl in versioned_ddl().items():
        assert (SCHEMA_FOLDER / name).read_text(encoding="utf-8") == ddl, (
            f"{name}: regenerate with: python -m budget.projections.ddl"
        )


def test_the_ddl_creates_every_view_table_with_its_columns(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():  # in order
            ddl = (SCHEMA_FOLDER / name).read_text(encoding="utf-8")
            connection.execute(ddl)  # type: ignore[call-overload]
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        found = inspect(engine)
        assert set(found.get_table_names()) == set(metadata.tables)
        for table in metadata.sorted_tables:
            columns = {c["name"] for c in found.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}
            key = found.get_pk_constraint(table.name)["constrained_columns"]
            assert key == [c.name for c in table.primary_key.columns], table.name
            ids = [c["type"] for c in found.get_columns(table.name) if c["name"] in _ids(table)]
            assert all(isinstance(kind, Uuid) for kind in ids), table.name
    finally:
        engine.dispose()


def test_two_processes_starting_on_a_fresh_database_both_get_the_views(
    postgres_server_url: str,
) -> None:
    """`budget serve` and `budget projections follow` start together on a new PostgreSQL
    database and each creates the views' tables: neither may fail on the other's CREATE TABLE
    (PostgreSQL's catalogue refuses a second type of the same name mid-creation)."""
    from concurrent.futures import ThreadPoolExecutor

    from budget.config import Settings
    from budget.projections.engine import views_engine
    from budget.testing.postgres import create_database, drop_database

    for attempt in range(8):
        name = f"views_race_{attempt}"
        url = create_database(postgres_server_url, name)
        settings = Settings.from_env({"BUDGET_DATABASE_URL": url})
        try:
            with ThreadPoolExecutor(2) as both:
                engines = list(both.map(views_engine, [settings, settings]))
            for engine in engines:
                assert set(inspect(engine).get_table_names()) == set(metadata.tables)
                engine.dispose()
        finally:
            drop_database(postgres_server_url, name)


def _ids(table: Table) -> set[str]:
    return {c.name for c in table.columns if isinstance(c.type, AggregateId)}


def _fillfactors(connection: psycopg.Connection[Any], names: list[str]) -> dict[str, Any]:
    rows = connection.execute(
        "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [names]
    )
    return dict(rows)


def test_the_views_updated_in_place_leave_room_for_hot_updates(postgres_url: str) -> None:
    """Every table updated in place gets its fillfactor from the versioned files, and from
    the views' engine on views created before the setting."""
    from budget.config import Settings
    from budget.projections.ddl import STORAGE_FILE
    from budget.projections.engine import views_engine
    from budget.projections.storage import FILLFACTOR, UPDATED_IN_PLACE

    names = [t.name for t in UPDATED_IN_PLACE]
    wanted = {key: [f"fillfactor={FILLFACTOR}"] for key in names}
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < STORAGE_FILE:  # the views as created before the setting
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        created = _fillfactors(connection, names)
        assert created  # some of them, none with room yet
        assert created == dict.fromkeys(created)
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    engine.dispose()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _fillfactors(connection, names) == wanted
        connection.execute(  # type: ignore[call-overload]
            (SCHEMA_FOLDER / STORAGE_FILE).read_text(encoding="utf-8")
        )
        assert _fillfactors(connection, names) == wanted


def test_the_files_applied_in_order_give_every_table_updated_in_place_its_room(
    postgres_url: str,
) -> None:
    """A table created after the storage file (the deadlines) is created with its room:
    the files in number order leave none without it."""
    from budget.projections.storage import FILLFACTOR, UPDATED_IN_PLACE

    names = [t.name for t in UPDATED_IN_PLACE]
    assert list(versioned_ddl()) == sorted(versioned_ddl())
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        assert _fillfactors(connection, names) == {
            key: [f"fillfactor={FILLFACTOR}"] for key in names
        }


def _column_types(connection: psycopg.Connection[Any], columns: dict[str, list[str]]) -> set[str]:
    rows = connection.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ANY(%s)",
        [list(columns)],
    )
    return {kind for table, column, kind in rows if column in columns[table]}


def test_views_made_with_text_ids_get_uuid_ids_and_narrow_keys_keeping_their_rows(
    postgres_url: str,
) -> None:
    """Issue 16: the ids of aggregates are uuid columns (16 bytes, not 37), a deadline's
    key its subject, kind and number. Views made by the files before IDS_FILE (text ids, a
    deadline's key spelled as text) are converted when the views' engine starts, their rows
    kept."""
    from budget.config import Settings
    from budget.projections.ddl import IDS_FILE
    from budget.projections.engine import views_engine
    from budget.projections.storage import aggregate_id_columns, named_columns

    columns = aggregate_id_columns()
    assert {"audit_log", "project_state", "budget_expenditure", "deadline"} <= set(columns)
    some_id = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < IDS_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        assert _column_types(connection, columns) == {"character varying"}
        assert _column_types(connection, named_columns()) == {"character varying"}
        connection.execute(
            "INSERT INTO project_state VALUES (%s, '10101010', '10', 'sao', 2570, 'P1', 'ถนน', "
            "'L1', 'investment', 'e_bidding', 1000, 'planned', '2026-10-01', NULL, 0, 0, 0, 0, "
            "false, false, 1)",
            [some_id],
        )
        connection.execute(
            "INSERT INTO project_stage_date (project_id, stage, entered_on) "
            "VALUES (%s, 'planned', '2026-10-01')",
            [some_id],
        )
        connection.execute(
            "INSERT INTO audit_log VALUES (1, '2026-10-01T03:00:00Z', NULL, 'finance.1', "
            "'lao_finance', '10101010', 'Project.Planned', %s, 1, '', 'code=001')",
            [some_id],
        )
        connection.execute(
            "INSERT INTO deadline VALUES (%s, '10101010', '10', 2570, 'appeal_window', %s, "
            "'001', 0, '2026-10-01', '2026-10-01', NULL, '2026-10-02', 'WinnerAnnounced v5', NULL)",
            [f"{some_id}/appeal_window/0", some_id],
        )
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    try:
        with engine.connect() as reading:
            p = project_state
            kept = reading.execute(select(p.c.project_id, p.c.planned_on)).all()
            who = audit_actor  # who recorded an entry kept once (schema 0023)
            with_who = audit_log.join(who, audit_log.c.actor_code == who.c.actor_code)
            audit = reading.execute(select(audit_log, who.c.role).select_from(with_who)).one()
        # text in Python, as on SQLite; the stage date in the project's row (schema 0019)
        assert [tuple(row) for row in kept] == [(some_id, date(2026, 10, 1))]
        assert (audit.role, audit.event_type, audit.aggregate_id) == (
            "lao_finance",
            "Project.Planned",
            some_id,
        )
    finally:
        engine.dispose()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _column_types(connection, columns) == {"uuid"}
        assert _column_types(connection, named_columns()) == {"integer"}
        assert _deadline_keys(connection) == (
            ["subject_id", "kind", "number"],
            ["deadline_pkey", "ix_deadline_lao"],  # the province's, unread, dropped (0021)
        )
        met = connection.execute("SELECT subject_id::text, kind, number, met_version FROM deadline")
        # the kind a code since schema 0018 (tables/named.py); what met it its version
        # since schema 0024 (deadline_rows.py)
        assert met.fetchall() == [(some_id, name_code("appeal_window"), 0, 5)]


def _deadline_keys(connection: psycopg.Connection[Any]) -> tuple[list[str], list[str]]:
    """The deadline table's primary key columns, and its indexes."""
    key = connection.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'deadline'::regclass "
        "AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)"
    ).fetchall()
    indexes = connection.execute(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'deadline' ORDER BY indexname"
    ).fetchall()
    return [name for (name,) in key], sorted(name for (name,) in indexes)


def test_the_audit_log_searched_by_what_is_not_an_id_finds_nothing(postgres_url: str) -> None:
    """PostgreSQL compares a uuid column with a uuid only: a search by text that is no id
    finds nothing instead of failing; an id in capitals finds its rows."""
    from datetime import UTC, datetime

    from budget.config import Settings
    from budget.projections.engine import views_engine
    from budget.projections.queries import search_audit_log
    from budget.projections.queries.models import AuditSearch, PageRequest

    some_id = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(audit_log).values(
                    position=1,
                    recorded_at=datetime(2026, 10, 1, tzinfo=UTC),
                    business_date=None,
                    actor_code=7,
                    event_type="Project.Planned",
                    aggregate_id=some_id,
                    version=1,
                    reason="",
                )
            )
            who = {"user_id": "finance.1", "role": "lao_finance", "acting_for": "10101010"}
            connection.execute(insert(audit_actor).values(actor_code=7, **who))
            found = [
                search_audit_log(connection, AuditSearch(aggregate_id=given), PageRequest())
                for given in ("not-an-id", some_id.upper(), some_id)
            ]
        assert [page.total for page in found] == [0, 1, 1]
        assert found[2].items[0].aggregate_id == some_id
    finally:
        engine.dispose()
