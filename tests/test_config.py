"""Settings choose the store from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from budget.config import Settings


def test_the_default_store_is_a_sqlite_file_under_var(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.store == "sqlite"
    env = settings.eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert Path(env["SQLITE_DBNAME"]) == tmp_path / "var" / "budget.sqlite3"


def test_budget_home_moves_the_embedded_store(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUDGET_HOME": str(tmp_path / "home")})
    assert Path(settings.eventsourcing_env()["SQLITE_DBNAME"]) == (
        tmp_path / "home" / "budget.sqlite3"
    )
    assert (tmp_path / "home").is_dir()


def test_a_postgresql_url_gives_a_pooled_postgres_store() -> None:
    settings = Settings.from_env(
        {
            "BUDGET_DATABASE_URL": "postgresql://dla:secret@db.internal:6543/budget",
            "BUDGET_POOL_SIZE": "8",
        }
    )
    env = settings.eventsourcing_env()
    assert settings.store == "postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
        "db.internal",
        "6543",
        "budget",
    )
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("dla", "secret")
    assert env["POSTGRES_POOL_SIZE"] == "8"


def test_a_unix_socket_folder_is_the_host() -> None:
    env = Settings.from_env(
        {"BUDGET_DATABASE_URL": "postgresql://postgres@/budget?host=/tmp/pg/sock&port=5433"}
    ).eventsourcing_env()
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("/tmp/pg/sock", "5433")


def test_an_unknown_scheme_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="use postgresql://, sqlite:/// or memory:"):
        Settings.from_env({"BUDGET_DATABASE_URL": "mysql://x"})


def test_the_views_live_beside_the_embedded_store(tmp_path: Path) -> None:
    settings = Settings.from_env({"BUDGET_HOME": str(tmp_path)})
    assert settings.views_url == f"sqlite:///{tmp_path / 'views.sqlite3'}"


def test_the_views_of_a_postgresql_store_live_in_its_database() -> None:
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": "postgresql://postgres@/budget?host=/tmp/pg/sock&port=5433"}
    )
    assert settings.views_url == "postgresql+psycopg://postgres@/budget?host=/tmp/pg/sock&port=5433"


def test_the_views_of_a_memory_store_are_in_memory() -> None:
    assert Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}).views_url == "sqlite://"


def test_budget_views_url_puts_the_views_elsewhere() -> None:
    settings = Settings.from_env(
        {
            "BUDGET_DATABASE_URL": "memory:",
            "BUDGET_VIEWS_URL": "postgresql+psycopg://dla@views.internal/views",
        }
    )
    assert settings.views_url == "postgresql+psycopg://dla@views.internal/views"


def test_the_views_are_followed_inside_unless_told_outside() -> None:
    assert Settings.from_env({}).follow == "inside"
    assert Settings.from_env({"BUDGET_FOLLOW": "outside"}).follow == "outside"
    with pytest.raises(ValueError, match="BUDGET_FOLLOW 'elsewhere': use inside or outside"):
        Settings.from_env({"BUDGET_FOLLOW": "elsewhere"})
