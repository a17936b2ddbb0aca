"""A rebuild (from zero) leaves the tables it refilled with their indexes built again
(sorted), vacuumed and analysed on PostgreSQL (settle.py): the first dashboards after it
read tables with statistics and a visibility map, not tables new to the planner, and
indexes as small as a sorted build makes them; and it starts from empty files, not from
the old rows' dead versions (follow.empty_tables)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from budget.application import BudgetOffice
from budget.config import Settings
from budget.demo import DemoOptions, record_year
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up, empty_views, rebuild
from budget.projections.lanes import rebuild_in_lanes
from budget.projections.registry import all_projections
from budget.projections.settle import READ_TOGETHER, settle
from budget.projections.storage import FILLFACTOR, UPDATED_IN_PLACE
from budget.registry import generate_authorities
from tests.builders import enacted_office

SIZES = text(
    "SELECT relname, pg_relation_size(oid) AS size FROM pg_class"
    " WHERE relkind = 'r' AND relname = ANY(:names)"
)
COUNTS = text(
    "SELECT relname, vacuum_count, analyze_count FROM pg_stat_user_tables"
    " WHERE relname = ANY(:names)"
)

INDEX_FILES = text(
    "SELECT i.relname, pg_relation_filenode(i.oid) AS file FROM pg_index x"
    " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid"
    " WHERE c.relname = ANY(:names) AND c.relkind = 'r' AND pg_table_is_visible(c.oid)"
)


@pytest.fixture
def store_url(postgres_url: str) -> str:
    """PostgreSQL alone (the settings and views of tests/conftest.py on it)."""
    return postgres_url


def _in_one_process(settings: Settings, views: Engine, projections: Any) -> None:
    office = BudgetOffice(settings)
    try:
        rebuild(office, views, projections)
    finally:
        office.close()


def _in_lanes(settings: Settings, views: Engine, projections: Any) -> None:
    rebuild_in_lanes(settings, views, projections)


def _sizes(views: Engine, names: list[str]) -> dict[str, int]:
    with views.connect() as connection:
        return {row.relname: row.size for row in connection.execute(SIZES, {"names": names})}


def _counts(views: Engine, names: list[str]) -> dict[str, tuple[int, int]]:
    with views.connect() as connection:
        rows = connection.execute(COUNTS, {"names": names}).all()
    return {row.relname: (row.vacuum_count, row.analyze_count) for row in rows}


@pytest.mark.parametrize("rebuilding", [_in_one_process, _in_lanes], ids=["one", "lanes"])
def test_a_rebuild_vacuums_and_analyses_every_table_it_refilled(
    settings: Settings, views: Engine, rebuilding: Callable[[Settings, Engine, Any], None]
) -> None:
    office = enacted_office(BudgetOffice(settings))
    office.close()
    projections = all_projections()
    names = sorted({t.name for p in projections for t in p.tables})
    before = _counts(views, names)
    rebuilding(settings, views, projections)
    after = _counts(views, names)
    assert sorted(after) == names
    for name in names:  # VACUUM (ANALYZE) counts one of each (autovacuum its own)
        vacuumed, analysed = before.get(name, (0, 0))
        assert after[name] == (vacuumed + 1, analysed + 1), name


def test_emptying_filled_views_leaves_no_page_behind(settings: Settings, views: Engine) -> None:
    office = enacted_office(BudgetOffice(settings))
    try:
        projections = all_projections()
        names = sorted({t.name for p in projections for t in p.tables})
        catch_up(office, views, projections)
        filled = _sizes(views, names)
        assert filled["audit_log"] > 0  # the views hold rows
        assert filled["budget_line_balance"] > 0
        empty_views(office, views, projections)
    finally:
        office.close()
    # a DELETE would leave every page of dead rows
    assert _sizes(views, names) == dict.fromkeys(names, 0)


def _index_files(views: Engine, names: list[str]) -> dict[str, int]:
    """The file of each index of the tables `names` (a new one each time it is built)."""
    with views.connect() as connection:
        rows = connection.execute(INDEX_FILES, {"names": names}).all()
    return {row.relname: row.file for row in rows}


def test_settling_builds_every_index_of_the_tables_a_fold_filled_again(
    settings: Settings, views: Engine
) -> None:
    office = enacted_office(BudgetOffice(settings))
    projections = all_projections()
    try:
        catch_up(office, views, projections, fold=True)
    finally:
        office.close()
    tables = [t for p in projections for t in p.tables]
    names = sorted({t.name for t in tables})
    before = _index_files(views, names)  # as the fold left them
    settle(views, tables)
    after = _index_files(views, names)
    assert sorted(after) == sorted(before)
    assert {name for name, file in after.items() if file == before[name]} == set()


def _in_order(views: Engine, table: str, index: str) -> bool:
    """Whether `table`'s rows lie in its files (ctid) in `index`'s order."""
    with views.connect() as connection:
        key: str = connection.exec_driver_sql(
            "SELECT pg_get_indexdef(c.oid, 0, true) FROM pg_class c WHERE c.relname = %(index)s",
            {"index": index},
        ).scalar_one()
        columns = key[key.index("(") + 1 : key.rindex(")")]
        laid = connection.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY ctid").all()
        ordered = connection.exec_driver_sql(f"SELECT {columns} FROM {table} ORDER BY {columns}")
        return laid == ordered.all()


def _options(views: Engine, table: str) -> list[str]:
    with views.connect() as connection:
        found: list[str] | None = connection.exec_driver_sql(
            "SELECT reloptions FROM pg_class WHERE relname = %(table)s", {"table": table}
        ).scalar_one()
    return list(found or [])


def test_settling_lays_the_tables_read_by_an_area_in_that_area_s_order(
    settings: Settings, views: Engine
) -> None:
    office = BudgetOffice(settings)
    projections = all_projections()
    options = DemoOptions(projects=4, today=date(2027, 3, 31))
    # LAOs of two provinces recorded one after the other, each province's later codes
    # first: a fold writes their rows in that order
    laos = generate_authorities(["51"])[-2:] + generate_authorities(["50"])[-2:]
    try:
        for lao in reversed(laos):
            record_year(office, [lao], 2570, 11, options)
        catch_up(office, views, projections, fold=True)
    finally:
        office.close()
    tables = [t for p in projections for t in p.tables]
    assert not _in_order(views, "project_state", READ_TOGETHER["project_state"])
    assert not _in_order(views, "stage_count", READ_TOGETHER["stage_count"])
    names = list(READ_TOGETHER)
    folded = _sizes(views, names)
    settle(views, tables)
    laid = _sizes(views, names)
    for table, index in READ_TOGETHER.items():
        assert _in_order(views, table, index), table
        assert 0 < laid[table] <= folded[table], table  # pages whole, as the fold wrote them
    roomy = {t.name for t in UPDATED_IN_PLACE}  # their room back for later pages
    for table in READ_TOGETHER:
        expected = [f"fillfactor={FILLFACTOR}"] if table in roomy else []
        assert _options(views, table) == expected, table


def test_a_verify_s_scratch_tables_are_not_settled(views: Engine) -> None:
    names = sorted({t.name for p in all_projections() for t in p.tables})
    before = _counts(views, names)
    files = _index_files(views, names)
    translated = views.execution_options(schema_translate_map={None: "scratch"})
    settle(translated, [t for p in all_projections() for t in p.tables])
    assert _counts(views, names) == before
    assert _index_files(views, names) == files


def test_nothing_is_settled_on_sqlite(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "BUDGET_HOME": str(tmp_path)}
    )
    engine = views_engine(settings)
    try:  # SQLite has no VACUUM (ANALYZE): a syntax error, were it sent
        settle(engine, [t for p in all_projections() for t in p.tables])
    finally:
        engine.dispose()
