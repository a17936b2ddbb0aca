"""A real streaming replica of a throwaway PostgreSQL server, for tests of reading the
views from a replica (`BUDGET_VIEWS_REPLICA_URL`).

`pg_basebackup -R` copies the primary's data folder over a replication connection and
writes `standby.signal` and `primary_conninfo`; the copy is started as a hot standby on
its own unix socket folder, replaying the primary's WAL as it streams. Runs as root the
way :mod:`budget.testing.postgres` does (the server programs as an unprivileged user).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg.conninfo import conninfo_to_dict

from budget.testing.pg_programs import COMMAND_TIMEOUT_SECONDS
from budget.testing.postgres import (
    PORT,
    PostgresStartError,
    check_installation,
    run_as_server,
    server_account,
    stop_server,
    temp_root,
)

READY_SECONDS = 60.0


@contextmanager
def streaming_replica(primary_url: str) -> Iterator[str]:
    """A hot standby of the (throwaway, local) server of `primary_url`, streaming from it;
    yields the URL of the same database on the standby. Stopped and removed on exit."""
    bin_dir, _version = check_installation()
    account = server_account()
    params = conninfo_to_dict(primary_url)
    primary_socket, user, dbname = str(params["host"]), str(params["user"]), str(params["dbname"])
    base = Path(tempfile.mkdtemp(prefix="budget-pgr-", dir=temp_root(durable=False)))
    data_dir, socket_dir, log_file = base / "data", base / "sock", base / "server.log"
    try:
        socket_dir.mkdir(mode=0o700)
        if account is not None:
            for path in (base, socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        backup = run_as_server(
            [
                *(bin_dir / "pg_basebackup", "-D", data_dir, "-R", "-X", "stream"),
                *("-h", primary_socket, "-p", str(PORT), "-U", user, "--no-sync"),
            ],
            account=account,
            cwd=base,
        )
        if backup.returncode != 0:
            raise PostgresStartError(f"pg_basebackup failed:\n{backup.stdout}")
        with (data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\n# the standby's own socket\nunix_socket_directories = '{socket_dir}'\n")
        start = run_as_server(
            [
                *(bin_dir / "pg_ctl", "start", "-w", "-t", str(COMMAND_TIMEOUT_SECONDS - 10)),
                *("-D", data_dir, "-l", log_file),
            ],
            account=account,
            cwd=base,
        )
        if start.returncode != 0:
            raise PostgresStartError(f"the standby did not start:\n{start.stdout}")
        url = (
            f"postgresql://{quote(user, safe='')}@/{quote(dbname, safe='')}"
            f"?host={quote(str(socket_dir), safe='/')}&port={PORT}"
        )
        _wait_streaming(primary_url)
        yield url
    finally:
        try:
            if (data_dir / "postmaster.pid").exists():
                stop_server(bin_dir, data_dir, account, base)
        finally:
            shutil.rmtree(base, ignore_errors=True)


def _wait_streaming(primary_url: str) -> None:
    """Until the primary sees its standby streaming."""
    deadline = time.monotonic() + READY_SECONDS
    while True:
        with psycopg.connect(primary_url) as connection:
            found = connection.execute(
                "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
            ).fetchone()
        if found and found[0]:
            return
        if time.monotonic() > deadline:
            raise PostgresStartError("the standby did not start streaming")
        time.sleep(0.1)
