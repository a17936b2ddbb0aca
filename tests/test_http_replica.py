"""Dashboards from a PostgreSQL streaming replica (issue 17): a real primary and a real
hot standby (`pg_basebackup -R`); a write, then its read from the replica shows it; while
the replica lags, the read goes to the primary rather than miss the write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from prometheus_client import REGISTRY

from budget.config import Settings
from budget.testing.postgres import throwaway_postgres
from budget.testing.replica import streaming_replica
from tests.builders import LAO
from tests.http_world import Api, build_world, serving


def reads(source: str) -> float:
    return REGISTRY.get_sample_value("budget_views_reads_total", {"source": source}) or 0.0


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, str]]:
    """The world on a primary, the service reading its views from a streaming replica."""
    home = tmp_path_factory.mktemp("replica")
    with throwaway_postgres() as primary, streaming_replica(primary) as replica:
        settings = Settings.from_env(
            {
                "BUDGET_DATABASE_URL": primary,
                "BUDGET_HOME": str(home),
                "BUDGET_VIEWS_REPLICA_URL": replica,
            }
        )
        with serving(settings, build_world) as api:
            yield api, replica


def test_the_replica_is_a_real_standby(replicated: tuple[Api, str]) -> None:
    _, replica = replicated
    with psycopg.connect(replica) as connection:
        row = connection.execute("SELECT pg_is_in_recovery()").fetchone()
    assert row == (True,)


def test_a_write_then_its_read_from_the_replica_shows_it(replicated: tuple[Api, str]) -> None:
    api, _ = replicated
    before = reads("replica")
    written = api.post(f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"})
    assert written.status_code == 200, written.text
    assert written.json()["views_caught_up"] is True
    read = api.get(f"/api/projects/{api.project}", "clerk")
    assert read.status_code == 200, read.text
    assert read.json()["project"]["stage"] == "plan_published"
    assert reads("replica") > before  # answered by the replica
    dashboard = api.get(f"/api/dashboards/authorities/{LAO}", "clerk", fiscal_year=2570)
    assert dashboard.status_code == 200, dashboard.text


def test_a_read_while_the_replica_lags_goes_to_the_primary(replicated: tuple[Api, str]) -> None:
    api, replica = replicated
    with psycopg.connect(replica, autocommit=True) as standby:
        standby.execute("SELECT pg_wal_replay_pause()")
        try:
            before = reads("primary")
            step = {
                "step": "tor_set",
                "reference_price": "1450000.00",
                "public_hearing_ended_on": "2026-10-14",
            }
            written = api.post(f"/api/projects/{api.project}/steps", "clerk", step)
            assert written.status_code == 200, written.text
            read = api.get(f"/api/projects/{api.project}", "clerk")
            assert read.json()["project"]["stage"] == "tor_set"
            assert reads("primary") > before  # the replica had not replayed it
        finally:
            standby.execute("SELECT pg_wal_replay_resume()")


def test_a_pdf_reads_the_replica(replicated: tuple[Api, str], tmp_path: Path) -> None:
    api, _ = replicated
    before = reads("replica")
    response = api.get(f"/api/pdf/authorities/{LAO}", "clerk", fiscal_year=2570)
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"%PDF")
    assert reads("replica") > before


def test_the_replica_url_must_be_postgresql(tmp_path: Path) -> None:
    env = {"BUDGET_HOME": str(tmp_path), "BUDGET_VIEWS_REPLICA_URL": "sqlite:///x.sqlite3"}
    with pytest.raises(ValueError, match="BUDGET_VIEWS_REPLICA_URL"):
        Settings.from_env(env)
    env["BUDGET_VIEWS_REPLICA_URL"] = "postgresql://u@replica/budget"
    assert Settings.from_env(env).views_replica_url == "postgresql+psycopg://u@replica/budget"
