"""Budget lines: every AnnualBudget's line ledger as rows (budget_state,
budget_line_balance and what later events need), and the quarterly flows of money its
changes make (lao_progress and its sums per province, LAO type and nation).

A batch loads the budgets, lines, projects and expenditures its events name (one SELECT
per table), applies the events in log order in Python (line_ledger.py), and writes
each table once.

A line's text (budget_line_text) is kept once for every line with the same text, by its
code, when a line is made; its balances' row, written again on every change of its money,
holds only the code (schema 0022).

In a fold (fold.py) the batch holds the running rows: the budgets' states, the lines' and
the projects' entries, spending before the ordinance, the lines' sources and the sums of
the flows; an expenditure, which only a correction reads again, is written out after the
read that recorded it (`stream`), and read back for a correction that comes later
(`recall`), a new line's text (read by no event) after the read that made it: the fold
then never has to be saved part-way for what it holds. A national year's lines (7,861
budgets' ~1.4 M lines, ~180 a budget) are too many for one fold: it is made in parts by
the budget's id (`partitions`), each part holding its budgets' lines and projects' entries
and adding its flows and funding to the running sums (progress.Flows and
funding_sums.FundingSums accumulate) when it ends; every event of a budget is in its
budget's part, and no rule reads another budget's rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

from budget.projections.corrected import corrected_keys
from budget.projections.events import annual_budget as ab
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.funding_sums import SOURCE_COLUMNS, sources_from
from budget.projections.line_ledger import LedgerRows, Row
from budget.projections.slotted import slotted
from budget.projections.tables import (
    budget_expenditure,
    budget_line_balance,
    budget_line_before_enactment,
    budget_line_project,
    budget_line_source,
    budget_line_text,
    budget_state,
    lao_progress,
    national_funding,
    national_progress,
    national_province_progress,
    province_funding,
    province_lao_progress,
    province_progress,
)
from budget.projections.upsert import (
    Lookup,
    as_read,
    rows_by_keys,
    rows_by_keys_together,
    save,
)


class BudgetLines:
    name = "budget_lines"
    tables: tuple[Table, ...] = (
        budget_state,
        budget_line_balance,
        budget_line_text,
        budget_line_project,
        budget_expenditure,
        budget_line_before_enactment,
        lao_progress,
        province_progress,
        province_lao_progress,
        national_progress,
        national_province_progress,
        province_funding,
        national_funding,
    )
    topics = frozenset(ab.TOPICS)
    streams = True  # its batches are follow.Streamed (fold.STREAMED_FOLD_MIB)
    # each a budget's: a long fold in parts (fold.py), the lines of one part's budgets at
    # a time, their flows and funding added to the running sums when the part ends
    partitions = topics

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, load)


class LineRows(LedgerRows):
    """The ledger's rows of a batch, which a fold keeps across its reads (follow.Streamed)."""

    def recall(self, connection: Connection, events: Sequence[Positioned]) -> None:
        """The expenditures written out earlier that `events` correct, read back."""
        wanted = corrected_keys(events, ab.ExpenditureCorrected, self.expenditures)
        found = rows_by_keys(connection, budget_expenditure, EXPENDITURE_KEY, wanted)
        if found:
            self.expenditures.update(_by_key(found, EXPENDITURE_KEY))
            self.read.setdefault(budget_expenditure, {}).update(as_read(budget_expenditure, found))

    def stream(self, connection: Connection) -> None:
        """The expenditures written (new ones by COPY, those read back and corrected by an
        UPDATE) and forgotten: no later event reads one but a correction (`recall`); the
        new lines' texts kept and forgotten: no event reads them."""
        read = self.read.pop(budget_expenditure, {})
        save(connection, budget_expenditure, self.expenditures.values(), read)
        self.expenditures.clear()
        self.save_texts(connection)


def load(connection: Connection, events: Sequence[Positioned]) -> LedgerRows:
    """The rows `events` name, one SELECT per table."""
    budgets, spending, line_keys, project_keys = _keys(events)

    def lines(keys: set[tuple[Any, ...]]) -> list[Lookup]:
        return [
            (budget_line_balance, LINE_KEY, keys, None),
            (budget_line_project, PROJECT_KEY, project_keys, None),
            (budget_line_before_enactment, LINE_KEY, keys, None),
            (budget_line_source, LINE_KEY, keys, SOURCE_COLUMNS),
        ]

    first: list[Lookup] = [
        (budget_state, ["budget_id"], [(b,) for b in budgets], None),
        (budget_expenditure, EXPENDITURE_KEY, spending, None),
    ]
    # one round trip on PostgreSQL (rows_by_keys_together); two when the batch corrects an
    # expenditure, whose line is known once the expenditure is read (issue 17: every batch
    # of the live follower waited twice, corrections or none)
    if spending:
        states, spent = rows_by_keys_together(connection, first)
        expenditures = _by_key(spent, EXPENDITURE_KEY)
        line_keys |= {(row["budget_id"], row["line_code"]) for row in expenditures.values()}
        balances, projects, before, sources = rows_by_keys_together(connection, lines(line_keys))
    else:
        states, _, balances, projects, before, sources = rows_by_keys_together(
            connection, first + lines(line_keys)
        )
        expenditures = {}
    rows = LineRows(
        {row["budget_id"]: row for row in states},
        _by_key([slotted(budget_line_balance, row) for row in balances], LINE_KEY),
        _by_key([slotted(budget_line_project, row) for row in projects], PROJECT_KEY),
        expenditures,
        _by_key(before, LINE_KEY),
        sources=sources_from(sources),
    )
    rows.read = {table: as_read(table, found) for table, found in rows.tables()}
    return rows


def _keys(
    events: Sequence[Positioned],
) -> tuple[set[str], set[tuple[Any, ...]], set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The budgets, corrected expenditures, lines and projects a batch names."""
    budgets: set[str] = set()
    spending: set[tuple[Any, ...]] = set()
    lines: set[tuple[Any, ...]] = set()
    projects: set[tuple[Any, ...]] = set()
    for positioned in events:
        bid = positioned.originator_id
        budgets.add(bid)
        match positioned.event:
            case ab.ProjectEntry(line_code=code, project_id=pid):
                lines.add((bid, code))
                projects.add((bid, code, pid))
            case ab.ExpenditureRecorded(line_code=code) | ab.SpentBeforeEnactment(line_code=code):
                lines.add((bid, code))
            case ab.SpendingBeforeEnactmentCounted(counted=counted):
                lines.update((bid, code) for code in counted)
            case ab.ExpenditureCorrected(corrects_version=version):
                spending.add((bid, version))
            case ab.FundsTransferred(from_line=source, to_line=target):
                lines.update({(bid, source), (bid, target)})
            case ab.SupplementaryBudgetEnacted(additions=additions):
                lines.update((bid, code) for code in additions)
            case ab.YearClosed(lapsed=lapsed):
                lines.update((bid, code) for code in lapsed)
    return budgets, spending, lines, projects


EXPENDITURE_KEY = ("budget_id", "version")
LINE_KEY = ("budget_id", "line_code")
PROJECT_KEY = ("budget_id", "line_code", "project_id")


def _by_key(rows: list[Any], columns: tuple[str, ...]) -> dict[tuple[Any, ...], Row]:
    """`rows` by their `columns`."""
    return {tuple(row[c] for c in columns): row for row in rows}
