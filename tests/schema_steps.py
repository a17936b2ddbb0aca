"""What the schema tests do to a views' database: apply the versioned files before one of
them, apply one, open the views' engine (which converts views made before)."""

from __future__ import annotations

import psycopg

from budget.config import Settings
from budget.projections.ddl import SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine


def apply_files_before(postgres_url: str, file: str) -> None:
    """Every versioned file numbered before `file`, in order: views as they were made then."""
    for name in versioned_ddl():
        if name < file:
            apply_file(postgres_url, name)


def apply_file(postgres_url: str, file: str) -> None:
    """One versioned file, as applied by hand."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute((SCHEMA_FOLDER / file).read_text(encoding="utf-8"))  # type: ignore[call-overload]


def start_views(url: str) -> None:
    """The views' engine opened and closed: its tables made, views made before converted."""
    views_engine(Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url})).dispose()
