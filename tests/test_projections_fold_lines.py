"""The budget lines' fold in parts (budget/projections/fold.py, budget_lines.py): a long
fold holds the lines of one part's budgets at a time, each part adding its flows and its
lines' funding to the running sums, and the views end as batch by batch makes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from sqlalchemy import Connection, Engine

from budget.application import BudgetOffice
from budget.projections import fold
from budget.projections import parts as fold_parts
from budget.projections.budget_lines import BudgetLines
from budget.projections.follow import Positioned, catch_up, rebuild
from budget.projections.registry import all_projections
from budget.projections.stored import part_rows, stored_rows
from tests.builders import correct_spending, spend, transfer
from tests.funding_world import add_funded, grant_line, office_with_sources
from tests.test_projections_follow import everyone, first_half, second_half, snapshot

# other LAOs of the province, each a budget of its own (in the parts fold.part_of gives)
OTHERS = [f"750010{n}" for n in range(40, 47)]


def a_province_of_budgets(office: BudgetOffice) -> None:
    """The LAO's budget with projects paid and cancelled, an expenditure corrected, a
    transfer and a grant added; beside it OTHERS' budgets, each with a grant line and an
    accumulated funds line (their flows and funding summed with the LAO's, by province)."""
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    version = spend(office, "SUPPLIES", "12000.00", voucher="V9").version
    correct_spending(office, version, "10500.00")
    transfer(office, "SERVICES", "EQUIP", "25000.00")
    add_funded(office, grant_line("GRANT2", "90000.00"))
    for lao in OTHERS:
        office_with_sources(office, lao=lao)


class HeldLines(BudgetLines):
    """Budget lines noting, after each read of a fold, the part folding and the budgets
    its kept batch holds."""

    def __init__(self) -> None:
        self.part = 0
        self.held: list[tuple[int, set[str]]] = []

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        super().apply(connection, events)
        kept = fold.kept_batch()
        if kept is not None and kept.batch is not None and events:
            self.held.append((self.part, set(kept.batch.states)))


def test_a_long_fold_holds_one_part_s_budgets_at_a_time_and_the_views_are_the_same(
    office: BudgetOffice, views: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_province_of_budgets(office)
    catch_up(office, views, everyone(), batch_size=3)  # batch by batch
    live = snapshot(views)
    monkeypatch.setenv("BUDGET_FOLD_PART_EVENTS", "8")
    monkeypatch.setattr(fold_parts, "PART_READ_BYTES", 1)  # a later part's reads: one event each
    lines = HeldLines()
    folds: list[fold.Fold] = []
    next_part = fold.Fold.next_part

    def counted(self: fold.Fold, connection: Connection, projections: Any) -> bool:
        going = next_part(self, connection, projections)
        lines.part = self.part
        folds.append(self)
        return going

    monkeypatch.setattr(fold.Fold, "next_part", counted)
    chosen = [lines if p.name == lines.name else p for p in all_projections()]
    rebuild(office, views, chosen, batch_size=4)
    assert snapshot(views) == live
    parts = folds[0].parts
    assert parts > 1  # folded in parts
    budgets = {bid for _, held in lines.held for bid in held}
    assert len(budgets) == 1 + len(OTHERS)
    assert len({fold.part_of(bid, parts) for bid in budgets}) > 1  # in more than one part
    for part, held in lines.held:  # a part holds only its own budgets
        assert {fold.part_of(bid, parts) for bid in held} <= {part}


def test_a_later_part_s_read_sends_its_events_up_to_the_one_that_reaches_the_bytes_asked(
    office: BudgetOffice,
) -> None:
    """stored.part_rows with `most_bytes`: the part's events of the topics in log order,
    up to the first whose stored state brings theirs to it (PostgreSQL sums them in the
    server); read on from the event after it, the reads together are the part's events."""
    a_province_of_budgets(office)
    everything = [(n, str(o), v, t, s) for n, o, v, t, s in stored_rows(office, 1, 10_000, None)]
    topics = sorted(BudgetLines.partitions)
    last = everything[-1][0]
    for index in range(3):
        mine = [r for r in everything if r[3] in topics and fold.part_of(r[1], 3) == index]
        assert len(mine) > 2
        sizes = [len(row[4]) for row in mine]
        bound = sizes[0] + sizes[1]  # reached by the second event
        assert part_rows(office, 1, last, topics, part=(index, 3), most_bytes=bound) == mine[:2]
        assert (
            part_rows(office, 1, last, topics, part=(index, 3), most_bytes=bound + 1) == (mine[:3])
        )
        read, start = [], 1
        while rows := part_rows(office, start, last, topics, part=(index, 3), most_bytes=1):
            assert len(rows) == 1
            read += rows
            start = rows[-1][0] + 1
        assert read == mine
