"""pytest plugin: one throwaway PostgreSQL server per test session, a fresh database per test.

Enabled by ``pytest_plugins = ["tests.postgres_fixtures"]`` in tests/conftest.py.

Fixtures:

* ``postgres_server_url`` (session): URL of the session's server.  Normally a throwaway
  PostgreSQL started for the session (database ``budget``, fsync off).  With
  ``BUDGET_TEST_POSTGRES_URL`` set, that server is used instead (e.g. one started by
  ``python -m budget.testing.postgres --serve``); its user must be allowed to CREATE DATABASE.
* ``postgres_url`` (function): URL of a new, empty database for this test only; dropped
  afterwards (leftover connections are terminated).

PostgreSQL tests are never skipped: when the server programs are missing, these fixtures
FAIL with installation instructions.  Tests using them get the ``postgres`` marker, so
``-m "not postgres"`` deselects them explicitly.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from budget.testing.postgres import (
    PostgresNotInstalled,
    create_database,
    drop_database,
    throwaway_postgres,
)

URL_ENV = "BUDGET_TEST_POSTGRES_URL"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs a PostgreSQL server (started by the test session)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_server_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """URL of the session's PostgreSQL server; tests should use ``postgres_url`` for data."""
    configured = os.environ.get(URL_ENV, "").strip()
    if configured:
        yield configured
        return
    with ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgres())
        except PostgresNotInstalled as exc:
            pytest.fail(f"PostgreSQL is required for these tests.\n{exc}", pytrace=False)
        yield url


def _database_name(test_name: str) -> str:
    """Unique, and readable when looking at a server: test_<random>_<test name>."""
    readable = re.sub(r"[^a-z0-9_]+", "_", test_name.lower()).strip("_")
    return f"test_{uuid.uuid4().hex[:12]}_{readable}"[:63].rstrip("_")


@pytest.fixture
def postgres_url(postgres_server_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a fresh, empty database for this test; dropped when the test ends."""
    name = _database_name(request.node.name)
    url = create_database(postgres_server_url, name)
    try:
        yield url
    finally:
        drop_database(postgres_server_url, name)
