"""scripts/bench-batch-path: each run catches a fresh copy of a kept store up from zero
(batch by batch, or as a whole rebuild), through this checkout's code or another's
(--before), and prints one JSON line of figures per run. No timing is asserted."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from budget.application import BudgetOffice
from budget.bench import batch_path
from budget.config import Settings
from tests.builders import contracted_project, enacted_office, inspect, pay

CHECKOUT = Path(__file__).resolve().parents[1]


def _a_paid_project(postgres_url: str) -> int:
    """An enacted budget with one project contracted, inspected and paid; its events."""
    office = BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": postgres_url}))
    try:
        enacted_office(office)
        project = contracted_project(office, code="P1")
        inspect(office, project, 1, date(2027, 1, 20))
        pay(office, project, 1, "700000.00", on=date(2027, 1, 25))
        return office.recorder.max_notification_id()
    finally:
        office.close()


def test_each_run_catches_a_copy_up_and_leaves_the_year_as_it_was(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _a_paid_project(postgres_url)
    arguments = ["--database", postgres_url, "--modes", "batch,rebuild", "--batch-size", "7"]
    assert batch_path.main([*arguments, "--before", str(CHECKOUT)]) == 0
    runs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["mode"], r["code"]) for r in runs] == [
        (mode, str(CHECKOUT)) for mode in ("batch", "rebuild") for _ in range(2)
    ]
    for run in runs:
        assert run["events"] == events
        assert run["views_mib"] > 0
        tables = run["tables_mib_per_million"]
        assert "project_state" in tables
        assert not [name for name in tables if name.endswith("_events")]  # the store
        assert list(tables.values()) == sorted(tables.values(), reverse=True)
        assert run["follower_us_per_event"] >= 0
        assert run["postgres_us_per_event"] >= 0
    engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:  # the copies had the views; the year has none
            assert connection.scalar(text("SELECT to_regclass('project_state')")) is None
    finally:
        engine.dispose()


def test_small_mode_times_only_the_last_events_in_small_batches(
    postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--modes small: the views made up to --from untimed, then --count events in batches
    of --batch-size, timed (the live follower's path, issue 17), with ms_per_batch."""
    events = _a_paid_project(postgres_url)
    start = events - 5
    arguments = ["--database", postgres_url, "--modes", "small", "--batch-size", "2"]
    assert batch_path.main([*arguments, "--from", str(start), "--count", "5"]) == 0
    (run,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert run["mode"] == "small"
    assert run["events"] == 5  # the views had every event before `start`
    assert run["ms_per_batch"] > 0
