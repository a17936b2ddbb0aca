"""BulkSafeRecorder: one-statement inserts keep the library's guarantees."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

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
