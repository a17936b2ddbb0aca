"""The database of the views: its engine, with every view table created."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url
from sqlalchemy.pool import StaticPool

from budget.config import Settings
from budget.projections.tables import metadata


def views_engine(settings: Settings) -> Engine:
    """An engine on `settings.views_url`, its tables created if missing."""
    url = make_url(settings.views_url)
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        # one connection kept for the engine's life: an in-memory database dies with it
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine
