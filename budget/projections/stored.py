"""The stored events as the projections read them: notifications as plain rows, the
stored JSON at given positions, a domain event numbered as if read from the log; the
state deciphered and decompressed when the store does either."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from budget.application import BudgetOffice
from budget.application.postgres_recorder import BulkSafeRecorder
from budget.projections.events import STORED_JSON, TOPICS, Positioned, positioned
from budget.projections.fold import FOLD_READ, part_of

EVERYTHING = frozenset({*TOPICS, STORED_JSON})
StoredRow = tuple[int, Any, int, str, bytes]  # position, originator id, version, topic, JSON


def stored_rows(
    office: BudgetOffice,
    start: int,
    limit: int,
    until: int | None,
    topics: Sequence[str] | None = None,
) -> list[StoredRow]:
    """Notifications from `start` (to `until`) as plain rows, their state as stored JSON
    (deciphered and decompressed when the store does either). With `topics`, the state
    of other topics' events may be left empty (PostgreSQL does not send it: the lane of
    the project views, for one, then reads half the bytes)."""
    recorder = office.recorder
    if isinstance(recorder, BulkSafeRecorder):
        rows = recorder.select_stored_rows(start, limit, until, topics)
    else:
        rows = [
            (n.id, n.originator_id, n.originator_version, n.topic, n.state)
            for n in recorder.select_notifications(start=start, limit=limit, stop=until)
        ]
    mapper = office.mapper
    if mapper.cipher is None and mapper.compressor is None:
        return rows
    return [(*row[:4], _plain(office, row[4]) if row[4] else b"") for row in rows]


def part_rows(
    office: BudgetOffice,
    start: int,
    until: int,
    topics: Sequence[str],
    *,
    part: tuple[int, int],
    most_bytes: int,
) -> list[StoredRow]:
    """A fold's later part (fold.py): of the notifications from `start` to `until`, the
    events of `topics` whose originator is in `part` (part, parts: fold.part_of), in log
    order, up to the first whose stored state brings theirs to `most_bytes` (the rest
    read from the position after it). PostgreSQL picks them in the server; another store
    reads the notifications of the topics and keeps the part's."""
    recorder = office.recorder
    if isinstance(recorder, BulkSafeRecorder):
        rows = recorder.select_stored_rows(
            start, until - start + 1, until, topics, part=part, most_bytes=most_bytes
        )
    else:  # FOLD_READ notifications at a time: all of the topics' come, the part's kept
        rows = []
        size = 0
        for first in range(start, until + 1, FOLD_READ):
            stop = min(first + FOLD_READ - 1, until)
            for n in recorder.select_notifications(first, FOLD_READ, stop, topics=topics):
                if part_of(str(n.originator_id), part[1]) == part[0]:
                    rows.append(
                        (n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
                    )
                    size += len(n.state)
                    if size >= most_bytes:
                        break
            if size >= most_bytes:
                break
    mapper = office.mapper
    if mapper.cipher is None and mapper.compressor is None:
        return rows
    return [(*row[:4], _plain(office, row[4])) for row in rows]


def stored_at(office: BudgetOffice, positions: Collection[int]) -> dict[int, bytes]:
    """The stored JSON of the events at these positions of the notification log, by
    position (deciphered and decompressed when the store does either): on PostgreSQL one
    statement; elsewhere (an embedded store) one read per position."""
    recorder = office.recorder
    wanted = sorted(set(positions))
    if isinstance(recorder, BulkSafeRecorder):
        found = dict(recorder.select_stored_at(wanted)) if wanted else {}
    else:
        found = {
            n.id: n.state
            for position in wanted
            for n in recorder.select_notifications(start=position, limit=1)
            if n.id == position
        }
    mapper = office.mapper
    if mapper.cipher is None and mapper.compressor is None:
        return found
    return {position: _plain(office, state) for position, state in found.items()}


def from_domain(office: BudgetOffice, position: int, event: Any) -> Positioned:
    """A domain event as the projections read it, numbered `position` (a replay of
    events read from aggregates rather than from the notification log)."""
    stored = office.mapper.to_stored_event(event)
    state = _plain(office, stored.state)
    return positioned(
        position,
        stored.originator_id,
        stored.originator_version,
        stored.topic,
        state,
        wanted=EVERYTHING,
    )


def _plain(office: BudgetOffice, state: bytes) -> bytes:
    mapper = office.mapper
    if mapper.cipher is not None:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor is not None:
        state = mapper.compressor.decompress(state)
    return state
