"""Issue 16, schema 0019: a project's stage dates are columns of its project_state row, not
one row per stage in project_stage_date. Views made before keep every date: the views'
engine moves them when it starts (PostgreSQL and SQLite), as the versioned file does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, create_engine, insert, inspect, select

from budget.config import Settings
from budget.projections.ddl import SCHEMA_FOLDER, STAGE_DATES_FILE, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.tables import STAGE_DATES, project_state
from budget.projections.tables.projects import project_state_table
from budget.projections.tables.retired import project_stage_date

PROJECT = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
OTHER = "1c2d3e4f-8f4a-5d7e-9c2b-1a2b3c4d5e6f"  # planned only
# every stage, on a day of its own (a project reaches no more than 11, but the move
# copies whatever the rows hold)
DATES = {stage: date(2026, 10, n) for n, stage in enumerate(STAGE_DATES, start=1)}


def _state(project_id: str) -> dict[str, Any]:
    """A project_state row as the files before schema 0019 made the table."""
    return {
        "project_id": project_id,
        "lao_code": "10101010",
        "province_code": "10",
        "lao_type": "subdistrict_municipality",
        "fiscal_year": 2570,
        "code": project_id[:4],
        "name": "ถนน",
        "line_code": "L1",
        "budget_group": "investment",
        "method": "e_bidding",
        "budget_amount": Decimal("1000.00"),
        "stage": "planned",
        "stage_entered_on": date(2026, 10, 1),
        "contract_amount": None,
        "paid": Decimal("0.00"),
        "installments_total": 0,
        "installments_inspected": 0,
        "installments_paid": 0,
        "cancelled": False,
        "closed": False,
        "last_position": 1,
    }


def _old_rows(url: str) -> None:
    """Two projects and their stage dates written into views made before schema 0019."""
    old = MetaData()
    state = project_state_table(old, stage_dates=False)
    dates = project_stage_date.to_metadata(old)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                old.create_all(connection)
            connection.execute(insert(state), [_state(PROJECT), _state(OTHER)])
            rows = [{"project_id": PROJECT, "stage": s, "entered_on": d} for s, d in DATES.items()]
            rows.append({"project_id": OTHER, "stage": "planned", "entered_on": date(2026, 9, 1)})
            connection.execute(insert(dates), rows)
    finally:
        engine.dispose()


def _dates_kept(url: str) -> dict[str, dict[str, date]]:
    """Each project's stage dates as its row holds them, through the views' engine."""
    given = {"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url}
    engine = views_engine(Settings.from_env(given))
    try:
        with engine.connect() as reading:
            assert not inspect(reading).has_table(project_stage_date.name)
            rows = reading.execute(select(project_state).order_by(project_state.c.code)).all()
    finally:
        engine.dispose()
    return {
        row.project_id: {
            stage: row._mapping[column]
            for stage, column in STAGE_DATES.items()
            if row._mapping[column] is not None
        }
        for row in rows
    }


def _made_before(postgres_url: str, *, upto: str) -> str:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < upto:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    return postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)


def test_postgresql_views_made_before_schema_0019_keep_every_stage_date(
    postgres_url: str,
) -> None:
    _old_rows(_made_before(postgres_url, upto=STAGE_DATES_FILE))
    assert _dates_kept(postgres_url) == {PROJECT: DATES, OTHER: {"planned": date(2026, 9, 1)}}


def test_the_versioned_file_moves_the_dates_as_the_engine_does(postgres_url: str) -> None:
    _old_rows(_made_before(postgres_url, upto=STAGE_DATES_FILE))
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(  # type: ignore[call-overload]
            (SCHEMA_FOLDER / STAGE_DATES_FILE).read_text(encoding="utf-8")
        )
    assert _dates_kept(postgres_url) == {PROJECT: DATES, OTHER: {"planned": date(2026, 9, 1)}}


def test_sqlite_views_made_before_schema_0019_keep_every_stage_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    _old_rows(url)
    assert _dates_kept(url) == {PROJECT: DATES, OTHER: {"planned": date(2026, 9, 1)}}
