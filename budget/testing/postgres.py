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
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from urllib.parse import quote

from budget.testing.pg_databases import create_database, database_url, drop_database
from budget.testing.pg_programs import (
    INSTALL_HELP,
    PostgresNotInstalled,
    check_installation,
    find_pg_bin,
)
from budget.testing.pg_run import (
    PostgresStartError,
    server_account,
    server_program,
    start_server,
    stop_server,
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
TMPDIR_ENV = "BUDGET_PG_TMPDIR"
RAM_DISK = "/dev/shm"
RAM_DISK_MIN_FREE_BYTES = 1 << 30


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
def server_folder(
    prefix: str, bin_dir: Path, account: pwd.struct_passwd | None, *, durable: bool
) -> Iterator[Path]:
    """A new folder (mode 0700, the server's account's) for a server's files, with its
    socket folder `sock`; on exit its server (of `data`), if started, is stopped and the
    folder removed, also when the body raises."""
    base = Path(tempfile.mkdtemp(prefix=prefix, dir=_temp_root(durable=durable)))
    try:
        (base / "sock").mkdir(mode=0o700)
        if account is not None:
            for path in (base, base / "sock"):
                os.chown(path, account.pw_uid, account.pw_gid)
        yield base
    finally:
        try:
            if (base / "data" / "postmaster.pid").exists():
                stop_server(bin_dir, base / "data", account, base)
        finally:
            shutil.rmtree(base, ignore_errors=True)


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
    account = server_account()
    user = account.pw_name if account is not None else pwd.getpwuid(os.geteuid()).pw_name
    with server_folder("budget-pg-", bin_dir, account, durable=durable) as base:
        data_dir, socket_dir, log_file = base / "data", base / "sock", base / "server.log"
        if len(os.fsencode(socket_dir / f".s.PGSQL.{PORT}")) > 100:
            raise PostgresStartError(
                f"the unix socket path under {base} is too long for the OS; "
                f"point {TMPDIR_ENV} at a shorter folder"
            )
        data_dir.mkdir(mode=0o700)
        if account is not None:
            os.chown(data_dir, account.pw_uid, account.pw_gid)

        server_program(
            [
                *(bin_dir / "initdb", "-D", data_dir, "-U", user),
                *("--auth=trust", "--encoding=UTF8", "--locale=C"),
                *("--no-sync", "--no-instructions"),
            ],
            account=account,
            cwd=base,
        )
        with (data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(_server_settings(socket_dir, durable=durable) + settings)

        start_server(bin_dir, data_dir, log_file, account, base)
        yield create_database(_url(user, socket_dir, "postgres"), DATABASE_NAME)


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
temp_root = _temp_root
