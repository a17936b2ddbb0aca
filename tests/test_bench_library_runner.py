"""The library's-runner baseline of bench-projections stops the runner before it drops the
scratch tables it wrote: with more events in the store than it was asked to apply, the
runner's thread went on applying the next ones while the scratch schema was dropped, and
the drop deadlocked with it (one whole test run's error, session 38)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from budget.application import BudgetOffice
from budget.bench import library_runner
from budget.bench.library_runner import library_rate
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR
from budget.projections.engine import views_engine
from budget.registry import generate_authorities


def test_the_runner_has_stopped_and_left_nothing_when_the_rate_is_returned(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply = library_runner._Views.apply

    def slow_past_the_sample(view: Any, event: Any, tracking: Any) -> None:
        if tracking.notification_id == 6:  # the first event past those asked for
            time.sleep(1.0)  # still being applied when the rate is known
        apply(view, event, tracking)

    monkeypatch.setattr(library_runner._Views, "apply", slow_past_the_sample)
    settings = Settings(database_url=postgres_url, home=tmp_path)
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    try:
        office.import_authorities(generate_authorities(["82"]), actor=SYSTEM_ACTOR)
        recorded = office.recorder.max_notification_id() or 0
        assert recorded > 10  # far more than the runner is asked for: it would go on
        rate = library_rate(settings, office, engine, 5)
        running = [t.name for t in threading.enumerate() if "_process_events_loop" in t.name]
    finally:
        engine.dispose()
        office.close()
    assert rate > 0
    assert running == []  # joined, not only told to stop
    with psycopg.connect(postgres_url) as conn:
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'scratch%'"
        ).fetchall()
        tracking = conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE '%library_baseline%'"
        ).fetchall()
    assert schemas == []
    assert tracking == []
