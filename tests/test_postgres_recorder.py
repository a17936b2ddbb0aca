"""BulkSafeRecorder: one-statement inserts keep the library's guarantees."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent
from psycopg.sql import SQL, Identifier

from budget.application import BudgetOffice
from budget.application.postgres_recorder import BulkSafeRecorder
from budget.config import Settings

WRITERS = 4
SAVES_PER_WRITER = 25
EVENTS_PER_SAVE = 3


def _office(url: str, tmp_path: Path) -> BudgetOffice:
    office = BudgetOffice(Settings(database_url=url, home=tmp_path))
    assert isinstance(office.recorder, BulkSafeRecorder)
    return office


def _events(originator_id: uuid.UUID, first_version: int, count: int) -> list[StoredEvent]:
    return [
        StoredEvent(originator_id, first_version + n, "tests:Event", b"{}") for n in range(count)
    ]


def test_concurrent_writers_get_increasing_ids_and_lose_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    office = _office(postgres_url, tmp_path)  # keeps the connection pool open
    recorder = office.recorder
    results: dict[uuid.UUID, list[int]] = {}
    errors: list[BaseException] = []

    def write() -> None:
        originator_id = uuid.uuid4()
        ids: list[int] = []
        try:
            for save in range(SAVES_PER_WRITER):
                ids += (
                    recorder.insert_events(
                        _events(originator_id, save * EVENTS_PER_SAVE + 1, EVENTS_PER_SAVE)
                    )
                    or []
                )
        except BaseException as error:
            errors.append(error)
        results[originator_id] = ids

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    notifications = recorder.select_notifications(start=None, limit=10_000)
    total = WRITERS * SAVES_PER_WRITER * EVENTS_PER_SAVE
    assert len(notifications) == total
    ids = [n.id for n in notifications]
    assert ids == list(range(ids[0], ids[0] + total))  # gap-free and ordered
    for originator_id, returned in results.items():
        mine = [n for n in notifications if n.originator_id == originator_id]
        assert [n.id for n in mine] == returned  # the ids each save returned are its rows
        assert [n.originator_version for n in mine] == list(range(1, len(mine) + 1))
        # each save's events are consecutive: no other transaction's ids interleave
        for start in range(0, len(returned), EVENTS_PER_SAVE):
            chunk = returned[start : start + EVENTS_PER_SAVE]
            assert chunk == list(range(chunk[0], chunk[0] + EVENTS_PER_SAVE))


def test_a_conflicting_save_writes_none_of_its_events(postgres_url: str, tmp_path: Path) -> None:
    office = _office(postgres_url, tmp_path)  # keeps the connection pool open
    recorder = office.recorder
    first, second = uuid.uuid4(), uuid.uuid4()
    recorder.insert_events(_events(first, 1, 2))
    with pytest.raises(IntegrityError):
        recorder.insert_events([*_events(second, 1, 1), *_events(first, 2, 1)])
    assert recorder.select_events(second) == []
    (later,) = recorder.insert_events(_events(second, 1, 1)) or []
    assert later > 2  # the refused save's ids are skipped, never reused
    assert [n.id for n in recorder.select_notifications(start=None, limit=10)] == [1, 2, later]


def _save_one(recorder: BulkSafeRecorder, returned: list[int]) -> None:
    returned.extend(recorder.insert_events(_events(uuid.uuid4(), 1, 1)) or [])


def test_a_save_that_waited_for_the_lock_is_flushed_before_insert_events_returns(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that finds the events table locked commits without waiting for its WAL
    flush (so the lock is not held through it); the recorder then waits for that flush
    before it returns, under the session's synchronous_commit (the tests' server turns it
    off: this test's connections ask for it). A save that finds it free flushes at its
    commit. Either way its events' commit record is below the flush position."""
    monkeypatch.setenv("PGOPTIONS", "-c synchronous_commit=on")
    office = _office(postgres_url, tmp_path)
    recorder = office.recorder
    table = Identifier(recorder.datastore.schema, recorder.events_table_name)
    flushed_commit = SQL(  # the events' commit record, if the WAL is flushed past it
        "SELECT w.end_lsn FROM pg_get_wal_records_info(%s, pg_current_wal_flush_lsn()) w "
        "JOIN {table} e ON e.notification_id = %s "
        "WHERE w.xid::text = e.xmin::text AND w.record_type = 'COMMIT'"
    ).format(table=table)
    with (
        psycopg.connect(postgres_url, autocommit=True) as watch,
        psycopg.connect(postgres_url) as holder,
    ):
        watch.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
        for contended in (True, False) * 3:
            (start,) = watch.execute("SELECT pg_current_wal_insert_lsn()").fetchone() or [None]
            returned: list[int] = []
            if contended:
                holder.execute(SQL("LOCK TABLE {table} IN EXCLUSIVE MODE").format(table=table))
            saving = threading.Thread(target=_save_one, args=(recorder, returned))
            saving.start()
            if contended:
                while not watch.execute("SELECT FROM pg_locks WHERE NOT granted").fetchall():
                    saving.join(0.01)
                holder.commit()
            saving.join()
            (position,) = returned  # its one id, and nothing else
            assert position > 0
            assert watch.execute(flushed_commit, (start, position)).fetchone() is not None
