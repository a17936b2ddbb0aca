"""The service around the API: the demo's accounts, `budget serve`, the OpenAPI document
and the versioned DDL of the HTTP tables."""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
import uvicorn
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect

from budget.cli import main
from budget.cli.serve import ONE_WRITE
from budget.config import Settings
from budget.domain.access import Role
from budget.http.idempotency import HEADER, SCHEMA_FILE, http_metadata
from budget.http.log_lines import LogLines
from budget.http.one_write import OneWriteProtocol
from budget.projections.ddl import postgres_ddl
from tests.http_world import serving, settings_for


def test_the_versioned_http_ddl_is_the_one_the_tables_describe() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == postgres_ddl(http_metadata, HEADER), (
        "regenerate with: python -m budget.http.idempotency"
    )


def test_the_http_ddl_creates_its_tables(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(SCHEMA_FILE.read_text(encoding="utf-8"))  # type: ignore[call-overload]
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        found = inspect(engine)
        for table in http_metadata.sorted_tables:
            assert {c["name"] for c in found.get_columns(table.name)} == set(table.columns.keys())
    finally:
        engine.dispose()


def test_the_openapi_document_is_3_1_and_open(tmp_path: Path) -> None:
    with serving(settings_for("memory:", tmp_path)) as api:
        response = api.client.get("/schema/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert {"bearer", "session"} <= set(document["components"]["securitySchemes"])
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert all(op.get("operationId") for op in operations)
    assert len({op["operationId"] for op in operations}) == len(operations)


@pytest.fixture
def demo_home(tmp_path: Path) -> dict[str, str]:
    env = {"BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": ""}
    result = CliRunner().invoke(main, ["demo", "--limit", "2", "--projects", "2"], env=env)
    assert result.exit_code == 0, result.output
    assert "Demo accounts (password: demo)" in result.output
    return env


def test_the_demo_opens_its_accounts_with_password_demo(demo_home: dict[str, str]) -> None:
    with serving(Settings.from_env(demo_home)) as api:
        roles = {}
        for username in ("dla", "auditor", "reviewer", "clerk", "executive", "clerk2"):
            response = api.login(username, "demo")
            assert response.status_code == 200, username
            user = response.json()["user"]
            roles[username] = (user["role"], user["acting_for"])
        clerk_lao = roles["clerk"][1]
        assert roles == {
            "dla": (Role.DLA_EXECUTIVE.value, ""),
            "auditor": (Role.AUDITOR.value, ""),
            "reviewer": (Role.PROVINCIAL_REVIEWER.value, "50"),
            "clerk": (Role.LAO_FINANCE.value, clerk_lao),
            "executive": (Role.LAO_EXECUTIVE.value, clerk_lao),
            "clerk2": (Role.LAO_FINANCE.value, roles["clerk2"][1]),
        }
        assert roles["clerk2"][1] != clerk_lao
        token = api.login("clerk", "demo").json()["token"]
        projects = api.client.get(
            f"/api/authorities/{clerk_lao}/projects",
            params={"fiscal_year": 2570},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert projects.json()["total"] > 0  # the demo's data, through the API


def test_demo_if_missing_records_nothing_again(demo_home: dict[str, str]) -> None:
    again = CliRunner().invoke(main, ["demo", "--limit", "2", "--if-missing"], env=demo_home)
    assert again.exit_code == 0
    assert "already recorded" in again.output


def test_serve_prints_the_demo_accounts_and_runs_uvicorn(
    demo_home: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`budget serve` (one worker) runs uvicorn on its app's factory: the app is made as
    uvicorn loads it, after uvicorn's logging configuration, which would otherwise close the
    app's log handler and leave it on the root logger (a request's line and a failed login's
    warning then gathered and never written: budget.http.log_lines)."""
    ran: dict[str, Any] = {}
    config_http: list[Any] = []

    def like_uvicorn(app: Any, **options: Any) -> None:
        config = uvicorn.Config(app, **options)  # uvicorn's logging configuration

        async def load() -> None:  # as uvicorn's server does, on its running loop
            config.load()

        asyncio.run(load())
        config_http.append(config.http_protocol_class)
        ran.update(options, app=config.loaded_app, frozen=gc.get_freeze_count())

    monkeypatch.setattr(uvicorn, "run", like_uvicorn)
    gc.unfreeze()
    try:
        result = CliRunner().invoke(main, ["serve", "--port", "8123"], env=demo_home)
    finally:
        gc.unfreeze()  # this test process builds many more apps
    assert result.exit_code == 0, result.output
    assert ran["host"] == "127.0.0.1"
    assert ran["port"] == 8123
    assert ran["factory"] is True
    assert (ran["http"], ran["loop"]) == (ONE_WRITE, "uvloop")  # compiled: issue 17
    assert config_http[0] is OneWriteProtocol
    # what was built before serving is out of the garbage collector's passes (issue 17)
    assert ran["frozen"] > 100_000
    for username in ("dla", "auditor", "reviewer", "clerk", "executive", "clerk2"):
        assert f"  {username} " in result.output
    assert "http://127.0.0.1:8123/api" in result.output
    # the app's log handler is the one in force: a line logged now is written
    lines = [h for h in logging.getLogger().handlers if isinstance(h, LogLines)]
    assert lines, logging.getLogger().handlers
    out = io.StringIO()
    lines[0].stream = out
    logging.getLogger("budget.http.requests").info("a request's line")
    deadline = time.monotonic() + 5
    while "a request's line" not in out.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert "a request's line" in out.getvalue()
