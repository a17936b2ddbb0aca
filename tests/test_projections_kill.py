"""A follow loop killed mid-batch (the process dies, no clean-up runs) resumes exactly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up, rebuild
from budget.projections.tables import audit_log, projection_tracking
from tests.test_projections_follow import everyone, first_half, rows, second_half, snapshot

ROOT = Path(__file__).resolve().parents[1]
KILLED = 9
CHILD = """
import os, sys
from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.audit import AuditLog
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.project_state import ProjectState

class DiesInSecondBatch(ProjectState):
    calls = 0

    def apply(self, connection, events):
        DiesInSecondBatch.calls += 1
        if DiesInSecondBatch.calls < 2:
            return super().apply(connection, events)
        super().apply(connection, events[: len(events) // 2])
        os._exit(KILLED_CODE)

settings = Settings.from_env({"BUDGET_DATABASE_URL": sys.argv[1], "BUDGET_HOME": sys.argv[2]})
office = BudgetOffice(settings)
catch_up(office, views_engine(settings), [AuditLog(), DiesInSecondBatch()], batch_size=5)
""".replace("KILLED_CODE", str(KILLED))


def test_killed_mid_batch_resumes_without_double_counting(
    file_store_url: str, tmp_path: Path
) -> None:
    url = file_store_url
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    try:
        p1, p2 = first_half(office)
        second_half(office, p1, p2)
        child = subprocess.run(
            [sys.executable, "-c", CHILD, url, str(tmp_path)],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert child.returncode == KILLED, child.stderr
        assert [r["position"] for r in rows(engine, projection_tracking)] == [5, 5]
        assert [r["position"] for r in rows(engine, audit_log)] == [1, 2, 3, 4, 5]

        catch_up(office, engine, everyone(), batch_size=5)
        resumed = snapshot(engine)
        rebuild(office, engine, everyone())
        assert snapshot(engine) == resumed
    finally:
        engine.dispose()
        office.close()
