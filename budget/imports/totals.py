"""The reconciliation's totals: each sheet's amounts and each budget group's allocation
and disbursement, as the file states them against the system after the import."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any
from uuid import UUID

from budget.application import BudgetOffice
from budget.application.from_text import FieldProblem, parse_amount
from budget.domain.classification import BudgetGroup
from budget.domain.errors import BudgetNotFound
from budget.domain.money import ZERO
from budget.imports.cells import Row, Workbook
from budget.imports.reconciliation import GroupTotal, SheetCount
from budget.imports.sheets import SHEETS

AMOUNT = "amount"


def _amount(text: str) -> Decimal:
    try:
        return parse_amount(text) if text else ZERO
    except FieldProblem:
        return ZERO  # refused with its row; not counted


def system_totals(office: BudgetOffice, lao_code: str, fiscal_year: int) -> dict[str, Decimal]:
    """What each sheet's amounts add up to as the system holds the year (from the
    budget and its projects as they stand: no history is replayed)."""
    try:
        budget = office.budget(lao_code, fiscal_year)
    except BudgetNotFound:
        return {}
    ledgers = budget.ledgers.values()
    ids = {i for ledger in ledgers for i in (*ledger.reserved, *ledger.committed, *ledger.paid)}
    projects = [office.project(UUID(i)) for i in sorted(ids)]
    contracts = [p.contract for p in projects if p.contract is not None]
    return {
        "lines": sum((ledger.appropriated for ledger in ledgers), ZERO),
        "transfers": sum((ledger.transferred_in for ledger in ledgers), ZERO),
        "supplementary": sum((ledger.supplementary for ledger in ledgers), ZERO),
        "expenditures": sum((entry[1] for entry in budget.expenditures.values()), ZERO),
        "projects": sum((p.amount for p in projects), ZERO),
        "contracts": sum((c.amount for c in contracts), ZERO),
        "installments": sum((i.amount for c in contracts for i in c.installments), ZERO),
        "payments": sum((paid.amount for p in projects for paid in p.payments.values()), ZERO),
    }


def sheet_totals(counts: dict[str, SheetCount], book: Workbook, system: dict[str, Decimal]) -> None:
    """Each sheet's amounts added up, in the file and as the system holds them."""
    for sheet in SHEETS:
        if sheet.read_only or AMOUNT not in sheet.by_key:
            continue
        count = counts[sheet.key]
        count.total_in_file = sum(
            (_amount(r.cells.get(AMOUNT, "")) for r in book.rows.get(sheet.key, [])), ZERO
        )
        count.total_in_system = system.get(sheet.key)


def _groups_of_lines(book: Workbook) -> dict[str, str]:
    """Each line's budget group, as the file classifies it (lines and new lines)."""
    groups = {}
    for sheet, code in (
        ("lines", "code"),
        ("transfers", "to_line"),
        ("supplementary", "line_code"),
    ):
        for row in book.rows.get(sheet, []):
            group = row.cells.get("budget_group", "")
            if group:
                groups[row.cells.get(code, "")] = group
    return groups


def group_totals(book: Workbook, figures: list[Any]) -> list[GroupTotal]:
    """Allocation (lines, supplementary budgets, transfers) and disbursement (payments,
    spending without a project) per budget group: the file's against `figures`, the
    budget's figures by group after the import."""
    group_of = _groups_of_lines(book)
    line_of = {
        r.cells.get("code", ""): r.cells.get("line_code", "") for r in book.rows.get("projects", [])
    }
    allocated: dict[str, Decimal] = defaultdict(lambda: ZERO)
    disbursed: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def add(into: dict[str, Decimal], line: str, amount: str, sign: int = 1) -> None:
        into[group_of.get(line, "")] += sign * _amount(amount)

    rows: dict[str, list[Row]] = book.rows
    for row in rows.get("lines", []):
        add(allocated, row.cells.get("code", ""), row.cells.get(AMOUNT, ""))
    for row in rows.get("supplementary", []):
        add(allocated, row.cells.get("line_code", ""), row.cells.get(AMOUNT, ""))
    for row in rows.get("transfers", []):
        add(allocated, row.cells.get("to_line", ""), row.cells.get(AMOUNT, ""))
        add(allocated, row.cells.get("from_line", ""), row.cells.get(AMOUNT, ""), -1)
    for row in rows.get("expenditures", []):
        add(disbursed, row.cells.get("line_code", ""), row.cells.get(AMOUNT, ""))
    for row in rows.get("payments", []):
        line = line_of.get(row.cells.get("project_code", ""), "")
        add(disbursed, line, row.cells.get(AMOUNT, ""))
    held = {f.group.value: f for f in figures}
    found = []
    for group in BudgetGroup:
        figure = held.get(group.value)
        in_file = (allocated.get(group.value, ZERO), disbursed.get(group.value, ZERO))
        if figure is None and not any(in_file):
            continue
        found.append(
            GroupTotal(
                budget_group=group.value,
                name_th=group.name_th,
                allocated_in_file=in_file[0],
                allocated_in_system=figure.allocated if figure else ZERO,
                disbursed_in_file=in_file[1],
                disbursed_in_system=figure.disbursed if figure else ZERO,
                obligated_in_system=figure.obligated if figure else ZERO,
            )
        )
    return found
