"""Budget lines: every AnnualBudget's line ledger as rows (budget_state,
budget_line_balance and what later events need), and the quarterly flows of money its
changes make (lao_progress, province_progress).

A batch loads the budgets, lines, projects and expenditures its events name (one SELECT
per table), applies the events in log order in Python (line_ledger.py), and writes
each table once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from budget.projections.follow import Positioned
from budget.projections.line_ledger import PREFIX, LedgerRows, Row
from budget.projections.tables import (
    budget_expenditure,
    budget_line_balance,
    budget_line_project,
    budget_state,
    lao_progress,
    province_progress,
)
from budget.projections.upsert import rows_by_keys, upsert

# the events that name one project on one line
PROJECT_EVENTS = frozenset(
    {
        "FundsReserved",
        "ContractCommitted",
        "Disbursed",
        "DisbursementCorrected",
        "FundsReleased",
        "FundsCarriedOver",
        "CarriedFundsCancelled",
    }
)


class BudgetLines:
    name = "budget_lines"
    tables: tuple[Table, ...] = (
        budget_state,
        budget_line_balance,
        budget_line_project,
        budget_expenditure,
        lao_progress,
        province_progress,
    )

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        mine = [e for e in events if type(e.event).__qualname__.startswith(PREFIX)]
        if not mine:
            return
        rows = load(connection, mine)
        for positioned in mine:
            rows.apply(positioned)
        save(connection, rows)


def load(connection: Connection, events: Sequence[Positioned]) -> LedgerRows:
    """The rows `events` name, one SELECT per table."""
    budgets, spending, line_keys, project_keys = _keys(events)
    states = connection.execute(select(budget_state).where(budget_state.c.budget_id.in_(budgets)))
    expenditures = _rows(connection, budget_expenditure, ("budget_id", "version"), spending)
    line_keys |= {(row["budget_id"], row["line_code"]) for row in expenditures.values()}
    return LedgerRows(
        {r.budget_id: dict(r._mapping) for r in states},
        _rows(connection, budget_line_balance, ("budget_id", "line_code"), line_keys),
        _rows(
            connection,
            budget_line_project,
            ("budget_id", "line_code", "project_id"),
            project_keys,
        ),
        expenditures,
    )


def save(connection: Connection, rows: LedgerRows) -> None:
    """Every touched row, one upsert per table; the flows added to the running sums."""
    rows.settle()
    upsert(connection, budget_state, list(rows.states.values()))
    upsert(connection, budget_line_balance, list(rows.lines.values()))
    upsert(connection, budget_line_project, list(rows.projects.values()))
    upsert(connection, budget_expenditure, list(rows.expenditures.values()))
    rows.flows.save(connection)


def _keys(
    events: Sequence[Positioned],
) -> tuple[set[str], set[tuple[Any, ...]], set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """The budgets, corrected expenditures, lines and projects a batch names."""
    budgets: set[str] = set()
    spending: set[tuple[Any, ...]] = set()
    lines: set[tuple[Any, ...]] = set()
    projects: set[tuple[Any, ...]] = set()
    for positioned in events:
        event = positioned.event
        kind = type(event).__qualname__.removeprefix(PREFIX)
        bid = str(event.originator_id)
        budgets.add(bid)
        if kind in PROJECT_EVENTS:
            lines.add((bid, event.line_code))
            projects.add((bid, event.line_code, event.project_id))
        elif kind == "ExpenditureRecorded":
            lines.add((bid, event.line_code))
        elif kind == "ExpenditureCorrected":
            spending.add((bid, event.corrects_version))
        elif kind == "FundsTransferred":
            lines.update({(bid, event.from_line), (bid, event.to_line)})
        elif kind == "SupplementaryBudgetEnacted":
            lines.update((bid, code) for code in event.additions)
        elif kind == "YearClosed":
            lines.update((bid, code) for code in event.lapsed)
    return budgets, spending, lines, projects


def _rows(
    connection: Connection, table: Table, columns: tuple[str, ...], keys: set[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Row]:
    """The rows of `table` whose `columns` are one of `keys`, by those columns."""
    rows = rows_by_keys(connection, table, columns, keys)
    return {tuple(row[c] for c in columns): row for row in rows}
