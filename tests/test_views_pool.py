"""The views' connections (issue 17): one given back a moment ago is used without a ping
(a round trip and a cursor on every checkout cost a write 8 % of its service CPU); one
that sat idle is pinged, and a dead one replaced, as SQLAlchemy's pre-ping would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from budget.config import Settings
from budget.projections.engine import ping_when_idle, views_engine


def settings_of(store_url: str, home: Path) -> Settings:
    return Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(home)})


def test_a_connection_given_back_a_moment_ago_is_not_pinged(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = views_engine(settings_of(postgres_url, tmp_path))
    try:
        pings: list[Any] = []
        monkeypatch.setattr(engine.dialect, "do_ping", pings.append)
        for _ in range(3):
            with engine.connect() as connection:
                assert connection.execute(text("SELECT 1")).scalar() == 1
        assert pings == []
    finally:
        engine.dispose()


def test_a_connection_that_died_while_idle_is_replaced(postgres_url: str, tmp_path: Path) -> None:
    url = settings_of(postgres_url, tmp_path).views_url
    engine = create_engine(url)
    ping_when_idle(engine, idle=0.0)
    other = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            first = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with other.connect() as killer:
            killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        with engine.connect() as connection:
            again = connection.execute(text("SELECT pg_backend_pid()")).scalar()
        assert again != first
    finally:
        engine.dispose()
        other.dispose()
