"""Logins cannot be used to buy argon2 work (issue 20, item 3): a client's failures are
limited before any hashing (429 with Retry-After), at most one check per core runs at
once, and an unknown username costs what a known one does."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from budget.application import passwords as password_module
from budget.application.commands import OpenAccount
from budget.domain.access import SYSTEM_ACTOR
from tests.http_world import Api
from tests.test_http_login_brake import login_from, served_world


class CountingHasher:
    """The tests' light argon2, counting (and optionally slowing) its checks."""

    def __init__(self, pause: float = 0.0) -> None:
        self.inner = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        self.pause = pause
        self.checks = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def hash(self, password: str) -> str:
        return self.inner.hash(password)

    def verify(self, password_hash: str, password: str) -> Any:
        with self._lock:
            self.checks += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            time.sleep(self.pause)
            return self.inner.verify(password_hash, password)
        finally:
            with self._lock:
                self.running -= 1


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr(password_module, "_hasher", lambda: counting)
    monkeypatch.setattr(password_module, "_DUMMY", [])
    return counting


def test_a_client_guessing_usernames_is_refused_before_any_hashing(
    api: Api, hasher: CountingHasher
) -> None:
    burst = int(api.services.logins._clients.burst)
    for n in range(burst):
        assert api.login(f"nobody{n}", "a guess").status_code == 401
    checks = hasher.checks
    refused = api.login("somebody else", "a guess")
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_login_attempts"
    assert int(refused.headers["retry-after"]) >= 1
    assert api.login("clerk").status_code == 429  # from this client, even a right password
    assert hasher.checks == checks  # nothing was hashed


def test_an_unknown_username_costs_one_check_as_a_known_one_does(
    api: Api, hasher: CountingHasher
) -> None:
    opening = OpenAccount(username="nopassword", display_name="No password")
    api.office.execute(opening, actor=SYSTEM_ACTOR)
    for username in ["clerk", "nobody at all", "nopassword"]:
        before = hasher.checks
        assert api.login(username, "a wrong guess").status_code == 401
        assert hasher.checks - before == 1, username


def test_at_most_one_check_per_core_runs_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = CountingHasher(pause=0.2)
    monkeypatch.setattr(password_module, "_hasher", lambda: slow)
    monkeypatch.setattr(password_module, "_DUMMY", [])
    cores = os.cpu_count() or 1
    with served_world(tmp_path) as url:

        def guess(n: int) -> int:
            response: httpx.Response = login_from(url, f"127.0.1.{n + 1}", f"nobody{n}", "guess")
            return response.status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(guess, range(16)))
    assert set(answers) == {401}
    assert slow.checks >= 16
    assert slow.most_at_once <= cores
