"""Backups of PostgreSQL as docs/deploy.md gives them, run for real: a base backup
(`pg_basebackup`) plus the WAL archive (`archive_mode`, `archive_command`), restored into a
new data folder by recovery (`restore_command`, `recovery.signal`).

:func:`check_backup_and_restore` starts a throwaway primary archiving its WAL, records
events and keeps the views, takes a base backup, records more events after it, switches
to a new WAL segment and waits until it is archived, then restores the backup with the
archive into a new folder, starts it, and proves it holds every event (a digest of the
events table equal to the primary's) and views equal to a replay of them (`budget
projections verify`). `scripts/backup-check` runs it and prints JSON lines; a test runs it
too (tests/test_backup.py). The programs run with the flags below, which the docs show.

    python -m budget.testing.backup
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from budget import bootstrap
from budget.bench.http_world import set_up
from budget.config import Settings
from budget.testing.pg_programs import COMMAND_TIMEOUT_SECONDS
from budget.testing.pg_run import (
    PostgresStartError,
    server_account,
    server_program,
    start_server,
    stop_server,
)
from budget.testing.postgres import (
    PORT,
    check_installation,
    temp_root,
    throwaway_postgres,
)

# As in docs/deploy.md ("Backups"), with {archive} the archive's folder.
ARCHIVE_SETTINGS = (
    "wal_level = replica\n"
    "archive_mode = on\n"
    "archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'\n"
    "archive_timeout = 60\n"
)
BASE_BACKUP = ("pg_basebackup", "-Ft", "-z", "-X", "fetch", "--checkpoint=fast")
RESTORE_SETTINGS = "restore_command = 'cp {archive}/%f %p'\narchive_mode = off\n"
DIGEST = (
    "SELECT count(*), coalesce(max(notification_id), 0), md5(coalesce(string_agg("
    "originator_id::text || ':' || originator_version || ':' || topic || ':' || md5(state), "
    "',' ORDER BY notification_id), '')) FROM {table}"
)
READY_SECONDS = 120.0


def check_backup_and_restore(laos_before: int = 3, laos_after: int = 2) -> dict[str, Any]:
    """The figures of one backup and restore (ValueError if the restored copy differs)."""
    bin_dir, _version = check_installation()
    account = server_account()
    with _folder(account) as work:
        archive = work / "archive"
        _own_folder(archive, account)
        with throwaway_postgres(settings=ARCHIVE_SETTINGS.format(archive=archive)) as url:
            settings = _settings(url, work / "home-primary")
            table = _record(settings, laos_before, first=1)
            backup = work / "backup"
            began = time.perf_counter()
            server_program(
                [
                    bin_dir / BASE_BACKUP[0],
                    *BASE_BACKUP[1:],
                    "-D",
                    backup,
                    *_connection_args(url),
                ],
                account=account,
                cwd=work,
            )
            backup_seconds = time.perf_counter() - began
            _record(settings, laos_after, first=laos_before + 1)  # after the base backup
            _archive_current_wal(url)
            primary = _digest(url, table)
        # the primary is gone: restore from the base backup and the archive alone
        restored = work / "restored"
        sockets = work / "sock-restored"
        for folder in (restored, sockets):
            _own_folder(folder, account)
        tar: list[str | Path] = ["tar", "-xzf", backup / "base.tar.gz", "-C", restored]
        server_program(tar, account=account, cwd=work)
        with (restored / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"\n# restored by budget.testing.backup\nunix_socket_directories = '{sockets}'\n"
                + RESTORE_SETTINGS.format(archive=archive)
            )
        (restored / "recovery.signal").touch()
        if account is not None:
            os.chown(restored / "recovery.signal", account.pw_uid, account.pw_gid)
        began = time.perf_counter()
        log = work / "restored.log"
        start_server(bin_dir, restored, log, account, work)
        try:
            restored_url = _same_database(url, sockets)
            _wait_promoted(restored_url)
            restore_seconds = time.perf_counter() - began
            copy = _digest(restored_url, table)
            if copy != primary:
                msg = f"the restored events differ: {copy} against the primary's {primary}"
                raise ValueError(msg)
            verified = _verify(restored_url, work / "home-restored")
        finally:
            stop_server(bin_dir, restored, account, work)
    return {
        "events": primary[0],
        "last position": primary[1],
        "base backup seconds": round(backup_seconds, 2),
        "restore seconds": round(restore_seconds, 2),
        "views verified": verified,
    }


@contextmanager
def _folder(account: Any) -> Iterator[Path]:
    work = Path(tempfile.mkdtemp(prefix="budget-bk-", dir=temp_root(durable=False)))
    try:
        if account is not None:
            os.chown(work, account.pw_uid, account.pw_gid)
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _own_folder(folder: Path, account: Any) -> None:
    folder.mkdir(mode=0o700)
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)


def _connection_args(url: str) -> list[str]:
    params = conninfo_to_dict(url)
    return ["-h", str(params["host"]), "-p", str(PORT), "-U", str(params["user"])]


def _same_database(url: str, sockets: Path) -> str:
    params = conninfo_to_dict(url)
    user, dbname = str(params["user"]), str(params["dbname"])
    return (
        f"postgresql://{quote(user, safe='')}@/{quote(dbname, safe='')}"
        f"?host={quote(str(sockets), safe='/')}&port={PORT}"
    )


def _settings(url: str, home: Path) -> Settings:
    home.mkdir()
    return Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(home)})


def _record(settings: Settings, laos: int, *, first: int) -> str:
    """Events (LAOs with enacted budgets and clerks), and the views caught up with them;
    the events table's name."""
    with bootstrap.parts(settings) as parts:
        set_up(parts.office, laos, first=first)
        bootstrap.runner(parts.office, parts.views).catch_up()
        return str(getattr(parts.office.recorder, "events_table_name", "stored_events"))


def _archive_current_wal(url: str) -> None:
    """`pg_switch_wal()`, then wait until the archiver has copied that segment."""
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()
        assert row is not None
        segment = str(row[0])
        deadline = time.monotonic() + READY_SECONDS
        while True:
            done = connection.execute("SELECT last_archived_wal FROM pg_stat_archiver").fetchone()
            if done and done[0] and str(done[0]) >= segment:
                return
            if time.monotonic() > deadline:
                msg = f"WAL segment {segment} was not archived"
                raise PostgresStartError(msg)
            time.sleep(0.1)


def _wait_promoted(url: str) -> None:
    """Until recovery has replayed the archive to its end and the copy takes writes."""
    deadline = time.monotonic() + READY_SECONDS
    while True:
        try:
            with psycopg.connect(url) as connection:
                row = connection.execute("SELECT pg_is_in_recovery()").fetchone()
            if row is not None and not row[0]:
                return
        except psycopg.OperationalError:
            pass
        if time.monotonic() > deadline:
            msg = "the restored server did not finish recovery"
            raise PostgresStartError(msg)
        time.sleep(0.2)


def _digest(url: str, table: str) -> tuple[int, int, str]:
    statement = sql.SQL(DIGEST).format(table=sql.Identifier(table))
    with psycopg.connect(url) as connection:
        row = connection.execute(statement).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), str(row[2])


def _verify(url: str, home: Path) -> bool:
    """`budget projections verify` on the restored copy: its views equal a replay."""
    home.mkdir()
    env = {**os.environ, "BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "budget", "projections", "verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        msg = f"budget projections verify on the restored copy:\n{done.stdout}{done.stderr}"
        raise ValueError(msg)
    return True


def main() -> int:
    for name, value in check_backup_and_restore().items():
        sys.stdout.write(json.dumps({"figure": name, "value": value}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
