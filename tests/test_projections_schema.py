"""schema/ holds the PostgreSQL DDL of the views, equal to what tables.py describes."""

from __future__ import annotations

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
