"""A real streaming replica of a throwaway PostgreSQL server, for tests of reading the
views from a replica (`BUDGET_VIEWS_REPLICA_URL`).

`pg_basebackup -R` copies the primary's data folder over a replication connection and
writes `standby.signal` and `primary_conninfo`; the copy is started as a hot standby on
its own unix socket folder, replaying the primary's WAL as it streams. Runs as root the
way :mod:`budget.testing.postgres` does (the server programs as an unprivileged user).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
from psycopg.conninfo import conninfo_to_dict

from budget.testing.pg_run import (
    PostgresStartError,
    server_account,
    server_program,
    start_server,
)
from budget.testing.postgres import (
    PORT,
    check_installation,
    server_folder,
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
    with server_folder("budget-pgr-", bin_dir, account, durable=False) as base:
        data_dir, socket_dir, log_file = base / "data", base / "sock", base / "server.log"
        server_program(
            [
                *(bin_dir / "pg_basebackup", "-D", data_dir, "-R", "-X", "stream"),
                *("-h", primary_socket, "-p", str(PORT), "-U", user, "--no-sync"),
            ],
            account=account,
            cwd=base,
        )
        with (data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(f"\n# the standby's own socket\nunix_socket_directories = '{socket_dir}'\n")
        start_server(bin_dir, data_dir, log_file, account, base)
        url = (
            f"postgresql://{quote(user, safe='')}@/{quote(dbname, safe='')}"
            f"?host={quote(str(socket_dir), safe='/')}&port={PORT}"
        )
        _wait_streaming(primary_url)
        yield url


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
