"""Issue 16, schema 0026: the budget lines' index on their LAO and year, holding each line's
group and lapsed money, in place of the index on the LAO alone, so the LAO dashboard sums
what its year let lapse from the index alone. Views made before get it through the views'
engine (both databases) as through the versioned file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, create_engine, inspect

from budget.config import Settings
from budget.projections.ddl import LINE_INDEX_FILE
from budget.projections.engine import reading, views_engine
from budget.projections.queries.budgets import year_money
from budget.projections.tables.budgets import LINE_INDEX, line_balance_table
from tests.schema_steps import apply_file, apply_files_before, start_views

MADE = (
    "CREATE INDEX ix_budget_line_balance_lao_year ON public.budget_line_balance "
    "USING btree (lao_code, fiscal_year) INCLUDE (budget_group, lapsed, budget_id, line_code)"
)


# budget_line_balance's rows of 40 LAOs of 50 lines each (their money all zero)
LINES = (
    "INSERT INTO budget_line_balance SELECT md5('b' || n / 50)::uuid, 'L' || mod(n, 50), "
    "(10101010 + n / 50)::text, '10', 'sao', 2027, 'x', "
    + ", ".join(["0"] * 13)
    + ", 0, n FROM generate_series(0, 1999) AS n"
)


def _made_before_0026(postgres_url: str) -> None:
    apply_files_before(postgres_url, LINE_INDEX_FILE)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _indexes(connection) == {
            "budget_line_balance_pkey": _key(),
            "ix_budget_line_balance_lao_code": (
                "CREATE INDEX ix_budget_line_balance_lao_code ON public.budget_line_balance "
                "USING btree (lao_code)"
            ),
        }


def _key() -> str:
    return (
        "CREATE UNIQUE INDEX budget_line_balance_pkey ON public.budget_line_balance "
        "USING btree (budget_id, line_code)"
    )


def _indexes(connection: psycopg.Connection[Any]) -> dict[str, str]:
    found = connection.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'budget_line_balance'"
    )
    return {str(name): str(made) for name, made in found}


def _indexed(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _indexes(connection) == {"budget_line_balance_pkey": _key(), LINE_INDEX: MADE}


def test_postgresql_views_made_before_schema_0026_get_the_index(postgres_url: str) -> None:
    _made_before_0026(postgres_url)
    start_views(postgres_url)
    _indexed(postgres_url)
    start_views(postgres_url)  # again: nothing more to do
    _indexed(postgres_url)


def test_the_versioned_file_makes_the_index_as_the_engine_does(postgres_url: str) -> None:
    _made_before_0026(postgres_url)
    apply_file(postgres_url, LINE_INDEX_FILE)
    _indexed(postgres_url)


def test_new_postgresql_views_have_the_index(postgres_url: str) -> None:
    start_views(postgres_url)
    _indexed(postgres_url)


def test_an_laos_year_money_reads_its_lines_from_the_index_alone(postgres_url: str) -> None:
    """The `year_money` part reads the lines by an index-only scan of the new index (the
    table's own pages not read), in every shape the dashboard asks."""
    start_views(postgres_url)
    engine = views_engine(
        Settings.from_env({"BUDGET_DATABASE_URL": postgres_url, "BUDGET_VIEWS_URL": postgres_url})
    )
    try:
        with reading(engine) as connection:  # VACUUM outside a transaction
            connection.exec_driver_sql(LINES)  # 40 LAOs of 50 lines
            connection.exec_driver_sql("VACUUM (ANALYZE) budget_line_balance")
            connection.exec_driver_sql("SET enable_seqscan = off")
            connection.exec_driver_sql("SET enable_bitmapscan = off")
            for shape in ((), ("budget_group",)):
                compiled = year_money(shape).compile(connection)
                values = {"lao_code": "10101010", "fiscal_year": 2027, "budget_group": "x"}
                plan = connection.exec_driver_sql(
                    f"EXPLAIN {compiled.string}", {k: values[k] for k in compiled.params}
                ).all()
                assert f"Index Only Scan using {LINE_INDEX} on budget_line_balance" in str(plan), (
                    "\n".join(r[0] for r in plan)
                )
    finally:
        engine.dispose()


def test_sqlite_views_made_before_schema_0026_get_the_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            old = MetaData()
            line_balance_table(old, by_year=False).create(connection)
    finally:
        engine.dispose()
    start_views(url)
    engine = create_engine(url)
    try:
        found = inspect(engine).get_indexes("budget_line_balance")
        assert [(i["name"], i["column_names"]) for i in found] == [
            (LINE_INDEX, ["lao_code", "fiscal_year"])
        ]
    finally:
        engine.dispose()
