"""Issue 16, schema 0018: a stage's date's stage and a deadline's kind are 4-byte codes on
PostgreSQL and who is missing's ids are uuid; views made by the files before keep their
rows and read the same once the views' engine has started."""

from __future__ import annotations

from datetime import date

import psycopg
from sqlalchemy import select

from budget.config import Settings
from budget.projections.ddl import NARROWER_FILE, SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.storage import NARROWED_LATER
from budget.projections.tables import STAGE_DATES, deadline, lao_missing, project_state
from budget.projections.tables.named import deadline_kind_names, stage_names

PROJECT = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
BUDGET = "1c2d3e4f-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
AUTHORITY = "2d3e4f5a-8f4a-5d7e-9c2b-1a2b3c4d5e6f"


def _types(connection: psycopg.Connection[object]) -> dict[tuple[str, str], str]:
    rows = connection.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ANY(%s)",
        [list(NARROWED_LATER)],
    ).fetchall()
    return {
        (str(table), str(column)): str(kind)
        for table, column, kind in rows
        if column in NARROWED_LATER[str(table)]
    }


def test_views_made_before_schema_0018_get_coded_stages_and_uuid_ids_keeping_their_rows(
    postgres_url: str,
) -> None:
    stages = sorted(stage_names().values())
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < NARROWER_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        assert set(_types(connection).values()) == {"character varying"}
        connection.execute(
            "INSERT INTO project_state VALUES (%s, '10101010', '10', 'sao', 2570, 'P1', 'ถนน', "
            "'L1', 'investment', 'e_bidding', 1000, 'planned', '2026-10-01', NULL, 0, 0, 0, 0, "
            "false, false, 1)",
            [PROJECT],
        )
        for n, stage in enumerate(stages, start=1):
            connection.execute(
                "INSERT INTO project_stage_date VALUES (%s, %s, %s)",
                [PROJECT, stage, date(2026, 10, n)],
            )
        connection.execute(
            "INSERT INTO lao_missing (fiscal_year, lao_code, province_code, authority_id, "
            "budget_id, reports_submitted) VALUES (0, '10101010', '10', %s, NULL, 0), "
            "(2570, '10101010', '10', NULL, %s, 3)",
            [AUTHORITY, BUDGET],
        )
        kinds = sorted(deadline_kind_names().values())
        for n, kind in enumerate(kinds):
            connection.execute(
                "INSERT INTO deadline (lao_code, province_code, fiscal_year, kind, subject_id, "
                "subject, number, opened_on, starts_on, met_by) "
                "VALUES ('10101010', '10', 2570, %s, %s, '001', %s, %s, %s, '')",
                [kind, PROJECT, n, date(2026, 11, n + 1), date(2026, 11, n + 1)],
            )
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    try:
        with engine.connect() as reading:
            d = deadline
            due = reading.execute(
                select(d.c.kind, d.c.number).where(d.c.kind == kinds[0]).order_by(d.c.number)
            ).all()
            each = reading.execute(select(d.c.kind, d.c.number).order_by(d.c.number)).all()
            row = reading.execute(select(project_state)).one()  # its dates since schema 0019
            m = lao_missing
            missing = reading.execute(
                select(
                    m.c.fiscal_year, m.c.authority_id, m.c.budget_id, m.c.reports_submitted
                ).order_by(m.c.fiscal_year)
            ).all()
            by_budget = reading.execute(select(m.c.lao_code).where(m.c.budget_id == BUDGET)).all()
    finally:
        engine.dispose()
    assert row.project_id == PROJECT
    assert {stage: row._mapping[STAGE_DATES[stage]] for stage in stages} == {
        stage: date(2026, 10, n) for n, stage in enumerate(stages, start=1)
    }
    assert [tuple(r) for r in missing] == [(0, AUTHORITY, None, 0), (2570, None, BUDGET, 3)]
    assert [tuple(r) for r in by_budget] == [("10101010",)]
    assert [tuple(r) for r in each] == [(kind, n) for n, kind in enumerate(kinds)]
    assert [tuple(r) for r in due] == [(kinds[0], 0)]  # searched by its kind
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _types(connection) == {
            ("lao_missing", "authority_id"): "uuid",
            ("lao_missing", "budget_id"): "uuid",
            ("deadline", "kind"): "integer",
        }
