"""Sessions and the brake on guessing passwords live in the database (issue 17): a token
given by one process works on another and after a restart, a logout or an account change
seen by one is seen by all, and failures counted by one process brake the others."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import create_engine, event, inspect, select

from budget.config import Settings
from budget.http.sessions import HEADER, SCHEMA_FILE, http_session, session_metadata
from budget.projections.ddl import postgres_ddl
from tests.http_world import PASSWORD, Api, build_world, serving

NEW_PASSWORD = "a new password 2570"


def settings_of(store_url: str, home: Path, follow: str = "inside") -> Settings:
    return Settings.from_env(
        {"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(home), "BUDGET_FOLLOW": follow}
    )


@contextmanager
def two_services(store_url: str, home: Path) -> Iterator[tuple[Api, Api]]:
    """Two apps on one store, as two workers or two machines are: the first keeps the
    views, the second leaves them to it."""
    with ExitStack() as stack:
        first = stack.enter_context(serving(settings_of(store_url, home), build_world))
        second = stack.enter_context(serving(settings_of(store_url, home, "outside")))
        yield first, second


def me(api: Api, token: str) -> int:
    response = api.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    return int(response.status_code)


def test_a_token_from_one_process_works_on_another(file_store_url: str, tmp_path: Path) -> None:
    with two_services(file_store_url, tmp_path) as (first, second):
        login = first.login("clerk")
        assert login.status_code == 200, login.text
        token = login.json()["token"]
        answer = second.client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["username"] == "clerk"
        assert answer.json()["expires_at"] == login.json()["expires_at"]

        logout = second.client.post(
            "/api/auth/logout", headers={"Authorization": f"Bearer {token}"}
        )
        assert logout.status_code == 204
        assert me(first, token) == 401


def test_a_restart_logs_nobody_out(file_store_url: str, tmp_path: Path) -> None:
    with serving(settings_of(file_store_url, tmp_path), build_world) as before:
        token = before.login("reviewer").json()["token"]
        assert me(before, token) == 200
    with serving(settings_of(file_store_url, tmp_path)) as after:
        assert me(after, token) == 200


def test_a_password_reset_on_one_process_ends_the_session_on_another(
    file_store_url: str, tmp_path: Path
) -> None:
    with two_services(file_store_url, tmp_path) as (first, second):
        token = second.login("clerk").json()["token"]
        assert me(first, token) == 200
        reset = first.post("/api/accounts/clerk/password", "admin", {"password": NEW_PASSWORD})
        assert reset.status_code == 200, reset.text
        assert me(second, token) == 401
        assert me(first, token) == 401
        assert second.login("clerk", NEW_PASSWORD).status_code == 200


def test_ones_own_new_password_keeps_the_session_on_every_process(
    file_store_url: str, tmp_path: Path
) -> None:
    with two_services(file_store_url, tmp_path) as (first, second):
        token = first.login("reviewer").json()["token"]
        changed = first.client.post(
            "/api/auth/password",
            headers={"Authorization": f"Bearer {token}"},
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
        assert changed.status_code == 200, changed.text
        assert me(second, token) == 200
        assert me(first, token) == 200


def test_failures_counted_by_one_process_brake_another(file_store_url: str, tmp_path: Path) -> None:
    with two_services(file_store_url, tmp_path) as (first, second):
        free = first.services.logins.free
        for attempt in range(free + 1):
            api = first if attempt % 2 else second
            assert api.login("executive", "a guess").status_code == 401
        for api in (first, second):
            locked = api.login("executive")
            assert locked.status_code == 429, locked.text
            assert locked.headers["retry-after"] == "30"
        assert second.login("clerk").status_code == 200


def test_the_store_keeps_only_digests_of_tokens(file_store_url: str, tmp_path: Path) -> None:
    with serving(settings_of(file_store_url, tmp_path), build_world) as api:
        token = api.login("dla").json()["token"]
        password_hash = api.office.account("dla").password_hash
        with api.services.views.connect() as connection:
            rows = connection.execute(select(http_session)).all()
    assert len(rows) == 1
    assert token not in repr(rows)
    assert len(rows[0].token_digest) == 64
    assert password_hash not in repr(rows)


def test_expired_sessions_are_forgotten(store_url: str, tmp_path: Path) -> None:
    with serving(settings_of(store_url, tmp_path), build_world) as api:
        clock = [1_000_000.0]
        api.services.sessions.clock = lambda: clock[0]
        token = api.login("clerk").json()["token"]
        assert api.services.sessions.count() == 1
        clock[0] += api.services.sessions.lifetime.total_seconds()
        assert me(api, token) == 401
        assert api.services.tidy()["sessions"] == 1
        assert api.services.sessions.count() == 0


def test_the_versioned_sessions_ddl_is_the_one_the_tables_describe() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == postgres_ddl(session_metadata, HEADER), (
        "regenerate with: python -m budget.http.sessions"
    )


def test_the_sessions_ddl_creates_its_tables(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        found = inspect(engine)
        for table in session_metadata.sorted_tables:
            assert {c["name"] for c in found.get_columns(table.name)} == set(table.columns.keys())
            wanted = {str(index.name) for index in table.indexes}
            assert {str(index["name"]) for index in found.get_indexes(table.name)} == wanted
    finally:
        engine.dispose()


def test_a_logout_on_one_process_ends_the_session_on_another_that_knows_it(
    file_store_url: str, tmp_path: Path
) -> None:
    with two_services(file_store_url, tmp_path) as (first, second):
        token = first.login("clerk").json()["token"]
        for _ in range(2):  # the second time by the account each process keeps for the token
            assert me(first, token) == 200
            assert me(second, token) == 200
        logout = first.client.post("/api/auth/logout", headers={"Authorization": f"Bearer {token}"})
        assert logout.status_code == 204
        assert me(second, token) == 401


def test_a_session_and_its_accounts_version_are_one_statement_on_postgresql(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(settings_of(postgres_url, tmp_path), build_world) as api:
        token = api.login("clerk").json()["token"]
        assert me(api, token) == 200

        def not_from_the_store(aggregate_id: object) -> int | None:
            raise AssertionError("the account's version was read apart from the session")

        monkeypatch.setattr(api.services, "version_of", not_from_the_store)
        read: list[str] = []

        def seen(_c: object, _k: object, statement: str, *_rest: object) -> None:
            read.append(statement)

        prepared = api.services.prepared
        assert prepared is not None
        rows: list[object] = []
        session_row = prepared.session_row_on_loop

        async def one_row(digest: str, account: UUID) -> object:
            rows.append(found := await session_row(digest, account))
            return found

        monkeypatch.setattr(prepared, "session_row_on_loop", one_row)
        event.listen(api.services.views, "before_cursor_execute", seen)
        try:
            assert me(api, token) == 200
        finally:
            event.remove(api.services.views, "before_cursor_execute", seen)
        # the session's row with its account's version: one prepared statement
        # (budget.http.prepared_reads), on the event loop, nothing through SQLAlchemy
        assert len(rows) == 1
        assert [s for s in read if "http_session" in s] == [], read
