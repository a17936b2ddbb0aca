"""Where a report reads: the live views between two equal reads of their position (or
holding their write lock when the runner keeps moving)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, update

from budget.projections.registry import all_projections
from budget.projections.tables import metadata, projection_tracking
from budget.projections.upsert import upsert
from budget.reports.sources import ATTEMPTS, Snapshot, read_now


def test_a_read_the_runner_keeps_interrupting_ends_under_the_views_lock(tmp_path: Path) -> None:
    views = create_engine(f"sqlite:///{tmp_path / 'views.sqlite3'}")
    metadata.create_all(views)
    names = [p.name for p in all_projections()]
    with views.begin() as connection:
        upsert(connection, projection_tracking, [{"name": n, "position": 10} for n in names])
    seen: list[int] = []

    def gather(snapshot: Snapshot) -> int:
        seen.append(snapshot.position)
        if len(seen) <= ATTEMPTS:  # a batch commits while the report reads
            with views.begin() as other:
                other.execute(
                    update(projection_tracking).values(position=projection_tracking.c.position + 1)
                )
        return snapshot.position

    result, position = read_now(views, gather)
    assert seen == [10 + n for n in range(ATTEMPTS)] + [10 + ATTEMPTS]
    assert result == position == 10 + ATTEMPTS
    views.dispose()


def test_a_quiet_read_happens_once(tmp_path: Path) -> None:
    views = create_engine(f"sqlite:///{tmp_path / 'views.sqlite3'}")
    metadata.create_all(views)
    calls: list[Snapshot] = []
    result, position = read_now(views, lambda s: calls.append(s) or "figures")
    assert (result, position, len(calls)) == ("figures", 0, 1)
    assert calls[0].as_of is None
    views.dispose()
