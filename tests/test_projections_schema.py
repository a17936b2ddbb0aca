"""schema/ holds the PostgreSQL DDL of the views, equal to what tables.py describes."""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import create_engine, inspect

from budget.projections.ddl import SCHEMA_FOLDER, versioned_ddl
from budget.projections.tables import metadata


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


def test_the_views_updated_in_place_leave_room_for_hot_updates(postgres_url: str) -> None:
    """Every table updated in place gets its fillfactor from the versioned files, and from
    the views' engine on views created before the setting."""
    from budget.config import Settings
    from budget.projections.ddl import STORAGE_FILE
    from budget.projections.engine import views_engine
    from budget.projections.storage import FILLFACTOR, UPDATED_IN_PLACE

    names = [t.name for t in UPDATED_IN_PLACE]
    wanted = {key: [f"fillfactor={FILLFACTOR}"] for key in names}

    def fillfactors(connection: psycopg.Connection[Any]) -> dict[str, Any]:
        rows = connection.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [names]
        )
        return dict(rows)

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name != STORAGE_FILE:  # the views as created before the setting
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        assert fillfactors(connection) == dict.fromkeys(names)
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    engine.dispose()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert fillfactors(connection) == wanted
        connection.execute(  # type: ignore[call-overload]
            (SCHEMA_FOLDER / STORAGE_FILE).read_text(encoding="utf-8")
        )
        assert fillfactors(connection) == wanted
