"""Budget lines: every AnnualBudget's line ledger as rows (budget_state,
budget_line_balance and what later events need), and the quarterly flows of money its
changes make (lao_progress and its sums per province, LAO type and nation).

A batch loads the budgets, lines, projects and expenditures its events name (one SELECT
per table), applies the events in log order in Python (line_ledger.py), and writes
each table once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

from budget.projections.events import annual_budget as ab
from budget.projections.follow import Positioned, apply_in_batch
from budget.projections.funding_sums import SOURCE_COLUMNS, sources_from
from budget.projections.line_ledger import LedgerRows, Row
from budget.projections.tables import (
    budget_expenditure,
    budget_line_balance,
    budget_line_before_enactment,
    budget_line_project,
    budget_line_source,
    budget_state,
    lao_progress,
    national_funding,
    national_progress,
    national_province_progress,
    province_funding,
    province_lao_progress,
    province_progress,
)
from budget.projections.upsert import as_read, rows_by_keys_together


class BudgetLines:
    name = "budget_lines"
    tables: tuple[Table, ...] = (
        budget_state,
        budget_line_balance,
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

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        apply_in_batch(connection, events, self.topics, load)


def load(connection: Connection, events: Sequence[Positioned]) -> LedgerRows:
    """The rows `events` name, one SELECT per table."""
    budgets, spending, line_keys, project_keys = _keys(events)
    # in two round trips on PostgreSQL (rows_by_keys_together): the lines of corrected
    # expenditures are known once those are read
    states, spent = rows_by_keys_together(
        connection,
        [
            (budget_state, ["budget_id"], [(b,) for b in budgets], None),
            (budget_expenditure, EXPENDITURE_KEY, spending, None),
        ],
    )
    expenditures = _by_key(spent, EXPENDITURE_KEY)
    line_keys |= {(row["budget_id"], row["line_code"]) for row in expenditures.values()}
    balances, projects, before, sources = rows_by_keys_together(
        connection,
        [
            (budget_line_balance, LINE_KEY, line_keys, None),
            (budget_line_project, PROJECT_KEY, project_keys, None),
            (budget_line_before_enactment, LINE_KEY, line_keys, None),
            (budget_line_source, LINE_KEY, line_keys, SOURCE_COLUMNS),
        ],
    )
    rows = LedgerRows(
        {row["budget_id"]: row for row in states},
        _by_key(balances, LINE_KEY),
        _by_key(projects, PROJECT_KEY),
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


def _by_key(rows: list[Row], columns: tuple[str, ...]) -> dict[tuple[Any, ...], Row]:
    """`rows` by their `columns`."""
    return {tuple(row[c] for c in columns): row for row in rows}
