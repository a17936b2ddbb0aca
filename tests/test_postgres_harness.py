"""The throwaway PostgreSQL harness (budget.testing.postgres and tests/postgres_fixtures.py)."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from budget.testing.pg_run import PostgresStartError, server_program
from budget.testing.postgres import (
    PostgresNotInstalled,
    create_database,
    database_url,
    drop_database,
    find_pg_bin,
    throwaway_postgres,
)


def test_fresh_database_answers_select_1_and_is_empty(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)


def test_server_is_postgresql_15_or_newer(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        row = conn.execute("SELECT current_setting('server_version_num')::int").fetchone()
    assert row is not None
    assert row[0] >= 150000


def test_databases_are_distinct(postgres_server_url: str, postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        conn.execute("CREATE TABLE marker (id int)")
        conn.execute("INSERT INTO marker VALUES (1)")

    name = f"test_other_{uuid.uuid4().hex[:12]}"
    other_url = create_database(postgres_server_url, name)
    try:
        assert other_url != postgres_url
        with psycopg.connect(other_url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == (name,)
            assert conn.execute("SELECT to_regclass('public.marker')").fetchone() == (None,)
    finally:
        drop_database(postgres_server_url, name)

    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT count(*) FROM marker").fetchone() == (1,)


def test_drop_database_disconnects_leftover_sessions(postgres_server_url: str) -> None:
    name = f"test_drop_{uuid.uuid4().hex[:12]}"
    url = create_database(postgres_server_url, name)
    leftover = psycopg.connect(url)  # still open when the database is dropped
    try:
        drop_database(postgres_server_url, name)
    finally:
        leftover.close()
    with psycopg.connect(postgres_server_url) as conn:
        row = conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name]).fetchone()
    assert row == (0,)
    drop_database(postgres_server_url, name)  # dropping again is harmless


def test_the_settings_point_eventsourcing_at_the_database(postgres_url: str) -> None:
    from budget.config import Settings

    env = Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}).eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
    ) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (env["POSTGRES_DBNAME"],)


def test_database_url_replaces_the_database() -> None:
    assert (
        database_url("postgresql://u@/budget?host=/tmp/x/sock&port=5432", "other")
        == "postgresql://u@/other?host=/tmp/x/sock&port=5432"
    )
    assert database_url("postgresql://u:pw@db.example:6543/a", "b") == (
        "postgresql://u:pw@db.example:6543/b"
    )
    assert "dbname=b" in database_url("host=/tmp/x dbname=a", "b")


def test_create_database_rejects_odd_names() -> None:
    with pytest.raises(ValueError, match="plain identifier"):
        create_database("postgresql://nobody@/nothing", 'x"; DROP DATABASE budget; --')


def test_find_pg_bin_honours_budget_pg_bin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BUDGET_PG_BIN", str(tmp_path / "nonexistent"))
    with pytest.raises(PostgresNotInstalled, match="apt-get install") as excinfo:
        find_pg_bin()
    assert "BUDGET_PG_BIN" in str(excinfo.value)


def test_find_pg_bin_uses_budget_pg_bin_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    found = find_pg_bin()
    monkeypatch.setenv("BUDGET_PG_BIN", str(found))
    assert find_pg_bin() == found
    assert (found / "initdb").is_file()


def test_a_server_program_that_fails_says_its_output_and_the_end_of_the_server_log(
    tmp_path: Path,
) -> None:
    log = tmp_path / "server.log"
    log.write_text("first line\nFATAL: the last words\n")
    with pytest.raises(PostgresStartError) as failed:
        server_program(["sh", "-c", "echo boom; exit 3"], account=None, cwd=tmp_path, log=log)
    said = str(failed.value)
    assert said.startswith("sh failed (exit 3):\nboom\n")
    assert said.endswith(f"--- server log ({log}) ---\nfirst line\nFATAL: the last words")


def test_a_throwaway_server_is_stopped_and_its_folder_removed_when_the_body_raises() -> None:
    seen: list[Path] = []

    def body() -> None:
        with throwaway_postgres() as url:
            seen.append(Path(str(conninfo_to_dict(url)["host"])).parent)
            assert (seen[0] / "data" / "postmaster.pid").exists()
            raise RuntimeError("the body fails")

    with pytest.raises(RuntimeError, match="the body fails"):
        body()
    assert seen
    assert not seen[0].exists()
