"""The PostgreSQL DDL of the views, as kept (versioned) under schema/."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex, CreateTable

from budget.projections.tables import metadata as views_metadata

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "postgres" / "0001_views.sql"
HEADER = (
    "-- The read views and their tracking positions (PostgreSQL).\n"
    "-- Generated from budget/projections/tables.py by budget.projections.ddl; a test keeps\n"
    "-- the two equal. A change to the views is a new numbered file, never an edit here.\n\n"
)


def postgres_ddl(metadata: MetaData = views_metadata, header: str = HEADER) -> str:
    """CREATE TABLE and CREATE INDEX statements for every table, in dependency order."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    statements: list[str] = []
    for table in metadata.sorted_tables:
        statements.append(str(CreateTable(table).compile(dialect=dialect)).strip())
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip())
    tidy = [
        "\n".join(line.rstrip().replace("\t", "    ") for line in s.splitlines())
        for s in statements
    ]
    return header + "".join(f"{statement};\n\n" for statement in tidy).rstrip("\n") + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(postgres_ddl(), encoding="utf-8")
