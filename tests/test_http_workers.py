"""`budget serve --workers N` (issue 17): N uvicorn worker processes on one port, and one
`budget projections follow` beside them keeping the views; every worker knows every
login (sessions in the database) and a write's answer still waits for its views."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from budget.application import BudgetOffice
from budget.cli.serve import follower_needed
from budget.config import Settings
from tests.browser_world import free_port
from tests.http_world import PASSWORD, build_world
from tests.test_http_operations import metric

READY_SECONDS = 120.0


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


@contextmanager
def served(env: dict[str, str], workers: int, log: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    command = [sys.executable, "-m", "budget", "serve", "--port", str(port)]
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/schema/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url, process.pid
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def world(file_store_url: str, tmp_path: Path) -> tuple[dict[str, str], UUID]:
    env = {"BUDGET_DATABASE_URL": file_store_url, "BUDGET_HOME": str(tmp_path)}
    office = BudgetOffice(Settings.from_env(env))
    try:
        project = build_world(office)
    finally:
        office.close()
    return env, project


def test_two_workers_share_logins_and_wait_for_the_follower(
    world: tuple[dict[str, str], UUID], tmp_path: Path
) -> None:
    env, project = world
    with served(env, 2, tmp_path / "serve.log") as (url, pid):
        children = children_of(pid)
        assert len(children) >= 3, children  # two workers and the follower
        login = httpx.post(
            f"{url}/api/auth/login", json={"username": "clerk", "password": PASSWORD}, timeout=60
        )
        assert login.status_code == 200, login.text
        bearer = {"Authorization": f"Bearer {login.json()['token']}"}
        for _ in range(20):  # a new connection each: the workers take turns accepting
            assert httpx.get(f"{url}/api/auth/me", headers=bearer, timeout=60).status_code == 200
        written = httpx.post(
            f"{url}/api/projects/{project}/steps",
            headers={**bearer, "Idempotency-Key": "workers-1"},
            json={"step": "plan_published"},
            timeout=60,
        )
        assert written.status_code == 200, written.text
        assert written.json()["views_caught_up"] is True
        read = httpx.get(f"{url}/api/projects/{project}", headers=bearer, timeout=60)
        assert read.json()["project"]["stage"] == "plan_published"
        ready = httpx.get(f"{url}/health/ready", timeout=60)
        assert ready.status_code == 200, ready.text
        assert ready.json()["views_lag_events"] == 0
        metrics = httpx.get(f"{url}/metrics", timeout=60).text  # every worker's, added up
        assert metric(metrics, "budget_requests_total", path="/api/auth/me") == 20
    # each request is logged once, as its JSON line; not again by uvicorn's access log
    logged = (tmp_path / "serve.log").read_text()
    assert '"route":"/api/auth/me","status":200' in logged
    assert '"GET /api/auth/me HTTP/1.1" 200' not in logged
    deadline = time.monotonic() + 30
    while left := [c for c in children if Path(f"/proc/{c}").exists() and not _is_zombie(c)]:
        assert time.monotonic() < deadline, [_command_of(c) for c in left]
        time.sleep(0.2)


def _command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "gone"


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_who_follows_the_views(tmp_path: Path) -> None:
    sqlite = Settings.from_env({"BUDGET_HOME": str(tmp_path), "BUDGET_DATABASE_URL": ""})
    postgres = Settings.from_env({"BUDGET_DATABASE_URL": "postgresql://u@db/budget"})
    assert not follower_needed(sqlite, 1)  # the embedded store: the service itself
    assert follower_needed(sqlite, 2)
    assert follower_needed(postgres, 1)  # PostgreSQL: always the follower process


def test_workers_need_a_shared_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from budget.cli import main

    result = CliRunner().invoke(
        main, ["serve", "--workers", "2"], env={"BUDGET_DATABASE_URL": "memory:"}
    )
    assert result.exit_code == 1
    assert "--workers needs a store the workers share" in result.output
