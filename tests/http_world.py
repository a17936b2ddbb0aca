"""pytest plugin for the HTTP tests: a small world behind the app, and a client that
logs in as any of its people.

The world: LAO 75001020 (the clerk's) and 75001030 (clerk2's), two SAOs of district 5001
in province 50, LAO 76001010 in province 51, each with an enacted FY 2570 budget; project
P1 planned on 75001020. Its people: one account per role and scope (the district office
of 5001 among them), password PASSWORD.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from argon2 import PasswordHasher
from litestar.testing import TestClient

from budget import bootstrap
from budget.application import BudgetOffice
from budget.application import passwords as password_module
from budget.application.commands import GrantRole, OpenAccount, RegisterAuthority, SetPassword
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.http import Services, create_app
from budget.testing.postgres import create_database, drop_database
from tests.builders import LAO, OTHER_LAO, enacted_office, planned_project, record

FAR_LAO = "76001010"
WORLD_TODAY = date(2028, 12, 31)
CURRENT: Any = object()  # Api.post: send the record's current version where money moves
MOVES_MONEY = re.compile(
    r"^(/api/projects/[^/]+)/(?:payments|contract|carry-over)"
    r"|^(/api/authorities/[^/]+/budgets/[^/]+)/(?:transfers|expenditures)"
)
FAR_PROVINCE = "51"
DISTRICT = "5001"  # the district of both SAOs of province 50 (tests/builders.py record)
PASSWORD = "correct horse battery"

PEOPLE: dict[str, tuple[Role, str]] = {
    "clerk": (Role.LAO_FINANCE, LAO),
    "executive": (Role.LAO_EXECUTIVE, LAO),
    "clerk2": (Role.LAO_FINANCE, OTHER_LAO),
    "reviewer": (Role.PROVINCIAL_REVIEWER, "50"),
    "reviewer51": (Role.PROVINCIAL_REVIEWER, FAR_PROVINCE),
    "district": (Role.DISTRICT_OFFICE, DISTRICT),
    "dla": (Role.DLA_EXECUTIVE, ""),
    "auditor": (Role.AUDITOR, ""),
    "admin": (Role.DLA_ADMINISTRATOR, ""),
}


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with the lightest parameters: tests log in hundreds of times."""
    light = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(password_module, "_hasher", lambda: light)


def open_people(office: BudgetOffice, people: dict[str, tuple[Role, str]] = PEOPLE) -> None:
    on = date(2026, 8, 1)
    for username, (role, acting_for) in people.items():
        office.execute(
            OpenAccount(username=username, display_name=username.title()), actor=SYSTEM_ACTOR
        )
        office.execute(
            GrantRole(username=username, role=role, acting_for=acting_for, business_date=on),
            actor=SYSTEM_ACTOR,
        )
        office.execute(
            SetPassword(username=username, password=PASSWORD, business_date=on), actor=SYSTEM_ACTOR
        )


def build_world(office: BudgetOffice) -> UUID:
    """The LAOs, their budgets and the people; returns project P1's id."""
    enacted_office(office)
    enacted_office(office, lao=OTHER_LAO)
    office.execute(
        RegisterAuthority(authority=record(FAR_LAO, FAR_PROVINCE), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    open_people(office)
    return planned_project(office)


@dataclass
class Api:
    """A test client of the app, logged in as whoever a call names."""

    client: TestClient[Any]
    services: Services
    project: UUID
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def office(self) -> BudgetOffice:
        return self.services.office

    def position(self) -> int:
        return self.office.recorder.max_notification_id() or 0

    def login(self, username: str, password: str = PASSWORD, **extra: Any) -> Any:
        return self.client.post(
            "/api/auth/login", json={"username": username, "password": password, **extra}
        )

    def headers(self, user: str | None, **more: str) -> dict[str, str]:
        headers = dict(more)
        if user is not None:
            if user not in self._tokens:
                response = self.login(user)
                assert response.status_code == 200, response.text
                self._tokens[user] = response.json()["token"]
                self.client.cookies.clear()  # calls say who they are: no cookie lingers
            headers["Authorization"] = f"Bearer {self._tokens[user]}"
        return headers

    def get(self, path: str, user: str | None, **params: Any) -> Any:
        return self.client.get(path, headers=self.headers(user), params=params)

    def post(
        self,
        path: str,
        user: str | None,
        body: Any = None,
        *,
        key: str | None = None,
        if_match: str | int | None = CURRENT,
    ) -> Any:
        """POST as `user`; a write that moves money sends, as the pages do, the version
        the record has now (`if_match=None`: no If-Match at all)."""
        if if_match is CURRENT:
            if_match = self.current_version(path, user)
        more = {}
        if key is not None:
            more["Idempotency-Key"] = key
        if if_match is not None:
            more["If-Match"] = f'"{if_match}"' if isinstance(if_match, int) else if_match
        return self.client.post(path, headers=self.headers(user, **more), json=body)

    def current_version(self, path: str, user: str | None) -> str | None:
        """The ETag of the record a money write's `path` changes (None for other writes,
        or when `user` may not read it)."""
        found = MOVES_MONEY.match(path)
        if found is None:
            return None
        read = self.client.get(found.group(1) or found.group(2), headers=self.headers(user))
        etag: str | None = read.headers.get("etag") if read.status_code == 200 else None
        return etag

    def views_caught_up(self) -> None:
        self.services.runner.notify()
        assert self.services.runner.wait_for(self.position(), timeout=10)


def settings_for(store_url: str, home: Path) -> Settings:
    return Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(home)})


@contextmanager
def serving(
    settings: Settings, seed: Callable[[BudgetOffice], UUID] | None = None
) -> Iterator[Api]:
    """The app on `settings`' store, seeded first (if `seed`), started and stopped. Its
    today is after the world's year and carry-over (the tests record FY 2570 whole)."""
    settings = replace(settings, today=settings.today or WORLD_TODAY)
    services = bootstrap.services(settings)
    project = seed(services.office) if seed is not None else UUID(int=0)
    with TestClient(create_app(services)) as client:
        api = Api(client, services, project)
        api.views_caught_up()
        yield api


@pytest.fixture
def api(store_url: str, tmp_path: Path) -> Iterator[Api]:
    """The app over the world, on each store."""
    with serving(settings_for(store_url, tmp_path), build_world) as started:
        yield started


@contextmanager
def module_store(request: pytest.FixtureRequest, home: Path) -> Iterator[str]:
    """The URL of a store of the kind `request.param` names, for a module's fixture: in
    memory, a SQLite file under `home`, or a new PostgreSQL database (dropped after)."""
    if request.param != "postgres":
        yield "memory:" if request.param == "memory" else f"sqlite:///{home / 'budget.sqlite3'}"
        return
    server: str = request.getfixturevalue("postgres_server_url")
    name = f"test_shared_{uuid4().hex[:12]}"
    url = create_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)


@pytest.fixture(scope="module", params=["memory", "sqlite", "postgres"])
def shared_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Api]:
    """One app over the world per module and store, for tests that record nothing (each
    checks that it did not)."""
    home = tmp_path_factory.mktemp("shared")
    with module_store(request, home) as url, serving(settings_for(url, home), build_world) as api:
        yield api
