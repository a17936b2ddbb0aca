"""Scratch view tables on SQLite live in a folder of the machine's temp directory; a
service starting drops the folders crashed processes left, and never one that another
running process (another service, another worker, another test run) is replaying in:
that one's lock is held. Before the lock, every start wiped every folder and a replay
running beside it failed with 'disk I/O error' or 'attempt to write a readonly database'."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, select, text

from budget.projections.scratch import (
    IN_USE,
    UNLOCKED_GRACE_SECONDS,
    drop_leftover_scratch,
    folder_prefix,
    scratch_views,
)

PREFIX = "scratchtest"


def test_a_running_replay_s_folder_is_kept_and_a_crash_s_is_dropped(tmp_path: Path) -> None:
    live = create_engine(f"sqlite:///{tmp_path / 'views.sqlite3'}")
    crashed = Path(tempfile.mkdtemp(prefix=folder_prefix(PREFIX)))
    (crashed / IN_USE).touch()  # its lock file, nobody holding it
    with scratch_views(live, PREFIX) as scratch:
        found = Path(tempfile.gettempdir()).glob(f"{folder_prefix(PREFIX)}*")
        mine = [folder for folder in found if folder != crashed]
        assert len(mine) == 1
        assert drop_leftover_scratch(live, PREFIX) == 1  # the crash's, not mine
        assert not crashed.exists()
        assert mine[0].exists()
        with scratch.engine.begin() as connection:  # and it still works
            connection.execute(text("CREATE TABLE scratch.probe (n INTEGER)"))
            connection.execute(text("INSERT INTO scratch.probe VALUES (1)"))
            assert (
                connection.execute(
                    select(text("n")).select_from(text("scratch.probe"))
                ).scalar_one()
                == 1
            )
    assert not mine[0].exists()
    live.dispose()


def test_a_folder_without_its_lock_file_is_dropped_only_once_it_is_old() -> None:
    live = create_engine("sqlite://")
    young = Path(tempfile.mkdtemp(prefix=folder_prefix(PREFIX)))
    old = Path(tempfile.mkdtemp(prefix=folder_prefix(PREFIX)))
    past = time.time() - UNLOCKED_GRACE_SECONDS - 5
    os.utime(old, (past, past))
    try:
        assert drop_leftover_scratch(live, PREFIX) == 1
        assert young.exists()
        assert not old.exists()
    finally:
        young.rmdir()
