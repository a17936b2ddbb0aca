"""A catch-up from zero folds the history in memory and writes each row once.

Batch by batch, a projection reads back the rows its events touch, changes them and writes
them again: at scale 0.1 PostgreSQL did 4.6 times the work of writing every view's final
rows once (budget/bench/floor.py), a project's row rewritten batch after batch as it
moves. A projection at position 0 whose tables are empty has nothing to read back: its
batch (follow.apply_in_batch: the same code as every batch's) is kept across the reads of
one transaction, so every row it touches stays in memory, and is saved once at the end —
every row new, written by COPY — or as soon as the process has grown by FOLD_MIB since the
fold began, whichever comes first. Its position is written with its rows in that one
transaction, so exactly-once holds as for any batch: a crash loses the transaction, and the
catch-up starts again from zero.

A long history is folded in parts: the projections that `partition` (project_state,
project_record, deadlines: their `partitions` names the topics of the projects' events;
budget_lines: the budgets') fold the aggregates of one part at a time (`part_of` the
project's or budget's id: its UUID's last four bytes modulo the parts), the history read
again for each further part within the same transaction (`next_part`), what a part held
written when it ends (running sums added to); their other events, and the other
projections, fold with the first part (deadlines' later parts read back the budgets it
wrote). A national year's project views held ~1.2 M projects at once, ~1.7 GB, and its
budget lines ~1.4 M lines: both were saved part-way, the rest of the year batch by batch;
a part holds its share, and a further part reads from the store only its own aggregates'
events (stored.part_rows: PostgreSQL picks them in the server, by topic and part). A lane
folding two such projections (deadlines and project_record) folds in twice the parts
(fold_parts): each holds its rows of a part's projects.

A projection that reads other projections' views (Compliance reads project_state and
report_state as written in the same transaction, MissingRows copies Compliance's rows) is
left out of such a transaction
(`folds` False): it stays where it was, and catches up after it from the rows the others
have reached, as a projection added by an upgrade does. One that `rolls_up` views all folded
from zero in the transaction, its own at zero and empty, is made from their rows at the end
of it instead (`roll_up`: Compliance), its position theirs, in the same transaction.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, literal, select

from budget.application.postgres_recorder import PART_BUCKETS
from budget.projections.packed import pack, unpack

if TYPE_CHECKING:
    from budget.projections.follow import Positioned, Projection

# A fold is saved once the process has grown by this much (resident) since the fold began:
# what it keeps, not what the process held before (a lane starts at ~65 MiB; the whole test
# suite's process at over 350). The follower's goal is 500 MB at most, and the batches that
# follow a fold saved early grow on top of what Python keeps of it (scale 0.1: two lanes
# saved theirs at 350 MiB resident and peaked at 480 MiB).
FOLD_MIB = 285.0
# A lane whose every folding projection streams (follow.Streamed: budget lines and
# line_funding) holds only the running rows, which a year's fold reaches early: scale 0.1
# held 143,630 lines and 122,231 project entries at 319 MiB grown (385 resident, peak 471
# while saving them), and at 285 had been saved part-way at a third of the year. A
# national year's lines and project views stay inside it by folding in parts
# (FOLD_PART_EVENTS): in one, its budget lines reached it by event 73,500 (stop 33).
STREAMED_FOLD_MIB = 400.0
# A fold of more events than this is made in parts, as many as it takes (fold_parts):
# a national year's ~14 M events in 10, each part holding about what a whole year at
# scale 0.1 holds (122,231 projects: its lanes peaked at 306 and 336 MiB, stop 31), while
# a year at scale 0.1 folds in one. Each further part has the store send its projects'
# events again (scale 0.1, three project views in 10 parts: ~0.5 µs of CPU an event a
# part, the follower's and PostgreSQL's; ~2.3 when the follower read every notification).
# BUDGET_FOLD_PART_EVENTS lowers it, so that a smaller year is folded in as many parts as
# the nation's (docs/benchmarks.md).
FOLD_PART_EVENTS = 1_500_000
# A further part's read sends and decodes at most about this much stored JSON at once
# (stored.part_rows): a national year's opening budgets, ~100 KB each, came 78 MB to a
# part of the budget lines in one read of FOLD_READ x parts notifications, and the lane
# grew from 342 to 611 MiB decoding them.
PART_READ_BYTES = 8 * 1024 * 1024
# Events read at a time in a fold (it commits once, so reads need not be big): what it
# holds is rows, not events (a read of 100,000 events held ~100 MiB of them).
FOLD_READ = 20_000


@dataclass(slots=True)
class Kept:
    """A projection's batch kept across the reads of one transaction (apply_in_batch)."""

    batch: Any = None  # follow.Batch once its first events are applied
    saving: bool = False  # set for the call that saves it


_KEPT: ContextVar[Kept | None] = ContextVar("kept", default=None)


def kept_batch() -> Kept | None:
    """Where apply_in_batch keeps its batch instead of saving it (None: save it now)."""
    return _KEPT.get()


@contextmanager
def keeping(kept: Kept | None) -> Iterator[None]:
    token = _KEPT.set(kept)
    try:
        yield
    finally:
        _KEPT.reset(token)


class Fold:
    """The projections folding in one transaction of a catch-up, and those left out."""

    def __init__(self, kept: dict[str, Kept], left_out: frozenset[str]) -> None:
        self.kept = kept
        self.left_out = left_out
        self.began = resident_mib() if kept else 0.0  # the process's size, as the fold began
        self.limit = FOLD_MIB  # what it may grow by (see `of`)
        self.parts = 1  # how many parts the projections that partition fold in
        self.part = 0  # the part folding now
        self.tables: tuple[Table, ...] = ()  # the folding projections' (packed.py)
        self.packed: list[str] | None = None  # those filled whole, once it first applies

    @classmethod
    def of(
        cls,
        connection: Connection,
        projections: Sequence[Projection],
        positions: Mapping[str, int],
        events: int = 0,
    ) -> Fold:
        """Those of `projections` at position 0 with empty tables fold; if any does,
        those that read other views (`folds` False) are left out. A fold of `events`
        (those to read, at most) is made in parts where any of them `partitions`."""
        kept = {
            p.name: Kept()
            for p in projections
            if positions[p.name] == 0 and folds(p) and _empty(connection, p)
        }
        left_out = frozenset(p.name for p in projections if kept and not folds(p))
        fold = cls(kept, left_out)
        fold.tables = tuple(t for p in projections if p.name in kept for t in p.tables)
        if kept and all(getattr(p, "streams", False) for p in projections if p.name in kept):
            fold.limit = STREAMED_FOLD_MIB
        partitioned = sum(1 for p in projections if p.name in kept and partitions(p))
        if partitioned:
            fold.parts = fold_parts(events, partitioned)
        return fold

    def partitioned(self, projection: Projection) -> bool:
        """Does `projection` fold in parts here (it folds, it `partitions`, and there
        are parts)?"""
        return self.parts > 1 and projection.name in self.kept and partitions(projection)

    def ours(self, originator_id: str) -> bool:
        """Is this aggregate's (project's, budget's) event one of the part folding now?"""
        return part_of(originator_id, self.parts) == self.part

    @property
    def folding(self) -> bool:
        return bool(self.kept)

    def apply(
        self, connection: Connection, projection: Projection, events: Sequence[Positioned]
    ) -> None:
        if projection.name in self.left_out:
            return
        if self.packed is None and self.kept:  # its pages filled whole as it writes
            self.packed = pack(connection, self.tables)
        if self.partitioned(projection):
            split = projection.partitions  # type: ignore[attr-defined]
            if self.part:  # the events of its projects (read for this part alone)
                events = [e for e in events if e.topic in split]
            else:  # the events of its projects in this part, and every other
                events = [e for e in events if e.topic not in split or self.ours(e.originator_id)]
        elif self.part:
            return  # folded with the first part, or not folding
        with keeping(self.kept.get(projection.name)):
            projection.apply(connection, events)

    def full(self) -> bool:
        """Is it time to save the fold (the process has grown by its limit since it began:
        FOLD_MIB, or STREAMED_FOLD_MIB where every folding projection `streams`)?"""
        return resident_mib() - self.began >= self.limit

    def save(self, connection: Connection, projections: Sequence[Projection]) -> None:
        """Every kept batch saved, in the projections' order (through their `apply`, so
        that whoever times a projection's apply counts its writing too)."""
        for projection in projections:
            kept = self.kept.get(projection.name)
            if kept is not None and kept.batch is not None:
                kept.saving = True
                with keeping(kept):
                    projection.apply(connection, [])

    def finish(self, connection: Connection, projections: Sequence[Projection]) -> None:
        """Every kept batch saved (`save`), and the room of the pages written from now on
        given back to the tables the fold filled whole (packed.py)."""
        self.save(connection, projections)
        unpack(connection, self.packed or ())

    def roll_up(
        self,
        connection: Connection,
        projections: Sequence[Projection],
        positions: Mapping[str, int],
    ) -> frozenset[str]:
        """After `save`: each projection left out that `rolls_up` views every one of which
        folded here (from zero, to where the fold ends), its own at position 0 and empty,
        made from their rows (its `roll_up`); their names."""
        rolled = []
        for projection in projections:
            sources = rolls_up(projection)
            if (
                sources
                and projection.name in self.left_out
                and all(name in self.kept for name in sources)
                and positions[projection.name] == 0
                and _empty(connection, projection)
            ):
                projection.roll_up(connection)  # type: ignore[attr-defined]
                rolled.append(projection.name)
        return frozenset(rolled)

    def next_part(self, connection: Connection, projections: Sequence[Projection]) -> bool:
        """The part folded so far saved by the projections that partition, and the next
        begun; False once every part is folded."""
        if self.part + 1 >= self.parts:
            return False
        self.save(connection, [p for p in projections if self.partitioned(p)])
        self.part += 1
        return True


def fold_parts(events: int, partitioned: int = 1) -> int:
    """How many parts a fold of `events` is made in: FOLD_PART_EVENTS each, at most, for
    each of the `partitioned` projections folding in parts (each holds its rows of a
    part's projects: the audit lane's deadlines and project_record, a year at scale 0.1
    in one part, held 193 and 129 MiB, project_state's lane ~250 in all), rounded up to
    a divisor of PART_BUCKETS (the nation's 10 and 20 are)."""
    per_part = int(os.environ.get("BUDGET_FOLD_PART_EVENTS", FOLD_PART_EVENTS))
    parts = max(1, -(-events * partitioned // max(per_part, 1)))
    # a divisor of PART_BUCKETS, so that PostgreSQL finds a part's events by its index
    return next((n for n in range(parts, PART_BUCKETS) if PART_BUCKETS % n == 0), PART_BUCKETS)


def part_of(originator_id: str, parts: int) -> int:
    """The part of a fold in `parts` that an aggregate's events fold in: the last four
    bytes of its UUID (the last 8 hex digits of its text, with or without dashes), read
    big-endian, modulo `parts`. The same in every process (Python's hash of a str is
    salted per process) and on every store: PostgreSQL computes it in the server
    (BulkSafeRecorder.select_stored_rows), where its index holds that number modulo
    PART_BUCKETS, a multiple of the parts (fold_parts)."""
    return int(originator_id[-8:], 16) % parts


def partitions(projection: Projection) -> bool:
    """Does `projection` fold in parts? Its `partitions` names the topics of the
    projects' events, each folded in its project's part (the others in the first part)."""
    return bool(getattr(projection, "partitions", frozenset()))


def rolls_up(projection: Projection) -> tuple[str, ...]:
    """The projections whose views `projection` can be made from alone, at zero (its
    `rolls_up`: fold.Fold.roll_up); none for most."""
    return tuple(getattr(projection, "rolls_up", ()))


def folds(projection: Projection) -> bool:
    """May `projection` fold (it reads no other projection's views)?"""
    return bool(getattr(projection, "folds", True))


def _empty(connection: Connection, projection: Projection) -> bool:
    return all(
        connection.execute(select(literal(1)).select_from(table).limit(1)).first() is None
        for table in projection.tables
    )


def peak_mib() -> float:
    """The process's peak resident memory since it began (Linux: /proc's VmHWM; elsewhere
    getrusage's). Not getrusage's `ru_maxrss` on Linux, which a process started by fork and
    exec (a lane: multiprocessing's spawn) begins with its parent's resident memory at the
    fork: a national benchmark's lanes reported the 825 MiB its process had grown to while
    generating the year, where they peaked at 437 (sampled from /proc)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024  # KiB
    except OSError:
        pass  # no /proc: getrusage's, below
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def resident_mib() -> float:
    """The process's resident memory now (Linux: /proc; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
