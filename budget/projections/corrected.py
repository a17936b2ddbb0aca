"""The rows a batch's corrections name that a projection does not hold.

A correction (a payment's, an expenditure's, a receipt's) names the row it corrects by its
aggregate and the version of the event that recorded it. A projection that keeps such rows
across a fold's batches (project_state's payments, budget_lines' expenditures, revenue's
receipts) reads back only those it no longer holds: written out by an earlier batch or part.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from budget.projections.events import Positioned
from budget.projections.events.annual_budget import ExpenditureCorrected
from budget.projections.events.project import PaymentCorrected
from budget.projections.events.revenue import RevenueCorrected

# The corrections that name the row they correct by its aggregate and version.
Correction = PaymentCorrected | ExpenditureCorrected | RevenueCorrected


def corrected_keys(
    events: Sequence[Positioned], kind: type[Correction], held: Container[tuple[str, int]]
) -> set[tuple[str, int]]:
    """The keys `(aggregate id, corrected version)` the `kind` corrections among `events`
    name and `held` lacks. Each key is looked up in `held`, never `set - held.keys()`,
    which walks every key held (a national fold's ~1.2 M projects) on each batch."""
    return {
        key
        for e in events
        if isinstance(e.event, kind)
        and (key := (e.originator_id, e.event.corrects_version)) not in held
    }
