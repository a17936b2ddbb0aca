"""Where each budget line's money comes from (budget_line_source): a row for every line
whose source is not the LAO's own revenue and general subsidy, written once, when the line
is made (drafted, added to the draft, by a supplementary budget, or outside the ordinance);
a line's source never changes. A line stored before lines had a source is the LAO's own
(no row). Its own tracking position lets views older than it fill the table from the first
event by themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from budget.domain.funding import FundingKind
from budget.projections.events import annual_budget as ab
from budget.projections.follow import Positioned
from budget.projections.tables import budget_line_source
from budget.projections.upsert import append

OWN = FundingKind.OWN_REVENUE.value
MAKES_LINES = (ab.Drafted, ab.DraftLineAdded, ab.SupplementaryBudgetEnacted, ab.FundedLineAdded)


class LineFunding:
    name = "line_funding"
    tables: tuple[Table, ...] = (budget_line_source,)
    topics = frozenset(t for t, kind in ab.TOPICS.items() if kind in MAKES_LINES)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        rows = [
            row
            for positioned in events
            if positioned.topic in self.topics
            for row in _rows(positioned)
        ]
        append(connection, budget_line_source, rows)


def _rows(positioned: Positioned) -> Iterator[dict[str, Any]]:
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
            "kind": source.kind.value,
            "grantor": source.grantor,
            "unused": source.unused.value if source.unused is not None else None,
            "council_resolution": approval.resolution if approval else None,
            "council_approved_on": approval.approved_on.value if approval else None,
            "added_on": added_on,
            "reference": reference,
        }
