"""The demo goes only into an empty store or a demo's own, never into a real one
(issue 20, item 1): on SQLite and PostgreSQL, through `budget demo` and `scripts/serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

from click.testing import CliRunner, Result

from budget.application import BudgetOffice
from budget.application.commands import GrantRole, OpenAccount, SetPassword
from budget.cli import main
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.domain.ids import account_id
from budget.registry import generate_authorities

ROOT = Path(__file__).resolve().parents[1]


def environment(store_url: str, tmp_path: Path) -> dict[str, str]:
    return {"BUDGET_HOME": str(tmp_path / "home"), "BUDGET_DATABASE_URL": store_url}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def position(env: dict[str, str]) -> int:
    office = BudgetOffice(Settings.from_env(env))
    try:
        return office.recorder.max_notification_id() or 0
    finally:
        office.close()


def a_real_store(env: dict[str, str]) -> int:
    """A production store: one LAO and an administrator named like a demo account."""
    office = BudgetOffice(Settings.from_env(env))
    try:
        office.import_authorities(generate_authorities(["10"])[:1], actor=SYSTEM_ACTOR)
        for command in [
            OpenAccount(username="dla", display_name="ผู้ดูแลระบบ"),
            GrantRole(username="dla", role=Role.DLA_ADMINISTRATOR),
            SetPassword(username="dla", password="a real password 1"),
        ]:
            office.execute(command, actor=SYSTEM_ACTOR)
        return office.recorder.max_notification_id() or 0
    finally:
        office.close()


def test_the_demo_is_refused_in_a_store_with_other_records(
    file_store_url: str, tmp_path: Path
) -> None:
    env = environment(file_store_url, tmp_path)
    before = a_real_store(env)

    refused = run(env, "demo", "--limit", "2", "--projects", "2")
    assert refused.exit_code == 1
    assert "not the demo's" in refused.output
    quiet = run(env, "demo", "--if-missing", "--limit", "2", "--projects", "2")
    assert quiet.exit_code == 0, quiet.output
    assert "No demo recorded" in quiet.output

    assert position(env) == before


def test_the_demo_goes_into_an_empty_store_and_again_into_its_own(
    file_store_url: str, tmp_path: Path
) -> None:
    env = environment(file_store_url, tmp_path)
    first = run(env, "demo", "--limit", "2", "--projects", "2")
    assert first.exit_code == 0, first.output
    assert "Recorded 2 LAOs" in first.stdout
    recorded = position(env)

    again = run(env, "demo", "--limit", "2", "--projects", "2")
    assert again.exit_code == 0, again.output
    assert "nothing was recorded again" in again.stdout
    missing = run(env, "demo", "--if-missing")
    assert missing.exit_code == 0, missing.output
    assert "already recorded: nothing to do" in missing.stdout
    assert position(env) == recorded


def test_an_interrupted_demo_in_its_own_home_goes_on(tmp_path: Path) -> None:
    env = environment("", tmp_path)
    office = BudgetOffice(Settings.from_env(env))
    try:
        office.import_authorities(generate_authorities(["50"])[:1], actor=SYSTEM_ACTOR)
    finally:
        office.close()
    assert run(env, "demo", "--limit", "1").exit_code == 1  # no mark: a real store

    (tmp_path / "home" / "DEMO").write_text("demo\n")
    resumed = run(env, "demo", "--limit", "1", "--projects", "2")
    assert resumed.exit_code == 0, resumed.output
    assert "Recorded 1 LAOs" in resumed.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve_until_listening(env: dict[str, str], *args: str) -> str:
    """Run scripts/serve until it serves, then stop it; what it printed."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve"), "--port", str(port), *args],
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 120
    try:
        for line in process.stdout:
            lines.append(line)
            if "Serving http://" in line or time.monotonic() > deadline:
                break
    finally:
        process.terminate()
        process.wait(timeout=30)
    return "".join(lines)


def test_scripts_serve_gives_a_real_store_no_demo(file_store_url: str, tmp_path: Path) -> None:
    env = environment(file_store_url, tmp_path)
    before = a_real_store(env)

    printed = serve_until_listening(env)
    assert "no demo" in printed
    assert "Demo accounts" not in printed
    assert "Serving http://" in printed
    asked = serve_until_listening(env, "--demo")
    assert "No demo recorded" in asked
    assert "Serving http://" in asked

    assert position(env) == before
    office = BudgetOffice(Settings.from_env(env))
    try:
        assert not office.exists(account_id("auditor"))
    finally:
        office.close()
    served_by = ROOT / ".venv-serve" / "bin" / "python"  # item 12: no dev tool in it
    assert subprocess.run([served_by, "-c", "import budget"], check=False).returncode == 0
    assert subprocess.run([served_by, "-c", "import pytest"], check=False).returncode != 0


def test_bootstrap_admin_opens_a_real_store_the_demo_then_refuses(tmp_path: Path) -> None:
    env = environment("", tmp_path)
    secret = tmp_path / "password"
    secret.write_text("a long enough password\n")
    opened = run(env, "accounts", "bootstrap-admin", "admin", "--password-file", str(secret))
    assert opened.exit_code == 0, opened.output
    assert run(env, "demo", "--limit", "1").exit_code == 1
