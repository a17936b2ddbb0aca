"""The brake on guessing passwords counts the username the account is looked up by, and
each account as a whole, whatever address the guesses come from (issue 20, item 2)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from budget import bootstrap
from budget.domain.ids import account_id, normal_username
from budget.http import create_app
from tests.browser_world import UvicornThread, free_port
from tests.http_world import PASSWORD, Api, build_world, settings_for

SPELLINGS = [" clerk", "clerk\u00a0", "\u3000clerk", "CLERK", "Ｃｌｅｒｋ", "clerk\u2003"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_of_a_username_is_the_one_account(spelling: str) -> None:
    assert normal_username(spelling) == "clerk"
    assert account_id(spelling) == account_id("clerk")


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_logs_in_to_the_one_account(api: Api, spelling: str) -> None:
    response = api.login(spelling)
    assert response.status_code == 200, response.text
    assert response.json()["user"]["username"] == "clerk"


def test_spellings_of_a_username_share_one_count_of_failures(api: Api) -> None:
    free = api.services.logins.free
    for attempt in range(free + 1):
        spelling = SPELLINGS[attempt % len(SPELLINGS)]
        assert api.login(spelling, "a guess").status_code == 401
    locked = api.login("clerk")
    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_login_attempts"
    for spelling in SPELLINGS:
        assert api.login(spelling).status_code == 429


@contextmanager
def served_world(tmp_path: Path) -> Iterator[str]:
    """The world served by uvicorn on loopback, so clients may come from many addresses."""
    settings = settings_for("memory:", tmp_path)
    services = bootstrap.services(settings)
    build_world(services.office)
    port = free_port()
    server = UvicornThread(create_app(services), port)
    server.start()
    deadline = time.monotonic() + 60
    while not server.server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def login_from(url: str, address: str, username: str, password: str) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=30) as client:
        return client.post("/api/auth/login", json={"username": username, "password": password})


def test_guesses_from_many_addresses_lock_the_account(tmp_path: Path) -> None:
    with served_world(tmp_path) as url:
        for n in range(21):  # one guess from each of 21 addresses: no pair is locked
            address = f"127.0.0.{10 + n}"
            response = login_from(url, address, "executive", f"guess {n}")
            assert response.status_code == 401, response.text
        locked = login_from(url, "127.0.0.99", "executive", PASSWORD)
        assert locked.status_code == 429, locked.text
        assert int(locked.headers["retry-after"]) == 30
        assert login_from(url, "127.0.0.99", "clerk", PASSWORD).status_code == 200
