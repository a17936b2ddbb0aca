"""Forwarded client addresses are believed only from trusted proxies (issue 13, item 4):
by default a client's address is the one it connects from, so a forged X-Forwarded-For
neither gets around the login lockout nor puts a false address in the log. Tried on the
real server (uvicorn), as `budget serve` runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from budget.config import Settings

FORGED = "203.0.113."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`budget serve` on a fresh SQLite store; its log goes to a file."""
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": ""}
    env.pop("FORWARDED_ALLOW_IPS", None)
    command = [sys.executable, "-c", "from budget.cli import main; main()", "serve"]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/schema/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start: {log.read_text()}")
        yield url, log
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_forged_forwarded_address_neither_escapes_the_lockout_nor_is_logged(
    served: tuple[str, Path],
) -> None:
    url, log = served
    statuses = []
    for n in range(8):
        response = httpx.post(
            f"{url}/api/auth/login",
            json={"username": "nobody", "password": "wrong"},
            headers={"X-Forwarded-For": f"{FORGED}{n + 1}"},
            timeout=30,
        )
        statuses.append(response.status_code)
    assert 429 in statuses, statuses  # one client, however it calls itself
    time.sleep(0.5)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "failed login of 'nobody' from 127.0.0.1" in text
    assert FORGED not in text


def test_trusted_proxies_are_named_in_the_settings() -> None:
    default = Settings.from_env({}).proxy_options()
    assert default["proxy_headers"] is False
    named = Settings.from_env({"BUDGET_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16"})
    assert named.proxy_options() == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.5", "10.1.0.0/16"],
    }
