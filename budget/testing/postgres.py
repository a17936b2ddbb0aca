"""Throwaway PostgreSQL servers for tests, benchmarks and manual work.

``throwaway_postgres()`` runs ``initdb`` into a fresh folder (under /dev/shm for test servers
when it has room, else /tmp; ``BUDGET_PG_TMPDIR`` overrides), starts the server with
``pg_ctl`` on a private unix socket (no TCP), creates the database ``budget`` and yields its
libpq URL.  Afterwards the server is stopped and every file is removed.

PostgreSQL refuses to run as root.  When this process is root the server runs as the
unprivileged ``postgres`` user (created by the Debian/Ubuntu packages), or else as a system
user ``budgetpg`` that is created on first use; the programs are started through
``runuser -u USER --``.

Command line::

    python -m budget.testing.postgres --check     # are the PostgreSQL 15+ programs installed?
    python -m budget.testing.postgres --serve     # start one, print its URL, run until Ctrl-C
    python -m budget.testing.postgres --serve --durable   # same, with fsync on (benchmarks)
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from urllib.parse import quote

from budget.testing.pg_databases import create_database, database_url, drop_database
from budget.testing.pg_programs import (
    COMMAND_TIMEOUT_SECONDS,
    INSTALL_HELP,
    PostgresNotInstalled,
    check_installation,
    find_pg_bin,
)

__all__ = [
    "INSTALL_HELP",
    "PostgresNotInstalled",
    "PostgresStartError",
    "check_installation",
    "create_database",
    "database_url",
    "drop_database",
    "find_pg_bin",
    "throwaway_postgres",
]

DATABASE_NAME = "budget"
PORT = 5432
FALLBACK_SERVER_USER = "budgetpg"
TMPDIR_ENV = "BUDGET_PG_TMPDIR"
RAM_DISK = "/dev/shm"
RAM_DISK_MIN_FREE_BYTES = 1 << 30


class PostgresStartError(RuntimeError):
    """initdb or the server failed; the message carries their output and the server log."""


# --- running the programs as an unprivileged user ------------------------------------------


def _server_account() -> pwd.struct_passwd | None:
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


def _run(
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


# --- the throwaway server ------------------------------------------------------------------


def _conf_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _server_settings(socket_dir: Path, *, durable: bool) -> str:
    lines = [
        "",
        "# --- added by budget.testing.postgres (throwaway server) ---",
        "listen_addresses = ''",
        f"port = {PORT}",
        f"unix_socket_directories = {_conf_string(str(socket_dir))}",
        "max_connections = 200",
        "shared_buffers = 256MB",
    ]
    if not durable:
        # Tests: nothing needs to survive a crash, so skip every flush to disk.
        lines += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        # Bounds the WAL kept around, which matters when the folder is on a RAM disk.
        lines += ["min_wal_size = 32MB", "max_wal_size = 256MB"]
    return "\n".join(lines) + "\n"


def _url(user: str, socket_dir: Path, dbname: str) -> str:
    return (
        f"postgresql://{quote(user, safe='')}@/{quote(dbname, safe='')}"
        f"?host={quote(str(socket_dir), safe='/')}&port={PORT}"
    )


def _read_log(log_file: Path, max_lines: int = 200) -> str:
    try:
        lines = log_file.read_text(errors="replace").splitlines()
    except OSError as exc:
        return f"(no server log: {exc})"
    return "\n".join(lines[-max_lines:])


def _stop(bin_dir: Path, data_dir: Path, account: pwd.struct_passwd | None, cwd: Path) -> None:
    outputs = []
    for mode in ("fast", "immediate"):
        result = _run(
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


def _temp_root(*, durable: bool) -> str:
    """Where the server's folder goes: $BUDGET_PG_TMPDIR, else a RAM disk (tests), else /tmp.

    Test servers go to /dev/shm when it has room: on some disks CREATE DATABASE takes ~300 ms
    even with fsync off (it creates ~1000 files), against ~30 ms in RAM.  Durable servers
    (benchmarks) stay on disk.  Paths are short (unix socket paths are limited to ~100
    bytes), and /tmp and /dev/shm can be traversed by every user, including the server user.
    """
    configured = os.environ.get(TMPDIR_ENV, "").strip()
    if configured:
        return configured
    if not durable and Path(RAM_DISK).is_dir() and os.access(RAM_DISK, os.W_OK | os.X_OK):
        try:
            if shutil.disk_usage(RAM_DISK).free >= RAM_DISK_MIN_FREE_BYTES:
                return RAM_DISK
        except OSError:
            pass
    return "/tmp" if Path("/tmp").is_dir() else tempfile.gettempdir()


@contextmanager
def throwaway_postgres(*, durable: bool = False, settings: str = "") -> Iterator[str]:
    """Start a private PostgreSQL server and yield the URL of its (empty) database ``budget``.

    The URL looks like ``postgresql://postgres@/budget?host=/dev/shm/budget-pg-x/sock&port=5432``;
    its user is the server's superuser (the OS user the server runs as), with trust auth.

    ``durable=False`` (tests) turns off fsync, synchronous_commit and full_page_writes;
    ``durable=True`` (benchmarks) keeps PostgreSQL's defaults so commits really hit the disk.
    ``settings``: more lines for its postgresql.conf (e.g. WAL archiving).
    The server is stopped and its files removed on exit, also when the body raises.
    """
    bin_dir, _version = check_installation()
    account = _server_account()
    user = account.pw_name if account is not None else pwd.getpwuid(os.geteuid()).pw_name
    base = Path(tempfile.mkdtemp(prefix="budget-pg-", dir=_temp_root(durable=durable)))  # mode 0700
    data_dir = base / "data"
    socket_dir = base / "sock"
    log_file = base / "server.log"
    try:
        if len(os.fsencode(socket_dir / f".s.PGSQL.{PORT}")) > 100:
            raise PostgresStartError(
                f"the unix socket path under {base} is too long for the OS; "
                f"point {TMPDIR_ENV} at a shorter folder"
            )
        data_dir.mkdir(mode=0o700)
        socket_dir.mkdir(mode=0o700)
        if account is not None:
            for path in (base, data_dir, socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)

        initdb = _run(
            [
                *(bin_dir / "initdb", "-D", data_dir, "-U", user),
                *("--auth=trust", "--encoding=UTF8", "--locale=C"),
                *("--no-sync", "--no-instructions"),
            ],
            account=account,
            cwd=base,
        )
        if initdb.returncode != 0:
            raise PostgresStartError(f"initdb failed (exit {initdb.returncode}):\n{initdb.stdout}")
        with (data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(_server_settings(socket_dir, durable=durable) + settings)

        start = _run(
            [
                *(bin_dir / "pg_ctl", "start", "-w", "-t", str(COMMAND_TIMEOUT_SECONDS - 10)),
                *("-D", data_dir, "-l", log_file),
            ],
            account=account,
            cwd=base,
        )
        if start.returncode != 0:
            raise PostgresStartError(
                f"PostgreSQL failed to start (pg_ctl exit {start.returncode}):\n"
                f"{start.stdout.strip()}\n--- server log ({log_file}) ---\n{_read_log(log_file)}"
            )
        url = create_database(_url(user, socket_dir, "postgres"), DATABASE_NAME)
        yield url
    finally:
        try:
            if (data_dir / "postmaster.pid").exists():
                _stop(bin_dir, data_dir, account, base)
        finally:
            shutil.rmtree(base, ignore_errors=True)


# --- command line --------------------------------------------------------------------------


def _raise_keyboard_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _serve(*, durable: bool) -> int:
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_keyboard_interrupt)
    try:
        with throwaway_postgres(durable=durable) as url:
            sys.stdout.write(f"{url}\n")
            sys.stdout.flush()
            sys.stderr.write(
                f"PostgreSQL is running ({'durable' if durable else 'fsync off'}). For the tests:\n"
                f"  export BUDGET_TEST_POSTGRES_URL='{url}'\n"
                "Stop with Ctrl-C (or SIGTERM); the server and its files are then removed.\n"
            )
            sys.stderr.flush()
            while True:
                signal.pause()
    except KeyboardInterrupt:
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m budget.testing.postgres",
        description="Find PostgreSQL, or run a throwaway PostgreSQL server.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--check", action="store_true", help="exit 0 if PostgreSQL 15+ programs are installed"
    )
    action.add_argument(
        "--serve", action="store_true", help="start a server, print its URL, run until Ctrl-C"
    )
    parser.add_argument(
        "--durable",
        action="store_true",
        help="with --serve: keep fsync and friends on (for benchmarks)",
    )
    args = parser.parse_args(argv)
    try:
        if args.serve:
            return _serve(durable=args.durable)
        bin_dir, version = check_installation()
    except PostgresNotInstalled as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    sys.stdout.write(f"PostgreSQL {version}: {bin_dir}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())


# what budget.testing.replica starts its standby with
server_account = _server_account
run_as_server = _run
stop_server = _stop
temp_root = _temp_root
