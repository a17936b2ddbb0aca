"""A baseline for the catch-up: the eventsourcing library's own `ProjectionRunner` applying
every projection to the first events of the store, one event per transaction with its
tracking record (the library's way), into scratch tables beside the views.

The library's runner builds the application from its class and an environment, and the
view (a `PostgresTrackingRecorder`, whose tracking table it creates in the store's
database, dropped afterwards) from the environment too, so both are
subclassed here to be handed what they need.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection as LibraryProjection
from eventsourcing.projection import ProjectionRunner
from sqlalchemy import Engine, text

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.follow import Projection
from budget.projections.registry import all_projections
from budget.projections.scratch import scratch_views
from budget.projections.stored import from_domain


class _Office(BudgetOffice):
    name = BudgetOffice.name  # the store's tables are named after the application
    settings_given: ClassVar[Settings]

    def __init__(self, env: Any = None) -> None:
        super().__init__(self.settings_given, env={**(env or {}), "CREATE_TABLE": "n"})


class _Views(PostgresTrackingRecorder):
    """Every projection applied to one event, with its tracking record, in one
    transaction."""

    engine: ClassVar[Engine]
    office: ClassVar[BudgetOffice]
    projections: ClassVar[tuple[Projection, ...]]

    def apply(self, event: Any, tracking: Tracking) -> None:
        positioned = from_domain(self.office, tracking.notification_id, event)
        with self.engine.begin() as connection:
            for projection in self.projections:
                projection.apply(connection, [positioned])
            connection.execute(
                text(
                    f"INSERT INTO {self.tracking_table_name} VALUES (:name, :position) "
                    "ON CONFLICT (application_name) DO UPDATE SET notification_id = :position"
                ),
                {"name": tracking.application_name, "position": tracking.notification_id},
            )


class _Baseline(LibraryProjection[_Views]):
    name = "library_baseline"

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(domain_event, tracking)


def library_rate(settings: Settings, office: BudgetOffice, engine: Engine, events: int) -> float:
    """Events per second of the library's runner over the first `events` events."""
    with scratch_views(engine) as scratch:
        _Office.settings_given = settings
        _Views.engine = scratch.engine
        _Views.office = office
        _Views.projections = all_projections()
        started = time.perf_counter()
        # the view's tracking table goes to the views' database, the library reading its
        # settings prefixed with the projection's name
        url = engine.url
        prefix = f"{_Baseline.name.upper()}_"
        views_env = {
            f"{prefix}POSTGRES_DBNAME": str(url.database),
            f"{prefix}POSTGRES_HOST": str(url.query.get("host") or url.host or "localhost"),
            f"{prefix}POSTGRES_PORT": str(url.port or url.query.get("port") or 5432),
            f"{prefix}POSTGRES_USER": str(url.username or ""),
            f"{prefix}POSTGRES_PASSWORD": str(url.password or ""),
        }
        runner = ProjectionRunner(
            application_class=_Office,
            projection_class=_Baseline,
            view_class=_Views,
            env={**settings.eventsourcing_env(), **views_env},
        )
        table = runner.view.tracking_table_name
        try:
            # leaving the runner's context joins its threads (its stop() alone does not: an
            # event past `events` could still be applied to the scratch tables while they
            # are dropped, which deadlocked with the drop), and closes its application
            with runner:
                runner.wait(events, timeout=600)  # raises what stopped the runner
                seconds = time.perf_counter() - started
        finally:
            with engine.begin() as connection:
                connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
    return events / seconds
