"""Running the PostgreSQL server programs: as an unprivileged user when this process is
root (PostgreSQL refuses to run as root: the ``postgres`` user of the Debian/Ubuntu
packages, else a system user ``budgetpg`` created on first use), through ``runuser -u USER
--``, their output and the server's log in the error when one fails
(budget.testing.postgres, budget.testing.replica and budget.testing.backup start theirs
with them)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import warnings
from collections.abc import Sequence
from pathlib import Path

from budget.testing.pg_programs import COMMAND_TIMEOUT_SECONDS

FALLBACK_SERVER_USER = "budgetpg"


class PostgresStartError(RuntimeError):
    """initdb or the server failed; the message carries their output and the server log."""


def server_account() -> pwd.struct_passwd | None:
    """The account the server runs as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", FALLBACK_SERVER_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    attempts = [
        ["useradd", "--system", "--no-create-home", FALLBACK_SERVER_USER],
        ["adduser", "-S", "-D", "-H", FALLBACK_SERVER_USER],  # BusyBox (Alpine)
    ]
    outputs = []
    for command in attempts:
        if shutil.which(command[0]) is None:
            continue
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
        outputs.append(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}")
        try:  # also succeeds when a concurrent test run created the user first
            return pwd.getpwnam(FALLBACK_SERVER_USER)
        except KeyError:
            continue
    raise RuntimeError(
        "PostgreSQL refuses to run as root, and there is neither a 'postgres' user nor a "
        f"'{FALLBACK_SERVER_USER}' user, and creating '{FALLBACK_SERVER_USER}' failed. Create an "
        f"unprivileged user, e.g. `useradd --system --no-create-home {FALLBACK_SERVER_USER}`.\n"
        + "\n".join(outputs)
    )


def _clean_env() -> dict[str, str]:
    """Our environment without PG* variables (PGDATA, PGPORT, PGHOST... would interfere)."""
    return {key: value for key, value in os.environ.items() if not key.startswith("PG")}


def run_as_server(
    command: Sequence[str | Path],
    *,
    account: pwd.struct_passwd | None,
    cwd: Path,
) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL program (as `account` if given), capturing stdout and stderr together."""
    args = [str(part) for part in command]
    uid: int | None = None
    gid: int | None = None
    extra_groups: list[int] | None = None
    if account is not None:
        if shutil.which("runuser") is not None:
            args = ["runuser", "-u", account.pw_name, "--", *args]
        else:  # no util-linux: let Python switch user in the child
            uid, gid, extra_groups = account.pw_uid, account.pw_gid, []
    return subprocess.run(
        args,
        cwd=cwd,
        env=_clean_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
        user=uid,
        group=gid,
        extra_groups=extra_groups,
    )


def server_program(
    command: Sequence[str | Path],
    *,
    account: pwd.struct_passwd | None,
    cwd: Path,
    log: Path | None = None,
) -> None:
    """Run a program as the server's account (`_run`); PostgresStartError with what it
    printed, and the end of the server's `log` if given, when it fails."""
    done = run_as_server(command, account=account, cwd=cwd)
    if done.returncode != 0:
        told = f"\n--- server log ({log}) ---\n{read_log(log)}" if log else ""
        name = Path(str(command[0])).name
        raise PostgresStartError(f"{name} failed (exit {done.returncode}):\n{done.stdout}{told}")


def start_server(
    bin_dir: Path, data_dir: Path, log: Path, account: pwd.struct_passwd | None, cwd: Path
) -> None:
    """`pg_ctl start` of the server in `data_dir`, waiting until it accepts connections."""
    server_program(
        [
            *(bin_dir / "pg_ctl", "start", "-w", "-t", str(COMMAND_TIMEOUT_SECONDS - 10)),
            *("-D", data_dir, "-l", log),
        ],
        account=account,
        cwd=cwd,
        log=log,
    )


def read_log(log_file: Path, max_lines: int = 200) -> str:
    try:
        lines = log_file.read_text(errors="replace").splitlines()
    except OSError as exc:
        return f"(no server log: {exc})"
    return "\n".join(lines[-max_lines:])


def stop_server(
    bin_dir: Path, data_dir: Path, account: pwd.struct_passwd | None, cwd: Path
) -> None:
    outputs = []
    for mode in ("fast", "immediate"):
        result = run_as_server(
            [bin_dir / "pg_ctl", "stop", "-D", data_dir, "-m", mode, "-w", "-t", "60"],
            account=account,
            cwd=cwd,
        )
        if result.returncode == 0:
            return
        outputs.append(result.stdout.strip())
    warnings.warn(
        f"could not stop the throwaway PostgreSQL in {data_dir}: {' / '.join(outputs)}",
        RuntimeWarning,
        stacklevel=3,
    )
