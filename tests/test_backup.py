"""Issue 17: the backups docs/deploy.md gives (a base backup and the WAL archive) restore
into a new server holding every event, written before the base backup and after it, with
views equal to a replay of them."""

from __future__ import annotations

from pathlib import Path

from budget.testing.backup import (
    ARCHIVE_SETTINGS,
    BASE_BACKUP,
    RESTORE_SETTINGS,
    check_backup_and_restore,
)

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def test_a_base_backup_and_the_wal_archive_restore_every_event() -> None:
    found = check_backup_and_restore(laos_before=2, laos_after=1)
    assert found["events"] == found["last position"] > 0
    assert found["views verified"] is True


def test_the_docs_give_the_commands_the_check_runs() -> None:
    docs = DEPLOY.read_text(encoding="utf-8")
    assert " ".join(BASE_BACKUP) in docs
    for line in (ARCHIVE_SETTINGS + RESTORE_SETTINGS).splitlines():
        assert line.format(archive="/var/backups/budget/wal") in docs, line
    assert "recovery.signal" in docs
    assert "scripts/backup-check" in docs
