"""A fold's further parts (fold.py): the events of its span read again, a part's
aggregates' alone, for the projections that partition; and the step a batch and a part
share, every projection applying the events it has not applied yet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from budget.application import BudgetOffice
from budget.projections.events import Positioned, positioned
from budget.projections.fold import FOLD_READ, PART_READ_BYTES, Fold
from budget.projections.stored import part_rows

if TYPE_CHECKING:
    from budget.projections.follow import Projection


def later_parts(
    office: BudgetOffice,
    connection: Connection,
    projections: Sequence[Projection],
    positions: dict[str, int],
    folding: Fold,
    *,
    span: tuple[int, int],
    heads: frozenset[str],
) -> None:
    """A fold in parts (fold.py): for each further part, the events of `span` (first and
    last position) of its projects read again, by the projections that partition: the
    store sends those alone (stored.part_rows: PostgreSQL finds the part's by its part
    index, and keeps those of the topics), FOLD_READ x parts notifications at a time (a
    part's share of them sent: at scale 0.1 the project topics are 63% of the log),
    PART_READ_BYTES of their stored JSON at most sent and decoded at once (the rest of
    the range read next,
    from the event after the last sent: a national year's opening budgets are ~100 KB
    each); those of `heads` decoded without their bulk (events.heads_read)."""
    first, last = span
    wanted = frozenset(
        t
        for p in projections
        if folding.partitioned(p)
        for t in p.partitions  # type: ignore[attr-defined]
    )
    topics = sorted(wanted)
    window = FOLD_READ * folding.parts
    while folding.next_part(connection, projections):
        part = (folding.part, folding.parts)
        for begins in range(first, last + 1, window):
            start, until = begins, min(begins + window - 1, last)
            while start <= until:  # PART_READ_BYTES of stored JSON at a time, at most
                rows = part_rows(
                    office, start, until, topics, part=part, most_bytes=PART_READ_BYTES
                )
                if not rows:
                    break
                batch = [positioned(*row, wanted=wanted, heads=heads) for row in rows]
                apply_each(connection, projections, positions, folding, batch)
                start = rows[-1][0] + 1


def apply_each(
    connection: Connection,
    projections: Sequence[Projection],
    positions: dict[str, int],
    folding: Fold,
    batch: list[Positioned],
) -> None:
    """Every projection applies the events of `batch` it has not applied yet."""
    first, last = batch[0].position, batch[-1].position
    for projection in projections:
        behind = positions[projection.name]
        # the usual case, a projection behind the whole batch, copies no list
        mine = (
            batch
            if behind < first
            else []
            if behind >= last
            else [e for e in batch if e.position > behind]
        )
        folding.apply(connection, projection, mine)
