"""Where each budget line's money comes from (budget_line_source): a row for every line
whose source is not the LAO's own revenue and general subsidy, written once, when the line
is made (drafted, added to the draft, by a supplementary budget, or outside the ordinance),
filed under its LAO and year (line_funding_budget, written when the budget is drafted); a
line's source never changes. A line stored before lines had a source is the LAO's own
(no row). Its own tracking position lets views older than it fill the tables from the
first event by themselves.

Its batches (follow.apply_in_batch) hold the budgets their events name; in a fold
(fold.py) every budget is kept, and the rows are written after each read (`stream`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from budget.domain.funding import FundingKind
from budget.projections.events import annual_budget as ab
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.tables import budget_line_source, line_funding_budget
from budget.projections.upsert import append, rows_by_keys

OWN = FundingKind.OWN_REVENUE.value
MAKES_LINES = (ab.Drafted, ab.DraftLineAdded, ab.SupplementaryBudgetEnacted, ab.FundedLineAdded)
WHOSE = ("lao_code", "province_code", "lao_type", "fiscal_year")
Row = dict[str, Any]


class LineFunding:
    name = "line_funding"
    tables: tuple[Table, ...] = (line_funding_budget, budget_line_source)
    topics = frozenset(t for t, kind in ab.TOPICS.items() if kind in MAKES_LINES)
    streams = True  # its batches are follow.Streamed (fold.STREAMED_FOLD_MIB)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, _Sources.load)


class _Sources:
    """The budgets a batch's events name and the rows they add (follow.Streamed)."""

    def __init__(self, budgets: dict[str, Row]) -> None:
        self.budgets = budgets  # by budget id: whose it is (line_funding_budget's row)
        self.drafted: list[Row] = []  # line_funding_budget's new rows
        self.rows: list[Row] = []  # budget_line_source's

    @classmethod
    def load(cls, connection: Connection, events: Sequence[Positioned]) -> _Sources:
        sources = cls({})
        sources.recall(connection, events)
        return sources

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """The budgets named by `events` and drafted before them, read."""
        later = {
            (e.originator_id,)
            for e in events
            if not isinstance(e.event, ab.Drafted) and e.originator_id not in self.budgets
        }
        for row in rows_by_keys(connection, line_funding_budget, ["budget_id"], later):
            self.budgets[row["budget_id"]] = row

    def apply(self, positioned: Positioned) -> None:
        if isinstance(positioned.event, ab.Drafted):
            budget = self.budgets[positioned.originator_id] = _budget(positioned)
            self.drafted.append(budget)
        self.rows += _rows(positioned, self.budgets[positioned.originator_id])

    def save(self, connection: Connection) -> None:
        append(connection, line_funding_budget, self.drafted)
        append(connection, budget_line_source, self.rows)
        self.drafted, self.rows = [], []

    def stream(self, connection: Connection) -> None:
        """Every row written: none is read or changed by a later event of this batch (a
        budget's, for the lines made later, stays kept)."""
        self.save(connection)


def _budget(positioned: Positioned) -> Row:
    event = positioned.event
    assert isinstance(event, ab.Drafted)
    return {
        "budget_id": positioned.originator_id,
        "lao_code": event.lao_code,
        "province_code": event.province_code,
        "lao_type": event.lao_type.value,
        "fiscal_year": event.fiscal_year,
    }


def _rows(positioned: Positioned, whose: Row) -> Iterator[Row]:
    added_on, reference = None, ""
    match positioned.event:
        case ab.Drafted(lines=specs) | ab.SupplementaryBudgetEnacted(new_lines=specs):
            lines = [spec.value for spec in specs]
        case ab.DraftLineAdded(line=spec):
            lines = [spec.value]
        case ab.FundedLineAdded(new_line=spec):
            lines = [spec.value]
            added_on, reference = positioned.event.business_date.value, positioned.event.reference
        case _:
            return
    for line in lines:
        source = line.source.value if line.source is not None else None
        if source is None or source.kind.value == OWN:
            continue
        approval = source.council_approval.value if source.council_approval else None
        yield {
            "budget_id": positioned.originator_id,
            "line_code": line.code,
            **{name: whose[name] for name in WHOSE},
            "kind": source.kind.value,
            "grantor": source.grantor,
            "unused": source.unused.value if source.unused is not None else None,
            "council_resolution": approval.resolution if approval else None,
            "council_approved_on": approval.approved_on.value if approval else None,
            "added_on": added_on,
            "reference": reference,
        }
