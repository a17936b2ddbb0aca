"""Issue 17, schema 0027: stage_count's partial index of its keys at zero, so the live
follower deletes the keys no project is at any more without reading the table. Views made
before get it through the views' engine (both databases) as through the versioned file,
and the DELETE reads the index on a generic plan, as the live follower's prepared
statements run; national_stage_count's keys at zero go too, without an index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, inspect, select

from budget.config import Settings
from budget.projections.ddl import EMPTIED_FILE
from budget.projections.emptied_counts import EMPTIED_INDEX, emptied
from budget.projections.engine import reading, views_engine
from budget.projections.tables import metadata, national_stage_count, stage_count
from tests.schema_steps import apply_file, apply_files_before, start_views

MADE = {
    stage_count.name: (
        f"CREATE INDEX {EMPTIED_INDEX} ON public.stage_count USING btree (projects) "
        "WHERE (projects = 0)"
    )
}
COUNTS_TABLES = (stage_count, national_stage_count)

# 6,000 keys of stage_count, every third at zero, the rest counting projects
COUNTS = (
    "INSERT INTO stage_count SELECT lpad(mod(n, 77)::text, 2, '0'), 'sao', 2027, "
    "'g' || mod(n / 77, 9), 'm' || n / 693, 's', mod(n, 3), 0, 0, 0 "
    "FROM generate_series(0, 5999) AS n"
)


def _made_before_0027(postgres_url: str) -> None:
    apply_files_before(postgres_url, EMPTIED_FILE)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _partial(connection) == {}


def _partial(connection: psycopg.Connection[Any]) -> dict[str, str]:
    found = connection.execute(
        "SELECT tablename, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexdef LIKE '%%WHERE%%'",
        [[t.name for t in COUNTS_TABLES]],
    )
    return {str(table): str(made) for table, made in found}


def _indexed(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        assert _partial(connection) == MADE


def test_postgresql_views_made_before_schema_0027_get_the_index(postgres_url: str) -> None:
    _made_before_0027(postgres_url)
    start_views(postgres_url)
    _indexed(postgres_url)
    start_views(postgres_url)  # again: nothing more to do
    _indexed(postgres_url)


def test_the_versioned_file_makes_the_index_as_the_engine_does(postgres_url: str) -> None:
    _made_before_0027(postgres_url)
    apply_file(postgres_url, EMPTIED_FILE)
    _indexed(postgres_url)


@pytest.mark.parametrize("table", COUNTS_TABLES, ids=lambda t: t.name)
def test_the_keys_at_zero_are_deleted_through_the_index_on_a_generic_plan(
    postgres_url: str, table: Any
) -> None:
    """The live follower runs its statements on generic plans (follow.catch_up): the
    DELETE of stage_count's keys at zero must still read the partial index, not the
    table (national_stage_count's, a few hundred keys, scans); each deletes those keys
    and no other."""
    engine = views_engine(
        Settings.from_env({"BUDGET_DATABASE_URL": postgres_url, "BUDGET_VIEWS_URL": postgres_url})
    )
    try:
        with reading(engine) as connection:  # VACUUM outside a transaction
            connection.exec_driver_sql(COUNTS)
            connection.exec_driver_sql(
                f"INSERT INTO national_stage_count SELECT lao_type, fiscal_year, budget_group, "
                f"method, stage || province_code, projects, 0, 0, 0 FROM {stage_count.name}"
            )
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {table.name}")
            compiled = emptied(table).compile(connection)
            connection.exec_driver_sql("SET plan_cache_mode = force_generic_plan")
            connection.exec_driver_sql(f"PREPARE emptied AS {compiled.string}")
            plan = "\n".join(r[0] for r in connection.exec_driver_sql("EXPLAIN EXECUTE emptied"))
            if table is stage_count:
                assert EMPTIED_INDEX in plan, plan
                assert "Seq Scan" not in plan, plan
            else:
                assert "Seq Scan on national_stage_count" in plan, plan
            connection.exec_driver_sql("EXECUTE emptied")
            left: list[int] = list(connection.execute(select(table.c.projects)).scalars())
            assert len(left) == 4000
            assert 0 not in left
    finally:
        engine.dispose()


def test_sqlite_views_made_before_schema_0027_get_the_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            metadata.create_all(connection, tables=[stage_count, national_stage_count])
        assert not any(inspect(engine).get_indexes(t.name) for t in COUNTS_TABLES)
    finally:
        engine.dispose()
    start_views(url)
    start_views(url)  # again: nothing more to do
    engine = create_engine(url)
    try:
        found = {t.name: inspect(engine).get_indexes(t.name) for t in COUNTS_TABLES}
        assert {t: [(i["name"], i["column_names"]) for i in f] for t, f in found.items()} == {
            stage_count.name: [(EMPTIED_INDEX, ["projects"])],
            national_stage_count.name: [],
        }
    finally:
        engine.dispose()
