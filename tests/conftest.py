"""Fixtures shared by the tests: the application on each store."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.engine import views_engine

pytest_plugins = [
    "tests.postgres_fixtures",
    "tests.http_world",
    "tests.browser_world",
    "tests.report_world",
]

# Under scripts/mutation (mutmut sets MUTANT_UNDER_TEST) each mutant runs the in-memory
# tests only: the rule tests that run on every store then run on memory alone.
STORES = ["memory"] if "MUTANT_UNDER_TEST" in os.environ else ["memory", "sqlite", "postgres"]


@pytest.fixture(params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database URL of a fresh, empty store of each kind."""
    if request.param == "memory":
        return "memory:"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'budget.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def file_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store that outlives its process: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'budget.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def settings(store_url: str, tmp_path: Path) -> Settings:
    """The settings of the test's store, its home the test's folder."""
    return Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})


@pytest.fixture
def views(settings: Settings) -> Iterator[Engine]:
    """The views' engine beside the test's store (budget.projections.engine: SQLite in a
    file beside an embedded store, the same PostgreSQL database, memory beside memory)."""
    engine = views_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def open_office(store_url: str) -> Iterator[Callable[[], BudgetOffice]]:
    """Opens BudgetOffice instances (writers) on the test's store; closed at the end."""
    opened: list[BudgetOffice] = []

    def open_one() -> BudgetOffice:
        if store_url == "memory:" and opened:
            return opened[0]  # an in-memory store lives in its one application
        office = BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": store_url}))
        opened.append(office)
        return office

    yield open_one
    for office in opened:
        office.close()


@pytest.fixture
def office(open_office: Callable[[], BudgetOffice]) -> BudgetOffice:
    return open_office()
