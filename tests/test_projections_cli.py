"""`budget projections follow | rebuild | verify` on SQLite and PostgreSQL: a rebuild
equals the live views, and a tampered live row is named."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, delete, text, update

from budget.application import BudgetOffice
from budget.cli import main
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up, rebuild
from budget.projections.registry import all_projections
from budget.projections.tables import (
    audit_log,
    lao_compliance,
    lao_missing,
    project_state,
    province_lao_progress,
    province_progress,
)
from budget.projections.verify import verify
from tests.builders import memory_office
from tests.test_projections_follow import first_half, positions, rows, second_half, state_of


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """A fresh store of each kind, its views where the settings put them by default."""
    url = "" if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))
    return {
        "BUDGET_HOME": str(tmp_path / "home"),
        "BUDGET_DATABASE_URL": url,
        "BUDGET_VIEWS_URL": "",
    }


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["projections", *args], env=env)


def record(env: dict[str, str], *, second: bool = True) -> tuple[UUID, UUID, int]:
    """The follow tests' scenario; P1 ends inspected, P2 cancelled. The last position."""
    office = BudgetOffice(Settings.from_env(env))
    try:
        p1, p2 = first_half(office)
        if second:
            second_half(office, p1, p2)
        return p1, p2, office.recorder.max_notification_id() or 0
    finally:
        office.close()


def views(env: dict[str, str]) -> Engine:
    return views_engine(Settings.from_env(env))


def change(env: dict[str, str], statement: Any) -> None:
    engine = views(env)
    try:
        with engine.begin() as connection:
            connection.execute(statement)
    finally:
        engine.dispose()


def test_rebuild_replays_every_event_and_prints_the_rate(env: dict[str, str]) -> None:
    p1, p2, last = record(env)
    result = run(env, "rebuild", "--batch-size", "5")
    assert result.exit_code == 0, result.output
    assert f"Rebuilt {len(all_projections())} projections: {last} events read in" in result.stdout
    assert "events/s." in result.stdout
    engine = views(env)
    try:
        assert set(positions(engine).values()) == {last}
        assert state_of(engine, p1)["paid"] == Decimal("700000.00")  # 650,000 + 50,000
        assert state_of(engine, p2)["stage"] == "cancelled"
    finally:
        engine.dispose()


def test_follow_once_catches_up_then_stops(env: dict[str, str]) -> None:
    _, _, first = record(env, second=False)
    result = run(env, "follow", "--once")
    assert result.exit_code == 0, result.output
    assert f"Caught up to position {first}: {first} events read" in result.stdout
    again = run(env, "follow", "--once")
    assert f"Caught up to position {first}: 0 events read" in again.stdout


def test_verify_passes_then_names_the_tampered_rows(env: dict[str, str]) -> None:
    p1, _, last = record(env)
    assert run(env, "follow", "--once").exit_code == 0
    passed = run(env, "verify")
    assert passed.exit_code == 0, passed.output
    assert f"to position {last} and compared" in passed.stdout
    assert f"audit_log: equal ({last} rows)" in passed.stdout
    assert "project_state: equal (2 rows)" in passed.stdout
    assert "Every view equals its rebuild" in passed.stdout

    of_p1 = project_state.c.project_id == str(p1)
    change(env, update(project_state).where(of_p1).values(stage="paid", paid=Decimal("1.00")))
    change(env, delete(audit_log).where(audit_log.c.position == 3))
    failed = run(env, "verify")
    assert failed.exit_code == 1, failed.output
    out = failed.stdout
    assert "project_state: 1 row differs (of 2 live rows)" in out
    assert (
        f"  project_id={p1}: stage live 'paid', rebuilt 'inspected'; "
        "paid live 1.00, rebuilt 700000.00"
    ) in out
    assert f"audit_log: 1 row differs (of {last - 1} live rows)" in out
    assert "  position=3: missing from the live view" in out
    assert "tables differ from their rebuild" in failed.stderr
    assert "Every view equals" not in out

    assert run(env, "rebuild").exit_code == 0
    assert run(env, "verify").exit_code == 0
    if env["BUDGET_DATABASE_URL"]:
        assert scratch_schemas(env) == []  # every scratch schema was dropped


def scratch_schemas(env: dict[str, str]) -> list[str]:
    engine = views(env)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'scratch%'")
            )
            return [str(r.nspname) for r in found]
    finally:
        engine.dispose()


def test_verify_first_catches_up_views_that_are_behind(env: dict[str, str]) -> None:
    p1, p2, first = record(env, second=False)
    assert run(env, "follow", "--once").exit_code == 0
    office = BudgetOffice(Settings.from_env(env))
    try:
        second_half(office, p1, p2)
        last = office.recorder.max_notification_id()
    finally:
        office.close()
    assert last is not None
    assert last > first
    result = run(env, "verify")
    assert result.exit_code == 0, result.output
    assert f"to position {last} and compared" in result.stdout


def test_verify_shows_at_most_rows_per_table(env: dict[str, str]) -> None:
    _, _, last = record(env)
    assert run(env, "follow", "--once").exit_code == 0
    change(env, update(audit_log).where(audit_log.c.position <= 3).values(reason="x"))
    result = run(env, "verify", "--rows", "1")
    assert result.exit_code == 1
    assert f"audit_log: 3 rows differ (of {last} live rows)" in result.stdout
    assert "  position=1: reason live 'x', rebuilt ''" in result.stdout
    assert "position=2:" not in result.stdout
    assert "  ... and 2 more" in result.stdout


def test_catch_up_and_rebuild_stop_at_until() -> None:
    office = memory_office()
    first_half(office)
    engine = views_engine(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))
    try:
        assert catch_up(office, engine, all_projections(), batch_size=4, until=10) == 10
        assert set(positions(engine).values()) == {10}
        assert [r["position"] for r in rows(engine, audit_log)] == list(range(1, 11))
        assert catch_up(office, engine, all_projections(), until=10) == 0
        assert rebuild(office, engine, all_projections(), batch_size=3, until=7) == 7
        assert set(positions(engine).values()) == {7}
    finally:
        engine.dispose()


def test_verify_on_every_store(store_url: str, tmp_path: Path) -> None:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    try:
        p1, p2 = first_half(office)
        second_half(office, p1, p2)
        last = office.recorder.max_notification_id()
        equal = verify(office, engine, batch_size=5)
        assert (equal.equal, equal.position, equal.events) == (True, last, last)
        checked = {t.table: t.rows for t in equal.tables}
        assert (checked["audit_log"], checked["project_state"]) == (last, 2)
        assert (checked["lao_compliance"], checked["authority_contact"]) == (1, 0)

        of_p2 = project_state.c.project_id == str(p2)
        with engine.begin() as connection:
            connection.execute(update(project_state).where(of_p2).values(cancelled=False))
        found = verify(office, engine)
        assert not found.equal
        (differs,) = [t for t in found.tables if t.differing]
        assert (differs.table, differs.differing) == ("project_state", 1)
        (row,) = differs.samples
        assert row.key == {"project_id": str(p2)}
        assert row.columns == ["cancelled"]
        assert row.live is not None
        assert row.rebuilt is not None
        assert (row.live["cancelled"], row.rebuilt["cancelled"]) == (False, True)

        with engine.begin() as connection:  # the rollup of who is missing is checked too
            connection.execute(update(project_state).where(of_p2).values(cancelled=True))
            connection.execute(update(lao_compliance).values(reports_submitted=1))
        (differs,) = [t for t in verify(office, engine).tables if t.differing]
        assert (differs.table, differs.samples[0].columns) == (
            "lao_compliance",
            ["reports_submitted"],
        )
        with engine.begin() as connection:  # and the rows the list reads
            connection.execute(update(lao_compliance).values(reports_submitted=0))
            connection.execute(update(lao_missing).values(province_code="99"))
        (differs,) = [t for t in verify(office, engine).tables if t.differing]
        assert (differs.table, differs.samples[0].columns) == ("lao_missing", ["province_code"])
    finally:
        engine.dispose()
        office.close()


# As a shell started from a terminal would: Ctrl-C raises KeyboardInterrupt (a child of a
# non-interactive shell starts with SIGINT ignored, and Python then leaves it ignored).
FOLLOW = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
from budget.cli import main
sys.argv[0] = "budget"
main()
"""
ROOT = Path(__file__).resolve().parents[1]


def reached(env: dict[str, str], position: int, timeout: float = 20) -> bool:
    engine = views(env)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if set(positions(engine).values()) == {position}:
                return True
            time.sleep(0.05)
        return False
    finally:
        engine.dispose()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_follow_prints_progress_until_stopped(tmp_path: Path, stop: signal.Signals) -> None:
    env = {"BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": "", "BUDGET_VIEWS_URL": ""}
    p1, p2, first = record(env, second=False)
    child = subprocess.Popen(
        [sys.executable, "-c", FOLLOW, "projections", "follow", "--poll-interval", "0.1"],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reached(env, first)
        office = BudgetOffice(Settings.from_env(env))
        try:
            second_half(office, p1, p2)  # another process records; polling finds it
            last = office.recorder.max_notification_id() or 0
        finally:
            office.close()
        assert reached(env, last)
        time.sleep(1.5)  # a progress line is printed every second
        child.send_signal(stop)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    assert f"Caught up to position {first}: {first} events read" in out
    assert "Following (Ctrl-C stops)." in out
    assert f" position {last} (+{last - first})" in out
    assert out.endswith(f"Stopped at position {last}.\n")


def test_verify_sample_replays_laos_alone_and_checks_the_rollups(env: dict[str, str]) -> None:
    p1, _, _ = record(env)
    assert run(env, "follow", "--once").exit_code == 0
    passed = run(env, "verify", "--sample", "5", "--seed", "1")
    assert passed.exit_code == 0, passed.output
    assert "Replayed 1 LAOs" in passed.stdout  # the scenario has one
    assert "project_state: equal (2 rows)" in passed.stdout
    assert "stage_count (against its parts): equal" in passed.stdout
    assert "province_lao_progress: equal" in passed.stdout
    assert "province_lao_progress (against its parts): equal" in passed.stdout
    assert "province_funding (against its parts): equal" in passed.stdout
    assert "national_funding (against its parts): equal" in passed.stdout
    assert "lao_missing (against its parts): equal" in passed.stdout
    assert "Every view equals its rebuild" in passed.stdout

    of_p1 = project_state.c.project_id == str(p1)
    change(env, update(project_state).where(of_p1).values(paid=Decimal("1.00")))
    change(env, update(province_progress).values(disbursed=province_progress.c.disbursed + 1))
    through = province_lao_progress
    change(
        env, update(through).where(through.c.quarter == 5).values(obligated=through.c.obligated + 1)
    )
    change(env, update(lao_missing).values(enacted_on=None))
    failed = run(env, "verify", "--sample", "5", "--seed", "1")
    assert failed.exit_code == 1, failed.output
    out = failed.stdout
    assert "project_state: 1 row differs (of 2 live rows)" in out
    assert f"  project_id={p1}: paid live 1.00, rebuilt 700000.00" in out
    assert "province_progress (against its parts): " in out
    assert "stage_count (against its parts): 1 row differs" in out  # paid summed anew
    assert "province_lao_progress (against its parts): " in out
    assert "province_lao_progress: " in out
    assert "province_lao_progress: equal" not in out
    assert "lao_missing (against its parts): 1 row differs" in out
