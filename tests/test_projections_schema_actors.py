"""Issue 16, schema 0023: who recorded an audit entry (the user, the role, whom they acted
for) kept once in audit_actor for every entry by the same actor, by its code, not in each
entry's row (which holds the code). Views made before keep every entry and who recorded
it, through the views' engine (both databases) as through the versioned file; the
searches by user and by LAO find the same entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, create_engine, inspect, select

from budget.config import Settings
from budget.projections.ddl import ACTORS_FILE, SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.queries import AuditSearch, PageRequest, search_audit_log
from budget.projections.tables import audit_actor, audit_actor_code, audit_log
from budget.projections.tables.named import name_code
from budget.projections.tables.projects import audit_log_before_actors
from tests.audit_entries import audit_entries
from tests.test_projections_schema_layout import ROWS

# the two entries of schema 0021's test and a third by the first's actor: two actors
ENTRIES = [*ROWS, {**ROWS[0], "position": 11, "version": 3, "reason": "ซ้ำ"}]
ACTORS = sorted(
    {
        (audit_actor_code(e["user_id"], e["role"], e["acting_for"]), e["role"], e["user_id"])
        for e in ENTRIES
    }
)


def _made_before(postgres_url: str) -> str:
    """The views as the files before schema 0023 made them, with ENTRIES."""
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < ACTORS_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
        for entry in ENTRIES:
            coded = {**entry, "role": name_code(entry["role"])}
            coded["event_type"] = name_code(entry["event_type"])
            names = ", ".join(coded)
            values = ", ".join(f"%({name})s" for name in coded)
            connection.execute(f"INSERT INTO audit_log ({names}) VALUES ({values})", coded)  # type: ignore[call-overload]
    return postgres_url


def _old_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    old = MetaData()
    audit_log_before_actors.to_metadata(old)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            old.create_all(connection)
            connection.execute(audit_log_before_actors.insert(), ENTRIES)
    finally:
        engine.dispose()
    return url


def _kept(url: str) -> tuple[list[dict[str, Any]], list[Any], list[str], list[list[int]]]:
    """Through the views' engine: every entry with who recorded it, the actors (code, role,
    user), the log's columns, and the positions found by user, by LAO and by both."""
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url}))
    try:
        with engine.connect() as reading:
            who = audit_actor
            actors = reading.execute(
                select(who.c.actor_code, who.c.role, who.c.user_id).order_by(who.c.actor_code)
            )
            columns = [c["name"] for c in inspect(reading).get_columns(audit_log.name)]
            searches = [
                AuditSearch(user_id="finance.10101010"),
                AuditSearch(lao_code="10101010"),
                AuditSearch(user_id="", lao_code="10101010"),
            ]
            found = [
                [e.position for e in search_audit_log(reading, s, PageRequest()).items]
                for s in searches
            ]
            return audit_entries(reading), [tuple(a) for a in actors], columns, found
    finally:
        engine.dispose()


EXPECTED = (
    ENTRIES,
    ACTORS,
    [c.name for c in audit_log.columns],
    [[11, 7], [11, 7], []],  # the second entry's actor is no one, acting for none
)


def test_postgresql_views_made_before_schema_0023_keep_who_recorded_every_entry(
    postgres_url: str,
) -> None:
    assert _kept(_made_before(postgres_url)) == EXPECTED
    with psycopg.connect(postgres_url) as connection:  # its key (filled whole) and index
        found = connection.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_log' ORDER BY 1"
        ).fetchall()
        (options,) = connection.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'audit_log_pkey'"
        ).fetchone() or (None,)
    assert found == [("audit_log_pkey",), ("ix_audit_log_aggregate_id",)]
    assert options == ["fillfactor=100"]
    assert _kept(postgres_url) == EXPECTED  # started again: nothing more to do


def test_the_versioned_file_moves_who_as_the_engine_does(postgres_url: str) -> None:
    _made_before(postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute((SCHEMA_FOLDER / ACTORS_FILE).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    assert _kept(postgres_url) == EXPECTED


def test_sqlite_views_made_before_schema_0023_keep_who_recorded_every_entry(
    tmp_path: Path,
) -> None:
    entries, actors, columns, found = _kept(_old_sqlite(tmp_path))
    assert (entries, actors, found) == (EXPECTED[0], EXPECTED[1], EXPECTED[3])
    assert sorted(columns) == sorted(EXPECTED[2])  # SQLite adds a column at the end


def test_an_actors_code_is_the_one_postgresql_works_out(postgres_url: str) -> None:
    """The code the projection gives an actor is the one the conversion of views made
    before works out in SQL (audit_actors._code_sql: the role's code in decimal)."""
    user, role, lao = "การเงิน.10101010", "lao_finance", "10101010"
    with psycopg.connect(postgres_url) as connection:
        found = connection.execute(
            "SELECT ('x' || substr(md5(%s || chr(31) || %s::integer::text || chr(31) || %s),"
            " 1, 16))::bit(64)::bigint",
            (user, name_code(role), lao),
        ).fetchone()
    assert found == (audit_actor_code(user, role, lao),)
